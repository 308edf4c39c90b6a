#!/usr/bin/env bash
# Passage records are packed against a dictionary the index makes from its
# first 64 KB of records (lib/pack.h).  What a reader sees must not change:
# the text of every hit is its source's bytes, --check finds nothing, a
# later run keeps the dictionary, a compacted copy reads the same, and a
# damaged dictionary is reported as a damaged index, never a crash.
. "$(dirname "$0")/../lib.sh"
cd "$SCRATCH"
mkdir docs
for i in $(seq 1 120); do
	{
		for j in $(seq 1 6); do
			printf 'Report %d, part %d: the committee on tariffs and customs heard evidence from witness %d about steel, wheat and the %d shipping lanes of the northern ports.\n\n' "$i" "$j" "$((i * j))" "$((i + j))"
		done
	} >"docs/r$i.txt"
done
check_status "indexing 120 files (~100 KB)" 0 wonk_index -q -d idx docs
check "...made a dictionary" bash -c "xapian-metadata get idx wonk:dict | grep -q '^[0-9a-f]\{8\}\$'"
dict=$(xapian-metadata get idx wonk:dict)

# Every hit's text is the source file's bytes between start and end.
same=1
while read -r line; do
	path=$(jq -r .path <<<"$line"); start=$(jq -r .start <<<"$line"); end=$(jq -r .end <<<"$line")
	[ "$(jq -j .text <<<"$line")" = "$(tail -c +$((start + 1)) "$path" | head -c $((end - start)))" ] || same=0
done < <(wonk_search -d idx --json --per-doc 0 -n 200 '"witness 360"' OR '"part 6"')
check_eq "every hit's text is its file's bytes, packed or not" 1 "$same"
check_eq "...and they are all there" 120 "$(wonk_search -d idx --count --json '"part 6"' | jq .passages)"
check_status "--check finds nothing wrong" 0 wonk_index --check -d idx

printf 'Report 121: wheat again, and the committee on tariffs.\n' >docs/r121.txt
check_status "a later run adds a file" 0 wonk_index -q -d idx docs
check_eq "...packing with the same dictionary" "$dict" "$(xapian-metadata get idx wonk:dict)"
check_eq "...readable" "docs/r121.txt" "$(wonk_search -d idx --json '"Report 121"' | jq -r .path)"

xapian-compact idx compacted >/dev/null 2>&1
check_eq "a compacted copy reads the same" \
	"$(wonk_search -d idx --json -n 5 steel wheat | jq -c '[.path, .text]')" \
	"$(wonk_search -d compacted --json -n 5 steel wheat | jq -c '[.path, .text]')"

cp -r idx broken
# Other bytes (inflating against them need not fail: the id, its hash, tells).
xapian-metadata set broken "wonk:dict:$dict" "$(xapian-metadata get idx "wonk:dict:$dict" | tr -d '\0' | tr 'a-z' 'b-za')"
check_status "a damaged dictionary: a search exits 2" 2 wonk_search -d broken --per-doc 0 -n 200 '"part 6"'
check "...saying the index is damaged" grep -q 'index is damaged' "$SCRATCH/err"
check_status "...and --check finds it" 1 wonk_index --check -d broken
check "...naming unreadable records" grep -q 'record cannot be read' "$SCRATCH/err"
