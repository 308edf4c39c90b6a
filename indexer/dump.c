/*
 * dump.c - see dump.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "wonk.h"
#include "dump.h"
#include "../cli/warn.h"

/* cJSON needs NUL-terminated strings; a body can hold a NUL only if the
 * source did, and then the text up to it is what JSON can carry. */
static cJSON *document_json(const wonk_extracted *x, size_t i, const char *path)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *ps = cJSON_CreateArray();
	int ok = o && ps && cJSON_AddStringToObject(o, "path", path);
	unsigned long rec = wonk_extracted_record(x, i);
	if (ok && rec)
		ok = cJSON_AddNumberToObject(o, "record", (double)rec) != NULL;
	for (int f = WONK_FIELD_TYPE; ok && f < WONK_FIELD_LAST; f++) {
		const char *v = wonk_extracted_field(x, i, (wonk_field)f);
		ok = !v || cJSON_AddStringToObject(o, wonk_field_name((wonk_field)f), v);
	}
	size_t len;
	const char *body = wonk_extracted_body(x, i, &len);
	ok = ok && cJSON_AddStringToObject(o, "body", body ? body : "");
	size_t np = wonk_extracted_passage_count(x, i);
	for (size_t j = 0; ok && j < np; j++) {
		uint64_t s, e;
		wonk_extracted_passage(x, i, j, &s, &e);
		cJSON *p = cJSON_CreateObject();
		char *text = body ? strndup(body + s, (size_t)(e - s)) : NULL;
		ok = p && text && cJSON_AddNumberToObject(p, "start", (double)s) &&
		     cJSON_AddNumberToObject(p, "end", (double)e) &&
		     cJSON_AddStringToObject(p, "text", text);
		free(text);
		if (p)
			cJSON_AddItemToArray(ps, p);
	}
	if (ok) {
		cJSON_AddItemToObject(o, "passages", ps);
		return o;
	}
	cJSON_Delete(o);
	cJSON_Delete(ps);
	return NULL;
}

int dump_files(char **files, size_t n, const char *const *fields)
{
	int rc = 0;
	for (size_t k = 0; k < n; k++) {
		wonk_extracted *x = NULL;
		char *msg = NULL;
		wonk_status st = wonk_extract(files[k], fields, &x, &msg);
		if (st != WONK_OK) {
			warn("%s", msg ? msg : wonk_status_string(st));
			wonk_free(msg);
			rc = st == WONK_ERR_INVALID_ARG ? 2 : rc ? rc : 1;
			continue;
		}
		const char *why = NULL;
		size_t bad = wonk_extracted_bad_records(x, &why);
		if (bad) {
			warn("%s: %zu malformed record%s skipped (%s)",
				files[k], bad, bad == 1 ? "" : "s", why ? why : "malformed");
			if (!rc)
				rc = 1;
		}
		for (size_t i = 0; i < wonk_extracted_count(x); i++) {
			cJSON *o = document_json(x, i, files[k]);
			char *s = o ? cJSON_PrintUnformatted(o) : NULL;
			if (!s) {
				warn("%s: out of memory", files[k]);
				rc = 2;
			} else {
				put_json_line(stdout, s);
			}
			free(s);
			cJSON_Delete(o);
		}
		wonk_extracted_destroy(x);
	}
	if (fflush(stdout) != 0) {
		perror("wonk-index: stdout");
		rc = 2;
	}
	return rc;
}
