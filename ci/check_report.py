#!/usr/bin/env python3
"""Check the workbooks of `x1060 report`, `x1060 diff` and `x1060 history`.

    python3 ci/check_report.py SUMMARY_XLSX DIFF_XLSX EXPECTED_ROWS [HISTORY_XLSX]

SUMMARY_XLSX is a report written by `x1060 report ... -o SUMMARY_XLSX`,
DIFF_XLSX one written by `x1060 diff OLD NEW --format xlsx -o DIFF_XLSX`,
EXPECTED_ROWS the number of workbooks the report was run on (one Summary
row each), HISTORY_XLSX (optional) one written by `x1060 history --format
xlsx`. Either language (--lang ja|en) is accepted.

Asserts, with openpyxl (an independent reader):
  - the sheets, in order; every sheet has a title (A1) and a line of
    explanation (A2) above its headers (row 4);
  - the workbook reads well printed: A4 landscape, one page wide, the header
    row repeated and frozen, the identifying columns frozen; no cell text
    wider than its column unless the cell wraps (widths vs the text's
    display width, a wide character counting two); a header fits its column
    within the lines its row's height allows; an empty Unreadable sheet is
    hidden; the group summary holds a chart;
  - the not-for-ranking notice (TR-XSup.44 §7.3) on the Summary;
  - 3-colour scales over the means and achievement;
  - no formula anywhere: text that starts with '=' is stored as text;
  - row counts: Summary = EXPECTED_ROWS; Unreadable = Summary rows with
    status unreadable; the per-category sheets = Summary rows with figures;
    Findings = the sum of the Summary's error, warning and info counts;
  - diff: one row per service on the changes sheet, scores stored as
    numbers, the counts per kind sum to the changes; a Japanese workbook
    holds no change key such as level_changed.

Prints one line per failure and exits 1 when any check fails (2 on a usage
error), 0 with "ok" otherwise.
"""
import math
import sys
import unicodedata
import zipfile

try:
    from openpyxl import load_workbook
except ImportError:  # pragma: no cover
    print("check_report: openpyxl is needed (pip install openpyxl)", file=sys.stderr)
    sys.exit(2)

REPORT_SHEETS = {
    "ja": ["一覧", "現状", "あるべき姿", "達成率", "指摘", "読めないファイル", "グループ集計"],
    "en": ["Summary", "As-Is", "To-Be", "Achievement", "Findings", "Unreadable", "Group"],
}
DIFF_SHEETS = {
    "ja": ["概要", "カテゴリー別", "変更", "変更の種類"],
    "en": ["Summary", "Categories", "Changes", "Kinds"],
}
HISTORY_SHEETS = {"ja": ["推移", "変更"], "en": ["Trend", "Changes"]}
HEADER_ROW = 4  # 1-based row of the column headers on every sheet
UNREADABLE_WORD = {"en": "unreadable", "ja": "読めない"}
CHANGE_KEYS = ["level_changed", "to_unnecessary", "gap_closed", "target_cut", "as_is_up", "party_changed"]

failures = []


def fail(msg):
    failures.append(msg)


def display_width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def col_width(ws, index):
    """The width of a 1-based column (a <col> element may span several)."""
    for d in ws.column_dimensions.values():
        if d.min is not None and d.max is not None and d.min <= index <= d.max:
            return d.width if d.width else 8.43
    return 8.43


def merged_cells(ws):
    out = set()
    for rng in ws.merged_cells.ranges:
        for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col):
            for c in row:
                out.add(c.coordinate)
    return out


def shown(cell):
    """The text a cell prints: strings as they are, numbers as formatted."""
    v = cell.value
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        fmt = cell.number_format or "General"
        if "%" in fmt:
            return f"{v * 100:+.1f}%" if "+" in fmt else f"{v * 100:.1f}%"
        if "0.00" in fmt:
            return f"{v:+.2f}" if "+" in fmt else f"{v:.2f}"
        return f"{v:g}"
    return ""


def check_layout(path, ws, id_cols, data=True):
    """A title and an explanation, print setup, frozen headers, and no cell
    text wider than its column unless it wraps."""
    name = f"{path}: {ws.title}"
    if not str(ws["A1"].value or "").strip():
        fail(f"{name}: no title in A1")
    if not str(ws["A2"].value or "").strip():
        fail(f"{name}: no line of explanation in A2")
    ps = ws.page_setup
    if str(ps.paperSize) != "9" or ps.orientation != "landscape":
        fail(f"{name}: not A4 landscape (paper {ps.paperSize}, {ps.orientation})")
    if not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage and ps.fitToWidth in (1, None)):
        fail(f"{name}: not fitted one page wide")
    if not data:
        return
    if ws.print_title_rows is None or str(HEADER_ROW) not in str(ws.print_title_rows):
        fail(f"{name}: the header row is not repeated on every page ({ws.print_title_rows})")
    frozen = ws.freeze_panes
    want = f"{chr(ord('A') + id_cols)}{HEADER_ROW + 1}"
    if frozen != want:
        fail(f"{name}: frozen at {frozen}, expected {want} (headers and {id_cols} identifying columns)")
    if id_cols and not ws.print_title_cols:
        fail(f"{name}: the identifying columns are not repeated on every page")
    merged = merged_cells(ws)
    for row in ws.iter_rows(min_row=HEADER_ROW):
        for cell in row:
            if cell.value is None or cell.coordinate in merged:
                continue
            text = shown(cell)
            width = col_width(ws, cell.column)
            need = max((display_width(line) for line in text.split("\n")), default=0)
            if cell.row == HEADER_ROW:
                height = ws.row_dimensions[HEADER_ROW].height or 15
                lines = max(1, int(height // 14))
                if need > width * lines + 2:
                    fail(f"{name}!{cell.coordinate}: header {text!r} needs {need} but has {width:.1f} × {lines} lines")
                continue
            if cell.alignment is not None and cell.alignment.wrap_text:
                # Wrapped: the row must be tall enough for its lines.
                lines = sum(max(1, math.ceil(display_width(l) / max(width - 1, 1))) for l in text.split("\n"))
                height = ws.row_dimensions[cell.row].height or 15
                if lines * 13 > height + 1:
                    fail(f"{name}!{cell.coordinate}: wrapped {text[:30]!r}… needs {lines} lines, its row is {height}pt")
                continue
            if need > width:
                fail(f"{name}!{cell.coordinate}: {text!r} is {need} wide, its column {width:.1f} (clipped)")


def no_formulas(path, wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    fail(f"{path}: {ws.title}!{cell.coordinate} holds a formula ({cell.value!r}); text must be written as text")


def data_rows(ws, first=HEADER_ROW + 1):
    """Rows from `first` (1-based) whose first cell is not empty."""
    return [r for r in ws.iter_rows(min_row=first, values_only=True) if r and r[0] not in (None, "")]


def lang_of(names, table):
    for lang, expected in table.items():
        if names == expected:
            return lang
    return None


def color_scales(ws):
    return [str(cf.sqref) for cf in ws.conditional_formatting for rule in cf.rules if rule.type == "colorScale"]


def has_chart(path):
    with zipfile.ZipFile(path) as z:
        return any(n.startswith("xl/charts/chart") for n in z.namelist())


def check_summary(path, expected_rows):
    wb = load_workbook(path)
    lang = lang_of(wb.sheetnames, REPORT_SHEETS)
    if lang is None:
        fail(f"{path}: sheets are {wb.sheetnames}, expected {REPORT_SHEETS['en']} or {REPORT_SHEETS['ja']}")
        return
    names = REPORT_SHEETS[lang]
    summary, asis, tobe, ach, fnd, unr, group = (wb[n] for n in names)
    if "TR-XSup.44 §7.3" not in str(summary["A2"].value or ""):
        fail(f"{path}: {summary.title}!A2 lacks the not-for-ranking notice (TR-XSup.44 §7.3)")
    rows = data_rows(summary)
    if len(rows) != expected_rows:
        fail(f"{path}: {summary.title} has {len(rows)} workbook rows, expected {expected_rows}")
    if rows and len(color_scales(summary)) < 2:
        fail(f"{path}: {summary.title} lacks its colour scales")
    unreadable = sum(1 for r in rows if r[3] == UNREADABLE_WORD[lang])
    with_figures = sum(1 for r in rows if r[7] not in (None, ""))
    n_findings = sum(int(r[c] or 0) for r in rows for c in (4, 5, 6))
    for ws in (asis, tobe, ach):
        n = len(data_rows(ws))
        if n != with_figures:
            fail(f"{path}: {ws.title} has {n} rows, expected {with_figures} (workbooks with a portfolio)")
        if n and not color_scales(ws):
            fail(f"{path}: {ws.title} lacks its colour scale")
    if not fnd.auto_filter.ref and n_findings:
        fail(f"{path}: {fnd.title} has no autofilter")
    n = len(data_rows(fnd))
    if n != n_findings:
        fail(f"{path}: {fnd.title} has {n} rows, the summary counts {n_findings} findings")
    u_rows = data_rows(unr)
    if len(u_rows) != unreadable:
        fail(f"{path}: {unr.title} has {len(u_rows)} rows, the summary has {unreadable} unreadable workbooks")
    if not u_rows and unr.sheet_state != "hidden":
        fail(f"{path}: the empty {unr.title} sheet is not hidden (it would print a blank page)")
    if not has_chart(path):
        fail(f"{path}: the group summary has no chart")
    for ws, ids in ((summary, 2), (asis, 2), (tobe, 2), (ach, 2), (fnd, 2), (unr, 1), (group, 1)):
        check_layout(path, ws, ids)
    no_formulas(path, wb)


def check_diff(path):
    wb = load_workbook(path)
    lang = lang_of(wb.sheetnames, DIFF_SHEETS)
    if lang is None:
        fail(f"{path}: sheets are {wb.sheetnames}, expected {DIFF_SHEETS['en']} or {DIFF_SHEETS['ja']}")
        return
    summary, cats, changes, kinds = (wb[n] for n in DIFF_SHEETS[lang])
    rows = data_rows(changes)
    ids = [r[0] for r in rows]
    if len(ids) != len(set(ids)):
        fail(f"{path}: {changes.title}: a service on more than one row")
    for r in rows:
        for c in (10, 11, 12, 13, 14, 15):  # As-Is, To-Be, gap: old and new
            v = r[c] if c < len(r) else None
            if isinstance(v, str) and v.strip().lstrip("+-").isdigit():
                fail(f"{path}: {changes.title}: {r[0]} holds the number {v!r} as text")
    total = sum(int(r[3] or 0) for r in data_rows(kinds))
    if total < len(rows):
        fail(f"{path}: {kinds.title} counts {total} changes for {len(rows)} changed services")
    if not color_scales(cats):
        fail(f"{path}: {cats.title} lacks the colour scale over the changes")
    if lang == "ja":
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    if isinstance(v, str) and any(k in v for k in CHANGE_KEYS):
                        fail(f"{path}: {ws.title} shows a change key instead of words: {v!r}")
    for ws, ids in ((summary, 1), (cats, 1), (changes, 2), (kinds, 1)):
        check_layout(path, ws, ids)
    no_formulas(path, wb)


def check_history(path):
    wb = load_workbook(path)
    lang = lang_of(wb.sheetnames, HISTORY_SHEETS)
    if lang is None:
        fail(f"{path}: sheets are {wb.sheetnames}, expected {HISTORY_SHEETS['en']} or {HISTORY_SHEETS['ja']}")
        return
    trend, changes = (wb[n] for n in HISTORY_SHEETS[lang])
    if not has_chart(path):
        fail(f"{path}: the trend has no chart")
    for ws in (trend, changes):
        check_layout(path, ws, 1)
    no_formulas(path, wb)


def main(argv):
    if len(argv) not in (4, 5) or not argv[3].isdigit():
        print("usage: check_report.py SUMMARY_XLSX DIFF_XLSX EXPECTED_ROWS [HISTORY_XLSX]", file=sys.stderr)
        return 2
    summary, diff, expected = argv[1], argv[2], int(argv[3])
    checks = [(summary, lambda: check_summary(summary, expected)), (diff, lambda: check_diff(diff))]
    if len(argv) == 5:
        checks.append((argv[4], lambda: check_history(argv[4])))
    for p, check in checks:
        try:
            check()
        except Exception as e:  # an unreadable or malformed file is a failure, not a crash
            fail(f"{p}: cannot check: {type(e).__name__}: {e}")
    if failures:
        for f in failures[:60]:
            print(f"check_report: FAIL {f}", file=sys.stderr)
        if len(failures) > 60:
            print(f"check_report: … and {len(failures) - 60} more", file=sys.stderr)
        return 1
    print(f"check_report: ok ({summary}: {expected} rows; {diff}{'; ' + argv[4] if len(argv) == 5 else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
