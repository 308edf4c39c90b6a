#!/usr/bin/env python3
"""What each part of wonk's stage-2 score is worth: the ablation table.

Usage: tests/eval/ablate.py INDEX [--scale F...] [--part NAME...] [--queries]

Asks wonk-search (--batch --explain -n 50) for every query's whole pool, the
50 candidates stage 2 re-scores, with each candidate's score split into its
parts (BM25 and the stage-2 features; wonk-search(1), --explain).  Then it
ranks each pool again with one part's weight multiplied by F, for each F
(default: 0, the part left out; 0.5; 2), and scores the new top 10 the way
score.py does (with --queries, each row is followed by the queries whose
nDCG@10 moves by more than 0.02 or whose first place changes).  Stage 1,
the pool and every part's value are the same
whatever the weights, so this gives the ranking a build with that weight
would give, from one run instead of a build per row; the first row, the
weights as built, must match `make eval` (it is printed beside it).

Rows: the change; columns: nDCG@10 / success@1 over groups of sets (the
development set a + b; c, d and e; the year sets f and g; the ordinary
held-out sets h and i; the hard-case held-out set j; set k, queries that
name a president; set l, queries that name a decade; all).  Hits no judge has seen score 0, as in
score.py: a change that brings many of them in reads worse than it may be
(tests/eval/unjudged.py finds them for a build).
"""
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pool  # noqa: E402
import score as S  # noqa: E402

POOL = 50  # what stage 2 re-scores (WONK_RERANK_POOL in lib/search.c)
GROUPS = [("a+b", "ab"), ("c-e", "cde"), ("f+g", "fg"), ("h+i", "hi"), ("j", "j"), ("k", "k"),
          ("l", "l"), ("all", None)]


def pools(index, queries):
    """Each query's candidates: [(path, start, end, {part: (value, weight)})],
    in wonk's order."""
    text = "".join(q["query"].replace("\n", " ") + "\n" for q in queries)
    res = subprocess.run([S.WONK_SEARCH, "-d", index, "--batch", "--explain", "-n", str(POOL)],
                         input=text, capture_output=True, text=True, cwd=S.TOP)
    if res.returncode > 1:
        sys.exit("wonk-search failed: %s" % res.stderr.strip())
    out = collections.defaultdict(list)
    for line in res.stdout.splitlines():
        h = json.loads(line)
        if "error" in h:
            sys.exit("wonk-search: query %d: %s" % (h["query"], h["error"]))
        if "path" not in h:
            continue
        q = queries[h["query"] - 1]
        parts = {p["part"]: (p["value"], p["weight"]) for p in h["explain"]}
        out[q["id"]].append((pool.judged_path(h["path"]), h["start"], h["end"], parts))
    return out


def rank(cands, scale):
    """The top 10 of cands with each part's weight multiplied by scale[part]."""
    def total(c):
        return sum(v * w * scale.get(p, 1.0) for p, (v, w) in c[3].items())
    # Python's sort is stable: ties keep wonk's order, as wonk breaks them.
    best = sorted(cands, key=total, reverse=True)[:S.K]
    return [(p, s, e) for p, s, e, _ in best]


def summary(per, queries):
    cells = []
    for _, sets in GROUPS:
        ids = [q["id"] for q in queries if sets is None or q["set"] in sets]
        if not ids:
            cells.append("-")
            continue
        n = sum(per[i]["ndcg"] for i in ids) / len(ids)
        s1 = sum(per[i]["s1"] for i in ids) / len(ids)
        cells.append("%.3f / %.3f" % (n, s1))
    return cells


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__.strip().splitlines()[2])
    index = os.path.abspath(args[0])
    scales, parts, opt, show = [], [], None, False
    for a in args[1:]:
        if a == "--queries":
            show = True
        elif a in ("--scale", "--part"):
            opt = a
        elif opt == "--scale":
            scales.append(float(a))
        elif opt == "--part":
            parts.append(a)
        else:
            sys.exit("ablate: unexpected argument %s" % a)
    scales = scales or [0.0, 0.5, 2.0]

    queries = S.load_jsonl("queries")
    judged = collections.defaultdict(list)
    for j in S.load_jsonl("qrels"):
        judged[j["id"]].append(j)
    cands = pools(index, queries)
    names = parts or [p for p in next(iter(cands.values()))[0][3] if p != "bm25"]

    def scored(scale):
        return {q["id"]: S.score(rank(cands[q["id"]], scale), judged[q["id"]]) for q in queries}

    head = ["weights"] + ["%s (%d)" % (g, sum(1 for q in queries if s is None or q["set"] in s))
                          for g, s in GROUPS]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    built = scored({})
    print("| as built | " + " | ".join(summary(built, queries)) + " |")
    for name in names:
        for f in scales:
            label = "without %s" % name if f == 0 else "%s × %g" % (name, f)
            per = scored({name: f})
            print("| " + label + " | " + " | ".join(summary(per, queries)) + " |")
            if show:
                for q in queries:
                    a, b = built[q["id"]], per[q["id"]]
                    if abs(a["ndcg"] - b["ndcg"]) > 0.02 or a["s1"] != b["s1"]:
                        print("|   %s %s | nDCG %.2f → %.2f, first %s → %s |" % (
                            q["id"], q["query"], a["ndcg"], b["ndcg"],
                            "answers" if a["s1"] else "not", "answers" if b["s1"] else "not"))
    print("\nnDCG@10 / success@1; the first row is `make eval`'s wonk row.")


if __name__ == "__main__":
    main()
