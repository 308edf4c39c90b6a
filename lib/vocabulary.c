/*
 * vocabulary.c - what an index knows about words beyond its passages: the
 * acronyms defined in its documents (acronym_table.c), the shipped list
 * of policy abbreviations (stemmed by the indexer into
 * "wonk:abbreviations", so a search need not stem it), the synonyms file
 * in the index directory, and files the caller adds.  Searches expand
 * their words with it (expand.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wonk-private.h"

wonk_status wonk_store_defaults(wonk_index *idx, char **err)
{
	size_t len = 0, olen = 0;
	char *stems = wonk_synonyms_defaults_stemmed(idx->analyzer, &len), *old = NULL;
	if (!stems) {
		*err = wonk_strdup_printf("out of memory");
		return WONK_ERR_NO_MEMORY;
	}
	wonk_status st = wonk_xdb_get_meta(idx->db, WONK_META_DEFAULTS, &old, &olen, err);
	int changed = 0;
	if (st == WONK_OK && (!old || olen != len || memcmp(old, stems, len) != 0)) {
		st = wonk_xdb_set_meta(idx->db, WONK_META_DEFAULTS, stems, len, err);
		changed = 1;
	}
	free(old);
	free(stems);
	/* An index made before the acronyms' reverse entries gains them. */
	int reversed = 0;
	if (st == WONK_OK)
		st = wonk_acronyms_reverse(idx, 0, &reversed, err);
	if (st == WONK_OK && (changed || reversed))
		st = wonk_xdb_commit(idx->db, err);
	return st;
}

/* The most a synonyms file may hold. */
#define SYNONYMS_MAX_BYTES (1u << 24)

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
	/* The acronyms the documents define: each search looks up its own
	 * words' when every part can say which those are. */
	wonk_status st = WONK_OK;
	idx->acronyms_by_query = wonk_acronyms_by_query(parts, nparts);
	if (!idx->acronyms_by_query)
		st = wonk_load_acronyms(idx, parts, nparts, idx->syn);
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
