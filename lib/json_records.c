/*
 * json_records.c - files of JSON records, one document per record: a
 * single object, an array of objects, or JSON Lines (one object a line).
 *
 * Collections of speeches, scraped articles and exported notes come as
 * JSON with no agreed schema, so each field is looked up under the names
 * such files commonly use (the defaults below) unless the user names the
 * key (`wonk-index --field author=speaker`, a dotted path reaching into
 * nested objects).  A record that cannot be read (bad JSON on its line, not
 * an object, no text) is counted and skipped with its reason, so that one
 * broken line does not cost the rest of the file.
 *
 * cJSON does the parsing: JSON Lines a line at a time, straight out of the
 * buffer (no copy), so memory follows the longest record, not the file.
 * cJSON refuses nesting deeper than CJSON_NESTING_LIMIT (1000), so a file of
 * a million '[' fails cleanly instead of exhausting the stack.  Errors are
 * located through cJSON's return_parse_end, not its global error pointer,
 * which another thread may overwrite.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <utf8proc.h>

#include "extract.h"
#include "meta.h"
#include "util.h"

/* The keys tried, in order, for each field the user did not map. */
static const char *const title_keys[] = {"title", "headline", NULL};
static const char *const author_keys[] = {
	"author", "authors", "byline", "creator", "president", "speaker", "name", NULL,
};
static const char *const date_keys[] = {
	"date", "published", "published_at", "datePublished", "pubdate", "created",
	"year", NULL,
};
static const char *const source_keys[] = {"source", "publisher", "site", "site_name", NULL};
static const char *const url_keys[] = {"url", "link", "canonical_url", NULL};
static const char *const tags_keys[] = {"tags", "keywords", "categories", NULL};
static const char *const body_keys[] = {
	"text", "body", "content", "article", "articleBody", NULL,
};

typedef struct recs {
	const wonk_field_map *fields;
	wonk_extraction *out;
	size_t cap;
	int oom;
} recs;

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int all_ws(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_ws((unsigned char)s[i]))
			return 0;
	return 1;
}

/* Whether a value holds anything: a null, an empty string or an empty
 * array is as good as a missing key, and the next name is tried. */
static int usable(const cJSON *v)
{
	if (!v || cJSON_IsNull(v) || cJSON_IsBool(v))
		return 0;
	if (cJSON_IsString(v))
		return v->valuestring && !all_ws(v->valuestring, strlen(v->valuestring));
	if (cJSON_IsArray(v) || cJSON_IsObject(v))
		return v->child != NULL;
	return cJSON_IsNumber(v);
}

/* obj's member named key, exact case first; a key with dots that is not a
 * member itself is a path into nested objects ("meta.by"). */
static const cJSON *member(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v)
		v = cJSON_GetObjectItem(obj, key);
	if (v || !strchr(key, '.'))
		return v;
	for (const char *p = key; obj && cJSON_IsObject(obj);) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		char *seg = wonk_strndup(p, n);
		if (!seg)
			return NULL;
		v = cJSON_GetObjectItemCaseSensitive(obj, seg);
		if (!v)
			v = cJSON_GetObjectItem(obj, seg);
		free(seg);
		if (!dot || !v)
			return v;
		obj = v;
		p = dot + 1;
	}
	return NULL;
}

/* The value of one field: under the user's key when there is one, else
 * under the first default name that holds something (for the body,
 * something that can be text: "text": {"lang": "en"} is not). */
static const cJSON *field(const cJSON *obj, const char *user, const char *const *defaults)
{
	if (user)
		return member(obj, user);
	int text = defaults == body_keys;
	for (; *defaults; defaults++) {
		const cJSON *v = cJSON_GetObjectItem(obj, *defaults);
		if (usable(v) && !(text && cJSON_IsObject(v)))
			return v;
	}
	return NULL;
}

/* A string or number as text (a number in tmp, written as an integer when
 * it is one: a year is 1905, not 1905.000000); an object by its "name"
 * (or, for a link, "url" / "@id"), as JSON-LD writes people and sites. */
static const char *text_of(const cJSON *v, char *tmp, size_t tmpsize, int link)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;
		if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
			snprintf(tmp, tmpsize, "%lld", (long long)d);
		else
			snprintf(tmp, tmpsize, "%.17g", d);
		return tmp;
	}
	if (cJSON_IsObject(v)) {
		const char *const keys[] = {link ? "url" : "name", link ? "@id" : NULL};
		for (size_t i = 0; i < 2 && keys[i]; i++) {
			const cJSON *m = cJSON_GetObjectItem(v, keys[i]);
			if (cJSON_IsString(m))
				return m->valuestring;
		}
	}
	return NULL;
}

/* A one-valued field: an array gives its first usable element. */
static void offer(char **dst, const cJSON *v, int link)
{
	char tmp[64];
	if (cJSON_IsArray(v)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, v)
			if (!*dst && usable(e))
				offer(dst, e, link);
		return;
	}
	const char *s = text_of(v, tmp, sizeof tmp, link);
	if (s)
		wonk_meta_offer(dst, s, strlen(s));
}

/* A list field (authors, tags): every element of an array; a string of
 * tags may itself be comma-separated ("energy, arctic"). */
static int append(char **dst, const cJSON *v, int split)
{
	char tmp[64];
	if (cJSON_IsArray(v)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, v)
			if (!cJSON_IsArray(e) && append(dst, e, split) < 0)
				return -1;
		return 0;
	}
	const char *s = text_of(v, tmp, sizeof tmp, 0);
	if (!s)
		return 0;
	if (!split || !cJSON_IsString(v))
		return wonk_meta_append(dst, s, strlen(s));
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		if (wonk_meta_append(dst, s, n) < 0)
			return -1;
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

/* A date: any form wonk_date_iso reads; a number is a year (1905), a
 * compact date (20240619), or seconds (or milliseconds) since 1970. */
static char *date_of(const cJSON *v)
{
	char tmp[64];
	if (cJSON_IsArray(v))
		v = v->child;
	if (cJSON_IsNumber(v) && v->valuedouble >= 1e8 && v->valuedouble < 1e14) {
		double secs = v->valuedouble >= 1e11 ? v->valuedouble / 1000 : v->valuedouble;
		time_t t = (time_t)secs;
		struct tm tm;
		if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 2999)
			return NULL;
		return wonk_strdup_printf("%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
					  tm.tm_mday);
	}
	const char *s = v ? text_of(v, tmp, sizeof tmp, 0) : NULL;
	return s ? wonk_date_iso(s, strlen(s)) : NULL;
}

/* Appends text with its line breaks made "\n" (the splitter's paragraph
 * breaks), leading and trailing white space dropped. */
static void append_text(wonk_buf *b, const char *s)
{
	size_t n = strlen(s);
	while (n && is_ws((unsigned char)*s))
		s++, n--;
	while (n && is_ws((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return;
	if (b->len)
		wonk_buf_append(b, "\n\n", 2);
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\r')
			continue;
		wonk_buf_append(b, s + run, i - run);
		wonk_buf_append(b, "\n", 1);
		if (i + 1 < n && s[i + 1] == '\n')
			i++;
		run = i + 1;
	}
	wonk_buf_append(b, s + run, n - run);
}

/* The body: a string, or an array of strings (paragraphs), as valid
 * UTF-8.  Returns 1 with the text in *b, 0 when there is no text, -1 when
 * out of memory. */
static int body_of(const cJSON *v, wonk_buf *b)
{
	if (cJSON_IsString(v)) {
		append_text(b, v->valuestring);
	} else if (cJSON_IsArray(v)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, v)
			if (cJSON_IsString(e))
				append_text(b, e->valuestring);
	}
	if (b->failed)
		return -1;
	if (b->len == 0)
		return 0;
	if (!wonk_utf8_valid(b->data, b->len)) {
		size_t n;
		char *r = wonk_utf8_repair(b->data, b->len, &n);
		if (!r)
			return -1;
		free(b->data);
		b->data = r;
		b->len = b->cap = n;
	}
	return 1;
}

static void bad(recs *r, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void bad(recs *r, const char *where, const char *fmt, ...)
{
	r->out->bad_records++;
	if (r->out->bad_reason)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *why = wonk_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (!why)
		return; /* the reason is best effort; the count is kept */
	r->out->bad_reason = *where ? wonk_strdup_printf("%s: %s", where, why) : why;
	if (*where)
		free(why);
}

/* One record: a document in out, or a bad record.  where names it in a
 * reason ("line 7", "record 3", or "" for a file that is one object). */
static void add_record(recs *r, const cJSON *obj, unsigned long record, const char *where)
{
	const wonk_field_map *f = r->fields;
	if (!cJSON_IsObject(obj)) {
		bad(r, where, "not a JSON object");
		return;
	}
	const cJSON *body = field(obj, f->body, body_keys);
	wonk_buf text = {0};
	int got = body ? body_of(body, &text) : 0;
	if (got < 0) {
		wonk_buf_free(&text);
		r->oom = 1;
		return;
	}
	if (got == 0) {
		wonk_buf_free(&text);
		if (f->body)
			bad(r, where, "no text in its \"%s\" field", f->body);
		else
			bad(r, where, "no text/body/content field");
		return;
	}
	if (r->out->ndocs == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		wonk_document *docs = realloc(r->out->docs, cap * sizeof *docs);
		if (!docs) {
			wonk_buf_free(&text);
			r->oom = 1;
			return;
		}
		r->out->docs = docs;
		r->cap = cap;
	}
	wonk_document *d = &r->out->docs[r->out->ndocs++];
	memset(d, 0, sizeof *d);
	d->body = text.data;
	d->body_len = text.len;
	d->type = "json";
	d->record = record;

	const cJSON *v;
	if ((v = field(obj, f->title, title_keys)) != NULL)
		offer(&d->meta.title, v, 0);
	if ((v = field(obj, f->author, author_keys)) != NULL && append(&d->meta.author, v, 0) < 0)
		r->oom = 1;
	if ((v = field(obj, f->date, date_keys)) != NULL)
		d->meta.date = date_of(v);
	if ((v = field(obj, f->source, source_keys)) != NULL)
		offer(&d->meta.source, v, 0);
	if ((v = field(obj, f->url, url_keys)) != NULL)
		offer(&d->meta.url, v, 1);
	if ((v = field(obj, f->tags, tags_keys)) != NULL && append(&d->meta.tags, v, 1) < 0)
		r->oom = 1;
}

/* "line 3, column 14" of pos in buf, for a parse error. */
static void locate(const char *buf, const char *pos, size_t *line, size_t *col)
{
	*line = 1;
	const char *bol = buf;
	for (const char *p = buf; p < pos; p++)
		if (*p == '\n') {
			(*line)++;
			bol = p + 1;
		}
	*col = (size_t)(pos - bol) + 1;
}

void wonk_json_neutralize_nuls(char *data, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (data[i] != '\\')
			continue;
		/* cJSON's strings end at a NUL, so "\u0000" would cut the text
		 * short: it becomes U+FFFD, escape for escape. */
		if (data[i + 1] == 'u' && i + 5 < len && memcmp(data + i + 2, "0000", 4) == 0)
			memcpy(data + i + 2, "FFFD", 4);
		i++; /* the escaped character ("\\\\" is one backslash) */
	}
}

/* Parses s[0, n) as exactly one JSON value (white space around it
 * allowed).  On failure, *where is the offending byte. */
static cJSON *parse_one(const char *s, size_t n, const char **where, int *trailing)
{
	const char *end = NULL;
	*trailing = 0;
	cJSON *v = cJSON_ParseWithLengthOpts(s, n, &end, 0);
	if (!v) {
		*where = end && end >= s && end <= s + n ? end : s;
		return NULL;
	}
	if (end && end >= s && end < s + n && !all_ws(end, (size_t)(s + n - end))) {
		cJSON_Delete(v);
		*where = end;
		*trailing = 1;
		return NULL;
	}
	return v;
}

static void json_lines(recs *r, const char *buf, size_t len)
{
	unsigned long line = 0;
	for (size_t i = 0; i < len && !r->oom;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - buf) : len;
		const char *s = buf + i;
		size_t n = e - i;
		i = e + 1;
		line++;
		if (all_ws(s, n))
			continue;
		char where[40];
		snprintf(where, sizeof where, "line %lu", line);
		const char *at;
		int trailing;
		cJSON *v = parse_one(s, n, &at, &trailing);
		if (!v) {
			bad(r, where, "%s at column %zu",
			    trailing ? "text after the JSON value" : "not valid JSON",
			    (size_t)(at - s) + 1);
			continue;
		}
		add_record(r, v, line, where);
		cJSON_Delete(v);
	}
}

/* Whether the first line of buf is a JSON object on its own: then a
 * .json file that does not parse whole is JSON Lines. */
static int first_line_is_object(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);
	size_t n = nl ? (size_t)(nl - buf) : len;
	const char *at;
	int trailing;
	cJSON *v = parse_one(buf, n, &at, &trailing);
	int ok = cJSON_IsObject(v);
	cJSON_Delete(v);
	return ok;
}

wonk_status wonk_extract_json(const char *buf, size_t len, int lines,
			      const wonk_field_map *fields,
			      wonk_extraction *out, char **err)
{
	static const wonk_field_map defaults;
	out->docs = NULL;
	out->ndocs = 0;
	out->bad_records = 0;
	out->bad_reason = NULL;
	*err = NULL;
	if (!buf)
		len = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		buf += 3, len -= 3;
	recs r = {.fields = fields ? fields : &defaults, .out = out};
	wonk_status st = WONK_OK;

	if (!lines && !all_ws(buf, len)) {
		const char *at;
		int trailing;
		cJSON *root = parse_one(buf, len, &at, &trailing);
		if (root) {
			if (cJSON_IsArray(root)) {
				unsigned long k = 0;
				const cJSON *e;
				cJSON_ArrayForEach(e, root) {
					char where[40];
					snprintf(where, sizeof where, "record %lu", ++k);
					add_record(&r, e, k, where);
					if (r.oom)
						break;
				}
			} else if (cJSON_IsObject(root)) {
				add_record(&r, root, 0, "");
			} else {
				bad(&r, "", "not a JSON object or array of objects");
			}
			cJSON_Delete(root);
		} else if (first_line_is_object(buf, len)) {
			lines = 1;
		} else {
			size_t line, col;
			locate(buf, at, &line, &col);
			*err = wonk_strdup_printf("%s at line %zu, column %zu",
						  trailing ? "text after the JSON value"
							   : "not valid JSON",
						  line, col);
			st = WONK_ERR_BAD_INPUT;
		}
	}
	if (lines && st == WONK_OK)
		json_lines(&r, buf, len);

	if (r.oom) {
		st = WONK_ERR_NO_MEMORY;
		*err = wonk_strdup_printf("%s", "out of memory");
	} else if (st == WONK_OK && out->ndocs == 0 && out->bad_records > 0) {
		st = WONK_ERR_BAD_INPUT;
		const char *why = out->bad_reason ? out->bad_reason : "no readable record";
		*err = out->bad_records == 1
			       ? wonk_strdup_printf("%s", why)
			       : wonk_strdup_printf("no readable record (%zu bad; first: %s)",
						    out->bad_records, why);
	}
	if (st != WONK_OK)
		wonk_extraction_clear(out);
	return st;
}
