#!/bin/sh
# fuzz/deps.sh - installs what `make fuzz` needs beyond scripts/install-deps.sh:
# clang and the compiler-rt package that holds libFuzzer and the sanitizer
# runtimes (Debian 12: libclang-rt-14-dev).  A no-op when clang can already
# build a fuzzer.
set -eu

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if command -v clang >/dev/null 2>&1 &&
   clang -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
	exit 0
fi
missing="clang libclang-rt-14-dev"
echo "fuzz-deps: installing: $missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "fuzz-deps: not root; run: sudo apt-get install -y $missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
