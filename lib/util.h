/*
 * util.h - small shared pieces of libwonk (private): a growable byte buffer,
 * varints, a 64-bit hash, and string helpers.
 */
#ifndef WONK_UTIL_H
#define WONK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* A growable buffer.  Appending after an allocation failure does nothing and
 * leaves failed set, so a chain of appends needs one check at the end. */
typedef struct wonk_buf {
	char *data;
	size_t len, cap;
	int failed;
} wonk_buf;

void wonk_buf_append(wonk_buf *b, const void *p, size_t n);
void wonk_buf_append_varint(wonk_buf *b, uint64_t v);
void wonk_buf_free(wonk_buf *b);

/* Reads a varint from *p (not past end); returns -1 on a truncated one. */
int wonk_read_varint(const unsigned char **p, const unsigned char *end,
		     uint64_t *v);

/* 64-bit FNV-1a: stable across runs and machines, used for document ids. */
uint64_t wonk_hash64(const void *p, size_t n);

/* malloc'ed printf; NULL when out of memory. */
char *wonk_strdup_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
char *wonk_strdup_vprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
char *wonk_strndup(const char *s, size_t n);

/* The whole of a small file (a synonyms file, a stub file), malloc'ed and
 * NUL-terminated, its length in *len.  NULL when it cannot be read (errno
 * says why; EFBIG when it is longer than limit bytes). */
char *wonk_read_small_file(const char *path, size_t limit, size_t *len);

/* fsync()s every file directly in dir, then dir itself: 0, or -1 with
 * errno set. */
int wonk_sync_dir(const char *dir);

/* True when s[0, n) is valid UTF-8. */
int wonk_utf8_valid(const char *s, size_t n);

/* Copies text to a malloc'ed, NUL-terminated string that is valid UTF-8:
 * each byte that does not start a valid sequence becomes U+FFFD.  *out_len
 * receives the new length.  NULL when out of memory. */
char *wonk_utf8_repair(const char *text, size_t len, size_t *out_len);

#endif
