/*
 * extract.c - plain text and gzip-compressed plain text.
 *
 * Text is read as bytes and kept byte for byte, so a passage's span is its
 * exact place in the file (in the decompressed stream for .gz).  What is
 * refused, with a reason: files that are not regular (a FIFO would block),
 * larger than WONK_MAX_TEXT_BYTES (also after decompression: a gzip bomb
 * stops at the limit), corrupt or truncated gzip streams, and binary data.
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
#include "util.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static int is_gzip_name(const char *path)
{
	return ends_with(path, ".txt.gz");
}

int wonk_extract_supported(const char *path)
{
	return ends_with(path, ".txt") || is_gzip_name(path);
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

/* Binary files are not text: a NUL byte, or many control characters, in
 * the first 64 KiB gives them away (as grep decides). */
static int looks_binary(const char *p, size_t n)
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

/* The file's name without its directories: what a plain text shows as its
 * title, since it has no other. */
static char *title_from_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	return wonk_strndup(base, strlen(base));
}

wonk_status wonk_extract_file(const char *path, wonk_document *doc, char **err)
{
	memset(doc, 0, sizeof *doc);
	*err = NULL;
	if (!wonk_extract_supported(path))
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
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		status = fail(err, WONK_ERR_UNSUPPORTED, "%s", "not a regular file");
		goto done;
	}
	status = is_gzip_name(path) ? read_gzip(fd, &text, err)
				    : read_plain(fd, st.st_size, &text, err);
	if (status != WONK_OK)
		goto done;
	if (looks_binary(text.data ? text.data : "", text.len)) {
		status = fail(err, WONK_ERR_BAD_INPUT, "%s", "binary file, not text");
		goto done;
	}
	doc->title = title_from_path(path);
	if (!doc->title) {
		status = fail(err, WONK_ERR_NO_MEMORY, "%s", "out of memory");
		goto done;
	}
	doc->body = text.data ? text.data : calloc(1, 1);
	if (!doc->body) {
		status = fail(err, WONK_ERR_NO_MEMORY, "%s", "out of memory");
		goto done;
	}
	doc->body_len = text.len;
	doc->type = "text";
	text.data = NULL;
	status = WONK_OK;
done:
	close(fd);
	wonk_buf_free(&text);
	if (status != WONK_OK) {
		free(doc->title);
		memset(doc, 0, sizeof *doc);
	}
	return status;
}

void wonk_document_clear(wonk_document *doc)
{
	free(doc->body);
	free(doc->title);
	memset(doc, 0, sizeof *doc);
}
