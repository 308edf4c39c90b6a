#!/usr/bin/env bash
# Passage records are packed with zstd against a dictionary the index
# trains on its first 128 KB of records (lib/pack.h).  What a reader sees
# must not change: the text of every hit is its source's bytes, --check
# finds nothing, a later run keeps the dictionary, a compacted copy reads
# the same, and a damaged dictionary is reported as a damaged index, never
# a crash.  An index of format 4, whose records deflate packed, is searched
# and added to as it was.
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
check_eq "...an index of format 5" 5 "$(xapian-metadata get idx wonk:format)"
check "...that made a zstd dictionary" bash -c "xapian-metadata get idx wonk:zdict | grep -q '^[0-9a-f]\{8\}\$'"
check_eq "...and no deflate one" "" "$(xapian-metadata get idx wonk:dict)"
dict=$(xapian-metadata get idx wonk:zdict)

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
check_eq "...packing with the same dictionary" "$dict" "$(xapian-metadata get idx wonk:zdict)"
check_eq "...readable" "docs/r121.txt" "$(wonk_search -d idx --json '"Report 121"' | jq -r .path)"

xapian-compact idx compacted >/dev/null 2>&1
check_eq "a compacted copy reads the same" \
	"$(wonk_search -d idx --json -n 5 steel wheat | jq -c '[.path, .text]')" \
	"$(wonk_search -d compacted --json -n 5 steel wheat | jq -c '[.path, .text]')"

cp -r idx broken
# Other bytes (inflating against them need not fail: the id, its hash, tells).
xapian-metadata set broken "wonk:zdict:$dict" "$(xapian-metadata get idx "wonk:zdict:$dict" | tr -d '\0' | tr 'a-z' 'b-za')"
check_status "a damaged dictionary: a search exits 2" 2 wonk_search -d broken --per-doc 0 -n 200 '"part 6"'
check "...saying the index is damaged" grep -q 'index is damaged' "$SCRATCH/err"
check_status "...and --check finds it" 1 wonk_index --check -d broken
check "...naming unreadable records" grep -q 'record cannot be read' "$SCRATCH/err"
# How many records of index $1 start with each packed mark: "\x01=N \x02=M ".
marks() {
	xapian-delve -V7 -1 "$1" | LC_ALL=C sed -n 's/^[0-9]*: *\(\\x0[12]\).*/\1/p' | sort | uniq -c |
		awk '{printf "%s=%s ", $2, $1}'
}
m=$(marks idx)
check "the records packed since the dictionary are zstd's (0x02)" [ "${m:0:5}" = '\x02=' ]

# An index of format 4 (tests/fixtures/format4: records deflated against
# "wonk:dict", from the first 70 of the files above) answers as a new index
# of the same files does, passes --check, and takes new files packed with
# its own dictionary, staying format 4.
mkdir four-files && cd four-files
cp -r "$WONK_TOP/tests/fixtures/format4/index" four
mkdir docs && cp ../docs/r{1..70}.txt docs/
wonk_index -q -d new docs
# (Equal scores fall in document-id order, a hash of each file's real path.)
shown() { wonk_search -d "$1" --json --per-doc 0 -n 500 steel OR witness | jq -c 'del(.doc, .rank)' | sort; }
check_eq "a format-4 index holds deflated records (0x01)" '\x01=95 ' "$(marks four)"
check "...and answers" [ -n "$(shown four)" ]
check_eq "...as a new index of the same files does (all but the ids)" "$(shown new)" "$(shown four)"
check_status "...and wonk-index --check finds it sound" 0 wonk_index --check -d four
old_dict=$(xapian-metadata get four wonk:dict)
mkdir more
printf 'Report 200: the committee on tariffs heard the steel makers of the northern ports once more.\n' >more/r200.txt
check_status "adding a file to it" 0 wonk_index -q -d four more
check_eq "...keeps it format 4" 4 "$(xapian-metadata get four wonk:format)"
check_eq "...packing with its deflate dictionary" '\x01=96 ' "$(marks four)"
check_eq "...the same one" "$old_dict" "$(xapian-metadata get four wonk:dict)"
check_eq "...and no zstd one" "" "$(xapian-metadata get four wonk:zdict)"
check_eq "...and the new passage reads back" "more/r200.txt" \
	"$(wonk_search -d four --json '"Report 200"' | jq -r .path)"
check_status "...and it is still sound" 0 wonk_index --check -d four
