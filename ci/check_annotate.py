#!/usr/bin/env python3
"""Checks an annotated workbook against its original with readers that are
not x1060's (zipfile + regular expressions on the parts, openpyxl,
LibreOffice, pdftotext):

    check_annotate.py ANNOTATED --original ORIGINAL [--recalc] [--live] [--pdf]
    check_annotate.py --same FIRST SECOND      (a re-run changed nothing)

- openpyxl opens it (keeping the macro project of an .xlsm);
- part by part (ORIGINAL .xlsx / .xlsm): every part is still there, and
  byte for byte the same unless annotate must change it (content types, the
  workbook and its rels, styles, the portfolio sheet, its rels, comments and
  VML); in styles the original fonts, fills, borders, formats come first and
  in order; on the portfolio sheet every original cell element is there
  verbatim, and so are merges, conditional formats, validations,
  hyperlinks, the pane, page setup, drawings and outline groups; every
  defined name and sheet of the workbook part is there verbatim; every
  comment of the user's keeps its text, ours below it; with openpyxl every
  original cell keeps its value, number format, font, fill and border;
- the added columns lie outside the portfolio's print area;
- --recalc: LibreOffice, given a copy with every stored formula result
  removed, computes what the stored results say;
- --live: a score in the user's own As-Is column is changed (and a pinned
  one like `3点` replaced by a plain number), LibreOffice recalculates, and
  the self-check shows per category and overall the figures worked out here
  from the changed cells (RULES.md: scored services only);
- --live --split: the portfolio is split over several sheets (one per
  category, or the list in two): every sheet has the added columns, the
  score changed is on the second sheet, and the self-check's figures are
  worked out here from every sheet's cells;
- --pdf: LibreOffice renders original and annotated; a service name on the
  portfolio pages is printed at the same size in both (our columns do not
  shrink the page).

Exits 1 with one line per problem; 0 and a one-line summary when all holds.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from openpyxl import load_workbook

OURS_COLUMN = 'x1060:'
SELF_CHECK = ('セルフチェック', 'Self-check')
problems = []


def fail(msg):
    problems.append(msg)


def parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def text(b):
    return b.decode('utf-8', 'replace')


def sheet_parts(p):
    """Sheet name -> part, from the workbook part and its rels."""
    wb, rels = text(p['xl/workbook.xml']), text(p['xl/_rels/workbook.xml.rels'])
    targets = {}
    for rel in re.findall(r'<Relationship [^>]*>', rels):
        i, t = re.search(r'Id="([^"]+)"', rel), re.search(r'Target="([^"]+)"', rel)
        if i and t:
            t = t.group(1).lstrip('/')
            targets[i.group(1)] = t if t.startswith('xl/') else 'xl/' + t
    out = {}
    for el in re.findall(r'<sheet [^>]*>', wb):
        name, rid = re.search(r'name="([^"]*)"', el), re.search(r'r:id="([^"]*)"', el)
        if name and rid and rid.group(1) in targets:
            out[unescape(name.group(1))] = targets[rid.group(1)]
    return out


def unescape(s):
    return (s.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"')
            .replace('&apos;', "'").replace('&amp;', '&'))


def rels_of(p, part):
    d, f = part.rsplit('/', 1)
    xml = text(p.get(f'{d}/_rels/{f}.rels', b''))
    out = []
    for rel in re.findall(r'<Relationship [^>]*>', xml):
        t = re.search(r'Target="([^"]+)"', rel).group(1)
        if 'TargetMode="External"' in rel:
            continue
        out.append(t.lstrip('/') if t.startswith('/') else os.path.normpath(os.path.join(d, t)).replace('\\', '/'))
    return out


def portfolio_sheets(p):
    """Sheets holding `x1060:` headers (inline strings or shared strings)."""
    out = []
    sst = text(p.get('xl/sharedStrings.xml', b''))
    for name, part in sheet_parts(p).items():
        xml = text(p.get(part, b''))
        if f'<t>{OURS_COLUMN}' in xml or f'<t xml:space="preserve">{OURS_COLUMN}' in xml:
            out.append((name, part))
        elif OURS_COLUMN in sst and '<is><t' not in xml and OURS_COLUMN in xml:
            out.append((name, part))
    return out


def elements(xml, local):
    """Raw elements `local` (empty or with a body, not nested in themselves)."""
    return re.findall(rf'<{local}(?:\s[^>]*)?/>|<{local}(?:\s[^>]*)?>.*?</{local}>', xml, re.S)


def check_parts(original, annotated):
    o, a = parts(original), parts(annotated)
    pf = portfolio_sheets(a)
    if not pf:
        fail('no sheet holds the added x1060: columns')
        return None
    may = {'[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml'}
    for _, part in pf:
        d, f = part.rsplit('/', 1)
        may |= {part, f'{d}/_rels/{f}.rels'}
        may |= {r for r in rels_of(a, part) if r.endswith('.vml') or '/comments' in r}
    lost = [n for n in o if n not in a and n != 'xl/calcChain.xml']
    if lost:
        fail(f'parts dropped: {lost}')
    changed = [n for n in o if n in a and n not in may and o[n] != a[n]]
    if changed:
        fail(f'parts changed that annotate must not change: {changed}')
    # Styles: the original children first, in order.
    so, sa = text(o['xl/styles.xml']), text(a['xl/styles.xml'])
    for section in ('numFmts', 'fonts', 'fills', 'borders', 'cellStyleXfs', 'cellXfs', 'cellStyles', 'dxfs'):
        eo, ea = elements(so, section), elements(sa, section)
        if not eo:
            continue
        inner = lambda x: re.sub(r'^<[^>]*>|</[^>]*>$', '', x) if not x.endswith('/>') else ''
        if not ea or not inner(ea[0]).startswith(inner(eo[0])):
            fail(f'styles: the original {section} are not kept first and in order')
    # The portfolio sheet: every original cell and dressing element verbatim.
    for name, part in pf:
        xo, xa = text(o.get(part, b'')), text(a[part])
        cells = elements(xo, 'c')
        missing = [c for c in cells if c not in xa]
        if missing:
            fail(f'{name}: {len(missing)} of {len(cells)} original cells changed, e.g. {missing[0][:120]}')
        for local in ('mergeCells', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'pane',
                      'pageSetup', 'printOptions', 'pageMargins', 'headerFooter', 'drawing', 'legacyDrawing',
                      'tableParts', 'sheetFormatPr'):
            for el in elements(xo, local):
                if el not in xa:
                    fail(f'{name}: {local} changed or lost: {el[:120]}')
        for row in re.findall(r'<row [^>]*outlineLevel[^>]*>', xo):
            tag = re.sub(r' spans="[^"]*"', '', row).rstrip('/>').rstrip('>')
            if tag not in re.sub(r' spans="[^"]*"', '', xa):
                fail(f'{name}: outline group lost: {tag}')
        # Comments: the user's text first, unchanged.
        for c_part in [r for r in rels_of(o, part) if '/comments' in r]:
            co, ca = text(o[c_part]), text(a.get(c_part, b''))
            for ref, body in re.findall(r'<comment ref="([A-Z]+[0-9]+)"[^>]*>(.*?)</comment>', co, re.S):
                theirs = ''.join(re.findall(r'<t[^>]*>(.*?)</t>', body, re.S))
                m = re.search(rf'<comment ref="{ref}"[^>]*>(.*?)</comment>', ca, re.S)
                now = ''.join(re.findall(r'<t[^>]*>(.*?)</t>', m.group(1), re.S)) if m else ''
                if not now.startswith(theirs):
                    fail(f'{name}!{ref}: the user\'s comment {theirs!r} became {now!r}')
    wo, wa = text(o['xl/workbook.xml']), text(a['xl/workbook.xml'])
    for local in ('definedName', 'sheet'):
        for el in elements(wo, local):
            if el not in wa:
                fail(f'workbook: {local} changed or lost: {el[:120]}')
    if 'vbaProject' in text(o.get('xl/_rels/workbook.xml.rels', b'')):
        if o.get('xl/vbaProject.bin') != a.get('xl/vbaProject.bin'):
            fail('the macro project (xl/vbaProject.bin) changed or was lost')
        if 'macroEnabled' not in text(a['[Content_Types].xml']):
            fail('the workbook is no longer macro-enabled')
    return pf


def check_cells(original, annotated, pf):
    """openpyxl: every original cell keeps value, number format, font, fill, border."""
    keep_vba = annotated.lower().endswith('.xlsm')
    wo = load_workbook(original, keep_vba=keep_vba)
    wa = load_workbook(annotated, keep_vba=keep_vba)
    n = 0
    for ws in wo.worksheets:
        if ws.title not in wa.sheetnames:
            fail(f'sheet {ws.title} lost')
            continue
        b = wa[ws.title]
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                d = b[c.coordinate]
                n += 1
                for attr in ('value', 'number_format', 'font', 'fill', 'border'):
                    x, y = getattr(c, attr), getattr(d, attr)
                    if attr not in ('value', 'number_format'):
                        x, y = repr(x), repr(y)  # style proxies compare by identity
                    if x != y:
                        fail(f'{ws.title}!{c.coordinate}: {attr} {x!r} became {y!r}'[:300])
                        break
    raw_areas = print_areas(annotated)
    for name, _ in pf:
        ws = wa[name]
        # openpyxl 3.1 reads no print area for a sheet whose name needs quotes
        # (a space): then the workbook part's own definedName is read.
        area = ws.print_area or raw_areas.get(wa.sheetnames.index(name))
        if not area:
            fail(f'{name}: no print area')
            continue
        last = max(col_index(m) for m in re.findall(r'\$([A-Z]+)\$\d+', area))
        added = [c.column for row in ws.iter_rows(max_row=12) for c in row
                 if isinstance(c.value, str) and c.value.startswith(OURS_COLUMN)]
        if added and min(added) <= last:
            fail(f'{name}: the added columns fall inside the print area {area}')
    return n


def print_areas(path):
    """Sheet index → its print area, as the workbook part defines it."""
    xml = text(parts(path).get('xl/workbook.xml', b''))
    found = re.findall(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)"[^>]*>([^<]*)</definedName>', xml)
    return {int(i): unescape(v) for i, v in found}


def col_index(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def libreoffice(src, tmp, fmt='xlsx:Calc MS Excel 2007 XML'):
    soffice = shutil.which('soffice') or shutil.which('libreoffice')
    if not soffice:
        fail('LibreOffice (soffice) is needed on the PATH')
        return None
    outdir = os.path.join(tmp, 'out')
    env = dict(os.environ, HOME=tmp)
    r = subprocess.run([soffice, '--headless', '--calc', '--convert-to', fmt, '--outdir', outdir, src],
                       capture_output=True, text=True, env=env, timeout=300)
    ext = fmt.split(':')[0]
    out = os.path.join(outdir, os.path.splitext(os.path.basename(src))[0] + '.' + ext)
    if r.returncode != 0 or not os.path.exists(out):
        fail(f'LibreOffice could not convert {os.path.basename(src)}: {r.stderr.strip()[:200]}')
        return None
    return out


def strip_results(path, dest, edit=None):
    """A copy with every stored formula result removed; `edit(name, xml)` may change sheets."""
    names = {v: k for k, v in sheet_parts(parts(path)).items()}
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(dest, 'w', zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename.startswith('xl/worksheets/sheet'):
                xml = text(data)
                if edit and info.filename in names:
                    xml = edit(names[info.filename], xml)
                xml = re.sub(r'(<c [^>]*?)(?: t="(?:str|b|e|n)")?>(<f>[^<]*</f>)<v>[^<]*</v>', r'\1>\2', xml)
                data = xml.encode('utf-8')
            out.writestr(info, data)


def check_recalc(path):
    wv = load_workbook(path, data_only=True)
    with tempfile.TemporaryDirectory() as tmp:
        stripped = os.path.join(tmp, 'stripped.xlsx')
        strip_results(path, stripped)
        result = libreoffice(stripped, tmp)
        if not result:
            return 0
        rv = load_workbook(result, data_only=True)
    n = 0
    for name in wv.sheetnames:
        for row in wv[name].iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    continue
                w = rv[name][c.coordinate].value
                n += 1
                if not isinstance(w, (int, float)) or abs(v - w) > 1e-9 * max(1.0, abs(v)):
                    fail(f'{name}!{c.coordinate}: stored {v!r}, LibreOffice computes {w!r}')
    return n


# --- the figures by hand (RULES.md → What is computed) ----------------------

LEVELS = {'ベーシック': 'Basic', 'basic': 'Basic', 'スタンダード': 'Standard', 'standard': 'Standard',
          'アドバンスド': 'Advanced', 'アドバンスト': 'Advanced', 'advanced': 'Advanced',
          'オプション': 'Optional', 'optional': 'Optional', '不要': 'Unnecessary', 'unnecessary': 'Unnecessary'}


def score(v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return int(v) if v == int(v) and 1 <= v <= 5 else None
    if isinstance(v, str):
        m = re.fullmatch(r'\s*\+?([1-5])(?:\.0)?\s*(点|pts?)?\s*', v.translate(str.maketrans('０１２３４５', '012345')))
        return int(m.group(1)) if m else None
    return None


def level(v):
    if not isinstance(v, str):
        return None
    return LEVELS.get(v.strip().lower())


def columns(ws):
    """Header columns of the user's table: ID, level, As-Is, To-Be (1-based)."""
    found = {}
    for row in ws.iter_rows(max_row=12):
        for c in row:
            if not isinstance(c.value, str) or c.value.startswith(OURS_COLUMN):
                continue
            h = c.value.replace('\n', ' ')
            for key, words in (('id', ('ID',)), ('level', ('推奨レベル', 'Level')), ('as_is', ('現状', 'As-Is')),
                               ('to_be', ('あるべき姿', 'To-Be'))):
                if key not in found and any(w.lower() in h.lower() for w in words):
                    found[key] = c.column
    return found


def hand_figures(sheets):
    """Per category and overall over every `(ws, cols)` of the portfolio:
    (scored count, mean As-Is, mean To-Be)."""
    groups = {}
    for ws, cols in sheets:
        hand_rows(ws, cols, groups)
    return {g: (len(v), sum(a for a, _ in v) / len(v), sum(t for _, t in v) / len(v)) for g, v in groups.items()}


def hand_rows(ws, cols, groups):
    for row in ws.iter_rows(min_row=1):
        rid = row[cols['id'] - 1].value
        m = re.fullmatch(r'([A-I])-(\d+)', str(rid).strip()) if rid else None
        if not m:
            continue
        lv = level(row[cols['level'] - 1].value)
        a, t = score(row[cols['as_is'] - 1].value), score(row[cols['to_be'] - 1].value)
        if lv == 'Unnecessary' or a is None or t is None:
            continue
        for g in (m.group(1), 'A–I'):
            groups.setdefault(g, []).append((a, t))


def check_live(path, pf, split=False):
    """With `split` (a portfolio over several sheets) the score changed is
    on the portfolio's second sheet, and the figures by hand count every
    sheet's rows."""
    name = pf[1][0] if split and len(pf) > 1 else pf[0][0]
    if split and len(pf) < 2:
        fail(f'--split: the added columns are on {len(pf)} sheet(s), expected every sheet of the portfolio')
        return 0
    wa = load_workbook(path)
    ws = wa[name]
    cols = columns(ws)
    if len(cols) < 4:
        fail(f'--live: the user\'s columns were not found on {name}: {cols}')
        return 0
    changes = {}
    for row in ws.iter_rows():
        rid, a = row[cols['id'] - 1].value, row[cols['as_is'] - 1]
        if not (rid and re.fullmatch(r'[A-I]-\d+', str(rid).strip())):
            continue
        if isinstance(a.value, str) and score(a.value) and not changes.get('pinned'):
            changes['pinned'] = (a.coordinate, 5)
        elif isinstance(a.value, (int, float)) and not changes.get('plain') and level(row[cols['level'] - 1].value):
            changes['plain'] = (a.coordinate, 1 if a.value != 1 else 4)
    edits = dict(changes.values())

    def edit(sheet, xml):
        if sheet != name:
            return xml
        for ref, v in edits.items():
            def cell(m, ref=ref, v=v):
                attrs = re.sub(r' t="[^"]*"', '', m.group(1))
                return f'<c r="{ref}"{attrs}><v>{v}</v></c>'
            xml = re.sub(rf'<c r="{ref}"([^>]*?)(?:/>|>.*?</c>)', cell, xml, count=1, flags=re.S)
        return xml

    with tempfile.TemporaryDirectory() as tmp:
        changed = os.path.join(tmp, 'changed.xlsx')
        strip_results(path, changed, edit)
        result = libreoffice(changed, tmp)
        if not result:
            return 0
        rv = load_workbook(result, data_only=True)
    user = rv[name]
    for ref, v in edits.items():
        if user[ref].value != v:
            fail(f'--live: {name}!{ref} should read {v} after the change, reads {user[ref].value!r}')
    own = [(rv[n], columns(rv[n])) for n, _ in pf] if split else [(user, cols)]
    want = hand_figures(own)
    check = next((s for s in rv.sheetnames if s.startswith(SELF_CHECK)), None)
    if not check:
        fail('--live: no self-check sheet')
        return 0
    sc = rv[check]
    head = next(r for r in sc.iter_rows() if r[0].value in ('区分', 'Group'))
    idx = {c.value: c.column for c in head if c.value}
    key = lambda *ws: next(idx[h] for h in idx if any(w in str(h) for w in ws))
    c_scored = key('スコア記入済み', 'Scored')
    c_as, c_to = key('現状 (As-Is) 平均', 'Mean As-Is'), key('あるべき姿 (To-Be) 平均', 'Mean To-Be')
    n = 0
    for row in sc.iter_rows(min_row=head[0].row + 1):
        g = row[0].value
        if g not in want or (isinstance(row[1].value, str) and row[1].value.startswith(('割り当て', 'Assignment'))):
            continue
        cnt, ma, mt = want[g]
        got = (row[c_scored - 1].value, row[c_as - 1].value, row[c_to - 1].value)
        if got[0] != cnt or abs((got[1] or 0) - ma) > 1e-9 or abs((got[2] or 0) - mt) > 1e-9:
            fail(f'--live: {check} {g}: LibreOffice shows scored/As-Is/To-Be {got}, by hand {(cnt, ma, mt)}')
        n += 1
    if n < 10:
        fail(f'--live: only {n} self-check rows compared')
    return n


def glyph_height(pdf, word):
    """The height of the first word on the PDF's pages containing `word`."""
    r = subprocess.run(['pdftotext', '-bbox', pdf, '-'], capture_output=True, text=True)
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                         r.stdout):
        if word in m.group(5):
            return float(m.group(4)) - float(m.group(2))
    return None


def check_pdf(original, annotated, pf):
    name = pf[0][0]
    wa = load_workbook(annotated)
    cols = columns(wa[name])
    probe = None
    for row in wa[name].iter_rows():
        if cols.get('id') and row[cols['id'] - 1].value == 'A-2':
            probe = next((c.value for c in row[cols['id']:] if isinstance(c.value, str) and len(c.value) > 3), None)
            break
    if not probe:
        fail('--pdf: no service name to measure')
        return
    heights = []
    with tempfile.TemporaryDirectory() as tmp:
        for src in (original, annotated):
            copy = os.path.join(tmp, ('a' if src == annotated else 'o') + os.path.splitext(src)[1])
            shutil.copy(src, copy)
            pdf = libreoffice(copy, tmp, 'pdf')
            heights.append(glyph_height(pdf, probe[:4]) if pdf else None)
    if None in heights:
        fail(f'--pdf: {probe!r} not found in the rendered pages: {heights}')
    elif abs(heights[0] - heights[1]) > 0.05 * heights[0]:
        fail(f'--pdf: {probe!r} prints {heights[1]:.1f} pt high annotated, {heights[0]:.1f} pt in the original')


def check_same(first, second):
    a, b = parts(first), parts(second)
    if sorted(a) != sorted(b):
        fail(f'a re-run changed the parts: {sorted(set(a) ^ set(b))}')
    for n in a:
        if n in b and a[n] != b[n]:
            fail(f'a re-run changed {n}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('annotated', nargs='?')
    ap.add_argument('--original')
    ap.add_argument('--recalc', action='store_true')
    ap.add_argument('--live', action='store_true')
    ap.add_argument('--split', action='store_true',
                    help='the portfolio is split over several sheets: change a score on the second')
    ap.add_argument('--pdf', action='store_true')
    ap.add_argument('--same', nargs=2, metavar=('FIRST', 'SECOND'))
    args = ap.parse_args()
    if args.same:
        check_same(*args.same)
        summary = f'{os.path.basename(args.same[1])}: a re-run changed nothing'
    else:
        pf = check_parts(args.original, args.annotated)
        n_cells = check_cells(args.original, args.annotated, pf) if pf else 0
        n_recalc = check_recalc(args.annotated) if args.recalc else 0
        n_live = check_live(args.annotated, pf, args.split) if args.live and pf else 0
        if args.pdf and pf:
            check_pdf(args.original, args.annotated, pf)
        summary = (f'{os.path.basename(args.annotated)}: parts kept, {n_cells} original cells as they were'
                   + (f', {n_recalc} stored results recomputed by LibreOffice' if args.recalc else '')
                   + (f', {n_live} self-check rows follow a changed score' if args.live else '')
                   + (', portfolio printed at its original size' if args.pdf else ''))
    if problems:
        for p in problems:
            print(p)
        sys.exit(1)
    print(summary)


if __name__ == '__main__':
    main()
