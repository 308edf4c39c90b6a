#!/usr/bin/env bash
# The library's boundaries: the programs use only the public header, only
# one file touches Xapian, and libwonk.so exports exactly the API in wonk.h.
. "$(dirname "$0")/../lib.sh"
cd "$WONK_TOP"

private=$(cd lib && ls *.h | tr '\n' '|' | sed 's/|$//')
check "indexer/ and searcher/ include no private header of lib/" \
	bash -c "! grep -En '#include *\"($private)\"' indexer/*.[ch] searcher/*.[ch]"
check_eq "only lib/xapian_shim.cc includes Xapian" "lib/xapian_shim.cc" \
	"$(grep -rlE '#include *<xapian' include lib indexer searcher tests | tr '\n' ' ' | sed 's/ $//')"

exported=$(nm -D --defined-only "$WONK_BUILD/libwonk.so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort)
# The functions wonk.h declares, read from the preprocessed header (no comments).
declared=$(cc -E -P include/wonk.h | grep -oE '\bwonk_[a-z0-9_]+ *\(' | grep -oE 'wonk_[a-z0-9_]+' | sort -u)
check_eq "libwonk.so exports only wonk_ symbols" "" "$(grep -v '^wonk_' <<<"$exported")"
check_eq "libwonk.so exports exactly the functions declared in wonk.h" "$declared" "$exported"
check "libwonk.so carries a soname" \
	bash -c "objdump -p '$WONK_BUILD/libwonk.so' | grep -q 'SONAME *libwonk.so.0'"
