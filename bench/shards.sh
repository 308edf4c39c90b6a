#!/bin/sh
# bench/shards.sh BUILD CORPUS... - what parallel building buys on this
# machine: wonk-index with one process against --shards 2 (two workers,
# then the merge into one compacted index), on each corpus directory given,
# alternating, the median of RUNS (default 3) runs each.  Prints a Markdown
# table: wall time, the speed-up, and the index size (the sharded build's
# index is compacted by its merge; the one-process build's is not).
set -eu
build=$1
shift
runs=${RUNS:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
timed() { t0=$(now); "$@" >/dev/null; t1=$(now); awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'; }
size_mb() { du -sk "$1" | awk '{printf "%.0f", $1 / 1024}'; }

echo "| corpus | text | 1 process | --shards 2 (build + merge) | speed-up | index, 1 process | index, --shards 2 (compacted) |"
echo "|---|---|---|---|---|---|---|"
for corpus in "$@"; do
	: >"$tmp/one" && : >"$tmp/two"
	for i in $(seq "$runs"); do
		rm -rf "$tmp/i1" "$tmp/i2" "$tmp/i2.shards"
		timed "$build/wonk-index" -q -d "$tmp/i1" "$corpus" >>"$tmp/one"
		timed "$build/wonk-index" -q --shards 2 -d "$tmp/i2" "$corpus" >>"$tmp/two"
	done
	one=$(median <"$tmp/one") two=$(median <"$tmp/two")
	text=$(du -sk "$corpus" | awk '{printf "%.0f MB", $1 / 1024}')
	awk -v c="$corpus" -v t="$text" -v a="$one" -v b="$two" -v s1="$(size_mb "$tmp/i1")" \
		-v s2="$(size_mb "$tmp/i2")" 'BEGIN {
		printf "| %s | %s | %.2f s | %.2f s | %.2fx | %s MB | %s MB |\n", c, t, a, b, a / b, s1, s2
	}'
done
echo
echo "Medians of $runs runs each, the two builds alternating; $(nproc) cores."
