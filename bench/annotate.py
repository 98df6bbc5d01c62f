#!/usr/bin/env python3
"""CPU time (user + system) of `x1060 annotate` on one workbook: the median
of N runs of the release binary, in milliseconds (getrusage of the child,
microsecond resolution). The issue's budget for samples/sample-ja.xlsx is
50 ms.

    bench/annotate.py [FILE] [N]      (X=path/to/x1060 to pick the binary)
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
file = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, 'samples', 'sample-ja.xlsx')
n = int(sys.argv[2]) if len(sys.argv) > 2 else 21
x = os.environ.get('X', os.path.join(root, 'target', 'release', 'x1060'))
if not os.path.exists(x):
    subprocess.run(['cargo', 'build', '--release', '--quiet'], cwd=root, check=True)
times = []
with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, 'out.xlsx')
    for _ in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([x, 'annotate', file, '-o', out, '--force'], check=True, stdout=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
med = statistics.median(times)
print(f'annotate {os.path.relpath(file, root)}: median CPU {med:.1f} ms over {n} runs '
      f'(min {min(times):.1f}, max {max(times):.1f})')
sys.exit(0 if med <= float(os.environ.get('BUDGET_MS', '50')) else 1)
