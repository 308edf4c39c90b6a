#!/usr/bin/python3
"""The plain-Xapian anchor of `make bench`, through Debian's python3-xapian.
GPL-2.0-or-later.

  xapian_bench.py build DBDIR PASSAGES N
      indexes the passages of PASSAGES (JSON Lines {"path", "passage",
      "text"}, from bench/dump-passages.sh) N times over, copy K under the
      path "copy-K/PATH", into a new Xapian database: one document per
      passage, TermGenerator with the English stemmer, STEM_SOME (its
      default) and positions, the data "PATH\\tPASSAGE\\tTEXT", committed
      once at the end (Xapian flushes every 10,000 documents by itself).
      Prints "passages P", "bytes B" (text bytes indexed), "seconds S" and
      "rss_kb N".  S counts only the Xapian calls (making the document,
      set_data, index_text, add_document, and the final commit), not reading
      and parsing the input or the Python loop around them.

  xapian_bench.py query DBDIR QUERIES ROUNDS MODE...
      runs every query of QUERIES (one a line, plain words; # comments)
      through QueryParser (English stemmer, STEM_SOME, default operator OR),
      top 10 by BM25, reading every hit's data; MODE "plain" or "snippet"
      (also MSet.snippet() of each hit's text: the matched words marked in at
      most 500 bytes).  Once unrecorded to warm up, then ROUNDS times, the
      modes interleaved in each round.  Prints one line per query run, "MODE
      QUERY# ms" (the Xapian calls only: parse_query, Enquire, get_mset,
      get_data, snippet), then "rss_kb N".
"""
import json
import resource
import sys
import time

import xapian

now = time.perf_counter


def build(dbdir, passages, copies):
    db = xapian.WritableDatabase(dbdir, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    spent = 0.0
    count = nbytes = 0
    for k in range(1, copies + 1):
        with open(passages, encoding="utf-8") as f:
            for line in f:
                p = json.loads(line)
                text = p["text"]
                data = "copy-%d/%s\t%d\t%s" % (k, p["path"], p["passage"], text)
                t0 = now()
                doc = xapian.Document()
                doc.set_data(data)
                tg.set_document(doc)
                tg.index_text(text)
                db.add_document(doc)
                spent += now() - t0
                count += 1
                nbytes += len(text.encode("utf-8"))
    t0 = now()
    db.commit()
    db.close()
    spent += now() - t0
    print("passages %d\nbytes %d\nseconds %.6f\nrss_kb %d" % (
        count, nbytes, spent, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def query(dbdir, qfile, rounds, modes):
    with open(qfile, encoding="utf-8") as f:
        queries = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    for m in modes:
        if m not in ("plain", "snippet"):
            sys.exit("xapian_bench: unknown mode " + m)
    t0 = now()
    db = xapian.Database(dbdir)
    stem = xapian.Stem("english")
    qp = xapian.QueryParser()
    qp.set_stemmer(stem)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_OR)
    qp.set_database(db)
    enq = xapian.Enquire(db)
    setup = now() - t0
    out = []
    sink = 0
    for r in range(rounds + 1):
        for m in modes:
            snip = m == "snippet"
            for i, q in enumerate(queries):
                t0 = now()
                enq.set_query(qp.parse_query(q))
                mset = enq.get_mset(0, 10)
                for hit in mset:
                    data = hit.document.get_data()
                    if snip:
                        text = data.split(b"\t", 2)[2]
                        sink += len(mset.snippet(text, 500, stem))
                    else:
                        sink += len(data)
                ms = (now() - t0) * 1e3
                if r > 0:
                    out.append("%s %d %.4f" % (m, i, ms))
    out.append("rss_kb %d" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print("\n".join(out))
    print("xapian_bench: %d queries x %d rounds, open %.1f ms (%d)" % (
        len(queries), rounds, setup * 1e3, sink % 10), file=sys.stderr)


def main(argv):
    if len(argv) == 5 and argv[1] == "build":
        build(argv[2], argv[3], int(argv[4]))
    elif len(argv) >= 6 and argv[1] == "query":
        query(argv[2], argv[3], int(argv[4]), argv[5:])
    else:
        sys.exit("usage: xapian_bench.py build DBDIR PASSAGES N\n"
                 "       xapian_bench.py query DBDIR QUERIES ROUNDS MODE...")


if __name__ == "__main__":
    main(sys.argv)
