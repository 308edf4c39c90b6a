#!/usr/bin/env bash
# The acceptance queries over the real corpus (the seed article plus the
# State of the Union addresses), indexed once here.
. "$(dirname "$0")/../lib.sh"

SEED=corpus/kennan/putin-kim-partnership.txt
check_eq "the seed article is in the corpus byte for byte" \
	355fa8cf5cf54f516af1d4a80bb19b22db6a3eca933413ccde677026f5d0d798 \
	"$(sha256sum "$WONK_TOP/$SEED" | cut -d' ' -f1)"
check_eq "the State of the Union addresses are fetched" 233 \
	"$(find "$WONK_TOP/corpus/sotu" -name '*.json' | wc -l)"

IDX=$SCRATCH/idx
cd "$WONK_TOP"
check_status "indexing corpus/ succeeds" 0 wonk_index -d "$IDX" corpus
check "...all 234 files" grep -q '^wonk-index: 234 files (234 added' "$SCRATCH/out"

# The addresses are JSON records: the president is the author, the year the
# date, and the text is the package's, offsets and all.
top=$(wonk_search -d "$IDX" --json -n 1 '"Porto Rico" year:1905')
check_eq "a 1905 address is by Theodore Roosevelt" "Theodore Roosevelt" "$(jq -r .author <<<"$top")"
check_eq "...dated 1905" 1905 "$(jq -r .date <<<"$top")"
path=$(jq -r .path <<<"$top"); start=$(jq -r .start <<<"$top"); end=$(jq -r .end <<<"$top")
check_eq "...and start/end cut the passage out of the record's text" "$(jq -r .text <<<"$top")" \
	"$(jq -j .text "$path" | tail -c +$((start + 1)) | head -c $((end - start)))"
check_eq "tariffs were discussed most in the 1890s-1900s" "$(wonk_search -d "$IDX" --json --timeline tariff |
	jq -r '.timeline.counts | max_by(.count) | .start' | cut -c1-3)" 189
check_eq "Roosevelt's addresses can be counted by author" \
	"5 passages in 1 document" "$(wonk_search -d "$IDX" --count --author 'Theodore Roosevelt' '"Porto Rico" year:1905')"

top=$(wonk_search -d "$IDX" --json -n 1 MIRV Russian assistance)
check_eq "MIRV Russian assistance: the seed article first" "$SEED" "$(jq -r .path <<<"$top")"
check "...the paragraph that spells out MIRVs" \
	grep -q 'Multiple Independently Targeted Reentry Vehicles (MIRVs)' <<<"$(jq -r .text <<<"$top")"
check "...which begins and ends where the paragraph does" \
	grep -Eq '^A June 26 missile launched .*Filepiece from last April\.$' <<<"$(jq -r .text <<<"$top")"

top=$(wonk_search -d "$IDX" --json -n 1 Kim Jong Un Vostochny)
check_eq "Kim Jong Un Vostochny: the seed article first" "$SEED" "$(jq -r .path <<<"$top")"
check "...the paragraph about the September 2023 visit" \
	grep -q "Kim Jong-un’s September 2023 to Russia’s Vostochny Cosmodrome" <<<"$(jq -r .text <<<"$top")"

# Over 20,000 passages, a word in more than half of them selects nothing
# beside rarer words, but still matches alone and still ranks and marks.
count() { wonk_search -d "$IDX" --count --json "$@" | jq .passages; }
all=$(count -- -zyzzogeton)
the=$(count the)
check "\"the\" alone matches most passages ($the of $all)" test $((the * 2)) -gt "$all"
check_eq "\"the tariff\" matches what \"tariff\" does" "$(count tariff)" "$(count the tariff)"
check_eq "...and \"the OR tariff\" too" "$(count tariff)" "$(count the OR tariff)"
check "\"the the\" keeps the word" test "$(count the the)" -eq "$the"
check_eq "\"the zyzzogeton\": nothing, exit 1" 1 "$(wonk_search -d "$IDX" -n 1 the zyzzogeton >/dev/null 2>&1; echo $?)"
check_eq "\"the tarriff\" lists no passage with \"the\"" "" "$(wonk_search -d "$IDX" the tarriff 2>/dev/null)"
check "...but suggests \"the tariff\"" \
	grep -q 'did you mean: the tariff$' <<<"$(wonk_search -d "$IDX" the tarriff 2>&1)"
fix=$(wonk_search -d "$IDX" goverment 2>&1 >/dev/null | sed -n 's/.*did you mean: //p')
check "\"goverment\" gets a suggestion spelt as the corpus spells it ($fix)" \
	grep -rqw -- "${fix:-none}" "$WONK_TOP/corpus/sotu"
check_eq "...a form of \"govern\"" govern "${fix:0:6}"
top=$(wonk_search -d "$IDX" --json -n 1 the tariff)
check "\"the\" is still marked in the hits" test "$(jq '.highlights | length' <<<"$top")" -gt \
	"$(jq -r .text <<<"$top" | grep -oi tariff | wc -l)"
hits=$(wonk_search -d "$IDX" --json -n 50 --per-doc 0 '"bank of the united states"')
check "\"bank of the united states\" finds passages" test "$(wc -l <<<"$hits")" -ge 5
check_eq "...each with the whole phrase" 0 \
	"$(jq -r 'select(.text | test("bank\\s+of\\s+the\\s+united\\s+states"; "i") | not) | .rank' <<<"$hits" | wc -l)"

hits=$(wonk_search -d "$IDX" --json -n 100 --per-doc 0 '"Monroe doctrine"')
n=$(wc -l <<<"$hits")
check "\"Monroe doctrine\" finds passages (${n})" test "$n" -ge 5
bad=$(jq -r 'select(.text | test("monroe\\s+doctrine"; "i") | not) | .rank' <<<"$hits" | wc -l)
check_eq "...every one of them contains the exact phrase" 0 "$bad"
