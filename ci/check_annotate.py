#!/usr/bin/env python3
"""Checks an annotated workbook written by `x1060 annotate`, as a spreadsheet
program other than ours would read it (openpyxl).

    python3 ci/check_annotate.py ANNOTATED.xlsx [--original ORIGINAL.xlsx]

Asserts that
  - the added sheets are there (self-check, priorities, findings; Japanese or
    English names) and no sheet was added twice;
  - every formula on the self-check sheet carries a stored result (loaded
    twice: formulas, then stored values; and in the sheet XML, a <v> after
    every <f>), and the overall row holds numbers;
  - the portfolio sheet has the added `x1060:` columns once, and every cell
    the findings sheet names on it carries a note holding that rule ID;
  - with --original: every original sheet is there in the original order with
    the same visibility, every original value is in place, and the data
    validations of the original portfolio sheet are kept;
  - with --recalc: LibreOffice (soffice), given a copy with every stored
    formula result removed, computes the same numbers as the stored ones on
    every sheet (so the formulas say what the stored results say).

Exits 1 with one line per problem; 0 and a one-line summary when all holds.
"""
import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

SELF_CHECK = ('x1060 自己診断', 'x1060 Self-check')
PRIORITIES = ('x1060 優先順位', 'x1060 Priorities')
FINDINGS = ('x1060 指摘', 'x1060 Findings')
OURS_SHEET = 'x1060 '
OURS_COLUMN = 'x1060:'

problems = []


def fail(msg):
    problems.append(msg)


def one_of(names, wanted, what):
    found = [n for n in names if n in wanted]
    if len(found) != 1:
        fail(f'expected one {what} sheet ({" or ".join(wanted)}), found {found or "none"}')
        return None
    return found[0]


def sheet_xml_paths(path):
    """Sheet name -> part name inside the zip, from workbook.xml and its rels."""
    with zipfile.ZipFile(path) as z:
        wb = z.read('xl/workbook.xml').decode('utf-8')
        rels = z.read('xl/_rels/workbook.xml.rels').decode('utf-8')
    targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for attrs in re.findall(r'<sheet ([^>]*)/?>', wb):
        name = re.search(r'name="([^"]*)"', attrs)
        rid = re.search(r'r:id="([^"]*)"', attrs)
        if name and rid and rid.group(1) in targets:
            t = targets[rid.group(1)].lstrip('/')
            out[unescape(name.group(1))] = t if t.startswith('xl/') else 'xl/' + t
    return out


def unescape(s):
    return (s.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"')
            .replace('&apos;', "'").replace('&amp;', '&'))


def check_self_check(path, wf, wv, name):
    ws_f, ws_v = wf[name], wv[name]
    formulas = 0
    uncached = []
    for row in ws_f.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith('='):
                formulas += 1
                v = ws_v[c.coordinate].value
                if v is None:
                    uncached.append(c.coordinate)
    if formulas < 9 * 10:
        fail(f'{name}: only {formulas} formulas (expected the per-category table)')
    # openpyxl reads an empty stored text result as None: ask the XML whether a <v> is there.
    part = sheet_xml_paths(path).get(name)
    with zipfile.ZipFile(path) as z:
        xml = z.read(part).decode('utf-8')
    cells = re.findall(r'<c r="([A-Z]+[0-9]+)"[^>]*>(.*?)</c>', xml)
    no_v = [ref for ref, body in cells if '<f>' in body and '<v>' not in body and '<v/>' not in body]
    if no_v:
        fail(f'{name}: formulas with no stored result at {", ".join(no_v[:10])}')
    really_empty = [ref for ref in uncached if ref not in dict(cells) or '<v></v>' not in dict(cells)[ref]]
    if really_empty:
        fail(f'{name}: formulas whose stored result is missing: {", ".join(really_empty[:10])}')
    # The overall row: the last row of the table, whose first column says A–I.
    overall = None
    for row in ws_v.iter_rows():
        if row[0].value in ('A–I', 'A-I'):
            overall = row
    if overall is None:
        fail(f'{name}: no overall row (A–I)')
    else:
        nums = [c.value for c in overall[2:] if isinstance(c.value, (int, float))]
        if len(nums) < 10:
            fail(f'{name}: the overall row holds {len(nums)} stored numbers, expected at least 10')
    return formulas


def portfolio_sheet(wf):
    """The sheet with `x1060:` headers, and the columns they head."""
    found = []
    for ws in wf.worksheets:
        if ws.title.startswith(OURS_SHEET):
            continue
        heads = [c for row in ws.iter_rows(max_row=60) for c in row
                 if isinstance(c.value, str) and c.value.startswith(OURS_COLUMN)]
        if heads:
            found.append((ws, heads))
    if len(found) != 1:
        fail(f'expected one sheet with {OURS_COLUMN} columns, found {[w.title for w, _ in found]}')
        return None, []
    return found[0]


def check_notes(wv, portfolio, findings_name):
    """Every cell the findings sheet names on the portfolio sheet has a note with the rule ID."""
    fs = wv[findings_name]
    header = None
    refs = []
    for row in fs.iter_rows(values_only=True):
        if header is None:
            if row and row[0] in ('規則', 'Rule'):
                header = row
            continue
        rule, _sev, sheet, cell = row[0], row[1], row[2], row[3]
        if rule and sheet == portfolio.title and cell and ':' not in str(cell):
            refs.append((str(cell), rule))
    if header is None:
        fail(f'{findings_name}: no table header (規則 / Rule)')
        return 0
    ws = wv[portfolio.title]
    for cell, rule in refs:
        comment = ws[cell].comment
        if comment is None:
            fail(f'{portfolio.title}!{cell}: {rule} is reported there but the cell has no note')
        elif rule not in comment.text:
            fail(f'{portfolio.title}!{cell}: the note does not mention {rule}')
        elif ws[cell].fill is None or ws[cell].fill.fgColor is None or ws[cell].fill.fill_type != 'solid':
            fail(f'{portfolio.title}!{cell}: {rule} is reported there but the cell is not coloured')
    return len(refs)


def same(a, b):
    if a == b:
        return True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    if isinstance(a, datetime.datetime) and isinstance(b, datetime.datetime):
        return abs((a - b).total_seconds()) < 1
    if isinstance(a, (datetime.date, datetime.time)) or isinstance(b, (datetime.date, datetime.time)):
        return str(a)[:10] == str(b)[:10]
    return False


def check_original(original, wv, wf, portfolio, added_cols):
    ov = load_workbook(original, data_only=True)
    kept = [ws for ws in ov.worksheets if not ws.title.startswith(OURS_SHEET)]
    names = [ws.title for ws in wv.worksheets if not ws.title.startswith(OURS_SHEET)]
    if [ws.title for ws in kept] != names:
        fail(f'original sheets {[ws.title for ws in kept]} came out as {names}')
        return
    for o in kept:
        a = wv[o.title]
        if (o.sheet_state == 'visible') != (a.sheet_state == 'visible'):
            fail(f'{o.title}: visibility {o.sheet_state} became {a.sheet_state}')
        skip = set()
        if portfolio is not None and o.title == portfolio.title:
            # Columns an earlier annotate added are replaced, not kept.
            skip = {c.column for row in o.iter_rows(max_row=60) for c in row
                    if isinstance(c.value, str) and c.value.startswith(OURS_COLUMN)}
        lost = 0
        for row in o.iter_rows():
            for c in row:
                if c.value is None or c.column in skip:
                    continue
                b = a.cell(c.row, c.column).value
                if not same(c.value, b):
                    lost += 1
                    if lost <= 5:
                        fail(f'{o.title}!{c.coordinate}: {c.value!r} became {b!r}')
        if lost > 5:
            fail(f'{o.title}: {lost} values changed in all')
    if portfolio is not None:
        op = ov[portfolio.title]
        n_orig = len(op.data_validations.dataValidation)
        n_new = len(wf[portfolio.title].data_validations.dataValidation)
        if n_orig and not n_new:
            fail(f'{portfolio.title}: the original has {n_orig} data validations, the annotated none')


def check_recalc(path, wv):
    """Strips every stored formula result, has LibreOffice recalculate, compares."""
    soffice = shutil.which('soffice') or shutil.which('libreoffice')
    if not soffice:
        fail('--recalc needs LibreOffice (soffice) on the PATH')
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        stripped = os.path.join(tmp, 'stripped.xlsx')
        with zipfile.ZipFile(path) as z, zipfile.ZipFile(stripped, 'w', zipfile.ZIP_DEFLATED) as out:
            for info in z.infolist():
                data = z.read(info.filename)
                if info.filename.startswith('xl/worksheets/sheet'):
                    xml = data.decode('utf-8')
                    xml = re.sub(r'(<c [^>]*?)(?: t="(?:str|b|e|n)")?>(<f>[^<]*</f>)<v>[^<]*</v>', r'\1>\2', xml)
                    data = xml.encode('utf-8')
                out.writestr(info, data)
        outdir = os.path.join(tmp, 'out')
        env = dict(os.environ, HOME=tmp)  # a private LibreOffice profile
        r = subprocess.run([soffice, '--headless', '--calc', '--convert-to', 'xlsx:Calc MS Excel 2007 XML',
                            '--outdir', outdir, stripped], capture_output=True, text=True, env=env, timeout=300)
        result = os.path.join(outdir, 'stripped.xlsx')
        if r.returncode != 0 or not os.path.exists(result):
            fail(f'LibreOffice could not recalculate the workbook: {r.stderr.strip()[:200]}')
            return 0
        rv = load_workbook(result, data_only=True)
    compared = 0
    for name in wv.sheetnames:
        for row in wv[name].iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    continue
                w = rv[name][c.coordinate].value
                compared += 1
                if not isinstance(w, (int, float)) or abs(v - w) > 1e-9 * max(1.0, abs(v)):
                    fail(f'{name}!{c.coordinate}: stored {v!r}, LibreOffice computes {w!r}')
    return compared


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('annotated')
    ap.add_argument('--original', help='the workbook that was annotated: check that nothing of it was lost')
    ap.add_argument('--recalc', action='store_true',
                    help='have LibreOffice recompute every formula and compare with the stored results')
    args = ap.parse_args()
    try:
        wf = load_workbook(args.annotated)
        wv = load_workbook(args.annotated, data_only=True)
    except Exception as e:  # noqa: BLE001 - any failure to open is the finding
        print(f'{args.annotated}: cannot be opened by openpyxl: {e}', file=sys.stderr)
        return 1
    names = wf.sheetnames
    if len(names) != len(set(names)):
        fail(f'duplicate sheet names: {names}')
    sc = one_of(names, SELF_CHECK, 'self-check')
    pr = one_of(names, PRIORITIES, 'priorities')
    fn = one_of(names, FINDINGS, 'findings')
    formulas = check_self_check(args.annotated, wf, wv, sc) if sc else 0
    portfolio, heads = portfolio_sheet(wf)
    if portfolio is not None:
        labels = [h.value for h in heads]
        if len(labels) != len(set(labels)):
            fail(f'{portfolio.title}: added columns appear more than once: {labels}')
    notes = check_notes(wv, portfolio, fn) if (portfolio is not None and fn) else 0
    if args.original:
        check_original(args.original, wv, wf, portfolio, heads)
    recalculated = check_recalc(args.annotated, wv) if args.recalc else 0
    if problems:
        for p in problems:
            print(f'{args.annotated}: {p}', file=sys.stderr)
        return 1
    print(f'{args.annotated}: ok — {len(names)} sheets, {formulas} self-check formulas with stored results, '
          f'{len(heads)} added columns on {portfolio.title!r}, {notes} flagged cells with notes'
          + (f'; nothing of {args.original} lost' if args.original else '')
          + (f'; {recalculated} numbers recomputed alike by LibreOffice' if args.recalc else ''))
    return 0


if __name__ == '__main__':
    sys.exit(main())
