#!/usr/bin/env python3
"""Drives `x1060 serve` in Chromium as a person would (Selenium + chromedriver).

Starts `x1060 serve --port <free>`, opens the page (Japanese, from the
browser's language), uploads samples/sample-ja.xlsx through the file input,
checks the findings shown against `x1060 check --format json` run on the
command line, downloads the annotated workbook and checks it with openpyxl
(ci/check_annotate.py), downloads a template, uploads a hostile file and sees
the command line's message while the server stays up, adds a second sample
and downloads the summary workbook of the three, switches to English.
A screenshot of each step is saved in OUT_DIR.

usage: check_serve.py X1060_BINARY OUT_DIR [--docs docs/serve.png]
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import openpyxl

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLE = os.path.join(ROOT, "samples", "sample-ja.xlsx")
HOSTILE = os.path.join(ROOT, "tests", "hostile", "encrypted.xlsx")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(msg):
    print(f"check_serve: FAIL: {msg}")
    sys.exit(1)


def wait_for_download(folder, suffix, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        done = [f for f in os.listdir(folder) if f.endswith(suffix)]
        partial = [f for f in os.listdir(folder) if f.endswith(".crdownload")]
        if done and not partial:
            return os.path.join(folder, done[0])
        time.sleep(0.2)
    fail(f"no {suffix} downloaded into {folder}: {os.listdir(folder)}")


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    binary, out = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    docs = sys.argv[sys.argv.index("--docs") + 1] if "--docs" in sys.argv else None
    downloads = os.path.join(out, "downloads")
    os.makedirs(downloads, exist_ok=True)

    # What the command line finds in the sample: the page must show the same.
    cli = subprocess.run([binary, "check", SAMPLE, "--format", "json", "--lang", "ja"],
                         capture_output=True, text=True, timeout=120)
    want = [(f["rule"], f["cell"] or "") for f in json.loads(cli.stdout)["files"][0]["findings"]]
    cli_bad = subprocess.run([binary, "check", HOSTILE], capture_output=True, text=True, timeout=60)
    bad_line = (cli_bad.stdout + cli_bad.stderr).strip().splitlines()[0]
    bad_reason = bad_line.split(": ", 1)[1]

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([binary, "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    driver = None
    try:
        end = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(base, timeout=2).read()
                break
            except OSError:
                if time.time() > end or server.poll() is not None:
                    fail("the server did not start")
                time.sleep(0.2)

        opts = webdriver.ChromeOptions()
        opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--window-size=1280,1800", "--lang=ja", "--hide-scrollbars"]:
            opts.add_argument(a)
        opts.add_experimental_option("prefs", {
            "intl.accept_languages": "ja,en",
            "download.default_directory": downloads,
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        })
        service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
        driver = webdriver.Chrome(options=opts, service=service)
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": downloads})
        wait = WebDriverWait(driver, 60)
        shot = lambda name: driver.save_screenshot(os.path.join(out, name)) or print(f"  screenshot {name}")

        # 1. The page, in Japanese, saying nothing is kept.
        driver.get(base)
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
        if driver.find_element(By.TAG_NAME, "html").get_attribute("lang") != "ja":
            fail("the page is not Japanese for a Japanese browser")
        notice = driver.find_element(By.ID, "privacy").text
        if "保存されません" not in notice:
            fail(f"the page does not say nothing is kept: {notice!r}")
        shot("serve-1-page.png")

        # 2. Upload the sample: the findings the command line gives.
        driver.find_element(By.ID, "files").send_keys(SAMPLE)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".result[data-status] table.findings"))
        card = driver.find_element(By.CSS_SELECTOR, ".result[data-file='sample-ja.xlsx']")
        rows = card.find_elements(By.CSS_SELECTOR, "table.findings tbody tr")
        shown = []
        for r in rows:
            cells = [c.text for c in r.find_elements(By.TAG_NAME, "td")]
            shown.append((cells[0], cells[2].split("!")[-1] if cells[2] else ""))
        if shown != want:
            fail(f"findings shown {shown} != check's {want}")
        if not card.find_elements(By.CSS_SELECTOR, "table.priorities tbody tr"):
            fail("no priority list shown")
        if len(card.find_elements(By.CSS_SELECTOR, "table.figures tbody tr")) != 10:
            fail("the figures table does not have the 9 categories and the overall row")
        print(f"  {len(shown)} findings shown, as `x1060 check` gives")
        shot("serve-2-findings.png")

        # 3. Download the annotated workbook; openpyxl checks it against the original.
        card.find_element(By.CSS_SELECTOR, "button.dl-annotate").click()
        annotated = wait_for_download(downloads, ".annotated.xlsx")
        subprocess.run([sys.executable, os.path.join(ROOT, "ci", "check_annotate.py"),
                        annotated, "--original", SAMPLE], check=True, timeout=300)
        print(f"  downloaded {os.path.basename(annotated)}; openpyxl checks passed")
        shot("serve-3-annotated.png")

        # 4. A template with an organisation name.
        driver.find_element(By.ID, "tpl-org").send_keys("CI 株式会社")
        driver.find_element(By.ID, "dl-template").click()
        template = wait_for_download(downloads, "template-ja.xlsx")
        subprocess.run([sys.executable, os.path.join(ROOT, "ci", "check_template.py"), template],
                       check=True, timeout=300)
        print(f"  downloaded {os.path.basename(template)}; openpyxl checks passed")

        # 5. A hostile file: the command line's message, and the server stays up.
        driver.find_element(By.ID, "files").send_keys(HOSTILE)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".result[data-file='encrypted.xlsx'] .error-message"))
        msg = driver.find_element(By.CSS_SELECTOR, ".result[data-file='encrypted.xlsx'] .error-message").text
        if msg != f"encrypted.xlsx: {bad_reason}":
            fail(f"hostile file message {msg!r} != the command line's {bad_reason!r}")
        driver.execute_script("document.querySelector(\".result[data-file='encrypted.xlsx']\").scrollIntoView()")
        shot("serve-4-hostile.png")
        if server.poll() is not None:
            fail("the server stopped after the hostile file")
        if urllib.request.urlopen(base, timeout=10).status != 200:
            fail("the server does not answer after the hostile file")
        print(f"  hostile file: {msg}")

        # 6. Several files: the summary workbook lists them all, the
        # unreadable one with its reason (openpyxl reads it).
        driver.find_element(By.ID, "files").send_keys(os.path.join(ROOT, "samples", "sample-en.xlsx"))
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".result[data-file='sample-en.xlsx'][data-status] table.findings"))
        wait.until(lambda d: d.find_element(By.ID, "batch").is_displayed())
        driver.find_element(By.ID, "dl-report").click()
        summary = wait_for_download(downloads, "summary.xlsx")
        wb = openpyxl.load_workbook(summary)
        def sheet(*names):
            return next(wb[n] for n in names if n in wb.sheetnames)
        cells = {str(v) for row in sheet("一覧", "Summary").iter_rows(values_only=True) for v in row if v is not None}
        unreadable = {str(v) for row in sheet("読めないファイル", "Unreadable").iter_rows(values_only=True) for v in row if v is not None}
        for name in ("sample-ja.xlsx", "sample-en.xlsx"):
            if name not in cells:
                fail(f"the summary workbook does not list {name}")
        if "encrypted.xlsx" not in unreadable:
            fail("the summary workbook does not list encrypted.xlsx as unreadable")
        print("  summary workbook of 3 files: ok")

        # 7. Switch to English.
        driver.find_element(By.ID, "switch-lang").click()
        wait.until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "1")
        if "Drop workbooks" not in driver.find_element(By.ID, "drop").text:
            fail("the English page is not English")
        shot("serve-5-english.png")

        # The 422 of the hostile upload is expected; anything else (a CSP
        # violation, a script error, a missing resource) fails.
        logs = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"
                and not (e.get("source") == "network" and "/api/check" in e["message"] and "422" in e["message"])]
        if logs:
            fail(f"errors in the browser console (a CSP violation?): {logs}")
    finally:
        if driver:
            driver.quit()
        server.terminate()
        server.wait(timeout=10)
    if docs:
        shutil.copy(os.path.join(out, "serve-2-findings.png"), docs)
    print("check_serve: page, upload, findings, annotated download, template, hostile file, summary of several files, language switch: ok")


if __name__ == "__main__":
    main()
