/*
 * extracted.c - the public face of extraction (wonk_extract and its
 * accessors): what wonk would index for a file, with no index involved.
 * wonk-index --dump prints it; so can any program that wants to know why a
 * file is or is not found.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "passage.h"
#include "wonk-private.h"

struct wonk_extracted {
	wonk_extraction x;
	wonk_span **spans;   /* per document */
	size_t *nspans;
};

static const char *const field_names[WONK_FIELD_LAST] = {
	[WONK_FIELD_DOC] = "doc",       [WONK_FIELD_PATH] = "path",
	[WONK_FIELD_TYPE] = "type",     [WONK_FIELD_TITLE] = "title",
	[WONK_FIELD_AUTHOR] = "author", [WONK_FIELD_DATE] = "date",
	[WONK_FIELD_SOURCE] = "source", [WONK_FIELD_URL] = "url",
	[WONK_FIELD_TAGS] = "tags",     [WONK_FIELD_DESCRIPTION] = "description",
	[WONK_FIELD_LANG] = "lang",
};

WONK_EXPORT const char *wonk_field_name(wonk_field field)
{
	return (unsigned)field < WONK_FIELD_LAST ? field_names[field] : NULL;
}

/* Parses "field=key" mappings into m; on failure a message in *err. */
wonk_status wonk_field_map_parse(wonk_field_map *m, const char *const *fields, char **err)
{
	for (size_t i = 0; fields && fields[i]; i++) {
		const char *eq = strchr(fields[i], '=');
		char *name = eq ? wonk_strndup(fields[i], (size_t)(eq - fields[i])) : NULL;
		int rc = eq && name ? wonk_field_map_set(m, name, eq + 1) : eq ? -2 : -1;
		free(name);
		if (rc == -2) {
			*err = wonk_strdup_printf("out of memory");
			return WONK_ERR_NO_MEMORY;
		}
		if (rc < 0) {
			*err = wonk_strdup_printf("bad field mapping '%s': want FIELD=KEY with FIELD "
						  "one of title, author, date, source, url, tags, body",
						  fields[i]);
			return WONK_ERR_INVALID_ARG;
		}
	}
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_extract(const char *path, const char *const *fields,
				     wonk_extracted **out, char **errmsg)
{
	char *err = NULL;
	if (errmsg)
		*errmsg = NULL;
	if (!out)
		return WONK_ERR_INVALID_ARG;
	*out = NULL;
	if (!path || !*path) {
		if (errmsg)
			*errmsg = wonk_strdup_printf("no file given");
		return WONK_ERR_INVALID_ARG;
	}
	wonk_field_map map = {0};
	wonk_status st = wonk_field_map_parse(&map, fields, &err);
	wonk_extracted *x = NULL;
	if (st != WONK_OK)
		goto fail;
	x = calloc(1, sizeof *x);
	if (!x) {
		st = WONK_ERR_NO_MEMORY;
		goto fail;
	}
	st = wonk_extract_file(path, &map, &x->x, &err);
	if (st != WONK_OK)
		goto fail;
	x->spans = calloc(x->x.ndocs + 1, sizeof *x->spans);
	x->nspans = calloc(x->x.ndocs + 1, sizeof *x->nspans);
	if (!x->spans || !x->nspans) {
		st = WONK_ERR_NO_MEMORY;
		goto fail;
	}
	wonk_passage_params params;
	wonk_passage_params_default(&params);
	for (size_t i = 0; i < x->x.ndocs; i++) {
		const wonk_document *d = &x->x.docs[i];
		if (wonk_split_passages(d->body, d->body_len, &params, &x->spans[i],
					&x->nspans[i]) < 0) {
			st = WONK_ERR_NO_MEMORY;
			goto fail;
		}
	}
	wonk_field_map_clear(&map);
	*out = x;
	return WONK_OK;
fail:
	wonk_field_map_clear(&map);
	wonk_extracted_destroy(x);
	if (!err && st == WONK_ERR_NO_MEMORY)
		err = wonk_strdup_printf("out of memory");
	if (err && path) {
		char *full = wonk_strdup_printf("%s: %s", path, err);
		free(err);
		err = full;
	}
	if (errmsg)
		*errmsg = err;
	else
		free(err);
	return st;
}

WONK_EXPORT void wonk_extracted_destroy(wonk_extracted *x)
{
	if (!x)
		return;
	for (size_t i = 0; x->spans && i < x->x.ndocs; i++)
		free(x->spans[i]);
	free(x->spans);
	free(x->nspans);
	wonk_extraction_clear(&x->x);
	free(x);
}

WONK_EXPORT size_t wonk_extracted_count(const wonk_extracted *x)
{
	return x ? x->x.ndocs : 0;
}

WONK_EXPORT size_t wonk_extracted_bad_records(const wonk_extracted *x, const char **why)
{
	if (why)
		*why = x ? x->x.bad_reason : NULL;
	return x ? x->x.bad_records : 0;
}

WONK_EXPORT const char *wonk_extracted_field(const wonk_extracted *x, size_t i,
					     wonk_field field)
{
	if (!x || i >= x->x.ndocs)
		return NULL;
	return wonk_document_field(&x->x.docs[i], field);
}

WONK_EXPORT const char *wonk_extracted_body(const wonk_extracted *x, size_t i, size_t *len)
{
	if (!x || i >= x->x.ndocs) {
		if (len)
			*len = 0;
		return NULL;
	}
	if (len)
		*len = x->x.docs[i].body_len;
	return x->x.docs[i].body;
}

WONK_EXPORT unsigned long wonk_extracted_record(const wonk_extracted *x, size_t i)
{
	return x && i < x->x.ndocs ? x->x.docs[i].record : 0;
}

WONK_EXPORT size_t wonk_extracted_passage_count(const wonk_extracted *x, size_t i)
{
	return x && i < x->x.ndocs ? x->nspans[i] : 0;
}

WONK_EXPORT int wonk_extracted_passage(const wonk_extracted *x, size_t i, size_t j,
				       uint64_t *start, uint64_t *end)
{
	if (!x || i >= x->x.ndocs || j >= x->nspans[i])
		return -1;
	if (start)
		*start = x->spans[i][j].start;
	if (end)
		*end = x->spans[i][j].end;
	return 0;
}
