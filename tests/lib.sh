# tests/lib.sh - sourced by the CLI tests: TAP-style checks, the programs
# under test, and a scratch directory removed on exit.
set -u
: "${WONK_BUILD:?run through tests/run.sh}"
: "${WONK_TOP:?run through tests/run.sh}"
# WONK_TEST_INDEX_BIN / WONK_TEST_SEARCH_BIN run something else in their
# place (tests/valgrind.sh: the programs under valgrind).
WONK_INDEX_BIN=${WONK_TEST_INDEX_BIN:-$WONK_BUILD/wonk-index}
WONK_SEARCH_BIN=${WONK_TEST_SEARCH_BIN:-$WONK_BUILD/wonk-search}
FIXTURES=$WONK_TOP/tests/fixtures
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
_n=0

wonk_index() { "$WONK_INDEX_BIN" "$@"; }
wonk_search() { "$WONK_SEARCH_BIN" "$@"; }

ok() { _n=$((_n + 1)); echo "ok $_n - $*"; }
not_ok() { _n=$((_n + 1)); echo "not ok $_n - $*"; }

# check DESCRIPTION COMMAND...: passes when the command succeeds.
check() {
	local what=$1; shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (expected '$2', got '$3')"; fi
}

# check_status DESCRIPTION EXPECTED_STATUS COMMAND...
check_status() {
	local what=$1 want=$2; shift 2
	"$@" >"$SCRATCH/out" 2>"$SCRATCH/err"
	local got=$?
	if [ "$got" -eq "$want" ]; then ok "$what"; else
		not_ok "$what (exit $got, wanted $want; stderr: $(head -c 300 "$SCRATCH/err"))"
	fi
}
