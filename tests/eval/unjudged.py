#!/usr/bin/env python3
"""Finds what the judgment pool is missing: hits the scoring cannot grade.

For each query, takes the top 10 hits of each system (as score.py runs them)
and looks for hits that cover no judged sentence span by the scoring rule
(the hit cut to its first 2000 bytes; a span counts as covered when the hit
overlaps at least half of it).  Such a hit scores 0 whatever it says, so the
pool is incomplete there.  Each such hit is split into sentences the way
pool.py splits them, and every sentence it covers that has no judgment is
listed for judging.

With --weak, hits whose best covered judgment is below grade 2 are looked
into too (an unjudged sentence in them could still answer the need).

Usage: tests/eval/unjudged.py INDEX [--weak] [--out FILE] [--system NAME...]

Prints, per system, how many of its top-10 hits (over all queries) cover no
judged span; with --out, writes the unjudged sentences as JSON Lines (id,
query, need, path, start, end, systems, text) for judging.  Judgments go to
qrels-*.jsonl in their usual format.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pool  # noqa: E402
import score  # noqa: E402


def covers(s, e, j):
    """Whether the hit [s, e) covers judged span j by the scoring rule."""
    overlap = min(e, j["end"]) - max(s, j["start"])
    return overlap * 2 >= j["end"] - j["start"]


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    index = args.pop(0)
    weak = "--weak" in args
    out_path = None
    if "--out" in args:
        i = args.index("--out")
        out_path = args[i + 1]
        del args[i:i + 2]
    systems = [a for a in args if not a.startswith("--")] or ["wonk", "stage1", "fts5"]
    queries = score.load_jsonl("queries")
    qrels = score.load_jsonl("qrels")
    by_query = {}
    for j in qrels:
        by_query.setdefault(j["id"], []).append(j)
    docs = pool.load_corpus()
    runs = {}
    for name in systems:
        runs[name] = (score.run_wonk(index, queries) if name == "wonk" else
                      score.run_wonk(index, queries, ["--stage1"]) if name == "stage1" else
                      score.run_fts5(queries))

    todo = {}   # (id, path, start, end) -> set of systems
    print("%-8s %10s %10s %12s" % ("system", "top hits", "unjudged", "weak (<2)"))
    for name in systems:
        hits_n = unjudged_n = weak_n = 0
        for q in queries:
            judged = by_query.get(q["id"], [])
            known = {(j["path"], j["start"], j["end"]) for j in judged}
            for path, s, e in runs[name][q["id"]][:score.K]:
                e = min(e, s + score.CUT)
                hits_n += 1
                grades = [j["grade"] for j in judged if j["path"] == path and covers(s, e, j)]
                if not grades:
                    unjudged_n += 1
                elif max(grades) < 2:
                    weak_n += 1
                    if not weak:
                        continue
                else:
                    continue
                for ss, se in docs[path][1]:
                    sent = {"start": ss, "end": se}
                    if se > s and ss < e and covers(s, e, sent) and \
                            (path, ss, se) not in known:
                        todo.setdefault((q["id"], path, ss, se), set()).add(name)
        print("%-8s %10d %10d %12d" % (name, hits_n, unjudged_n, weak_n))
    print("%d unjudged sentences" % len(todo))
    if out_path:
        need = {q["id"]: q for q in queries}
        with open(out_path, "w", encoding="utf-8") as f:
            for (qid, path, s, e), names in sorted(todo.items()):
                f.write(json.dumps({"id": qid, "query": need[qid]["query"],
                                    "need": need[qid]["need"], "path": path,
                                    "start": s, "end": e, "systems": sorted(names),
                                    "text": docs[path][0][s:e].decode("utf-8", "replace")},
                                   ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
