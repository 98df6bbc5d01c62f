#!/usr/bin/env bash
# Byte-identity check for refactors (issue 11).
#
#   ci/same_outputs.sh run BINARY OUTDIR     # write every output of BINARY into OUTDIR
#   ci/same_outputs.sh compare DIR_A DIR_B   # compare two such folders
#
# `run` covers template ja/en, check json/csv/text (samples and a generated
# v2 corpus), report xlsx/json/csv/html, diff text/json/xlsx, history
# text/json/xlsx/html, export json/csv/oscal, catalogue json/csv/oscal,
# annotate of the samples and rules --json ja/en. SOURCE_DATE_EPOCH fixes the template's creation time.
# `compare` unzips every .xlsx into a folder of its parts and then runs
# `diff -r`; docProps/core.xml is left out of the comparison because
# rust_xlsxwriter stamps the current time there when no time is fixed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:?run|compare}

if [ "$mode" = run ]; then
  bin=$(realpath "${2:?binary}"); out=${3:?outdir}
  rm -rf "$out"; mkdir -p "$out"
  export SOURCE_DATE_EPOCH=1700000000
  corpus=${CORPUS:-/tmp/same-outputs-corpus}
  if [ ! -d "$corpus" ]; then
    python3 /work/shared/bench/gen_corpus.py "$corpus" --count 100 --seed 3 --spec 2 --exact-bytes >/dev/null
  fi
  s=$here/samples
  rc() { "$@" || echo "exit $?" ; }
  for l in ja en; do
    "$bin" template --lang $l -o "$out/template-$l.xlsx"
    "$bin" rules --json --lang $l > "$out/rules-$l.json"
    "$bin" rules --lang $l > "$out/rules-$l.txt"
    for f in json csv oscal; do
      "$bin" catalogue --format $f --lang $l -o "$out/catalogue-$l.$f"
    done
  done
  for f in json csv text; do
    rc "$bin" check --format $f "$s" > "$out/check-samples.$f" 2>"$out/check-samples.$f.err"
    rc "$bin" check --format $f -j 1 "$corpus" > "$out/check-corpus.$f" 2>"$out/check-corpus.$f.err"
  done
  for f in xlsx json csv html; do
    rc "$bin" report --format $f -j 1 -o "$out/report-samples.$f" "$s" 2>"$out/report-samples.$f.err"
    rc "$bin" report --format $f -j 1 -o "$out/report-corpus.$f" "$corpus" 2>"$out/report-corpus.$f.err"
  done
  for f in text json xlsx; do
    rc "$bin" diff --format $f -o "$out/diff.$f" "$s/template-ja.xlsx" "$s/sample-ja.xlsx" 2>"$out/diff.$f.err"
    rc "$bin" diff --format $f --lang en -o "$out/diff-en.$f" "$s/template-en.xlsx" "$s/sample-en.xlsx" 2>"$out/diff-en.$f.err"
  done
  for f in text json xlsx html; do
    rc "$bin" history --format $f -o "$out/history.$f" "$s/template-ja.xlsx" "$s/sample-ja.xlsx" 2>"$out/history.$f.err"
  done
  for x in sample-ja sample-en; do
    for f in json csv oscal; do
      rc "$bin" export --format $f -o "$out/export-$x.$f" "$s/$x.xlsx" 2>"$out/export-$x.$f.err"
    done
  done
  for x in sample-ja sample-en template-ja; do
    rc "$bin" annotate -o "$out/annotate-$x.xlsx" "$s/$x.xlsx" > "$out/annotate-$x.out" 2>"$out/annotate-$x.err"
  done
  # every subcommand's --help (the program name as invoked is replaced)
  for c in template check annotate export import report diff history rules serve catalogue; do
    "$bin" $c --help | sed "s#^Usage: [^ ]*#Usage: x1060#" > "$out/help-$c.txt"
  done
  # error paths: existing output without --force, and --force replacing it
  rc "$bin" template -o "$out/template-ja.xlsx" > "$out/clobber.out" 2> "$out/clobber.err"
  rc "$bin" catalogue -o "$out/catalogue-ja.json" --force > "$out/force.out" 2> "$out/force.err"
  # the paths are the run's own: strip the folder so two runs compare
  sed -i "s#$out#OUT#g; s#$corpus#CORPUS#g; s#$s#SAMPLES#g" "$out"/*.err "$out"/*.out "$out"/check-* 2>/dev/null || true
  exit 0
fi

if [ "$mode" = compare ]; then
  a=${2:?dir a}; b=${3:?dir b}
  tmp=$(mktemp -d)
  for side in a b; do
    src=${!side}; mkdir -p "$tmp/$side"
    for f in "$src"/*; do
      n=$(basename "$f")
      case "$n" in
        *.xlsx) mkdir -p "$tmp/$side/$n.d"; (cd "$tmp/$side/$n.d" && unzip -q "$f" && rm -f docProps/core.xml) ;;
        *) cp "$f" "$tmp/$side/$n" ;;
      esac
    done
  done
  if diff -r "$tmp/a" "$tmp/b"; then
    echo "same: $(find "$tmp/a" -type f | wc -l) files/parts identical (xlsx compared by parts, docProps/core.xml excluded)"
    rm -rf "$tmp"
  else
    echo "DIFFERENT (kept in $tmp)"; exit 1
  fi
fi
