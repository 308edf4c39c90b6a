#!/usr/bin/python3
"""bench/compare.py BUILD - wonk against its two anchors, plain Xapian
(bench/xapian_bench.py) and SQLite FTS5 (bench/fts5_bench.c), on the same
passages in the same run, at several corpus sizes.  GPL-2.0-or-later.

Called by bench/run.sh once the bench programs are in BUILD/bench/; prints
the Markdown of bench/RESULTS.md's comparison sections on standard output,
progress on standard error.  Knobs (environment):
  SIZES        corpus sizes, default "1 10 30"
  WP_RUNS      whole-process runs per engine and size, default 30
  PERF         "0" skips the profiles
The plan per size (build runs, query cycles and rounds) is PLAN below.
"""
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
BENCH = os.path.join(BUILD, "bench")
MEASURE = os.path.join(BENCH, "measure")
WONK_INDEX = os.path.join(BUILD, "wonk-index")
WONK_SEARCH = os.path.join(BUILD, "wonk-search")
WONK_BENCH = os.path.join(BENCH, "wonk_bench")
FTS5_BENCH = os.path.join(BENCH, "fts5_bench")
XAPIAN_PY = os.environ.get("XAPIAN_PYTHON", "/usr/bin/python3")
XAPIAN_BENCH = "bench/xapian_bench.py"
QUERIES = "bench/queries.txt"
PASSAGES = os.path.join(BENCH, "passages.jsonl")
CORPORA = os.path.join(BUILD, "bench-corpus")
INDEXES = os.path.join(BUILD, "bench-index")
SIZES = [int(s) for s in os.environ.get("SIZES", "1 10 30").split()]
# wonk builds two ways, taking turns with the anchors: in one process (as
# wonk-index does by default; a second thread builds passages) and with
# --shards 2 (two worker processes, then the merge), the way to put both
# cores to work on a bulk build.
SHARDED = "wonk-shards"
BUILD_ENGINES = ["wonk", SHARDED, "xapian", "fts5"]
WP_RUNS = int(os.environ.get("WP_RUNS", "30"))
ENGINES = ["wonk", "xapian", "fts5"]
# The whole-process runs also time wonk with stage 2 off, so that the same
# run shows how much of wonk-search's time beyond quest's is the ranking.
STAGE1 = "wonk-stage1"
WP_ENGINES = ["wonk", STAGE1, "xapian", "fts5"]
NAMES = {"wonk": "wonk", SHARDED: "wonk --shards 2", "xapian": "plain Xapian", "fts5": "FTS5"}

# builds: runs of each engine (alternating; an odd number, so that the
# median is a run, and at 1x five: one wonk build there ranged 1.53-2.05 s
# over three runs); queries: cycles (each runs every
# engine's query program once, alternating), rounds per cycle (wonk and
# Xapian are cheap and get at least 5), FTS5's modes.
PLAN = {
    1: dict(builds=5, cycles=3, rounds=3, fts5=["plain", "snippet", "highlight"]),
    10: dict(builds=3, cycles=3, rounds=2, fts5=["plain", "snippet"]),
    30: dict(builds=1, cycles=2, rounds=1, fts5=["plain", "snippet"]),
}
DEFAULT_PLAN = dict(builds=1, cycles=2, rounds=1, fts5=["plain", "snippet"])

T0 = time.time()


def log(msg):
    print("[%4.0fs] %s" % (time.time() - T0, msg), file=sys.stderr, flush=True)


def run(cmd, **kw):
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        sys.exit("compare: %s failed (%d): %s" % (" ".join(cmd), res.returncode, res.stderr.strip()))
    return res.stdout


def measure(cmd):
    """(seconds, peak RSS in KB, exit status) of one run of cmd."""
    out = run([MEASURE] + cmd).split()
    return float(out[0]), int(out[1]), int(out[2])


def keyvals(text):
    d = {}
    for line in text.splitlines():
        k, _, v = line.partition(" ")
        d[k] = v
    return d


def du(path):
    """Bytes on disk of a file or of a directory's files (apparent sizes)."""
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def rmrf(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)


def p99(v):
    s = sorted(v)
    return s[max(0, math.ceil(0.99 * len(s)) - 1)]


def rotate(seq, k):
    k %= len(seq)
    return seq[k:] + seq[:k]


def words(q):
    out, cur = [], ""
    for c in q:
        if c.isalnum():
            cur += c
        elif cur:
            out.append(cur)
            cur = ""
    return out + ([cur] if cur else [])


def load_queries():
    with open(QUERIES, encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


# ------------------------------------------------------------------ build

def build_once(engine, n, corpus, idx):
    rmrf(idx)
    if engine in ("wonk", SHARDED):
        shards = ["--shards", "2"] if engine == SHARDED else []
        wall, rss, st = measure([WONK_INDEX, "-q"] + shards + ["-d", idx, corpus])
        if st != 0:
            sys.exit("compare: wonk-index -d %s %s exited %d" % (idx, corpus, st))
        return dict(seconds=wall, wall=wall, rss_kb=rss)
    if engine == "xapian":
        cmd = [XAPIAN_PY, XAPIAN_BENCH, "build", idx, PASSAGES, str(n)]
    else:
        cmd = [FTS5_BENCH, "build", idx, PASSAGES, str(n)]
    t = time.perf_counter()
    # measure sends the program's stdout to /dev/null: run it directly for
    # its figures, and under measure would double the cost; wall and RSS
    # come from the program itself (getrusage of its own process).
    out = keyvals(run(cmd))
    wall = time.perf_counter() - t
    return dict(seconds=float(out["seconds"]), wall=wall, rss_kb=int(out["rss_kb"]),
                passages=int(out["passages"]), bytes=int(out["bytes"]))


def compact(engine, idx):
    """(compacted size, seconds) of a copy of idx, the copy then removed."""
    dst = idx + ".compact"
    rmrf(dst)
    t = time.perf_counter()
    if engine == "fts5":
        shutil.copyfile(idx, dst)
        run(["sqlite3", dst, "INSERT INTO p(p) VALUES('optimize'); VACUUM;"])
    elif engine == "wonk":
        # In place, as users do, on a copy (the copying not timed).
        shutil.copytree(idx, dst)
        t = time.perf_counter()
        run([WONK_INDEX, "-q", "--compact", "-d", dst])
    else:
        run(["xapian-compact", "-q", idx, dst])
    secs = time.perf_counter() - t
    size = du(dst)
    parts = {}
    if os.path.isdir(dst):
        parts = {f.split(".")[0]: os.path.getsize(os.path.join(dst, f))
                 for f in os.listdir(dst) if f.endswith(".glass")}
    rmrf(dst)
    return size, secs, parts


# ---------------------------------------------------------------- queries

def query_samples(engine, idx, plan):
    """{mode: [ms...]}, peak RSS KB, one run of the engine's query program."""
    rounds = plan["rounds"]
    if engine == "wonk":
        cmd = [WONK_BENCH, "query", idx, QUERIES, str(max(rounds, 5))]
    elif engine == "xapian":
        cmd = [XAPIAN_PY, XAPIAN_BENCH, "query", idx, QUERIES, str(max(rounds, 5)), "plain", "snippet"]
    else:
        cmd = [FTS5_BENCH, "query", idx, QUERIES, str(rounds)] + plan["fts5"]
    samples, rss = {}, 0
    for line in run(cmd).splitlines():
        a = line.split()
        if a[0] == "rss_kb":
            rss = int(a[1])
        else:
            samples.setdefault(a[0], []).append(float(a[2]))
    return samples, rss


def whole_process(idx, queries, runs):
    """Wall ms and peak RSS KB of one process per query, engines alternating."""
    def cmds(q):
        match = " OR ".join('"%s"' % w for w in words(q))
        sql = ("SELECT path, passage, snippet(p, 0, '<b>', '</b>', '...', 32) FROM p "
               "WHERE p MATCH '%s' ORDER BY bm25(p) LIMIT 10" % match)
        return {"wonk": [WONK_SEARCH, "-d", idx["wonk"], q],
                STAGE1: [WONK_SEARCH, "--stage1", "-d", idx["wonk"], q],
                "xapian": ["quest", "-d", idx["xapian"], q],
                "fts5": ["sqlite3", "-readonly", idx["fts5"], sql]}
    qs = [queries[i % len(queries)] for i in range(runs)]
    for e, c in cmds(qs[0]).items():  # warm the page cache and the loader
        measure(c)
    wall = {e: [] for e in WP_ENGINES}
    rss = {e: [] for e in WP_ENGINES}
    for i, q in enumerate(qs):
        c = cmds(q)
        for e in rotate(WP_ENGINES, i):
            s, r, st = measure(c[e])
            if st > 1:
                sys.exit("compare: %s exited %d" % (" ".join(c[e]), st))
            wall[e].append(s * 1e3)
            rss[e].append(r)
    return wall, rss, qs


# ------------------------------------------------------------------- main

def bench_size(n, queries):
    plan = PLAN.get(n, DEFAULT_PLAN)
    corpus = os.path.join(CORPORA, str(n))
    log("%dx: corpus %s" % (n, corpus))
    run(["bench/make-corpus.sh", str(n), corpus])
    idxdir = os.path.join(INDEXES, str(n))
    os.makedirs(idxdir, exist_ok=True)
    idx = {"wonk": os.path.join(idxdir, "wonk"), SHARDED: os.path.join(idxdir, SHARDED),
           "xapian": os.path.join(idxdir, "xapian"),
           "fts5": os.path.join(idxdir, "fts5.db")}
    r = {"n": n, "plan": plan, "builds": {e: [] for e in BUILD_ENGINES}}
    for k in range(plan["builds"]):
        for e in rotate(BUILD_ENGINES, k):
            log("%dx: build %s (run %d of %d)" % (n, e, k + 1, plan["builds"]))
            r["builds"][e].append(build_once(e, n, corpus, idx[e]))
    # The sharded build's index is its merge, compacted already.
    r["sharded_size"] = du(idx[SHARDED])
    rmrf(idx[SHARDED])
    stats = keyvals(run([WONK_BENCH, "stats", idx["wonk"]]))
    r["passages"] = {"wonk": int(stats["passages"]),
                     "xapian": r["builds"]["xapian"][0]["passages"],
                     "fts5": r["builds"]["fts5"][0]["passages"]}
    r["bytes"] = r["builds"]["fts5"][0]["bytes"]
    r["corpus_bytes"] = du(corpus)
    r["size"], r["compact"], r["compact_s"], r["parts"] = {}, {}, {}, {}
    for e in ENGINES:
        log("%dx: compact %s" % (n, e))
        r["size"][e] = du(idx[e])
        r["compact"][e], r["compact_s"][e], r["parts"][e] = compact(e, idx[e])
    r["q"] = {}
    r["q_rss"] = {e: 0 for e in ENGINES}
    r["q_cycle_medians"] = {}
    for c in range(plan["cycles"]):
        for e in rotate(ENGINES, c):
            log("%dx: queries %s (cycle %d of %d)" % (n, e, c + 1, plan["cycles"]))
            samples, rss = query_samples(e, idx[e], plan)
            r["q_rss"][e] = max(r["q_rss"][e], rss)
            for mode, v in samples.items():
                key = e + ":" + mode
                r["q"].setdefault(key, []).extend(v)
                r["q_cycle_medians"].setdefault(key, []).append(statistics.median(v))
    log("%dx: whole process, %d runs each" % (n, WP_RUNS))
    r["wp"], r["wp_rss"], r["wp_q"] = whole_process(idx, queries, WP_RUNS)
    return r


def fmt_mb(b):
    return "%.1f" % (b / 1e6)


def med(v):
    return statistics.median(v)


def report(results, queries, profiles):
    out = []
    w = out.append
    by_n = {r["n"]: r for r in results}

    def build_med(r, e, key="seconds"):
        return med([b[key] for b in r["builds"][e]])

    def mbps(r, e):
        return r["bytes"] / 1e6 / build_med(r, e)

    def qmed(r, key):
        return med(r["q"][key]) if key in r["q"] else float("nan")

    def qp99(r, key):
        return p99(r["q"][key]) if key in r["q"] else float("nan")

    # ---- targets
    w("## Targets")
    w("")
    w("Measured in this run; a ratio compares figures from the same run.")
    w("")
    w("| target | measured | limit | result |")
    w("|---|---|---|---|")
    rows = []

    def target(name, value, limit, ok):
        rows.append((name, value, limit, "PASS" if ok else "**FAIL**"))

    for n in (1, 10):
        for e, how in ((SHARDED, "--shards 2"), ("wonk", "one process")):
            if n in by_n:
                r = by_n[n]
                x = mbps(r, e) / mbps(r, "xapian")
                target("build throughput vs plain Xapian, %d×, %s" % (n, how),
                       "%.2f× (%.2f vs %.2f MB/s)" % (x, mbps(r, e), mbps(r, "xapian")),
                       "≥ 4×", x >= 4)
    for n in SIZES:
        r = by_n[n]
        pct = 100 * r["compact"]["wonk"] / r["bytes"]
        target("index size compacted, text included, %d×" % n, "%.0f%% of text (%s MB)" % (
            pct, fmt_mb(r["compact"]["wonk"])), "≤ 200%", pct <= 200)
    if 10 in by_n:
        r = by_n[10]
        x = r["compact"]["wonk"] / r["compact"]["fts5"]
        target("index size compacted vs FTS5's, 10×", "%.2f×" % x, "≤ 1.1×", x <= 1.1)
    for n, lim in ((1, 1.0), (10, 2.0)):
        if n in by_n:
            m = qmed(by_n[n], "wonk:wonk")
            target("query median, highlights on, %d×" % n, "%.3f ms" % m, "≤ %g ms" % lim, m <= lim)
    if 10 in by_n:
        r = by_n[10]
        m = qp99(r, "wonk:wonk")
        target("query p99, 10×", "%.3f ms" % m, "≤ 10 ms", m <= 10)
        x = qmed(r, "fts5:snippet") / qmed(r, "wonk:wonk")
        target("query median vs FTS5 bm25 + snippet, 10×", "%.1f× faster (%.2f vs %.3f ms)" % (
            x, qmed(r, "fts5:snippet"), qmed(r, "wonk:wonk")), "≥ 5× faster", x >= 5)
    for n in SIZES:
        r = by_n[n]
        x = med(r["wp"]["wonk"]) / med(r["wp"]["xapian"])
        target("one wonk-search process vs quest, %d×" % n, "%.2f× (%.1f vs %.1f ms)" % (
            x, med(r["wp"]["wonk"]), med(r["wp"]["xapian"])), "≤ 1.2×", x <= 1.2)
    big = max(SIZES)
    r = by_n[big]
    rss = max(b["rss_kb"] for e in ("wonk", SHARDED) for b in r["builds"][e]) / 1024
    target("wonk-index peak RSS, %d×" % big, "%.0f MB" % rss, "< 300 MB" + ("" if big >= 30 else " (at 30×)"), rss < 300)
    rss = max(r["wp_rss"]["wonk"]) / 1024
    target("wonk-search peak RSS (whole process), %d×" % big, "%.1f MB" % rss, "< 50 MB", rss < 50)
    rss = r["q_rss"]["wonk"] / 1024
    target("searcher peak RSS in process (%d queries × rounds), %d×" % (len(queries), big),
           "%.1f MB" % rss, "< 50 MB", rss < 50)
    for row in rows:
        w("| %s | %s | %s | %s |" % row)
    w("")

    # ---- per size
    for r in results:
        n = r["n"]
        p = r["plan"]
        w("## %d× corpus: %s passages, %s MB of passage text" % (n, format(r["passages"]["wonk"], ","), fmt_mb(r["bytes"])))
        w("")
        same = len(set(r["passages"].values())) == 1
        w("Passages indexed: wonk %s, plain Xapian %s, FTS5 %s%s.  Corpus on disk (JSON and text "
          "files, %d× `corpus/`): %s MB." % (
              format(r["passages"]["wonk"], ","), format(r["passages"]["xapian"], ","),
              format(r["passages"]["fts5"], ","), " (the same)" if same else " (**they differ**)",
              n, fmt_mb(r["corpus_bytes"])))
        w("")
        w("### Build (median of %d run%s each, engines alternating)" % (p["builds"], "s" if p["builds"] > 1 else ""))
        w("")
        w("| engine | time | MB/s | passages/s | peak RSS | index | of text | compacted | of text | compaction time |")
        w("|---|---|---|---|---|---|---|---|---|---|")
        for e in BUILD_ENGINES:
            t = build_med(r, e)
            if e == SHARDED:
                # Its index is the compacted merge, and the merge is in its time.
                pct = 100 * r["sharded_size"] / r["bytes"]
                sizes = "%s MB | %.0f%% | %s MB | %.0f%% | in its time |" % (
                    fmt_mb(r["sharded_size"]), pct, fmt_mb(r["sharded_size"]), pct)
            else:
                sizes = "%s MB | %.0f%% | %s MB | %.0f%% | %.2f s |" % (
                    fmt_mb(r["size"][e]), 100 * r["size"][e] / r["bytes"],
                    fmt_mb(r["compact"][e]), 100 * r["compact"][e] / r["bytes"], r["compact_s"][e])
            w("| %s | %.2f s%s | %.2f | %s | %.0f MB | %s" % (
                NAMES[e], t, " (%.2f s wall)" % build_med(r, e, "wall") if e in ("xapian", "fts5") else "",
                r["bytes"] / 1e6 / t, format(int(r["passages"]["wonk"] / t), ","),
                max(b["rss_kb"] for b in r["builds"][e]) / 1024, sizes))
        for a in ("xapian", "fts5"):
            w("| **wonk / %s** | %.2f× the time | | | %.2f× | %.2f× | | %.2f× | | |" % (
                NAMES[a], build_med(r, "wonk") / build_med(r, a),
                max(b["rss_kb"] for b in r["builds"]["wonk"]) / max(b["rss_kb"] for b in r["builds"][a]),
                r["size"]["wonk"] / r["size"][a], r["compact"]["wonk"] / r["compact"][a]))
        w("| **wonk --shards 2 / plain Xapian** | %.2f× the time | | | | | | | | |" % (
            build_med(r, SHARDED) / build_med(r, "xapian")))
        w("")
        w("All runs (s): " + "; ".join("%s %s" % (NAMES[e], ", ".join("%.2f" % b["seconds"] for b in r["builds"][e]))
                                        for e in BUILD_ENGINES) + ".")
        parts = r["parts"]["wonk"]
        if parts:
            w("wonk's compacted index by Xapian table: " + ", ".join(
                "%s %s MB" % (k, fmt_mb(v)) for k, v in sorted(parts.items(), key=lambda kv: -kv[1])) +
              "; plain Xapian's: " + ", ".join(
                "%s %s MB" % (k, fmt_mb(v)) for k, v in sorted(r["parts"]["xapian"].items(), key=lambda kv: -kv[1])) + ".")
        w("")
        w("### Query latency in process (top 10, %d queries; %d cycles, engines alternating)" % (len(queries), p["cycles"]))
        w("")
        w("| engine | what is returned | median | p99 | runs | cycle medians | wonk is |")
        w("|---|---|---|---|---|---|---|")
        wm = qmed(r, "wonk:wonk")
        desc = {"wonk:wonk": "passages + highlight spans (2 per document)",
                "xapian:plain": "data (text), no snippet",
                "xapian:snippet": "data + MSet.snippet() (≤ 500 bytes, marked)",
                "fts5:plain": "text, no snippet",
                "fts5:snippet": "snippet() (≤ 32 tokens, marked)",
                "fts5:highlight": "highlight() (whole passage, marked)"}
        for key in ("wonk:wonk", "xapian:plain", "xapian:snippet", "fts5:plain", "fts5:snippet", "fts5:highlight"):
            if key not in r["q"]:
                continue
            e = key.split(":")[0]
            v = r["q"][key]
            rel = "" if e == "wonk" else ("%.1f× faster" % (med(v) / wm) if med(v) >= wm else "%.2f× slower" % (wm / med(v)))
            w("| %s | %s | %.3f ms | %.3f ms | %d | %s | %s |" % (
                NAMES[e], desc[key], med(v), p99(v), len(v),
                " / ".join("%.3f" % x for x in r["q_cycle_medians"][key]), rel))
        w("")
        w("Peak RSS of the query process: wonk %.1f MB, plain Xapian %.1f MB (a Python interpreter), FTS5 %.1f MB." % (
            r["q_rss"]["wonk"] / 1024, r["q_rss"]["xapian"] / 1024, r["q_rss"]["fts5"] / 1024))
        w("")
        w("### One search as a whole process (%d runs each, one per query, engines alternating)" % len(r["wp"]["wonk"]))
        w("")
        w("| command | median | p90 | peak RSS | wonk-search is |")
        w("|---|---|---|---|---|")
        wm = med(r["wp"]["wonk"])
        xm = med(r["wp"]["xapian"])
        for e, cmd in (("wonk", "`wonk-search -d IDX QUERY`"),
                       (STAGE1, "`wonk-search --stage1 -d IDX QUERY` (BM25 alone: no stage 2, no expansion)"),
                       ("xapian", "`quest -d IDX QUERY`"),
                       ("fts5", "`sqlite3 -readonly DB \"SELECT ... snippet() ... ORDER BY bm25(p) LIMIT 10\"`")):
            v = sorted(r["wp"][e])
            rel = ("" if e == "wonk" else
                   "%.2f× its time (it is %.2f× quest's)" % (wm / med(v), med(v) / xm) if e == STAGE1 else
                   "%.2f× its time" % (wm / med(v)))
            w("| %s | %.1f ms | %.1f ms | %.1f MB | %s |" % (cmd, med(v), v[int(0.9 * (len(v) - 1))],
                                                        max(r["wp_rss"][e]) / 1024, rel))
        w("")
        slow = sorted(zip(r["wp"]["wonk"], r["wp"]["xapian"], r["wp_q"]), reverse=True)[:3]
        w("wonk-search's slowest runs: " + "; ".join(
            "\"%s\" %.1f ms (quest %.1f ms)" % (q, a, b) for a, b, q in slow) + ".")
        w("")

    # ---- growth
    if len(results) > 1:
        a = results[0]
        w("## Growth from %d× to %s" % (a["n"], " and ".join("%d×" % r["n"] for r in results[1:])))
        w("")
        w("Each figure divided by the same engine's at %d× (the corpus grows %s times)." % (
            a["n"], " and ".join("%g" % (r["n"] / a["n"]) for r in results[1:])))
        w("")
        w("| figure | engine | " + " | ".join("%d×" % r["n"] for r in results[1:]) + " |")
        w("|---|---|" + "---|" * (len(results) - 1))
        for e in ENGINES:
            w("| build time | %s | %s |" % (NAMES[e], " | ".join(
                "%.1f" % (build_med(r, e) / build_med(a, e)) for r in results[1:])))
        for e in ENGINES:
            w("| build peak RSS | %s | %s |" % (NAMES[e], " | ".join(
                "%.1f" % (max(b["rss_kb"] for b in r["builds"][e]) / max(b["rss_kb"] for b in a["builds"][e]))
                for r in results[1:])))
        for e in ENGINES:
            w("| index size, compacted | %s | %s |" % (NAMES[e], " | ".join(
                "%.1f" % (r["compact"][e] / a["compact"][e]) for r in results[1:])))
        for key in ("wonk:wonk", "xapian:snippet", "fts5:snippet"):
            e = key.split(":")[0]
            w("| query median (with highlights) | %s | %s |" % (NAMES[e], " | ".join(
                "%.1f" % (qmed(r, key) / qmed(a, key)) for r in results[1:])))
        w("| query p99 | wonk | %s |" % " | ".join("%.1f" % (qp99(r, "wonk:wonk") / qp99(a, "wonk:wonk")) for r in results[1:]))
        for e in ENGINES:
            w("| whole process | %s | %s |" % (NAMES[e], " | ".join(
                "%.1f" % (med(r["wp"][e]) / med(a["wp"][e])) for r in results[1:])))
        w("")
    if profiles:
        w(profiles)
    return "\n".join(out)


PROFILE_NOTE = """## Profiles

`perf record -F 999 --call-graph dwarf` on this machine (the `cpu-clock`
software event: no hardware counters in the container), then
`perf report --no-children` (self time, by shared object and by symbol:
where the CPU is) and `perf report --children` (time including callees:
under which of wonk's functions it is spent), lines under the percent shown
left out.  libwonk is built with the project's default `-O2 -g`; libxapian's
internal functions show as addresses (no symbols for them here).
"""


NOISE = ("_start", "__libc_start_call_main", "__libc_start_main_impl (inlined)",
         "__libc_start_main_impl", "_dl_start", "_dl_start_user")


def perf_lines(data, args, limit, comm, keep):
    cmd = ["perf", "report", "-i", data, "--stdio", "-g", "none", "--percent-limit", limit] + args
    if comm:
        cmd += ["--comm", comm]
    res = subprocess.run(cmd, capture_output=True, text=True)
    lines = []
    for l in res.stdout.splitlines():
        if not l.strip() or l.startswith("#"):
            continue
        sym = l.split("] ", 1)[-1].strip()
        # libxapian's internal functions have no symbols (hidden, and no
        # debug package here): their addresses say nothing on their own.
        if "--children" in args and (sym.startswith("0x") or sym in NOISE):
            continue
        lines.append(l.rstrip())
    return lines[:keep]


def perf_profile(title, cmd, data, comm=None):
    rec = subprocess.run(["perf", "record", "-q", "-F", "999", "--call-graph", "dwarf,16384",
                          "-o", data, "--"] + cmd, capture_output=True, text=True)
    if rec.returncode != 0:
        return None
    parts = [("By shared object (self time, ≥ 1%)", perf_lines(data, ["--no-children", "--sort", "dso"], "1", comm, 12)),
             ("By symbol (self time, ≥ 1.5%)", perf_lines(data, ["--no-children", "--sort", "dso,sym"], "1.5", comm, 25)),
             ("Including callees (≥ 3%; libxapian's unnamed internals and the start-up frames left out)",
              perf_lines(data, ["--children", "--sort", "sym"], "3", comm, 40))]
    os.remove(data)
    out = ["### %s" % title, "", "`%s`%s" % (" ".join(cmd), " (samples of the `%s` processes only)" % comm if comm else ""), ""]
    for head, lines in parts:
        out += [head + ":", "", "```"] + lines + ["```", ""]
    return "\n".join(out)


def callgrind_profile(title, cmd, data):
    rec = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + data] + cmd,
                         capture_output=True, text=True)
    if rec.returncode != 0:
        return None
    res = subprocess.run(["callgrind_annotate", data], capture_output=True, text=True)
    os.remove(data)
    return "\n".join(["### %s" % title, "", "`valgrind --tool=callgrind %s`, `callgrind_annotate | head -40`:" % " ".join(cmd),
                      "", "```"] + res.stdout.splitlines()[:40] + ["```", ""])


def profiles(queries):
    if os.environ.get("PERF", "1") == "0":
        return ""
    corpus = os.path.join(CORPORA, "1")
    mid = 10 if 10 in SIZES else SIZES[0]
    idx = os.path.join(INDEXES, str(mid), "wonk")
    small = os.path.join(INDEXES, "1", "wonk") if 1 in SIZES else idx
    tmp = os.path.join(INDEXES, "profile-index")
    data = os.path.join(INDEXES, "perf.data")
    loop = os.path.join(INDEXES, "wonk-search-loop.sh")
    with open(loop, "w") as f:
        f.write("#!/bin/sh\n# one wonk-search process per query, 5 times over\nfor i in 1 2 3 4 5; do\n")
        for q in queries:
            f.write("%s -d %s '%s' >/dev/null\n" % (WONK_SEARCH, small, q))
        f.write("done\nexit 0\n")
    os.chmod(loop, 0o755)
    jobs = [("Indexing: wonk-index over the 1× corpus", [WONK_INDEX, "-q", "-d", tmp, corpus], None),
            ("Queries in process: wonk_bench over the %d× index, %d queries × 20 rounds" % (mid, len(queries)),
             [WONK_BENCH, "query", idx, QUERIES, "20"], None),
            ("Whole process: %d wonk-search runs over the 1× index" % (5 * len(queries)), [loop], "wonk-search")]
    have_perf = shutil.which("perf") is not None
    out = []
    for title, cmd, comm in jobs:
        log("profile: " + title)
        rmrf(tmp)
        text = perf_profile(title, cmd, data, comm) if have_perf else None
        if text is None and shutil.which("valgrind"):
            if cmd[0] == WONK_BENCH:
                cmd = cmd[:-1] + ["2"]
            rmrf(tmp)
            text = callgrind_profile(title, cmd, data + ".cg")
        out.append(text or "### %s\n\nNo profiler worked here (perf record and valgrind both failed).\n" % title)
    rmrf(tmp)
    rmrf(loop)
    note = PROFILE_NOTE if have_perf else "## Profiles\n\n`perf` is missing: callgrind instead.\n"
    return note + "\n" + "\n".join(out)


def main():
    queries = load_queries()
    if len(queries) < 50:
        sys.exit("compare: only %d queries in %s" % (len(queries), QUERIES))
    if not os.path.exists(PASSAGES):
        sys.exit("compare: no %s (run bench/dump-passages.sh)" % PASSAGES)
    results = []
    for n in SIZES:
        results.append(bench_size(n, queries))
        # Free the disk: keep the 1× and 10× wonk indexes for the profiles.
        for e, name in (("xapian", "xapian"), ("fts5", "fts5.db"), ("wonk", "wonk")):
            if e != "wonk" or n not in (1, 10):
                rmrf(os.path.join(INDEXES, str(n), name))
    prof = profiles(queries)
    print(report(results, queries, prof))
    for n in SIZES:
        rmrf(os.path.join(INDEXES, str(n)))
    log("done")


if __name__ == "__main__":
    main()
