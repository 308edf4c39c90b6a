/*
 * wonk-private.h - the index handle shared by index.c and search.c, and the
 * helpers that set its error message (private to libwonk).
 */
#ifndef WONK_PRIVATE_H
#define WONK_PRIVATE_H

#include "wonk.h"
#include "analyze.h"
#include "extract.h"
#include "layout.h"
#include "pack.h"
#include "synonyms.h"
#include "passage.h"
#include "util.h"
#include "xapian_shim.h"

#define WONK_EXPORT __attribute__((visibility("default")))


struct wonk_index {
	wonk_xdb *db;
	unsigned flags;
	wonk_analyzer *analyzer;
	wonk_passage_params passage_params;
	uint64_t pending;        /* passages written since the last commit */
	uint64_t batch;          /* commit after this many passages */
	wonk_field_map fields;   /* JSON keys set by wonk_index_map_field */
	wonk_synonyms *syn;      /* loaded at the first search (vocabulary.c) */
	int acronyms_by_query;   /* syn leaves the mined acronyms out */
	wonk_pack *pack;         /* records' dictionary compression (pack.h) */
	char *dir;               /* where the index is, for messages */
	char *errmsg;            /* the last failure's message, or NULL */
	size_t errpos;           /* a query error's character, from 1; or 0 */
	/* Several indexes searched as one (shards.c): db reads them all;
	 * each part keeps its own handle for what Xapian does not merge
	 * (metadata, the synonyms file beside it). */
	struct wonk_index **parts;
	size_t nparts;
	char **skipped;          /* "NAME: why" of each shard left out */
	size_t nskipped;
	int remote;              /* served from elsewhere: no directory here */
};

/* Retries of a read whose index a writer changed under it. */
#define WONK_MODIFIED_RETRIES 5

/* For a read that failed with st on attempt (from 0): when the index was
 * modified under it and retries remain, reopens idx's view and returns 1
 * (try again); else 0.  Frees and clears *err when it retries. */
int wonk_retry_modified(wonk_index *idx, wonk_status st, int attempt, char **err);

/* For a read that found damage (st WONK_ERR_CORRUPT, or what a read of
 * garbage yields: WONK_ERR_NOT_FOUND, WONK_ERR_VERSION) on attempt: when a
 * writer has committed since idx's view was opened and retries remain,
 * reopens the view and returns 1; else 0.  Glass tells a block rewritten
 * under a reader by the revision in its header, but a block read while
 * the writer is writing it can pair an old header with new contents: the
 * read then sees damage where there is none. */
int wonk_retry_damage(wonk_index *idx, wonk_status st, int attempt);

/* Moves a reader's view to the newest commit when a writer has committed
 * since it was opened (one stat when it has not).  Each reading call
 * starts so: a view many commits old reads blocks the writer is free to
 * reuse, and a block read while it is rewritten goes unnoticed often
 * enough to matter (wonk_retry_damage); a view kept current can meet one
 * only when, during the call, the writer commits and writes on. */
void wonk_catch_up(wonk_index *idx);

/* The metadata keys starting with prefix (of length len only, when len is
 * not 0), in a malloc'ed array freed with wonk_free_keys(). */
wonk_status wonk_metadata_keys(wonk_index *idx, const char *prefix, size_t len,
			       char ***keys, size_t *n);
void wonk_free_keys(char **keys, size_t n);

/* The acronyms documents define (acronym_table.c).  Stores the
 * definitions text makes. */
wonk_status wonk_mine_acronyms(wonk_index *idx, const char *text, size_t len);
/* Gives a writable index a reverse entry for each definition, unless it
 * says it has them (force: even then); *changed tells whether it wrote. */
wonk_status wonk_acronyms_reverse(wonk_index *idx, int force, int *changed, char **err);
/* Whether every part has reverse entries, so that a search may look up
 * only its own words' definitions (wonk_query_acronyms). */
int wonk_acronyms_by_query(wonk_index *const *parts, size_t nparts);
/* Adds every definition the parts hold to into (where they differ, the
 * least stands, as in one index of everything). */
wonk_status wonk_load_acronyms(wonk_index *idx, wonk_index *const *parts, size_t nparts,
			       wonk_synonyms *into);
/* Adds to into the definitions the words of the query under root take
 * part in, as an abbreviation or as a long form's first word. */
wonk_status wonk_query_acronyms(wonk_index *idx, wonk_index *const *parts, size_t nparts,
				const wonk_qnode *root, wonk_synonyms *into);
/* The user-metadata key of the shipped abbreviations' stems (synonyms.h). */
#define WONK_META_DEFAULTS "wonk:abbreviations"
/* Stores them in a writable index unless it holds them already, and
 * gives an older index the acronyms' reverse entries. */
wonk_status wonk_store_defaults(wonk_index *idx, char **err);

/* Loads idx->syn once: the shipped abbreviations, INDEX/synonyms.txt and
 * the mined acronyms, unless idx->acronyms_by_query (then each search
 * looks up its own words' with wonk_query_acronyms). */
wonk_status wonk_load_vocabulary(wonk_index *idx);

/* A read-only handle named name around db (taken, closed on failure),
 * once its format stamp is checked. */
wonk_status wonk_index_adopt(const char *name, wonk_xdb *db, wonk_index **out,
			     char **errmsg);
/* Whether spec names a remote index (tcp://, ssh://). */
int wonk_shard_is_remote(const char *spec);

/* Sets idx's message from a printf format; returns status for chaining. */
wonk_status wonk_set_error(wonk_index *idx, wonk_status status,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Takes ownership of msg (malloc'ed, may be NULL) as idx's message. */
wonk_status wonk_take_error(wonk_index *idx, wonk_status status, char *msg);

#endif
