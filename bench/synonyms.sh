#!/bin/sh
# bench/synonyms.sh BUILD [OTHER_BUILD] - what a synonyms file kept beside
# the index (INDEX/synonyms.txt) costs one wonk-search process: files of
# 0, 500 and 5,000 lines of words from corpus/ (two to four expressions of
# one to three words a line), the same queries against each, programs
# taking turns; the median of RUNS runs (default 30) over the queries.
# With OTHER_BUILD, its wonk-search takes its turn too (before/after).
set -eu
build=${1:-build}
other=${2:-}
runs=${RUNS:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$build/wonk-index" -q -d "$tmp/idx" corpus
# The words: corpus/'s, five letters or more, in a fixed order.
cat corpus/sotu/*.json | tr -cs 'A-Za-z' '\n' | awk 'length($0) >= 5' | sort -u >"$tmp/words"
for n in 500 5000; do
	mkdir -p "$tmp/s$n"
	cp -r "$tmp/idx/." "$tmp/s$n/"
	awk -v n="$n" 'BEGIN { srand(1) } { w[NR] = $0 } END {
		for (i = 0; i < n; i++) {
			k = 2 + int(rand() * 3); line = ""
			for (e = 0; e < k; e++) {
				m = 1 + int(rand() * 3); x = ""
				for (j = 0; j < m; j++) x = x (j ? " " : "") w[1 + int(rand() * NR)]
				line = line (e ? (rand() < 0.5 ? " = " : ", ") : "") x
			}
			print line
		}
	}' "$tmp/words" >"$tmp/s$n/synonyms.txt"
done

# Each run timed by bench/measure (fork to exit), built here if need be.
measure=$build/bench/measure
[ -x "$measure" ] || { mkdir -p "$build/bench"; ${CC:-cc} -O2 -o "$measure" bench/measure.c; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
set -- "welfare to work reform" "MIRV Russian assistance" "Panama canal treaty" "farm price supports"
: >"$tmp/times"
i=0
while [ "$i" -lt "$runs" ]; do
	q=$(eval "echo \"\${$((i % 4 + 1))}\"")
	# Who goes first changes every run: the first to open an index
	# after another was opened meets colder caches.
	if [ $((i % 2)) -eq 0 ]; then
		progs="$build/wonk-search ${other:+$other/wonk-search}"
	else
		progs="${other:+$other/wonk-search }$build/wonk-search"
	fi
	for idx in idx s500 s5000; do
		for prog in $progs; do
			us=$("$measure" "$prog" -d "$tmp/$idx" "$q" | awk '{printf "%d", $1 * 1e6}')
			echo "$prog $idx $us" >>"$tmp/times"
		done
	done
	i=$((i + 1))
done
echo "| synonyms.txt | $build/wonk-search |${other:+ $other/wonk-search |}"
echo "|---|---|${other:+---|}"
for idx in idx s500 s5000; do
	case $idx in idx) label="none";; s500) label="500 lines ($(wc -c <"$tmp/s500/synonyms.txt") bytes)";;
		s5000) label="5,000 lines ($(wc -c <"$tmp/s5000/synonyms.txt") bytes)";; esac
	row="| $label"
	for prog in "$build/wonk-search" ${other:+"$other/wonk-search"}; do
		ms=$(awk -v p="$prog" -v x="$idx" '$1 == p && $2 == x {print $3}' "$tmp/times" | median)
		row="$row | $(awk -v u="$ms" 'BEGIN {printf "%.2f ms", u / 1000}')"
	done
	echo "$row |"
done
echo
echo "Medians of $runs runs each (one process per query, the programs and files taking turns)."
