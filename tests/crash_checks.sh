# tests/crash_checks.sh - sourced by tests/cli/crash.sh and tests/torture.sh:
# what an index must hold after a kill, read with Xapian's own tools
# (xapian-delve, xapian-metadata), independently of wonk.


# Every document's passage count equals its manifest entry's.
whole_files() {
	local idx=$1 t id want got bad=0
	for t in $(xapian-delve -a "$idx" | tr ' ' '\n' | grep '^P'); do
		id=${t#P}
		# manifest: "size mtime_s mtime_ns hash documents passages" NUL ...
		want=$(xapian-metadata get "$idx" "F$id" | tr '\0' '\n' | head -1 | cut -d' ' -f6)
		got=$(xapian-delve -t "$t" "$idx" | head -c 200 | sed -n 's/.*termfreq \([0-9]*\).*/\1/p')
		[ "$want" = "$got" ] || { echo "# $t: manifest $want, index $got"; bad=1; }
	done
	return $bad
}

# What a build holds: documents, passages, and the average passage length.
summary() {
	xapian-delve "$1" | grep -E '^(number of documents|average document length)'
	xapian-delve -a "$1" | tr ' ' '\n' | grep -c '^P'
}

# Term statistics: each term with the passages that hold it and its
# occurrences (termfreq, collection frequency).
term_stats() {
	xapian-delve -a -vv -1 "$1" | tail -n +2 | cut -d' ' -f1-3
}

# Every committed document is found by a search: "the" is in every address.
all_searchable() {
	local idx=$1 docs found
	docs=$(xapian-delve -a "$idx" | tr ' ' '\n' | grep -c '^P')
	found=$(wonk_search -d "$idx" --count the 2>/dev/null | sed -n 's/.* in \([0-9]*\) documents\{0,1\}$/\1/p')
	[ "$docs" -eq 0 ] && [ -z "$found" ] && return 0
	[ "$docs" = "$found" ] || { echo "# $docs documents, $found found"; return 1; }
}
