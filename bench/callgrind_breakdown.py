#!/usr/bin/env python3
"""Where the instructions of `x1060 check` go, from a callgrind profile.

    python3 bench/callgrind_breakdown.py CHECK.callgrind [BARE.callgrind]

Runs `callgrind_annotate --inclusive=yes` and sums the inclusive instruction
counts (Ir) of the functions that stay out of line in a release build
(thin LTO inlines the small ones into them) into the stages of the pipeline.
With the profile of examples/bare_read on the same files, also prints the
ratio to it. Prints a Markdown table.
"""
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
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    total, c = inclusive(sys.argv[1])
    read = pick(c, 'x1060::read::read_workbook', 'x1060::read::read_bytes')
    inflate = pick(c, 'x1060::read::guard::inflate')
    repack = pick(c, 'x1060::read::guard::Entries::into_stored_zip', 'x1060::read::guard::Entries::stored_zip')
    calamine = max(0, read - inflate - repack)
    find = pick(c, 'x1060::read::locate::find_portfolio')
    build = pick(c, 'x1060::read::locate::build')
    by_name = pick(c, 'x1060::catalogue::Catalogue::service_by_name')
    parsed = pick(c, 'x1060::model::Parsed::of')
    rules = pick(c, 'x1060::rules::check')
    name_matches = pick(c, 'x1060::catalogue::Catalogue::name_matches')
    figures = pick(c, 'x1060::analysis::figures')
    run = pick(c, 'x1060::commands::check::run')
    file_json = pick(c, 'x1060::commands::check::file_json')
    collect = pick(c, 'x1060::pipeline::collect_files')
    output = max(0, run - collect)
    rows = [
        ('read: inflate every zip entry (guard::inflate: zip directory, zlib-rs, CRC)', inflate),
        ('read: re-pack stored (Entries::stored_zip, CRC)', repack),
        ('read: calamine XML + grid (Xlsx::new on the stored zip, shared strings, styles, '
         'cell reader, Value conversion, Grid::set)', calamine),
        ('locate: scan_content (service_cell on every text cell of every sheet)', max(0, find - build)),
        ('   of which Catalogue::service_by_name (name_key: NFKC, lowercase, SipHash)', by_name),
        ('locate: build (header, content fallback, read_services, organisation)', build),
        ('model: Portfolio::parse (Parsed::of: fold, parse_assignment, parse_score)', parsed),
        ('rules::check', rules),
        ('   of which Catalogue::name_matches (name_key again)', name_matches),
        ('analysis::figures', figures),
        ('output, main thread, serial (file_json, serde_json, drops)', output),
        ('   of which file_json (figures through serde_json::Value)', file_json),
    ]
    rows = [(label, ir) for label, ir in rows if ir > total / 200 or not label.startswith('   ')]
    print(f'| stage | Ir | share |')
    print('|---|---:|---:|')
    for label, ir in rows:
        print(f'| {label} | {ir / 1e6:,.1f} M | {100 * ir / total:.1f} % |')
    print(f'| **total** | **{total / 1e6:,.1f} M** | 100 % |')
    text = pick(c, 'x1060::text::nfkc')
    print(f'\ntext::nfkc, all callers: {text / 1e6:,.1f} M ({100 * text / total:.1f} %); '
          f'text::fold: {pick(c, "x1060::text::fold") / 1e6:,.1f} M; '
          f'text::name_key: {pick(c, "x1060::text::name_key") / 1e6:,.1f} M')
    if len(sys.argv) == 3:
        bare_total, b = inclusive(sys.argv[2])
        print(f'\nbare_read: {bare_total / 1e6:,.1f} M Ir in all; check / bare_read = {total / bare_total:.2f}×; '
              f'check read_workbook alone / bare_read = {pick(c, "x1060::read::read_workbook") / bare_total:.2f}×')


if __name__ == '__main__':
    main()
