#!/usr/bin/env bash
# The acceptance queries over the real corpus (the seed article plus the
# State of the Union addresses), indexed once here.
. "$(dirname "$0")/../lib.sh"

SEED=corpus/kennan/putin-kim-partnership.txt
check_eq "the seed article is in the corpus byte for byte" \
	355fa8cf5cf54f516af1d4a80bb19b22db6a3eca933413ccde677026f5d0d798 \
	"$(sha256sum "$WONK_TOP/$SEED" | cut -d' ' -f1)"
check_eq "the State of the Union addresses are fetched" 233 \
	"$(find "$WONK_TOP/corpus/sotu" -name '*.txt' | wc -l)"

IDX=$SCRATCH/idx
cd "$WONK_TOP"
check_status "indexing corpus/ succeeds" 0 wonk_index -d "$IDX" corpus
check "...all 234 files" grep -q '^wonk-index: 234 files (234 added' "$SCRATCH/out"

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

hits=$(wonk_search -d "$IDX" --json -n 100 --per-doc 0 '"Monroe doctrine"')
n=$(wc -l <<<"$hits")
check "\"Monroe doctrine\" finds passages (${n})" test "$n" -ge 5
bad=$(jq -r 'select(.text | test("monroe\\s+doctrine"; "i") | not) | .rank' <<<"$hits" | wc -l)
check_eq "...every one of them contains the exact phrase" 0 "$bad"
