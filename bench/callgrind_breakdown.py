#!/usr/bin/env python3
"""Where the instructions of `x1060 check` go, from a callgrind profile.

    python3 bench/callgrind_breakdown.py CHECK.callgrind [BARE.callgrind] [--json OUT.json]

Runs `callgrind_annotate --inclusive=yes` and sums the inclusive instruction
counts (Ir) of the functions that stay out of line in a release build
(thin LTO inlines the small ones into them) into the stages of the pipeline.
With the profile of examples/bare_read on the same files, also prints the
ratio to it. Prints a Markdown table; with --json, also writes the table,
the totals and the ratio to OUT.json (bench/harness.py puts them into
docs/performance.md).
"""
import json
import re
import subprocess
import sys

LINE = re.compile(r'^\s*([\d,]+)\s+\(\s*[\d.]+%\)\s+(.*)$')


def inclusive(path):
    """function name -> largest inclusive Ir among its entries (inlined copies are smaller)."""
    out = subprocess.run(['callgrind_annotate', '--inclusive=yes', '--threshold=100', path],
                         capture_output=True, text=True, check=True).stdout
    total, costs = 0, {}
    for line in out.splitlines():
        m = LINE.match(line)
        if not m:
            continue
        ir = int(m.group(1).replace(',', ''))
        what = m.group(2)
        if what.startswith('PROGRAM TOTALS'):
            total = ir
            continue
        what = re.sub(r'\s+\[[^\]]*\]$', '', what)          # the object file
        fn = what.split(':', 1)[1] if ':' in what else what  # drop "file:"
        costs[fn] = max(costs.get(fn, 0), ir)
    return total, costs


def pick(costs, *names):
    """Inclusive Ir of the first function whose name ends with one of names."""
    for name in names:
        hits = [v for k, v in costs.items() if k.endswith(name)]
        if hits:
            return max(hits)
    return 0


def main():
    args = sys.argv[1:]
    json_out = None
    if '--json' in args:
        i = args.index('--json')
        json_out = args[i + 1] if i + 1 < len(args) else sys.exit(__doc__)
        del args[i:i + 2]
    if len(args) not in (1, 2):
        sys.exit(__doc__)
    total, c = inclusive(args[0])
    read = pick(c, 'x1060::read::read_workbook', 'x1060::read::read_bytes')
    inflate = pick(c, 'x1060::read::guard::inflate_except', 'x1060::read::guard::inflate')
    repack = pick(c, 'x1060::read::guard::Entries::into_stored_zip_with_parts',
                  'x1060::read::guard::Entries::into_stored_zip', 'x1060::read::guard::Entries::stored_zip')
    opened = pick(c, 'as calamine::Reader<RS>>::new')
    book = pick(c, 'x1060::read::xlsx_fast::Book::of')
    fast = (pick(c, 'x1060::read::xlsx_fast::CellReader::next_cell')
            + pick(c, 'x1060::read::xlsx_fast::Book::cells'))
    # (worksheet_cells_reader is also what display's second reads open.)
    slow = pick(c, 'XlsxCellReader<RS>::next_cell_formula_record_impl')
    rest_of_read = max(0, read - inflate - repack - opened - book - fast - slow)
    find = pick(c, 'x1060::read::locate::find_portfolios', 'x1060::read::locate::find_portfolio')
    scan = pick(c, 'x1060::read::locate::scan_content')
    table = pick(c, 'x1060::read::locate::read_table')
    services = pick(c, 'x1060::read::rows::read_services')
    assemble = pick(c, 'x1060::read::locate::assemble')
    parsed = pick(c, 'x1060::model::Portfolio::parse', 'x1060::model::Parsed::of')
    rules = pick(c, 'x1060::rules::check')
    figures = pick(c, 'x1060::analysis::figures')
    render = pick(c, 'x1060::write::findings::Printer::render', 'x1060::commands::check::Printer::render')
    checked = pick(c, 'x1060::analysis::outcome::check_file_all', 'x1060::pipeline::check_file_all')
    rest = max(0, total - checked - render)
    rows = [
        ('read: inflate the zip entries calamine reads (guard::inflate_except: zip directory, zlib-rs, CRC)',
         inflate),
        ('read: re-pack stored (Entries::into_stored_zip_with_parts, CRC)', repack),
        ('read: calamine opens the package (Xlsx::new: relationships, workbook, shared strings, styles)',
         opened),
        ('read: the fast path\'s shared strings and number formats (xlsx_fast::Book::of)', book),
        ('read: the cells, fast path (xlsx_fast: the scanner, values)', fast),
        ('read: the cells, calamine\'s reader (sheets the fast path declined)', slow),
        ('read: the rest (the file, Grid::set, merged areas, properties)', rest_of_read),
        ('locate: find_portfolios (all of locate)', find),
        ('   of which scan_content (service_cell on every text cell)', scan),
        ('   of which read_table (header, layout, read_services)', table),
        ('   of which read_services', services),
        ('   of which assemble (organisation, date, moving the services)', assemble),
        ('model: Portfolio::parse (Parsed::of: levels, assignments, scores)', parsed),
        ('rules::check', rules),
        ('analysis::figures', figures),
        ('output: Printer::render in the workers (JSON of findings and figures)', render),
        ('the rest (freeing results, listing files, main thread)', rest),
    ]
    rows = [(label, ir) for label, ir in rows if ir > total / 200 or not label.startswith('   ')]
    print('| stage | Ir | share |')
    print('|---|---:|---:|')
    for label, ir in rows:
        print(f'| {label} | {ir / 1e6:,.1f} M | {100 * ir / total:.1f} % |')
    print(f'| **total** | **{total / 1e6:,.1f} M** | 100 % |')
    text = pick(c, 'x1060::text::nfkc')
    print(f'\ntext::nfkc, all callers: {text / 1e6:,.1f} M ({100 * text / total:.1f} %); '
          f'text::fold: {pick(c, "x1060::text::fold") / 1e6:,.1f} M; '
          f'text::name_key: {pick(c, "x1060::text::name_key") / 1e6:,.1f} M')
    summary = {'check_ir': total, 'read_ir': read,
               'rows': [{'stage': label, 'ir': ir} for label, ir in rows]}
    if len(args) == 2:
        bare_total, _ = inclusive(args[1])
        summary.update(bare_ir=bare_total, ratio=total / bare_total, read_ratio=read / bare_total)
        print(f'\nbare_read: {bare_total / 1e6:,.1f} M Ir in all; check / bare_read = {total / bare_total:.2f}×; '
              f'check read_workbook alone / bare_read = {read / bare_total:.2f}×')
    if json_out:
        with open(json_out, 'w', encoding='utf-8') as f:
            json.dump(summary, f, indent=1)


if __name__ == '__main__':
    main()
