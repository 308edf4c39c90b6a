/*
 * extract.c - reading a file (plain or gzip-compressed), choosing its
 * format by name, and plain text itself.
 *
 * What is refused, with a reason: files that are not regular (a FIFO would
 * block), larger than WONK_MAX_TEXT_BYTES (also after decompression: a gzip
 * bomb stops at the limit), corrupt or truncated gzip streams, and, for
 * plain text, binary data.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "extract.h"
#include "meta.h"
#include "util.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

typedef enum format { FMT_NONE, FMT_TEXT, FMT_HTML, FMT_MARKDOWN, FMT_JSON, FMT_JSONL } format;

static const struct {
	const char *suffix;
	format fmt;
} suffixes[] = {
	{".txt", FMT_TEXT},      {".text", FMT_TEXT},
	{".html", FMT_HTML},     {".htm", FMT_HTML},      {".xhtml", FMT_HTML},
	{".md", FMT_MARKDOWN},   {".markdown", FMT_MARKDOWN},
	{".json", FMT_JSON},     {".jsonl", FMT_JSONL},   {".ndjson", FMT_JSONL},
};

/* The format a file name says, looking through a final ".gz". */
static format format_of(const char *path, int *gzip)
{
	size_t n = strlen(path);
	*gzip = ends_with(path, ".gz");
	if (*gzip)
		n -= 3;
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		size_t m = strlen(suffixes[i].suffix);
		if (n > m && strncasecmp(path + n - m, suffixes[i].suffix, m) == 0 &&
		    path[n - m - 1] != '/')
			return suffixes[i].fmt;
	}
	return FMT_NONE;
}

int wonk_extract_supported(const char *path)
{
	int gz;
	return format_of(path, &gz) != FMT_NONE;
}

static wonk_status fail(char **err, wonk_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static wonk_status fail(char **err, wonk_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	*err = wonk_strdup_vprintf(fmt, ap);
	va_end(ap);
	return st;
}

int wonk_looks_binary(const char *p, size_t n)
{
	size_t controls = 0;
	if (n > 65536)
		n = 65536;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == 0)
			return 1;
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
			controls++;
	}
	return n > 0 && controls * 10 > n;
}

/* Reads all of fd (a regular file) into *out; the file must not exceed the
 * text limit. */
static wonk_status read_plain(int fd, off_t size, wonk_buf *out, char **err)
{
	if ((uint64_t)size > WONK_MAX_TEXT_BYTES)
		return fail(err, WONK_ERR_BAD_INPUT, "file larger than %s", "256 MiB");
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return fail(err, WONK_ERR_IO, "%s", strerror(errno));
		}
		if (n == 0)
			break;
		if (out->len + (size_t)n > WONK_MAX_TEXT_BYTES)
			return fail(err, WONK_ERR_BAD_INPUT, "file larger than %s", "256 MiB");
		wonk_buf_append(out, chunk, (size_t)n);
		if (out->failed)
			return fail(err, WONK_ERR_NO_MEMORY, "%s", "out of memory");
	}
	return WONK_OK;
}

static wonk_status read_gzip(int fd, wonk_buf *out, char **err)
{
	int fd2 = dup(fd);
	if (fd2 < 0)
		return fail(err, WONK_ERR_IO, "%s", strerror(errno));
	gzFile gz = gzdopen(fd2, "rb");
	if (!gz) {
		close(fd2);
		return fail(err, WONK_ERR_NO_MEMORY, "%s", "out of memory");
	}
	wonk_status st = WONK_OK;
	char chunk[65536];
	for (;;) {
		int n = gzread(gz, chunk, sizeof chunk);
		if (n < 0) {
			int zerr;
			const char *msg = gzerror(gz, &zerr);
			st = fail(err, zerr == Z_ERRNO ? WONK_ERR_IO : WONK_ERR_BAD_INPUT,
				  "corrupt gzip data: %s", msg);
			break;
		}
		if (n == 0) {
			/* gzread also returns 0 on a truncated stream; gzerror tells. */
			int zerr;
			const char *msg = gzerror(gz, &zerr);
			if (zerr != Z_OK && zerr != Z_STREAM_END)
				st = fail(err, WONK_ERR_BAD_INPUT, "corrupt gzip data: %s", msg);
			break;
		}
		if (out->len + (size_t)n > WONK_MAX_TEXT_BYTES) {
			st = fail(err, WONK_ERR_BAD_INPUT,
				  "decompresses to more than %s", "256 MiB");
			break;
		}
		wonk_buf_append(out, chunk, (size_t)n);
		if (out->failed) {
			st = fail(err, WONK_ERR_NO_MEMORY, "%s", "out of memory");
			break;
		}
	}
	gzclose_r(gz);
	return st;
}

/* The file's name without its directories: the title of a document that
 * has no other. */
static char *title_from_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	return wonk_meta_clean(base, strlen(base));
}

/* Plain text is kept byte for byte, so a passage's span is its exact place
 * in the file. */
static wonk_status extract_text(wonk_buf *text, wonk_document *doc, char **err)
{
	if (wonk_looks_binary(text->data ? text->data : "", text->len))
		return fail(err, WONK_ERR_BAD_INPUT, "%s", "binary file, not text");
	wonk_buf_append(text, "", 1); /* the NUL terminator */
	if (text->failed)
		return fail(err, WONK_ERR_NO_MEMORY, "%s", "out of memory");
	doc->body = text->data;
	doc->body_len = text->len - 1;
	doc->type = "text";
	memset(text, 0, sizeof *text);
	return WONK_OK;
}

wonk_status wonk_read_file(const char *path, char **data, size_t *len, char **err)
{
	*data = NULL;
	*len = 0;
	*err = NULL;
	int gzip;
	if (format_of(path, &gzip) == FMT_NONE)
		return fail(err, WONK_ERR_UNSUPPORTED, "%s", "not a file type wonk indexes");
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errno == ENOENT ? WONK_ERR_NOT_FOUND : WONK_ERR_IO,
			    "%s", strerror(errno));
	struct stat st;
	wonk_status status;
	wonk_buf text = {0};
	if (fstat(fd, &st) < 0) {
		status = fail(err, WONK_ERR_IO, "%s", strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		status = fail(err, WONK_ERR_UNSUPPORTED, "%s", "not a regular file");
	} else {
		status = gzip ? read_gzip(fd, &text, err) : read_plain(fd, st.st_size, &text, err);
	}
	close(fd);
	if (status != WONK_OK) {
		wonk_buf_free(&text);
		return status;
	}
	/* Always NUL-terminated, for the extractors' convenience. */
	wonk_buf_append(&text, "", 1);
	if (text.failed) {
		wonk_buf_free(&text);
		return fail(err, WONK_ERR_NO_MEMORY, "%s", "out of memory");
	}
	*data = text.data;
	*len = text.len - 1;
	return WONK_OK;
}

wonk_status wonk_extract_buffer(const char *path, char *data, size_t len,
				const wonk_field_map *fields, wonk_extraction *out,
				char **err)
{
	memset(out, 0, sizeof *out);
	*err = NULL;
	int gzip;
	format fmt = format_of(path, &gzip);
	wonk_status st;
	if (fmt == FMT_JSON || fmt == FMT_JSONL) {
		wonk_json_neutralize_nuls(data, len);
		st = wonk_extract_json(data, len, fmt == FMT_JSONL, fields, out, err);
		free(data);
	} else {
		wonk_document doc;
		memset(&doc, 0, sizeof doc);
		if (fmt == FMT_TEXT) {
			wonk_buf text = {data, len, len + 1, 0};
			st = extract_text(&text, &doc, err);
			wonk_buf_free(&text);
		} else {
			st = fmt == FMT_HTML ? wonk_extract_html(data, len, &doc, err)
			   : fmt == FMT_MARKDOWN ? wonk_extract_markdown(data, len, &doc, err)
			   : fail(err, WONK_ERR_UNSUPPORTED, "%s", "not a file type wonk indexes");
			free(data);
		}
		if (st == WONK_OK) {
			out->docs = malloc(sizeof *out->docs);
			if (!out->docs) {
				wonk_document_clear(&doc);
				st = fail(err, WONK_ERR_NO_MEMORY, "%s", "out of memory");
			} else {
				out->docs[0] = doc;
				out->ndocs = 1;
			}
		}
	}
	if (st != WONK_OK) {
		wonk_extraction_clear(out);
		return st;
	}
	/* Every document has a title: a file's name, with the record number
	 * for a record that has none. */
	for (size_t i = 0; i < out->ndocs; i++) {
		wonk_document *d = &out->docs[i];
		if (d->meta.title)
			continue;
		char *base = title_from_path(path);
		if (base && d->record) {
			d->meta.title = wonk_strdup_printf("%s #%lu", base, d->record);
			free(base);
		} else {
			d->meta.title = base;
		}
		if (!d->meta.title) {
			wonk_extraction_clear(out);
			return fail(err, WONK_ERR_NO_MEMORY, "%s", "out of memory");
		}
	}
	return WONK_OK;
}

wonk_status wonk_extract_file(const char *path, const wonk_field_map *fields,
			      wonk_extraction *out, char **err)
{
	char *data;
	size_t len;
	memset(out, 0, sizeof *out);
	wonk_status st = wonk_read_file(path, &data, &len, err);
	if (st != WONK_OK)
		return st;
	uint64_t hash = wonk_hash64(data, len);
	st = wonk_extract_buffer(path, data, len, fields, out, err);
	out->content_hash = hash;
	return st;
}

const char *wonk_document_field(const wonk_document *doc, wonk_field f)
{
	switch (f) {
	case WONK_FIELD_TYPE: return doc->type;
	case WONK_FIELD_TITLE: return doc->meta.title;
	case WONK_FIELD_AUTHOR: return doc->meta.author;
	case WONK_FIELD_DATE: return doc->meta.date;
	case WONK_FIELD_SOURCE: return doc->meta.source;
	case WONK_FIELD_URL: return doc->meta.url;
	case WONK_FIELD_TAGS: return doc->meta.tags;
	case WONK_FIELD_DESCRIPTION: return doc->meta.description;
	case WONK_FIELD_LANG: return doc->meta.lang;
	default: return NULL;
	}
}

int wonk_field_map_set(wonk_field_map *m, const char *field, const char *key)
{
	char **slot = !strcmp(field, "title") ? &m->title
		    : !strcmp(field, "author") ? &m->author
		    : !strcmp(field, "date") ? &m->date
		    : !strcmp(field, "source") ? &m->source
		    : !strcmp(field, "url") ? &m->url
		    : !strcmp(field, "tags") ? &m->tags
		    : !strcmp(field, "body") ? &m->body
		    : NULL;
	if (!slot || !key || !*key)
		return -1;
	char *copy = wonk_strndup(key, strlen(key));
	if (!copy)
		return -2;
	free(*slot);
	*slot = copy;
	return 0;
}

void wonk_field_map_clear(wonk_field_map *m)
{
	free(m->title);
	free(m->author);
	free(m->date);
	free(m->source);
	free(m->url);
	free(m->tags);
	free(m->body);
	memset(m, 0, sizeof *m);
}

void wonk_meta_clear(wonk_meta *m)
{
	free(m->title);
	free(m->author);
	free(m->date);
	free(m->source);
	free(m->url);
	free(m->description);
	free(m->lang);
	free(m->tags);
	memset(m, 0, sizeof *m);
}

void wonk_document_clear(wonk_document *doc)
{
	free(doc->body);
	wonk_meta_clear(&doc->meta);
	memset(doc, 0, sizeof *doc);
}

void wonk_extraction_clear(wonk_extraction *x)
{
	for (size_t i = 0; i < x->ndocs; i++)
		wonk_document_clear(&x->docs[i]);
	free(x->docs);
	free(x->bad_reason);
	memset(x, 0, sizeof *x);
}
