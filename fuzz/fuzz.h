/*
 * fuzz.h - what the libFuzzer targets in fuzz/ share: the entry point's
 * prototype (the project builds with -Wmissing-prototypes) and checks of the
 * contracts the private headers state, so that a broken promise is a crash
 * the fuzzer reports, not a silent wrong answer.
 */
#ifndef WONK_FUZZ_H
#define WONK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "passage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts, naming the broken promise; libFuzzer saves the input. */
#define FUZZ_ASSERT(cond, what)                                              \
	do {                                                                 \
		if (!(cond)) {                                               \
			fprintf(stderr, "fuzz: contract broken: %s (%s:%d)\n", \
				what, __FILE__, __LINE__);                   \
			abort();                                             \
		}                                                            \
	} while (0)

/* True when s[0, n) is valid UTF-8 (no overlongs, surrogates or values
 * past U+10FFFF). */
static inline int fuzz_valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end) {
		unsigned c = *p++;
		size_t more;
		unsigned min;
		if (c < 0x80)
			continue;
		if (c >= 0xC2 && c <= 0xDF) {
			more = 1;
			min = 0x80;
			c &= 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			more = 2;
			min = 0x800;
			c &= 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			more = 3;
			min = 0x10000;
			c &= 0x07;
		} else {
			return 0;
		}
		if ((size_t)(end - p) < more)
			return 0;
		for (size_t i = 0; i < more; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			c = (c << 6) | (p[i] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
		p += more;
	}
	return 1;
}

/* extract.h: every metadata field is NULL or a NUL-terminated, valid UTF-8
 * string with no white space at either end. */
static inline void fuzz_check_field(const char *v)
{
	if (!v)
		return;
	size_t n = strlen(v);
	FUZZ_ASSERT(fuzz_valid_utf8(v, n), "metadata field is valid UTF-8");
	FUZZ_ASSERT(n == 0 || (v[0] != ' ' && v[n - 1] != ' ' && v[0] != '\n' &&
			       v[n - 1] != '\n' && v[0] != '\t' && v[n - 1] != '\t'),
		    "metadata field is trimmed");
}

/* A document as extract.h describes it, and its passages as passage.h
 * does: spans in order, inside the body, not overlapping. */
static inline void fuzz_check_document(const wonk_document *d)
{
	FUZZ_ASSERT(d->body != NULL, "a document has a body");
	FUZZ_ASSERT(d->body[d->body_len] == '\0', "the body is NUL-terminated");
	FUZZ_ASSERT(d->type != NULL, "a document has a type");
	const wonk_meta *m = &d->meta;
	fuzz_check_field(m->title);
	fuzz_check_field(m->author);
	fuzz_check_field(m->date);
	fuzz_check_field(m->source);
	fuzz_check_field(m->url);
	fuzz_check_field(m->description);
	fuzz_check_field(m->lang);
	fuzz_check_field(m->tags);
	if (m->date) {
		size_t n = strlen(m->date);
		FUZZ_ASSERT(n == 4 || n == 7 || n == 10, "the date is YYYY[-MM[-DD]]");
	}

	wonk_passage_params pp;
	wonk_passage_params_default(&pp);
	wonk_span *spans = NULL;
	size_t nspans = 0;
	if (wonk_split_passages(d->body, d->body_len, &pp, &spans, &nspans) == 0) {
		size_t at = 0;
		for (size_t i = 0; i < nspans; i++) {
			FUZZ_ASSERT(spans[i].start >= at && spans[i].start < spans[i].end &&
					    spans[i].end <= d->body_len,
				    "passages are in order, inside the body, not empty");
			at = spans[i].end;
		}
		(void)wonk_count_words(d->body, d->body_len);
	}
	free(spans);
}

#endif
