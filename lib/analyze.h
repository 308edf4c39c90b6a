/*
 * analyze.h - the one text analyzer wonk uses for indexing, querying and
 * highlighting (private to libwonk).
 *
 * Because the same code turns documents into index terms, query words into
 * query terms and stored passages into highlight spans, a highlight always
 * lands on exactly the bytes that matched.
 *
 * A token is a maximal run of letters, digits and combining marks, with these
 * policy-text rules applied:
 *   - apostrophes (U+0027, U+2019, U+02BC) inside a word are dropped
 *     ("don't" -> "dont"); a trailing possessive "'s" or "'" is removed
 *     ("Russia's" -> "russia", "States'" -> "states");
 *   - hyphens and other dashes always separate tokens, so "Kim Jong-un" gives
 *     kim, jong, un at consecutive positions and matches "Kim Jong Un",
 *     also as a phrase;
 *   - dotted acronyms fold together ("U.S." -> "us", "U.N." -> "un");
 *   - numbers are tokens ("1905", "19" in "COVID-19"); "3.5" and "1,000" stay
 *     one token each ("3.5", "1000");
 *   - the form is NFKC-normalised, case-folded and stripped of diacritics;
 *   - bytes that are not valid UTF-8 separate tokens, never crash, and never
 *     shift the byte offsets of later tokens.
 * The stem is the Snowball English stem of the form.  Forms longer than
 * WONK_MAX_TERM_BYTES are not emitted but still take a position, so phrases
 * across them do not falsely match.
 */
#ifndef WONK_ANALYZE_H
#define WONK_ANALYZE_H

#include <stddef.h>
#include <stdint.h>

#define WONK_MAX_TERM_BYTES 64

typedef struct wonk_analyzer wonk_analyzer;

typedef struct wonk_token {
	const char *form;   /* normalised, case-folded word, NUL-terminated */
	size_t form_len;
	const char *stem;   /* Snowball English stem of form, NUL-terminated */
	size_t stem_len;
	uint32_t pos;       /* 0-based word position (first_pos + ordinal) */
	size_t start;       /* byte offset of the token's first byte in the input */
	size_t end;         /* byte offset one past its last byte */
} wonk_token;

/* Called once per token, in order.  The strings are valid only during the
 * call.  Return 0 to continue, non-zero to stop; wonk_analyze() then returns
 * that value. */
typedef int (*wonk_token_fn)(void *ctx, const wonk_token *tok);

/* Returns NULL when out of memory. */
wonk_analyzer *wonk_analyzer_new(void);
void wonk_analyzer_free(wonk_analyzer *a); /* accepts NULL */

/* Tokenises text[0, len) and calls fn for each token.  Positions start at
 * first_pos.  Returns 0, the callback's non-zero value, or -1 when out of
 * memory.  *next_pos (may be NULL) receives the position after the last
 * token, so that a caller can analyse a document piece by piece. */
int wonk_analyze(wonk_analyzer *a, const char *text, size_t len,
		 uint32_t first_pos, wonk_token_fn fn, void *ctx,
		 uint32_t *next_pos);

/* Which words may stem to one of a few wanted stems (a query's), told
 * from their first two bytes: a Snowball English stem begins with its
 * word's first two letters, but for "dying", "lying" and "tying" (die,
 * lie, tie).  A zeroed filter wants nothing; wonk_stem_filter_add adds a
 * stem, or a prefix a word's form or stem is matched with. */
typedef struct wonk_stem_filter {
	unsigned char first[256]; /* a wanted string begins with this byte */
	unsigned char any[256];   /* ...one that is this byte alone */
	uint64_t pair[1024];      /* bit b0 << 8 | b1: one begins b0 b1 */
} wonk_stem_filter;

void wonk_stem_filter_add(wonk_stem_filter *f, const char *s);

/* Whether word w (a folded form, or a stem) may stem to, or be, a wanted
 * string or begin with one. */
int wonk_stem_filter_may(const wonk_stem_filter *f, const char *w, size_t len);

/* The same as wonk_analyze, for a caller that compares stems with a few
 * it knows: only tokens whose form passes filter are stemmed (NULL stems
 * all).  The others carry their form as stem, which can be no wanted
 * stem.  Stemming is most of the cost of analysing text that is already
 * indexed. */
int wonk_analyze_some(wonk_analyzer *a, const char *text, size_t len,
		      uint32_t first_pos, const wonk_stem_filter *filter,
		      wonk_token_fn fn, void *ctx, uint32_t *next_pos);

/* The stemming path on its own: case-folds word and returns its Snowball
 * English stem (NUL-terminated, owned by the analyzer, valid until the next
 * call on it).  *out_len (may be NULL) receives its length.  Returns NULL
 * when out of memory. */
const char *wonk_analyzer_stem(wonk_analyzer *a, const char *word,
			       size_t len, size_t *out_len);

#endif
