#!/usr/bin/env bash
# Keeping an index current: a re-run skips what did not change (even when
# only the modification time did), replaces what did, --prune drops files
# that are gone (a rename is a removal plus an addition), --rebuild starts
# over, and the progress line appears only on a terminal.
. "$(dirname "$0")/../lib.sh"

mkdir -p "$SCRATCH/docs/sub"
cd "$SCRATCH"
IDX=$SCRATCH/idx
printf 'Sanctions on Russian oil exports tightened in 2023.\n\nThe price cap held.\n' >docs/oil.txt
printf 'Arctic shipping routes open as the ice retreats.\n' >docs/arctic.txt
printf 'Nuclear talks with Iran stalled over enrichment.\n' >docs/sub/iran.txt
printf 'Fisheries quotas in the Barents Sea were renegotiated.\n' | gzip >docs/sub/fish.txt.gz

summary() { wonk_index -d "$IDX" "$@" docs 2>"$SCRATCH/err"; }
# How many passages of a file the index holds.
held() { wonk_search -d "$IDX" --json --per-doc 0 -n 1000 "$2" | jq -r .path | grep -c "^$1\$"; }

out=$(summary)
check "a first run adds every file" grep -q '(4 added, 0 updated, 0 unchanged, 0 removed, 0 skipped), 4 documents' <<<"$out"

out=$(summary)
check "a second run finds all four unchanged" grep -q '(0 added, 0 updated, 4 unchanged, 0 removed' <<<"$out"

touch -d '2030-01-01' docs/oil.txt
out=$(summary)
check "a touched file whose content is the same is unchanged" \
	grep -q '(0 added, 0 updated, 4 unchanged' <<<"$out"
out=$(summary)
check "...and its new time is remembered" grep -q '(0 added, 0 updated, 4 unchanged' <<<"$out"

printf 'Sanctions on Russian gas followed.\n' >docs/oil.txt
out=$(summary)
check "an edited file is updated" grep -q '(0 added, 1 updated, 3 unchanged' <<<"$out"
check_eq "...its old text is gone" 0 "$(held docs/oil.txt 'price cap')"
check_eq "...its new text is in" 1 "$(held docs/oil.txt 'gas')"

rm docs/arctic.txt
out=$(summary)
check "without --prune a deleted file's documents stay" grep -q '0 removed' <<<"$out"
check_eq "...and still match" 1 "$(held docs/arctic.txt arctic)"
out=$(summary --prune -v)
check "--prune removes the deleted file" grep -q '(0 added, 0 updated, 3 unchanged, 1 removed' <<<"$out"
check "...naming it under -v" grep -q 'docs/arctic.txt: removed (file is gone)' "$SCRATCH/err"
check_status "...and it no longer matches" 1 wonk_search -d "$IDX" arctic

mv docs/sub/iran.txt docs/sub/iran-talks.txt
out=$(summary --prune)
check "a renamed file is one addition and one removal" \
	grep -q '(1 added, 0 updated, 2 unchanged, 1 removed' <<<"$out"
check_eq "...and is found once, under its new name" "docs/sub/iran-talks.txt" \
	"$(wonk_search -d "$IDX" --json enrichment | jq -r .path)"

rm -r docs/sub
out=$(wonk_index -d "$IDX" --prune 2>&1)
check "--prune alone, with no PATH, prunes a removed directory" grep -q '2 removed' <<<"$out"
check_status "...whose compressed file no longer matches" 1 wonk_search -d "$IDX" Barents

out=$(summary --rebuild)
check "--rebuild indexes everything again" grep -q '(1 added, 0 updated, 0 unchanged' <<<"$out"
check_status "...keeping only what is there now" 1 wonk_search -d "$IDX" enrichment
mkdir notours && echo data >notours/x
check_status "--rebuild refuses a directory that is not an index" 2 \
	wonk_index -d notours --rebuild docs
check "...and leaves it alone" test "$(ls notours)" = x

# Progress shows on a terminal only: script(1) gives the indexer one.
printf 'More text on oil.\n' >>docs/oil.txt
wonk_index -d "$IDX" docs 2>"$SCRATCH/err" >/dev/null
check "no progress line when stderr is not a terminal" test ! -s "$SCRATCH/err"
if command -v script >/dev/null; then
	printf 'Yet more.\n' >>docs/oil.txt
	script -qec "$WONK_INDEX_BIN -d $IDX docs" /dev/null >"$SCRATCH/tty" 2>&1
	check "a progress line (files, MB/s) on a terminal" grep -q '1/1 files, [0-9.]* MB/s' "$SCRATCH/tty"
fi

# Bad files are skipped and counted, and a previously indexed file that
# turns bad keeps its last good version.
printf '\x00\x01\x02binary' >docs/blob.txt
out=$(summary)
check "a binary file is skipped and counted" grep -q '1 skipped' <<<"$out"
check "...with its reason" grep -q 'docs/blob.txt: binary file' "$SCRATCH/err"
printf 'Good text about oil.\n' >docs/oil.txt
summary >/dev/null
printf '\x00\x01\x02binary' >docs/oil.txt
summary >/dev/null
check_eq "a file that turns binary keeps its last good text" 1 "$(held docs/oil.txt 'good')"
