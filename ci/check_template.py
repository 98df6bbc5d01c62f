#!/usr/bin/env python3
"""Checks x1060 template workbooks with a reader that is not ours (openpyxl).

    python3 ci/check_template.py [--recalc] samples/template-ja.xlsx samples/template-en.xlsx

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
- the document properties name X.1060 and the generator;
- the guide quotes Tables 1–3 and Figure 5 WORD FOR WORD (the texts below
  are copied from JT-X1060 and from the English slides, seeds 003 and 001),
  each under the standard's own title, with a source line; no other cell is
  headed as a table or figure of the standard;
- the guide says how to add an own service and which scale a Combination
  uses (quoting the §9.4 note in Japanese), and labels the tool's own figures;
- N/A is 適用外 in the Japanese template (評価対象外 is read, not written),
  and no score is called 成熟度 / maturity, in cells, input messages or
  properties;
- the drop-down lists and the self-check formulas reach row 1000, so rows
  added below the 64 count; with --recalc, two services are added below the
  64 (A-14 and X-1, as a user would: the last row's gap formula copied down),
  LibreOffice recalculates, and the self-check counts them.

Exits 1 with one line per failure, 2 on a usage error.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
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
        "sheets": ["サービスポートフォリオ", "x1060 セルフチェック", "記入ガイド", "リスト"],
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


# N/A as the template writes it: JT-X1060 Table 3's word in Japanese.
NA = {"ja": "適用外", "en": "N/A"}

# The standard's words, copied by hand from the seeds (003: JT-X1060;
# 001: the English slides), NOT from templates/tables.toml, so a change to
# the data that departs from the standard fails here.
TITLES = {
    "ja": ["表 1 CDC サービスの推奨レベル", "表 2 CDC サービスの割り当て", "表 3 CDC サービススコア", "図 5 調達の象限"],
    "en": ["X.1060 Table 1 (§9.2)", "X.1060 Table 2 (§9.3)", "X.1060 Table 3 (§9.4)", "Figure 5 - Sourcing quadrants"],
}
# (key cell, text cell) pairs of Tables 1–3, and the Figure 5 texts.
VERBATIM = {
    "ja": [
        ("ウェイト", "説明"),
        ("不要", "不要と判断されたサービス"),
        ("ベーシック", "実装すべき最低限のサービス"),
        ("スタンダード", "一般的に実装が推奨されているサービス"),
        ("アドバンスド", "高いレベルの CDC サイクルを実現する場合に要求されるサービス"),
        ("オプション", "想定される CDC の形態に応じて任意に選択されるサービス"),
        ("タイプ", "説明"),
        ("インソース", "組織内のチームでサービスを実現する。責務を負う担当を明確にする。"),
        ("アウトソース", "組織外のチームでサービスを実現する。委託先を明確にする。"),
        ("併用", "インソースとアウトソースを併用する。責務を負う担当と委託先を明確にする。"),
        ("未割り当て", "組織に存在すべきサービスはあるが、割り当てられていない。"),
        ("+5 点", "明文化された運用が CISO など権限ある組織長に承認されている"),
        ("+4 点", "運用が明文化されており、担当者と交代して他者が業務を実施できる"),
        ("+3 点", "運用が明文化されておらず、担当者に代わりに他者が臨時で一部の業務を代行できる"),
        ("+2 点", "運用が明文化されておらず、担当者のみが業務を実施できる"),
        ("+1 点", "実施できていない"),
        ("適用外", "インソースとしては実施しないと決めた"),
        ("+5 点", "サービス内容と得られる結果を理解でき、想定通り"),
        ("+4 点", "サービス内容と得られる結果を理解できているが、想定未満"),
        ("+3 点", "サービス内容、得られる結果のいずれかが理解できていない"),
        ("+2 点", "サービス内容と得られる結果を理解できていない"),
        ("+1 点", "結果や報告を確認できていない"),
        ("適用外", "アウトソースとしては実施しないと決めた"),
        ("I) インソース ≫ アウトソース", "セキュリティの専門スキルが求められず、取り扱う情報が組織内部のものである場合は、インソースが望ましく、アウトソースは推奨されない。"),
        ("II) インソース ≧ アウトソース", "取り扱う情報が組織外部のものであるが、それほど高いセキュリティ専門性が求められないのであれば、アウトソースの力を借りながら、その活動と管理の主はインソースにて実行する。"),
        ("III) インソース ≪ アウトソース", "取り扱う情報が攻撃に関するものなど外部のものである場合、専門性の高いスキルを持った組織がサービスを実現すべきである（アウトソースするなどして）。特に内部に高いスキルを持つ有識者がいない場合、内製でそのサービスを実現するのは困難である。"),
        ("IV) インソース ≦ アウトソース", "組織内部の情報を取り扱うものの、特別なスキルが求められる場合は、内部の組織は管理や支援をしつつも、専門性を持つ組織（アウトソースするなどして）を主に活動すべきである。"),
    ],
    "en": [
        ("Weight", "Description"),
        ("Unnecessary", "Services deemed unnecessary"),
        ("Basic", "Minimum services to be implemented"),
        ("Standard", "Services that are generally recommended for implementation"),
        ("Advanced", "Services required to achieve a higher-level CDC cycle"),
        ("Optional", "Services arbitrarily selected according to the expected form of CDC"),
        ("Type", "Description"),
        ("Insourcing", "Services are provided by a team within the organization. The organization should specify the team in charge."),
        ("Outsourcing", "Services are provided by a team outside of the organization. The organization should specify the outsourcer."),
        ("Combination", "The organization uses insourcing and outsourcing together. A responsible team and a contractor should be specified by the organization."),
        ("Unassigned", "Although the organization recognises a service, but there is no assignee in the organization."),
        ("+5 points", "Documented operation is authorized by CISO or other organizational director who has proper responsibilities"),
        ("+4 points", "Operation is documented and others can play the role of existing operator"),
        ("+3 points", "Operation isn't documented and others can play the partial role of existing operator temporarily"),
        ("+2 points", "Operation isn't documented and the existing operator can play role"),
        ("+1 point", "Operation isn't working"),
        ("N/A", "Decided not to implement by insourcing"),
        ("+5 points", "Content of service and expected output are understood and their outputs are as expected"),
        ("+4 points", "Content of service and expected output are understood but their outputs aren't as expected"),
        ("+3 points", "Either content of service or expected output isn't understood"),
        ("+2 points", "Both content of service and expected output aren't understood"),
        ("+1 point", "Nether output nor report isn't reviewed"),
        ("N/A", "Decided not to implement by outsourcing"),
    ],
}
# Table 3's two lists are headed as the standard heads them.
SUBHEADS = {"ja": ["インソースの場合", "アウトソースの場合"], "en": ["For insource:", "For outsource:"]}
NOTE_94 = "なお、サービススコアを付けるにあたり、インソースとアウトソースなどサービスの形態ごとに異なる基準での評価となることに留意する。"
# The guide's own sections, and a phrase each must hold.
SECTIONS = {
    "ja": [("独自サービスの追加", "A〜I"), ("併用のスコア", NOTE_94), ("本ツール独自の集計", "達成率")],
    "en": [("Adding your own services", "A–I"), ("Scoring a Combination", "Combination"), ("This tool's own figures", "Achievement")],
}
# Excel row down to which the drop-downs and the self-check formulas reach.
INPUT_ROWS_TO = 1000


def squeeze(s):
    return " ".join(str(s).split())


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
        "score": {"1", "2", "3", "4", "5", NA[lang]},
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
    def __init__(self, path, recalc=False):
        self.path = path
        self.recalc = recalc
        self.failures = []

    def check_words(self, wb, lang, names):
        """The standard's words quoted verbatim; 適用外; no 成熟度 / maturity."""
        guide = wb[names["sheets"][2]]
        rows = [[squeeze(c.value) if isinstance(c.value, str) else "" for c in r] for r in guide.iter_rows()]
        cells = [t for r in rows for t in r if t]
        pairs = {(r[0], r[1]) for r in rows if len(r) > 1}
        for title in TITLES[lang]:
            self.check(title in cells, f"guide: no heading {title!r} (the standard's title)")
        for key, text in VERBATIM[lang]:
            self.check((squeeze(key), squeeze(text)) in pairs, f"guide: no row {key!r} | {text[:40]!r}… quoted word for word")
        for sub in SUBHEADS[lang]:
            self.check(sub in cells, f"guide: Table 3 lacks the heading {sub!r}")
        # Nothing else is headed as a table or figure of the standard.
        heading = re.compile(r"^(?:X\.1060 )?(?:表|Table|図|Figure)\s*\d")
        for t in cells:
            if heading.match(t):
                self.check(t in TITLES[lang], f"guide: {t[:50]!r} is headed as the standard's table but is not its title")
        # A source line under each quoted table or figure.
        for title in TITLES[lang]:
            i = next((k for k, r in enumerate(rows) if title in r), None)
            if i is not None:
                below = rows[i + 1][0] if i + 1 < len(rows) and rows[i + 1] else ""
                self.check(below.startswith(("出典", "Source")), f"guide: no source line under {title!r}")
        # The guide's own sections.
        text = "\n".join(cells)
        for section, phrase in SECTIONS[lang]:
            if self.check(section in cells, f"guide: no section {section!r}"):
                after = text[text.index(section):]
                self.check(phrase in after[:1500], f"guide: section {section!r} does not say {phrase[:30]!r}")
        # 適用外, and no maturity anywhere we write (portfolio, guide, lists).
        seen = []
        for name in (names["sheets"][0], names["sheets"][2], names["sheets"][3]):
            ws = wb[name]
            seen += [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
            for dv in ws.data_validations.dataValidation:
                seen += [dv.promptTitle or "", dv.prompt or "", dv.errorTitle or "", dv.error or ""]
        p = wb.properties
        seen += [p.title or "", p.subject or "", p.description or "", p.keywords or ""]
        for t in seen:
            self.check("成熟度" not in t and "maturity" not in t.lower(), f"a score is called a maturity: {t[:60]!r}")
            if lang == "ja":
                self.check("評価対象外" not in t, f"N/A written 評価対象外, not 適用外: {t[:60]!r}")
        if lang == "ja":
            self.check(any("適用外" in t for t in seen), "適用外 appears nowhere")

    def check_rows_added(self, wb, lang, names, header_row, last, headers):
        """Adds A-14 and X-1 below the 64, recalculates in LibreOffice, reads the self-check."""
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not self.check(soffice is not None, "--recalc needs LibreOffice (soffice) on the PATH"):
            return
        from openpyxl.formula.translate import Translator

        ws = wb[names["sheets"][0]]
        col = {k: headers.get(names[k]) for k in ("level", "assignment", "team", "as_is", "to_be")}
        gap_col = next((c for h, c in headers.items() if h.startswith("x1060:")), None)
        if not self.check(None not in col.values() and gap_col, "cannot find the input and gap columns"):
            return
        level = {"ja": "ベーシック", "en": "Basic"}[lang]
        insource = {"ja": "インソース", "en": "Insourcing"}[lang]
        # A-14 in category A: 2 → 4. X-1, an own letter: 1 → 5.
        for r, (letter, sid, a, t) in enumerate([("A", "A-14", 2, 4), ("X", "X-1", 1, 5)], start=last + 1):
            ws.cell(r, 1).value = letter
            ws.cell(r, 2).value = sid
            ws.cell(r, 3).value = "own service"
            ws.cell(r, col["level"]).value = level
            ws.cell(r, col["assignment"]).value = insource
            ws.cell(r, col["team"]).value = "SOC"
            ws.cell(r, col["as_is"]).value = a
            ws.cell(r, col["to_be"]).value = t
            src = ws.cell(last, gap_col)
            ws.cell(r, gap_col).value = Translator(src.value, origin=src.coordinate).translate_formula(ws.cell(r, gap_col).coordinate)
        with tempfile.TemporaryDirectory() as tmp:
            added = os.path.join(tmp, "added.xlsx")
            wb.save(added)  # openpyxl stores no formula results: LibreOffice computes them all
            outdir = os.path.join(tmp, "out")
            env = dict(os.environ, HOME=tmp)
            r = subprocess.run([soffice, "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                                "--outdir", outdir, added], capture_output=True, text=True, env=env, timeout=300)
            result = os.path.join(outdir, "added.xlsx")
            if not self.check(r.returncode == 0 and os.path.exists(result), f"LibreOffice could not recalculate: {r.stderr.strip()[:200]}"):
                return
            rv = openpyxl.load_workbook(result, data_only=True)[names["sheets"][1]]
        head = {squeeze(c.value): c.column for c in rv[4] if isinstance(c.value, str)}
        listed = next((c for h, c in head.items() if "掲載" in h or "listed" in h.lower()), None)
        mean_as_is = next((c for h, c in head.items() if "As-Is" in h and ("平均" in h or "Mean" in h)), None)
        mean_gap = next((c for h, c in head.items() if ("ギャップ" in h or "gap" in h.lower()) and ("平均" in h or "Mean" in h)), None)
        if not self.check(None not in (listed, mean_as_is, mean_gap), f"self-check headers not found: {list(head)}"):
            return
        row_of = {rv.cell(r, 1).value: r for r in range(5, rv.max_row + 1)}
        overall = next((r for r in range(5, rv.max_row + 1) if rv.cell(r, 2).value in ("全体", "Overall")), None)
        a = row_of.get("A")
        if not self.check(a and overall, "self-check: no row A or overall"):
            return
        # Hand-computed: A lists 13 + A-14 = 14; overall 64 + 2 = 66. Only the
        # two added rows are scored: A mean As-Is 2, mean gap 4 − 2 = 2.
        self.check(rv.cell(overall, listed).value == 66, f"rows added below: overall lists {rv.cell(overall, listed).value}, expected 66")
        self.check(rv.cell(a, listed).value == 14, f"rows added below: A lists {rv.cell(a, listed).value}, expected 14")
        self.check(rv.cell(a, mean_as_is).value == 2, f"rows added below: A mean As-Is {rv.cell(a, mean_as_is).value}, expected 2")
        self.check(rv.cell(a, mean_gap).value == 2, f"rows added below: A mean gap {rv.cell(a, mean_gap).value}, expected 2")

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
                    if c1 <= col <= c2 and r1 <= header_row + 1 and r2 >= max(last, INPUT_ROWS_TO):
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
        # The table runs from row 5 to its first blank row: 9 categories, the
        # assignment types, 4 phases, and the overall row last.
        last_row = 5
        while sc_cached.cell(last_row + 1, 1).value not in (None, ""):
            last_row += 1
        counts = [sc_cached.cell(r, 3).value for r in range(5, last_row + 1)]
        self.check(all(isinstance(v, (int, float)) for v in counts), f"cached counts are not numbers: {counts}")
        self.check(counts[-1] == 64, f"the overall row lists {counts[-1]} services, expected 64")
        listed = sum(v for v in counts[:9] if isinstance(v, (int, float)))
        self.check(listed == 64, f"the categories list {listed} services, expected 64")
        self.check(len(sc._charts) == 2, f"{len(sc._charts)} charts on the self-check sheet, expected 2")

        # The self-check formulas reach row 1000 (rows added below count).
        self.check(
            any(f"${INPUT_ROWS_TO}" in str(c.value) for row in sc.iter_rows() for c in row),
            f"no self-check formula reaches row {INPUT_ROWS_TO}",
        )

        self.check_words(wb, lang, names)
        if self.recalc:
            self.check_rows_added(wb, lang, names, header_row, last, headers)

        # Document properties.
        p = wb.properties
        self.check("X.1060" in (p.title or ""), f"title {p.title!r} does not name X.1060")
        self.check("X.1060" in (p.subject or ""), f"subject {p.subject!r} does not name the X.1060 edition")
        self.check("x1060" in (p.description or ""), f"comments {p.description!r} do not name the generator")


def main(argv):
    recalc = "--recalc" in argv[1:]
    paths = [a for a in argv[1:] if a != "--recalc"]
    if not paths or any(a in ("-h", "--help") for a in argv[1:]):
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    failures = []
    for path in paths:
        if not os.path.exists(path):
            print(f"check_template: {path}: no such file", file=sys.stderr)
            return 2
        c = Checker(path, recalc)
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
    print(f"check_template: {len(paths)} template(s) ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
