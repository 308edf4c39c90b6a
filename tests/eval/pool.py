#!/usr/bin/env python3
"""Builds the judgment pool for the evaluation set.

For each query in tests/eval/queries*.jsonl it gathers candidate *sentences*
(exact byte spans in the source files) from three independent methods, so no
single system biases what gets judged:

  wonk   sentences of wonk-search's top passages (stage-1 BM25, --per-doc 0)
  fts5   sentences of SQLite FTS5 bm25's top 3-sentence windows (porter)
  regex  sentences matching the query's hand-written variant patterns
         (synonyms, spellings, acronyms and long forms)

and writes tests/eval/pool/<id>.jsonl, one candidate per line, for judging.
Judgments go to tests/eval/qrels.jsonl (see README.md).

Usage: tests/eval/pool.py INDEX [QUERY_ID...]
"""
import json
import os
import re
import sqlite3
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Judgments name each address by the package's .txt file; the corpus holds
# it as a JSON record whose text is that file without its last newline, so
# byte offsets agree (see scripts/fetch-sotu.sh).
CORPUS = ["corpus/kennan/putin-kim-partnership.txt"] + sorted(
    "corpus/sotu/" + f[:-len(".json")] + ".txt"
    for f in os.listdir(os.path.join(TOP, "corpus/sotu")) if f.endswith(".json"))


def judged_path(path):
    """The name judgments use for a hit's path."""
    return path[:-len(".json")] + ".txt" if path.endswith(".json") else path


def read_text(path):
    """The bytes a judged path's offsets refer to."""
    full = os.path.join(TOP, path)
    if not os.path.exists(full) and path.endswith(".txt"):
        with open(full[:-len(".txt")] + ".json", encoding="utf-8") as f:
            return json.load(f)["text"].encode("utf-8")
    with open(full, "rb") as f:
        return f.read()

WONK_SEARCH = os.environ.get("WONK_SEARCH", os.path.join(TOP, "build/wonk-search"))
WONK_PASSAGES = 10     # passages taken from wonk's ranking
FTS_WINDOWS = 10       # windows taken from FTS5's ranking
REGEX_SENTENCES = 25   # sentences taken from the regex method
MAX_PER_METHOD_PASSAGE = 4  # sentences kept from one passage/window

# A sentence ends at . ! or ? (closing quotes/brackets allowed) followed by
# white space, or at a line break.  Judgments are sentence spans so that they
# do not depend on how wonk cuts passages.
SENT_END = re.compile(rb'(?<=[.!?])["\'\)\]\xe2\x80\x9d\xe2\x80\x99]*\s+|\n+')


def sentences(data):
    """Yields (start, end) byte spans of the sentences of data, trimmed."""
    pos = 0
    for m in SENT_END.finditer(data):
        yield from _trim(data, pos, m.start())
        pos = m.end()
    yield from _trim(data, pos, len(data))


def _trim(data, s, e):
    while s < e and data[s:s + 1].isspace():
        s += 1
    while e > s and data[e - 1:e].isspace():
        e -= 1
    if e > s:
        yield (s, e)


def load_corpus():
    docs = {}
    for path in CORPUS:
        data = read_text(path)
        docs[path] = (data, list(sentences(data)))
    return docs


def query_words(q):
    return [w.lower() for w in re.findall(r"[A-Za-z0-9]+", q)]


def word_hit(text, words):
    t = text.lower()
    return any(re.search(r"\b" + re.escape(w[:max(4, len(w) - 2)]), t) for w in words)


def sentences_in(docs, path, start, end, words, cap):
    """The sentences overlapping [start, end) that mention a query word."""
    data, spans = docs[path]
    out = []
    for s, e in spans:
        if e > start and s < end:
            if word_hit(data[s:e].decode("utf-8", "replace"), words):
                out.append((s, e))
    return out[:cap]


def by_wonk(index, q, docs, words):
    res = subprocess.run([WONK_SEARCH, "-d", index, "--json",
                          "--per-doc", "0", "-n", str(WONK_PASSAGES), q["query"]],
                         capture_output=True, text=True, cwd=TOP)
    out = []
    for line in res.stdout.splitlines():
        h = json.loads(line)
        if "path" not in h:
            continue  # a "did you mean" line, not a hit
        path = judged_path(h["path"])
        for s, e in sentences_in(docs, path, h["start"], h["end"], words,
                                 MAX_PER_METHOD_PASSAGE):
            out.append((path, s, e))
    return out


def build_fts(docs):
    db = sqlite3.connect(":memory:")
    db.execute("create virtual table w using fts5(text, path unindexed, start unindexed,"
               " end unindexed, tokenize='porter unicode61')")
    rows = []
    for path, (data, spans) in docs.items():
        for i in range(0, len(spans), 3):
            s, e = spans[i][0], spans[min(i + 2, len(spans) - 1)][1]
            rows.append((data[s:e].decode("utf-8", "replace"), path, s, e))
    db.executemany("insert into w values (?,?,?,?)", rows)
    return db


def by_fts(db, q, docs, words):
    match = " OR ".join('"%s"' % w for w in words)
    if not match:
        return []
    out = []
    for path, s0, e0 in db.execute(
            "select path, start, end from w where w match ? order by bm25(w) limit ?",
            (match, FTS_WINDOWS)):
        for s, e in sentences_in(docs, path, s0, e0, words, MAX_PER_METHOD_PASSAGE):
            out.append((path, s, e))
    return out


def by_regex(q, docs, words):
    pats = [re.compile(p.encode(), re.I) for p in q.get("variants", [])]
    if not pats:
        return []
    scored = []
    for path, (data, spans) in docs.items():
        for s, e in spans:
            sent = data[s:e]
            n = sum(1 for p in pats if p.search(sent))
            if n:
                text = sent.decode("utf-8", "replace").lower()
                scored.append((-(n * 10 + sum(w in text for w in words)), path, s, e))
    scored.sort()
    return [(p, s, e) for _, p, s, e in scored[:REGEX_SENTENCES]]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    index = sys.argv[1]
    only = set(sys.argv[2:])
    docs = load_corpus()
    db = build_fts(docs)
    os.makedirs(os.path.join(TOP, "tests/eval/pool"), exist_ok=True)
    queries = []
    evaldir = os.path.join(TOP, "tests/eval")
    for name in sorted(os.listdir(evaldir)):
        if name.startswith("queries") and name.endswith(".jsonl"):
            with open(os.path.join(evaldir, name)) as f:
                queries += [json.loads(l) for l in f if l.strip()]
    for q in queries:
        if only and q["id"] not in only:
            continue
        words = query_words(q["query"])
        found = {}
        for method, cands in (("wonk", by_wonk(index, q, docs, words)),
                              ("fts5", by_fts(db, q, docs, words)),
                              ("regex", by_regex(q, docs, words))):
            for c in cands:
                found.setdefault(c, set()).add(method)
        with open(os.path.join(TOP, "tests/eval/pool", q["id"] + ".jsonl"), "w") as out:
            for (path, s, e), methods in sorted(found.items()):
                data = docs[path][0]
                out.write(json.dumps({"id": q["id"], "path": path, "start": s, "end": e,
                                      "methods": sorted(methods),
                                      "text": data[s:e].decode("utf-8", "replace")},
                                     ensure_ascii=False) + "\n")
        print("%s: %d candidates" % (q["id"], len(found)))


if __name__ == "__main__":
    main()
