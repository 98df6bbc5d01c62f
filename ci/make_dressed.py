#!/usr/bin/env python3
"""Builds portfolio workbooks dressed the way organisations dress theirs,
for ci/check_annotate.py: openpyxl writes them (not our code).

    make_dressed.py OUTDIR

writes OUTDIR/dressed.xlsx and OUTDIR/dressed.xlsm:

- a cover sheet with a picture (a logo) and a hyperlink;
- the portfolio sheet サービスポートフォリオ: a merged title, the
  organisation and an assessment date (yyyy"年"m"月"d"日"), a two-row
  header (サービススコア merged over 現状 (As-Is) / あるべき姿 (To-Be)),
  the 64 services with level, assignment, team, scores, a budget column
  (#,##0"千円"), a due date column, fonts, fills, borders, a colour scale
  and an icon-free cell rule (conditional formats), a drop-down list
  (data validation), a hyperlink, two comments of the user's, grouped rows
  (outline), a frozen pane, print area, print titles, A4 landscape fit to
  one page wide; a few values only x1060 understands (`3点`,
  `ベーシック（必須）`, `インソース（SOC）`);
- a sheet 予算 with an Excel table and a bar chart;
- a defined name (予算合計).

The .xlsm carries a macro project part (xl/vbaProject.bin) kept by
openpyxl's keep_vba: its bytes are a real OLE compound file (a LibreOffice
.xls from the fixtures), a stand-in for a VBA project — what is checked is
that annotate keeps the part, its relationship and content type byte for
byte, not that the macros run.
"""
import datetime
import io
import os
import sys
import tomllib
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.drawing.image import Image
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHEET = 'サービスポートフォリオ'
LEVELS = ['ベーシック', 'スタンダード', 'アドバンスド', 'オプション']
ASSIGN = ['インソース', 'アウトソース', '併用', 'インソース']


def logo():
    from PIL import Image as PILImage
    buf = io.BytesIO()
    PILImage.new('RGB', (120, 40), (0, 80, 160)).save(buf, format='PNG')
    buf.seek(0)
    return Image(buf)


def build(path):
    cat = tomllib.load(open(os.path.join(ROOT, 'templates', 'catalogue.toml'), 'rb'))
    wb = Workbook()
    cover = wb.active
    cover.title = '表紙'
    cover['A1'] = 'CDC サービスポートフォリオ 提出書'
    cover['A1'].font = Font(name='游ゴシック', size=18, bold=True)
    cover['A3'] = 'JT-X1060'
    cover['A3'].hyperlink = 'https://www.ttc.or.jp/'
    cover.add_image(logo(), 'D2')

    ws = wb.create_sheet(SHEET)
    thin = Side(style='thin', color='808080')
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_fill = PatternFill('solid', fgColor='1F4E78')
    head_font = Font(name='游ゴシック', bold=True, color='FFFFFF')
    ws['A1'] = '株式会社みなと精密工業 CDC サービスポートフォリオ'
    ws['A1'].font = Font(name='游ゴシック', size=16, bold=True)
    ws.merge_cells('A1:J1')
    ws['A2'] = '評価日'
    ws['B2'] = datetime.date(2025, 4, 1)
    ws['B2'].number_format = 'yyyy"年"m"月"d"日"'
    heads = ['ID', 'サービス名', '推奨レベル', 'サービス割り当て', '担当', 'サービススコア', None, '予算', '見直し期限', '備考']
    for c, h in enumerate(heads, start=1):
        cell = ws.cell(row=4, column=c, value=h)
        cell.font, cell.fill, cell.border = head_font, head_fill, box
        cell.alignment = Alignment(horizontal='center', vertical='center', wrap_text=True)
    ws.merge_cells('F4:G4')
    for c, h in [(6, '現状 (As-Is)'), (7, 'あるべき姿 (To-Be)')]:
        cell = ws.cell(row=5, column=c, value=h)
        cell.font, cell.fill, cell.border = head_font, head_fill, box
    for c in (1, 2, 3, 4, 5, 8, 9, 10):
        ws.merge_cells(start_row=4, start_column=c, end_row=5, end_column=c)
    for i, s in enumerate(cat['service']):
        r = 6 + i
        values = [s['id'], s['name_ja'], LEVELS[i % 4], ASSIGN[i % 4], 'SOC部' if i % 4 != 1 else 'Z社',
                  1 + i % 3, 2 + i % 4, 1200 * (i + 1), datetime.date(2025, 10, 1 + i % 28), None]
        if ASSIGN[i % 4] == '併用':
            values[4] = 'SOC部 / Z社'
        for c, v in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=v)
            cell.border = box
            cell.font = Font(name='游ゴシック', size=10)
        ws.cell(row=r, column=8).number_format = '#,##0"千円"'
        ws.cell(row=r, column=9).number_format = 'yyyy"年"m"月"d"日"'
    ws['F6'] = '3点'
    ws['C7'] = 'ベーシック（必須）'
    ws['D8'] = 'インソース（SOC）'
    ws['G9'] = 1  # To-Be below As-Is (S005)
    ws['F9'] = 3
    ws['C10'] = '必須'  # an invalid level (C002): our note joins theirs
    ws['C10'].comment = Comment('CISO と確認中。', '花子')
    ws['B6'].comment = Comment('全社のリスク管理委員会が所管。', '太郎')
    ws['J6'] = '規程'
    ws['J6'].hyperlink = 'https://example.com/policy'
    ws.conditional_formatting.add('F6:G69', ColorScaleRule(start_type='num', start_value=1, start_color='F8696B',
                                                           end_type='num', end_value=5, end_color='63BE7B'))
    ws.conditional_formatting.add('H6:H69', CellIsRule(operator='greaterThan', formula=['50000'],
                                                       fill=PatternFill('solid', bgColor='FFC7CE')))
    dv = DataValidation(type='list', formula1='"' + ','.join(LEVELS + ['不要']) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add('C6:C69')
    for r in range(19, 27):
        ws.row_dimensions[r].outlineLevel = 1
    ws.freeze_panes = 'C6'
    ws.column_dimensions['B'].width = 34
    ws.column_dimensions['J'].width = 20
    ws.print_area = 'A1:J69'
    ws.print_title_rows = '4:5'
    ws.page_setup.orientation = 'landscape'
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    budget = wb.create_sheet('予算')
    budget.append(['区分', '金額'])
    for k, v in [('人件費', 5200), ('委託費', 3100), ('ツール', 1800), ('教育', 400)]:
        budget.append([k, v])
    for r in range(2, 6):
        budget.cell(row=r, column=2).number_format = '#,##0"千円"'
    t = Table(displayName='予算表', ref='A1:B5')
    t.tableStyleInfo = TableStyleInfo(name='TableStyleMedium2', showRowStripes=True)
    budget.add_table(t)
    chart = BarChart()
    chart.title = '予算'
    chart.add_data(Reference(budget, min_col=2, min_row=1, max_row=5), titles_from_data=True)
    chart.set_categories(Reference(budget, min_col=1, min_row=2, max_row=5))
    budget.add_chart(chart, 'D2')
    wb.defined_names['予算合計'] = DefinedName('予算合計', attr_text="'予算'!$B$2:$B$5")
    wb.active = 1
    wb.save(path)


def make_xlsm(xlsx, xlsm):
    """The same workbook, macro-enabled, with a project part openpyxl keeps."""
    project = open(os.path.join(ROOT, 'tests', 'fixtures', 'layouts', '21-libreoffice.xls'), 'rb').read()
    tmp = xlsm[:-5] + '.raw.xlsm'
    with zipfile.ZipFile(xlsx) as z, zipfile.ZipFile(tmp, 'w', zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == '[Content_Types].xml':
                data = data.replace(b'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', b'application/vnd.ms-excel.sheet.macroEnabled.main+xml').replace(
                    b'</Types>', b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            if info.filename == 'xl/_rels/workbook.xml.rels':
                data = data.replace(b'</Relationships>', b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/'
                                    b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')
            out.writestr(info, data)
        out.writestr('xl/vbaProject.bin', project)
    # Round-trip through openpyxl with keep_vba, as a user's tool would.
    wb = load_workbook(tmp, keep_vba=True)
    wb.save(xlsm)
    os.remove(tmp)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    xlsx = os.path.join(out, 'dressed.xlsx')
    build(xlsx)
    make_xlsm(xlsx, os.path.join(out, 'dressed.xlsm'))
    print(f'dressed workbooks in {out}')


if __name__ == '__main__':
    main()
