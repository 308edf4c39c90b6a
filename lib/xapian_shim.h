/*
 * xapian_shim.h - the C face of lib/xapian_shim.cc, the only code that
 * touches Xapian (private to libwonk).
 *
 * The shim is thin on purpose: it maps calls one to one onto Xapian, catches
 * every exception and turns it into a wonk_status plus a malloc'ed message
 * (*err, caller frees).  Policy (what to store, when to commit, how to rank)
 * lives in the C files that call it.
 */
#ifndef WONK_XAPIAN_SHIM_H
#define WONK_XAPIAN_SHIM_H

#include <stddef.h>
#include <stdint.h>

#include "wonk.h"
#include "query.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wonk_xdb wonk_xdb;
typedef struct wonk_xdoc wonk_xdoc;

/* Opens (flags as wonk_index_open) the Xapian database in dir. */
wonk_status wonk_xdb_open(const char *dir, unsigned flags, wonk_xdb **out,
			  char **err);
void wonk_xdb_close(wonk_xdb *db); /* accepts NULL; abandons an open transaction */
/* Re-reads a reader's view of the database (after WONK_ERR_MODIFIED). */
wonk_status wonk_xdb_reopen(wonk_xdb *db, char **err);
/* Has a writer committed since db's view was opened (a local reader only;
 * 0 for a remote one)?  One stat of each version file; may say yes for a
 * view opened just as a commit landed, which costs one needless reopen. */
int wonk_xdb_behind(const wonk_xdb *db);

/* Opens a remote database to read: one served by xapian-tcpsrv on host and
 * port, or by a program speaking Xapian's remote protocol on its standard
 * input and output (xapian-progsrv, perhaps through ssh), run with args
 * split at spaces.  Each exchange gives up after timeout_ms. */
wonk_status wonk_xdb_open_tcp(const char *host, unsigned port, unsigned timeout_ms,
			      wonk_xdb **out, char **err);
wonk_status wonk_xdb_open_prog(const char *program, const char *args,
			       unsigned timeout_ms, wonk_xdb **out, char **err);
/* One reader over parts[0, n) (readers, still the caller's to close, after
 * *out): searches merge the parts' statistics, so scores are those of one
 * database holding them all.  A metadata key is read from the first part
 * that holds it. */
wonk_status wonk_xdb_combine(wonk_xdb *const *parts, size_t n, wonk_xdb **out,
			     char **err);

/* Merges the databases in dirs[0, n) into a new compacted database at out
 * (as xapian-compact does).  A metadata key that more than one holds is
 * given to pick with their values; it returns the index of the one to
 * keep. */
typedef size_t (*wonk_xdb_pick_fn)(void *ctx, const char *key, const char *const *vals,
				   const size_t *lens, size_t n);
wonk_status wonk_xdb_compact(const char *const *dirs, size_t n, const char *out,
			     wonk_xdb_pick_fn pick, void *ctx, char **err);

/* Writing.  Changes go into a transaction that commit makes durable. */
wonk_status wonk_xdb_begin(wonk_xdb *db, char **err);
wonk_status wonk_xdb_commit(wonk_xdb *db, char **err);
/* Abandons the open transaction: nothing since wonk_xdb_begin lands. */
wonk_status wonk_xdb_cancel(wonk_xdb *db, char **err);
int wonk_xdb_in_transaction(const wonk_xdb *db);
wonk_status wonk_xdb_add(wonk_xdb *db, const wonk_xdoc *doc, char **err);
/* Deletes every document indexed by the boolean term. */
wonk_status wonk_xdb_delete_term(wonk_xdb *db, const char *term, char **err);
/* User metadata; a missing key reads as *val NULL.  *val is malloc'ed. */
wonk_status wonk_xdb_get_meta(wonk_xdb *db, const char *key, char **val,
			      size_t *len, char **err);
wonk_status wonk_xdb_set_meta(wonk_xdb *db, const char *key, const char *val,
			      size_t len, char **err);
/* Calls fn for each metadata key starting with prefix, in order, until it
 * returns non-zero.  Do not change metadata from fn. */
typedef int (*wonk_xdb_key_fn)(void *ctx, const char *key, size_t len);
wonk_status wonk_xdb_meta_keys(wonk_xdb *db, const char *prefix,
			       wonk_xdb_key_fn fn, void *ctx, char **err);
wonk_status wonk_xdb_doccount(wonk_xdb *db, uint64_t *n, char **err);

/* How many distinct terms start with prefix (e.g. documents, by "P"). */
wonk_status wonk_xdb_count_prefix(wonk_xdb *db, const char *prefix,
				  uint64_t *n, char **err);

/* Calls fn with each term starting with prefix and how many passages hold
 * it, in term order, until fn returns non-zero. */
typedef int (*wonk_xdb_term_fn)(void *ctx, const char *term, size_t len,
				uint64_t freq);
wonk_status wonk_xdb_each_term(wonk_xdb *db, const char *prefix,
			       wonk_xdb_term_fn fn, void *ctx, char **err);
wonk_status wonk_xdb_termfreq(wonk_xdb *db, const char *term, uint64_t *freq,
			      char **err);

/* Value slot `slot` of each passage docids[0, n) into values[k]
 * (malloc'ed, NULL when the passage has none); ascending ids read
 * fewer blocks.  On failure every values[k] is NULL. */
wonk_status wonk_xdb_values(wonk_xdb *db, unsigned slot, const unsigned *docids, size_t n,
			    char **values, char **err);

/* The lowest id of a passage that holds term in *docid (0: none). */
wonk_status wonk_xdb_first_with(wonk_xdb *db, const char *term, unsigned *docid,
				char **err);

/* The data (malloc'ed, NULL with none) of the passage `back` documents
 * before docid in the shard that holds docid: a document's passages have
 * consecutive ids there, so this is how a passage finds its document's
 * first.  The caller checks that it is. */
wonk_status wonk_xdb_data_before(wonk_xdb *db, unsigned docid, unsigned back,
				 char **data, size_t *len, char **err);

/* The words (unprefixed terms) that best set apart the passage of the
 * document with boolean term doc_term whose ordinal value is ordinal: at
 * most n, best first, in a malloc'ed array of malloc'ed strings.  *nterms
 * is 0 when there is no such passage. */
wonk_status wonk_xdb_expand(wonk_xdb *db, const char *doc_term,
			    const char ordinal[4], unsigned n, char ***terms,
			    size_t *nterms, char **err);

/* A document under construction; NULL when out of memory. */
wonk_xdoc *wonk_xdoc_new(void);
void wonk_xdoc_free(wonk_xdoc *doc);
int wonk_xdoc_add_posting(wonk_xdoc *doc, const char *term, size_t len,
			  uint32_t pos);
/* A term without a position: its within-document frequency grows by one. */
int wonk_xdoc_add_term(wonk_xdoc *doc, const char *term, size_t len);
int wonk_xdoc_add_boolean(wonk_xdoc *doc, const char *term, size_t len);
int wonk_xdoc_set_value(wonk_xdoc *doc, unsigned slot, const char *val,
			size_t len);

/* One candidate from the matcher. */
typedef struct wonk_xhit {
	unsigned docid;  /* Xapian's id: internal, changes with compaction */
	double score;
	char *data;      /* the stored record, malloc'ed */
	size_t data_len;
} wonk_xhit;

/* How results are ordered. */
typedef enum wonk_xsort {
	WONK_XSORT_RELEVANCE = 0,
	WONK_XSORT_NEWEST,       /* by WONK_SLOT_DATE, undated last */
	WONK_XSORT_OLDEST,
	WONK_XSORT_ORDINAL       /* passage order within a document */
} wonk_xsort;

typedef struct wonk_xsearch {
	const wonk_qnode *query;
	unsigned first, count;   /* the window of the ranked list wanted */
	int collapse_slot;       /* value slot to collapse on, or -1 */
	unsigned collapse_max;   /* passages kept per collapse key */
	wonk_xsort sort;
	unsigned prefix_limit;   /* most words one prefix* may stand for */
	int exhaustive;          /* look at every match: exact counts and facets */
	const unsigned *spy_slots; /* count the values of these slots over all */
	size_t nspies;             /*   matches (set exhaustive too) */
} wonk_xsearch;

/* One value's count. */
typedef struct wonk_xcount {
	char *value;             /* malloc'ed, NUL-terminated */
	uint64_t freq;
} wonk_xcount;

typedef struct wonk_xresult {
	wonk_xhit *hits;         /* malloc'ed */
	size_t n;
	uint64_t estimate;       /* matches after collapsing (exact when
				    exhaustive) */
	uint64_t uncollapsed;    /* matches before collapsing */
	wonk_xcount **counts;    /* per spy slot: an array, most frequent first */
	size_t *ncounts;
} wonk_xresult;

/* Runs a BM25 search into *r (free with wonk_xresult_free).  A prefix that
 * would stand for more than prefix_limit words fails with
 * WONK_ERR_QUERY_SYNTAX and a message saying so. */
wonk_status wonk_xdb_search(wonk_xdb *db, const wonk_xsearch *params,
			    wonk_xresult *r, char **err);
void wonk_xresult_free(wonk_xresult *r, size_t nspies);

/* ---- for wonk_index_check (lib/check.c); appended with the check. */

/* Xapian's structural check of every table of the database in dir, as
 * xapian-check makes it (Xapian::Database::check).  *errors receives how
 * many errors it found and *report (malloc'ed, may be empty) what it said;
 * a table too damaged to be checked at all fails with WONK_ERR_CORRUPT and
 * the reason in *err.  A database that a writer holds open fails with
 * WONK_ERR_LOCKED: its tables change under the check. */
wonk_status wonk_xdb_check(const char *dir, char **report, uint64_t *errors,
			   char **err);

/* Calls fn with each document's Xapian id, data, number of distinct terms
 * and length (word occurrences; boolean terms do not count), in id order,
 * until fn returns non-zero.  *positions receives whether the database
 * holds positional information.  A missing termlist table fails with
 * WONK_ERR_CORRUPT. */
typedef int (*wonk_xdb_doc_fn)(void *ctx, unsigned docid, const char *data,
			       size_t len, uint64_t nterms, uint64_t length);
wonk_status wonk_xdb_each_doc(wonk_xdb *db, wonk_xdb_doc_fn fn, void *ctx,
			      int *positions, char **err);

#ifdef __cplusplus
}
#endif

#endif
