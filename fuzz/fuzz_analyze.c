/*
 * fuzz_analyze.c - libFuzzer target: the analyzer (wonk_analyze) and the
 * highlighter that reuses it.  The input's first line is a query, the rest
 * a passage: every token must lie inside the text, in order, with its
 * form and stem within the term limit; every highlight span must too.
 * The stemming path (wonk_analyzer_stem) gets the first line on its own.
 * Analysed with a stem filter wanting the first line's stems, the passage
 * gives the same tokens, and every one whose stem is wanted still has it.
 */
#include "fuzz.h"
#include "analyze.h"
#include "highlight.h"
#include "query.h"

typedef struct token_check {
	size_t len;
	size_t last_end;
	uint32_t next_pos;
	int first;
} token_check;

static int check_token(void *ctx, const wonk_token *t)
{
	token_check *c = ctx;
	FUZZ_ASSERT(t->start < t->end && t->end <= c->len, "a token lies inside the text");
	FUZZ_ASSERT(t->start >= c->last_end, "tokens come in order, not overlapping");
	FUZZ_ASSERT(c->first || t->pos > c->next_pos - 1, "positions increase");
	FUZZ_ASSERT(t->form_len > 0 && t->form_len <= WONK_MAX_TERM_BYTES &&
			    strlen(t->form) == t->form_len,
		    "a form is NUL-terminated, 1 to 64 bytes");
	FUZZ_ASSERT(strlen(t->stem) == t->stem_len && t->stem_len <= t->form_len + 8,
		    "a stem is NUL-terminated and no longer than its form");
	FUZZ_ASSERT(fuzz_valid_utf8(t->form, t->form_len), "a form is valid UTF-8");
	c->last_end = t->end;
	c->next_pos = t->pos + 1;
	c->first = 0;
	return 0;
}

#define FILTER_TOKENS 256

typedef struct token_list {
	char stem[FILTER_TOKENS][WONK_MAX_TERM_BYTES + 16];
	uint32_t pos[FILTER_TOKENS];
	size_t n;
	size_t at; /* the second pass: tokens compared so far */
	const struct wanted *want;
} token_list;

/* The first line's stems, and the filter made of them. */
typedef struct wanted {
	wonk_stem_filter filter;
	char stem[FILTER_TOKENS][WONK_MAX_TERM_BYTES + 16];
	size_t n;
} wanted;

static int list_token(void *ctx, const wonk_token *t)
{
	token_list *l = ctx;
	if (l->n == FILTER_TOKENS)
		return 1;
	snprintf(l->stem[l->n], sizeof l->stem[0], "%s", t->stem);
	l->pos[l->n++] = t->pos;
	return 0;
}

static int want_token(void *ctx, const wonk_token *t)
{
	wanted *w = ctx;
	if (w->n == FILTER_TOKENS)
		return 1;
	wonk_stem_filter_add(&w->filter, t->stem);
	snprintf(w->stem[w->n++], sizeof w->stem[0], "%s", t->stem);
	return 0;
}

static int is_wanted(const wanted *w, const char *stem)
{
	for (size_t i = 0; i < w->n; i++)
		if (strcmp(w->stem[i], stem) == 0)
			return 1;
	return 0;
}

/* The filtered pass: token for token as the unfiltered one, and a wanted
 * stem is never lost to the filter. */
static int compare_token(void *ctx, const wonk_token *t)
{
	token_list *l = ctx;
	if (l->at == l->n)
		return 1;
	size_t i = l->at++;
	FUZZ_ASSERT(t->pos == l->pos[i], "a stem filter keeps every token's position");
	FUZZ_ASSERT(!is_wanted(l->want, l->stem[i]) || strcmp(l->stem[i], t->stem) == 0,
		    "a stem filter keeps every wanted stem");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wonk_analyzer *a;
	if (!a && !(a = wonk_analyzer_new()))
		return 0;
	const char *text = (const char *)data;
	const uint8_t *nl = memchr(data, '\n', size);
	size_t qlen = nl ? (size_t)(nl - data) : 0;
	const char *body = nl ? text + qlen + 1 : text;
	size_t blen = nl ? size - qlen - 1 : size;

	token_check c = {blen, 0, 7, 1};
	uint32_t next = 0;
	int rc = wonk_analyze(a, body, blen, 7, check_token, &c, &next);
	FUZZ_ASSERT(rc == 0 || rc == -1, "the analyzer returns 0 or -1");
	FUZZ_ASSERT(rc != 0 || next >= 7, "the next position follows the first");

	if (rc == 0 && qlen) {
		static token_list plain;
		static wanted want;
		memset(&want.filter, 0, sizeof want.filter);
		want.n = plain.n = plain.at = 0;
		plain.want = &want;
		if (wonk_analyze(a, text, qlen, 0, want_token, &want, NULL) >= 0 &&
		    wonk_analyze(a, body, blen, 0, list_token, &plain, NULL) >= 0 &&
		    wonk_analyze_some(a, body, blen, 0, &want.filter, compare_token, &plain,
				      NULL) >= 0)
			FUZZ_ASSERT(plain.at == plain.n, "a stem filter keeps every token");
	}

	if (qlen && qlen < 4096) {
		size_t slen = 0;
		const char *stem = wonk_analyzer_stem(a, text, qlen, &slen);
		/* A word holds no NUL; text with one may give a stem that does. */
		FUZZ_ASSERT(!stem || memchr(text, '\0', qlen) || strlen(stem) == slen,
			    "a stem's length is right");

		char *query = malloc(qlen + 1);
		if (!query)
			return 0;
		memcpy(query, text, qlen);
		query[qlen] = '\0';
		wonk_query q;
		char *err = NULL;
		memset(&q, 0, sizeof q);
		if (wonk_query_parse(a, query, &q, &err, NULL) == 0 && q.root) {
			wonk_span *spans = NULL;
			size_t n = 0;
			if (wonk_highlight(a, q.root, body, blen, &spans, &n) == 0) {
				size_t at = 0;
				for (size_t i = 0; i < n; i++) {
					FUZZ_ASSERT(spans[i].start >= at &&
							    spans[i].start < spans[i].end &&
							    spans[i].end <= blen,
						    "highlights lie inside the text, in order");
					at = spans[i].end;
				}
			}
			free(spans);
		}
		wonk_query_clear(&q);
		free(err);
		free(query);
	}
	return 0;
}
