#!/usr/bin/env bash
# wonk-index --compact: the index is compacted in place (alone, or after
# indexing PATHs), searches exactly as before, keeps the user's synonyms
# file, goes on taking additions, and is never lost: not to a kill in the
# middle, not to another writer (which is refused, or, with --wait, lands
# its file in the compacted index).
. "$(dirname "$0")/../lib.sh"
cd "$SCRATCH"
cp -r "$WONK_TOP/corpus" docs
wonk_index -q -d idx docs || not_ok "indexing the corpus"
printf 'railway, railroad\n' >idx/synonyms.txt

QUERIES=("MIRV Russian assistance" "annexation of Texas" "railway to the Pacific"
	 '"national debt"' "tariff -wool" "Korea*")
results() {
	for q in "${QUERIES[@]}"; do
		wonk_search -d "$1" --json -n 10 -- "$q" 2>/dev/null
		wonk_search -d "$1" --count --json -- "$q" 2>/dev/null
	done
}
bytes() { du -sb "$1" | cut -f1; }
ndocs() { "$WONK_INDEX_BIN" --check -d "$1" 2>&1 | sed -n 's/.*(\([0-9]*\) documents.*/\1/p'; }
docs_indexed=$(ndocs idx)

results idx >before.json
size_before=$(bytes idx)
check_status "--compact compacts the index" 0 wonk_index --compact -d idx
check "...saying how big it was and is" grep -q "compacted idx: .* MB -> .* MB" "$SCRATCH/out"
size_after=$(bytes idx)
check "...which is now at least a quarter smaller ($size_before -> $size_after bytes)" \
	test "$size_after" -lt $((size_before * 3 / 4))
results idx >after.json
check "...and answers every query exactly as before (hits, order, counts)" cmp -s before.json after.json
check "...with results to compare" test "$(grep -c '"path"' after.json)" -gt 30
check_eq "the synonyms file stays with the index" "railway, railroad" "$(cat idx/synonyms.txt)"
check "...and applies" bash -c "'$WONK_SEARCH_BIN' -d idx --json -n 1 railway | grep -qi railroad"
check "no copy is left beside it" bash -c '! ls -d idx.* 2>/dev/null'
check_status "wonk-index --check finds the compacted index sound" 0 wonk_index --check -d idx
check_status "a re-run finds every file unchanged" 0 wonk_index -d idx docs
check "...and says so" grep -q "0 added, 0 updated" "$SCRATCH/out"
mkdir extra
echo "The quokka census of the Rottnest island colony." >extra/quokka.txt
wonk_index -q -d idx extra
check_eq "a file added after compaction is found" 1 \
	"$(wonk_search -d idx --count --json quokka 2>/dev/null | jq .passages)"
check_status "compacting again works" 0 wonk_index -q --compact -d idx

check_status "--compact with PATHs indexes them, then compacts" 0 wonk_index --compact -d fresh docs
check "...saying so at the end" bash -c 'tail -n 1 "$1" | grep -q "compacted fresh"' _ "$SCRATCH/out"
check "...leaving an index as small as one compacted afterwards" \
	test "$(bytes fresh)" -lt $((size_before * 3 / 4))
check "...that holds every file ($(ndocs fresh) documents)" \
	test "$(ndocs fresh)" = "$docs_indexed" -a "$docs_indexed" -gt 200
check_status "--compact does not go with --shards" 2 wonk_index --compact --shards 2 -d other docs

check_status "--compact of no index fails" 2 wonk_index --compact -d missing
check "...saying there is no index" grep -q "missing: no index here" "$SCRATCH/err"
WONK_INDEX=idx check_status "--compact uses \$WONK_INDEX without -d" 0 wonk_index -q --compact

# Another writer: while it holds the index, --compact is refused and
# nothing changes.
cp -r "$WONK_TOP/corpus/sotu" more
had=$(ndocs idx)
"$WONK_INDEX_BIN" -q -d idx more >/dev/null 2>&1 &
writer=$!
sleep 0.3
check_status "--compact is refused while another wonk-index writes" 2 wonk_index --compact -d idx
check "...saying the index is locked" grep -q "locked" "$SCRATCH/err"
wait "$writer"
check_eq "...and the writer's work is all there" $((had + $(ls more/*.json | wc -l))) "$(ndocs idx)"

# A writer that waits (--wait) while the index is compacted lands in the
# compacted index, not in the one put aside (timing decides whether it
# waits on the lock or comes after; either way its file must be there).
for k in 1 2 3; do
	mkdir -p "late$k"
	echo "The wombat count number $k of the season." >"late$k/wombat.txt"
	"$WONK_INDEX_BIN" -q --compact -d idx >/dev/null 2>&1 &
	compactor=$!
	sleep "0.0$((RANDOM % 3))"
	wonk_index -q --wait -d idx "late$k" 2>/dev/null
	wait "$compactor"
	check_eq "run $k: a file added with --wait during --compact is found afterwards" "$k" \
		"$(wonk_search -d idx --count --json wombat 2>/dev/null | jq .passages)"
done

# Killed at any moment, the index is there, whole, and searches as before.
results idx >before.json
for k in 1 2 3; do
	"$WONK_INDEX_BIN" -q --compact -d idx >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((RANDOM % 6))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	results idx >after.json
	check "kill $k: the index answers as before" cmp -s before.json after.json
	check_status "kill $k: wonk-index --check finds it sound" 0 wonk_index --check -d idx
done
check_status "a compaction after the kills succeeds" 0 wonk_index -q --compact -d idx
check "...and leaves no copy beside the index" bash -c '! ls -d idx.* 2>/dev/null'
