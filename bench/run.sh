#!/bin/sh
# bench/run.sh BUILD - runs every benchmark and writes bench/RESULTS.md, with
# the machine, the date and the command that produced each table.
set -eu
build=${1:-build}
out=bench/RESULTS.md
{
	echo "# Benchmark results"
	echo
	echo "Produced by \`make bench\` ($(date -u +%Y-%m-%d), $(nproc) cores, $(uname -m))."
	echo "Machines here are shared and noisy: every figure is a median of several runs."
	echo
	echo "## Keeping an index current (\`bench/reindex.sh $build\`)"
	echo
	echo "| run | time | vs first build |"
	echo "|---|---|---|"
	bench/reindex.sh "$build"
} >"$out.tmp"
mv "$out.tmp" "$out"
cat "$out"
