#!/usr/bin/env bash
# Records, once, what tshark reads from every corpus capture: per frame its number, epoch time,
# lengths, section, interface and comments. test/corpus/formats.test.ts compares the readers
# against these files, so the tests run where tshark is not installed.
#
#   scripts/record-tshark-expectations.sh [CORPUS_DIR]
#   (default: $SYNFIN_CORPUS, else ../shared/corpus, else ../../shared/corpus for a worktree)
#
# Output: test/corpus/expected/<folder>/<file>.tsv — a comment line naming the tshark version,
# a header row, one row per frame, and a final "# error:" line when tshark stopped with one.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-${SYNFIN_CORPUS:-}}"
if [ -z "$corpus" ]; then
  for c in ../shared/corpus ../../shared/corpus; do [ -d "$c/pcaps" ] && { corpus="$c"; break; }; done
fi
[ -d "${corpus:-}/pcaps" ] || { echo "no corpus found (give its folder as the first argument)" >&2; exit 1; }
out=test/corpus/expected
fields=(frame.number frame.time_epoch frame.len frame.cap_len frame.section_number frame.interface_id frame.interface_name frame.encap_type frame.comment)

version="$(tshark -v 2>/dev/null | head -n 1)"
args=()
for f in "${fields[@]}"; do args+=(-e "$f"); done

(cd "$corpus/pcaps" && find . -type f | sort) | while read -r rel; do
  rel="${rel#./}"
  dest="$PWD/$out/$rel.tsv"
  mkdir -p "$(dirname "$dest")"
  err="$(mktemp)"
  {
    echo "# $version: tshark -n -r $rel -T fields (multiple comments joined by ',')"
    (IFS=$'\t'; echo "${fields[*]}")
    (cd "$corpus/pcaps" && tshark -n -r "$rel" -T fields -E occurrence=a -E aggregator=, "${args[@]}" 2>"$err") || true
    # tshark's own complaint, if any (its note about running as root is not one).
    grep -v 'Running as user' "$err" | sed -e 's/^/# error: /' || true
  } > "$dest"
  rm -f "$err"
done
echo "recorded $(find "$out" -name '*.tsv' | wc -l) expectation files under $out"
