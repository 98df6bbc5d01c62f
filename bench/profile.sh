#!/usr/bin/env bash
# Instruction profile of `x1060 check` against the calamine floor (callgrind).
#
#   bench/profile.sh [N]      # N files (default 200) of the generated corpus
#
# Instruction counts do not depend on what else the machine is doing, so this
# is the measurement to trust on a busy machine. Runs, on the first N files of
# the largest corpus in bench/out (bench/run.sh makes them; 1,000 files are
# generated here when there is none):
#
#   valgrind --tool=callgrind ./target/release/x1060 check -j 1 --format json DIR
#   valgrind --tool=callgrind ./target/release/examples/bare_read -j 1 DIR
#
# and prints bench/callgrind_breakdown.py's table (stage by stage, and the
# ratio to bare_read). The raw profiles stay in bench/out/profile/ for
# callgrind_annotate (e.g. `callgrind_annotate --inclusive=yes FILE | head -80`);
# the table, the totals and the ratio also go to bench/out/profile/summary.json
# (bench/run.sh puts them into docs/performance.md).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-200}
OUT=$ROOT/bench/out
PROF=$OUT/profile
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET" in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
command -v valgrind >/dev/null || { echo "bench/profile.sh: valgrind is needed" >&2; exit 2; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    (cd "$ROOT" && cargo build --release --quiet --bin x1060 --example bare_read)
fi

SRC=
for big in 10000 1000; do
    if [[ -f $OUT/corpus-v2-$big/expected.jsonl && $(wc -l < "$OUT/corpus-v2-$big/expected.jsonl") -ge $N ]]; then
        SRC=$OUT/corpus-v2-$big; break
    fi
done
if [[ -z $SRC ]]; then
    BENCH_DIR=${X1060_BENCH_DIR:-/work/shared/bench}
    [[ -f $ROOT/../shared/bench/gen_corpus.py ]] && BENCH_DIR=${X1060_BENCH_DIR:-$(cd "$ROOT/../shared/bench" && pwd)}
    SRC=$OUT/corpus-v2-profile-$N
    [[ -f $SRC/expected.jsonl ]] || python3 "$BENCH_DIR/gen_corpus.py" "$SRC" --count "$N" --seed 1 --spec 2 >/dev/null
fi

DIR=$OUT/corpus-v2-$N
if [[ ! -f $DIR/expected.jsonl || $(wc -l < "$DIR/expected.jsonl") -ne $N ]]; then
    rm -rf "$DIR"; mkdir -p "$DIR"
    head -n "$N" "$SRC/expected.jsonl" > "$DIR/expected.jsonl"
    for ((i = 0; i < N; i++)); do
        f=$(printf 'pf-%05d.xlsx' "$i")
        ln "$SRC/$f" "$DIR/$f" 2>/dev/null || cp "$SRC/$f" "$DIR/$f"
    done
fi

mkdir -p "$PROF"
echo "== callgrind: x1060 check -j 1 --format json on $N files"
valgrind --tool=callgrind --callgrind-out-file="$PROF/check.callgrind" \
    "$TARGET/release/x1060" check -j 1 --format json "$DIR" > "$PROF/check.json" 2> "$PROF/check.log" || true
echo "== callgrind: bare_read -j 1 on $N files"
valgrind --tool=callgrind --callgrind-out-file="$PROF/bare.callgrind" \
    "$TARGET/release/examples/bare_read" -j 1 "$DIR" > /dev/null 2> "$PROF/bare.log"
python3 "$ROOT/ci/compare_expected.py" "$PROF/check.json" "$DIR/expected.jsonl" || true
echo
python3 "$ROOT/bench/callgrind_breakdown.py" "$PROF/check.callgrind" "$PROF/bare.callgrind" \
    --json "$PROF/summary.json"
python3 - "$PROF/summary.json" "$N" <<'EOF'
import json, sys
p, n = sys.argv[1], int(sys.argv[2])
s = json.load(open(p, encoding='utf-8'))
s['files'] = n
json.dump(s, open(p, 'w', encoding='utf-8'), indent=1)
EOF
