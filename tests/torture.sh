#!/usr/bin/env bash
# tests/torture.sh BUILD_DIR - crash safety, long form (make torture): the
# short form in tests/cli/crash.sh, with WONK_CRASH_KILLS (default 25) kills
# landing while the indexer runs, spread over a whole build.
#
# wonk-index indexes the State of the Union (233 files, 21,000 passages)
# and is killed with SIGKILL after a random delay: mostly anywhere in a
# build's duration (measured first), sometimes in its first milliseconds,
# while the index directory is being created.  Each run resumes the index
# the last one left; once a run finishes before its kill, the next starts
# from nothing.  After every kill:
#   - the index opens and searches, and xapian-check passes;
#   - wonk-index --check finds nothing wrong;
#   - every document holds exactly the passages its manifest entry records
#     (checked with Xapian's own tools, independently of wonk);
#   - every committed document is found by a search;
#   - re-running the indexer (on a copy, so the kills go on) finishes the
#     job and leaves exactly what a clean build holds: the same documents,
#     passages and term statistics (each term's passage and occurrence
#     counts), and the same average passage length.
# Then SIGTERM and SIGINT at random moments: exit 130 with a message, and a
# sound index of whole files.  Prints TAP lines, the kills survived, and
# "N passed, N failed"; exits non-zero on any failure.
set -u
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
export WONK_BUILD=$build WONK_TOP=$top
export HOME=$(mktemp -d) LC_ALL=C.UTF-8 NO_COLOR=1
unset WONK_INDEX
. "$top/tests/lib.sh"
trap 'rm -rf "$SCRATCH" "$HOME"' EXIT
# lib.sh's checks, counted for the summary line.
passed=0 failed=0
ok() { _n=$((_n + 1)); passed=$((passed + 1)); echo "ok $_n - $*"; }
not_ok() { _n=$((_n + 1)); failed=$((failed + 1)); echo "not ok $_n - $*"; }

KILLS=${WONK_CRASH_KILLS:-25}
SIGNALS=${WONK_TORTURE_SIGNALS:-6}
[ -d "$top/corpus/sotu" ] || { echo "torture: no corpus/sotu; run make corpus"; exit 2; }
cp -r "$top/corpus/sotu" "$SCRATCH/docs"
cd "$SCRATCH"

. "$top/tests/crash_checks.sh"

now_ms() { date +%s%3N; }

t0=$(now_ms)
wonk_index -q -d clean docs
build_ms=$(($(now_ms) - t0))
check "a clean build (${build_ms} ms) holds only whole files" whole_files clean
check "...every document of which a search finds" all_searchable clean
term_stats clean >clean.terms
summary clean >clean.summary

total=$(ls docs | wc -l)
survived=0 killed_running=0 fresh=1 early=0 k=0
# Until KILLS kills have landed while the indexer ran (a run may finish
# before its kill: that round is checked too, but does not count).
while [ "$killed_running" -lt "$KILLS" ] && [ "$k" -lt $((KILLS * 2)) ]; do
	k=$((k + 1))
	[ "$fresh" -eq 1 ] && rm -rf idx
	before=$(xapian-metadata list idx 2>/dev/null | grep -c '^F')
	# One kill in six lands in the first 20 ms (the index being created,
	# or a resumed run starting); the others anywhere in what is left.
	if [ $((RANDOM % 6)) -eq 0 ]; then
		delay_ms=$((RANDOM % 20 + 1))
		early=$((early + 1))
	else
		left_ms=$((build_ms * (total - before) / total + 50))
		delay_ms=$(((RANDOM * 32768 + RANDOM) % left_ms + 1))
	fi
	"$WONK_INDEX_BIN" -q -d idx docs >/dev/null 2>"$SCRATCH/run-err" &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	if kill -KILL "$pid" 2>/dev/null; then
		running=1
		killed_running=$((killed_running + 1))
	else
		running=0
	fi
	wait "$pid" 2>/dev/null
	rc=$?
	files=$(xapian-metadata list idx 2>/dev/null | grep -c '^F')
	what="kill $k (after ${delay_ms} ms, $files files in)"
	[ "$running" -eq 1 ] || what="kill $k (the run had finished, exit $rc)"
	bad=0
	if [ -e idx/iamglass ]; then
		xapian-check idx >/dev/null 2>&1 || { not_ok "$what: xapian-check passes"; bad=1; }
		wonk_index --check -d idx >/dev/null 2>"$SCRATCH/check-err" ||
			{ not_ok "$what: wonk-index --check finds nothing wrong: $(head -c 300 "$SCRATCH/check-err")"; bad=1; }
		whole_files idx || { not_ok "$what: only whole files are in the index"; bad=1; }
		all_searchable idx || { not_ok "$what: every committed document is searchable"; bad=1; }
		wonk_search -d idx --json government >/dev/null 2>&1
		[ $? -le 1 ] || { not_ok "$what: the index opens and searches"; bad=1; }
	else
		wonk_search -d idx government >/dev/null 2>"$SCRATCH/search-err"
		grep -q 'no index' "$SCRATCH/search-err" ||
			{ not_ok "$what: no index yet, and a search says so"; bad=1; }
	fi
	# The re-run that finishes the job, on a copy.
	rm -rf resumed
	[ -d idx ] && cp -r idx resumed
	if ! wonk_index -q -d resumed docs >/dev/null 2>"$SCRATCH/resume-err"; then
		not_ok "$what: a re-run finishes the job: $(head -c 300 "$SCRATCH/resume-err")"
		bad=1
	elif [ "$(summary resumed)" != "$(cat clean.summary)" ]; then
		not_ok "$what: the re-run holds the clean build's documents and passages"
		bad=1
	elif ! term_stats resumed | cmp -s - clean.terms; then
		not_ok "$what: the re-run has the clean build's term statistics"
		bad=1
	elif ! wonk_index --check -d resumed >/dev/null 2>&1; then
		not_ok "$what: the re-run's index passes --check"
		bad=1
	fi
	if [ "$bad" -eq 0 ]; then
		ok "$what: sound, searchable, whole files; a re-run equals a clean build"
		survived=$((survived + 1))
	fi
	# A run that finished before its kill ran faster than estimated (the
	# clean build's time is measured once, on a machine that may have
	# been busier): estimate less from now on.
	if [ "$running" -eq 0 ] && [ "$build_ms" -gt 500 ]; then
		build_ms=$((build_ms * 3 / 4))
		echo "# a run finished within ${delay_ms} ms: a full build now estimated at ${build_ms} ms"
	fi
	# A run that had finished leaves nothing to resume: start over.
	if [ "$running" -eq 0 ] || [ "$files" -eq "$total" ]; then fresh=1; else fresh=0; fi
	# A run that could not even start over a damaged directory would make
	# every later kill the same; start over then too.
	[ "$bad" -eq 1 ] && fresh=1
done
check "$killed_running kills landed while the indexer ran (of $k rounds; $KILLS wanted)" \
	test "$killed_running" -ge "$KILLS"

# SIGTERM and SIGINT: commit, say so, exit 130.
for i in $(seq 1 "$SIGNALS"); do
	sig=TERM
	[ $((i % 2)) -eq 0 ] && sig=INT
	rm -rf sig
	delay_ms=$((RANDOM % (build_ms * 8 / 10) + 100))
	"$WONK_INDEX_BIN" -q -d sig docs >/dev/null 2>"$SCRATCH/sig-err" &
	pid=$!
	sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
	kill -"$sig" "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	what="SIG$sig after ${delay_ms} ms"
	if [ "$rc" -eq 0 ]; then
		ok "$what: the run had finished (exit 0)"
		continue
	fi
	check_eq "$what: exit status 130" 130 "$rc"
	check "$what: ...saying the work so far is kept" grep -q 'interrupted; the files indexed so far are kept' "$SCRATCH/sig-err"
	check "$what: ...leaving whole files" whole_files sig
	check_status "$what: ...and an index --check finds sound" 0 wonk_index --check -d sig
done

echo "# $survived of $k rounds survived: $killed_running kills while the indexer ran ($early in its first 20 ms)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
