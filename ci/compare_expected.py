#!/usr/bin/env python3
"""Compares `x1060 check --format json` output with a corpus's expected.jsonl.

    python3 ci/compare_expected.py CHECK.json CORPUS/expected.jsonl

expected.jsonl (from ../shared/bench/gen_corpus.py, `--spec 2`) lists per file
every [rule, service] finding RULES.md v2 makes it give; service is null for
file-level findings (C003, C004, X001, X002, X009) and for X007 errors (a row
with no usable ID). check's JSON (schema version 2) holds one element per
portfolio: a file holding several (each `file#sheet`) is compared by the
findings of all of them together. Exits 1 and lists the first differences
when any file disagrees.
"""
import json
import os
import sys

FILE_LEVEL = {'C003', 'C004', 'X001', 'X002', 'X009'}


def pairs(findings):
    out = []
    for f in findings:
        service = f['service']
        if f['rule'] in FILE_LEVEL or (f['rule'] == 'X007' and f['severity'] == 'error'):
            service = None
        out.append((f['rule'], service))
    return sorted(out, key=lambda p: (p[0], p[1] or ''))


def main():
    check_json, expected_jsonl = sys.argv[1:3]
    with open(check_json, encoding='utf-8') as f:
        doc = json.load(f)
    got = {}
    for f in doc['files']:
        entry = got.setdefault(os.path.basename(f['path']), {'findings': []})
        entry['findings'].extend(f['findings'])
    bad, total = [], 0
    with open(expected_jsonl, encoding='utf-8') as f:
        for line in f:
            want = json.loads(line)
            total += 1
            entry = got.get(want['file'])
            expected = sorted((tuple(p) for p in want['findings']), key=lambda p: (p[0], p[1] or ''))
            if entry is None:
                bad.append(f"{want['file']}: not checked")
            elif pairs(entry['findings']) != expected:
                bad.append(f"{want['file']}: got {pairs(entry['findings'])}, expected {expected}")
    if len(got) != total:
        bad.append(f'{len(got)} files checked, {total} expected')
    for b in bad[:20]:
        print(b)
    print(f'{total - len(bad)} of {total} files give exactly the expected findings')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
