/*
 * vocabulary.c - what an index knows about words beyond its passages: the
 * acronyms defined in its documents (mined while indexing, kept in the
 * index's metadata as "acro:" + the abbreviation's stem = the long form's
 * stems), the shipped list of policy abbreviations (stemmed by the
 * indexer into "wonk:abbreviations", so a search need not stem it), the synonyms file in
 * the index directory, and files the caller adds.  Searches expand their
 * words with it (expand.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acronym.h"
#include "wonk-private.h"

#define ACRO_PREFIX "acro:"

typedef struct mine_ctx {
	wonk_index *idx;
	wonk_status st;
} mine_ctx;

/* Whether a[0, alen) sorts before b[0, blen), bytewise. */
static int bytes_before(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c < 0 || (c == 0 && alen < blen);
}

static int join_stems(void *ctx, const wonk_token *tok)
{
	wonk_buf *b = ctx;
	if (b->len)
		wonk_buf_append(b, " ", 1);
	wonk_buf_append(b, tok->stem, tok->stem_len);
	return 0;
}

static int store_definition(void *vctx, const char *abbrev, size_t alen, const char *lf,
			    size_t llen)
{
	mine_ctx *c = vctx;
	wonk_index *idx = c->idx;
	wonk_buf key = {0}, val = {0};
	wonk_buf_append(&key, ACRO_PREFIX, strlen(ACRO_PREFIX));
	size_t bare = key.len;
	if (wonk_analyze(idx->analyzer, abbrev, alen, 0, join_stems, &val, NULL) < 0)
		key.failed = 1;
	/* The abbreviation is one word ("AEW&C" analyses to two: skip it). */
	int one_word = val.len && !memchr(val.data, ' ', val.len);
	wonk_buf_append(&key, val.data ? val.data : "", val.len);
	wonk_buf_free(&val);
	if (wonk_analyze(idx->analyzer, lf, llen, 0, join_stems, &val, NULL) < 0)
		val.failed = 1;
	char *err = NULL, *old = NULL;
	size_t old_len;
	if (key.failed || val.failed) {
		c->st = wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	} else if (one_word && key.len > bare && val.len && key.len < 200 && val.len < 200) {
		wonk_buf_append(&key, "", 1);
		/* Of several definitions, the least (in byte order) stands:
		 * a rule that does not depend on the order files are
		 * indexed in, so shards merged or searched together keep
		 * what one index of everything keeps. */
		c->st = wonk_xdb_get_meta(idx->db, key.data, &old, &old_len, &err);
		if (c->st == WONK_OK && (!old || bytes_before(val.data, val.len, old, old_len)))
			c->st = wonk_xdb_set_meta(idx->db, key.data, val.data, val.len, &err);
		if (c->st != WONK_OK)
			wonk_take_error(idx, c->st, err);
		free(old);
	}
	wonk_buf_free(&key);
	wonk_buf_free(&val);
	return c->st != WONK_OK;
}

wonk_status wonk_mine_acronyms(wonk_index *idx, const char *text, size_t len)
{
	mine_ctx c = {idx, WONK_OK};
	wonk_find_acronyms(text, len, store_definition, &c);
	return c.st;
}

wonk_status wonk_store_defaults(wonk_index *idx, char **err)
{
	size_t len = 0, olen = 0;
	char *stems = wonk_synonyms_defaults_stemmed(idx->analyzer, &len), *old = NULL;
	if (!stems) {
		*err = wonk_strdup_printf("out of memory");
		return WONK_ERR_NO_MEMORY;
	}
	wonk_status st = wonk_xdb_get_meta(idx->db, WONK_META_DEFAULTS, &old, &olen, err);
	if (st == WONK_OK && (!old || olen != len || memcmp(old, stems, len) != 0)) {
		st = wonk_xdb_set_meta(idx->db, WONK_META_DEFAULTS, stems, len, err);
		if (st == WONK_OK)
			st = wonk_xdb_commit(idx->db, err);
	}
	free(old);
	free(stems);
	return st;
}

/* The most a synonyms file may hold. */
#define SYNONYMS_MAX_BYTES (1u << 24)

/* One mined definition, from whichever shard holds it. */
typedef struct acro {
	char *key, *val;
	size_t vlen;
} acro;

typedef struct acro_list {
	acro *v;
	size_t n, cap;
} acro_list;

static int by_key_then_value(const void *a, const void *b)
{
	const acro *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return bytes_before(x->val, x->vlen, y->val, y->vlen) ? -1
	       : bytes_before(y->val, y->vlen, x->val, x->vlen) ? 1 : 0;
}

/* Appends the acronyms part's metadata holds to l. */
static wonk_status gather_acronyms(wonk_index *idx, wonk_index *part, acro_list *l)
{
	char **keys = NULL, *err = NULL;
	size_t nkeys = 0;
	wonk_status st = wonk_metadata_keys(part, ACRO_PREFIX, 0, &keys, &nkeys);
	if (st != WONK_OK)
		return wonk_set_error(idx, st, "%s", wonk_errmsg(part));
	for (size_t i = 0; i < nkeys && st == WONK_OK; i++) {
		char *val = NULL;
		size_t vlen = 0;
		st = wonk_xdb_get_meta(part->db, keys[i], &val, &vlen, &err);
		if (st != WONK_OK) {
			wonk_take_error(idx, st, err);
			break;
		}
		if (!val)
			continue;
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 64;
			acro *v = realloc(l->v, cap * sizeof *v);
			if (!v) {
				free(val);
				st = wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
				break;
			}
			l->v = v;
			l->cap = cap;
		}
		l->v[l->n++] = (acro){keys[i], val, vlen};
		keys[i] = NULL;
	}
	wonk_free_keys(keys, nkeys);
	return st;
}

/* The acronyms of every part: where shards define one differently, the
 * least definition, as one index holding them all would keep. */
static wonk_status load_acronyms(wonk_index *idx, wonk_index *const *parts, size_t nparts)
{
	acro_list l = {0};
	wonk_status st = WONK_OK;
	for (size_t p = 0; p < nparts && st == WONK_OK; p++)
		st = gather_acronyms(idx, parts[p], &l);
	if (st == WONK_OK && l.n)
		qsort(l.v, l.n, sizeof *l.v, by_key_then_value);
	for (size_t i = 0; i < l.n && st == WONK_OK; i++) {
		if (i && strcmp(l.v[i].key, l.v[i - 1].key) == 0)
			continue;
		if (wonk_synonyms_add_pair(idx->syn, l.v[i].key + strlen(ACRO_PREFIX), l.v[i].val) < 0)
			st = wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	}
	for (size_t i = 0; i < l.n; i++) {
		free(l.v[i].key);
		free(l.v[i].val);
	}
	free(l.v);
	return st;
}

wonk_status wonk_load_vocabulary(wonk_index *idx)
{
	if (idx->syn)
		return WONK_OK;
	idx->syn = wonk_synonyms_new();
	if (!idx->syn)
		goto oom;
	/* The shipped abbreviations, stemmed when the index was written;
	 * stemmed here only when the index holds another list's stems. */
	char *stored = NULL, *merr = NULL;
	size_t slen = 0;
	int rc = 1;
	if (wonk_xdb_get_meta(idx->db, WONK_META_DEFAULTS, &stored, &slen, &merr) == WONK_OK &&
	    stored)
		rc = wonk_synonyms_add_stemmed_defaults(idx->syn, stored, slen);
	free(stored);
	free(merr);
	if (rc < 0 || (rc > 0 && wonk_synonyms_add_defaults(idx->syn, idx->analyzer) < 0))
		goto oom;
	/* An index on its own is its only part. */
	wonk_index *const *parts = idx->nparts ? idx->parts : &idx;
	size_t nparts = idx->nparts ? idx->nparts : 1;
	/* The synonyms file beside each index, if the user keeps one. */
	for (size_t p = 0; p < nparts; p++) {
		if (parts[p]->remote || !parts[p]->dir)
			continue;
		char *path = wonk_strdup_printf("%s/synonyms.txt", parts[p]->dir);
		size_t len = 0;
		char *text = path ? wonk_read_small_file(path, SYNONYMS_MAX_BYTES, &len) : NULL;
		free(path);
		int added = text ? wonk_synonyms_add_text(idx->syn, idx->analyzer, text, len) : 0;
		free(text);
		if (added < 0)
			goto oom;
	}
	/* The acronyms the documents define. */
	wonk_status st = load_acronyms(idx, parts, nparts);
	if (st != WONK_OK) {
		wonk_synonyms_free(idx->syn);
		idx->syn = NULL;
	}
	return st;
oom:
	wonk_synonyms_free(idx->syn);
	idx->syn = NULL;
	return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
}

WONK_EXPORT wonk_status wonk_index_add_synonyms(wonk_index *idx, const char *path)
{
	if (!idx || !path)
		return WONK_ERR_INVALID_ARG;
	wonk_status st = wonk_load_vocabulary(idx);
	if (st != WONK_OK)
		return st;
	size_t len = 0;
	char *text = wonk_read_small_file(path, SYNONYMS_MAX_BYTES, &len);
	if (!text)
		return wonk_set_error(idx, WONK_ERR_NOT_FOUND, "%s: cannot read the synonyms file",
				      path);
	int rc = wonk_synonyms_add_text(idx->syn, idx->analyzer, text, len);
	free(text);
	return rc < 0 ? wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory") : WONK_OK;
}
