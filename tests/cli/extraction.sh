#!/usr/bin/env bash
# Article extraction quality: `wonk-index --dump` on the 91 pages of the
# public article-extraction benchmark (tests/data/article-extraction), scored
# by tests/extraction/score.py against the human-marked article bodies.  The
# extractor must keep F1 >= 0.93 (whole-page text scores 0.665).
. "$(dirname "$0")/../lib.sh"

out=$(python3 "$WONK_TOP/tests/extraction/score.py" --indexer "$WONK_INDEX_BIN" \
	--min-f1 0.93 2>&1); rc=$?
echo "# ${out##*$'\n'}"
check_eq "article extraction F1 on the benchmark is at least 0.93" 0 "$rc"
check "every page was extracted" bash -c '! grep -q "failed to extract" <<<"$1"' _ "$out"
