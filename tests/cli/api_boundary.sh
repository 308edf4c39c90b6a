#!/usr/bin/env bash
# The engine boundary: only lib/xapian_shim.cc touches Xapian, so no C++
# type or exception can reach the C code.  (What the programs include and
# what libwonk.so exports is checked by api_headers.sh and api_symbols.sh.)
. "$(dirname "$0")/../lib.sh"
cd "$WONK_TOP"

check_eq "only lib/xapian_shim.cc includes Xapian" "lib/xapian_shim.cc" \
	"$(grep -rlE --include='*.[ch]' --include='*.cc' --include='*.cpp' '#include *<xapian' include lib indexer searcher tests examples bench fuzz | tr '\n' ' ' | sed 's/ $//')"
check_eq "lib/xapian_shim.cc is the only C++ source" "lib/xapian_shim.cc" \
	"$(find include lib indexer searcher examples -name '*.cc' -o -name '*.cpp' -o -name '*.cxx' | tr '\n' ' ' | sed 's/ $//')"
