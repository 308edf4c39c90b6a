/*
 * expand.c - query expansion (see expand.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expand.h"
#include "layout.h"
#include "rank.h"
#include "util.h"

/* The longest run of query words looked up. */
#define MAX_RUN 8

/* A year the query names (or a decade, "1890s": each of its years) also
 * matches the passages of documents dated then (WONK_YEAR_AFTER, rank.h),
 * so that they reach the pool stage 2
 * re-scores, each gaining what BM25 gives a word that about a quarter of
 * all passages hold: among passages with the same words, the year's come
 * first, while one more of the query's rarer words still counts for more. */
#define YEAR_DOCUMENTS_WEIGHT 1.0

static wonk_qnode *term_node(const char *stem, size_t len)
{
	wonk_qnode *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->op = WONK_Q_TERM;
	t->stem = wonk_strndup(stem, len);
	t->form = wonk_strndup(stem, len);
	if (!t->stem || !t->form) {
		wonk_qnode_free(t);
		return NULL;
	}
	return t;
}

/* An expression (stems joined by spaces) as a TERM or a stemmed PHRASE. */
static wonk_qnode *expression_node(const char *e)
{
	if (!strchr(e, ' '))
		return term_node(e, strlen(e));
	wonk_qnode *ph = calloc(1, sizeof *ph);
	if (!ph)
		return NULL;
	ph->op = WONK_Q_PHRASE;
	for (const char *p = e; *p;) {
		const char *sp = strchr(p, ' ');
		size_t n = sp ? (size_t)(sp - p) : strlen(p);
		if (wonk_qnode_add(ph, term_node(p, n)) < 0) {
			wonk_qnode_free(ph);
			return NULL;
		}
		p = sp ? sp + 1 : p + n;
	}
	return ph;
}

typedef struct alt_ctx {
	wonk_qnode *syn;   /* the SYNONYM being built */
	char *seen[32];
	size_t nseen;
	int failed;
} alt_ctx;

static int add_alternative(void *vctx, const char *alt)
{
	alt_ctx *c = vctx;
	for (size_t i = 0; i < c->nseen; i++)
		if (strcmp(c->seen[i], alt) == 0)
			return 0;
	if (c->nseen == sizeof c->seen / sizeof c->seen[0])
		return 0;
	if (wonk_qnode_add(c->syn, expression_node(alt)) < 0) {
		c->failed = 1;
		return 1;
	}
	/* A copy: alt may live in the caller's buffer, which the next
	 * alternative overwrites. */
	if (!(c->seen[c->nseen] = wonk_strndup(alt, strlen(alt)))) {
		c->failed = 1;
		return 1;
	}
	c->nseen++;
	return 0;
}

static void alt_done(alt_ctx *c)
{
	for (size_t i = 0; i < c->nseen; i++)
		free(c->seen[i]);
}

/* A deep copy of a TERM. */
static wonk_qnode *copy_term(const wonk_qnode *t)
{
	wonk_qnode *c = term_node(t->stem, strlen(t->stem));
	if (c) {
		free(c->form);
		c->form = wonk_strndup(t->form ? t->form : t->stem,
				       strlen(t->form ? t->form : t->stem));
		if (!c->form) {
			wonk_qnode_free(c);
			return NULL;
		}
		c->qstart = t->qstart;
		c->qend = t->qend;
	}
	return c;
}

/* Was the word written like an abbreviation: two capitals or more? */
static int written_as_acronym(const char *text, const wonk_qnode *t)
{
	size_t caps = 0;
	for (size_t i = t->qstart; text && i < t->qend; i++)
		caps += isupper((unsigned char)text[i]) != 0;
	return caps >= 2;
}

size_t wonk_demonym_places(const char *stem, char out[][48], size_t size)
{
	size_t n = strlen(stem), k = 0;
	if (size > 48)
		size = 48;
	/* Five letters at least ("Cuban"), so that short words ("Iran",
	 * "Ben") are not read as demonyms. */
	if (n < 5 || n + 1 >= size || strcmp(stem + n - 2, "an") != 0)
		return 0;
	/* Russian, Korean, American, Cuban: drop the n. */
	memcpy(out[k], stem, n - 1);
	out[k++][n - 1] = '\0';
	/* Mexican, Rican: -an becomes -o. */
	memcpy(out[k], stem, n - 2);
	memcpy(out[k] + n - 2, "o", 2);
	k++;
	/* European: -ean becomes -e. */
	if (n >= 6 && stem[n - 3] == 'e') {
		memcpy(out[k], stem, n - 2);
		out[k++][n - 2] = '\0';
	}
	return k;
}

/* Does the character at i join the word to a neighbour at j that makes
 * it part of a figure or a designation: a digit across a slash or colon
 * ("9/11", "1:30"), a letter or digit across a hyphen ("F-16",
 * "COVID-19", "3-mile")? */
static int joins(const char *text, size_t i, size_t j)
{
	unsigned char c = (unsigned char)text[i], n = (unsigned char)text[j];
	return ((c == '/' || c == ':') && isdigit(n)) || (c == '-' && isalnum(n));
}

/* Is the word one part of a figure or a designation (see joins)?  The
 * analyzer keeps "3.5" and "10,000" whole. */
static int part_of_figure(const char *text, const wonk_qnode *t)
{
	if (!text || t->qend <= t->qstart)
		return 0;
	size_t len = strlen(text);
	if (t->qend > len)
		return 0;
	return (t->qstart >= 2 && joins(text, t->qstart - 1, t->qstart - 2)) ||
	       (t->qend + 1 < len && joins(text, t->qend, t->qend + 1));
}

static int is_month(const wonk_qnode *t)
{
	static const char *const months[] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
		"oct", "nov", "dec",
	};
	if (t->op != WONK_Q_TERM || !t->form)
		return 0;
	for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
		if (strcmp(t->form, months[i]) == 0)
			return 1;
	return 0;
}

/* The form of or's kid i that the relatives may read as a number: ""
 * when it is part of a figure or a designation (the 9 of "9/11", the 16
 * of "F-16") or a day beside its month ("January 6"), which write no
 * count for "six" to say again. */
static const char *number_form(const wonk_qnode *or, size_t i, const char *text)
{
	const wonk_qnode *t = or->kids[i];
	const char *form = t->form ? t->form : t->stem;
	if (isdigit((unsigned char)form[0]) &&
	    (part_of_figure(text, t) || (i > 0 && is_month(or->kids[i - 1])) ||
	     (i + 1 < or->nkids && is_month(or->kids[i + 1]))))
		return "";
	return form;
}

typedef struct expand_ctx {
	const wonk_synonyms *syn;
	const char *text;
	wonk_relatives_fn rel;
	void *rel_ctx;
} expand_ctx;

/* A run that ends in a demonym names a place run ("Puerto Ricans":
 * Puerto Rico, "North Korean": North Korea): when a group holds that
 * place, the run gains the place and the place's other names ("Porto
 * Rico", "Pyongyang"). */
static void demonym_run(const wonk_synonyms *syn, const char *const *stems, size_t len,
			alt_ctx *c)
{
	char places[3][48];
	size_t np = wonk_demonym_places(stems[len - 1], places, sizeof places[0]);
	for (size_t p = 0; p < np && !c->failed; p++) {
		const char *run[MAX_RUN];
		memcpy(run, stems, (len - 1) * sizeof *run);
		run[len - 1] = places[p];
		size_t before = c->syn->nkids;
		if (wonk_synonyms_each(syn, run, len, 0, add_alternative, c) < 0)
			c->failed = 1;
		if (c->syn->nkids == before)
			continue;
		/* The place itself, its stems joined as a group's are. */
		char joined[MAX_RUN * 48];
		size_t at = 0;
		for (size_t k = 0; k < len; k++) {
			size_t n = strlen(run[k]);
			if (at + n + 2 > sizeof joined)
				return;
			if (k)
				joined[at++] = ' ';
			memcpy(joined + at, run[k], n);
			at += n;
		}
		joined[at] = '\0';
		add_alternative(c, joined);
	}
}

/* Adds to an OR of ranked words, for each year among them, the weighted
 * filters that select its documents (YEAR_DOCUMENTS_WEIGHT). */
static int add_year_documents(wonk_qnode *or)
{
	size_t m = or->nkids;
	for (size_t i = 0; i < m; i++) {
		const wonk_qnode *k = or->kids[i];
		if (k->op == WONK_Q_SYNONYM && k->nkids > 0)
			k = k->kids[0];
		int first = 0, last = -1;
		if (k->op == WONK_Q_TERM)
			wonk_years_held(k->form ? k->form : k->stem, &first, &last);
		for (int y = first; y <= last; y++) {
			char term[16];
			snprintf(term, sizeof term, WONK_PREFIX_YEAR "%d", y);
			int have = 0;
			for (size_t j = m; j < or->nkids && !have; j++)
				have = strcmp(or->kids[j]->stem, term) == 0;
			if (have)
				continue;
			wonk_qnode *f = calloc(1, sizeof *f);
			if (!f || !(f->stem = wonk_strndup(term, strlen(term)))) {
				free(f);
				return -1;
			}
			f->op = WONK_Q_FILTER;
			f->weight = YEAR_DOCUMENTS_WEIGHT;
			if (wonk_qnode_add(or, f) < 0)
				return -1;
		}
	}
	return 0;
}

/* Expands the TERM kids of an OR (the words that rank), in query order. */
static int expand_words(wonk_qnode *or, const expand_ctx *x)
{
	const wonk_synonyms *syn = x->syn;
	const char *text = x->text;
	size_t m = or->nkids; /* new kids are appended after these */
	for (size_t i = 0; i < m;) {
		if (or->kids[i]->op != WONK_Q_TERM) {
			i++;
			continue;
		}
		size_t run = 0;
		while (i + run < m && run < MAX_RUN && or->kids[i + run]->op == WONK_Q_TERM)
			run++;
		size_t longest = wonk_synonyms_longest(syn);
		if (longest < 1)
			longest = 1;
		if (run > longest)
			run = longest;
		size_t took = 1;
		for (size_t len = run; len >= 1; len--) {
			const char *stems[MAX_RUN];
			for (size_t k = 0; k < len; k++)
				stems[k] = or->kids[i + k]->stem;
			wonk_qnode *s = calloc(1, sizeof *s);
			if (!s)
				return -1;
			s->op = WONK_Q_SYNONYM;
			/* Kid 0 is what the query said. */
			wonk_qnode *orig;
			if (len == 1) {
				orig = copy_term(or->kids[i]);
			} else {
				orig = calloc(1, sizeof *orig);
				if (orig) {
					orig->op = WONK_Q_PHRASE;
					for (size_t k = 0; k < len; k++)
						if (wonk_qnode_add(orig, copy_term(or->kids[i + k])) < 0) {
							wonk_qnode_free(orig);
							orig = NULL;
							break;
						}
				}
			}
			if (wonk_qnode_add(s, orig) < 0) {
				wonk_qnode_free(s);
				return -1;
			}
			alt_ctx c = {s, {0}, 0, 0};
			if (wonk_synonyms_each(syn, stems, len,
					       len == 1 && written_as_acronym(text, or->kids[i]),
					       add_alternative, &c) < 0)
				c.failed = 1;
			if (len > 1 && !c.failed)
				demonym_run(syn, stems, len, &c);
			if (len == 1 && x->rel && !c.failed)
				x->rel(x->rel_ctx, stems[0], number_form(or, i, text),
				       add_alternative, &c);
			alt_done(&c);
			if (c.failed) {
				wonk_qnode_free(s);
				return -1;
			}
			if (s->nkids == 1) {
				wonk_qnode_free(s);
				continue;
			}
			if (len == 1) {
				/* The word becomes the synonym group. */
				wonk_qnode_free(or->kids[i]);
				or->kids[i] = s;
			} else if (wonk_qnode_add(or, s) < 0) {
				return -1;
			}
			took = len;
			break;
		}
		i += took;
	}
	return add_year_documents(or);
}

static int walk(wonk_qnode **np, const expand_ctx *x)
{
	wonk_qnode *n = *np;
	if (!n)
		return 0;
	switch (n->op) {
	case WONK_Q_TERM: {
		/* A query of one word: wrap it so it can be expanded. */
		wonk_qnode *or = calloc(1, sizeof *or);
		if (!or)
			return -1;
		or->op = WONK_Q_OR;
		or->kids = malloc(sizeof *or->kids);
		if (!or->kids) {
			free(or);
			return -1;
		}
		or->kids[0] = n;
		or->nkids = 1;
		int rc = expand_words(or, x);
		if (or->nkids == 1) {
			*np = or->kids[0];
			or->nkids = 0;
			wonk_qnode_free(or);
		} else {
			*np = or;
		}
		return rc;
	}
	case WONK_Q_OR:
		if (expand_words(n, x) < 0)
			return -1;
		for (size_t i = 0; i < n->nkids; i++)
			if (n->kids[i]->op != WONK_Q_TERM && n->kids[i]->op != WONK_Q_SYNONYM &&
			    walk(&n->kids[i], x) < 0)
				return -1;
		return 0;
	case WONK_Q_AND_MAYBE:
		/* The ranked side only. */
		for (size_t i = 1; i < n->nkids; i++)
			if (walk(&n->kids[i], x) < 0)
				return -1;
		return 0;
	case WONK_Q_AND_NOT:
		return n->nkids ? walk(&n->kids[0], x) : 0;
	default:
		return 0; /* phrases, NEAR, filters: exact or not ranked */
	}
}

int wonk_expand_query(wonk_qnode **root, const wonk_synonyms *syn, const char *text,
		      wonk_relatives_fn relatives, void *rel_ctx)
{
	if ((!syn || wonk_synonyms_longest(syn) == 0) && !relatives)
		return 0;
	expand_ctx x = {syn, text, relatives, rel_ctx};
	return walk(root, &x);
}
