#!/usr/bin/env bash
# wonk-index and wonk-search on the small fixture corpus: what a user at a
# shell sees, from the summary line to exit codes, JSON fields and colour.
. "$(dirname "$0")/../lib.sh"

cp -r "$FIXTURES/small" "$SCRATCH/docs"
cd "$SCRATCH"
IDX=$SCRATCH/idx

# ---- indexing
out=$(wonk_index -d "$IDX" docs 2>"$SCRATCH/err"); rc=$?
check_eq "indexing a clean tree exits 0" 0 "$rc"
check "the summary line counts files, passages, megabytes and seconds" \
	grep -Eq '^wonk-index: 4 files \(4 added, 0 updated, 0 unchanged, 0 removed, 0 skipped\), 4 documents, [0-9]+ passages, [0-9.]+ MB in [0-9.]+ s$' <<<"$out"
check "other file types are passed over quietly" test ! -s "$SCRATCH/err"

wonk_index -d "$IDX" -v docs >/dev/null 2>"$SCRATCH/err"
check "-v lists what was passed over" grep -q 'docs/notes.rtf: passed over' "$SCRATCH/err"

out=$(wonk_index -d "$IDX" docs)
check "a re-run finds everything unchanged" grep -q '(0 added, 0 updated, 4 unchanged, 0 removed, 0 skipped), 0 documents, 0 passages' <<<"$out"
n1=$(wonk_search -d "$IDX" --json -n 1000 --per-doc 0 the | wc -l)
wonk_index -d "$IDX" ./docs >/dev/null
n2=$(wonk_search -d "$IDX" --json -n 1000 --per-doc 0 the | wc -l)
check_eq "re-indexing by another spelling of the path duplicates nothing" "$n1" "$n2"

printf 'A new paragraph on uranium enrichment.\n' >>docs/korea.txt
out=$(wonk_index -d "$IDX" docs)
check "an edited file is updated" grep -q '(0 added, 1 updated, 3 unchanged' <<<"$out"
check_status "its new text is searchable" 0 wonk_search -d "$IDX" uranium

check_status "a hidden directory is not entered" 1 wonk_search -d "$IDX" secret
WONK_INDEX=$IDX check_status "\$WONK_INDEX names the index" 0 wonk_search Pyongyang
mkdir dflt && (cd dflt && wonk_index ../docs/korea.txt >/dev/null)
check "without -d or \$WONK_INDEX the index is ./.wonk" test -f dflt/.wonk/iamglass

# ---- bad input: reported, skipped, the rest indexed, exit 1
cp -r "$FIXTURES/bad" bad
check_status "a tree with bad files exits 1" 1 wonk_index -d "$SCRATCH/idx2" bad
check "the binary file is reported with its reason" grep -q 'bad/program.txt: binary file' "$SCRATCH/err"
check "the truncated gzip is reported" grep -q 'bad/truncated.txt.gz: corrupt gzip' "$SCRATCH/err"
check_status "the good file beside them is indexed" 0 wonk_search -d "$SCRATCH/idx2" sanctions
check_status "a named file of an unknown type is an error" 1 wonk_index -d "$IDX" docs/notes.rtf
check "...with a message" grep -q 'notes.rtf: not a file type wonk indexes' "$SCRATCH/err"
check_status "a missing path is reported" 1 wonk_index -d "$IDX" no/such/file.txt
check_status "no PATH is a usage error" 2 wonk_index -d "$IDX"
check_status "an unknown option is a usage error" 2 wonk_index --frobnicate docs
check_status "indexing into a directory of other files is refused" 2 wonk_index -d docs docs
check "...and it is left alone" test ! -e docs/iamglass

# ---- searching
out=$(wonk_search -d "$IDX" "Russian assistance missile")
check "the best passage comes first, numbered, with title and path" \
	grep -q '^1\. korea\.txt$' <<<"$(head -1 <<<"$out")"
check "the location line gives path, passage and byte span" \
	grep -Eq '^   docs/korea.txt, passage [0-9]+, bytes [0-9]+-[0-9]+, score [0-9.]+$' <<<"$out"
check "the passage text is shown" grep -q 'technical assistance may explain' <<<"$out"
check "piped output carries no escape codes" bash -c '! grep -q $'"'"'\033'"'"' <<<"$1"' _ "$out"
out=$(wonk_search -d "$IDX" --color=always "Russian assistance")
check "--color=always marks the matched words" grep -q $'\033\\[1;31massistance\033\\[0m' <<<"$out"

out=$(wonk_search -d "$IDX" --json "Russian assistance missile")
check "--json prints one object per line" jq -e . <<<"$out" >/dev/null
first=$(head -1 <<<"$out")
check "the JSON hit has every documented field" jq -e \
	'has("rank") and has("score") and has("path") and has("doc") and has("passage") and has("start") and has("end") and has("title") and has("text") and has("highlights")' <<<"$first" >/dev/null
check_eq "rank is 1-based" 1 "$(jq -r .rank <<<"$first")"
check_eq "path is as given to wonk-index" docs/korea.txt "$(jq -r .path <<<"$first")"
start=$(jq -r .start <<<"$first"); end=$(jq -r .end <<<"$first")
check_eq "start/end cut exactly the passage text out of the file" \
	"$(jq -r .text <<<"$first")" "$(tail -c +$((start + 1)) docs/korea.txt | head -c $((end - start)))"
marked=$(jq -r '.highlights[] | "\(.[0]) \(.[1])"' <<<"$first" | while read -r s e; do
	jq -j .text <<<"$first" | tail -c +$((s + 1)) | head -c $((e - s)); echo; done | sort -u | tr '\n' ' ')
check_eq "highlights are the byte spans of the matched words (Russia: the place Russian names)" \
	"Russia Russian assistance missile " "$marked"
check_eq "a document's passages share its id" 1 \
	"$(wonk_search -d "$IDX" --json --per-doc 0 -n 50 Russia Korea | jq -r 'select(.path=="docs/korea.txt") | .doc' | sort -u | wc -l)"
check_eq "--per-doc 2 keeps at most 2 passages of a document" 2 \
	"$(wonk_search -d "$IDX" --json --per-doc 2 -n 50 Russia Korea China treaty | jq -r 'select(.path=="docs/korea.txt") | .path' | wc -l)"
check_eq "no per-document cap by default (docs/RANKING.md)" 3 \
	"$(wonk_search -d "$IDX" --json -n 50 Russia Korea China treaty | jq -r 'select(.path=="docs/korea.txt") | .path' | wc -l)"
check_eq "--per-doc 0 lifts the cap" 3 \
	"$(wonk_search -d "$IDX" --json --per-doc 0 -n 50 Russia Korea China treaty | jq -r 'select(.path=="docs/korea.txt") | .path' | wc -l)"
check_eq "-n limits the hits" 1 "$(wonk_search -d "$IDX" --json -n 1 Russia Korea | wc -l)"
all=$(wonk_search -d "$IDX" --json --per-doc 0 Russia Korea China | jq -r .passage | tr '\n' ' ')
page=$(wonk_search -d "$IDX" --json --per-doc 0 --offset 1 Russia Korea China | jq -r .passage | tr '\n' ' ')
check_eq "--offset pages through the same ranking" "${all#* }" "$page"

check_eq "gzip files are searched, path kept" docs/sub/speech.txt.gz \
	"$(wonk_search -d "$IDX" --json tariff | jq -r .path)"
out=$(wonk_search -d "$IDX" --json '"Monroe Doctrine"')
check_eq "a quoted phrase is found" 1 "$(wc -l <<<"$out")"
check_status "a phrase in another word order is not" 1 wonk_search -d "$IDX" '"Doctrine Monroe"'
check_status "Kim Jong Un finds Kim Jong-un as a phrase" 0 wonk_search -d "$IDX" '"Kim Jong Un"'

# ---- invalid UTF-8: indexed, shown repaired, offsets still exact
printf 'Caf\xe9 society \xff\xfe met to discuss embargo policy.\n' >latin1.txt
check_status "a file with invalid UTF-8 is indexed" 0 wonk_index -d "$SCRATCH/idx3" latin1.txt
hit=$(wonk_search -d "$SCRATCH/idx3" --json embargo)
check "its hit is valid JSON with the bad bytes as U+FFFD" \
	grep -q $'Caf\xef\xbf\xbd society \xef\xbf\xbd\xef\xbf\xbd met' <<<"$(jq -r .text <<<"$hit")"
check_eq "the highlight lands on the word despite the repair" embargo \
	"$(jq -j .text <<<"$hit" | tail -c +$(($(jq '.highlights[0][0]' <<<"$hit") + 1)) | head -c 7)"
check_eq "start/end still cover the whole line in the file" "0 $(($(wc -c <latin1.txt) - 1))" \
	"$(jq -r '"\(.start) \(.end)"' <<<"$hit")"

# ---- terminal safety
out=$(wonk_search -d "$IDX" --color=always sanctions)
check "escape sequences in documents never reach the terminal" \
	bash -c '! grep -q $'"'"'\033\]0;pwned'"'"' <<<"$1" && ! grep -q $'"'"'\033\[31mred'"'"' <<<"$1"' _ "$out"
check "--json escapes control characters" \
	grep -q '\\u001b\]0;pwned' <<<"$(wonk_search -d "$IDX" --json sanctions)"

# ---- exit codes and messages
check_status "no hits exits 1" 1 wonk_search -d "$IDX" zyzzogeton
check "...silently" test ! -s "$SCRATCH/err"
check_status "an empty query exits 2" 2 wonk_search -d "$IDX" ''
check "...saying why" grep -q 'wonk-search: empty query' "$SCRATCH/err"
check_status "a query of punctuation exits 2" 2 wonk_search -d "$IDX" '?!'
check "...saying why" grep -q 'wonk-search: query has no words to search for' "$SCRATCH/err"
check_status "an unbalanced quote still searches" 0 wonk_search -d "$IDX" '"Monroe Doctrine'
check "...with a note on stderr" grep -q 'note: character 1: unbalanced quote' "$SCRATCH/err"
check_status "a missing index exits 2" 2 wonk_search -d "$SCRATCH/none" missile
check "...naming it and how to build one" grep -q "none.*no index" "$SCRATCH/err"
check_status "a bad -n exits 2" 2 wonk_search -d "$IDX" -n lots missile
check_status "a bad --color exits 2" 2 wonk_search -d "$IDX" --color=sometimes missile
check_status "no query is a usage error" 2 wonk_search -d "$IDX"
check_status "--help exits 0" 0 wonk_search --help
check "--help documents the query syntax and exit codes" \
	grep -q 'Exit status: 0 passages found, 1 none found, 2 error' "$SCRATCH/out"
check_status "wonk-index --help exits 0" 0 wonk_index --help
check_status "--version exits 0" 0 wonk_search --version
long=$(printf 'missile %.0s' $(seq 1 10000))
check_status "a 10,000-word query is refused with a message" 2 wonk_search -d "$IDX" "$long"
check_status "control characters in a query are harmless" 0 wonk_search -d "$IDX" $'\x01missile\x1b[2J'
