#!/usr/bin/env python3
"""Values quoted as the cell displays them, on workbooks another program wrote.

    python3 ci/check_display.py X1060_BINARY WORKDIR

Writes, with openpyxl (its own styles.xml and number-format ids, unlike
rust_xlsxwriter's in `cargo test`), a 64-service portfolio whose bad cells
are formatted:

- A-3 As-Is 0.6 under `0%` (shows 60%),
- B-1 To-Be 45000 under `yyyy/m/d` (15 March 2023: 44927 is 2023-01-01,
  + 31 + 28 + 14 days; shows 2023/3/15),
- C-1 As-Is 7 under `0.0` (shows 7.0),
- C-2 To-Be 45000 under Excel's built-in id 31 (`yyyy"年"m"月"d"日"` in the
  Japanese locale; shows 2023年3月15日),

a percent cell above the table, and a custom document property 評価日 (a
date, `vt:filetime`). `x1060 check --format json` must quote each value as
shown and give the assessment date 2025-04-01; a clean copy (formatted
valid scores, the same percent cell) must give no finding. LibreOffice then
converts the workbook to .ods (the displayed text in `<text:p>`, the
property in `meta:user-defined`) and to .xls (BIFF FORMAT and XF records),
which must quote the same (the .xls without the date: its properties are
not read).

Exits 1 with one line per failure.
"""
import datetime
import json
import os
import subprocess
import sys
import tomllib

import openpyxl
from openpyxl.packaging.custom import DateTimeProperty

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FAILS = []


def fail(msg):
    FAILS.append(msg)
    print("FAIL:", msg)


def services():
    with open(os.path.join(ROOT, "templates", "catalogue.toml"), "rb") as f:
        cat = tomllib.load(f)
    return [(s["id"], s["name_ja"]) for s in cat["service"]]


def build(path, bad):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ポートフォリオ"
    ws["A1"] = "CDC サービスポートフォリオ"
    ws["A2"] = "達成率"
    ws["B2"] = 0.6
    ws["B2"].number_format = "0%"
    header = ["No.", "サービス名", "推奨レベル", "サービス割り当て", "現状 (As-Is)", "あるべき姿 (To-Be)"]
    for c, h in enumerate(header, start=1):
        ws.cell(row=3, column=c, value=h)
    for r, (sid, name) in enumerate(services(), start=4):
        ws.cell(row=r, column=1, value=sid)
        ws.cell(row=r, column=2, value=name)
        ws.cell(row=r, column=3, value="ベーシック")
        ws.cell(row=r, column=4, value="インソース(SOC部)")
        a = ws.cell(row=r, column=5, value=2)
        t = ws.cell(row=r, column=6, value=3)
        # Valid scores under a decimal format: 2.0 and 3.0 still read 2 and 3.
        a.number_format = t.number_format = "0.0"
        if not bad:
            continue
        if sid == "A-3":
            a.value, a.number_format = 0.6, "0%"
        if sid == "B-1":
            t.value, t.number_format = 45000, "yyyy/m/d"
        if sid == "C-1":
            a.value, a.number_format = 7, "0.0"
        if sid == "C-2":
            t.value, t.number_format = 45000, 'yyyy"年"m"月"d"日"'
    wb.custom_doc_props.append(
        DateTimeProperty(name="評価日", value=datetime.datetime(2025, 4, 1))
    )
    wb.save(path)
    if bad:
        force_builtin_31(path)


def force_builtin_31(path):
    """Makes C-2's format the built-in id 31, as Japanese Excel saves it:
    openpyxl writes its code as a custom numFmt, so the id is rewritten."""
    import re
    import shutil
    import zipfile

    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/styles.xml":
                xml = data.decode("utf-8")
                m = re.search(r'<numFmt numFmtId="(\d+)" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"\s*/>', xml)
                if m:
                    xml = xml.replace(m.group(0), "")
                    xml = xml.replace(f'numFmtId="{m.group(1)}"', 'numFmtId="31"')
                    data = xml.encode("utf-8")
                else:
                    fail("openpyxl did not write the 年月日 format as expected")
            zout.writestr(item, data)
    shutil.move(tmp, path)


def check(x1060, path):
    out = subprocess.run([x1060, "check", "--lang", "ja", "--format", "json", path], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        fail(f"{path}: check exited {out.returncode}: {out.stderr.strip()}")
        return None
    return json.loads(out.stdout)["files"][0]


def expect_quotes(x1060, path, want, date_wanted="2025-04-01"):
    doc = check(x1060, path)
    if doc is None:
        return
    name = os.path.basename(path)
    found = {(f["rule"], f["service"]): f["message"] for f in doc["findings"]}
    for (rule, sid), text in want.items():
        msg = found.get((rule, sid))
        texts = text if isinstance(text, tuple) else (text,)
        if msg is None:
            fail(f"{name}: no {rule} on {sid}; findings: {sorted(found)}")
        elif not any(t in msg for t in texts):
            fail(f"{name}: {rule} on {sid} does not quote {text!r}: {msg}")
        else:
            print(f"ok {name}: {rule} {sid} quotes {text}")
    extra = set(found) - set(want)
    if extra:
        fail(f"{name}: unexpected findings {sorted(extra)}")
    date = doc.get("figures", {}).get("assessment_date")
    if date != date_wanted:
        fail(f"{name}: assessment date {date!r}, want {date_wanted!r} (custom property 評価日)")
    else:
        print(f"ok {name}: assessment date {date!r}")


def convert(path, workdir, ext):
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{workdir}/lo-profile-display", "--headless",
         "--convert-to", ext, "--outdir", workdir, path],
        capture_output=True, check=False, timeout=300,
    )
    out = os.path.splitext(path)[0] + "." + ext
    if not os.path.exists(out):
        fail(f"LibreOffice did not convert {path} to .{ext}")
        return None
    return out


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    x1060, workdir = sys.argv[1], os.path.abspath(sys.argv[2])
    os.makedirs(workdir, exist_ok=True)
    bad = os.path.join(workdir, "display-bad.xlsx")
    clean = os.path.join(workdir, "display-clean.xlsx")
    build(bad, True)
    build(clean, False)
    want = {
        ("S001", "A-3"): "「60%」",
        ("S002", "B-1"): "「2023/3/15」",
        ("S001", "C-1"): "「7.0」",
        ("S002", "C-2"): "「2023年3月15日」",
    }
    expect_quotes(x1060, bad, want)
    expect_quotes(x1060, clean, {})
    # LibreOffice shows the built-in id 31 in its own locale, and writes
    # that (the .ods text, the .xls format code): what it shows is quoted.
    want[("S002", "C-2")] = ("「2023年3月15日」", "「3/15/2023」", "「2023/03/15」", "「2023/3/15」", "「15/03/2023」")
    for ext in ["ods", "xls"]:
        # The .xls keeps its properties in an OLE property set, not read.
        date = "2025-04-01" if ext == "ods" else None
        for path, findings in [(bad, want), (clean, {})]:
            converted = convert(path, workdir, ext)
            if converted:
                expect_quotes(x1060, converted, findings, date)
    if FAILS:
        sys.exit(1)
    print("check_display: all good")


if __name__ == "__main__":
    main()
