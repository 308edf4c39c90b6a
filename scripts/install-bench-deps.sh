#!/bin/sh
# scripts/install-bench-deps.sh - installs the Debian packages that only
# `make bench` needs: SQLite (the FTS5 anchor, its library and its CLI),
# Xapian's Python bindings (the plain-Xapian anchor), GNU time (peak RSS) and
# perf (the profiles).  A no-op (and no root needed) when all are there.
# wonk itself never needs any of them.
set -eu

packages="libsqlite3-dev sqlite3 python3-xapian xapian-tools time linux-perf"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

echo "install-bench-deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-bench-deps: not root; run: sudo apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
