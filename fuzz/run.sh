#!/usr/bin/env bash
# fuzz/run.sh BUILD_DIR SECONDS TARGET... - runs each libFuzzer target
# (BUILD_DIR/fuzz/fuzz_TARGET, built by `make fuzz`) for SECONDS, first over
# its regression inputs (fuzz/regressions/TARGET: inputs that once crashed),
# then fuzzing from its seeds (fuzz/seeds/TARGET) into a corpus kept in
# BUILD_DIR/fuzz/corpus/TARGET.  Prints one line per target with its
# executions, and a total; a crash leaves its input in
# BUILD_DIR/fuzz/artifacts/TARGET/ and makes the exit status 1.  The last
# line is "N passed, N failed" over the targets, as CI reads it.
set -u
build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS TARGET...}
secs=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS TARGET...}
shift 2
cd "$(dirname "$0")/.."

# The analyzer target reads a query line first: the query dictionary fits.
dict_for() {
	case $1 in
	analyze) echo fuzz/dict/query.dict ;;
	*) [ -f "fuzz/dict/$1.dict" ] && echo "fuzz/dict/$1.dict" ;;
	esac
}

failed=0 total=0 npassed=0 nfailed=0
for t in "$@"; do
	before=$failed
	bin=$build/fuzz/fuzz_$t
	corpus=$build/fuzz/corpus/$t
	art=$build/fuzz/artifacts/$t
	log=$build/fuzz/$t.log
	mkdir -p "$corpus" "$art"
	if [ -d "fuzz/regressions/$t" ] && [ -n "$(ls -A "fuzz/regressions/$t")" ]; then
		if ! "$bin" -runs=1 fuzz/regressions/"$t"/* >"$log.regress" 2>&1; then
			echo "fuzz_$t: a regression input crashes again (see $log.regress)"
			failed=1
			nfailed=$((nfailed + 1))
			continue
		fi
	fi
	dict=$(dict_for "$t")
	# The test fixtures of the target's format seed it too, unduplicated.
	case $t in
	html) fixtures="tests/fixtures/html" ;;
	markdown) fixtures="tests/fixtures/formats tests/fixtures/query" ;;
	json) fixtures="tests/fixtures/formats" ;;
	query) fixtures="" ;;
	*) fixtures="tests/fixtures/small" ;;
	esac
	# ASan+UBSan abort on the first error; the rss limit leaves room for
	# the extractors' bounded working memory under ASan.
	"$bin" ${dict:+-dict="$dict"} -max_total_time="$secs" -print_final_stats=1 \
		-timeout=25 -rss_limit_mb=2560 -artifact_prefix="$art/" \
		"$corpus" "fuzz/seeds/$t" $fixtures >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1)
	crashes=$(find "$art" -type f | wc -l)
	if [ "$rc" -ne 0 ]; then
		failed=1
		echo "fuzz_$t: FAILED after ${execs:-?} executions (exit $rc); inputs in $art/, log $log"
		grep -E 'ERROR: |SUMMARY: |contract broken|runtime error' "$log" | head -5 | sed 's/^/    /'
	else
		echo "fuzz_$t: ${execs:-0} executions in ${secs} s, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) inputs, $crashes saved crash inputs"
	fi
	total=$((total + ${execs:-0}))
	if [ "$failed" -ne "$before" ]; then nfailed=$((nfailed + 1)); else npassed=$((npassed + 1)); fi
done
echo "fuzz: $total executions in all"
echo "$npassed passed, $nfailed failed"
exit $failed
