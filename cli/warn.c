/*
 * warn.c - see warn.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "warn.h"
#include "wonk.h"

static const char *program = "wonk";

void warn_program(const char *name)
{
	program = name;
}

void put_printable(FILE *out, const char *s)
{
	char *safe = wonk_printable(s, strlen(s), NULL);
	fputs(safe ? safe : "(out of memory)", out);
	wonk_free(safe);
}

void warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
	if (msg) {
		va_start(ap, fmt);
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "%s: ", program);
	put_printable(stderr, msg ? msg : "(out of memory)");
	fputc('\n', stderr);
	free(msg);
}

/* Writes a printed JSON object so that every reader can take it: bytes
 * that are not UTF-8 (a file name's) become U+FFFD, and C1 controls and
 * DEL, which JSON allows raw but terminals obey, are escaped like C0. */
void put_json_line(FILE *out, const char *line)
{
	const unsigned char *p = (const unsigned char *)line;
	while (*p) {
		unsigned char c = *p;
		size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
			 : (c & 0xF8) == 0xF0 ? 4 : 0;
		int valid = n > 0;
		for (size_t k = 1; valid && k < n; k++)
			valid = (p[k] & 0xC0) == 0x80;
		if (valid && n == 2 && c < 0xC2)
			valid = 0; /* overlong */
		if (!valid) {
			fputs("\xEF\xBF\xBD", out);
			p++;
		} else if (c == 0x7F || (c == 0xC2 && p[1] <= 0x9F)) {
			fprintf(out, "\\u%04x", c == 0x7F ? 0x7F : p[1]);
			p += n;
		} else {
			fwrite(p, 1, n, out);
			p += n;
		}
	}
	fputc('\n', out);
}
