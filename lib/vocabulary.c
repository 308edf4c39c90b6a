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
		/* The first definition seen stands; later ones rarely differ. */
		c->st = wonk_xdb_get_meta(idx->db, key.data, &old, &old_len, &err);
		if (c->st == WONK_OK && !old)
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

/* Reads a whole (small) file; NULL when it cannot be read. */
static char *read_small_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	wonk_buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (1u << 24))
		wonk_buf_append(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad || b.failed) {
		wonk_buf_free(&b);
		return NULL;
	}
	*len = b.len;
	return b.data ? b.data : calloc(1, 1);
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
	/* The synonyms file beside the index, if the user keeps one. */
	char *path = wonk_strdup_printf("%s/synonyms.txt", idx->dir);
	size_t len = 0;
	char *text = path ? read_small_file(path, &len) : NULL;
	free(path);
	if (text && wonk_synonyms_add_text(idx->syn, idx->analyzer, text, len) < 0) {
		free(text);
		goto oom;
	}
	free(text);
	/* The acronyms the documents define. */
	char **keys = NULL, *err = NULL;
	size_t nkeys = 0;
	int failed = 0;
	wonk_status st = wonk_metadata_keys(idx, ACRO_PREFIX, 0, &keys, &nkeys);
	for (size_t i = 0; i < nkeys && st == WONK_OK && !failed; i++) {
		char *val = NULL;
		size_t vlen;
		st = wonk_xdb_get_meta(idx->db, keys[i], &val, &vlen, &err);
		if (st != WONK_OK)
			wonk_take_error(idx, st, err);
		else if (val && wonk_synonyms_add_pair(idx->syn, keys[i] + strlen(ACRO_PREFIX), val) < 0)
			failed = 1;
		free(val);
	}
	wonk_free_keys(keys, nkeys);
	if (st != WONK_OK) {
		wonk_synonyms_free(idx->syn);
		idx->syn = NULL;
		return st;
	}
	if (failed)
		goto oom;
	return WONK_OK;
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
	char *text = read_small_file(path, &len);
	if (!text)
		return wonk_set_error(idx, WONK_ERR_NOT_FOUND, "%s: cannot read the synonyms file",
				      path);
	int rc = wonk_synonyms_add_text(idx->syn, idx->analyzer, text, len);
	free(text);
	return rc < 0 ? wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory") : WONK_OK;
}
