#!/usr/bin/env bash
# Records what tshark 4.0 shows in the Info column of every TCP frame of the shared corpus
# (test/corpus/expected/info.tsv) and of the repository's own fixtures (info-fixtures.tsv), with
# the tracker's numbers it used (stream, relative seq/ack, calculated window, analysis flags,
# dup-ACK frame and count), so that test/corpus/info.test.ts can check core/present/info.ts against
# it with and without the TCP tracker. Two passes (-2) so the analysis prefixes are final; TCP
# reassembly off and every TCP port decoded as plain data, so no application protocol replaces
# the TCP line.
# Usage: test/corpus/record-info.sh [CORPUS_DIR]
#   (default: $SYNFIN_CORPUS, else ../shared/corpus beside a clone, else ../../shared/corpus beside the worktrees)
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="${1:-${SYNFIN_CORPUS:-}}"
if [ -z "$corpus" ]; then
  for c in ../shared/corpus ../../shared/corpus; do [ -d "$c/pcaps" ] && { corpus=$c; break; }; done
fi
[ -d "$corpus/pcaps" ] || { echo "no corpus found (set SYNFIN_CORPUS)" >&2; exit 1; }
flags=(retransmission fast_retransmission spurious_retransmission out_of_order lost_segment ack_lost_segment
  duplicate_ack keep_alive keep_alive_ack zero_window zero_window_probe window_full window_update reused_ports)
fields=(-e frame.number -e tcp.stream -e tcp.seq -e tcp.ack -e tcp.window_size)
for f in "${flags[@]}"; do fields+=(-e "tcp.analysis.$f"); done
fields+=(-e tcp.analysis.duplicate_ack_frame -e tcp.analysis.duplicate_ack_num -e _ws.col.Info)

# record DIR OUT FILE...: one row per TCP frame of each FILE (a path under DIR).
record() {
  local dir=$1 out=$2
  shift 2
  {
    echo "# $(tshark --version | head -1); recorded by test/corpus/record-info.sh"
    printf 'file\tframe\tstream\tseq\tack\twindow_size\tanalysis\tdupack_frame\tdupack_num\tinfo\n'
    for rel in "$@"; do
      tshark -r "$dir/$rel" -2 -o tcp.desegment_tcp_streams:FALSE -d tcp.port==0-65535,data -Y tcp \
        -T fields -E occurrence=f "${fields[@]}" 2>/dev/null |
        awk -F'\t' -v rel="$rel" -v names="${flags[*]}" 'BEGIN { OFS = "\t"; n = split(names, flag, " ") }
          { a = ""; for (i = 1; i <= n; i++) if ($(5 + i) != "") a = a (a == "" ? "" : ",") flag[i]
            print rel, $1, $2, $3, $4, $5, a, $(6 + n), $(7 + n), $(8 + n) }'
    done
  } > "$out"
  echo "wrote $(($(wc -l < "$out") - 2)) frames to $out"
}

mapfile -t captures < <(cd "$corpus/expected/tshark" && find . -name '*.frames.tsv' | sed 's|^\./||; s|\.frames\.tsv$||' | LC_ALL=C sort)
record "$corpus/pcaps" test/corpus/expected/info.tsv "${captures[@]}"
mapfile -t fixtures < <(cd test/fixtures && ls *.pcap *.pcapng | LC_ALL=C sort)
record test/fixtures test/corpus/expected/info-fixtures.tsv "${fixtures[@]}"
