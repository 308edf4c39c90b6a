/*
 * index.c - opening an index and writing files into it.
 *
 * The on-disk layout, in one place.  An index is one Xapian (glass) database
 * holding one Xapian document per passage:
 *   terms     unprefixed: the analyzer's stems, each with its count in the
 *             passage and *no positions* (one term set; phrases, NEAR and
 *             exact forms are checked by re-analysing each candidate's
 *             stored text, so positions, 45% of a format-2 index, are not
 *             stored; Xapian runs a phrase or NEAR as an AND here);
 *             boolean, the same for every passage of a document:
 *             "P" + document id; "XF" + file id (a file's documents are
 *             replaced and removed by it); "T" + type; "Y" + year;
 *             "A" + each author word (folded form); "S" + each title word
 *             (stem); "XO" + each source word (folded form); "K" + each tag
 *             (folded words joined by one space);
 *             boolean, on a document's first passage only: "XS" + each
 *             author's surname (folded; author.h), which tells a search
 *             that a word names an author, at the cost of one term a
 *             document, not a passage.
 *   values    0 (WONK_SLOT_DOC): the document id, the key that collapses
 *             results to N passages per document;
 *             1 (WONK_SLOT_ORDINAL): the passage ordinal, 4 bytes big-endian;
 *             2 date (ISO 8601 as stored; year ranges and facets read
 *             its first four digits), 4 author, 5 source, 6 type: for
 *             range filters, sorting and facets (3, the year, is gone
 *             since format 4).
 *             7 (WONK_SLOT_RECORD): the passage record, which formats up
 *             to 3 kept as the document's data (xapian_shim.cc, record_of,
 *             says why).
 *   record    (record.h): text, byte span, ordinal, JSON
 *             record number, document id and title; the first passage's
 *             (ordinal 0) also holds the document's other fields (path,
 *             type, author, date, source, url, tags, description, lang),
 *             which other passages' hits take from it (search.c,
 *             fill_cards); once the index has a dictionary, packed
 *             against it (pack.h: a mark byte, 0x02 for zstd, 0x01 for
 *             format 4's deflate, the dictionary's id, the length, the
 *             stream).
 *   metadata  "wonk:format" = WONK_FORMAT;
 *             "wonk:abbreviations" = the shipped abbreviations' stems
 *             (synonyms.h), so that a search does not stem them again;
 *             "wonk:zdict" = the id (8 hex digits) of the dictionary new
 *             records are packed with; "wonk:zdict:" + id = a dictionary
 *             (format 4: "wonk:dict", "wonk:dict:" + id, for deflate);
 *             "acro:" + stem = a mined acronym's long form, with the
 *             reverse entries "acrolf:" + the long form's first
 *             stem + TAB + its others + TAB + the abbreviation's, and
 *             their mark "wonk:acro-reverse" (acronym_table.c);
 *             "F" + file id = the file's manifest entry (see below).
 * A file id is the 64-bit FNV-1a hash of the file's real path, as 16 hex
 * digits: stable across runs, machines that share paths, and shards.  A
 * file that is one document uses it as the document id too; a JSON record
 * is "realpath#N" hashed the same way.
 *
 * Writes go into a Xapian transaction that is committed between files once
 * WONK_COMMIT_PASSAGES passages have gathered, so a crash loses at most that
 * batch and never leaves part of a file in the index.  A document's
 * passages are built (analysed, packed, made Xapian documents) on a worker
 * thread while this one adds them (write_pipelined).  (Batches of 1,000,
 * 5,000 and 20,000 passages built no faster here than 2,000.)
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "author.h"
#include "extract.h"
#include "meta.h"
#include "record.h"
#include "wonk-private.h"

#define WONK_FORMAT "5"
/* Format 4 differs only in packing records with deflate (pack.h): it is
 * still searched and written, its records packed as they were. */
#define WONK_FORMAT_DEFLATE "4"
#define WONK_FORMAT_READ "3" /* the oldest format still searched */
#define WONK_COMMIT_PASSAGES 2000

/* The files an index directory holds: Xapian's glass backend's, including
 * those of a creation that was interrupted, and the user's synonyms file
 * (vocabulary.c). */
static int is_index_file(const char *name)
{
	size_t n = strlen(name);
	return !strcmp(name, "flintlock") || !strcmp(name, "iamglass") ||
	       !strcmp(name, "synonyms.txt") ||
	       (n > 6 && !strcmp(name + n - 6, ".glass")) || (n > 4 && !strcmp(name + n - 4, ".tmp"));
}

/* An existing directory that holds files other than an index's is not
 * ours: refuse it rather than scatter index files among someone's data.
 * (A directory of Xapian files alone is an index, perhaps one whose
 * creation was killed: that is ours to finish.) */
static int is_foreign_directory(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int foreign = 0;
	struct dirent *e;
	while (!foreign && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && !is_index_file(e->d_name))
			foreign = 1;
	closedir(d);
	return foreign;
}

/* A rebuild overwrites the database: never a sound Xapian database of
 * someone else's (one that reads well, holds documents and has no wonk
 * format stamp).  A damaged one is the rebuild's very purpose. */
static int holds_foreign_database(const char *dir)
{
	char probe[PATH_MAX];
	snprintf(probe, sizeof probe, "%s/iamglass", dir);
	if (access(probe, F_OK) != 0)
		return 0;
	wonk_xdb *db = NULL;
	char *err = NULL, *fmt = NULL;
	size_t len;
	uint64_t docs = 0;
	int foreign = wonk_xdb_open(dir, WONK_OPEN_READ, &db, &err) == WONK_OK &&
		      wonk_xdb_get_meta(db, "wonk:format", &fmt, &len, &err) == WONK_OK && !fmt &&
		      wonk_xdb_doccount(db, &docs, &err) == WONK_OK && docs > 0;
	free(fmt);
	free(err);
	wonk_xdb_close(db);
	return foreign;
}

static void give_errmsg(char **errmsg, char *msg)
{
	if (errmsg)
		*errmsg = msg;
	else
		free(msg);
}

/* Checks the format stamp of the database idx just opened, writing it on
 * a new, empty index opened to write; *codec is what its records are
 * packed with. */
static wonk_status check_format(wonk_index *idx, unsigned flags, wonk_pack_codec *codec,
				char **err)
{
	*codec = WONK_PACK_ZSTD;
	/* A writer's commit can discard the revision a reader just opened:
	 * reopen and read again. */
	char *fmt = NULL;
	size_t fmt_len;
	wonk_status st;
	for (int attempt = 0;; attempt++) {
		st = wonk_xdb_get_meta(idx->db, "wonk:format", &fmt, &fmt_len, err);
		if (!wonk_retry_modified(idx, st, attempt, err))
			break;
	}
	if (st != WONK_OK)
		return st;
	/* Format 3 differs only in repeating each document's fields in
	 * every passage and in a year value: it is still read as it is. */
	int readable = fmt && (strcmp(fmt, WONK_FORMAT) == 0 || strcmp(fmt, WONK_FORMAT_DEFLATE) == 0 ||
			       (!(flags & WONK_OPEN_WRITE) && strcmp(fmt, WONK_FORMAT_READ) == 0));
	if (fmt && strcmp(fmt, WONK_FORMAT_DEFLATE) == 0)
		*codec = WONK_PACK_DEFLATE;
	if (fmt && !readable) {
		/* An older format is rebuilt from the files; a newer one
		 * needs a newer wonk. */
		int older = strtol(fmt, NULL, 10) < strtol(WONK_FORMAT, NULL, 10);
		*err = older && idx->dir
			? wonk_strdup_printf("index format %s is older than this wonk's (format %s); "
					     "rebuild it with: wonk-index --rebuild -d %s PATH...",
					     fmt, WONK_FORMAT, idx->dir)
			: wonk_strdup_printf("index format %s; this wonk reads format %s", fmt,
					     WONK_FORMAT);
		free(fmt);
		return WONK_ERR_VERSION;
	}
	int known = fmt != NULL;
	free(fmt);
	if (known)
		return WONK_OK;
	uint64_t n = 0;
	st = wonk_xdb_doccount(idx->db, &n, err);
	if (st != WONK_OK)
		return st;
	if (n > 0) {
		*err = wonk_strdup_printf("a Xapian database, but not a wonk index");
		return WONK_ERR_VERSION;
	}
	if (flags & WONK_OPEN_WRITE) {
		st = wonk_xdb_set_meta(idx->db, "wonk:format", WONK_FORMAT, strlen(WONK_FORMAT),
				       err);
		if (st == WONK_OK)
			st = wonk_xdb_commit(idx->db, err);
	}
	return st;
}

/* A bare handle named name (for messages; NULL for none), with no
 * database yet. */
static wonk_index *index_new(const char *name, unsigned flags)
{
	wonk_index *idx = calloc(1, sizeof *idx);
	if (!idx)
		return NULL;
	idx->flags = flags;
	idx->batch = WONK_COMMIT_PASSAGES;
	wonk_passage_params_default(&idx->passage_params);
	if ((name && !(idx->dir = wonk_strndup(name, strlen(name)))) ||
	    !(idx->analyzer = wonk_analyzer_new()) || !(idx->pack = wonk_pack_new())) {
		wonk_analyzer_free(idx->analyzer);
		free(idx->dir);
		free(idx);
		return NULL;
	}
	return idx;
}

/* Frees a handle that never got as far as being handed out. */
static void index_discard(wonk_index *idx)
{
	if (!idx)
		return;
	wonk_xdb_close(idx->db);
	wonk_analyzer_free(idx->analyzer);
	wonk_pack_free(idx->pack);
	free(idx->dir);
	free(idx);
}

/* Prefixes err (taken) with the index's name; damage also says what helps:
 * a damaged index cannot be repaired in place. */
static char *name_error(const char *name, const char *dir, wonk_status st, char *err)
{
	if (!err)
		return NULL;
	char *full = st == WONK_ERR_CORRUPT && dir
		? wonk_strdup_printf("%s: %s; rebuild it with: wonk-index --rebuild -d %s PATH...",
				     name, err, dir)
		: wonk_strdup_printf("%s: %s", name, err);
	free(err);
	return full;
}

wonk_status wonk_index_adopt(const char *name, wonk_xdb *db, wonk_index **out,
			     char **errmsg)
{
	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	wonk_index *idx = index_new(name, WONK_OPEN_READ);
	if (!idx) {
		wonk_xdb_close(db);
		return WONK_ERR_NO_MEMORY;
	}
	idx->db = db;
	char *err = NULL;
	wonk_pack_codec codec;
	wonk_status st = check_format(idx, WONK_OPEN_READ, &codec, &err);
	if (st != WONK_OK) {
		give_errmsg(errmsg, name_error(name, NULL, st, err));
		index_discard(idx);
		return st;
	}
	*out = idx;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_index_open(const char *dir, unsigned flags,
					wonk_index **out, char **errmsg)
{
	char *err = NULL;
	wonk_status st;
	wonk_pack_codec codec = WONK_PACK_ZSTD;
	if (errmsg)
		*errmsg = NULL;
	if (!out)
		return WONK_ERR_INVALID_ARG;
	*out = NULL;
	if (!dir || !*dir ||
	    (flags & ~(WONK_OPEN_WRITE | WONK_OPEN_CREATE | WONK_OPEN_TRUNCATE | WONK_OPEN_WAIT |
		       WONK_OPEN_PARTIAL)) ||
	    ((flags & WONK_OPEN_TRUNCATE) && !(flags & WONK_OPEN_CREATE)) ||
	    ((flags & WONK_OPEN_PARTIAL) && (flags & WONK_OPEN_WRITE))) {
		give_errmsg(errmsg, wonk_strdup_printf("invalid arguments"));
		return WONK_ERR_INVALID_ARG;
	}
	/* A stub file naming shards, or a remote index: searched, never
	 * written. */
	struct stat sb;
	int is_file = stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode);
	if (is_file || wonk_shard_is_remote(dir)) {
		if (!(flags & WONK_OPEN_WRITE))
			return wonk_index_open_shards(&dir, 1, flags, out, errmsg);
		give_errmsg(errmsg, wonk_strdup_printf(
			is_file ? "%s: a file (a stub listing shards?), not an index directory; "
				  "shards are written one by one"
				: "%s: a remote index can be searched, not written",
			dir));
		return WONK_ERR_READ_ONLY;
	}
	if (!(flags & WONK_OPEN_CREATE) && stat(dir, &sb) < 0) {
		give_errmsg(errmsg, wonk_strdup_printf("%s: no index here (%s)", dir,
						       strerror(errno)));
		return WONK_ERR_NOT_FOUND;
	}
	if ((flags & WONK_OPEN_TRUNCATE) && holds_foreign_database(dir)) {
		give_errmsg(errmsg, wonk_strdup_printf(
			"%s: a Xapian database that is not a wonk index; refusing to overwrite it", dir));
		return WONK_ERR_VERSION;
	}
	if ((flags & WONK_OPEN_CREATE) && is_foreign_directory(dir)) {
		give_errmsg(errmsg, wonk_strdup_printf(
			"%s: directory exists and is not a wonk index; refusing to write into it", dir));
		return WONK_ERR_INVALID_ARG;
	}
	flags &= ~WONK_OPEN_PARTIAL;
	wonk_index *idx = index_new(dir, flags);
	if (!idx)
		return WONK_ERR_NO_MEMORY;
	/* Xapian writes its stamp file last: a directory of tables without it
	 * is a creation that was killed, never a database anyone used.  It is
	 * created afresh. */
	char stamp[PATH_MAX];
	snprintf(stamp, sizeof stamp, "%s/iamglass", dir);
	if ((flags & WONK_OPEN_CREATE) && access(stamp, F_OK) != 0 && access(dir, F_OK) == 0)
		flags |= WONK_OPEN_TRUNCATE;
	/* A writer's commit can discard the revision a reader is opening.
	 * A writer that waited for the lock may have waited on the lock file
	 * of an index that wonk_index_compact() has since put aside: Xapian
	 * then opens the tables of the directory now at that path under the
	 * old lock, which would let a second writer in.  It opens again. */
	for (int attempt = 0;; attempt++) {
		struct stat before, after;
		int waited = (flags & WONK_OPEN_WAIT) && stat(dir, &before) == 0;
		st = wonk_xdb_open(dir, flags, &idx->db, &err);
		if (st == WONK_OK && waited && attempt < WONK_MODIFIED_RETRIES &&
		    (stat(dir, &after) != 0 || after.st_ino != before.st_ino ||
		     after.st_dev != before.st_dev)) {
			wonk_xdb_close(idx->db);
			idx->db = NULL;
			continue;
		}
		if (st != WONK_ERR_MODIFIED || attempt == WONK_MODIFIED_RETRIES)
			break;
		free(err);
		err = NULL;
	}
	/* A database whose stamp file is there but whose tables cannot be
	 * opened is not missing: it is damaged. */
	if (st == WONK_ERR_NOT_FOUND && access(stamp, F_OK) == 0) {
		char *msg = wonk_strdup_printf("index is damaged: %s", err ? err : "a table is missing");
		free(err);
		err = msg;
		st = WONK_ERR_CORRUPT;
	}
	/* A stamp read while a writer rewrites its block may look missing or
	 * foreign: wonk_retry_damage. */
	for (int attempt = 0; st == WONK_OK; attempt++) {
		st = check_format(idx, flags, &codec, &err);
		if (!wonk_retry_damage(idx, st, attempt))
			break;
		free(err);
		err = NULL;
		st = WONK_OK; /* read the stamp again */
	}
	if (st != WONK_OK) {
		give_errmsg(errmsg, name_error(dir, dir, st, err));
		index_discard(idx);
		return st;
	}
	/* The shipped abbreviations, stemmed once here for every search;
	 * the dictionary new records are packed with. */
	if ((flags & WONK_OPEN_WRITE) && ((st = wonk_store_defaults(idx, &err)) != WONK_OK ||
					  (st = wonk_pack_load_current(idx->pack, idx->db, codec, &err)) != WONK_OK)) {
		give_errmsg(errmsg, name_error(dir, dir, st, err));
		index_discard(idx);
		return st;
	}
	*out = idx;
	return WONK_OK;
}

/* Commits a batch: visible to readers and safe from a killed process, but
 * not synced to the disk (the database is opened DB_NO_SYNC): that waits
 * for wonk_index_commit(). */
static wonk_status commit_batch(wonk_index *idx)
{
	char *err = NULL;
	wonk_status st = wonk_xdb_commit(idx->db, &err);
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	wonk_pack_committed(idx->pack);
	idx->pending = 0;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_index_commit(wonk_index *idx)
{
	if (!idx)
		return WONK_ERR_INVALID_ARG;
	if (!(idx->flags & WONK_OPEN_WRITE))
		return wonk_set_error(idx, WONK_ERR_READ_ONLY, "index is open read-only");
	wonk_status st = commit_batch(idx);
	if (st == WONK_OK && idx->dir && wonk_sync_dir(idx->dir) < 0)
		st = wonk_set_error(idx, WONK_ERR_IO, "%s: cannot sync the index to disk: %s",
				    idx->dir, strerror(errno));
	return st;
}

WONK_EXPORT wonk_status wonk_index_close(wonk_index *idx)
{
	if (!idx)
		return WONK_OK;
	wonk_status st = WONK_OK;
	if (idx->flags & WONK_OPEN_WRITE)
		st = wonk_index_commit(idx);
	wonk_xdb_close(idx->db);
	for (size_t i = 0; i < idx->nparts; i++)
		wonk_index_close(idx->parts[i]);
	free(idx->parts);
	for (size_t i = 0; i < idx->nskipped; i++)
		free(idx->skipped[i]);
	free(idx->skipped);
	wonk_analyzer_free(idx->analyzer);
	wonk_pack_free(idx->pack);
	wonk_field_map_clear(&idx->fields);
	wonk_synonyms_free(idx->syn);
	free(idx->errmsg);
	free(idx->dir);
	free(idx);
	return st;
}

WONK_EXPORT int wonk_path_is_indexable(const char *path)
{
	return path && wonk_extract_supported(path);
}

WONK_EXPORT wonk_status wonk_index_stats(wonk_index *idx, uint64_t *documents,
					 uint64_t *passages)
{
	if (!idx || !documents || !passages)
		return WONK_ERR_INVALID_ARG;
	char *err = NULL;
	wonk_status st;
	wonk_catch_up(idx);
	for (int attempt = 0;; attempt++) {
		st = wonk_xdb_doccount(idx->db, passages, &err);
		if (st == WONK_OK)
			st = wonk_xdb_count_prefix(idx->db, WONK_PREFIX_DOC, documents, &err);
		/* Counting documents walks every block of their ids, and one
		 * read while a writer rewrote it miscounts with no error
		 * (wonk_retry_damage): a count taken while a writer committed
		 * is taken again from the newer view. */
		if (st == WONK_OK && attempt < WONK_MODIFIED_RETRIES &&
		    !(idx->flags & WONK_OPEN_WRITE) && wonk_xdb_behind(idx->db))
			st = WONK_ERR_MODIFIED;
		if (!wonk_retry_modified(idx, st, attempt, &err))
			break;
	}
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	return WONK_OK;
}

int wonk_retry_modified(wonk_index *idx, wonk_status st, int attempt, char **err)
{
	if (st != WONK_ERR_MODIFIED || attempt >= WONK_MODIFIED_RETRIES)
		return 0;
	free(*err);
	*err = NULL;
	/* A failed reopen leaves the next attempt to report the error. */
	char *rerr = NULL;
	wonk_xdb_reopen(idx->db, &rerr);
	free(rerr);
	return 1;
}

int wonk_retry_damage(wonk_index *idx, wonk_status st, int attempt)
{
	if ((st != WONK_ERR_CORRUPT && st != WONK_ERR_NOT_FOUND && st != WONK_ERR_VERSION) ||
	    attempt >= WONK_MODIFIED_RETRIES || !idx || !idx->db || (idx->flags & WONK_OPEN_WRITE) ||
	    !wonk_xdb_behind(idx->db))
		return 0;
	char *rerr = NULL;
	wonk_xdb_reopen(idx->db, &rerr);
	free(rerr);
	return 1;
}

void wonk_catch_up(wonk_index *idx)
{
	if (!idx || !idx->db || (idx->flags & WONK_OPEN_WRITE) || !wonk_xdb_behind(idx->db))
		return;
	/* A failed open leaves the view as it was, for the call to use. */
	char *err = NULL;
	wonk_xdb_reopen(idx->db, &err);
	free(err);
}

/* ------------------------------------------------------ writing a passage */

typedef struct posting_ctx {
	wonk_xdoc *doc;
	const char *prefix;  /* NULL: the body's stems */
	int use_form;        /* index the folded form, not the stem */
	wonk_buf *joined;    /* when set, forms are gathered here instead */
	int failed;
} posting_ctx;

static int add_posting(void *ctx, const wonk_token *tok)
{
	posting_ctx *pc = ctx;
	if (pc->joined) {
		if (pc->joined->len)
			wonk_buf_append(pc->joined, " ", 1);
		wonk_buf_append(pc->joined, tok->form, tok->form_len);
		return 0;
	}
	if (!pc->prefix) {
		if (wonk_xdoc_add_term(pc->doc, tok->stem, tok->stem_len) < 0)
			goto fail;
		return 0;
	}
	char term[WONK_MAX_TERM_BYTES + 8];
	const char *w = pc->use_form ? tok->form : tok->stem;
	size_t wn = pc->use_form ? tok->form_len : tok->stem_len;
	size_t pn = strlen(pc->prefix);
	if (pn + wn >= sizeof term)
		return 0;
	memcpy(term, pc->prefix, pn);
	memcpy(term + pn, w, wn);
	if (wonk_xdoc_add_boolean(pc->doc, term, pn + wn) < 0)
		goto fail;
	return 0;
fail:
	pc->failed = 1;
	return 1;
}

/* Indexes the words of a metadata field under prefix, as folded forms
 * (names) or stems (titles). */
static int add_field_words(wonk_index *idx, wonk_xdoc *xd, const char *prefix,
			   int use_form, const char *value)
{
	if (!value)
		return 0;
	posting_ctx pc = {xd, prefix, use_form, NULL, 0};
	int rc = wonk_analyze(idx->analyzer, value, strlen(value), 0, add_posting, &pc, NULL);
	return rc < 0 || pc.failed ? -1 : 0;
}

/* Each tag is one term (folded words joined by single spaces), so
 * tag:"arms control" matches that tag and not two others. */
static int add_tags(wonk_index *idx, wonk_xdoc *xd, const char *tags)
{
	for (const char *p = tags; p && *p;) {
		const char *sep = strstr(p, "; ");
		size_t n = sep ? (size_t)(sep - p) : strlen(p);
		wonk_buf words = {0}, term = {0};
		posting_ctx pc = {xd, NULL, 1, &words, 0};
		int rc = wonk_analyze(idx->analyzer, p, n, 0, add_posting, &pc, NULL);
		wonk_buf_append(&term, WONK_PREFIX_TAG, strlen(WONK_PREFIX_TAG));
		wonk_buf_append(&term, words.data ? words.data : "", words.len);
		int bad = rc < 0 || words.failed || term.failed;
		if (!bad && words.len && term.len <= 200)
			bad = wonk_xdoc_add_boolean(xd, term.data, term.len) < 0;
		wonk_buf_free(&words);
		wonk_buf_free(&term);
		if (bad)
			return -1;
		p = sep ? sep + 2 : NULL;
	}
	return 0;
}

static int set_string_value(wonk_xdoc *xd, unsigned slot, const char *v)
{
	return v ? wonk_xdoc_set_value(xd, slot, v, strlen(v)) : 0;
}

/* The terms and values that let queries filter, sort and count by
 * metadata; the same for every passage of a document. */
static int add_metadata_terms(wonk_index *idx, wonk_xdoc *xd, const wonk_document *doc)
{
	const wonk_meta *m = &doc->meta;
	char term[16];
	int n = snprintf(term, sizeof term, WONK_PREFIX_TYPE "%s", doc->type);
	if (wonk_xdoc_add_boolean(xd, term, (size_t)n) < 0 ||
	    set_string_value(xd, WONK_SLOT_TYPE, doc->type) < 0 ||
	    add_field_words(idx, xd, WONK_PREFIX_AUTHOR, 1, m->author) < 0 ||
	    add_field_words(idx, xd, WONK_PREFIX_TITLE, 0, m->title) < 0 ||
	    add_field_words(idx, xd, WONK_PREFIX_SOURCE, 1, m->source) < 0 ||
	    add_tags(idx, xd, m->tags) < 0 ||
	    set_string_value(xd, WONK_SLOT_AUTHOR, m->author) < 0 ||
	    set_string_value(xd, WONK_SLOT_SOURCE, m->source) < 0 ||
	    set_string_value(xd, WONK_SLOT_DATE, m->date) < 0)
		return -1;
	if (m->date && strlen(m->date) >= 4) {
		n = snprintf(term, sizeof term, WONK_PREFIX_YEAR "%.4s", m->date);
		if (wonk_xdoc_add_boolean(xd, term, (size_t)n) < 0)
			return -1;
	}
	return 0;
}

/* The first passage marks its authors' surnames (author.h). */
static int add_surname(void *ctx, const char *form, size_t len)
{
	char term[WONK_MAX_TERM_BYTES + 8];
	size_t pn = strlen(WONK_PREFIX_SURNAME);
	if (pn + len >= sizeof term)
		return 0;
	memcpy(term, WONK_PREFIX_SURNAME, pn);
	memcpy(term + pn, form, len);
	return wonk_xdoc_add_boolean(ctx, term, pn + len) < 0 ? -1 : 0;
}

/* Where a document's passages come from and who it is. */
typedef struct doc_ident {
	const char *path;    /* as given */
	char docid[17];      /* hex */
	char file_term[24];  /* XF + file id */
} doc_ident;

/* Builds the Xapian document for one passage into *out.  It touches
 * nothing of the index but its analyzer and packer (and the database only
 * while the packer is still sampling), so, once the packer has its
 * dictionary, it may run on a worker thread while the writer adds. */
static wonk_status build_passage(wonk_index *idx, const wonk_document *doc,
				 const doc_ident *id, const wonk_span *span,
				 uint32_t ordinal, wonk_xdoc **out, char **err)
{
	wonk_status st = WONK_ERR_NO_MEMORY;
	wonk_buf data = {0}, packed = {0};
	size_t text_len = 0;
	*out = NULL;
	*err = NULL;
	char *text = wonk_utf8_repair(doc->body + span->start,
				      span->end - span->start, &text_len);
	wonk_xdoc *xd = wonk_xdoc_new();
	if (!text || !xd)
		goto done;

	posting_ctx pc = {xd, NULL, 0, NULL, 0};
	int rc = wonk_analyze(idx->analyzer, doc->body + span->start,
			      span->end - span->start, 0, add_posting, &pc, NULL);
	if (rc < 0 || pc.failed)
		goto done;

	char term[32];
	int tn = snprintf(term, sizeof term, WONK_PREFIX_DOC "%s", id->docid);
	unsigned char ord[4] = {(unsigned char)(ordinal >> 24), (unsigned char)(ordinal >> 16),
				(unsigned char)(ordinal >> 8), (unsigned char)ordinal};
	wonk_record rec = {
		.text = text, .text_len = text_len,
		.start = span->start, .end = span->end, .ordinal = ordinal,
		.record = doc->record,
	};
	/* The document's fields go in its first passage's record only (its
	 * "card"): the others carry its id and title, all stage 2 needs, and
	 * a hit shown finds the rest there (search.c, fill_cards). */
	for (unsigned f = 0; f < WONK_FIELD_LAST && ordinal == 0; f++)
		rec.field[f] = wonk_document_field(doc, (wonk_field)f);
	rec.field[WONK_FIELD_TITLE] = wonk_document_field(doc, WONK_FIELD_TITLE);
	rec.field[WONK_FIELD_DOC] = id->docid;
	if (ordinal == 0)
		rec.field[WONK_FIELD_PATH] = id->path;
	wonk_record_encode(&rec, &data);
	if (!data.failed) {
		st = wonk_pack_record(idx->pack, idx->db, data.data, data.len, &packed, err);
		if (st != WONK_OK)
			goto done;
		st = WONK_ERR_NO_MEMORY;
	}
	if (data.failed || packed.failed ||
	    wonk_xdoc_add_boolean(xd, term, (size_t)tn) < 0 ||
	    wonk_xdoc_add_boolean(xd, id->file_term, strlen(id->file_term)) < 0 ||
	    add_metadata_terms(idx, xd, doc) < 0 ||
	    (ordinal == 0 &&
	     wonk_author_surnames(idx->analyzer, doc->meta.author, add_surname, xd) != 0) ||
	    wonk_xdoc_set_value(xd, WONK_SLOT_DOC, id->docid, strlen(id->docid)) < 0 ||
	    wonk_xdoc_set_value(xd, WONK_SLOT_ORDINAL, (const char *)ord, 4) < 0 ||
	    wonk_xdoc_set_value(xd, WONK_SLOT_RECORD, packed.data, packed.len) < 0)
		goto done;
	st = WONK_OK;
	*out = xd;
	xd = NULL;
done:
	free(text);
	wonk_xdoc_free(xd);
	wonk_buf_free(&data);
	wonk_buf_free(&packed);
	return st;
}

/* Adds a built passage (or reports why it could not be built); xd stays
 * the caller's to free. */
static wonk_status add_passage(wonk_index *idx, const wonk_xdoc *xd, wonk_status st, char *err)
{
	if (st == WONK_OK)
		st = wonk_xdb_add(idx->db, xd, &err);
	if (st == WONK_ERR_NO_MEMORY && !err)
		return wonk_set_error(idx, st, "out of memory");
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	free(err);
	return WONK_OK;
}

/* Passages built ahead of the writer, at most. */
#define WONK_PIPE_AHEAD 32
/* Fewer passages than this are not worth a thread. */
#define WONK_PIPE_MIN 8

/* A worker builds a document's passages while the calling thread adds
 * them, in order (Xapian's writer is the slower half: two cores, two
 * halves).  Slot i % WONK_PIPE_AHEAD holds passage i from built to taken,
 * and then, added, until the worker frees it to build passage i +
 * WONK_PIPE_AHEAD there: freeing a Xapian document is a tenth of the
 * writer's time, so the worker does it. */
typedef struct pipeline {
	wonk_index *idx;
	const wonk_document *doc;
	const doc_ident *id;
	const wonk_span *spans;
	size_t n;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t built, taken;
	int stop;
	wonk_xdoc *xd[WONK_PIPE_AHEAD];
	wonk_xdoc *added[WONK_PIPE_AHEAD];
	wonk_status st[WONK_PIPE_AHEAD];
	char *err[WONK_PIPE_AHEAD];
} pipeline;

static void *pipeline_worker(void *arg)
{
	pipeline *pl = arg;
	for (size_t i = 0; i < pl->n; i++) {
		pthread_mutex_lock(&pl->mu);
		while (!pl->stop && pl->built - pl->taken >= WONK_PIPE_AHEAD)
			pthread_cond_wait(&pl->cv, &pl->mu);
		int stop = pl->stop;
		wonk_xdoc *added = pl->added[i % WONK_PIPE_AHEAD];
		pl->added[i % WONK_PIPE_AHEAD] = NULL;
		pthread_mutex_unlock(&pl->mu);
		wonk_xdoc_free(added);
		if (stop)
			break;
		wonk_xdoc *xd;
		char *err;
		wonk_status st = build_passage(pl->idx, pl->doc, pl->id, &pl->spans[i],
					       (uint32_t)i, &xd, &err);
		pthread_mutex_lock(&pl->mu);
		pl->xd[i % WONK_PIPE_AHEAD] = xd;
		pl->st[i % WONK_PIPE_AHEAD] = st;
		pl->err[i % WONK_PIPE_AHEAD] = err;
		pl->built++;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
		if (st != WONK_OK)
			break;
	}
	return NULL;
}

/* Writes spans[0, n) through a pipeline; 1 when no thread could be
 * started (the caller writes them itself), else 0 with *st set. */
static int write_pipelined(wonk_index *idx, const wonk_document *doc, const doc_ident *id,
			   const wonk_span *spans, size_t n, wonk_status *st)
{
	pipeline *pl = calloc(1, sizeof *pl);
	if (!pl)
		return 1;
	*pl = (pipeline){.idx = idx, .doc = doc, .id = id, .spans = spans, .n = n};
	pthread_t worker;
	if (pthread_mutex_init(&pl->mu, NULL) != 0) {
		free(pl);
		return 1;
	}
	if (pthread_cond_init(&pl->cv, NULL) != 0) {
		pthread_mutex_destroy(&pl->mu);
		free(pl);
		return 1;
	}
	if (pthread_create(&worker, NULL, pipeline_worker, pl) != 0) {
		pthread_cond_destroy(&pl->cv);
		pthread_mutex_destroy(&pl->mu);
		free(pl);
		return 1;
	}
	*st = WONK_OK;
	for (size_t i = 0; i < n && *st == WONK_OK; i++) {
		pthread_mutex_lock(&pl->mu);
		while (pl->built <= i)
			pthread_cond_wait(&pl->cv, &pl->mu);
		wonk_xdoc *xd = pl->xd[i % WONK_PIPE_AHEAD];
		wonk_status bst = pl->st[i % WONK_PIPE_AHEAD];
		char *err = pl->err[i % WONK_PIPE_AHEAD];
		pl->xd[i % WONK_PIPE_AHEAD] = NULL;
		pl->err[i % WONK_PIPE_AHEAD] = NULL;
		pthread_mutex_unlock(&pl->mu);
		*st = add_passage(idx, xd, bst, err);
		pthread_mutex_lock(&pl->mu);
		pl->added[i % WONK_PIPE_AHEAD] = xd;
		pl->taken++;
		pthread_cond_broadcast(&pl->cv);
		pthread_mutex_unlock(&pl->mu);
	}
	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	pthread_join(worker, NULL);
	/* The last passages added, and what was built but not taken after a
	 * failure. */
	for (size_t k = 0; k < WONK_PIPE_AHEAD; k++) {
		wonk_xdoc_free(pl->added[k]);
		wonk_xdoc_free(pl->xd[k]);
		free(pl->err[k]);
	}
	pthread_cond_destroy(&pl->cv);
	pthread_mutex_destroy(&pl->mu);
	free(pl);
	return 0;
}

/* Writes every passage of one document; *passages counts them. */
static wonk_status write_document(wonk_index *idx, const wonk_document *doc,
				  const doc_ident *id, uint64_t *passages)
{
	wonk_span *spans = NULL;
	size_t nspans = 0;
	if (wonk_split_passages(doc->body, doc->body_len, &idx->passage_params, &spans,
				&nspans) < 0)
		return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "%s: out of memory", id->path);
	wonk_status st = wonk_mine_acronyms(idx, doc->body, doc->body_len);
	/* A worker builds passages only once the packer has its dictionary:
	 * until then building one may write the dictionary into the index. */
	if (st == WONK_OK && nspans >= WONK_PIPE_MIN && wonk_pack_has_dict(idx->pack) &&
	    write_pipelined(idx, doc, id, spans, nspans, &st) == 0) {
		/* written, or failed: st says */
	} else {
		for (size_t i = 0; i < nspans && st == WONK_OK; i++) {
			wonk_xdoc *xd;
			char *err;
			wonk_status bst = build_passage(idx, doc, id, &spans[i], (uint32_t)i, &xd,
							&err);
			st = add_passage(idx, xd, bst, err);
			wonk_xdoc_free(xd);
		}
	}
	free(spans);
	*passages += nspans;
	return st;
}

/* -------------------------------------------------------- the manifest */

/* One metadata entry per indexed file, under "F" + file id:
 *   "size mtime_s mtime_ns hash documents passages" NUL realpath NUL path
 * (NUL-separated because paths may hold any other byte). */
typedef struct manifest_entry {
	uint64_t size;
	int64_t mtime_s, mtime_ns;
	uint64_t hash;
	uint64_t documents, passages;
	const char *realpath, *path; /* point into the value read */
} manifest_entry;

static int parse_manifest(const char *val, size_t len, manifest_entry *m)
{
	if (sscanf(val, "%" SCNu64 " %" SCNd64 " %" SCNd64 " %" SCNx64 " %" SCNu64 " %" SCNu64,
		   &m->size, &m->mtime_s, &m->mtime_ns, &m->hash, &m->documents,
		   &m->passages) != 6)
		return -1;
	size_t a = strlen(val) + 1;
	if (a >= len)
		return -1;
	m->realpath = val + a;
	size_t b = a + strlen(m->realpath) + 1;
	if (b >= len)
		return -1;
	m->path = val + b;
	return 0;
}

static wonk_status write_manifest(wonk_index *idx, const char *key, const manifest_entry *m)
{
	char head[160];
	int hn = snprintf(head, sizeof head,
			  "%" PRIu64 " %" PRId64 " %" PRId64 " %016" PRIx64 " %" PRIu64 " %" PRIu64,
			  m->size, m->mtime_s, m->mtime_ns, m->hash, m->documents, m->passages);
	wonk_buf v = {0};
	wonk_buf_append(&v, head, (size_t)hn + 1);
	wonk_buf_append(&v, m->realpath, strlen(m->realpath) + 1);
	wonk_buf_append(&v, m->path, strlen(m->path));
	if (v.failed) {
		wonk_buf_free(&v);
		return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	}
	char *err = NULL;
	wonk_status st = wonk_xdb_set_meta(idx->db, key, v.data, v.len, &err);
	wonk_buf_free(&v);
	return st == WONK_OK ? st : wonk_take_error(idx, st, err);
}

static wonk_status ensure_transaction(wonk_index *idx)
{
	char *err = NULL;
	if (wonk_xdb_in_transaction(idx->db))
		return WONK_OK;
	wonk_status st = wonk_xdb_begin(idx->db, &err);
	return st == WONK_OK ? st : wonk_take_error(idx, st, err);
}

/* A file's identity: the real path of an existing file, or, for one that
 * is gone, the real path of its directory plus its name. */
static int file_identity(const char *path, char real[PATH_MAX])
{
	if (realpath(path, real))
		return 0;
	const char *slash = strrchr(path, '/');
	char dir[PATH_MAX];
	const char *base = slash ? slash + 1 : path;
	if (slash) {
		size_t n = (size_t)(slash - path);
		if (n == 0)
			n = 1; /* "/name" */
		if (n >= sizeof dir)
			return -1;
		memcpy(dir, path, n);
		dir[n] = '\0';
	} else {
		strcpy(dir, ".");
	}
	char rdir[PATH_MAX];
	if (!*base || !realpath(dir, rdir))
		return -1;
	size_t dn = strlen(rdir), bn = strlen(base);
	int root = strcmp(rdir, "/") == 0;
	if (dn + bn + 2 > PATH_MAX)
		return -1;
	memcpy(real, rdir, dn);
	if (!root)
		real[dn++] = '/';
	memcpy(real + dn, base, bn + 1);
	return 0;
}

static void file_key(const char *real, char key[20], char file_term[24])
{
	uint64_t h = wonk_hash64(real, strlen(real));
	snprintf(key, 20, "F%016" PRIx64, h);
	snprintf(file_term, 24, WONK_PREFIX_FILE "%016" PRIx64, h);
}

/* A record's document id: its file's id for a file that is one document,
 * else the hash of the real path and the record number. */
static void document_id(const char *real, unsigned long record, char docid[17])
{
	uint64_t h = wonk_hash64(real, strlen(real));
	if (record) {
		char num[24];
		int n = snprintf(num, sizeof num, "#%lu", record);
		/* FNV-1a continued over "#N": as if hashing "realpath#N". */
		for (int i = 0; i < n; i++) {
			h ^= (unsigned char)num[i];
			h *= 0x100000001b3ULL;
		}
	}
	snprintf(docid, 17, "%016" PRIx64, h);
}

/* -------------------------------------------------------- adding a file */

WONK_EXPORT wonk_status wonk_index_add_file(wonk_index *idx, const char *path,
					    wonk_add_report *report)
{
	wonk_add_report dummy;
	if (!report)
		report = &dummy;
	memset(report, 0, sizeof *report);
	report->outcome = WONK_ADD_SKIPPED;
	if (!idx || !path || !*path)
		return WONK_ERR_INVALID_ARG;
	if (!(idx->flags & WONK_OPEN_WRITE))
		return wonk_set_error(idx, WONK_ERR_READ_ONLY, "index is open read-only");
	if (!wonk_extract_supported(path))
		return wonk_set_error(idx, WONK_ERR_UNSUPPORTED,
				      "%s: not a file type wonk indexes", path);

	char real[PATH_MAX];
	struct stat sb;
	if (!realpath(path, real) || stat(real, &sb) < 0)
		return wonk_set_error(idx, errno == ENOENT ? WONK_ERR_NOT_FOUND : WONK_ERR_IO,
				      "%s: %s", path, strerror(errno));
	char key[20], file_term[24];
	file_key(real, key, file_term);

	char *err = NULL, *old = NULL;
	size_t old_len;
	wonk_status st = wonk_xdb_get_meta(idx->db, key, &old, &old_len, &err);
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	manifest_entry m;
	int known = old && parse_manifest(old, old_len, &m) == 0;
	if (known && m.size == (uint64_t)sb.st_size && m.mtime_s == (int64_t)sb.st_mtim.tv_sec &&
	    m.mtime_ns == (int64_t)sb.st_mtim.tv_nsec) {
		free(old);
		report->outcome = WONK_ADD_UNCHANGED;
		return WONK_OK;
	}

	char *data = NULL;
	size_t len = 0;
	wonk_extraction x;
	memset(&x, 0, sizeof x);
	int touched = 0; /* this file's changes have begun */
	st = wonk_read_file(path, &data, &len, &err);
	if (st != WONK_OK)
		goto bad_file;
	uint64_t hash = wonk_hash64(data, len);
	report->bytes = len;
	if (known && hash == m.hash) {
		/* Touched, or copied back unchanged: only the stat changed. */
		free(data);
		m.size = (uint64_t)sb.st_size;
		m.mtime_s = (int64_t)sb.st_mtim.tv_sec;
		m.mtime_ns = (int64_t)sb.st_mtim.tv_nsec;
		st = ensure_transaction(idx);
		if (st == WONK_OK)
			st = write_manifest(idx, key, &m);
		free(old);
		report->outcome = WONK_ADD_UNCHANGED;
		report->bytes = 0;
		return st;
	}
	st = wonk_extract_buffer(path, data, len, &idx->fields, &x, &err);
	if (st != WONK_OK)
		goto bad_file;

	st = ensure_transaction(idx);
	if (st != WONK_OK)
		goto done;
	touched = 1;
	if (known) {
		st = wonk_xdb_delete_term(idx->db, file_term, &err);
		if (st != WONK_OK) {
			wonk_take_error(idx, st, err);
			goto done;
		}
	}
	uint64_t passages = 0;
	doc_ident id = {.path = path};
	strcpy(id.file_term, file_term);
	for (size_t i = 0; i < x.ndocs && st == WONK_OK; i++) {
		document_id(real, x.docs[i].record, id.docid);
		st = write_document(idx, &x.docs[i], &id, &passages);
	}
	if (st != WONK_OK)
		goto done;
	manifest_entry nm = {
		.size = (uint64_t)sb.st_size, .mtime_s = (int64_t)sb.st_mtim.tv_sec,
		.mtime_ns = (int64_t)sb.st_mtim.tv_nsec, .hash = hash,
		.documents = x.ndocs, .passages = passages, .realpath = real, .path = path,
	};
	st = write_manifest(idx, key, &nm);
	if (st != WONK_OK)
		goto done;
	report->outcome = known ? WONK_ADD_UPDATED : WONK_ADD_ADDED;
	report->passages = passages;
	report->documents = x.ndocs;
	report->bad_records = x.bad_records;
	if (x.bad_records)
		wonk_set_error(idx, WONK_OK, "%s: %zu malformed record%s skipped (%s)", path,
			       x.bad_records, x.bad_records == 1 ? "" : "s",
			       x.bad_reason ? x.bad_reason : "malformed");
	idx->pending += passages;
	if (idx->pending >= idx->batch)
		st = commit_batch(idx);
	goto done;
bad_file:
	st = wonk_set_error(idx, st, "%s: %s", path, err ? err : wonk_status_string(st));
	free(err);
	err = NULL;
done:
	/* A file whose passages could not all be written must not land in
	 * part: drop the whole uncommitted batch (its files are not in the
	 * manifest either, so the next run redoes them). */
	if (st != WONK_OK && touched && wonk_xdb_in_transaction(idx->db)) {
		char *cerr = NULL;
		wonk_xdb_cancel(idx->db, &cerr);
		free(cerr);
		wonk_pack_cancelled(idx->pack);
		idx->pending = 0;
	}
	free(old);
	wonk_extraction_clear(&x);
	return st;
}

/* ------------------------------------------------- removing and pruning */

/* Deletes a file's documents and its manifest entry. */
static wonk_status remove_entry(wonk_index *idx, const char *key)
{
	char file_term[24];
	snprintf(file_term, sizeof file_term, WONK_PREFIX_FILE "%s", key + 1);
	char *err = NULL;
	wonk_status st = ensure_transaction(idx);
	if (st != WONK_OK)
		return st;
	st = wonk_xdb_delete_term(idx->db, file_term, &err);
	if (st == WONK_OK)
		st = wonk_xdb_set_meta(idx->db, key, "", 0, &err); /* empty deletes */
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	idx->pending++;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_index_remove_file(wonk_index *idx, const char *path)
{
	if (!idx || !path || !*path)
		return WONK_ERR_INVALID_ARG;
	if (!(idx->flags & WONK_OPEN_WRITE))
		return wonk_set_error(idx, WONK_ERR_READ_ONLY, "index is open read-only");
	char real[PATH_MAX], key[20], file_term[24];
	if (file_identity(path, real) < 0)
		return wonk_set_error(idx, WONK_ERR_NOT_FOUND, "%s: not in the index", path);
	file_key(real, key, file_term);
	char *old = NULL, *err = NULL;
	size_t len;
	wonk_status st = wonk_xdb_get_meta(idx->db, key, &old, &len, &err);
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	free(old);
	if (!old)
		return wonk_set_error(idx, WONK_ERR_NOT_FOUND, "%s: not in the index", path);
	st = remove_entry(idx, key);
	if (st == WONK_OK && idx->pending >= idx->batch)
		st = commit_batch(idx);
	return st;
}

typedef struct key_list {
	char **keys;
	size_t n, cap;
	size_t len;      /* keep keys of this length only; 0: all */
	int failed;
} key_list;

static int collect_key(void *ctx, const char *key, size_t len)
{
	key_list *kl = ctx;
	if (kl->len && len != kl->len)
		return 0;
	if (kl->n == kl->cap) {
		size_t cap = kl->cap ? kl->cap * 2 : 256;
		char **k = realloc(kl->keys, cap * sizeof *k);
		if (!k) {
			kl->failed = 1;
			return 1;
		}
		kl->keys = k;
		kl->cap = cap;
	}
	kl->keys[kl->n] = wonk_strndup(key, len);
	if (!kl->keys[kl->n]) {
		kl->failed = 1;
		return 1;
	}
	kl->n++;
	return 0;
}

wonk_status wonk_metadata_keys(wonk_index *idx, const char *prefix, size_t len,
			       char ***keys, size_t *n)
{
	key_list kl = {.len = len};
	char *err = NULL;
	wonk_status st;
	*keys = NULL;
	*n = 0;
	for (int attempt = 0;; attempt++) {
		st = wonk_xdb_meta_keys(idx->db, prefix, collect_key, &kl, &err);
		if (!wonk_retry_modified(idx, st, attempt, &err))
			break;
		wonk_free_keys(kl.keys, kl.n);
		kl = (key_list){.len = len};
	}
	if (st == WONK_OK && kl.failed)
		st = wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	else if (st != WONK_OK)
		wonk_take_error(idx, st, err);
	if (st != WONK_OK) {
		wonk_free_keys(kl.keys, kl.n);
		return st;
	}
	*keys = kl.keys;
	*n = kl.n;
	return WONK_OK;
}

void wonk_free_keys(char **keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

WONK_EXPORT wonk_status wonk_index_prune(wonk_index *idx, wonk_prune_fn fn, void *ctx,
					 uint64_t *removed)
{
	if (removed)
		*removed = 0;
	if (!idx)
		return WONK_ERR_INVALID_ARG;
	if (!(idx->flags & WONK_OPEN_WRITE))
		return wonk_set_error(idx, WONK_ERR_READ_ONLY, "index is open read-only");
	/* Keys first, changes after: metadata must not change under the
	 * iterator.  A manifest key is "F" + 16 hex digits. */
	key_list kl = {0};
	char *err = NULL;
	wonk_status st = wonk_metadata_keys(idx, "F", 17, &kl.keys, &kl.n);
	for (size_t i = 0; i < kl.n && st == WONK_OK; i++) {
		char *val = NULL;
		size_t len;
		manifest_entry m;
		st = wonk_xdb_get_meta(idx->db, kl.keys[i], &val, &len, &err);
		if (st != WONK_OK) {
			wonk_take_error(idx, st, err);
			break;
		}
		struct stat sb;
		if (val && parse_manifest(val, len, &m) == 0 && stat(m.realpath, &sb) < 0 &&
		    (errno == ENOENT || errno == ENOTDIR)) {
			st = remove_entry(idx, kl.keys[i]);
			if (st == WONK_OK && removed)
				++*removed;
			if (st == WONK_OK && fn && fn(ctx, m.path)) {
				free(val);
				break;
			}
		}
		free(val);
	}
	wonk_free_keys(kl.keys, kl.n);
	if (st == WONK_OK && idx->pending >= idx->batch)
		st = commit_batch(idx);
	return st;
}

WONK_EXPORT wonk_status wonk_index_map_field(wonk_index *idx, const char *field,
					     const char *key)
{
	if (!idx || !field || !key)
		return WONK_ERR_INVALID_ARG;
	int rc = wonk_field_map_set(&idx->fields, field, key);
	if (rc == -2)
		return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	if (rc < 0)
		return wonk_set_error(idx, WONK_ERR_INVALID_ARG,
				      "unknown field '%s' (title, author, date, source, url, "
				      "tags or body)", field);
	return WONK_OK;
}

/* ------------------------------------------------- in-memory documents */

struct wonk_doc {
	wonk_document d;
};

WONK_EXPORT wonk_status wonk_doc_new(wonk_doc **out)
{
	if (!out)
		return WONK_ERR_INVALID_ARG;
	*out = calloc(1, sizeof **out);
	if (!*out)
		return WONK_ERR_NO_MEMORY;
	(*out)->d.type = "text";
	return WONK_OK;
}

WONK_EXPORT void wonk_doc_destroy(wonk_doc *doc)
{
	if (!doc)
		return;
	wonk_document_clear(&doc->d);
	free(doc);
}

WONK_EXPORT wonk_status wonk_doc_set_field(wonk_doc *doc, wonk_field field, const char *value)
{
	if (!doc)
		return WONK_ERR_INVALID_ARG;
	wonk_meta *m = &doc->d.meta;
	char **slot = field == WONK_FIELD_TITLE ? &m->title
		    : field == WONK_FIELD_AUTHOR ? &m->author
		    : field == WONK_FIELD_DATE ? &m->date
		    : field == WONK_FIELD_SOURCE ? &m->source
		    : field == WONK_FIELD_URL ? &m->url
		    : field == WONK_FIELD_TAGS ? &m->tags
		    : field == WONK_FIELD_DESCRIPTION ? &m->description
		    : field == WONK_FIELD_LANG ? &m->lang : NULL;
	if (!slot)
		return WONK_ERR_INVALID_ARG;
	char *v = NULL;
	if (value && field == WONK_FIELD_DATE) {
		v = wonk_date_iso(value, strlen(value));
		if (!v)
			return WONK_ERR_INVALID_ARG;
	} else if (value) {
		v = wonk_meta_clean(value, strlen(value));
		if (!v && *value && strspn(value, " \t\r\n") < strlen(value))
			return WONK_ERR_NO_MEMORY;
	}
	free(*slot);
	*slot = v;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_doc_set_text(wonk_doc *doc, const char *text, size_t len)
{
	if (!doc || (!text && len))
		return WONK_ERR_INVALID_ARG;
	char *copy = malloc(len + 1);
	if (!copy)
		return WONK_ERR_NO_MEMORY;
	if (len)
		memcpy(copy, text, len);
	copy[len] = '\0';
	free(doc->d.body);
	doc->d.body = copy;
	doc->d.body_len = len;
	return WONK_OK;
}

/* An in-memory document's file term: the hash of its key, marked so that
 * it can never equal a file's real path. */
static void key_ident(const char *key, doc_ident *id)
{
	char *name = wonk_strdup_printf("mem:%s", key);
	uint64_t h = name ? wonk_hash64(name, strlen(name)) : 0;
	free(name);
	snprintf(id->docid, sizeof id->docid, "%016" PRIx64, h);
	snprintf(id->file_term, sizeof id->file_term, WONK_PREFIX_FILE "%016" PRIx64, h);
	id->path = key;
}

WONK_EXPORT wonk_status wonk_index_add_document(wonk_index *idx, const char *key,
						const wonk_doc *doc, wonk_add_report *report)
{
	wonk_add_report dummy;
	if (!report)
		report = &dummy;
	memset(report, 0, sizeof *report);
	report->outcome = WONK_ADD_SKIPPED;
	if (!idx || !key || !*key || !doc)
		return WONK_ERR_INVALID_ARG;
	if (!(idx->flags & WONK_OPEN_WRITE))
		return wonk_set_error(idx, WONK_ERR_READ_ONLY, "index is open read-only");
	if (!doc->d.body)
		return wonk_set_error(idx, WONK_ERR_INVALID_ARG, "%s: the document has no text", key);
	doc_ident id;
	key_ident(key, &id);
	uint64_t before = 0;
	char *err = NULL;
	wonk_status st = wonk_xdb_termfreq(idx->db, id.file_term, &before, &err);
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	/* Without a title, a document is known by its key. */
	wonk_document d = doc->d;
	if (!d.meta.title)
		d.meta.title = (char *)key;
	st = ensure_transaction(idx);
	if (st != WONK_OK)
		return st;
	if (before)
		st = wonk_xdb_delete_term(idx->db, id.file_term, &err);
	if (st != WONK_OK) {
		wonk_take_error(idx, st, err);
	} else {
		uint64_t passages = 0;
		st = write_document(idx, &d, &id, &passages);
		report->passages = passages;
		idx->pending += passages;
	}
	if (st != WONK_OK) {
		char *cerr = NULL;
		wonk_xdb_cancel(idx->db, &cerr);
		free(cerr);
		wonk_pack_cancelled(idx->pack);
		idx->pending = 0;
		report->passages = 0;
		return st;
	}
	report->outcome = before ? WONK_ADD_UPDATED : WONK_ADD_ADDED;
	report->documents = 1;
	report->bytes = doc->d.body_len;
	if (idx->pending >= idx->batch)
		st = commit_batch(idx);
	return st;
}

WONK_EXPORT wonk_status wonk_index_delete_document(wonk_index *idx, const char *key)
{
	if (!idx || !key || !*key)
		return WONK_ERR_INVALID_ARG;
	if (!(idx->flags & WONK_OPEN_WRITE))
		return wonk_set_error(idx, WONK_ERR_READ_ONLY, "index is open read-only");
	doc_ident id;
	key_ident(key, &id);
	uint64_t n = 0;
	char *err = NULL;
	wonk_status st = wonk_xdb_termfreq(idx->db, id.file_term, &n, &err);
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	if (n == 0)
		return wonk_set_error(idx, WONK_ERR_NOT_FOUND, "%s: not in the index", key);
	st = ensure_transaction(idx);
	if (st == WONK_OK && (st = wonk_xdb_delete_term(idx->db, id.file_term, &err)) != WONK_OK)
		wonk_take_error(idx, st, err);
	if (st == WONK_OK && ++idx->pending >= idx->batch)
		st = commit_batch(idx);
	return st;
}
