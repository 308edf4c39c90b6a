#!/bin/sh
# bench/reindex.sh BUILD - how much cheaper keeping an index current is than
# building it: the first indexing of corpus/ against re-runs over the same
# unchanged files, and over files whose times changed but content did not
# (touch), each the median of several runs on this machine.
set -eu
build=${1:-build}
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
timed() { t0=$(now); "$@" >/dev/null; t1=$(now); awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}'; }

first=$(for i in $(seq "$runs"); do rm -rf "$tmp/idx"; timed "$build/wonk-index" -q -d "$tmp/idx" corpus; done | median)
again=$(for i in $(seq "$runs"); do timed "$build/wonk-index" -q -d "$tmp/idx" corpus; done | median)
cp -r corpus "$tmp/corpus"
"$build/wonk-index" -q -d "$tmp/idx2" "$tmp/corpus"
touched=$(for i in $(seq "$runs"); do find "$tmp/corpus" -type f -exec touch {} +;
	timed "$build/wonk-index" -q -d "$tmp/idx2" "$tmp/corpus"; done | median)
awk -v f="$first" -v a="$again" -v t="$touched" -v n="$runs" 'BEGIN {
	printf "| first build of corpus/ | %.3f s | |\n", f
	printf "| re-run, nothing changed | %.4f s | %.0fx faster |\n", a, f / a
	printf "| re-run, every file touched (same content) | %.4f s | %.0fx faster |\n", t, f / t
	printf "\nMedians of %d runs each.\n", n
}'
