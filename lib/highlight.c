/*
 * highlight.c - matching a query tree against one passage's words: the
 * highlight spans and the exact-phrase check (see highlight.h).
 */
#include <stdlib.h>
#include <string.h>

#include "highlight.h"
#include "util.h"

typedef struct htoken {
	size_t stem, form;  /* offsets of NUL-terminated strings in the arena */
	size_t start, end;
	uint32_t pos;
} htoken;

typedef struct hstate {
	htoken *toks;
	size_t ntoks, cap;
	wonk_buf arena;
	wonk_span *spans;
	size_t nspans, spans_cap;
	int judging;        /* inside an exclusion the index left to us */
	int failed;
} hstate;

static int keep_token(void *ctx, const wonk_token *t)
{
	hstate *h = ctx;
	if (h->ntoks == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		htoken *p = realloc(h->toks, cap * sizeof *p);
		if (!p) {
			h->failed = 1;
			return 1;
		}
		h->toks = p;
		h->cap = cap;
	}
	htoken *k = &h->toks[h->ntoks++];
	k->stem = h->arena.len;
	wonk_buf_append(&h->arena, t->stem, t->stem_len + 1);
	k->form = h->arena.len;
	wonk_buf_append(&h->arena, t->form, t->form_len + 1);
	k->start = t->start;
	k->end = t->end;
	k->pos = t->pos;
	return h->arena.failed ? (h->failed = 1) : 0;
}

static void add_span(hstate *h, size_t start, size_t end)
{
	if (h->nspans == h->spans_cap) {
		size_t cap = h->spans_cap ? h->spans_cap * 2 : 16;
		wonk_span *p = realloc(h->spans, cap * sizeof *p);
		if (!p) {
			h->failed = 1;
			return;
		}
		h->spans = p;
		h->spans_cap = cap;
	}
	h->spans[h->nspans++] = (wonk_span){start, end};
}

static const char *str_at(const hstate *h, size_t off)
{
	return h->arena.data + off;
}

/* Does the phrase start at token i: the same words at consecutive
 * positions (the same forms when it was quoted, else the same stems)? */
static int phrase_at(const hstate *h, const wonk_qnode *ph, size_t i)
{
	if (i + ph->nkids > h->ntoks)
		return 0;
	for (size_t k = 0; k < ph->nkids; k++) {
		const htoken *t = &h->toks[i + k];
		if (k && t->pos != h->toks[i + k - 1].pos + 1)
			return 0;
		if (ph->exact ? strcmp(str_at(h, t->form), ph->kids[k]->form) != 0
			      : strcmp(str_at(h, t->stem), ph->kids[k]->stem) != 0)
			return 0;
	}
	return 1;
}

/* Is there a token of stem within positions [lo, hi] (marked if so)? */
static int occurs_within(hstate *h, const char *stem, uint32_t lo, uint32_t hi, int mark)
{
	int found = 0;
	for (size_t j = 0; j < h->ntoks && h->toks[j].pos <= hi; j++)
		if (h->toks[j].pos >= lo && strcmp(str_at(h, h->toks[j].stem), stem) == 0) {
			if (!mark)
				return 1;
			add_span(h, h->toks[j].start, h->toks[j].end);
			found = 1;
		}
	return found;
}

/* NEAR as Xapian had it when the index kept positions: every kid's stem
 * within one window of n->window positions (the last at most window - 1
 * after the first), in any order.  The words of each such window are
 * marked. */
static int near(hstate *h, const wonk_qnode *n)
{
	if (n->nkids == 0)
		return 0;
	uint32_t width = n->window ? n->window - 1 : 0;
	int hit = 0;
	for (size_t i = 0; i < h->ntoks; i++) {
		/* The window starts at an occurrence of one of the kids. */
		const char *stem = str_at(h, h->toks[i].stem);
		size_t k = 0;
		while (k < n->nkids && strcmp(stem, n->kids[k]->stem) != 0)
			k++;
		if (k == n->nkids)
			continue;
		uint32_t lo = h->toks[i].pos;
		uint32_t hi = lo > UINT32_MAX - width ? UINT32_MAX : lo + width;
		int all = 1;
		for (k = 0; all && k < n->nkids; k++)
			all = n->kids[k]->stem && occurs_within(h, n->kids[k]->stem, lo, hi, 0);
		if (!all)
			continue;
		hit = 1;
		for (k = 0; k < n->nkids; k++)
			occurs_within(h, n->kids[k]->stem, lo, hi, 1);
	}
	return hit;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Evaluates n over the passage and records the spans of what matched.
 * Every kid is visited (not short-circuited) so that all matches are marked. */
static int eval(hstate *h, const wonk_qnode *n)
{
	int hit = 0;
	switch (n->op) {
	case WONK_Q_TERM:
		for (size_t i = 0; i < h->ntoks; i++)
			if (strcmp(str_at(h, h->toks[i].stem), n->stem) == 0) {
				add_span(h, h->toks[i].start, h->toks[i].end);
				hit = 1;
			}
		return hit;
	case WONK_Q_PHRASE:
		if (n->nkids == 0)
			return 0;
		for (size_t i = 0; i < h->ntoks; i++)
			if (phrase_at(h, n, i)) {
				add_span(h, h->toks[i].start, h->toks[i + n->nkids - 1].end);
				hit = 1;
			}
		return hit;
	case WONK_Q_PREFIX:
		for (size_t i = 0; i < h->ntoks; i++)
			if (starts_with(str_at(h, h->toks[i].stem), n->form) ||
			    starts_with(str_at(h, h->toks[i].form), n->form)) {
				add_span(h, h->toks[i].start, h->toks[i].end);
				hit = 1;
			}
		return hit;
	case WONK_Q_FILTER:
	case WONK_Q_RANGE:
	case WONK_Q_ALL:
		/* Metadata, checked by the index; nothing in the text to mark. */
		return 1;
	case WONK_Q_AND_NOT: {
		/* The index excluded what matched a later kid (by stems, which
		 * takes in every exact form), except the kids it cannot judge
		 * (checked: phrases and NEAR, as the index has no positions),
		 * excluded here.  Inside such a kid (h->judging) nothing was
		 * left to the index.  Only kid 0 is marked. */
		size_t before = h->nspans;
		hit = n->nkids > 0 && eval(h, n->kids[0]);
		for (size_t i = 1; hit && i < n->nkids; i++) {
			if (!h->judging && !n->kids[i]->checked)
				continue;
			size_t marked = h->nspans;
			h->judging++;
			hit = !eval(h, n->kids[i]);
			h->judging--;
			h->nspans = marked; /* excluded words are not marked */
		}
		if (!hit)
			h->nspans = before;
		return hit;
	}
	case WONK_Q_OR:
	case WONK_Q_SYNONYM: {
		for (size_t i = 0; i < n->nkids; i++)
			hit |= eval(h, n->kids[i]);
		return hit;
	}
	case WONK_Q_NEAR:
		return near(h, n);
	case WONK_Q_AND: {
		hit = n->nkids > 0;
		for (size_t i = 0; i < n->nkids; i++)
			hit &= eval(h, n->kids[i]);
		return hit;
	}
	case WONK_Q_AND_MAYBE:
		hit = n->nkids > 0 && eval(h, n->kids[0]);
		for (size_t i = 1; i < n->nkids; i++)
			eval(h, n->kids[i]);
		return hit;
	}
	return 0;
}

static int by_start(const void *a, const void *b)
{
	const wonk_span *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? 1 : (x->end > y->end ? -1 : 0);
}

/* Adds the stems and forms the tree compares tokens with to f; 0 when a
 * word could match a token by anything else (an empty prefix or stem), so
 * every token must be stemmed. */
static int wanted_words(const wonk_qnode *n, wonk_stem_filter *f)
{
	if (n->op == WONK_Q_TERM || n->op == WONK_Q_PREFIX) {
		const char *w[2] = {n->stem, n->form};
		for (int i = 0; i < 2; i++) {
			if (w[i] && !*w[i])
				return 0;
			if (w[i])
				wonk_stem_filter_add(f, w[i]);
		}
	}
	for (size_t i = 0; i < n->nkids; i++)
		if (!wanted_words(n->kids[i], f))
			return 0;
	return 1;
}

int wonk_highlight(wonk_analyzer *a, const wonk_qnode *root, const char *text,
		   size_t len, wonk_span **spans, size_t *n)
{
	hstate h = {0};
	*spans = NULL;
	*n = 0;
	int ok = 0;
	/* Tokens are compared with the query's words only: a word that
	 * cannot stem to one of them need not be stemmed. */
	wonk_stem_filter want = {0};
	const wonk_stem_filter *filter = root && wanted_words(root, &want) ? &want : NULL;
	if (wonk_analyze_some(a, text, len, 0, filter, keep_token, &h, NULL) < 0)
		h.failed = 1;
	if (!h.failed && root)
		ok = eval(&h, root);
	if (h.failed) {
		ok = -1;
		goto done;
	}
	/* Order the spans and fold overlaps (a word inside a marked phrase). */
	if (h.nspans > 1)
		qsort(h.spans, h.nspans, sizeof *h.spans, by_start);
	size_t out = 0;
	for (size_t i = 0; i < h.nspans; i++) {
		if (out && h.spans[i].start < h.spans[out - 1].end) {
			if (h.spans[i].end > h.spans[out - 1].end)
				h.spans[out - 1].end = h.spans[i].end;
			continue;
		}
		h.spans[out++] = h.spans[i];
	}
	if (out) {
		*spans = h.spans;
		*n = out;
		h.spans = NULL;
	}
done:
	free(h.spans);
	free(h.toks);
	wonk_buf_free(&h.arena);
	return ok;
}
