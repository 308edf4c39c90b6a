/*
 * analyze.c - wonk's one text analyzer: it owns the tokenisation rules of
 * analyze.h (what a word is, where its bytes are, how it is normalised) and
 * the stemming path (case folding plus Snowball English).  Indexing, query
 * parsing and highlighting all come through here, so a rule changed here
 * changes all three together.
 *
 * Copyright (C) 2026 the wonk authors.
 * wonk is free software: you can redistribute it and/or modify it under the
 * terms of the GNU General Public License as published by the Free Software
 * Foundation, either version 2 of the License, or (at your option) any later
 * version (GPL-2.0-or-later).
 *
 * Spans.  A token's [start, end) covers the bytes a reader would call the
 * word, so a highlight marks exactly that:
 *   - "Russia's" / "Russia’s": "Russia" only; the possessive "'s" (or the
 *     bare trailing "'" of "States'") is consumed but outside the span;
 *   - "don't": the whole "don't" (the inner apostrophe is only dropped from
 *     the form);
 *   - "U.S.": "U.S", through the last letter; "U.S.'s" also drops the "'s";
 *   - "1,000": the whole "1,000"; "Jong-un": "Jong" and "un" separately.
 *
 * Dotted acronyms are two or more single letters (each with any combining
 * marks), each but possibly the last followed by '.', none touching another
 * word character: "U.S.A." -> "usa", "e.g." -> "eg", but "Ph.D." -> "ph",
 * "d" and "Plan B. Then" -> "plan", "b", "then".
 *
 * Performance: almost all text is ASCII, so ASCII letters and digits are
 * classified, lowered and copied by hand, and utf8proc is called only for
 * bytes >= 0x80 and for tokens that contain them.  All buffers live on the
 * handle and are reused; nothing is allocated per token.  Snowball is the
 * single most expensive step, so recent stems are kept in a small cache on
 * the handle (English word frequencies are heavily skewed).
 */
#include "analyze.h"

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>

/*
 * NFKC, case folded, combining marks stripped.  STABLE keeps composition
 * stable across Unicode versions, so an index built with one utf8proc still
 * matches queries analysed with a later one.
 */
#define FOLD_OPTS (UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | \
		   UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK)

/*
 * Most raw bytes of one token that are kept for normalisation.  Every
 * character except a combining mark leaves at least one byte in the form, so
 * a token with more raw bytes than this (at most 4 per character) is far
 * over WONK_MAX_TERM_BYTES unless it is mostly stacked marks ("Zalgo" text),
 * and it is treated as over-long without normalising it.  This bounds the
 * work and memory a single pathological token can cost.
 */
#define RAW_CAP 1024

/* Stem cache: direct-mapped, keyed by the form.  A slot is one cache line
 * and holds words of up to 30 bytes (longer ones are rare and go straight
 * to Snowball), so the whole cache is 64 KB: a search touches few pages
 * of it, where slots sized for the longest term cost a page fault for
 * nearly every new word. */
#define CACHE_SLOTS 1024
#define CACHE_FORM_MAX 30
#define CACHE_STEM_MAX 31

struct stem_slot {
	unsigned char form_len; /* 0: empty slot (forms are never empty) */
	unsigned char stem_len;
	char form[CACHE_FORM_MAX];
	char stem[CACHE_STEM_MAX + 1];
};

/* A growable buffer of code points for utf8proc's decompose/reencode. */
struct cpbuf {
	utf8proc_int32_t *v;
	size_t cap;
};

struct wonk_analyzer {
	struct sb_stemmer *stemmer;

	/* The token being built: its kept bytes (ASCII already lowered). */
	char raw[RAW_CAP + 1];
	size_t raw_len;
	bool nonascii;	/* raw holds bytes >= 0x80: needs utf8proc */
	bool overlong;	/* raw overflowed RAW_CAP */

	struct cpbuf tok_fold;	/* normalised form of a non-ASCII token */
	char *tok_stem;		/* token's stem, copied out of Snowball */
	size_t tok_stem_cap;

	/*
	 * wonk_analyzer_stem() has buffers of its own so that a token
	 * callback may call it without clobbering the token it was given.
	 */
	struct cpbuf word_fold;
	char *word;
	size_t word_cap;

	struct stem_slot *cache;
};

/* ------------------------------------------------------------------ */
/* Character classes                                                   */

enum kind {
	K_SEP,		/* separates tokens (also: invalid byte, end of text) */
	K_WORD,		/* letter, number or combining mark */
	K_APOS,		/* U+0027, U+2019, U+02BC */
	K_DOT,		/* '.': dotted acronyms and decimals */
	K_COMMA,	/* ',': thousands separators */
};

#define F_LETTER 1u
#define F_DIGIT 2u
#define F_MARK 4u

struct cp {
	unsigned char kind;
	unsigned char flags;
	unsigned char len;	/* bytes; 0 only at the end of the text */
};

static inline bool ascii_alpha(unsigned char b)
{
	return (unsigned char)((b | 0x20) - 'a') < 26;
}

static inline bool ascii_digit(unsigned char b)
{
	return (unsigned char)(b - '0') < 10;
}

/*
 * Classifies the character at s[i].  Past the end it reports a zero-length
 * separator, so the rules can look ahead without bounds checks of their own.
 * An invalid or truncated sequence is a one-byte separator: the next byte is
 * looked at afresh, so a bad byte never hides the valid text after it.
 */
static inline struct cp decode(const unsigned char *s, size_t i, size_t len)
{
	struct cp c = { K_SEP, 0, 1 };
	utf8proc_int32_t u;
	utf8proc_ssize_t n;
	unsigned char b;

	if (i >= len) {
		c.len = 0;
		return c;
	}
	b = s[i];
	if (b < 0x80) {
		if (ascii_alpha(b)) {
			c.kind = K_WORD;
			c.flags = F_LETTER;
		} else if (ascii_digit(b)) {
			c.kind = K_WORD;
			c.flags = F_DIGIT;
		} else if (b == '\'') {
			c.kind = K_APOS;
		} else if (b == '.') {
			c.kind = K_DOT;
		} else if (b == ',') {
			c.kind = K_COMMA;
		}
		return c;
	}
	n = utf8proc_iterate(s + i, len - i < 4 ? (utf8proc_ssize_t)(len - i) : 4,
			     &u);
	if (n <= 0)
		return c;
	c.len = (unsigned char)n;
	/* U+02BC is a letter (Lm) to Unicode but an apostrophe in practice. */
	if (u == 0x2019 || u == 0x02BC) {
		c.kind = K_APOS;
		return c;
	}
	switch (utf8proc_category(u)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		c.kind = K_WORD;
		c.flags = F_LETTER;
		break;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		c.kind = K_WORD;
		c.flags = F_MARK;
		break;
	case UTF8PROC_CATEGORY_ND:
		c.kind = K_WORD;
		c.flags = F_DIGIT;
		break;
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		c.kind = K_WORD;
		break;
	default:
		break;
	}
	return c;
}

/* True if s[i] is an 's' or 'S' that ends a word: a possessive's "s". */
static inline bool possessive_s(const unsigned char *s, size_t i, size_t len)
{
	return i < len && (s[i] | 0x20) == 's' &&
	       decode(s, i + 1, len).kind != K_WORD;
}

/*
 * If s[i] starts a possessive ending ("'s" or "’s" then no word character),
 * returns the offset just past it, else i.
 */
static size_t skip_possessive(const unsigned char *s, size_t i, size_t len)
{
	struct cp c = decode(s, i, len);

	if (c.kind == K_APOS && possessive_s(s, i + c.len, len))
		return i + c.len + 1;
	return i;
}

/* ------------------------------------------------------------------ */
/* Buffers                                                             */

/* Makes *buf hold at least need bytes; false when out of memory. */
static bool grow_bytes(char **buf, size_t *cap, size_t need)
{
	size_t ncap;
	char *p;

	if (need <= *cap)
		return true;
	ncap = *cap ? *cap : 64;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return false;
		ncap *= 2;
	}
	p = realloc(*buf, ncap);
	if (!p)
		return false;
	*buf = p;
	*cap = ncap;
	return true;
}

static bool grow_cps(struct cpbuf *b, size_t need)
{
	size_t ncap;
	utf8proc_int32_t *p;

	if (need <= b->cap)
		return true;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / sizeof(*p))
			return false;
		ncap *= 2;
	}
	p = realloc(b->v, ncap * sizeof(*p));
	if (!p)
		return false;
	b->v = p;
	b->cap = ncap;
	return true;
}

/*
 * Normalises n bytes of valid UTF-8 with FOLD_OPTS into b.  *out points at
 * the NUL-terminated result inside b.  Returns its length, or -1 when out of
 * memory (or, impossible for validated input, when utf8proc refuses it).
 * This is utf8proc_map() without its per-call malloc.
 */
static utf8proc_ssize_t fold_utf8(struct cpbuf *b, const char *src, size_t n,
				  const char **out)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)src;
	utf8proc_ssize_t r;

	if (n > (size_t)PTRDIFF_MAX / 8)
		return -1;
	if (!grow_cps(b, n + 1))
		return -1;
	/* Keep one slot spare: reencode NUL-terminates in place. */
	r = utf8proc_decompose(s, (utf8proc_ssize_t)n, b->v,
			       (utf8proc_ssize_t)(b->cap - 1), FOLD_OPTS);
	if (r >= 0 && (size_t)r > b->cap - 1) {
		/* Compatibility decompositions can expand a lot (U+FDFA). */
		if (!grow_cps(b, (size_t)r + 1))
			return -1;
		r = utf8proc_decompose(s, (utf8proc_ssize_t)n, b->v,
				       (utf8proc_ssize_t)(b->cap - 1),
				       FOLD_OPTS);
	}
	if (r < 0)
		return -1;
	r = utf8proc_reencode(b->v, r, FOLD_OPTS);
	if (r < 0)
		return -1;
	*out = (const char *)b->v;
	return r;
}

/* ------------------------------------------------------------------ */
/* The stemming path                                                   */

static uint32_t hash_form(const char *s, size_t n)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (n--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* A number ("1905", "3.5") is its own stem; Snowball is for words. */
static bool is_number(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!ascii_digit((unsigned char)s[i]) && s[i] != '.')
			return false;
	return true;
}

/*
 * Stems an already folded word.  The result is NUL-terminated and lives in
 * the word itself, the cache or Snowball's buffer: valid until the next call.
 * Returns NULL when out of memory.
 */
static const char *stem_folded(wonk_analyzer *a, const char *w, size_t n,
			       size_t *out_len)
{
	struct stem_slot *slot = NULL;
	const sb_symbol *st;
	int sl;

	if (is_number(w, n) || n > INT_MAX) {
		/* Snowball takes an int length; a 2 GB word stays unstemmed. */
		*out_len = n;
		return w;
	}
	if (n > 0 && n <= CACHE_FORM_MAX) {
		slot = &a->cache[hash_form(w, n) & (CACHE_SLOTS - 1)];
		if (slot->form_len == n && memcmp(slot->form, w, n) == 0) {
			*out_len = slot->stem_len;
			return slot->stem;
		}
	}
	st = sb_stemmer_stem(a->stemmer, (const sb_symbol *)w, (int)n);
	if (!st)
		return NULL;
	sl = sb_stemmer_length(a->stemmer);
	if (slot && sl <= CACHE_STEM_MAX) {
		slot->form_len = (unsigned char)n;
		slot->stem_len = (unsigned char)sl;
		memcpy(slot->form, w, n);
		memcpy(slot->stem, st, (size_t)sl);
		slot->stem[sl] = '\0';
	}
	*out_len = (size_t)sl;
	return (const char *)st;
}

/*
 * Case-folds (with the same normalisation as token forms, so a word stems
 * here exactly as it does as a token) into a->word.  Apostrophes and all
 * other non-word characters are kept: Snowball gets the word as given.
 * Invalid UTF-8 bytes are copied through unchanged.
 */
static bool fold_word(wonk_analyzer *a, const unsigned char *s, size_t len,
		      size_t *out_len)
{
	size_t i = 0, o = 0;

	if (len > SIZE_MAX - 1 || !grow_bytes(&a->word, &a->word_cap, len + 1))
		return false;
	while (i < len && s[i] < 0x80) {
		unsigned char b = s[i++];

		a->word[o++] = (char)(ascii_alpha(b) ? b | 0x20 : b);
	}
	while (i < len) {
		size_t j = i;
		const char *f;
		utf8proc_ssize_t r;
		utf8proc_int32_t u;

		/* The longest valid run from i, folded in one go. */
		while (j < len) {
			utf8proc_ssize_t n = utf8proc_iterate(
				s + j, len - j < 4 ? (utf8proc_ssize_t)(len - j) : 4,
				&u);
			if (n <= 0)
				break;
			j += (size_t)n;
		}
		if (j > i) {
			r = fold_utf8(&a->word_fold, (const char *)s + i, j - i,
				      &f);
			if (r < 0 || o > SIZE_MAX - (size_t)r - 2 ||
			    !grow_bytes(&a->word, &a->word_cap,
					o + (size_t)r + 2))
				return false;
			memcpy(a->word + o, f, (size_t)r);
			o += (size_t)r;
		}
		if (j < len) {
			if (!grow_bytes(&a->word, &a->word_cap, o + 2))
				return false;
			a->word[o++] = (char)s[j++];
		}
		i = j;
	}
	a->word[o] = '\0';
	*out_len = o;
	return true;
}

const char *wonk_analyzer_stem(wonk_analyzer *a, const char *word, size_t len,
			       size_t *out_len)
{
	const char *st;
	size_t n, sl;

	if (!a)
		return NULL;
	if (!word)
		len = 0;
	if (!fold_word(a, (const unsigned char *)word, len, &n))
		return NULL;
	st = stem_folded(a, a->word, n, &sl);
	if (st && out_len)
		*out_len = sl;
	return st;
}

/* ------------------------------------------------------------------ */
/* Tokens                                                              */

static inline void tok_reset(wonk_analyzer *a)
{
	a->raw_len = 0;
	a->nonascii = false;
	a->overlong = false;
}

static inline void tok_put1(wonk_analyzer *a, char b)
{
	if (a->raw_len < RAW_CAP)
		a->raw[a->raw_len++] = b;
	else
		a->overlong = true;
}

/* Appends one character's bytes, lowering it if it is ASCII. */
static inline void tok_put(wonk_analyzer *a, const unsigned char *p,
			   size_t n)
{
	if (n == 1) {
		tok_put1(a, (char)(ascii_alpha(*p) ? *p | 0x20 : *p));
		return;
	}
	if (a->raw_len + n > RAW_CAP) {
		a->overlong = true;
		return;
	}
	memcpy(a->raw + a->raw_len, p, n);
	a->raw_len += n;
	a->nonascii = true;
}

/*
 * Scans an ordinary word starting at the word character s[i].  Sets *end to
 * the end of its span and returns where scanning resumes (past a possessive
 * ending, which is outside the span).
 */
static size_t scan_word(wonk_analyzer *a, const unsigned char *s, size_t len,
			size_t i, size_t *end)
{
	bool last_digit = false;

	for (;;) {
		size_t j = i;
		struct cp c, nx;

		/* The bulk of all text: ASCII letters and digits. */
		while (i < len) {
			unsigned char b = s[i];

			if (ascii_alpha(b)) {
				last_digit = false;
				tok_put1(a, (char)(b | 0x20));
			} else if (ascii_digit(b)) {
				last_digit = true;
				tok_put1(a, (char)b);
			} else {
				break;
			}
			i++;
		}
		if (i != j)
			*end = i;

		c = decode(s, i, len);
		switch (c.kind) {
		case K_WORD:
			tok_put(a, s + i, c.len);
			last_digit = c.flags & F_DIGIT;
			i += c.len;
			*end = i;
			break;
		case K_APOS:
			nx = decode(s, i + c.len, len);
			/* "States'": the apostrophe ends the word. */
			if (nx.kind != K_WORD)
				return i + c.len;
			/* "Russia's": so does a possessive. */
			if (possessive_s(s, i + c.len, len))
				return i + c.len + 1;
			/* "don't": dropped from the form, kept in the span. */
			i += c.len;
			break;
		case K_DOT:
		case K_COMMA:
			/* "3.5" keeps its point, "1,000" loses its comma. */
			if (!last_digit ||
			    !(decode(s, i + 1, len).flags & F_DIGIT))
				return i;
			if (c.kind == K_DOT)
				tok_put1(a, '.');
			i++;
			break;
		default:
			return i;
		}
	}
}

/* End of the letter at s[i] and its combining marks, or 0 if no letter. */
static size_t letter_end(const unsigned char *s, size_t i, size_t len)
{
	struct cp c = decode(s, i, len);

	if (!(c.flags & F_LETTER))
		return 0;
	i += c.len;
	for (;;) {
		c = decode(s, i, len);
		if (!(c.flags & F_MARK))
			return i;
		i += c.len;
	}
}

/*
 * Scans a dotted acronym ("U.S.", "e.g.") at s[i], if there is one: sets
 * *end to the end of its last letter and returns where scanning resumes, or
 * returns 0 if s[i] does not start one.
 */
static size_t scan_acronym(wonk_analyzer *a, const unsigned char *s,
			   size_t len, size_t i, size_t *end)
{
	size_t p = i, last = 0, units = 0, q;

	/* Cheap rejection of the usual case, a letter followed by a letter. */
	if (i + 1 < len && s[i] < 0x80 && s[i + 1] < 0x80 && s[i + 1] != '.')
		return 0;
	for (;;) {
		q = letter_end(s, p, len);
		if (!q || decode(s, q, len).kind == K_WORD)
			break;
		units++;
		last = q;
		if (q >= len || s[q] != '.')
			break;
		p = q + 1;
	}
	if (units < 2)
		return 0;

	for (p = i; p < last;) {
		struct cp c;

		if (s[p] == '.') {
			p++;
			continue;
		}
		c = decode(s, p, len);
		tok_put(a, s + p, c.len);
		p += c.len;
	}
	*end = last;
	/* "U.S.'s" and "U.S's": the possessive goes, as after any word. */
	q = last < len && s[last] == '.' ? last + 1 : last;
	p = skip_possessive(s, q, len);
	return p != q ? p : last;
}

/*
 * Hands the token built in a->raw, spanning [start, end), to fn.  Returns 0
 * to go on, fn's non-zero value, or -1 when out of memory.
 */
static int emit(wonk_analyzer *a, size_t start, size_t end, uint32_t *pos,
		const wonk_stem_filter *filter, wonk_token_fn fn, void *ctx)
{
	wonk_token t;
	const char *form, *stem;
	size_t form_len, stem_len;
	int rc;

	if (a->overlong) {
		(*pos)++;
		return 0;
	}
	if (!a->nonascii) {
		a->raw[a->raw_len] = '\0';
		form = a->raw;
		form_len = a->raw_len;
	} else {
		utf8proc_ssize_t r = fold_utf8(&a->tok_fold, a->raw,
					       a->raw_len, &form);

		if (r < 0)
			return -1;
		/* Only combining marks, all stripped: no word was there. */
		if (r == 0)
			return 0;
		form_len = (size_t)r;
	}
	if (form_len > WONK_MAX_TERM_BYTES) {
		(*pos)++;
		return 0;
	}

	if (filter && !wonk_stem_filter_may(filter, form, form_len)) {
		stem = form;
		stem_len = form_len;
	} else {
		stem = stem_folded(a, form, form_len, &stem_len);
	}
	if (!stem)
		return -1;
	/* Copied so the callback may call wonk_analyzer_stem() meanwhile. */
	if (stem != form) {
		if (!grow_bytes(&a->tok_stem, &a->tok_stem_cap, stem_len + 1))
			return -1;
		memcpy(a->tok_stem, stem, stem_len + 1);
		stem = a->tok_stem;
	}

	t.form = form;
	t.form_len = form_len;
	t.stem = stem;
	t.stem_len = stem_len;
	t.pos = (*pos)++;
	t.start = start;
	t.end = end;
	rc = fn ? fn(ctx, &t) : 0;
	return rc;
}

static void filter_set(wonk_stem_filter *f, unsigned char b0, unsigned char b1)
{
	unsigned k = (unsigned)b0 << 8 | b1;
	f->pair[k >> 6] |= (uint64_t)1 << (k & 63);
}

void wonk_stem_filter_add(wonk_stem_filter *f, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (!u[0])
		return;
	f->first[u[0]] = 1;
	if (!u[1]) {
		f->any[u[0]] = 1;
		return;
	}
	filter_set(f, u[0], u[1]);
	/* Snowball's exceptions: dying, lying, tying stem to die, lie, tie. */
	if (u[1] == 'i')
		filter_set(f, u[0], 'y');
}

int wonk_stem_filter_may(const wonk_stem_filter *f, const char *w, size_t len)
{
	const unsigned char *u = (const unsigned char *)w;
	if (len == 0 || !f->first[u[0]])
		return 0;
	if (f->any[u[0]])
		return 1;
	if (len < 2)
		return 0; /* a one-byte word is its own stem */
	/* A second letter beyond ASCII: only the first byte is judged. */
	if (u[1] >= 0x80)
		return 1;
	unsigned k = (unsigned)u[0] << 8 | u[1];
	return (int)(f->pair[k >> 6] >> (k & 63) & 1);
}

int wonk_analyze(wonk_analyzer *a, const char *text, size_t len,
		 uint32_t first_pos, wonk_token_fn fn, void *ctx,
		 uint32_t *next_pos)
{
	return wonk_analyze_some(a, text, len, first_pos, NULL, fn, ctx, next_pos);
}

int wonk_analyze_some(wonk_analyzer *a, const char *text, size_t len,
		      uint32_t first_pos, const wonk_stem_filter *filter,
		      wonk_token_fn fn, void *ctx, uint32_t *next_pos)
{
	const unsigned char *s = (const unsigned char *)text;
	uint32_t pos = first_pos;
	size_t i = 0;
	int rc = 0;

	if (!a) {
		rc = -1;
		goto out;
	}
	if (!s)
		len = 0;
	while (i < len) {
		size_t start = i, end = i, next;
		struct cp c;
		unsigned char b = s[i];

		/* Skip ASCII separators without decoding them. */
		if (b < 0x80 && !ascii_alpha(b) && !ascii_digit(b)) {
			i++;
			continue;
		}
		c = decode(s, i, len);
		if (c.kind != K_WORD) {
			i += c.len;
			continue;
		}
		tok_reset(a);
		next = 0;
		if (c.flags & F_LETTER)
			next = scan_acronym(a, s, len, i, &end);
		if (!next)
			next = scan_word(a, s, len, i, &end);
		i = next;
		rc = emit(a, start, end, &pos, filter, fn, ctx);
		if (rc)
			break;
	}
out:
	if (next_pos)
		*next_pos = pos;
	return rc;
}

/* ------------------------------------------------------------------ */
/* The handle                                                          */

wonk_analyzer *wonk_analyzer_new(void)
{
	wonk_analyzer *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	a->cache = calloc(CACHE_SLOTS, sizeof(*a->cache));
	a->stemmer = sb_stemmer_new("english", NULL);
	if (!a->cache || !a->stemmer) {
		wonk_analyzer_free(a);
		return NULL;
	}
	return a;
}

void wonk_analyzer_free(wonk_analyzer *a)
{
	if (!a)
		return;
	if (a->stemmer)
		sb_stemmer_delete(a->stemmer);
	free(a->cache);
	free(a->tok_fold.v);
	free(a->tok_stem);
	free(a->word_fold.v);
	free(a->word);
	free(a);
}
