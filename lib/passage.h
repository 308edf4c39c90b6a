/*
 * passage.h - cutting a document's text into passages (private to libwonk).
 *
 * Passages are what wonk ranks and shows, so they should read as units:
 * paragraphs where the text has them (blank lines separate paragraphs),
 * long paragraphs split at sentence ends, short ones (headings, captions,
 * bylines) joined to the paragraph that follows (or, at the end, to the one
 * before), and text with no paragraph breaks at all (the State of the Union
 * files are one line each) windowed by sentences.
 *
 * Every passage is a byte span of the input, trimmed of surrounding white
 * space, so it maps straight back to the source file.  Spans are in order,
 * never overlap, never empty.  Invalid UTF-8 never crashes the splitter.
 */
#ifndef WONK_PASSAGE_H
#define WONK_PASSAGE_H

#include <stddef.h>

typedef struct wonk_span {
	size_t start; /* first byte */
	size_t end;   /* one past the last byte */
} wonk_span;

typedef struct wonk_passage_params {
	unsigned min_words;        /* a paragraph shorter than this is joined */
	unsigned max_words;        /* a paragraph longer than this is split */
	unsigned window_sentences; /* sentences per window when splitting */
} wonk_passage_params;

/* The defaults wonk indexes with. */
void wonk_passage_params_default(wonk_passage_params *p);

/* Splits text[0, len) into passages.  On success returns 0 and sets *out to a
 * malloc'ed array of *n spans (the caller frees it; NULL when *n is 0, as for
 * empty or all-blank text).  Returns -1 when out of memory, with *out NULL. */
int wonk_split_passages(const char *text, size_t len,
			const wonk_passage_params *p,
			wonk_span **out, size_t *n);

/* Counts the words (runs of letters and digits) in text[0, len). */
size_t wonk_count_words(const char *text, size_t len);

#endif
