#!/usr/bin/env python3
"""Check the workbooks of `x1060 report` and `x1060 diff --format xlsx`.

    python3 ci/check_report.py SUMMARY_XLSX DIFF_XLSX EXPECTED_ROWS

SUMMARY_XLSX is a report written by `x1060 report ... -o SUMMARY_XLSX`,
DIFF_XLSX one written by `x1060 diff OLD NEW --format xlsx -o DIFF_XLSX`, and
EXPECTED_ROWS the number of workbooks the report was run on (one Summary row
each). Either language (--lang ja|en) is accepted.

Asserts, with openpyxl (an independent reader):
  - the sheets, in order, and their header rows;
  - the not-for-ranking notice (TR-XSup.44 §7.3) on the Summary sheet;
  - a 3-colour-scale conditional format over the means and achievement
    columns (Summary, Categories) and over the changes (diff Summary);
  - the Findings autofilter;
  - no formula anywhere: text that starts with '=' is stored as text;
  - row counts: Summary = EXPECTED_ROWS; Unreadable = Summary rows with
    status unreadable; Categories = Summary rows with figures; Findings =
    the sum of the Summary's error, warning and info counts; diff section
    sheets = the counts on the diff Summary.

Prints one line per failure and exits 1 when any check fails (2 on a usage
error), 0 with "ok" otherwise.
"""
import sys

try:
    from openpyxl import load_workbook
except ImportError:  # pragma: no cover
    print("check_report: openpyxl is needed (pip install openpyxl)", file=sys.stderr)
    sys.exit(2)

REPORT_SHEETS = ["Summary", "Categories", "Findings", "Unreadable", "Totals"]
DIFF_SHEETS = ["Summary", "Catalogue", "Profile", "Portfolio"]
HEADER_ROW = 4  # 1-based row of the Summary / Categories headers
LETTERS = "ABCDEFGHI"

SUMMARY_HEAD = {
    "en": ["File", "Organisation", "Sheet", "Status", "Errors", "Warnings", "Infos",
           "Services", "Selected", "Basic below To-Be"]
    + [f"As-Is {c}" for c in LETTERS] + ["As-Is overall"]
    + [f"To-Be {c}" for c in LETTERS] + ["To-Be overall"]
    + [f"Achievement {c}" for c in LETTERS] + ["Achievement overall", "Reason"],
    "ja": ["ファイル", "組織", "シート", "状態", "エラー", "警告", "情報",
           "サービス行", "選択サービス", "ベーシック未達"]
    + [f"現状平均 {c}" for c in LETTERS] + ["現状平均 全体"]
    + [f"あるべき姿平均 {c}" for c in LETTERS] + ["あるべき姿平均 全体"]
    + [f"達成率 {c}" for c in LETTERS] + ["達成率 全体", "理由"],
}
FINDINGS_HEAD = {
    "en": ["File", "Organisation", "Rule", "Severity", "Sheet", "Cell", "Service", "Message", "Source"],
    "ja": ["ファイル", "組織", "ルール", "重大度", "シート", "セル", "サービス", "内容", "出典"],
}
UNREADABLE_HEAD = {"en": ["File", "Reason"], "ja": ["ファイル", "理由"]}
UNREADABLE_WORD = {"en": "unreadable", "ja": "読めない"}
SECTION_HEAD = {
    "en": ["Change", "Service", "Name", "Old", "New", "Key"],
    "ja": ["変更の種類", "サービスID", "サービス名", "前回", "今回", "変更キー"],
}
DIFF_FIGURES_FIRST = {"en": "Category", "ja": "カテゴリ"}
DIFF_COUNTS_FIRST = {"en": "Change", "ja": "変更の種類"}

failures = []


def fail(msg):
    failures.append(msg)


def row_values(ws, row, ncols):
    return [ws.cell(row=row, column=c).value for c in range(1, ncols + 1)]


def data_rows(ws, first):
    """Rows from `first` (1-based) whose first cell is not empty."""
    return [r for r in ws.iter_rows(min_row=first, values_only=True) if r and r[0] not in (None, "")]


def lang_of(header, table):
    for lang, expected in table.items():
        if header[: len(expected)] == expected:
            return lang
    return None


def color_scales(ws):
    """(range, rule) for every colour-scale rule of a sheet."""
    out = []
    for cf in ws.conditional_formatting:
        for rule in cf.rules:
            if rule.type == "colorScale" and rule.colorScale is not None:
                out.append((str(cf.sqref), rule))
    return out


def no_formulas(path, wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (
                    isinstance(cell.value, str) and cell.value.startswith("=") and cell.data_type != "s"
                ):
                    fail(f"{path}: {ws.title}!{cell.coordinate} holds a formula ({cell.value!r}); text must be written as text")


def check_summary(path, expected_rows):
    wb = load_workbook(path)
    if wb.sheetnames != REPORT_SHEETS:
        fail(f"{path}: sheets are {wb.sheetnames}, expected {REPORT_SHEETS}")
        return
    ws = wb["Summary"]
    header = row_values(ws, HEADER_ROW, len(SUMMARY_HEAD["en"]))
    lang = lang_of(header, SUMMARY_HEAD)
    if lang is None:
        fail(f"{path}: Summary!A{HEADER_ROW} header is {header}, expected {SUMMARY_HEAD['en']} (or the Japanese one)")
        return
    notice = str(ws.cell(row=2, column=1).value or "")
    if "TR-XSup.44 §7.3" not in notice:
        fail(f"{path}: Summary!A2 lacks the not-for-ranking notice (TR-XSup.44 §7.3): {notice!r}")
    rows = data_rows(ws, HEADER_ROW + 1)
    if len(rows) != expected_rows:
        fail(f"{path}: Summary has {len(rows)} workbook rows, expected {expected_rows}")

    # The heat map: K..AN (means, achievement).
    scales = color_scales(ws)
    covered = " ".join(r for r, _ in scales)
    if rows and not all(col in covered for col in ("K", "U", "AE")):
        fail(f"{path}: Summary lacks the 3-colour scale over As-Is (K), To-Be (U) and achievement (AE): {covered or 'none'}")
    for r, rule in scales:
        if len(rule.colorScale.color) != 3:
            fail(f"{path}: Summary {r}: a {len(rule.colorScale.color)}-colour scale, expected 3")

    status_col, services_col = 3, 7
    unreadable = sum(1 for r in rows if r[status_col] == UNREADABLE_WORD[lang])
    with_figures = sum(1 for r in rows if r[services_col] not in (None, ""))
    n_findings = sum(int(r[c] or 0) for r in rows for c in (4, 5, 6))

    cat = wb["Categories"]
    cat_rows = data_rows(cat, HEADER_ROW + 1)
    if len(cat_rows) != with_figures:
        fail(f"{path}: Categories has {len(cat_rows)} rows, expected {with_figures} (workbooks with a portfolio)")
    if cat_rows and not color_scales(cat):
        fail(f"{path}: Categories lacks its 3-colour scale")
    if "TR-XSup.44 §7.3" not in str(cat.cell(row=2, column=1).value or ""):
        fail(f"{path}: Categories!A2 lacks the not-for-ranking notice")

    fnd = wb["Findings"]
    if row_values(fnd, 1, 9) != FINDINGS_HEAD[lang]:
        fail(f"{path}: Findings header is {row_values(fnd, 1, 9)}, expected {FINDINGS_HEAD[lang]}")
    if not fnd.auto_filter.ref:
        fail(f"{path}: Findings has no autofilter")
    f_rows = data_rows(fnd, 2)
    if len(f_rows) != n_findings:
        fail(f"{path}: Findings has {len(f_rows)} rows, the Summary counts {n_findings} findings")

    unr = wb["Unreadable"]
    if row_values(unr, 1, 2) != UNREADABLE_HEAD[lang]:
        fail(f"{path}: Unreadable header is {row_values(unr, 1, 2)}, expected {UNREADABLE_HEAD[lang]}")
    u_rows = data_rows(unr, 2)
    if len(u_rows) != unreadable:
        fail(f"{path}: Unreadable has {len(u_rows)} rows, the Summary has {unreadable} unreadable workbooks")
    for r in u_rows:
        if not r[1]:
            fail(f"{path}: Unreadable: {r[0]} has no reason")

    no_formulas(path, wb)
    return lang


def check_diff(path):
    wb = load_workbook(path)
    if wb.sheetnames != DIFF_SHEETS:
        fail(f"{path}: sheets are {wb.sheetnames}, expected {DIFF_SHEETS}")
        return
    lang = None
    section_rows = 0
    for name in DIFF_SHEETS[1:]:
        ws = wb[name]
        header = row_values(ws, 1, 6)
        l = lang_of(header, SECTION_HEAD)
        if l is None:
            fail(f"{path}: {name} header is {header}, expected {SECTION_HEAD['en']} (or the Japanese one)")
            continue
        lang = l
        if not ws.auto_filter.ref:
            fail(f"{path}: {name} has no autofilter")
        section_rows += len(data_rows(ws, 2))
    if lang is None:
        return
    ws = wb["Summary"]
    figures_row = counts_row = None
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        v = row[0].value
        if v == DIFF_FIGURES_FIRST[lang] and figures_row is None:
            figures_row = row[0].row
        elif v == DIFF_COUNTS_FIRST[lang]:
            counts_row = row[0].row
    if figures_row is None:
        fail(f"{path}: Summary has no figures table (header '{DIFF_FIGURES_FIRST[lang]}')")
    if counts_row is None:
        fail(f"{path}: Summary has no change counts (header '{DIFF_COUNTS_FIRST[lang]}')")
    else:
        total = sum(int(r[2] or 0) for r in data_rows(ws, counts_row + 1))
        if total != section_rows:
            fail(f"{path}: the Summary counts {total} changes, the section sheets list {section_rows}")
    if not color_scales(ws):
        fail(f"{path}: Summary lacks the 3-colour scale over the changes")
    no_formulas(path, wb)


def main(argv):
    if len(argv) != 4 or not argv[3].isdigit():
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        print("usage: check_report.py SUMMARY_XLSX DIFF_XLSX EXPECTED_ROWS", file=sys.stderr)
        return 2
    summary, diff, expected = argv[1], argv[2], int(argv[3])
    for p, check in ((summary, lambda: check_summary(summary, expected)), (diff, lambda: check_diff(diff))):
        try:
            check()
        except Exception as e:  # an unreadable or malformed file is a failure, not a crash
            fail(f"{p}: cannot check: {type(e).__name__}: {e}")
    if failures:
        for f in failures:
            print(f"check_report: FAIL {f}", file=sys.stderr)
        return 1
    print(f"check_report: ok ({summary}: {expected} rows; {diff})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
