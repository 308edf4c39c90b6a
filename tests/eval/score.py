#!/usr/bin/env python3
"""Scores wonk and its baselines on the judged evaluation set.

Usage: tests/eval/score.py INDEX [--per-query] [--system NAME...]

Queries come from queries-*.jsonl; after the averages over all of them it
prints nDCG@10 and success@1 for each file's set apart (a and b: the
development set; c, d and e: written after the ranking was fixed, never
tuned on; f and g: queries that name a year, written to check how a
year counts as said by documents dated then, f before that reached
stage 1, g after; h and i: ordinary queries written after the last
choice, the onset's, h before session 25 and i in it; j: queries built
around the hard cases, written in session 25 too).

Systems (each answers every query with its top 10 passages):
  wonk   wonk-search --json with its default settings ($WONK_SEARCH, else
         build/wonk-search)
  fts5   SQLite FTS5 bm25 (porter) over 3-sentence windows, words OR'ed:
         what plain BM25 over passages gives out of the box

Scoring, so that long passages gain nothing:
  - only the first 10 hits count; a hit is cut to its first 2000 bytes;
  - a hit earns the grade of a judged sentence span it covers by at least
    half (the best such span not yet earned), each span at most once;
  - nDCG@10 uses gain = grade and the ideal ordering of all judged grades;
  - MRR@10 and success@1 look for grade 2 ("answers the need");
  - recall@10 is the share of the query's grade-2 spans earned.
The last column counts top-10 hits that cover no judged span at all: they
score 0 without having been looked at (tests/eval/unjudged.py lists them).
"""
import json
import math
import os
import sqlite3
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import pool  # noqa: E402  (the corpus reader and sentence splitter)

K = 10
CUT = 2000
WONK_SEARCH = pool.WONK_SEARCH


def load_jsonl(prefix):
    rows = []
    for name in sorted(os.listdir(HERE)):
        if name.startswith(prefix) and name.endswith(".jsonl"):
            # "queries-c.jsonl" holds set c: each set is reported apart too.
            part = name[len(prefix):-len(".jsonl")].lstrip("-") or "-"
            with open(os.path.join(HERE, name), encoding="utf-8") as f:
                rows += [dict(json.loads(l), set=part) for l in f if l.strip()]
    return rows


def run_wonk(index, queries, extra=()):
    out = {}
    for q in queries:
        res = subprocess.run([WONK_SEARCH, "-d", index, "--json", *extra,
                              "-n", str(K), "--", q["query"]], capture_output=True, text=True, cwd=TOP)
        if res.returncode > 1:
            sys.exit("wonk-search failed on %s: %s" % (q["id"], res.stderr.strip()))
        out[q["id"]] = [(pool.judged_path(h["path"]), h["start"], h["end"])
                        for h in map(json.loads, res.stdout.splitlines()) if "path" in h]
    return out


def run_fts5(queries):
    docs = pool.load_corpus()
    db = pool.build_fts(docs)
    out = {}
    for q in queries:
        words = pool.query_words(q["query"])
        match = " OR ".join('"%s"' % w for w in words)
        out[q["id"]] = [(p, s, e) for p, s, e in db.execute(
            "select path, start, end from w where w match ? order by bm25(w) limit ?",
            (match, K))] if match else []
    return out


def score(hits, judged):
    """Metrics for one query: hits [(path, start, end)], judged [qrel]."""
    used = set()
    gains = []
    for path, s, e in hits[:K]:
        e = min(e, s + CUT)
        best = None
        for i, j in enumerate(judged):
            if i in used or j["grade"] <= 0 or j["path"] != path:
                continue
            overlap = min(e, j["end"]) - max(s, j["start"])
            if overlap * 2 >= j["end"] - j["start"] and (best is None or
                                                        j["grade"] > judged[best]["grade"]):
                best = i
        if best is None:
            gains.append(0)
        else:
            used.add(best)
            gains.append(judged[best]["grade"])
    dcg = sum(g / math.log2(r + 2) for r, g in enumerate(gains))
    ideal = sorted((j["grade"] for j in judged if j["grade"] > 0), reverse=True)[:K]
    idcg = sum(g / math.log2(r + 2) for r, g in enumerate(ideal))
    first2 = next((r for r, g in enumerate(gains) if g == 2), None)
    n2 = sum(1 for j in judged if j["grade"] == 2)
    return {
        "ndcg": dcg / idcg if idcg else 0.0,
        "mrr": 1.0 / (first2 + 1) if first2 is not None else 0.0,
        "s1": 1.0 if gains and gains[0] == 2 else 0.0,
        "recall": sum(1 for g in gains if g == 2) / n2 if n2 else 0.0,
    }


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    index = args.pop(0)
    per_query = "--per-query" in args
    systems = [a for a in args if not a.startswith("--")] or ["wonk", "stage1", "fts5"]
    queries = load_jsonl("queries")
    qrels = load_jsonl("qrels")
    by_query = {}
    for j in qrels:
        by_query.setdefault(j["id"], []).append(j)
    runs = {}
    for name in systems:
        runs[name] = (run_wonk(index, queries) if name == "wonk" else
                      run_wonk(index, queries, ["--stage1"]) if name == "stage1" else
                      run_fts5(queries))

    unjudged = {name: 0 for name in systems}
    for name in systems:
        for q in queries:
            judged = by_query.get(q["id"], [])
            for path, s, e in runs[name][q["id"]][:K]:
                e = min(e, s + CUT)
                if not any(j["path"] == path and
                           (min(e, j["end"]) - max(s, j["start"])) * 2 >= j["end"] - j["start"]
                           for j in judged):
                    unjudged[name] += 1
    metrics = ("ndcg", "mrr", "s1", "recall")
    totals = {name: dict.fromkeys(metrics, 0.0) for name in systems}
    sets = sorted({q["set"] for q in queries})
    by_set = {(name, part): dict.fromkeys(metrics, 0.0) for name in systems for part in sets}
    if per_query:
        print("%-5s %-34s " % ("query", "text") +
              " ".join("%-23s" % ("%s ndcg/mrr/s1/rec" % n) for n in systems))
    for q in queries:
        row = []
        for name in systems:
            m = score(runs[name][q["id"]], by_query.get(q["id"], []))
            for k in metrics:
                totals[name][k] += m[k]
                by_set[name, q["set"]][k] += m[k]
            row.append("%.2f %.2f %.0f %.2f         " % (m["ndcg"], m["mrr"], m["s1"], m["recall"]))
        if per_query:
            print("%-5s %-34s " % (q["id"], q["query"][:34]) + " ".join(row))
    n = len(queries)
    print("\n%d queries, %d judged sentences (%d grade 2, %d grade 1)" % (
        n, len(qrels), sum(j["grade"] == 2 for j in qrels), sum(j["grade"] == 1 for j in qrels)))
    print("%-8s %8s %8s %10s %10s %9s" % ("system", "nDCG@10", "MRR@10", "success@1",
                                            "recall@10", "unjudged"))
    for name in systems:
        t = totals[name]
        print("%-8s %8.3f %8.3f %10.3f %10.3f %9d" % (name, t["ndcg"] / n, t["mrr"] / n,
                                                      t["s1"] / n, t["recall"] / n,
                                                      unjudged[name]))
    if len(sets) > 1:
        print("\nby set (nDCG@10 / success@1):")
        for part in sets:
            nq = sum(q["set"] == part for q in queries)
            print("  %-3s %2d queries  " % (part, nq) + "   ".join(
                "%s %.3f / %.3f" % (name, by_set[name, part]["ndcg"] / nq,
                                    by_set[name, part]["s1"] / nq) for name in systems))
    if any(unjudged.values()):
        print("unjudged: top-10 hits that cover no judged sentence score 0 unseen; "
              "tests/eval/unjudged.py lists them for judging")


if __name__ == "__main__":
    main()
