#!/usr/bin/env python3
# tests/extraction/score.py - how well wonk finds the article in a web page.
#
# Runs the HTML extractor on every page of the article-extraction benchmark
# (tests/data/article-extraction, see its README.md) and scores the bodies it
# extracts against the human-marked article bodies, with the benchmark's
# published metric:
#   - both texts are split into word tokens (\w+, Unicode) and made into the
#     multiset of consecutive 4-token shingles (a text of fewer than 4
#     tokens is one shorter shingle);
#   - per page, tp = shingles in both (with their counts), fp = extra
#     predicted ones, fn = missed ones; the three are normalised by their
#     sum so that every page weighs the same; precision = tp / (tp + fp),
#     recall = tp / (tp + fn); a page where both texts are empty scores 1;
#   - precision and recall are each averaged over the pages where they are
#     defined (an empty extraction has no precision, only a recall of 0, as
#     in the benchmark's evaluate.py), and F1 = 2PR / (P + R) of the averages.
#
# The body of a page comes from `INDEXER --dump FILE` (one JSON object per
# document per line; its "body"), or from `--extractor-cmd "CMD ARGS"` run as
# `CMD ARGS FILE` with the same output.  `--whole-page` scores the page's
# whole visible text instead (the usual baseline), with Python's html.parser.
#
# Prints one line per page with --per-page, always a final line
#   pages 91  precision 0.953  recall 0.960  F1 0.957
# and exits 1 when --min-f1 is given and F1 is below it (2 on usage errors).
# Python 3 standard library only.

import argparse
import collections
import concurrent.futures
import gzip
import html.parser
import json
import os
import re
import shlex
import subprocess
import sys

TOKEN = re.compile(r'\w+', re.UNICODE)
SHINGLE = 4


def shingles(text):
    tokens = TOKEN.findall(text or '')
    if not tokens:
        return collections.Counter()
    if len(tokens) < SHINGLE:
        return collections.Counter([tuple(tokens)])
    return collections.Counter(tuple(tokens[i:i + SHINGLE])
                               for i in range(len(tokens) - SHINGLE + 1))


def page_scores(truth, pred):
    """(tp, fp, fn) normalised by their sum, precision or None, recall or None."""
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:  # both empty
        return (0.0, 0.0, 0.0), 1.0, 1.0
    tp, fp, fn = tp / total, fp / total, fn / total
    precision = tp / (tp + fp) if tp + fp > 0 else None
    recall = tp / (tp + fn) if tp + fn > 0 else None
    return (tp, fp, fn), precision, recall


class PageText(html.parser.HTMLParser):
    """All text of a page's body but scripts, styles and the like."""
    HIDDEN = {'script', 'style', 'noscript', 'template', 'head', 'title',
              'svg', 'iframe'}
    BLOCKS = {'p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5',
              'h6', 'section', 'article', 'header', 'footer', 'nav', 'td',
              'table', 'ul', 'ol', 'blockquote', 'pre'}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag in self.BLOCKS:
            self.parts.append('\n\n')

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        if tag in self.BLOCKS:
            self.parts.append('\n\n')

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def whole_page(path):
    with gzip.open(path, 'rb') as f:
        raw = f.read()
    parser = PageText()
    parser.feed(raw.decode('utf-8', 'replace'))
    parser.close()
    return ''.join(parser.parts)


def run_extractor(argv, path):
    """The body the extractor gives for path, and an error or None."""
    try:
        r = subprocess.run(argv + [path], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return '', str(e)
    if r.returncode != 0:
        msg = r.stderr.decode('utf-8', 'replace').strip().splitlines()
        return '', 'exit %d: %s' % (r.returncode, msg[-1] if msg else '')
    for line in r.stdout.decode('utf-8', 'replace').splitlines():
        line = line.strip()
        if not line.startswith('{'):
            continue
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and 'body' in obj:
            return obj['body'] or '', None
    return '', 'no JSON object with a "body" in the output'


def main():
    top = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--indexer', default=os.path.join(top, 'build', 'wonk-index'),
                    help='wonk-index to run as INDEXER --dump FILE '
                         '(default: build/wonk-index)')
    ap.add_argument('--extractor-cmd',
                    help='run "CMD ARGS FILE" instead of the indexer')
    ap.add_argument('--whole-page', action='store_true',
                    help="score the page's whole text (the baseline)")
    ap.add_argument('--data', default=os.path.join(top, 'tests', 'data', 'article-extraction'),
                    help='the benchmark directory')
    ap.add_argument('--per-page', action='store_true', help='a line per page')
    ap.add_argument('--min-f1', type=float, help='exit 1 when F1 is lower')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()

    try:
        with open(os.path.join(args.data, 'ground-truth.json'), encoding='utf-8') as f:
            truth = json.load(f)
    except (OSError, ValueError) as e:
        print('score.py: cannot read the ground truth: %s' % e, file=sys.stderr)
        return 2
    if args.extractor_cmd:
        argv = shlex.split(args.extractor_cmd)
    else:
        argv = [args.indexer, '--dump']
    ids = list(truth)
    paths = [os.path.join(args.data, 'html', i + '.html.gz') for i in ids]

    def extract(path):
        if args.whole_page:
            return whole_page(path), None
        return run_extractor(argv, path)

    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        results = list(pool.map(extract, paths))

    precisions, recalls = [], []
    for key, (body, error) in zip(ids, results):
        _, p, r = page_scores(truth[key].get('articleBody', ''), body)
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
        if args.per_page:
            f = 2 * p * r / (p + r) if p and r else 0.0
            line = '%s  precision %s  recall %s  F1 %.3f  %s' % (
                key[:12], '%.3f' % p if p is not None else '  -  ',
                '%.3f' % r if r is not None else '  -  ', f,
                truth[key].get('url', ''))
            if error:
                line += '  [%s]' % error
            print(line)
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    errors = sum(1 for _, e in results if e)
    print('pages %d  precision %.3f  recall %.3f  F1 %.3f%s' % (
        len(ids), precision, recall, f1,
        '  (%d pages failed to extract)' % errors if errors else ''))
    if args.min_f1 is not None and f1 < args.min_f1:
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
