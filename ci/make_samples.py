#!/usr/bin/env python3
"""Writes the filled sample portfolios samples/sample-ja.xlsx and samples/sample-en.xlsx.

    python3 ci/make_samples.py          # needs openpyxl

A fictional organisation, 株式会社みなと精密工業 / Minato Precision Industries
Co., Ltd. (a mid-sized manufacturer running a small CSIRT/SOC with an MSSP),
filled in the way an ISOG-J user would: a cover sheet, title rows with the
organisation's name, a two-row header (サービススコア over 現状 / あるべき姿),
merged category cells, team and contractor columns, drop-down lists on a
hidden list sheet, the organisation's own columns (備考, 根拠資料, 見直し期限)
and an average row with formulas and their stored results.

A handful of deliberate problems, so `x1060 annotate` has something to show:

    B-4  Basic service left Unassigned                       P006 (warning), S006
    E-5  To-Be lower than As-Is                              S005 (warning)
    C-4  As-Is score missing on a selected service           S003 (error)
    F-4  Outsourced with no contractor named                 P004 (warning)
    H-2  Unnecessary service carrying a numeric score        S008 (info)
    D-6  Basic service scored N/A as its To-Be               S007 (warning)

The files are committed; rerun this script only to change them. The output is
byte-stable (fixed timestamps), so a rerun with no change gives no diff.
"""
import datetime
import os
import re
import sys
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, 'samples')
sys.path.insert(0, os.path.join(ROOT, '..', 'shared', 'bench'))
try:
    from catalogue import CATEGORIES, SERVICES  # the 64 services, Japanese and English names
except ImportError:  # pragma: no cover
    sys.exit('needs ../shared/bench/catalogue.py beside the repository')

# Parties of the fictional organisation.
TEAM = {
    'sec': ('情報セキュリティ部', 'Information Security Dept.'),
    'csirt': ('MP-CSIRT', 'MP-CSIRT'),
    'it': ('情報システム部', 'IT Dept.'),
    'audit': ('内部監査室', 'Internal Audit Office'),
    'hr': ('人事総務部', 'HR & General Affairs'),
    'risk': ('リスク管理委員会', 'Risk Committee'),
}
VENDOR = {
    'mss': ('ブルーシールドMSS株式会社', 'BlueShield MSS Inc.'),
    'dfir': ('フォレンジック・ラボ株式会社', 'Forensic Lab Co., Ltd.'),
    'ti': ('アークティック・インテリジェンス社', 'Arctic Intelligence Ltd.'),
    'pt': ('レッドハーバー・セキュリティ株式会社', 'Red Harbour Security K.K.'),
    'si': ('みなとITソリューションズ株式会社', 'Minato IT Solutions Co., Ltd.'),
}

B, S, A, O, U = 'Basic', 'Standard', 'Advanced', 'Optional', 'Unnecessary'
IN, OUTS, COMB, UN = 'Insourcing', 'Outsourcing', 'Combination', 'Unassigned'

# ID: (level, assignment, team, contractor, As-Is, To-Be, 備考 (ja, en), 根拠資料)
# Scores: int, 'NA' for N/A, None for blank.
PLAN = {
    'A-1': (B, IN, 'risk', None, 3, 4, None, '情報セキュリティ基本方針'),
    'A-2': (B, COMB, 'sec', 'pt', 2, 4, ('年1回の全社リスク評価', 'Company-wide assessment once a year'), 'リスク評価報告書 2024'),
    'A-3': (B, IN, 'sec', None, 3, 4, None, '情報セキュリティ基本方針'),
    'A-4': (S, IN, 'sec', None, 3, 3, None, '規程管理台帳'),
    'A-5': (S, IN, 'risk', None, 2, 3, ('BCP とサイバー事案の統合が課題', 'BCP not yet joined with cyber incidents'), 'BCP 第2版'),
    'A-6': (S, IN, 'risk', None, 2, 3, None, None),
    'A-7': (B, IN, 'sec', None, 2, 3, ('要員 4 名、2025 年度に 1 名増員予定', '4 staff, one more in FY2025'), '要員計画'),
    'A-8': (S, COMB, 'it', 'si', 2, 4, None, 'ネットワーク構成図'),
    'A-9': (B, IN, 'csirt', None, 2, 4, None, 'トリアージ手順書'),
    'A-10': (S, IN, 'csirt', None, 2, 3, None, None),
    'A-11': (A, IN, 'sec', None, 1, 3, None, None),
    'A-12': (S, IN, 'audit', None, 3, 3, None, '内部監査計画'),
    'A-13': (O, OUTS, None, 'pt', 3, 3, ('ISMS 認証 (本社のみ)', 'ISMS certified (head office only)'), 'ISMS 認証書'),
    'B-1': (B, OUTS, None, 'mss', 3, 4, ('24 時間監視は MSS 契約', '24x7 monitoring under the MSS contract'), 'MSS 契約書 別紙1'),
    'B-2': (B, OUTS, None, 'mss', 3, 4, ('ログ保管 1 年', 'Logs kept one year'), 'MSS 契約書 別紙1'),
    'B-3': (B, COMB, 'csirt', 'mss', 2, 4, None, 'エスカレーション手順'),
    'B-4': (B, UN, None, None, 2, 3, ('問い合わせ窓口が未定', 'No one answers questions on reports yet'), None),
    'C-1': (A, OUTS, None, 'dfir', 2, 3, ('スポット契約', 'Call-off contract'), 'DFIR 基本契約'),
    'C-2': (A, OUTS, None, 'dfir', 1, 3, None, 'DFIR 基本契約'),
    'C-3': (O, UN, None, None, 1, 1, None, None),
    'C-4': (S, COMB, 'csirt', 'dfir', None, 3, ('証拠保全キット導入中', 'Evidence kit being rolled out'), None),
    'D-1': (B, IN, 'csirt', None, 3, 4, None, 'インシデント対応規程'),
    'D-2': (B, COMB, 'csirt', 'mss', 2, 4, None, 'インシデント対応規程'),
    'D-3': (B, IN, 'csirt', None, 2, 4, None, 'インシデント分類基準'),
    'D-4': (B, COMB, 'csirt', 'dfir', 2, 4, None, 'インシデント対応規程'),
    'D-5': (S, COMB, 'it', 'si', 3, 4, None, None),
    'D-6': (B, IN, 'csirt', None, 3, 'NA', ('法務部と調整中', 'Being agreed with Legal'), None),
    'D-7': (S, IN, 'csirt', None, 2, 3, None, None),
    'E-1': (S, IN, 'it', None, 3, 3, None, None),
    'E-2': (B, IN, 'it', None, 2, 4, ('IT 資産管理台帳の更新が年1回', 'Asset register updated once a year'), 'IT 資産管理台帳'),
    'E-3': (S, OUTS, None, 'pt', 3, 4, ('外部公開サーバのみ', 'Internet-facing servers only'), '診断報告書 2024'),
    'E-4': (B, IN, 'it', None, 3, 4, None, 'パッチ適用基準'),
    'E-5': (A, OUTS, None, 'pt', 3, 2, ('予算縮小で次年度は範囲を縮小', 'Scope cut next year (budget)'), None),
    'E-6': (O, UN, None, None, 1, 2, None, None),
    'E-7': (O, OUTS, None, 'pt', 1, 2, None, None),
    'E-8': (S, IN, 'audit', None, 3, 3, None, '内部監査計画'),
    'E-9': (S, IN, 'it', None, 2, 3, None, 'サーバ構築標準'),
    'F-1': (S, IN, 'csirt', None, 2, 3, None, None),
    'F-2': (A, IN, 'csirt', None, 1, 2, None, None),
    'F-3': (S, COMB, 'csirt', 'ti', 2, 3, None, 'TI サービス契約書'),
    'F-4': (A, OUTS, None, None, 1, 3, ('委託先選定中', 'Contractor being chosen'), None),
    'F-5': (O, UN, None, None, 1, 2, None, None),
    'G-1': (B, COMB, 'it', 'si', 3, 4, None, 'ネットワーク構成図'),
    'G-2': (B, OUTS, None, 'mss', 3, 4, None, 'MSS 契約書 別紙2'),
    'G-3': (S, OUTS, None, 'mss', 2, 3, None, 'MSS 契約書 別紙2'),
    'G-4': (B, COMB, 'it', 'mss', 3, 4, ('EDR 全台導入済み', 'EDR on every endpoint'), 'EDR 導入報告'),
    'G-5': (S, OUTS, None, 'mss', 2, 3, None, None),
    'G-6': (S, IN, 'it', None, 2, 3, None, None),
    'G-7': (A, UN, None, None, 1, 2, None, None),
    'G-8': (A, OUTS, None, 'dfir', 1, 2, None, None),
    'G-9': (S, OUTS, None, 'mss', 3, 3, None, None),
    'G-10': (A, OUTS, None, 'mss', 2, 3, None, None),
    'G-11': (B, IN, 'it', None, 3, 4, None, 'システム運用手順書'),
    'G-12': (S, IN, 'sec', None, 2, 3, None, None),
    'G-13': (O, IN, 'sec', None, 1, 2, None, None),
    'H-1': (O, COMB, 'hr', 'dfir', 1, 2, ('人事部門と連携', 'With HR'), None),
    'H-2': (U, UN, None, None, 1, None, ('当面は対象外', 'Out of scope for now'), None),
    'I-1': (S, IN, 'sec', None, 3, 4, ('全社 e ラーニング年1回', 'Yearly e-learning for all staff'), '教育実施記録'),
    'I-2': (S, COMB, 'sec', 'pt', 2, 3, None, '教育実施記録'),
    'I-3': (O, UN, None, None, 1, 1, None, None),
    'I-4': (S, IN, 'sec', None, 3, 3, None, None),
    'I-5': (S, IN, 'csirt', None, 2, 3, ('NCA 加盟を検討', 'Considering joining NCA'), None),
    'I-6': (O, IN, 'csirt', None, 1, 2, None, None),
    'I-7': (B, IN, 'sec', None, 3, 4, ('四半期ごとに経営会議へ報告', 'Quarterly report to the board'), '経営会議議事録'),
}

JA = {B: 'ベーシック', S: 'スタンダード', A: 'アドバンスド', O: 'オプション', U: '不要',
      IN: 'インソース', OUTS: 'アウトソース', COMB: '併用', UN: '未割り当て'}
EVIDENCE_EN = {
    '情報セキュリティ基本方針': 'Information security policy', 'リスク評価報告書 2024': 'Risk assessment report 2024',
    '規程管理台帳': 'Register of rules', 'BCP 第2版': 'BCP v2', '要員計画': 'Staffing plan',
    'ネットワーク構成図': 'Network diagram', 'トリアージ手順書': 'Triage procedure', '内部監査計画': 'Internal audit plan',
    'ISMS 認証書': 'ISMS certificate', 'MSS 契約書 別紙1': 'MSS contract, annex 1', 'エスカレーション手順': 'Escalation procedure',
    'DFIR 基本契約': 'DFIR master agreement', 'インシデント対応規程': 'Incident response rules',
    'インシデント分類基準': 'Incident classification criteria', 'IT 資産管理台帳': 'IT asset register',
    '診断報告書 2024': 'Assessment report 2024', 'パッチ適用基準': 'Patching standard', 'サーバ構築標準': 'Server build standard',
    'TI サービス契約書': 'TI service contract', 'MSS 契約書 別紙2': 'MSS contract, annex 2', 'EDR 導入報告': 'EDR roll-out report',
    'システム運用手順書': 'System operation manual', '教育実施記録': 'Training records', '経営会議議事録': 'Board minutes',
}

TEXT = {
    'ja': dict(
        cover='表紙', sheet='サービスポートフォリオ', lists='リスト',
        title='CDC サービスポートフォリオ（JT-X1060 準拠）', org_label='組織名',
        org='株式会社みなと精密工業', date_label='評価日', owner_label='作成',
        owner='情報セキュリティ部 CISO 室', version_label='版', version='2025 年度 第1版',
        cover_lines=['CDC サービスポートフォリオ 提出書', '', '組織名', '株式会社みなと精密工業',
                     '提出先', '経営会議（CISO 報告）',
                     '本書は JT-X1060 に基づき、当社 CDC（MP-CSIRT）が提供すべき',
                     'サービスの推奨レベル、割り当て、現状とあるべき姿を',
                     '整理したものです。'],
        headers=dict(cat='カテゴリ', id='ID', name='サービス名', level='推奨レベル', assign='サービス割り当て',
                     team='担当', contractor='委託先', group='サービススコア', asis='現状 (As-Is)',
                     tobe='あるべき姿 (To-Be)', memo='備考', evidence='根拠資料', due='見直し期限'),
        average='平均', na='N/A',
    ),
    'en': dict(
        cover='Cover', sheet='Service portfolio', lists='Lists',
        title='CDC service portfolio (ITU-T X.1060)', org_label='Organisation',
        org='Minato Precision Industries Co., Ltd.', date_label='Assessed on', owner_label='Prepared by',
        owner='Information Security Dept., Office of the CISO', version_label='Version', version='FY2025 v1',
        cover_lines=['CDC service portfolio: submission', '', 'Organisation', 'Minato Precision Industries Co., Ltd.',
                     'For', 'Board of directors (CISO report)',
                     'The recommendation level, assignment, current (As-Is) and',
                     'target (To-Be) maturity of each service our CDC (MP-CSIRT)',
                     'should provide, following ITU-T X.1060.'],
        headers=dict(cat='Category', id='ID', name='Service name', level='Recommendation level',
                     assign='Service assignment', team='Team', contractor='Contractor', group='Service score',
                     asis='As-Is', tobe='To-Be', memo='Notes', evidence='Evidence', due='Review by'),
        average='Average', na='N/A',
    ),
}

COLS = ['cat', 'id', 'name', 'level', 'assign', 'team', 'contractor', 'asis', 'tobe', 'memo', 'evidence', 'due']
WIDTHS = dict(cat=22, id=7, name=34, level=14, assign=16, team=20, contractor=30, asis=12, tobe=14,
              memo=40, evidence=26, due=13)


def col_letter(i):
    return 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i]


def make(lang):
    t = TEXT[lang]
    li = 0 if lang == 'ja' else 1
    font = 'Meiryo UI' if lang == 'ja' else 'Calibri'
    base = Font(name=font, size=10)
    bold = Font(name=font, size=10, bold=True)
    thin = Side(style='thin', color='A6A6A6')
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill('solid', fgColor='1F3864')
    head_font = Font(name=font, size=10, bold=True, color='FFFFFF')
    cat_fill = PatternFill('solid', fgColor='D9E1F2')

    wb = Workbook()
    cover = wb.active
    cover.title = t['cover']
    cl = t['cover_lines']
    cover['A1'] = cl[0]
    cover['A1'].font = Font(name=font, size=16, bold=True)
    for r, (label, value) in ((3, (cl[2], cl[3])), (4, (cl[4], cl[5]))):
        cover.cell(r, 1, label).font = bold
        cover.cell(r, 2, value).font = base
    for i, line in enumerate(cl[6:]):
        cover.cell(6 + i, 1, line).font = base
    cover.column_dimensions['A'].width = 14
    cover.column_dimensions['B'].width = 48

    lists = wb.create_sheet(t['lists'])
    lists.sheet_state = 'hidden'
    for i, w in enumerate([B, S, A, O, U], 1):
        lists.cell(i, 1, JA[w] if lang == 'ja' else w)
    for i, w in enumerate([IN, OUTS, COMB, UN], 1):
        lists.cell(i, 2, JA[w] if lang == 'ja' else w)
    for i, w in enumerate(['1', '2', '3', '4', '5', 'N/A'], 1):
        lists.cell(i, 3, int(w) if w.isdigit() else w)

    ws = wb.create_sheet(t['sheet'])
    wb.active = 2
    ws.sheet_view.zoomScale = 90
    ws['A1'] = t['title']
    ws['A1'].font = Font(name=font, size=14, bold=True)
    ws['A2'] = t['org_label']
    ws['B2'] = t['org']
    ws['D2'] = t['date_label']
    ws['E2'] = datetime.datetime(2025, 4, 15)
    ws['E2'].number_format = 'yyyy/mm/dd' if lang == 'ja' else 'd mmm yyyy'
    ws['E2'].alignment = Alignment(horizontal='left')
    ws['A3'] = t['owner_label']
    ws['B3'] = t['owner']
    ws['D3'] = t['version_label']
    ws['E3'] = t['version']
    for ref in ('A2', 'A3', 'D2', 'D3'):
        ws[ref].font = bold
    for ref in ('B2', 'B3', 'E2', 'E3'):
        ws[ref].font = base
    ws.merge_cells('B2:C2')
    ws.merge_cells('B3:C3')

    h = t['headers']
    hr = 5  # first header row (1-based)
    for i, k in enumerate(COLS, 1):
        if k == 'asis':
            ws.cell(hr, i, h['group'])
            ws.merge_cells(start_row=hr, start_column=i, end_row=hr, end_column=i + 1)
            ws.cell(hr + 1, i, h['asis'])
        elif k == 'tobe':
            ws.cell(hr + 1, i, h['tobe'])
        else:
            ws.cell(hr, i, h[k])
            ws.merge_cells(start_row=hr, start_column=i, end_row=hr + 1, end_column=i)
        for r in (hr, hr + 1):
            c = ws.cell(r, i)
            c.fill = head_fill
            c.font = head_font
            c.border = box
            c.alignment = Alignment(horizontal='center', vertical='center', wrap_text=True)
    for i, k in enumerate(COLS):
        ws.column_dimensions[col_letter(i)].width = WIDTHS[k]

    first = hr + 2
    row = first
    cat_start = None
    cur = None
    results = {}
    for n, (sid, ja, en) in enumerate(SERVICES):
        level, assign, team, vendor, as_is, to_be, memo, evidence = PLAN[sid]
        cat = sid.split('-')[0]
        if cat != cur:
            if cat_start is not None and row - 1 > cat_start:
                ws.merge_cells(start_row=cat_start, start_column=1, end_row=row - 1, end_column=1)
            cat_start = row
            ws.cell(row, 1, f"{cat}  {CATEGORIES[cat][li]}")
            cur = cat
        word = (lambda w: JA[w] if lang == 'ja' else w)
        vals = dict(
            id=sid, name=ja if lang == 'ja' else en, level=word(level), assign=word(assign),
            team=TEAM[team][li] if team else None, contractor=VENDOR[vendor][li] if vendor else None,
            asis=t['na'] if as_is == 'NA' else as_is, tobe=t['na'] if to_be == 'NA' else to_be,
            memo=memo[li] if memo else None,
            evidence=(evidence if lang == 'ja' else EVIDENCE_EN[evidence]) if evidence else None,
        )
        for i, k in enumerate(COLS, 1):
            c = ws.cell(row, i)
            if k in vals and vals[k] is not None:
                c.value = vals[k]
            if k == 'due' and level == B and isinstance(as_is, int) and isinstance(to_be, int) and to_be - as_is >= 2:
                c.value = datetime.datetime(2025, 9 if cat in 'ABD' else 12, 30)
                c.number_format = 'yyyy/mm/dd' if lang == 'ja' else 'd mmm yyyy'
            c.font = base
            c.border = box
            c.alignment = Alignment(vertical='center', wrap_text=k in ('memo', 'name', 'cat', 'contractor'),
                                    horizontal='center' if k in ('id', 'asis', 'tobe') else None)
            if k == 'cat':
                c.fill = cat_fill
                c.font = bold
        row += 1
    if cat_start is not None and row - 1 > cat_start:
        ws.merge_cells(start_row=cat_start, start_column=1, end_row=row - 1, end_column=1)
    last = row - 1

    # Average row: formulas whose stored results are added after saving.
    ws.cell(row, 2, t['average']).font = bold
    ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    for k in ('asis', 'tobe'):
        i = COLS.index(k)
        L = col_letter(i)
        ws.cell(row, i + 1, f'=ROUND(AVERAGE({L}{first}:{L}{last}),2)').font = bold
        nums = [v for v in (PLAN[s][4 if k == 'asis' else 5] for s, _, _ in SERVICES) if isinstance(v, int)]
        results[f'{L}{row}'] = round(sum(nums) / len(nums), 2)
        ws.cell(row, i + 1).alignment = Alignment(horizontal='center')

    # Drop-down lists over the hidden list sheet, as the ISOG-J sheet has.
    q = f"'{t['lists']}'" if ' ' in t['lists'] else t['lists']
    for k, src in (('level', f'{q}!$A$1:$A$5'), ('assign', f'{q}!$B$1:$B$4'),
                   ('asis', f'{q}!$C$1:$C$6'), ('tobe', f'{q}!$C$1:$C$6')):
        L = col_letter(COLS.index(k))
        dv = DataValidation(type='list', formula1=src, allow_blank=True)
        dv.add(f'{L}{first}:{L}{last}')
        ws.add_data_validation(dv)

    ws.freeze_panes = ws.cell(first, 4)
    ws.auto_filter.ref = f'A{hr + 1}:{col_letter(len(COLS) - 1)}{last}'
    ws.page_setup.orientation = 'landscape'
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f'{hr}:{hr + 1}'

    wb.properties.creator = t['owner']
    wb.properties.title = t['title']
    fixed = datetime.datetime(2025, 4, 15, 9, 0, 0)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    path = os.path.join(OUT, f'sample-{lang}.xlsx')
    wb.save(path)
    add_results(path, ws.title, wb.sheetnames.index(ws.title) + 1, results, fixed)
    return path


def add_results(path, title, index, results, when):
    """Stores the results of the average formulas (openpyxl writes none), as a
    spreadsheet program would, and fixes every timestamp so reruns are stable."""
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    name = f'xl/worksheets/sheet{index}.xml'
    out = []
    for info, data in items:
        if info.filename == name:
            xml = data.decode('utf-8')
            for ref, v in results.items():
                xml, n = re.subn(rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?',
                                 lambda m: f'{m.group(1)}<f>{m.group(2)}</f><v>{v}</v>', xml)
                if n != 1:
                    sys.exit(f'{path}: cannot store the result of {ref} ({n} matches)')
            data = xml.encode('utf-8')
        elif info.filename == 'docProps/core.xml':
            stamp = when.strftime('%Y-%m-%dT%H:%M:%SZ')
            xml = re.sub(r'(<dcterms:modified[^>]*>)[^<]*', rf'\g<1>{stamp}', data.decode('utf-8'))
            data = xml.encode('utf-8')
        out.append((info.filename, data))
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for fname, data in out:
            zi = zipfile.ZipInfo(fname, date_time=when.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)


def main():
    os.makedirs(OUT, exist_ok=True)
    for lang in ('ja', 'en'):
        print(make(lang))


if __name__ == '__main__':
    main()
