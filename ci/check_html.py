#!/usr/bin/env python3
"""Make review cycles, and check the HTML pages of `x1060 report --format
html` and `x1060 history --format html` as Chromium rendered them.

    python3 ci/check_html.py cycles DIR
        Writes DIR/2023.xlsx, DIR/2024.xlsx, DIR/2025.xlsx with openpyxl:
        three review cycles of one organisation, each stating its
        assessment date (評価日). 2023 → 2024 is progress only; 2024 → 2025
        lowers an As-Is (B-1), cuts a target from 5 to 1 (A-2) and makes a
        service Unassigned (B-2) while A-1 rises again.

    python3 ci/check_html.py report HTML PDF PNG REPORT_JSON
        HTML: the page written by report --format html; PDF and PNG: that
        page printed and screenshotted by headless Chromium; REPORT_JSON:
        `x1060 report --format json` over the same inputs (which files, which
        organisations, which have a portfolio). Asserts the page fetches
        nothing (no script, link, src, url(), @import), nothing from a
        workbook became markup, one section per file, the group view (heat
        map with 64 cells per portfolio, the bars, the notice), one radar per
        portfolio; the PDF is A4 with at least a page per organisation and
        every organisation's name in its text; the PNG is a real picture.

    python3 ci/check_html.py history HTML PDF
        The history page and its PDF: three cycles; in the last step the
        regressions come before the progress, in the page and in the printed
        text; a cut target is not called a closed gap.

Prints one line per failure and exits 1 when any check fails, 0 with "ok".
"""
import json
import os
import re
import struct
import subprocess
import sys
import tomllib
from datetime import date
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []


def fail(msg):
    failures.append(msg)


def services():
    with open(os.path.join(ROOT, "templates", "catalogue.toml"), "rb") as f:
        return [(s["id"], s["name_ja"]) for s in tomllib.load(f)["service"]]


def make_cycles(out):
    from openpyxl import Workbook

    os.makedirs(out, exist_ok=True)
    base = {}
    for i, (sid, name) in enumerate(services()):
        as_is = 1 + (i * 7) % 4
        base[sid] = {"name": name, "level": "ベーシック" if i % 3 == 0 else "スタンダード",
                     "assign": "インソース(SOC部)", "as_is": as_is, "to_be": min(5, as_is + i % 3)}
    for sid in ("A-1", "A-2", "B-1", "B-2"):
        base[sid].update(level="ベーシック", as_is=2, to_be=5)
    base["A-1"]["as_is"] = 1
    c2023 = {k: dict(v) for k, v in base.items()}
    c2024 = {k: dict(v) for k, v in c2023.items()}
    c2024["A-1"]["as_is"] = 3
    c2025 = {k: dict(v) for k, v in c2024.items()}
    c2025["A-1"]["as_is"] = 4
    c2025["A-2"]["to_be"] = 1
    c2025["B-1"]["as_is"] = 1
    c2025["B-2"]["assign"] = "未割り当て"
    for year, rows in ((2023, c2023), (2024, c2024), (2025, c2025)):
        wb = Workbook()
        ws = wb.active
        ws.title = "ポートフォリオ"
        ws["A1"], ws["B1"] = "組織名", "株式会社<あおば>"
        ws["A2"], ws["B2"] = "評価日", date(year, 4, 1)
        ws.append([])
        ws.append(["ID", "サービス名", "推奨レベル", "サービス割り当て", "現状", "あるべき姿"])
        for sid, r in rows.items():
            ws.append([sid, r["name"], r["level"], r["assign"], r["as_is"], r["to_be"]])
        wb.save(os.path.join(out, f"{year}.xlsx"))
    print(f"check_html: wrote three cycles to {out}")


class Counter(HTMLParser):
    """Counts elements by tag and class, and keeps the text."""

    def __init__(self):
        super().__init__()
        self.tags = {}
        self.classes = {}
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, v in attrs:
            if k == "class" and v:
                key = f"{tag}.{v}"
                self.classes[key] = self.classes.get(key, 0) + 1

    def handle_data(self, data):
        self.text.append(data)


def parse(path):
    with open(path, encoding="utf-8") as f:
        page = f.read()
    c = Counter()
    c.feed(page)
    return page, c


def self_contained(path, page):
    body = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for bad in ("<script", "<link", "<img", "<iframe", " src=", "href=", "url(", "@import", "http://", "https://"):
        if bad in body:
            fail(f"{path}: fetches or runs something: {bad!r} found")


def pdf_text(pdf):
    return subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    if abs(w - 595) > 2 or abs(h - 842) > 2:
        fail(f"{pdf}: page size {w} x {h} pt, not A4 portrait")
    return pages


def squash(s):
    return re.sub(r"\s+", "", s)


def check_png(png):
    with open(png, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{png}: not a PNG")
        return
    w, h = struct.unpack(">II", head[16:24])
    size = os.path.getsize(png)
    if w < 800 or h < 800 or size < 20000:
        fail(f"{png}: {w}x{h}, {size} bytes: not a rendered page")


def check_report(html, pdf, png, report_json):
    page, c = parse(html)
    self_contained(html, page)
    with open(report_json, encoding="utf-8") as f:
        files = json.load(f)["files"]
    with_figures = [f for f in files if f.get("services") is not None]
    sections = sum(n for k, n in c.classes.items() if k.startswith("section.org"))
    if sections != len(files):
        fail(f"{html}: {sections} organisation sections for {len(files)} files")
    if len(files) > 1:
        if c.classes.get("svg.chart heatmap", 0) != 1:
            fail(f"{html}: no heat map of organisations × services")
        if c.classes.get("svg.chart bars", 0) != 1:
            fail(f"{html}: no chart of the Basic services below their To-Be")
        cells = c.classes.get("rect.cell", 0)
        if cells != 64 * len(with_figures):
            fail(f"{html}: {cells} heat-map cells, expected 64 × {len(with_figures)}")
    if c.classes.get("svg.chart radar", 0) != len(with_figures):
        fail(f"{html}: {c.classes.get('svg.chart radar', 0)} radars for {len(with_figures)} portfolios")
    if "TR-XSup.44 §7.3" not in page:
        fail(f"{html}: the note that the self-assessment is not for ranking is missing")
    for f in files:
        org = f.get("organisation")
        if org and ("<" in org or "&" in org) and org in page:
            fail(f"{html}: the organisation {org!r} was written unescaped")
    pages = pdf_pages(pdf)
    if pages < len(files) + (1 if len(files) > 1 else 0):
        fail(f"{pdf}: {pages} pages for {len(files)} organisations (one page break each)")
    text = squash(pdf_text(pdf))
    for f in files:
        name = f.get("organisation") or os.path.basename(f["path"])
        if squash(name) not in text:
            fail(f"{pdf}: {name!r} is not in the printed report")
    check_png(png)
    print(f"check_html: report ok ({len(files)} files, {len(with_figures)} portfolios, {pages} A4 pages)")


def check_history(html, pdf):
    page, c = parse(html)
    self_contained(html, page)
    if "株式会社<あおば>" in page:
        fail(f"{html}: the organisation was written unescaped")
    steps = c.classes.get("section.step", 0)
    if steps != 2:
        fail(f"{html}: {steps} steps, expected 2 (three cycles)")
    last = page[page.rfind('<section class="step">'):]
    reg, prog = last.find('<h3 class="reg">'), last.find('<h3 class="prog">')
    if not (0 <= reg < prog):
        fail(f"{html}: in the last step the regressions do not come before the progress")
    if not re.search(r'<h3 class="reg">[^<]*\(3\)', last):
        fail(f"{html}: the last step should list 3 regressions (A-2, B-1, B-2)")
    if "ギャップ解消" in last:
        fail(f"{html}: a target cut from 5 to 1 is called a closed gap")
    if c.classes.get("svg.chart lines", 0) < 1:
        fail(f"{html}: no trend chart")
    pdf_pages(pdf)
    text = pdf_text(pdf)
    tail = text[text.rfind("→"):] if "→" in text else text
    r, p = text.rfind("後退 (3)"), text.rfind("前進 (1)")
    if not (0 <= r < p):
        fail(f"{pdf}: the printed history does not list the regressions (後退) before the progress (前進)")
    dates = re.findall(r"20\d\d-\d\d-\d\d", page)
    if "評価日の順" in page and dates[:3] != sorted(dates[:3]):
        fail(f"{html}: cycles said to be by assessment date but are not: {dates[:3]}")
    del tail
    print("check_html: history ok")


def main(argv):
    try:
        if len(argv) == 3 and argv[1] == "cycles":
            make_cycles(argv[2])
            return 0
        if len(argv) == 6 and argv[1] == "report":
            check_report(*argv[2:])
        elif len(argv) == 4 and argv[1] == "history":
            check_history(*argv[2:])
        else:
            print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
            return 2
    except Exception as e:  # a missing or malformed file is a failure, not a crash
        fail(f"cannot check: {type(e).__name__}: {e}")
    if failures:
        for f in failures:
            print(f"check_html: FAIL {f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
