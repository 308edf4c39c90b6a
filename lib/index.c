/*
 * index.c - opening an index and writing files into it.
 *
 * The on-disk layout, in one place.  An index is one Xapian (glass) database
 * holding one Xapian document per passage:
 *   terms     unprefixed: the analyzer's stems, with positions counted from
 *             0 in each passage (one term set; exact forms are checked by
 *             re-analysing candidates, not stored a second time);
 *             "P" + document id: boolean, the passage's parent document.
 *   values    0 (WONK_SLOT_DOC): the document id, the key that collapses
 *             results to N passages per document;
 *             1 (WONK_SLOT_ORDINAL): the passage ordinal, 4 bytes big-endian.
 *   data      the passage record (record.h): text, byte span, ordinal,
 *             document id, path, title.
 *   metadata  "wonk:format" = WONK_FORMAT;
 *             "F" + document id = the manifest entry of the source file:
 *             "size mtime_s mtime_ns passages\tpath".
 * A document id is the 64-bit FNV-1a hash of the file's real path, as 16 hex
 * digits: stable across runs, machines that share paths, and shards.
 *
 * Writes go into a Xapian transaction that is committed between files once
 * WONK_COMMIT_PASSAGES passages have gathered, so a crash loses at most that
 * batch and never leaves part of a file in the index.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract.h"
#include "record.h"
#include "wonk-private.h"

#define WONK_FORMAT "1"
#define WONK_COMMIT_PASSAGES 2000

/* An existing directory that holds files but no Xapian database is not
 * ours: refuse it rather than scatter index files among someone's data. */
static int is_foreign_directory(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int foreign = 0;
	struct dirent *e;
	char probe[PATH_MAX];
	snprintf(probe, sizeof probe, "%s/iamglass", dir);
	int ours = access(probe, F_OK) == 0;
	while (!ours && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			foreign = 1;
			break;
		}
	}
	closedir(d);
	return foreign;
}

static void give_errmsg(char **errmsg, char *msg)
{
	if (errmsg)
		*errmsg = msg;
	else
		free(msg);
}

WONK_EXPORT wonk_status wonk_index_open(const char *dir, unsigned flags,
					wonk_index **out, char **errmsg)
{
	char *err = NULL;
	wonk_status st;
	if (errmsg)
		*errmsg = NULL;
	if (!out)
		return WONK_ERR_INVALID_ARG;
	*out = NULL;
	if (!dir || !*dir || (flags & ~(WONK_OPEN_WRITE | WONK_OPEN_CREATE))) {
		give_errmsg(errmsg, wonk_strdup_printf("invalid arguments"));
		return WONK_ERR_INVALID_ARG;
	}
	struct stat sb;
	if (!(flags & WONK_OPEN_CREATE) && stat(dir, &sb) < 0) {
		give_errmsg(errmsg, wonk_strdup_printf("%s: no index here (%s)", dir,
						       strerror(errno)));
		return WONK_ERR_NOT_FOUND;
	}
	if ((flags & WONK_OPEN_CREATE) && is_foreign_directory(dir)) {
		give_errmsg(errmsg, wonk_strdup_printf(
			"%s: directory exists and is not a wonk index; refusing to write into it", dir));
		return WONK_ERR_INVALID_ARG;
	}
	wonk_index *idx = calloc(1, sizeof *idx);
	if (!idx)
		return WONK_ERR_NO_MEMORY;
	idx->flags = flags;
	idx->batch = WONK_COMMIT_PASSAGES;
	wonk_passage_params_default(&idx->passage_params);
	idx->analyzer = wonk_analyzer_new();
	if (!idx->analyzer) {
		st = WONK_ERR_NO_MEMORY;
		goto fail;
	}
	st = wonk_xdb_open(dir, flags, &idx->db, &err);
	if (st != WONK_OK)
		goto fail;

	/* The format stamp: written on creation, checked on every open. */
	char *fmt = NULL;
	size_t fmt_len;
	st = wonk_xdb_get_meta(idx->db, "wonk:format", &fmt, &fmt_len, &err);
	if (st != WONK_OK)
		goto fail;
	if (fmt && strcmp(fmt, WONK_FORMAT) != 0) {
		err = wonk_strdup_printf("index format %s; this wonk reads format %s",
					 fmt, WONK_FORMAT);
		free(fmt);
		st = WONK_ERR_VERSION;
		goto fail;
	}
	if (!fmt) {
		uint64_t n = 0;
		st = wonk_xdb_doccount(idx->db, &n, &err);
		if (st != WONK_OK)
			goto fail;
		if (n > 0) {
			err = wonk_strdup_printf("a Xapian database, but not a wonk index");
			st = WONK_ERR_VERSION;
			goto fail;
		}
		if (flags & WONK_OPEN_WRITE) {
			st = wonk_xdb_set_meta(idx->db, "wonk:format", WONK_FORMAT,
					       strlen(WONK_FORMAT), &err);
			if (st == WONK_OK)
				st = wonk_xdb_commit(idx->db, &err);
			if (st != WONK_OK)
				goto fail;
		}
	}
	free(fmt);
	*out = idx;
	return WONK_OK;
fail:
	if (err) {
		char *full = wonk_strdup_printf("%s: %s", dir, err);
		free(err);
		err = full;
	}
	give_errmsg(errmsg, err);
	wonk_xdb_close(idx->db);
	wonk_analyzer_free(idx->analyzer);
	free(idx);
	return st;
}

WONK_EXPORT wonk_status wonk_index_commit(wonk_index *idx)
{
	if (!idx)
		return WONK_ERR_INVALID_ARG;
	if (!(idx->flags & WONK_OPEN_WRITE))
		return wonk_set_error(idx, WONK_ERR_READ_ONLY, "index is open read-only");
	char *err = NULL;
	wonk_status st = wonk_xdb_commit(idx->db, &err);
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	idx->pending = 0;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_index_close(wonk_index *idx)
{
	if (!idx)
		return WONK_OK;
	wonk_status st = WONK_OK;
	if (idx->flags & WONK_OPEN_WRITE)
		st = wonk_index_commit(idx);
	wonk_xdb_close(idx->db);
	wonk_analyzer_free(idx->analyzer);
	free(idx->errmsg);
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
	wonk_status st = wonk_xdb_doccount(idx->db, passages, &err);
	if (st == WONK_OK)
		st = wonk_xdb_count_prefix(idx->db, WONK_PREFIX_DOC, documents, &err);
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	return WONK_OK;
}

/* ------------------------------------------------------ writing a passage */

typedef struct posting_ctx {
	wonk_xdoc *doc;
	int failed;
} posting_ctx;

static int add_posting(void *ctx, const wonk_token *tok)
{
	posting_ctx *pc = ctx;
	if (wonk_xdoc_add_posting(pc->doc, tok->stem, tok->stem_len, tok->pos) < 0) {
		pc->failed = 1;
		return 1;
	}
	return 0;
}

/* Builds and adds the Xapian document for one passage. */
static wonk_status write_passage(wonk_index *idx, const wonk_document *doc,
				 const char *docid, const char *path,
				 const wonk_span *span, uint32_t ordinal)
{
	wonk_status st = WONK_ERR_NO_MEMORY;
	char *err = NULL;
	wonk_buf data = {0};
	size_t text_len = 0;
	char *text = wonk_utf8_repair(doc->body + span->start,
				      span->end - span->start, &text_len);
	wonk_xdoc *xd = wonk_xdoc_new();
	if (!text || !xd)
		goto done;

	posting_ctx pc = {xd, 0};
	int rc = wonk_analyze(idx->analyzer, doc->body + span->start,
			      span->end - span->start, 0, add_posting, &pc, NULL);
	if (rc < 0 || pc.failed)
		goto done;

	char term[32];
	int tn = snprintf(term, sizeof term, WONK_PREFIX_DOC "%s", docid);
	unsigned char ord[4] = {(unsigned char)(ordinal >> 24), (unsigned char)(ordinal >> 16),
				(unsigned char)(ordinal >> 8), (unsigned char)ordinal};
	wonk_record rec = {
		.doc = docid, .path = path, .title = doc->title,
		.text = text, .text_len = text_len,
		.start = span->start, .end = span->end, .ordinal = ordinal,
	};
	wonk_record_encode(&rec, &data);
	if (data.failed ||
	    wonk_xdoc_add_boolean(xd, term, (size_t)tn) < 0 ||
	    wonk_xdoc_set_value(xd, WONK_SLOT_DOC, docid, strlen(docid)) < 0 ||
	    wonk_xdoc_set_value(xd, WONK_SLOT_ORDINAL, (const char *)ord, 4) < 0 ||
	    wonk_xdoc_set_data(xd, data.data, data.len) < 0)
		goto done;
	st = wonk_xdb_add(idx->db, xd, &err);
	if (st != WONK_OK) {
		wonk_take_error(idx, st, err);
		err = NULL;
	}
done:
	if (st == WONK_ERR_NO_MEMORY)
		wonk_set_error(idx, st, "out of memory");
	free(text);
	wonk_xdoc_free(xd);
	wonk_buf_free(&data);
	return st;
}

/* -------------------------------------------------------- adding a file */

typedef struct manifest_entry {
	uint64_t size;
	int64_t mtime_s, mtime_ns;
	uint64_t passages;
} manifest_entry;

static int parse_manifest(const char *val, manifest_entry *m)
{
	return sscanf(val, "%" SCNu64 " %" SCNd64 " %" SCNd64 " %" SCNu64,
		      &m->size, &m->mtime_s, &m->mtime_ns, &m->passages) == 4 ? 0 : -1;
}

static wonk_status ensure_transaction(wonk_index *idx)
{
	char *err = NULL;
	if (wonk_xdb_in_transaction(idx->db))
		return WONK_OK;
	wonk_status st = wonk_xdb_begin(idx->db, &err);
	return st == WONK_OK ? st : wonk_take_error(idx, st, err);
}

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
				      "%s: not a file type wonk indexes (.txt, .txt.gz)", path);

	char real[PATH_MAX];
	struct stat sb;
	if (!realpath(path, real) || stat(real, &sb) < 0)
		return wonk_set_error(idx, errno == ENOENT ? WONK_ERR_NOT_FOUND : WONK_ERR_IO,
				      "%s: %s", path, strerror(errno));
	char docid[17];
	snprintf(docid, sizeof docid, "%016" PRIx64, wonk_hash64(real, strlen(real)));
	char key[20];
	snprintf(key, sizeof key, "F%s", docid);

	char *err = NULL, *old = NULL;
	size_t old_len;
	wonk_status st = wonk_xdb_get_meta(idx->db, key, &old, &old_len, &err);
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	manifest_entry m;
	int known = old && parse_manifest(old, &m) == 0;
	free(old);
	if (known && m.size == (uint64_t)sb.st_size && m.mtime_s == (int64_t)sb.st_mtim.tv_sec &&
	    m.mtime_ns == (int64_t)sb.st_mtim.tv_nsec) {
		report->outcome = WONK_ADD_UNCHANGED;
		return WONK_OK;
	}

	wonk_document doc;
	st = wonk_extract_file(path, &doc, &err);
	if (st != WONK_OK) {
		st = wonk_set_error(idx, st, "%s: %s", path, err ? err : wonk_status_string(st));
		free(err);
		return st;
	}
	wonk_span *spans = NULL;
	size_t nspans = 0;
	int touched = 0; /* this file's changes have begun */
	if (wonk_split_passages(doc.body, doc.body_len, &idx->passage_params, &spans,
				&nspans) < 0) {
		st = wonk_set_error(idx, WONK_ERR_NO_MEMORY, "%s: out of memory", path);
		goto done;
	}
	st = ensure_transaction(idx);
	if (st != WONK_OK)
		goto done;
	touched = 1;
	if (known) {
		char term[32];
		snprintf(term, sizeof term, WONK_PREFIX_DOC "%s", docid);
		st = wonk_xdb_delete_term(idx->db, term, &err);
		if (st != WONK_OK) {
			wonk_take_error(idx, st, err);
			goto done;
		}
	}
	for (size_t i = 0; i < nspans; i++) {
		st = write_passage(idx, &doc, docid, path, &spans[i], (uint32_t)i);
		if (st != WONK_OK)
			goto done;
	}
	char *entry = wonk_strdup_printf("%" PRIu64 " %" PRId64 " %" PRId64 " %zu\t%s",
					 (uint64_t)sb.st_size, (int64_t)sb.st_mtim.tv_sec,
					 (int64_t)sb.st_mtim.tv_nsec, nspans, path);
	if (!entry) {
		st = wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
		goto done;
	}
	st = wonk_xdb_set_meta(idx->db, key, entry, strlen(entry), &err);
	free(entry);
	if (st != WONK_OK) {
		wonk_take_error(idx, st, err);
		goto done;
	}
	report->outcome = known ? WONK_ADD_UPDATED : WONK_ADD_ADDED;
	report->passages = nspans;
	report->bytes = doc.body_len;
	idx->pending += nspans;
	if (idx->pending >= idx->batch)
		st = wonk_index_commit(idx);
done:
	/* A file whose passages could not all be written must not land in
	 * part: drop the whole uncommitted batch (its files are not in the
	 * manifest either, so the next run redoes them). */
	if (st != WONK_OK && touched && wonk_xdb_in_transaction(idx->db)) {
		char *cerr = NULL;
		wonk_xdb_cancel(idx->db, &cerr);
		free(cerr);
		idx->pending = 0;
	}
	free(spans);
	wonk_document_clear(&doc);
	return st;
}
