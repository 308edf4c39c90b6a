/*
 * wonk.h - passage search for policy commentary: the public C API.
 *
 * Copyright (C) 2026 the wonk authors.
 * wonk is free software: you can redistribute it and/or modify it under the
 * terms of the GNU General Public License as published by the Free Software
 * Foundation, either version 2 of the License, or (at your option) any later
 * version (GPL-2.0-or-later).  libwonk links Xapian, which is GPL-2.0-or-later.
 *
 * This header is the whole interface and its manual.  A program opens an
 * index (a directory), adds files to it or searches it, and reads ranked
 * passages back:
 *
 *	wonk_index *idx;
 *	wonk_search *s;
 *	wonk_results *res;
 *	if (wonk_index_open("archive", WONK_OPEN_READ, &idx, NULL) != WONK_OK) ...;
 *	if (wonk_search_new(idx, "MIRV Russian assistance", &s) != WONK_OK)
 *		fprintf(stderr, "%s\n", wonk_errmsg(idx));
 *	wonk_search_set_limit(s, 10);
 *	if (wonk_search_run(s, &res) == WONK_OK) {
 *		for (size_t i = 0; i < wonk_results_count(res); i++) {
 *			const wonk_hit *h = wonk_results_hit(res, i);
 *			printf("%s: %s\n", wonk_hit_path(h), wonk_hit_text(h, NULL));
 *		}
 *		wonk_results_destroy(res);
 *	}
 *	wonk_search_destroy(s);
 *	wonk_index_close(idx);
 *
 * Conventions, everywhere in this header:
 *   - Every function that can fail returns a wonk_status; WONK_OK is 0.  On
 *     failure the handle remembers a message, read with wonk_errmsg().
 *   - New objects are returned through an out-pointer that is set to NULL on
 *     failure.  Every destroy/close function accepts NULL.
 *   - Strings are UTF-8 and NUL-terminated unless a length is given.  Strings
 *     returned by wonk are owned by the object they came from and stay valid
 *     until that object is destroyed; never free them.
 *   - No function prints, exits, aborts or lets a C++ exception escape.
 *   - Threads: a handle and everything made from it must be used by one
 *     thread at a time.  Separate handles (one per thread) may be used
 *     concurrently, including several readers on an index being written.
 *   - A handle opened to read sees the newest commit: each search, count,
 *     facet, suggestion, passages or stats call first moves it to the
 *     writer's latest commit, if there is a newer one.
 *
 * The API grows by adding functions, never by changing these: option setters
 * and accessor functions instead of public structs, so that a program built
 * against this version keeps working with later ones.
 */
#ifndef WONK_H
#define WONK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WONK_VERSION_MAJOR 0
#define WONK_VERSION_MINOR 2
#define WONK_VERSION_PATCH 0
#define WONK_VERSION_STRING "0.2.0"

/* True when the headers are at least version (major, minor, patch). */
#define WONK_CHECK_VERSION(major, minor, patch)                              \
	(WONK_VERSION_MAJOR > (major) ||                                     \
	 (WONK_VERSION_MAJOR == (major) && WONK_VERSION_MINOR > (minor)) ||  \
	 (WONK_VERSION_MAJOR == (major) && WONK_VERSION_MINOR == (minor) &&  \
	  WONK_VERSION_PATCH >= (patch)))

/* The version of the library actually linked, e.g. "0.2.0". */
const char *wonk_version(void);

/* ---------------------------------------------------------------- status */

typedef enum wonk_status {
	WONK_OK = 0,
	WONK_ERR_INVALID_ARG,   /* a NULL or out-of-range argument */
	WONK_ERR_NOT_FOUND,     /* no index (or file) where one was named */
	WONK_ERR_LOCKED,        /* another process is writing the index */
	WONK_ERR_CORRUPT,       /* the index is damaged */
	WONK_ERR_MODIFIED,      /* the index changed under a reader: retry */
	WONK_ERR_VERSION,       /* the index was made by an incompatible wonk */
	WONK_ERR_IO,            /* reading or writing a file failed */
	WONK_ERR_NO_MEMORY,     /* an allocation failed */
	WONK_ERR_QUERY_SYNTAX,  /* the query cannot be understood */
	WONK_ERR_UNSUPPORTED,   /* a file of a type wonk does not index */
	WONK_ERR_BAD_INPUT,     /* a file wonk cannot read as text (binary...) */
	WONK_ERR_READ_ONLY,     /* a write through a handle opened to read */
	WONK_ERR_XAPIAN,        /* any other error from the index engine */
	WONK_STATUS_LAST        /* not a status: one past the last */
} wonk_status;

/* A fixed English description of status, e.g. "index is locked by another
 * writer".  Never NULL; unknown values give "unknown status". */
const char *wonk_status_string(wonk_status status);

/* ---------------------------------------------------------------- fields */

/* What wonk knows about a document, beyond its text.  Extractors fill what
 * the source gives (HTML meta tags and JSON-LD, Markdown front matter, JSON
 * record keys); a plain text file has only its path, type and a title (its
 * file name). */
typedef enum wonk_field {
	WONK_FIELD_DOC = 0,     /* stable document id, 16 hex digits */
	WONK_FIELD_PATH,        /* the source file, as given to the indexer */
	WONK_FIELD_TYPE,        /* "text", "html", "markdown" or "json" */
	WONK_FIELD_TITLE,
	WONK_FIELD_AUTHOR,      /* several authors joined by "; " */
	WONK_FIELD_DATE,        /* ISO 8601: "YYYY-MM-DD", "YYYY-MM" or "YYYY" */
	WONK_FIELD_SOURCE,      /* the site or publisher */
	WONK_FIELD_URL,         /* canonical URL */
	WONK_FIELD_TAGS,        /* several tags joined by "; " */
	WONK_FIELD_DESCRIPTION,
	WONK_FIELD_LANG,        /* as the source gives it, e.g. "en-US" */
	WONK_FIELD_LAST         /* not a field: one past the last */
} wonk_field;

/* The field's name as the CLIs and --json use it ("title", "author"...),
 * or NULL for a value out of range. */
const char *wonk_field_name(wonk_field field);

/* ----------------------------------------------------------------- index */

typedef struct wonk_index wonk_index;

/* wonk_index_open() flags. */
#define WONK_OPEN_READ   0u        /* search only */
#define WONK_OPEN_WRITE  1u        /* add files; takes the writer lock */
#define WONK_OPEN_CREATE 2u        /* with WRITE: create the index if absent */
#define WONK_OPEN_TRUNCATE 4u      /* with WRITE|CREATE: start a wonk index
				      over from empty (rebuild) */
#define WONK_OPEN_WAIT   8u        /* with WRITE: if another writer holds the
				      lock, wait for it instead of failing */
#define WONK_OPEN_PARTIAL 16u      /* to read several shards: leave out those
				      that cannot be opened (see
				      wonk_index_skipped()) instead of failing */

/* Opens the index in directory dir.
 *   dir    [in]  the index directory (wonk-index uses -d, $WONK_INDEX, ./.wonk);
 *                to read, also anything wonk_index_open_shards() takes
 *   flags  [in]  WONK_OPEN_READ, or WONK_OPEN_WRITE optionally | CREATE
 *                (| TRUNCATE to rebuild; TRUNCATE without CREATE is
 *                WONK_ERR_INVALID_ARG) | WAIT
 *   out    [out] the new handle, or NULL on failure
 *   errmsg [out] may be NULL; on failure, a message saying what went wrong
 *                (malloc'ed: free it with wonk_free()), else NULL
 * Return value:
 *   WONK_OK, or WONK_ERR_NOT_FOUND (no index there and no CREATE),
 *   WONK_ERR_LOCKED (another writer holds it), WONK_ERR_CORRUPT,
 *   WONK_ERR_VERSION, WONK_ERR_IO, WONK_ERR_NO_MEMORY, WONK_ERR_XAPIAN,
 *   WONK_ERR_INVALID_ARG.
 * Ownership: close the handle with wonk_index_close(). */
wonk_status wonk_index_open(const char *dir, unsigned flags, wonk_index **out,
			    char **errmsg);

/* Opens several indexes (shards) to be searched as one: scores, counts
 * and facets are those of one index holding them all, and hits carry the
 * same document ids.
 *   specs  [in]  n shards, each an index directory; a stub file (Xapian's
 *                format: lines "auto PATH" and "remote :HOST:PORT" or
 *                "remote PROGRAM ARGS", paths relative to the file; "#"
 *                starts a comment); tcp://HOST:PORT (served by
 *                xapian-tcpsrv); or ssh://[USER@]HOST[:PORT]/PATH (runs
 *                xapian-progsrv PATH on HOST through ssh)
 *   flags  [in]  WONK_OPEN_READ, optionally | WONK_OPEN_PARTIAL
 *   out    [out] the handle (read-only), or NULL on failure
 *   errmsg [out] as wonk_index_open(); names the shard at fault
 * Return value: as wonk_index_open(); WONK_ERR_IO for a server that cannot
 * be reached.  With WONK_OPEN_PARTIAL it fails only when no shard opens.
 * Ownership: close the handle with wonk_index_close(). */
wonk_status wonk_index_open_shards(const char *const *specs, size_t n, unsigned flags,
				   wonk_index **out, char **errmsg);

/* How many shards idx searches (1 for an index opened on its own). */
size_t wonk_index_shard_count(const wonk_index *idx);

/* The i-th shard WONK_OPEN_PARTIAL left out, as "NAME: why", or NULL past
 * the last.  Owned by idx. */
const char *wonk_index_skipped(const wonk_index *idx, size_t i);

/* Merges the indexes in shards[0, n) into a new, compacted index at out
 * (which must not exist), as xapian-compact does; wonk_index_open_shards()
 * on the shards and wonk_index_open() on out then rank alike.  With n = 1
 * this compacts an index.
 * Return value: WONK_OK; WONK_ERR_INVALID_ARG (out exists; or a file is
 * indexed in two shards); or an error opening a shard, as
 * wonk_index_open().  errmsg as wonk_index_open(). */
wonk_status wonk_index_merge(const char *out, const char *const *shards, size_t n,
			     char **errmsg);

/* Compacts the index at dir in place: a compacted copy is written beside
 * it (dir.compacting), synced, and put in dir's place, in one step where
 * the filesystem can swap two directories; the old index is then removed.
 * The writer's lock is held throughout, so nothing written meanwhile is
 * lost; searches that started on the old index finish on it.  A kill
 * leaves the old index or the new one at dir, and at most a copy beside
 * it that the next compaction removes.  Needs room for the copy.
 * Return value: WONK_OK; as wonk_index_open() with WONK_OPEN_WRITE
 * (WONK_ERR_LOCKED while another writer has it); WONK_ERR_IO.  errmsg as
 * wonk_index_open(). */
wonk_status wonk_index_compact(const char *dir, char **errmsg);

/* A copy of text[0, len) that is safe to write to a terminal: valid UTF-8
 * in which every byte that is not, and every control character a terminal
 * acts on (C0 but tab and newline, DEL, C1), became U+FFFD, so that a
 * document or file name cannot recolour, retitle or clear the screen.
 * NUL-terminated; *out_len (may be NULL) gets its length.  NULL when out
 * of memory.  Free with wonk_free(). */
char *wonk_printable(const char *text, size_t len, size_t *out_len);

/* Frees memory that wonk handed to the caller (an errmsg).  Accepts NULL. */
void wonk_free(void *p);

/* Commits pending changes (as wonk_index_commit()) and frees the handle.
 * Returns the commit's status; the handle is freed whatever it is. */
wonk_status wonk_index_close(wonk_index *idx);

/* The message of the most recent failure on idx, or "" if none.  Owned by
 * idx; valid until the next call on idx. */
const char *wonk_errmsg(const wonk_index *idx);

/* After WONK_ERR_QUERY_SYNTAX from wonk_search_new(): the character of the
 * query (counted from 1, in characters, not bytes) where it went wrong, or
 * 0 when the error has no one place (a query that is too long, or has no
 * word).  0 after any other failure. */
size_t wonk_error_position(const wonk_index *idx);

/* What wonk_index_add_file() did with a file. */
typedef enum wonk_add_outcome {
	WONK_ADD_ADDED = 0, /* new to the index */
	WONK_ADD_UPDATED,   /* its old passages were replaced */
	WONK_ADD_UNCHANGED, /* same size and modification time, or same
			       content: nothing to do */
	WONK_ADD_SKIPPED    /* not indexed; the status and wonk_errmsg say why */
} wonk_add_outcome;

/* Counters filled by wonk_index_add_file().  Before version 1.0 a minor
 * version may add fields at the end (rebuild against the new header). */
typedef struct wonk_add_report {
	wonk_add_outcome outcome;
	uint64_t passages;    /* passages written for this file */
	uint64_t bytes;       /* bytes of text read (after decompression) */
	uint64_t documents;   /* documents written (JSON files hold several) */
	uint64_t bad_records; /* JSON records skipped as malformed; when not 0,
				 wonk_errmsg() says why the first one was */
} wonk_add_report;

/* Indexes one file.  Formats, by name (each also gzip-compressed, .gz):
 * plain text (.txt, .text), HTML (.html, .htm, .xhtml: the article only,
 * with its metadata), Markdown (.md, .markdown, with optional front
 * matter), JSON (.json: one object or an array of objects) and JSON Lines
 * (.jsonl, .ndjson), one document per record.  Each document is cut into
 * passages, stored with its text, byte span and the document's metadata.
 * A file indexed before is skipped if its size and modification time are
 * unchanged, or if they changed but its content did not; else its
 * documents are replaced, so re-adding never duplicates.  The change
 * becomes visible to readers at the next commit; wonk commits by itself
 * every few thousand passages, always between files, so a crash never
 * leaves a file half-indexed.
 *   idx     [in]  a handle opened with WONK_OPEN_WRITE
 *   path    [in]  the file; stored as given (relative paths stay relative),
 *                 identified by its real path so "./a.txt" and "a.txt" are
 *                 one file
 *   report  [out] may be NULL
 * Return value:
 *   WONK_OK (report->outcome says added, updated or unchanged), or, with
 *   report->outcome WONK_ADD_SKIPPED and nothing written:
 *   WONK_ERR_UNSUPPORTED (not a type wonk indexes, or not a regular file),
 *   WONK_ERR_BAD_INPUT (binary, a corrupt gzip stream, no JSON record
 *   readable), WONK_ERR_NOT_FOUND (no such file), WONK_ERR_IO (cannot read it),
 *   WONK_ERR_NO_MEMORY; or WONK_ERR_READ_ONLY, WONK_ERR_XAPIAN (the index
 *   itself failed: stop adding). */
wonk_status wonk_index_add_file(wonk_index *idx, const char *path,
				wonk_add_report *report);

/* True if wonk_index_add_file() would try to index a file with this name
 * (by its extension), so that a directory walker can skip the rest quietly. */
int wonk_path_is_indexable(const char *path);

/* Which JSON key holds a field, for the JSON files added after this call:
 * field is one of "title", "author", "date", "source", "url", "tags" or
 * "body", key the name in the records (e.g. wonk_index_map_field(idx,
 * "author", "name")).  A dotted key ("meta.by") looks inside objects.
 * Files already indexed keep their metadata until they change (or the
 * index is rebuilt).
 * Return value: WONK_OK, WONK_ERR_INVALID_ARG (unknown field; wonk_errmsg
 * says which), WONK_ERR_NO_MEMORY. */
wonk_status wonk_index_map_field(wonk_index *idx, const char *field,
				 const char *key);

/* A document built in memory, for wonk_index_add_document(). */
typedef struct wonk_doc wonk_doc;

/* A new, empty document (type "text").  Return value: WONK_OK,
 * WONK_ERR_INVALID_ARG, WONK_ERR_NO_MEMORY.  Free with wonk_doc_destroy(). */
wonk_status wonk_doc_new(wonk_doc **out);
void wonk_doc_destroy(wonk_doc *doc);
/* Sets a field (copied): WONK_FIELD_TITLE, AUTHOR (several joined by
 * "; "), DATE (any common form; stored as ISO 8601), SOURCE, URL, TAGS
 * ("; "-joined), DESCRIPTION or LANG.  NULL unsets it.
 * Return value: WONK_OK, WONK_ERR_INVALID_ARG (another field, or a date
 * wonk cannot read), WONK_ERR_NO_MEMORY. */
wonk_status wonk_doc_set_field(wonk_doc *doc, wonk_field field,
			       const char *value);
/* Sets the text (copied; invalid UTF-8 is kept and shown repaired).
 * Paragraphs separated by blank lines become passage boundaries.
 * Return value: WONK_OK, WONK_ERR_INVALID_ARG, WONK_ERR_NO_MEMORY. */
wonk_status wonk_doc_set_text(wonk_doc *doc, const char *text, size_t len);

/* Indexes an in-memory document under key, the caller's name for it
 * (e.g. "db:1234"), which is also its path in results.  A document added
 * before under the same key is replaced.  The document can be freed
 * afterwards.  report->outcome is ADDED or UPDATED.
 * Return value: WONK_OK, WONK_ERR_INVALID_ARG (no key, or no text),
 * WONK_ERR_READ_ONLY, WONK_ERR_XAPIAN, WONK_ERR_NO_MEMORY. */
wonk_status wonk_index_add_document(wonk_index *idx, const char *key,
				    const wonk_doc *doc, wonk_add_report *report);

/* Adds the synonym groups of a file to what searches through idx expand
 * their words with.  A synonyms file has one group per line, its
 * expressions separated by "=" or ",", e.g.
 *	ICBM = intercontinental ballistic missile
 *	Porto Rico, Puerto Rico
 * ("#" starts a comment).  Searches always use a shipped list of common
 * policy abbreviations, INDEX/synonyms.txt when it exists, and the
 * acronyms the indexed documents define ("... Vehicles (MIRVs)").  A single
 * query word is expanded only when written like an abbreviation (two
 * capitals or more); a run of words always is.
 * Return value: WONK_OK, WONK_ERR_NOT_FOUND (unreadable file),
 * WONK_ERR_INVALID_ARG, WONK_ERR_NO_MEMORY. */
wonk_status wonk_index_add_synonyms(wonk_index *idx, const char *path);

/* Removes the in-memory document added under key.
 * Return value: WONK_OK, WONK_ERR_NOT_FOUND, WONK_ERR_READ_ONLY,
 * WONK_ERR_XAPIAN. */
wonk_status wonk_index_delete_document(wonk_index *idx, const char *key);

/* Removes a file's documents from the index, by the path it was added
 * under (or any path to the same file).
 * Return value: WONK_OK, WONK_ERR_NOT_FOUND (not in the index),
 * WONK_ERR_READ_ONLY, WONK_ERR_XAPIAN. */
wonk_status wonk_index_remove_file(wonk_index *idx, const char *path);

/* Called by wonk_index_prune() for each file it removes; return non-zero
 * to stop pruning. */
typedef int (*wonk_prune_fn)(void *ctx, const char *path);

/* Removes the documents of every indexed file that no longer exists.
 *   fn, ctx   [in]  may be NULL; told each removed file's path
 *   removed   [out] may be NULL; how many files were removed
 * Return value: WONK_OK, WONK_ERR_READ_ONLY, WONK_ERR_XAPIAN,
 * WONK_ERR_NO_MEMORY. */
wonk_status wonk_index_prune(wonk_index *idx, wonk_prune_fn fn, void *ctx,
			     uint64_t *removed);

/* Makes every change so far durable and visible to new readers, atomically.
 * Return value: WONK_OK, WONK_ERR_IO, WONK_ERR_XAPIAN, WONK_ERR_READ_ONLY. */
wonk_status wonk_index_commit(wonk_index *idx);

/* Called by wonk_index_check() with each problem found, in words. */
typedef void (*wonk_check_fn)(void *ctx, const char *problem);

/* Checks the index in dir without changing it: Xapian's own structural
 * check of every table, then wonk's (the format stamp, every passage
 * record readable, every indexed file holding exactly the passages its
 * manifest entry records).
 *   fn, ctx   [in]  may be NULL; told each problem
 *   problems  [out] may be NULL; how many were found
 *   errmsg    [out] may be NULL; when the check could not run, why
 * Return value: WONK_OK (no problem), WONK_ERR_CORRUPT (problems found),
 * WONK_ERR_NOT_FOUND, WONK_ERR_LOCKED, WONK_ERR_VERSION, WONK_ERR_IO,
 * WONK_ERR_NO_MEMORY, WONK_ERR_XAPIAN. */
wonk_status wonk_index_check(const char *dir, wonk_check_fn fn, void *ctx,
			     uint64_t *problems, char **errmsg);

/* Index-wide counts (neither pointer may be NULL).  On a handle opened to
 * read, when a writer has committed since the handle was opened, the
 * counts are the newest commit's and the handle moves to it: a count
 * taken while a writer rewrites the index's blocks can be wrong without
 * any error.
 * Return value: WONK_OK, WONK_ERR_INVALID_ARG or WONK_ERR_XAPIAN. */
wonk_status wonk_index_stats(wonk_index *idx, uint64_t *documents,
			     uint64_t *passages);

/* ------------------------------------------------------------ extraction */

/* What wonk would index for a file, without an index: its documents, their
 * metadata, extracted text and passages (wonk-index --dump). */
typedef struct wonk_extracted wonk_extracted;

/* Extracts path as wonk_index_add_file() would.
 *   fields [in]  NULL, or a NULL-terminated array of "field=key" mappings
 *                for JSON files (see wonk_index_map_field)
 *   out    [out] the extraction, or NULL on failure
 *   errmsg [out] may be NULL; on failure a message (free with wonk_free())
 * Return value: WONK_OK, WONK_ERR_UNSUPPORTED, WONK_ERR_BAD_INPUT,
 * WONK_ERR_NOT_FOUND, WONK_ERR_IO, WONK_ERR_NO_MEMORY, WONK_ERR_INVALID_ARG.
 * Ownership: free with wonk_extracted_destroy(). */
wonk_status wonk_extract(const char *path, const char *const *fields,
			 wonk_extracted **out, char **errmsg);
void wonk_extracted_destroy(wonk_extracted *x);

size_t wonk_extracted_count(const wonk_extracted *x);  /* documents */
/* JSON records that were malformed and skipped, and the first one's reason
 * (NULL when none). */
size_t wonk_extracted_bad_records(const wonk_extracted *x, const char **why);
/* Document i's field, or NULL when unknown or i is out of range (DOC and
 * PATH belong to an index, so they are NULL here). */
const char *wonk_extracted_field(const wonk_extracted *x, size_t i,
				 wonk_field field);
/* Document i's extracted text (valid UTF-8 unless the source was not);
 * *len receives its length. */
const char *wonk_extracted_body(const wonk_extracted *x, size_t i, size_t *len);
/* Where a JSON record was: its line (JSON Lines) or position (array), from
 * 1; 0 for a file that is one document. */
unsigned long wonk_extracted_record(const wonk_extracted *x, size_t i);
size_t wonk_extracted_passage_count(const wonk_extracted *x, size_t i);
/* Passage j of document i as a byte span of its body: 0, or -1 when out of
 * range. */
int wonk_extracted_passage(const wonk_extracted *x, size_t i, size_t j,
			   uint64_t *start, uint64_t *end);

/* ---------------------------------------------------------------- search */

typedef struct wonk_search wonk_search;
typedef struct wonk_results wonk_results;
typedef struct wonk_hit wonk_hit;

/* Parses query and prepares a search of idx.
 * Query syntax (the whole of it is in wonk-search(1)):
 *   words            ranked by BM25 over passages, matched in any inflection
 *                    ("missiles" finds "missile"); a passage needs only some
 *   "a phrase"       required, word for word, in exactly those forms (letter
 *                    case, accents and possessives aside); "Maine" quoted
 *                    does not find "main"
 *   +word -word      required / excluded (also -"phrase", -field:value)
 *   a AND b, a OR b, a NOT b, (...)   with NOT = AND binding tighter than OR
 *   a NEAR/5 b       within 5 words of each other, either order
 *   pre*             words starting with "pre" (at most 100 of them)
 *   title: author: source: type: tag:   fields, e.g. author:"George Kennan"
 *   year:1890..1930  date:2022-02-24..  date:..2016   ranges
 * An unbalanced quote or parenthesis is closed at the end of the query (see
 * wonk_search_note()).  A blank query is allowed when filters are added
 * before running.
 *   out [out] the search, or NULL on failure
 * Return value: WONK_OK; WONK_ERR_QUERY_SYNTAX (wonk_errmsg(idx) says what
 * and at which character: an operator with nothing on one side, NEAR/0, an
 * unknown field, a bad range, no word to search for, more than 256 words);
 * WONK_ERR_NO_MEMORY.
 * Ownership: destroy with wonk_search_destroy() before closing idx. */
wonk_status wonk_search_new(wonk_index *idx, const char *query,
			    wonk_search **out);

/* Prepares a search for passages like passage (an ordinal, as
 * wonk_hit_passage() gives) of document doc (as wonk_hit_doc() gives): the
 * words that best set that passage apart, ranked as a query.  The passage
 * itself is left out of the results.
 * Return value: WONK_OK, WONK_ERR_NOT_FOUND (no such passage),
 * WONK_ERR_INVALID_ARG, WONK_ERR_XAPIAN, WONK_ERR_NO_MEMORY. */
wonk_status wonk_search_new_like(wonk_index *idx, const char *doc,
				 unsigned passage, wonk_search **out);

/* Did you mean: when some query words are in no passage, *suggestion is
 * the query with each replaced by the closest word the index holds that
 * starts with the same letter (within two letters' difference; the most
 * frequent wins), else NULL.  Owned by
 * s.  Return value: WONK_OK, WONK_ERR_INVALID_ARG, WONK_ERR_XAPIAN,
 * WONK_ERR_NO_MEMORY. */
wonk_status wonk_search_suggest(wonk_search *s, const char **suggestion);

/* How the query was understood where it was not taken literally (e.g. "unbalanced
 * quote at character 5: the phrase runs to the end of the query"), or NULL.
 * Owned by s. */
const char *wonk_search_note(const wonk_search *s);

/* Options; each returns WONK_OK or WONK_ERR_INVALID_ARG (limit and
 * offset are at most 100000). */
wonk_status wonk_search_set_limit(wonk_search *s, unsigned limit);     /* default 10 */
wonk_status wonk_search_set_offset(wonk_search *s, unsigned offset);   /* default 0 */
/* At most this many passages of one document (0 = no limit); default 0
 * for a query (docs/RANKING.md says why), 2 for wonk_search_new_like(). */
wonk_status wonk_search_set_per_doc(wonk_search *s, unsigned per_doc);

/* Adds a filter, as field:value in the query would: field is "title",
 * "author", "source", "type", "tag", "year" or "date"; value is what
 * follows the colon, without quotes (e.g. "George Kennan", "1890..1930",
 * "2022-02-24..").  Filters select passages and never change scores.
 * Return value: WONK_OK, WONK_ERR_QUERY_SYNTAX (unknown field, bad value;
 * wonk_errmsg says which), WONK_ERR_INVALID_ARG, WONK_ERR_NO_MEMORY. */
wonk_status wonk_search_filter(wonk_search *s, const char *field,
			       const char *value);

/* Ranks by stage 1 (BM25) alone when stage1_only is non-zero; by default
 * a pool of the best BM25 candidates is re-scored by stage 2 (coverage of
 * the query, proximity, exact forms, title, the document's weight; see
 * docs/RANKING.md).  For comparisons and evaluation. */
wonk_status wonk_search_set_stage1(wonk_search *s, int stage1_only);

typedef enum wonk_sort {
	WONK_SORT_RELEVANCE = 0, /* best first (the default) */
	WONK_SORT_NEWEST,        /* by date, newest first; undated last */
	WONK_SORT_OLDEST         /* by date, oldest first; undated last */
} wonk_sort;
wonk_status wonk_search_set_sort(wonk_search *s, wonk_sort sort);

/* Runs the search.
 * Return value: WONK_OK (possibly with no hits), WONK_ERR_QUERY_SYNTAX (a
 * blank query and no filter, or a prefix* that stands for too many words),
 * WONK_ERR_MODIFIED (the index changed too often during the search; try
 * again), WONK_ERR_CORRUPT, WONK_ERR_XAPIAN, WONK_ERR_NO_MEMORY.
 * Ownership: the results belong to the caller; free them with
 * wonk_results_destroy().  They stay valid after s is destroyed. */
wonk_status wonk_search_run(wonk_search *s, wonk_results **out);

void wonk_search_destroy(wonk_search *s);

/* Counts every matching passage and the documents they belong to, exactly
 * (quoted phrases are checked word for word), ignoring limit, offset and
 * per-document cap.
 * Return value: as wonk_search_run(). */
wonk_status wonk_search_count(wonk_search *s, uint64_t *passages,
			      uint64_t *documents);

/* Counts of matching passages by a field's values, most frequent first.
 * field: WONK_FIELD_AUTHOR (each author of a several-author document
 * counts), WONK_FIELD_SOURCE, WONK_FIELD_TYPE, or WONK_FIELD_DATE (by
 * year).  Passages without the field are not counted.
 * Return value: as wonk_search_run(), or WONK_ERR_INVALID_ARG for another
 * field.  Ownership: free with wonk_facets_destroy(). */
typedef struct wonk_facets wonk_facets;
wonk_status wonk_search_facets(wonk_search *s, wonk_field field,
			       wonk_facets **out);
size_t wonk_facets_count(const wonk_facets *f);
/* The i-th value and its passage count; NULL / 0 when i is out of range. */
const char *wonk_facets_value(const wonk_facets *f, size_t i);
uint64_t wonk_facets_freq(const wonk_facets *f, size_t i);
void wonk_facets_destroy(wonk_facets *f);

/* Passages first..first+count-1 (by ordinal) of document doc (an id as
 * wonk_hit_doc() gives), in order, as results without highlights: the
 * context around a hit.  Ordinals past the document's end are left out.
 * Return value: WONK_OK (possibly empty), WONK_ERR_INVALID_ARG, and the
 * errors of wonk_search_run(). */
wonk_status wonk_index_passages(wonk_index *idx, const char *doc,
				unsigned first, unsigned count,
				wonk_results **out);

/* An estimate of how many passages match in all (before limit/offset). */
uint64_t wonk_results_estimate(const wonk_results *res);
size_t wonk_results_count(const wonk_results *res);
/* The i-th hit, best first; NULL when i >= count.  Owned by res. */
const wonk_hit *wonk_results_hit(const wonk_results *res, size_t i);
void wonk_results_destroy(wonk_results *res);

/* Why a hit ranks where it does: its score is the sum, over these parts,
 * of the part's value times its weight.  docs/RANKING.md says what each
 * measures and how its weight was chosen. */
typedef enum wonk_score_part {
	WONK_PART_BM25 = 0,   /* stage 1's BM25; after stage 2, scaled so that
				 the best of the candidates it re-scored is 1 */
	WONK_PART_COVERAGE,   /* share of the query's word weight (IDF) the
				 passage holds, 0..1 */
	WONK_PART_PROXIMITY,  /* how close together its content words stand */
	WONK_PART_EXACT,      /* share held in the very form the query wrote */
	WONK_PART_TITLE,      /* share its document's title holds */
	WONK_PART_DOCUMENT,   /* its document's share of the candidates' BM25 */
	WONK_PART_PAIR,       /* 1: it holds two of the query's content words */
	WONK_PART_SENTENCE,   /* share its best sentence holds */
	WONK_PART_ONSET,      /* 1: dated in the first years the candidates
				 say every content word in one sentence */
	WONK_PART_LAST        /* not a part: one past the last */
} wonk_score_part;

/* The part's name as --explain prints it ("bm25", "coverage"...), or NULL
 * for a value out of range. */
const char *wonk_score_part_name(wonk_score_part part);
/* The weight the part counts with (0 out of range). */
double wonk_score_part_weight(wonk_score_part part);
/* The part's value for h.  A score without stage 2 (wonk_search_set_stage1,
 * date order, a search by filters alone) is BM25 alone, the other parts 0. */
double wonk_hit_score_part(const wonk_hit *h, wonk_score_part part);
/* The query's words h holds through its document rather than its text,
 * which coverage and exactness count as said: a year or decade by the
 * document's date ("1807", "1890s"), a surname written as a name by its
 * author ("Truman").  Case-folded, separated by spaces; NULL when none,
 * and always without stage 2. */
const char *wonk_hit_held(const wonk_hit *h);

/* Hit fields (all owned by the results). */
unsigned wonk_hit_rank(const wonk_hit *h);          /* 1-based, after offset */
double wonk_hit_score(const wonk_hit *h);
const char *wonk_hit_path(const wonk_hit *h);       /* as given to the indexer */
const char *wonk_hit_doc(const wonk_hit *h);        /* stable document id, hex */
unsigned wonk_hit_passage(const wonk_hit *h);       /* 0-based ordinal in doc */
uint64_t wonk_hit_start(const wonk_hit *h);         /* byte span in the document's
						       text (for a plain text
						       file: the file) */
uint64_t wonk_hit_end(const wonk_hit *h);
const char *wonk_hit_title(const wonk_hit *h);      /* never NULL */
/* Any field of the hit's document, or NULL when the document has none. */
const char *wonk_hit_field(const wonk_hit *h, wonk_field field);
/* The JSON record the passage came from (see wonk_extracted_record). */
unsigned long wonk_hit_record(const wonk_hit *h);
/* The passage text: valid UTF-8 (invalid bytes of the source are shown as
 * U+FFFD), *len (may be NULL) receives its length in bytes. */
const char *wonk_hit_text(const wonk_hit *h, size_t *len);
/* The matched words, as byte ranges [start, end) within the text, in order
 * and non-overlapping. */
size_t wonk_hit_highlight_count(const wonk_hit *h);
int wonk_hit_highlight(const wonk_hit *h, size_t i, size_t *start,
		       size_t *end); /* 0, or -1 when i is out of range */

#ifdef __cplusplus
}
#endif

#endif /* WONK_H */
