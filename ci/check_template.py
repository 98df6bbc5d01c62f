#!/usr/bin/env python3
"""Checks x1060 template workbooks with a reader that is not ours (openpyxl).

    python3 ci/check_template.py samples/template-ja.xlsx samples/template-en.xlsx

Generates nothing: give it the templates `x1060 template --lang ja|en` wrote
(the language is told by the portfolio sheet's name). For each it asserts:

- the sheets, in order: portfolio, self-check, guide, lists; the lists
  sheet hidden;
- the portfolio: a header row, then the 64 X.1060 services in order, each
  with its category letter, ID and name;
- a list data validation on every input column (level, assignment, As-Is,
  To-Be) covering all 64 rows, whose list range on the lists sheet holds
  exactly the words of RULES.md the template offers (templates/vocabulary.toml),
  with an input message; an input message on the team and contractor columns;
- frozen header, filter, print setup (A4 landscape, one page wide, repeated
  header row, page numbers);
- the self-check sheet: formulas (COUNTIFS / AVERAGEIFS / SUMIFS) with cached
  values — loaded with data_only=True the counts are numbers, and the
  overall row lists 64 services;
- the document properties name X.1060 and the generator.

Exits 1 with one line per failure, 2 on a usage error.
"""
import os
import re
import sys
import tomllib
import unicodedata

try:
    import openpyxl
    from openpyxl.utils import column_index_from_string, range_boundaries
except ImportError:  # pragma: no cover
    print("check_template: openpyxl is needed (pip install openpyxl)", file=sys.stderr)
    sys.exit(2)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NAMES = {
    "ja": {
        "sheets": ["サービスポートフォリオ", "x1060 自己評価", "ガイド", "リスト"],
        "level": "推奨レベル",
        "assignment": "サービス割り当て",
        "team": "担当",
        "contractor": "委託先",
        "as_is": "現状 (As-Is)",
        "to_be": "あるべき姿 (To-Be)",
        "font": "游ゴシック",
    },
    "en": {
        "sheets": ["Service portfolio", "x1060 Self-check", "Guide", "Lists"],
        "level": "Recommendation level",
        "assignment": "Assignment",
        "team": "Responsible team",
        "contractor": "Contractor",
        "as_is": "As-Is",
        "to_be": "To-Be",
        "font": "Calibri",
    },
}


def fold(s):
    """RULES.md: NFKC, trimmed, inner white space collapsed, case ignored."""
    return " ".join(unicodedata.normalize("NFKC", str(s)).split()).lower()


def vocabulary(lang):
    """The words a template offers, and every accepted spelling (RULES.md)."""
    with open(os.path.join(ROOT, "templates", "vocabulary.toml"), "rb") as f:
        v = tomllib.load(f)
    offered = {
        "level": {e[lang] for e in v["level"]},
        "assignment": {e[lang] for e in v["assignment"]},
        "score": {"1", "2", "3", "4", "5", v["score"]["na_" + lang]},
    }
    accepted = {
        "level": {fold(w) for e in v["level"] for w in e["spellings"]},
        "assignment": {fold(w) for e in v["assignment"] for w in e["spellings"]},
        "score": {"1", "2", "3", "4", "5"} | {fold(w) for w in v["score"]["na_spellings"]},
    }
    return offered, accepted


def catalogue():
    with open(os.path.join(ROOT, "templates", "catalogue.toml"), "rb") as f:
        c = tomllib.load(f)
    return [(s["id"], s["name_ja"], s["name_en"]) for s in c["service"]]


def cell_text(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


class Checker:
    def __init__(self, path):
        self.path = path
        self.failures = []

    def check(self, ok, message):
        if not ok:
            self.failures.append(f"{self.path}: {message}")
        return ok

    def run(self):
        wb = openpyxl.load_workbook(self.path)
        cached = openpyxl.load_workbook(self.path, data_only=True)
        first = wb.sheetnames[0]
        lang = next((l for l, n in NAMES.items() if n["sheets"][0] == first), None)
        if not self.check(lang is not None, f"first sheet {first!r} is not a template portfolio sheet"):
            return
        names = NAMES[lang]
        self.check(wb.sheetnames == names["sheets"], f"sheets are {wb.sheetnames}, expected {names['sheets']}")
        if not self.check(names["sheets"][3] in wb.sheetnames, "no lists sheet"):
            return
        lists = wb[names["sheets"][3]]
        self.check(lists.sheet_state == "hidden", f"the lists sheet is {lists.sheet_state}, not hidden")
        ws = wb[first]

        # Header row and the 64 services.
        header_row = next(
            (r for r in range(1, 20) if cell_text(ws.cell(r, 2).value) == "ID"), None
        )
        if not self.check(header_row is not None, "no header row with ID in column B"):
            return
        headers = {cell_text(c.value): c.column for c in ws[header_row] if c.value is not None}
        services = catalogue()
        for i, (sid, name_ja, name_en) in enumerate(services):
            r = header_row + 1 + i
            got = (cell_text(ws.cell(r, 1).value), cell_text(ws.cell(r, 2).value), cell_text(ws.cell(r, 3).value))
            want = (sid[0], sid, name_ja if lang == "ja" else name_en)
            self.check(got == want, f"row {r}: {got}, expected {want}")
        last = header_row + len(services)
        self.check(ws.cell(last + 1, 2).value is None, f"row {last + 1}: more rows after the 64 services")
        self.check(len(services) == 64, f"the catalogue has {len(services)} services, not 64")

        # Data validations.
        offered, accepted = vocabulary(lang)
        validations = list(ws.data_validations.dataValidation)

        def covering(col):
            for dv in validations:
                for rng in str(dv.sqref).split():
                    c1, r1, c2, r2 = range_boundaries(rng)
                    if c1 <= col <= c2 and r1 <= header_row + 1 and r2 >= last:
                        yield dv

        for key, kind in [("level", "level"), ("assignment", "assignment"), ("as_is", "score"), ("to_be", "score")]:
            col = headers.get(names[key])
            if not self.check(col is not None, f"no {names[key]!r} column"):
                continue
            dvs = [dv for dv in covering(col) if dv.type == "list"]
            if not self.check(len(dvs) == 1, f"{names[key]!r}: {len(dvs)} list validations over rows {header_row + 1}-{last}, expected 1"):
                continue
            dv = dvs[0]
            formula = (dv.formula1 or "").lstrip("=")
            self.check(not formula.startswith('"'), f"{names[key]!r}: inline list {formula}, expected a range on the lists sheet")
            m = re.fullmatch(r"'?(.+?)'?!\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)", formula)
            if not self.check(m is not None, f"{names[key]!r}: list formula {formula!r} is not a range"):
                continue
            sheet, c1, r1, c2, r2 = m.groups()
            self.check(sheet == names["sheets"][3], f"{names[key]!r}: list on sheet {sheet!r}, expected the lists sheet")
            values = [
                cell_text(wb[sheet].cell(r, column_index_from_string(c1)).value)
                for r in range(int(r1), int(r2) + 1)
            ]
            self.check(
                sorted(values) == sorted(offered[kind]),
                f"{names[key]!r}: the list offers {values}, expected exactly {sorted(offered[kind])}",
            )
            for v in values:
                self.check(fold(v) in accepted[kind], f"{names[key]!r}: {v!r} is not a RULES.md spelling")
            self.check(bool(dv.showInputMessage) and bool(dv.prompt), f"{names[key]!r}: no input message")
            self.check(dv.showErrorMessage, f"{names[key]!r}: values outside the list are not refused")
        for key in ["team", "contractor"]:
            col = headers.get(names[key])
            if self.check(col is not None, f"no {names[key]!r} column"):
                self.check(
                    any(dv.prompt for dv in covering(col)),
                    f"{names[key]!r}: no input message",
                )

        # Sheet setup.
        self.check(ws.freeze_panes == f"D{header_row + 1}", f"freeze panes at {ws.freeze_panes}, expected D{header_row + 1}")
        self.check(ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith(f"A{header_row}:"), f"filter {ws.auto_filter.ref}")
        self.check(ws.page_setup.orientation == "landscape", "not landscape")
        self.check(str(ws.page_setup.paperSize) == "9", f"paper size {ws.page_setup.paperSize}, expected 9 (A4)")
        self.check(ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1, "1"), "not fitted to one page wide")  # 1 is the default, often left out
        self.check(str(ws.print_title_rows).replace("$", "") == f"{header_row}:{header_row}", f"repeated rows {ws.print_title_rows}, expected the header row")
        self.check("&P" in (ws.oddFooter.center.text or ""), "no page number in the footer")
        font = ws.cell(header_row + 1, 3).font.name
        self.check(font == names["font"], f"font {font!r}, expected {names['font']!r}")

        # The self-check sheet: formulas with cached values.
        sc = wb[names["sheets"][1]]
        sc_cached = cached[names["sheets"][1]]
        formulas = 0
        uncached = []
        for row in sc.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    formulas += 1
                    self.check(
                        any(f in c.value for f in ("COUNTIFS(", "AVERAGEIFS(", "SUMIFS(")),
                        f"{names['sheets'][1]}!{c.coordinate}: {c.value[:40]}… is not a COUNTIFS/AVERAGEIFS/SUMIFS formula",
                    )
                    # Counts always have a number; means of an empty group are "".
                    if sc_cached[c.coordinate].value is None and c.column <= 12:
                        uncached.append(c.coordinate)
        self.check(
            not uncached,
            f"{len(uncached)} formula cells on {names['sheets'][1]!r} have no cached value ({', '.join(uncached[:5])} …)",
        )
        # 9 categories, 4 phases and the overall row, 14 figures each.
        self.check(formulas >= 14 * 14, f"{formulas} formulas on the self-check sheet, expected at least {14 * 14}")
        counts = [
            sc_cached.cell(r, 3).value
            for r in range(5, 5 + 14)
        ]
        self.check(all(isinstance(v, (int, float)) for v in counts), f"cached counts are not numbers: {counts}")
        self.check(counts[-1] == 64, f"the overall row lists {counts[-1]} services, expected 64")
        listed = sum(v for v in counts[:9] if isinstance(v, (int, float)))
        self.check(listed == 64, f"the categories list {listed} services, expected 64")
        self.check(len(sc._charts) == 2, f"{len(sc._charts)} charts on the self-check sheet, expected 2")

        # Document properties.
        p = wb.properties
        self.check("X.1060" in (p.title or ""), f"title {p.title!r} does not name X.1060")
        self.check("X.1060" in (p.subject or ""), f"subject {p.subject!r} does not name the X.1060 edition")
        self.check("x1060" in (p.description or ""), f"comments {p.description!r} do not name the generator")


def main(argv):
    if len(argv) < 2 or any(a in ("-h", "--help") for a in argv[1:]):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    failures = []
    for path in argv[1:]:
        if not os.path.exists(path):
            print(f"check_template: {path}: no such file", file=sys.stderr)
            return 2
        c = Checker(path)
        try:
            c.run()
        except Exception as e:  # a workbook openpyxl cannot read is a failure too
            c.failures.append(f"{path}: cannot be checked: {type(e).__name__}: {e}")
        failures += c.failures
    for f in failures:
        print(f"check_template: {f}", file=sys.stderr)
    if failures:
        print(f"check_template: {len(failures)} failure(s)", file=sys.stderr)
        return 1
    print(f"check_template: {len(argv) - 1} template(s) ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
