/*
 * util.c - the buffer, varint, hash, string and file helpers declared in util.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include "util.h"
#include "wonk.h"

#define WONK_EXPORT __attribute__((visibility("default")))

static int buf_reserve(wonk_buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + extra + 1) {
		if (cap > SIZE_MAX / 2) {
			b->failed = 1;
			return -1;
		}
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

void wonk_buf_append(wonk_buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) < 0)
		return;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0'; /* always a C string too */
}

void wonk_buf_append_varint(wonk_buf *b, uint64_t v)
{
	unsigned char tmp[10];
	size_t n = 0;
	do {
		unsigned char c = v & 0x7f;
		v >>= 7;
		tmp[n++] = c | (v ? 0x80 : 0);
	} while (v);
	wonk_buf_append(b, tmp, n);
}

void wonk_buf_free(wonk_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

int wonk_read_varint(const unsigned char **p, const unsigned char *end,
		     uint64_t *v)
{
	uint64_t r = 0;
	unsigned shift = 0;
	const unsigned char *q = *p;
	while (q < end && shift < 64) {
		unsigned char c = *q++;
		r |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*p = q;
			*v = r;
			return 0;
		}
		shift += 7;
	}
	return -1;
}

uint64_t wonk_hash64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

char *wonk_strdup_vprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s)
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *wonk_strdup_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = wonk_strdup_vprintf(fmt, ap);
	va_end(ap);
	return s;
}

char *wonk_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

int wonk_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

char *wonk_utf8_repair(const char *text, size_t len, size_t *out_len)
{
	wonk_buf b = {0};
	size_t i = 0, run = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		if (n > 0) {
			i += (size_t)n;
			continue;
		}
		/* Flush the valid run before the bad byte, then replace it. */
		wonk_buf_append(&b, text + run, i - run);
		wonk_buf_append(&b, "\xEF\xBF\xBD", 3);
		i++;
		run = i;
	}
	wonk_buf_append(&b, text + run, len - run);
	if (b.failed) {
		wonk_buf_free(&b);
		return NULL;
	}
	if (!b.data) /* empty input */
		b.data = calloc(1, 1);
	if (out_len)
		*out_len = b.len;
	return b.data;
}

WONK_EXPORT char *wonk_printable(const char *text, size_t len, size_t *out_len)
{
	wonk_buf b = {0};
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
						      (utf8proc_ssize_t)(len - i), &cp);
		/* Invalid bytes, and the controls a terminal acts on (C0 but tab
		 * and newline, DEL, C1), are shown as U+FFFD. */
		if (n <= 0 || (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F)) {
			wonk_buf_append(&b, "\xEF\xBF\xBD", 3);
			i += n > 0 ? (size_t)n : 1;
			continue;
		}
		wonk_buf_append(&b, text + i, (size_t)n);
		i += (size_t)n;
	}
	wonk_buf_append(&b, "", 1);
	if (b.failed) {
		wonk_buf_free(&b);
		return NULL;
	}
	if (out_len)
		*out_len = b.len - 1;
	return b.data;
}

char *wonk_read_small_file(const char *path, size_t limit, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	wonk_buf b = {0};
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= limit)
		wonk_buf_append(&b, chunk, got);
	int err = ferror(f) ? EIO : b.len > limit ? EFBIG : 0;
	fclose(f);
	wonk_buf_append(&b, "", 1);
	if (err || b.failed) {
		wonk_buf_free(&b);
		errno = err ? err : ENOMEM;
		return NULL;
	}
	*len = b.len - 1;
	return b.data;
}

static int sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	int saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int wonk_sync_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *path = wonk_strdup_printf("%s/%s", dir, e->d_name);
		if (!path) {
			errno = ENOMEM;
			rc = -1;
			break;
		}
		struct stat st;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			rc = sync_path(path, O_RDONLY);
		free(path);
	}
	int saved = errno;
	closedir(d);
	errno = saved;
	return rc == 0 ? sync_path(dir, O_RDONLY | O_DIRECTORY) : rc;
}
