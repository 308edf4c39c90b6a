#!/usr/bin/env bash
# Crash safety, short form: wonk-index is killed with SIGKILL at random
# moments while indexing the State of the Union; after each kill the index
# must open, pass xapian-check, and hold only whole files (every document
# has exactly the passages its manifest entry records).  A final re-run must
# leave exactly what a clean build holds.  SIGTERM commits and exits 130.
# Searches running while the index is built never fail; a second writer is
# told the index is locked.  Also: after each kill every committed document
# is searchable and wonk-index --check finds nothing wrong; the finished
# index has a clean build's term statistics; SIGINT behaves as SIGTERM; a
# kill while the index directory is being created does not stop a re-run.
# tests/torture.sh (make torture) is the long form.
. "$(dirname "$0")/../lib.sh"

KILLS=${WONK_CRASH_KILLS:-3}
cp -r "$WONK_TOP/corpus/sotu" "$SCRATCH/docs"
cd "$SCRATCH"
. "$WONK_TOP/tests/crash_checks.sh"

wonk_index -q -d clean docs
check "a clean build holds only whole files" whole_files clean
check "...every document of which a search finds" all_searchable clean

for k in $(seq 1 "$KILLS"); do
	"$WONK_INDEX_BIN" -q -d idx docs >/dev/null 2>&1 &
	pid=$!
	sleep "0.$((RANDOM % 9 + 1))$((RANDOM % 10))"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check "kill $k: xapian-check passes" bash -c 'xapian-check idx >/dev/null'
	check "kill $k: only whole files are in the index" whole_files idx
	wonk_search -d idx --json government >/dev/null 2>&1
	check "kill $k: the index searches" test $? -le 1
	check "kill $k: every committed document is searchable" all_searchable idx
	check_status "kill $k: wonk-index --check finds nothing wrong" 0 wonk_index --check -d idx
done

check_status "a re-run after the kills finishes the job" 0 wonk_index -q -d idx docs
check_eq "...and holds exactly what a clean build holds" "$(summary clean)" "$(summary idx)"
check "...with a clean build's term statistics" cmp -s <(term_stats clean) <(term_stats idx)

"$WONK_INDEX_BIN" -q -d term docs >/dev/null 2>"$SCRATCH/err" &
pid=$!
sleep 0.5
kill -TERM "$pid"
wait "$pid"
rc=$?
# (a whole build takes seconds, so half a second in it is still running)
check_eq "SIGTERM stops the indexer with status 130" 130 "$rc"
check "...saying the work so far is kept" grep -q 'interrupted' "$SCRATCH/err"
check "...leaving a consistent index of whole files" whole_files term
check_status "...that wonk-index --check finds sound" 0 wonk_index --check -d term

"$WONK_INDEX_BIN" -q -d int docs >/dev/null 2>"$SCRATCH/err" &
pid=$!
sleep 0.5
kill -INT "$pid"
wait "$pid"
check_eq "SIGINT stops the indexer with status 130 too" 130 "$?"
check "...saying the work so far is kept" grep -q 'interrupted; the files indexed so far are kept' "$SCRATCH/err"
check_status "...leaving an index that wonk-index --check finds sound" 0 wonk_index --check -d int

# A kill while the index directory is being created (its first
# milliseconds): a re-run must still build the index.
mkdir one && cp docs/1905_theodore_roosevelt_r.json one/
bad=0
for d in 0.0005 0.001 0.0015 0.002 0.003 0.005 0.01 0.02 0.04; do
	rm -rf early
	"$WONK_INDEX_BIN" -q -d early one >/dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	left=$(ls early 2>/dev/null | tr '\n' ' ')
	if ! wonk_index -q -d early one >/dev/null 2>"$SCRATCH/early-err"; then
		bad=$((bad + 1))
		echo "# killed after ${d}s leaving [$left]: $(head -c 200 "$SCRATCH/early-err")"
	fi
done
check_eq "a kill while the index is being created never stops a re-run" 0 "$bad"

# Readers and a second writer while an index is being built.
"$WONK_INDEX_BIN" -q -d live docs >/dev/null 2>&1 &
pid=$!
sleep 0.3
check_status "a second writer is refused while the first runs" 2 wonk_index -q -d live docs
check "...with a clear message" grep -q 'live: index is locked by another writer' "$SCRATCH/err"
mkdir extra && printf 'A late addition about zeppelins.\n' >extra/late.txt
wonk_index -q -d live --wait extra >"$SCRATCH/wait-out" 2>&1 &
waiter=$!
failed=0 searched=0
while kill -0 "$pid" 2>/dev/null && [ "$searched" -lt 200 ]; do
	wonk_search -d live --json government >/dev/null 2>>"$SCRATCH/search-err"
	[ $? -le 1 ] || failed=$((failed + 1))
	searched=$((searched + 1))
done
wait "$pid"
check_eq "searches during the build never fail ($searched run)" 0 "$failed"
wait "$waiter"
check_eq "a writer with --wait waits for the lock, then indexes" 0 "$?"
check_status "...so its file is found" 0 wonk_search -d live zeppelins
