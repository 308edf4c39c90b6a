/*
 * search.c - running a search: query parsing, filters, the matcher's
 * candidates, exact-phrase checks, highlighting, counts and facets, and the
 * results the caller iterates.
 *
 * Stage 1 is Xapian's BM25 over passages, collapsed to per_doc passages per
 * document.  The index keeps no positions: when the query has quoted
 * phrases or NEAR, Xapian matches all of their stems; each candidate is
 * then re-analysed and kept only if the phrase occurs word for word and the
 * NEAR words within their window (a phrase or NEAR under NOT is excluded
 * there too), so the window is widened until enough candidates survive.
 * Counts and facets take the matcher's exact totals when there is neither,
 * and check every candidate when there is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include "expand.h"
#include "highlight.h"
#include "numbers.h"
#include "rank.h"
#include "record.h"
#include "wonk-private.h"

/* The largest candidate window fetched while filtering phrases. */
#define WONK_MAX_WINDOW 100000u
/* Candidates fetched per page when every match must be checked. */
#define WONK_SCAN_PAGE 2000u
/* The most index words one prefix* may stand for. */
#define WONK_PREFIX_LIMIT 100u

struct wonk_search {
	wonk_index *idx;
	wonk_query query;
	wonk_qnode *filters;     /* AND of the API's filters, or NULL */
	int has_phrase;
	unsigned limit, offset, per_doc;
	wonk_sort sort;
	char *text;              /* the query as given */
	char *suggestion;        /* the corrected query, once computed */
	int suggested;           /* suggestion has been computed */
	char skip_doc[17];       /* a like-search leaves out its own passage */
	unsigned skip_ordinal;
	int stage1;              /* BM25 alone, no stage-2 re-scoring */
	int expanded;            /* synonyms and acronyms have been added */
	int names_author;        /* a word written as a name is an author's */
};

struct wonk_hit {
	unsigned rank;
	double score;
	char *data;          /* the stored record; rec points into it */
	size_t data_len;
	char *card;          /* its document's first record, when rec's
				fields come from there (fill_cards) */
	size_t card_len;
	unsigned xdocid;     /* Xapian's id of the passage */
	wonk_record rec;
	wonk_span *spans;
	size_t nspans;
	int highlighted;     /* spans are computed */
	char *held;          /* query words held through the document (rank.h) */
	double part[WONK_PART_LAST]; /* what score is the weighted sum of */
};

struct wonk_results {
	wonk_hit *hits;
	size_t n;
	uint64_t estimate;
};

struct wonk_facets {
	wonk_xcount *c;
	size_t n;
};

static int is_blank(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s > ' ' && *s != 0x7f)
			return 0;
	return 1;
}

/* An OR of body terms, each its own form. */
static wonk_qnode *node_or_terms(char **terms, size_t n)
{
	wonk_qnode *or = NULL;
	for (size_t i = 0; i < n; i++) {
		wonk_qnode *t = calloc(1, sizeof *t);
		if (!t || !(t->stem = wonk_strndup(terms[i], strlen(terms[i]))) ||
		    !(t->form = wonk_strndup(terms[i], strlen(terms[i])))) {
			wonk_qnode_free(t);
			wonk_qnode_free(or);
			return NULL;
		}
		or = or ? wonk_qnode_join(WONK_Q_OR, or, t) : t;
		if (!or)
			return NULL;
	}
	return or;
}

WONK_EXPORT wonk_status wonk_search_new(wonk_index *idx, const char *query,
					wonk_search **out)
{
	if (out)
		*out = NULL;
	if (!idx || !query || !out)
		return WONK_ERR_INVALID_ARG;
	wonk_search *s = calloc(1, sizeof *s);
	if (!s)
		return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	char *err = NULL;
	size_t pos = 0;
	if (wonk_query_parse(idx->analyzer, query, &s->query, &err, &pos) < 0) {
		free(s);
		if (!err)
			return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
		wonk_take_error(idx, WONK_ERR_QUERY_SYNTAX, err);
		idx->errpos = pos;
		return WONK_ERR_QUERY_SYNTAX;
	}
	/* A blank query may still get filters; one of punctuation only was
	 * meant to find something and cannot. */
	if (!s->query.root && !is_blank(query)) {
		wonk_query_clear(&s->query);
		free(s);
		return wonk_set_error(idx, WONK_ERR_QUERY_SYNTAX,
				      "query has no words to search for");
	}
	s->idx = idx;
	s->has_phrase = wonk_query_has_phrase(s->query.root);
	s->limit = 10;
	/* No per-document cap by default: the passages that answer a query
	 * cluster in the few documents that deal with it, and stage 2 still
	 * spreads a page over about six documents (docs/RANKING.md). */
	s->per_doc = 0;
	if (!(s->text = wonk_strndup(query, strlen(query)))) {
		wonk_search_destroy(s);
		return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	}
	*out = s;
	return WONK_OK;
}

/* The words a like-search looks for. */
#define WONK_LIKE_TERMS 25

static wonk_status wonk_search_new_like_once(wonk_index *idx, const char *doc,
					     unsigned passage, wonk_search **out)
{
	if (out)
		*out = NULL;
	if (!idx || !doc || !out || strlen(doc) != 16)
		return idx ? wonk_set_error(idx, WONK_ERR_INVALID_ARG,
					    "a document id is 16 hex digits")
			   : WONK_ERR_INVALID_ARG;
	char term[24], ord[4];
	snprintf(term, sizeof term, WONK_PREFIX_DOC "%s", doc);
	for (int i = 0; i < 4; i++)
		ord[i] = (char)(unsigned char)(passage >> (24 - 8 * i));
	char **terms = NULL, *err = NULL;
	size_t n = 0;
	wonk_status st;
	for (int attempt = 0;; attempt++) {
		st = wonk_xdb_expand(idx->db, term, ord, WONK_LIKE_TERMS, &terms, &n, &err);
		if (!wonk_retry_modified(idx, st, attempt, &err))
			break;
	}
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	if (n == 0)
		return wonk_set_error(idx, WONK_ERR_NOT_FOUND, "no passage %s:%u in the index",
				      doc, passage);
	wonk_search *s = calloc(1, sizeof *s);
	wonk_qnode *or = node_or_terms(terms, n);
	for (size_t i = 0; i < n; i++)
		free(terms[i]);
	free(terms);
	if (!s || !or || !(s->text = wonk_strdup_printf("like %s:%u", doc, passage))) {
		wonk_qnode_free(or);
		wonk_search_destroy(s);
		return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	}
	s->query.root = or;
	s->idx = idx;
	s->limit = 10;
	s->per_doc = 2;
	memcpy(s->skip_doc, doc, 17);
	s->skip_ordinal = passage;
	*out = s;
	return WONK_OK;
}

/* This and the other reading calls are each tried again from a fresh view
 * when what they read looks damaged while a writer commits
 * (wonk_retry_damage). */
WONK_EXPORT wonk_status wonk_search_new_like(wonk_index *idx, const char *doc,
					     unsigned passage, wonk_search **out)
{
	wonk_status st;
	wonk_catch_up(idx);
	for (int attempt = 0;; attempt++) {
		st = wonk_search_new_like_once(idx, doc, passage, out);
		if (!wonk_retry_damage(idx, st, attempt))
			break;
	}
	return st;
}

WONK_EXPORT const char *wonk_search_note(const wonk_search *s)
{
	return s && s->query.note ? s->query.note : NULL;
}

WONK_EXPORT wonk_status wonk_search_set_limit(wonk_search *s, unsigned limit)
{
	if (!s || limit > WONK_MAX_WINDOW)
		return WONK_ERR_INVALID_ARG;
	s->limit = limit;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_search_set_offset(wonk_search *s, unsigned offset)
{
	if (!s || offset > WONK_MAX_WINDOW)
		return WONK_ERR_INVALID_ARG;
	s->offset = offset;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_search_set_per_doc(wonk_search *s, unsigned per_doc)
{
	if (!s)
		return WONK_ERR_INVALID_ARG;
	s->per_doc = per_doc;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_search_set_sort(wonk_search *s, wonk_sort sort)
{
	if (!s || (sort != WONK_SORT_RELEVANCE && sort != WONK_SORT_NEWEST &&
		   sort != WONK_SORT_OLDEST))
		return WONK_ERR_INVALID_ARG;
	s->sort = sort;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_search_set_stage1(wonk_search *s, int stage1_only)
{
	if (!s)
		return WONK_ERR_INVALID_ARG;
	s->stage1 = stage1_only != 0;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_search_filter(wonk_search *s, const char *field,
					   const char *value)
{
	if (!s || !field || !value)
		return WONK_ERR_INVALID_ARG;
	char *err = NULL;
	wonk_qnode *f = wonk_query_field(s->idx->analyzer, field, value, &err);
	if (!f) {
		if (!err)
			return wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		return wonk_take_error(s->idx, WONK_ERR_QUERY_SYNTAX, err);
	}
	wonk_qnode *joined = s->filters ? wonk_qnode_join(WONK_Q_AND, s->filters, f) : f;
	s->filters = NULL;
	if (!joined)
		return wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
	s->filters = joined;
	return WONK_OK;
}

WONK_EXPORT void wonk_search_destroy(wonk_search *s)
{
	if (!s)
		return;
	wonk_query_clear(&s->query);
	wonk_qnode_free(s->filters);
	free(s->text);
	free(s->suggestion);
	free(s);
}

static void hit_clear(wonk_hit *h)
{
	free(h->data);
	free(h->card);
	free(h->spans);
	free(h->held);
}

WONK_EXPORT void wonk_results_destroy(wonk_results *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n; i++)
		hit_clear(&res->hits[i]);
	free(res->hits);
	free(res);
}

/* ------------------------------------------------------------ matching */

/* The query the matcher runs: the parsed query AND the filters.  top and
 * pair are the caller's storage for the joining node. */
static const wonk_qnode *matcher_query(const wonk_search *s, wonk_qnode *top,
				       wonk_qnode *pair[2])
{
	if (!s->filters)
		return s->query.root;
	if (!s->query.root)
		return s->filters;
	pair[0] = s->query.root;
	pair[1] = s->filters;
	memset(top, 0, sizeof *top);
	top->op = WONK_Q_AND;
	top->kids = pair;
	top->nkids = 2;
	return top;
}

/* A hit's place among equal scores: its document, then its passage. */
typedef struct tie_key {
	wonk_xhit hit;
	const char *doc;
	uint32_t ordinal;
} tie_key;

static int by_tie_key(const void *a, const void *b)
{
	const tie_key *x = a, *y = b;
	int c = strcmp(x->doc, y->doc);
	return c ? c : (x->ordinal > y->ordinal) - (x->ordinal < y->ordinal);
}

/* Xapian returns equal scores in its internal order, which is not the
 * same in one index and in shards; the shim leaves ties inside the window
 * to be put in document order here (lib/xapian_shim.cc,
 * relevance_window).  A record that does not decode keeps its place and
 * is reported by whoever reads it.  -1 when out of memory. */
static int order_ties(wonk_xresult *r)
{
	for (size_t i = 0; i < r->n;) {
		size_t j = i + 1;
		while (j < r->n && r->hits[j].score == r->hits[i].score)
			j++;
		size_t n = j - i;
		tie_key *keys = n > 1 ? malloc(n * sizeof *keys) : NULL;
		if (n > 1 && !keys)
			return -1;
		int decoded = 1;
		for (size_t k = 0; k < n && keys; k++) {
			wonk_record rec;
			keys[k].hit = r->hits[i + k];
			decoded &= r->hits[i + k].data &&
				   wonk_record_decode(r->hits[i + k].data, r->hits[i + k].data_len,
						      &rec) == 0;
			keys[k].doc = decoded ? rec.field[WONK_FIELD_DOC] : "";
			keys[k].ordinal = decoded ? rec.ordinal : 0;
		}
		if (keys && decoded) {
			qsort(keys, n, sizeof *keys, by_tie_key);
			for (size_t k = 0; k < n; k++)
				r->hits[i + k] = keys[k].hit;
		}
		free(keys);
		i = j;
	}
	return 0;
}

/* What a failed wonk_unpack() says, for *err. */
static char *unpack_message(wonk_status st)
{
	return wonk_strdup_printf("%s", st == WONK_ERR_CORRUPT
						? "index is damaged: unreadable passage record"
					: st == WONK_ERR_MODIFIED
						? "index was modified while a passage record was read"
						: wonk_status_string(st));
}

/* Turns the records of r's hits plain; on failure frees r and says why in
 * *err. */
static wonk_status unpack_hits(wonk_index *idx, wonk_xresult *r, size_t nspies, char **err)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *plain;
		size_t len;
		char *owned;
		if (!r->hits[i].data)
			continue;
		wonk_status st = wonk_unpack(idx->pack, idx->db, r->hits[i].data,
					     r->hits[i].data_len, &plain, &len, &owned);
		if (st != WONK_OK) {
			wonk_xresult_free(r, nspies);
			*err = unpack_message(st);
			return st;
		}
		if (owned) {
			free(r->hits[i].data);
			r->hits[i].data = owned;
			r->hits[i].data_len = len;
		}
	}
	return WONK_OK;
}

/* Runs the matcher once, retrying while a writer keeps changing the index
 * (unpacking a record included: its dictionary may be the writer's
 * newest). */
static wonk_status run_matcher(wonk_index *idx, wonk_xsearch *p, wonk_xresult *r)
{
	wonk_status st;
	char *err = NULL;
	if (!p->prefix_limit)
		p->prefix_limit = WONK_PREFIX_LIMIT;
	for (int attempt = 0;; attempt++) {
		st = wonk_xdb_search(idx->db, p, r, &err);
		if (st == WONK_OK)
			st = unpack_hits(idx, r, p->nspies, &err);
		if (!wonk_retry_modified(idx, st, attempt, &err))
			break;
	}
	if (st != WONK_OK)
		return wonk_take_error(idx, st, err);
	free(err);
	if (p->sort == WONK_XSORT_RELEVANCE && order_ties(r) < 0) {
		wonk_xresult_free(r, p->nspies);
		return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	}
	return WONK_OK;
}

/* The stems of one word or a few ("twenty-second"), joined by spaces
 * as a synonym group's expressions are. */
typedef struct stems_ctx {
	char joined[2 * (WONK_MAX_TERM_BYTES + 1)];
	size_t len;
	int words, too_long;
} stems_ctx;

static int join_stem(void *ctx, const wonk_token *tok)
{
	stems_ctx *c = ctx;
	if (c->len + tok->stem_len + 2 > sizeof c->joined) {
		c->too_long = 1;
		return 1;
	}
	if (c->words++)
		c->joined[c->len++] = ' ';
	memcpy(c->joined + c->len, tok->stem, tok->stem_len);
	c->len += tok->stem_len;
	c->joined[c->len] = '\0';
	return 0;
}

/* How many passages hold stem, asked again when the index moved under
 * the search (wonk_retry_modified); on failure *err says why. */
static wonk_status term_freq(wonk_index *idx, const char *stem, uint64_t *freq, char **err)
{
	for (int attempt = 0;; attempt++) {
		wonk_status st = wonk_xdb_termfreq(idx->db, stem, freq, err);
		if (!wonk_retry_modified(idx, st, attempt, err))
			return st;
	}
}

static int indexed(wonk_index *idx, const char *stem)
{
	uint64_t df = 0;
	char *err = NULL;
	term_freq(idx, stem, &df, &err);
	free(err);
	return df > 0;
}

/* Offers word, analysed as the index's text is, to the expansion when
 * the index holds each of its stems and it is not the query's own. */
static int add_if_indexed(wonk_index *idx, const char *word, const char *stem,
			  wonk_synonym_fn add, void *add_ctx)
{
	stems_ctx c = {{0}, 0, 0, 0};
	wonk_analyze(idx->analyzer, word, strlen(word), 0, join_stem, &c, NULL);
	if (!c.words || c.too_long || strcmp(c.joined, stem) == 0)
		return 0;
	for (char *p = c.joined, *sp; p; p = sp ? sp + 1 : NULL) {
		if ((sp = strchr(p, ' ')))
			*sp = '\0';
		int ok = indexed(idx, p);
		if (sp)
			*sp = ' ';
		if (!ok)
			return 0;
	}
	return add(add_ctx, c.joined);
}

/* A query word's relatives, when the index holds them: the place a
 * demonym names (a passage about Russia answers a query about Russian
 * help as well as one that says "Russian"; see wonk_demonym_places) and
 * the other ways of writing a number (14th: Fourteenth; see numbers.h). */
static int query_relatives(void *ctx, const char *stem, const char *form,
			   wonk_synonym_fn add, void *add_ctx)
{
	wonk_index *idx = ctx;
	char places[3][48];
	size_t n = wonk_demonym_places(stem, places, sizeof places[0]);
	for (size_t i = 0; i < n; i++) {
		int rc = add_if_indexed(idx, places[i], stem, add, add_ctx);
		if (rc)
			return rc;
	}
	char numbers[4][WONK_NUMBER_FORM_MAX];
	n = wonk_number_forms(form, numbers, sizeof numbers / sizeof numbers[0]);
	for (size_t i = 0; i < n; i++) {
		int rc = add_if_indexed(idx, numbers[i], stem, add, add_ctx);
		if (rc)
			return rc;
	}
	return 0;
}

/* A passage by the author a query names gains this at stage 1, as a
 * matched word about as rare as a president's name weighs in BM25, so
 * that his passages reach the pool: 1.5 to 3 ranked alike on the judged
 * set, 1 kept one answer out of the top place, 5 brought George
 * Washington's passages in for "Treaty of Washington" (docs/RANKING.md). */
#define WONK_AUTHOR_DOCUMENTS_WEIGHT 2.0

/* Whether the ranked word k is written as a name and is the surname of
 * some document's author in the index; if so, term gets the author-word
 * term that selects the author's documents. */
static int author_word(wonk_search *s, const wonk_qnode *k, char term[WONK_MAX_TERM_BYTES + 8])
{
	if (k->op != WONK_Q_TERM || !k->form || !wonk_written_as_name(s->text, k->qstart, k->qend))
		return 0;
	if (strlen(WONK_PREFIX_SURNAME) + strlen(k->form) >= WONK_MAX_TERM_BYTES + 8)
		return 0;
	snprintf(term, WONK_MAX_TERM_BYTES + 8, WONK_PREFIX_SURNAME "%s", k->form);
	if (!indexed(s->idx, term))
		return 0;
	snprintf(term, WONK_MAX_TERM_BYTES + 8, WONK_PREFIX_AUTHOR "%s", k->form);
	return 1;
}

/* The weighted filter that selects the documents of an author. */
static wonk_qnode *author_documents(const char *term)
{
	wonk_qnode *f = calloc(1, sizeof *f);
	if (!f || !(f->stem = wonk_strndup(term, strlen(term)))) {
		free(f);
		return NULL;
	}
	f->op = WONK_Q_FILTER;
	f->weight = WONK_AUTHOR_DOCUMENTS_WEIGHT;
	return f;
}

/* A word of the query written as a name that is the surname of a
 * document's author ("Truman Doctrine Greece Turkey") is held by that
 * author's passages, said or not: stage 2 counts it (rank.h), and here
 * each ranked OR gains a weighted filter selecting the author's
 * documents, as a year gains its documents (expand.c), so that they
 * reach the pool.  A surname is known by the term the index puts on a
 * document's first passage (author.h); the filter selects the passages of
 * every author with that word in the name, and stage 2 credits those
 * whose surname it is.  Returns -1 when out of memory. */
static int add_author_documents(wonk_search *s, wonk_qnode **np)
{
	wonk_qnode *n = *np;
	char term[WONK_MAX_TERM_BYTES + 8];
	if (!n)
		return 0;
	switch (n->op) {
	case WONK_Q_TERM:
	case WONK_Q_SYNONYM: {
		/* A query of one word: an OR of it and the documents. */
		const wonk_qnode *k = n->op == WONK_Q_SYNONYM && n->nkids ? n->kids[0] : n;
		if (!author_word(s, k, term))
			return 0;
		s->names_author = 1;
		/* Built by hand: wonk_qnode_add would free the query's root
		 * when out of memory. */
		wonk_qnode *f = author_documents(term);
		wonk_qnode *or = f ? calloc(1, sizeof *or) : NULL;
		wonk_qnode **kids = or ? malloc(2 * sizeof *kids) : NULL;
		if (!kids) {
			wonk_qnode_free(f);
			free(or);
			return -1;
		}
		kids[0] = n;
		kids[1] = f;
		or->op = WONK_Q_OR;
		or->kids = kids;
		or->nkids = 2;
		*np = or;
		return 0;
	}
	case WONK_Q_OR: {
		size_t m = n->nkids;
		for (size_t i = 0; i < m; i++) {
			const wonk_qnode *k = n->kids[i];
			if (k->op == WONK_Q_SYNONYM && k->nkids)
				k = k->kids[0];
			if (k->op != WONK_Q_TERM) {
				if (add_author_documents(s, &n->kids[i]) < 0)
					return -1;
				continue;
			}
			if (!author_word(s, k, term))
				continue;
			s->names_author = 1;
			int have = 0;
			for (size_t j = m; j < n->nkids && !have; j++)
				have = n->kids[j]->op == WONK_Q_FILTER && strcmp(n->kids[j]->stem, term) == 0;
			if (have)
				continue;
			wonk_qnode *f = author_documents(term);
			if (!f || wonk_qnode_add(n, f) < 0)
				return -1;
		}
		return 0;
	}
	case WONK_Q_AND_MAYBE:
		/* The ranked side only. */
		for (size_t i = 1; i < n->nkids; i++)
			if (add_author_documents(s, &n->kids[i]) < 0)
				return -1;
		return 0;
	case WONK_Q_AND_NOT:
		return n->nkids ? add_author_documents(s, &n->kids[0]) : 0;
	default:
		return 0;
	}
}

/* A search needs something to look for: words or a filter.  Its words
 * are expanded with the index's vocabulary once, before the first run
 * (not for a stage-1 search, which is BM25 over the words as given). */
static wonk_status check_runnable(wonk_search *s)
{
	if (!s->query.root && !s->filters)
		return wonk_set_error(s->idx, WONK_ERR_QUERY_SYNTAX,
				      "empty query: give words to search for, or a filter");
	if (!s->expanded && !s->stage1 && s->query.root && !s->skip_doc[0]) {
		wonk_index *idx = s->idx;
		wonk_status st = wonk_load_vocabulary(idx);
		if (st != WONK_OK)
			return st;
		/* The mined acronyms this query's words take part in. */
		wonk_synonyms *own = NULL;
		if (idx->acronyms_by_query) {
			own = wonk_synonyms_over(idx->syn);
			if (!own)
				return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
			st = wonk_query_acronyms(idx, idx->nparts ? idx->parts : &idx,
						 idx->nparts ? idx->nparts : 1, s->query.root, own);
		}
		if (st == WONK_OK && wonk_expand_query(&s->query.root, own ? own : idx->syn, s->text,
						       query_relatives, idx) < 0)
			st = wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
		wonk_synonyms_free(own);
		if (st != WONK_OK)
			return st;
		if (add_author_documents(s, &s->query.root) < 0)
			return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
		s->expanded = 1;
	}
	return WONK_OK;
}

static wonk_xsort xsort_of(wonk_sort s)
{
	return s == WONK_SORT_NEWEST ? WONK_XSORT_NEWEST
	     : s == WONK_SORT_OLDEST ? WONK_XSORT_OLDEST
	     : WONK_XSORT_RELEVANCE;
}

/* Turns a candidate into a hit if it passes the exact checks: 1 kept,
 * 0 dropped, -1 out of memory, -2 a corrupt record. */
static int make_hit(wonk_search *s, wonk_xhit *x, wonk_hit *h)
{
	memset(h, 0, sizeof *h);
	if (wonk_record_decode(x->data, x->data_len, &h->rec) < 0)
		return -2;
	int ok = 1;
	if (s->skip_doc[0] && h->rec.ordinal == s->skip_ordinal &&
	    strcmp(h->rec.field[WONK_FIELD_DOC], s->skip_doc) == 0)
		return 0;
	/* A phrase-free query is exactly what Xapian matched: its highlights
	 * wait until the page is chosen (add_highlights), so that the pool
	 * stage 2 looks at is not analysed twice. */
	if (s->query.root && s->has_phrase) {
		ok = wonk_highlight(s->idx->analyzer, s->query.root, h->rec.text,
				    h->rec.text_len, &h->spans, &h->nspans);
		if (ok <= 0) {
			free(h->spans);
			h->spans = NULL;
			return ok;
		}
		h->highlighted = 1;
	}
	h->score = x->score;
	h->part[WONK_PART_BM25] = x->score;
	h->xdocid = x->docid;
	h->data = x->data; /* take ownership: rec points into it */
	h->data_len = x->data_len;
	x->data = NULL;
	return 1;
}

/* Marks the query's words in the hits that will be shown. */
static wonk_status add_highlights(wonk_search *s, wonk_hit *hits, size_t n)
{
	for (size_t i = 0; i < n && s->query.root; i++) {
		if (hits[i].highlighted)
			continue;
		if (wonk_highlight(s->idx->analyzer, s->query.root, hits[i].rec.text,
				   hits[i].rec.text_len, &hits[i].spans, &hits[i].nspans) < 0)
			return wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		hits[i].highlighted = 1;
	}
	return WONK_OK;
}

/* ----------------------------------------------------------------- cards */

/* A document's fields (path, author, date...) are stored in its first
 * passage's record only, its card (index.c); the other passages' records
 * carry its id and title.  A hit from a later passage takes the rest from
 * the card: found by Xapian id (a document's passages have consecutive
 * ids in their shard) and checked, or else looked up by document id. */

static int is_card_of(const wonk_record *c, const char *doc)
{
	return c->ordinal == 0 && c->field[WONK_FIELD_PATH] &&
	       strcmp(c->field[WONK_FIELD_DOC], doc) == 0;
}

/* Points the fields h's record lacks into the plain card record (which h
 * then owns). */
static void attach_card(wonk_hit *h, char *card, size_t len)
{
	wonk_record c;
	if (wonk_record_decode(card, len, &c) < 0) {
		free(card);
		return;
	}
	for (unsigned f = 0; f < WONK_FIELD_LAST; f++)
		if (!h->rec.field[f])
			h->rec.field[f] = c.field[f];
	h->card = card;
}

/* The plain card of h's document into *card (malloc'ed), by Xapian id. */
static wonk_status card_by_id(wonk_index *idx, const wonk_hit *h, char **card, size_t *len)
{
	char *data = NULL, *err = NULL, *owned = NULL;
	size_t n = 0;
	const char *plain = NULL;
	size_t plain_len = 0;
	wonk_status st;
	*card = NULL;
	for (int attempt = 0;; attempt++) {
		free(data);
		data = NULL;
		st = wonk_xdb_data_before(idx->db, h->xdocid, h->rec.ordinal, &data, &n, &err);
		if (st == WONK_OK && data) {
			st = wonk_unpack(idx->pack, idx->db, data, n, &plain, &plain_len, &owned);
			/* A damaged card is looked for by document id instead. */
			if (st == WONK_ERR_CORRUPT) {
				free(data);
				data = NULL;
				st = WONK_OK;
			} else if (st != WONK_OK) {
				err = unpack_message(st);
			}
		}
		if (!wonk_retry_modified(idx, st, attempt, &err))
			break;
	}
	if (st != WONK_OK) {
		free(data);
		return wonk_take_error(idx, st, err);
	}
	free(err);
	if (!data)
		return WONK_OK;
	wonk_record c;
	if (wonk_record_decode(plain, plain_len, &c) == 0 &&
	    is_card_of(&c, h->rec.field[WONK_FIELD_DOC])) {
		if (owned) {
			free(data);
			data = owned;
			n = plain_len;
		}
		*card = data;
		*len = n;
		return WONK_OK;
	}
	free(owned);
	free(data);
	return WONK_OK;
}

/* The plain card of h's document into *card, by document id. */
static wonk_status card_by_doc(wonk_index *idx, const wonk_hit *h, char **card, size_t *len)
{
	wonk_results *r = NULL;
	*card = NULL;
	wonk_status st = wonk_index_passages(idx, h->rec.field[WONK_FIELD_DOC], 0, 1, &r);
	if (st != WONK_OK)
		return st;
	if (r->n == 1 && is_card_of(&r->hits[0].rec, h->rec.field[WONK_FIELD_DOC])) {
		*card = r->hits[0].data;
		*len = r->hits[0].data_len;
		r->hits[0].data = NULL;
	}
	wonk_results_destroy(r);
	return WONK_OK;
}

/* Gives each of hits[0, n) its document's fields. */
static wonk_status fill_cards(wonk_index *idx, wonk_hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		wonk_hit *h = &hits[i];
		if (h->rec.field[WONK_FIELD_PATH])
			continue;
		const char *doc = h->rec.field[WONK_FIELD_DOC];
		char *card = NULL;
		size_t len = 0;
		/* Another hit of the same document may have it already. */
		for (size_t j = 0; j < i && !card; j++)
			if (hits[j].card && strcmp(hits[j].rec.field[WONK_FIELD_DOC], doc) == 0) {
				size_t cl = hits[j].card_len;
				card = malloc(cl ? cl : 1);
				if (!card)
					return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
				memcpy(card, hits[j].card, cl);
				len = cl;
			}
		wonk_status st = WONK_OK;
		if (!card && h->rec.ordinal > 0)
			st = card_by_id(idx, h, &card, &len);
		if (st == WONK_OK && !card && h->rec.ordinal > 0)
			st = card_by_doc(idx, h, &card, &len);
		if (st != WONK_OK)
			return st;
		if (!card)
			return wonk_set_error(idx, WONK_ERR_CORRUPT,
					      "index is damaged: document %s has lost its first passage",
					      doc);
		h->card_len = len;
		attach_card(h, card, len);
		if (!h->card)
			return wonk_set_error(idx, WONK_ERR_CORRUPT,
					      "index is damaged: unreadable passage record");
	}
	return WONK_OK;
}

static wonk_status hit_failure(wonk_search *s, int r)
{
	return r == -1 ? wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory")
		       : wonk_set_error(s->idx, WONK_ERR_CORRUPT,
					"index is damaged: unreadable passage record");
}

/* ------------------------------------------------------------- stage 2 */

/* Candidates re-scored per search: enough that the passage BM25 ranked
 * 30th can still come first, few enough to stay within a millisecond or
 * two.  The pool grows only when the per-document cap or phrase checks
 * leave too few. */
#define WONK_RERANK_POOL 50u

typedef struct idf_ctx {
	wonk_index *idx;
	double n;
} idf_ctx;

/* BM25's inverse document frequency, never negative. */
static double term_idf(void *vctx, const char *stem)
{
	idf_ctx *c = vctx;
	uint64_t df = 0;
	char *err = NULL;
	term_freq(c->idx, stem, &df, &err);
	free(err);
	return log(1.0 + (c->n - (double)df + 0.5) / ((double)df + 0.5));
}

typedef struct doc_mass {
	const char *doc;
	double bm25;
} doc_mass;

static int by_doc(const void *a, const void *b)
{
	return strcmp(((const doc_mass *)a)->doc, ((const doc_mass *)b)->doc);
}

static int by_double_desc(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x < y) - (x > y);
}

static int by_score(const void *a, const void *b)
{
	const wonk_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	/* Ties in document order, so results are stable. */
	int c = strcmp(x->rec.field[WONK_FIELD_DOC], y->rec.field[WONK_FIELD_DOC]);
	return c ? c : (x->rec.ordinal > y->rec.ordinal) - (x->rec.ordinal < y->rec.ordinal);
}

/* A candidate by its document, and one document's run of them. */
typedef struct doc_hit {
	const char *doc;
	size_t hit;
} doc_hit;

typedef struct doc_run {
	unsigned docid; /* its first candidate's Xapian id */
	size_t first, count;
} doc_run;

static int by_doc_hit(const void *a, const void *b)
{
	const doc_hit *x = a, *y = b;
	int c = strcmp(x->doc, y->doc);
	return c ? c : (x->hit > y->hit) - (x->hit < y->hit);
}

static int by_run_docid(const void *a, const void *b)
{
	unsigned x = ((const doc_run *)a)->docid, y = ((const doc_run *)b)->docid;
	return (x > y) - (x < y);
}

/* The document value in slot (a date, an author) of each of hits[0, n)
 * that need[i] asks for (every one when need is NULL) into values[i]
 * (malloc'ed, NULL when the document has none).  A document's passages
 * share it, so it is read once a document (a pool clusters in a few
 * documents), in Xapian id order, where neighbours share the value
 * stream's blocks. */
static wonk_status hit_values(wonk_index *idx, const wonk_hit *hits, size_t n,
			      const unsigned char *need, unsigned slot, char **values)
{
	doc_hit *by = malloc(n * sizeof *by);
	doc_run *runs = malloc(n * sizeof *runs);
	unsigned *ids = malloc(n * sizeof *ids);
	char **got = calloc(n, sizeof *got);
	wonk_status st = WONK_ERR_NO_MEMORY;
	char *err = NULL;
	size_t nruns = 0;
	if (by && runs && ids && got) {
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (!need || need[i])
				by[m++] = (doc_hit){hits[i].rec.field[WONK_FIELD_DOC], i};
		qsort(by, m, sizeof *by, by_doc_hit);
		for (size_t i = 0; i < m; i++) {
			if (nruns && strcmp(by[i].doc, by[runs[nruns - 1].first].doc) == 0) {
				runs[nruns - 1].count++;
				continue;
			}
			runs[nruns++] = (doc_run){hits[by[i].hit].xdocid, i, 1};
		}
		qsort(runs, nruns, sizeof *runs, by_run_docid);
		for (size_t k = 0; k < nruns; k++)
			ids[k] = runs[k].docid;
		for (int attempt = 0;; attempt++) {
			st = wonk_xdb_values(idx->db, slot, ids, nruns, got, &err);
			if (!wonk_retry_modified(idx, st, attempt, &err))
				break;
		}
		for (size_t k = 0; k < nruns && st == WONK_OK; k++)
			for (size_t j = 0; j < runs[k].count && got[k]; j++) {
				char **d = &values[by[runs[k].first + j].hit];
				if (!(*d = wonk_strndup(got[k], strlen(got[k]))))
					st = WONK_ERR_NO_MEMORY;
			}
		for (size_t k = 0; k < nruns; k++)
			free(got[k]);
	}
	free(by);
	free(runs);
	free(ids);
	free(got);
	if (st != WONK_OK)
		return err ? wonk_take_error(idx, st, err)
			   : wonk_set_error(idx, st, "%s", wonk_status_string(st));
	return WONK_OK;
}

/* The onset (rank.h): the earliest year among the candidates that say
 * every content word in one sentence (says_all), whose window's
 * candidates gain.  hits[0, n) hold stage-2 scores; dates[i] are read
 * here unless have_dates, and only where they can matter: a candidate
 * that would stay below the page's last place even with the bonus does
 * not need its date (the per-document cap can lift any, so with one,
 * every candidate does). */
static wonk_status add_onset(wonk_search *s, wonk_hit *hits, size_t n,
			     const unsigned char *says_all, char **dates, int have_dates)
{
	size_t any = 0;
	for (size_t i = 0; i < n; i++)
		any += says_all[i];
	if (!any)
		return WONK_OK;
	if (!have_dates) {
		size_t want = (size_t)s->offset + s->limit;
		double bar = -HUGE_VAL;
		if (!s->per_doc && want < n) {
			double *sorted = malloc(n * sizeof *sorted);
			if (!sorted)
				return wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
			for (size_t i = 0; i < n; i++)
				sorted[i] = hits[i].score;
			qsort(sorted, n, sizeof *sorted, by_double_desc);
			bar = sorted[want - 1] - WONK_ONSET_WEIGHT;
			free(sorted);
		}
		unsigned char *need = malloc(n);
		if (!need)
			return wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		for (size_t i = 0; i < n; i++)
			need[i] = says_all[i] || hits[i].score >= bar;
		wonk_status st = hit_values(s->idx, hits, n, need, WONK_SLOT_DATE, dates);
		free(need);
		if (st != WONK_OK)
			return st;
	}
	int onset = 0;
	for (size_t i = 0; i < n; i++) {
		int year = says_all[i] ? wonk_year_named(dates[i]) : 0;
		if (year && (!onset || year < onset))
			onset = year;
	}
	for (size_t i = 0; i < n; i++)
		if (wonk_in_onset(wonk_year_named(dates[i]), onset)) {
			hits[i].part[WONK_PART_ONSET] = 1;
			hits[i].score += wonk_score_part_weight(WONK_PART_ONSET);
		}
	return WONK_OK;
}

/* Re-scores hits[0, n) in place (their score holds BM25) and sorts them. */
static wonk_status rerank(wonk_search *s, wonk_hit *hits, size_t n)
{
	if (n == 0)
		return WONK_OK;
	uint64_t docs = 0;
	char *err = NULL;
	wonk_status st = wonk_xdb_doccount(s->idx->db, &docs, &err);
	if (st != WONK_OK)
		return wonk_take_error(s->idx, st, err);
	idf_ctx ic = {s->idx, (double)docs};
	wonk_ranker *r = wonk_ranker_new(s->idx->analyzer, s->query.root, s->text, term_idf, &ic);
	doc_mass *mass = calloc(n, sizeof *mass);
	char **dates = calloc(n, sizeof *dates);
	char **authors = calloc(n, sizeof *authors);
	unsigned char *says_all = calloc(n, 1);
	if (!r || !mass || !dates || !authors || !says_all) {
		st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		goto out;
	}
	/* Each document's share of the pool's BM25: sort by document, sum. */
	double best = 0, total = 0;
	for (size_t i = 0; i < n; i++) {
		mass[i] = (doc_mass){hits[i].rec.field[WONK_FIELD_DOC], hits[i].score};
		total += hits[i].score;
		if (hits[i].score > best)
			best = hits[i].score;
	}
	qsort(mass, n, sizeof *mass, by_doc);
	size_t groups = 0;
	for (size_t i = 0; i < n; i++) {
		if (groups && strcmp(mass[groups - 1].doc, mass[i].doc) == 0)
			mass[groups - 1].bm25 += mass[i].bm25;
		else
			mass[groups++] = mass[i];
	}
	/* A year the query names is scored by every candidate's date. */
	int have_dates = wonk_ranker_names_year(r);
	if (have_dates)
		st = hit_values(s->idx, hits, n, NULL, WONK_SLOT_DATE, dates);
	/* And a name, by every candidate's author. */
	if (st == WONK_OK && s->names_author && wonk_ranker_names_person(r))
		st = hit_values(s->idx, hits, n, NULL, WONK_SLOT_AUTHOR, authors);
	for (size_t i = 0; i < n && st == WONK_OK; i++) {
		doc_mass key = {hits[i].rec.field[WONK_FIELD_DOC], 0};
		const doc_mass *m = bsearch(&key, mass, groups, sizeof *mass, by_doc);
		double share = m && total > 0 ? m->bm25 / total : 0;
		int all = 0;
		double score = wonk_ranker_score(r, &hits[i].rec, hits[i].score, best, share,
						 dates[i], authors[i], &all, hits[i].part);
		int failed = score < 0;
		if (!failed)
			hits[i].held = wonk_ranker_held(r, &failed);
		if (failed)
			st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		hits[i].score = score;
		says_all[i] = (unsigned char)all;
	}
	if (st == WONK_OK)
		st = add_onset(s, hits, n, says_all, dates, have_dates);
	if (st == WONK_OK)
		qsort(hits, n, sizeof *hits, by_score);
out:
	for (size_t i = 0; dates && i < n; i++)
		free(dates[i]);
	free(dates);
	for (size_t i = 0; authors && i < n; i++)
		free(authors[i]);
	free(authors);
	free(says_all);
	wonk_ranker_free(r);
	free(mass);
	return st;
}

/* Marks in keep[i] (when keep is not NULL) whether hits[i] is among the
 * first per_doc (> 0) hits of its document, in order.  Sorted by document,
 * not compared pairwise: a page of 1000 hits made half a million string
 * comparisons.  Returns how many are kept, or -1 when out of memory. */
static ptrdiff_t mark_per_doc(const wonk_hit *hits, size_t n, unsigned per_doc,
			      unsigned char *keep)
{
	doc_hit *by = malloc((n ? n : 1) * sizeof *by);
	if (!by)
		return -1;
	for (size_t i = 0; i < n; i++)
		by[i] = (doc_hit){hits[i].rec.field[WONK_FIELD_DOC], i};
	qsort(by, n, sizeof *by, by_doc_hit);
	ptrdiff_t kept = 0;
	unsigned seen = 0;
	for (size_t i = 0; i < n; i++) {
		seen = i && strcmp(by[i].doc, by[i - 1].doc) == 0 ? seen + 1 : 0;
		if (keep)
			keep[by[i].hit] = seen < per_doc;
		kept += seen < per_doc;
	}
	free(by);
	return kept;
}

/* Keeps at most per_doc hits of each document, in order; returns how many
 * remain (the others are cleared), or -1 when out of memory. */
static ptrdiff_t cap_per_doc(wonk_hit *hits, size_t n, unsigned per_doc)
{
	if (per_doc == 0)
		return (ptrdiff_t)n;
	unsigned char *keep = malloc(n ? n : 1);
	if (!keep || mark_per_doc(hits, n, per_doc, keep) < 0) {
		free(keep);
		return -1;
	}
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		if (keep[i])
			hits[out++] = hits[i];
		else
			hit_clear(&hits[i]);
	}
	free(keep);
	return (ptrdiff_t)out;
}

static wonk_status wonk_search_run_once(wonk_search *s, wonk_results **out)
{
	if (out)
		*out = NULL;
	if (!s || !out)
		return WONK_ERR_INVALID_ARG;
	wonk_status st = check_runnable(s);
	if (st != WONK_OK)
		return st;
	wonk_results *res = calloc(1, sizeof *res);
	size_t want = (size_t)s->offset + s->limit;
	/* Stage 2 re-scores a pool of candidates and caps documents itself;
	 * date order and filter-only searches keep the matcher's order. */
	int staged = !s->stage1 && s->sort == WONK_SORT_RELEVANCE && s->query.root && want > 0;
	size_t room = staged ? (want > WONK_RERANK_POOL ? want : WONK_RERANK_POOL) : want;
	wonk_hit *kept = room ? calloc(room, sizeof *kept) : NULL;
	size_t nkept = 0;
	if (!res || (room && !kept)) {
		st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		goto fail;
	}

	wonk_qnode top, *pair[2];
	wonk_xsearch p = {
		.query = matcher_query(s, &top, pair),
		.collapse_slot = s->per_doc && !staged ? WONK_SLOT_DOC : -1,
		.collapse_max = s->per_doc,
		.sort = xsort_of(s->sort),
	};
	/* Without phrases every candidate is a hit, so one window suffices;
	 * with them, widen the window until enough survive the exact check. */
	unsigned window = s->has_phrase ? (unsigned)(room * 2 + 16)
			: (unsigned)room + (s->skip_doc[0] != 0);
	size_t usable = 0;
	while (want > 0) {
		wonk_xresult xr;
		p.count = window;
		st = run_matcher(s->idx, &p, &xr);
		if (st != WONK_OK)
			goto fail;
		res->estimate = xr.estimate;
		for (size_t i = 0; i < nkept; i++)
			hit_clear(&kept[i]);
		nkept = 0;
		if (staged && xr.n > room) {
			wonk_hit *grown = realloc(kept, xr.n * sizeof *kept);
			if (!grown) {
				wonk_xresult_free(&xr, 0);
				st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
				goto fail;
			}
			kept = grown;
			room = xr.n;
		}
		for (size_t i = 0; i < xr.n && nkept < room; i++) {
			int r = make_hit(s, &xr.hits[i], &kept[nkept]);
			if (r == 1) {
				nkept++;
			} else if (r < 0) {
				wonk_xresult_free(&xr, 0);
				st = hit_failure(s, r);
				goto fail;
			}
		}
		size_t got = xr.n;
		wonk_xresult_free(&xr, 0);
		/* What the per-document cap will leave. */
		usable = nkept;
		if (staged && s->per_doc) {
			ptrdiff_t left = mark_per_doc(kept, nkept, s->per_doc, NULL);
			if (left < 0) {
				st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
				goto fail;
			}
			usable = (size_t)left;
		}
		if (usable >= want || got < window || window >= WONK_MAX_WINDOW)
			break;
		window = window * 4 > WONK_MAX_WINDOW ? WONK_MAX_WINDOW : window * 4;
	}
	if (staged) {
		st = rerank(s, kept, nkept);
		if (st != WONK_OK)
			goto fail;
		ptrdiff_t capped = cap_per_doc(kept, nkept, s->per_doc);
		if (capped < 0) {
			st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
			goto fail;
		}
		nkept = (size_t)capped;
		if (nkept > want) {
			for (size_t i = want; i < nkept; i++)
				hit_clear(&kept[i]);
			nkept = want;
		}
	}

	/* The page the caller asked for: drop the hits before the offset. */
	if (nkept > s->offset) {
		st = fill_cards(s->idx, kept + s->offset, nkept - s->offset);
		if (st == WONK_OK)
			st = add_highlights(s, kept + s->offset, nkept - s->offset);
		if (st != WONK_OK)
			goto fail;
		res->n = nkept - s->offset;
		res->hits = calloc(res->n, sizeof *res->hits);
		if (!res->hits) {
			res->n = 0;
			st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
			goto fail;
		}
		memcpy(res->hits, kept + s->offset, res->n * sizeof *kept);
		for (size_t i = 0; i < res->n; i++)
			res->hits[i].rank = s->offset + (unsigned)i + 1;
		for (size_t i = 0; i < s->offset; i++)
			hit_clear(&kept[i]);
	} else {
		for (size_t i = 0; i < nkept; i++)
			hit_clear(&kept[i]);
	}
	/* With phrases the matcher's estimate counts stem matches too. */
	if (res->estimate < res->n + s->offset)
		res->estimate = res->n + s->offset;
	free(kept);
	*out = res;
	return WONK_OK;
fail:
	for (size_t i = 0; i < nkept; i++)
		hit_clear(&kept[i]);
	free(kept);
	wonk_results_destroy(res);
	return st;
}

WONK_EXPORT wonk_status wonk_search_run(wonk_search *s, wonk_results **out)
{
	wonk_status st;
	wonk_catch_up(s ? s->idx : NULL);
	for (int attempt = 0;; attempt++) {
		st = wonk_search_run_once(s, out);
		if (!wonk_retry_damage(s ? s->idx : NULL, st, attempt))
			break;
	}
	return st;
}

/* ------------------------------------------- every match, checked exactly */

/* Counts the values of slot over every match, into xr->counts[0]. */
static wonk_status count_slot(wonk_search *s, unsigned slot, wonk_xresult *xr)
{
	wonk_qnode top, *pair[2];
	wonk_xsearch p = {
		.query = matcher_query(s, &top, pair),
		.collapse_slot = -1,
		.exhaustive = 1,
		.spy_slots = &slot,
		.nspies = 1,
	};
	return run_matcher(s->idx, &p, xr);
}

typedef int (*match_fn)(void *ctx, const wonk_record *rec);

/* Calls fn for every passage that matches, phrases checked word for word,
 * a page of candidates at a time; with cards set, each record has its
 * document's fields (fill_cards), else only its id and title for sure. */
static wonk_status each_match(wonk_search *s, int cards, match_fn fn, void *ctx)
{
	wonk_qnode top, *pair[2];
	wonk_xsearch p = {
		.query = matcher_query(s, &top, pair),
		.collapse_slot = -1,
		.count = WONK_SCAN_PAGE,
	};
	for (;;) {
		wonk_xresult xr;
		wonk_status st = run_matcher(s->idx, &p, &xr);
		if (st != WONK_OK)
			return st;
		for (size_t i = 0; i < xr.n; i++) {
			wonk_hit h;
			int r = make_hit(s, &xr.hits[i], &h);
			if (r < 0) {
				wonk_xresult_free(&xr, 0);
				return hit_failure(s, r);
			}
			if (r == 1 && cards) {
				wonk_status cst = fill_cards(s->idx, &h, 1);
				if (cst != WONK_OK) {
					hit_clear(&h);
					wonk_xresult_free(&xr, 0);
					return cst;
				}
			}
			if (r == 1) {
				int stop = fn(ctx, &h.rec);
				hit_clear(&h);
				if (stop) {
					wonk_xresult_free(&xr, 0);
					return wonk_set_error(s->idx, WONK_ERR_NO_MEMORY,
							      "out of memory");
				}
			}
		}
		size_t got = xr.n;
		wonk_xresult_free(&xr, 0);
		if (got < WONK_SCAN_PAGE)
			return WONK_OK;
		p.first += WONK_SCAN_PAGE;
	}
}

/* A bag of strings, counted once sorted. */
typedef struct tally {
	char **v;
	size_t n, cap;
	int failed;
} tally;

static void tally_add(tally *t, const char *s, size_t n)
{
	if (t->failed)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		char **v = realloc(t->v, cap * sizeof *v);
		if (!v) {
			t->failed = 1;
			return;
		}
		t->v = v;
		t->cap = cap;
	}
	if (!(t->v[t->n] = wonk_strndup(s, n)))
		t->failed = 1;
	else
		t->n++;
}

static void tally_free(tally *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int count_doc(void *ctx, const wonk_record *rec)
{
	tally *t = ctx;
	tally_add(t, rec->field[WONK_FIELD_DOC], strlen(rec->field[WONK_FIELD_DOC]));
	return t->failed;
}

static wonk_status wonk_search_count_once(wonk_search *s, uint64_t *passages,
					  uint64_t *documents)
{
	if (passages)
		*passages = 0;
	if (documents)
		*documents = 0;
	if (!s)
		return WONK_ERR_INVALID_ARG;
	wonk_status st = check_runnable(s);
	if (st != WONK_OK)
		return st;
	uint64_t np = 0, nd = 0;
	if (!s->has_phrase) {
		/* Counting the document-id values of every match gives both
		 * numbers in one pass.  (The matcher's own totals are only
		 * estimates for NEAR and AND_NOT, even when it looks at all.) */
		wonk_xresult xr;
		st = count_slot(s, WONK_SLOT_DOC, &xr);
		if (st != WONK_OK)
			return st;
		nd = xr.ncounts[0];
		for (size_t i = 0; i < xr.ncounts[0]; i++)
			np += xr.counts[0][i].freq;
		wonk_xresult_free(&xr, 1);
	} else {
		tally docs = {0};
		st = each_match(s, 0, count_doc, &docs);
		if (st == WONK_OK) {
			np = docs.n;
			if (docs.n) /* qsort wants a real array, even of nothing */
				qsort(docs.v, docs.n, sizeof *docs.v, by_string);
			for (size_t i = 0; i < docs.n; i++)
				nd += i == 0 || strcmp(docs.v[i], docs.v[i - 1]) != 0;
		}
		tally_free(&docs);
		if (st != WONK_OK)
			return st;
	}
	if (passages)
		*passages = np;
	if (documents)
		*documents = nd;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_search_count(wonk_search *s, uint64_t *passages,
					  uint64_t *documents)
{
	wonk_status st;
	wonk_catch_up(s ? s->idx : NULL);
	for (int attempt = 0;; attempt++) {
		st = wonk_search_count_once(s, passages, documents);
		if (!wonk_retry_damage(s ? s->idx : NULL, st, attempt))
			break;
	}
	return st;
}

/* ---------------------------------------------------------------- facets */

typedef struct facet_ctx {
	tally t;
	wonk_field field;
} facet_ctx;

/* Adds a field's value to the tally: each of several authors on its own,
 * a date by its year. */
static void tally_value(tally *t, wonk_field field, const char *v, uint64_t times)
{
	if (!v || !*v)
		return;
	for (uint64_t k = 0; k < times && !t->failed; k++) {
		if (field == WONK_FIELD_DATE) {
			if (strlen(v) >= 4)
				tally_add(t, v, 4);
			continue;
		}
		if (field != WONK_FIELD_AUTHOR) {
			tally_add(t, v, strlen(v));
			continue;
		}
		for (const char *p = v; p && *p;) {
			const char *sep = strstr(p, "; ");
			size_t n = sep ? (size_t)(sep - p) : strlen(p);
			tally_add(t, p, n);
			p = sep ? sep + 2 : NULL;
		}
	}
}

static int facet_record(void *vctx, const wonk_record *rec)
{
	facet_ctx *c = vctx;
	tally_value(&c->t, c->field, rec->field[c->field], 1);
	return c->t.failed;
}

static int by_freq(const void *a, const void *b)
{
	const wonk_xcount *x = a, *y = b;
	if (x->freq != y->freq)
		return x->freq > y->freq ? -1 : 1;
	return strcmp(x->value, y->value);
}

/* Turns a sorted tally into counts, most frequent first. */
static int tally_to_facets(tally *t, wonk_facets *f)
{
	if (t->n) /* qsort wants a real array, even of nothing */
		qsort(t->v, t->n, sizeof *t->v, by_string);
	f->c = calloc(t->n ? t->n : 1, sizeof *f->c);
	if (!f->c)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		if (f->n && strcmp(f->c[f->n - 1].value, t->v[i]) == 0) {
			f->c[f->n - 1].freq++;
			free(t->v[i]);
		} else {
			f->c[f->n++] = (wonk_xcount){t->v[i], 1};
		}
		t->v[i] = NULL;
	}
	t->n = 0;
	qsort(f->c, f->n, sizeof *f->c, by_freq);
	return 0;
}

static wonk_status wonk_search_facets_once(wonk_search *s, wonk_field field,
					   wonk_facets **out)
{
	if (out)
		*out = NULL;
	if (!s || !out)
		return WONK_ERR_INVALID_ARG;
	unsigned slot = field == WONK_FIELD_AUTHOR ? WONK_SLOT_AUTHOR
		      : field == WONK_FIELD_SOURCE ? WONK_SLOT_SOURCE
		      : field == WONK_FIELD_TYPE ? WONK_SLOT_TYPE
		      : field == WONK_FIELD_DATE ? WONK_SLOT_DATE : 0;
	if (!slot)
		return wonk_set_error(s->idx, WONK_ERR_INVALID_ARG,
				      "facets are counted by author, source, type or date only");
	wonk_status st = check_runnable(s);
	if (st != WONK_OK)
		return st;
	wonk_facets *f = calloc(1, sizeof *f);
	facet_ctx c = {{0}, field};
	if (!f) {
		st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		goto done;
	}
	if (!s->has_phrase) {
		/* The matcher counts the slot's values over every match; only
		 * several-author values need splitting here. */
		wonk_xresult xr;
		st = count_slot(s, slot, &xr);
		if (st != WONK_OK)
			goto done;
		for (size_t i = 0; i < xr.ncounts[0]; i++)
			tally_value(&c.t, field, xr.counts[0][i].value, xr.counts[0][i].freq);
		wonk_xresult_free(&xr, 1);
	} else {
		st = each_match(s, 1, facet_record, &c);
		if (st != WONK_OK)
			goto done;
	}
	if (c.t.failed || tally_to_facets(&c.t, f) < 0) {
		st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		goto done;
	}
	*out = f;
	f = NULL;
done:
	tally_free(&c.t);
	wonk_facets_destroy(f);
	return st;
}

WONK_EXPORT wonk_status wonk_search_facets(wonk_search *s, wonk_field field,
					   wonk_facets **out)
{
	wonk_status st;
	wonk_catch_up(s ? s->idx : NULL);
	for (int attempt = 0;; attempt++) {
		st = wonk_search_facets_once(s, field, out);
		if (!wonk_retry_damage(s ? s->idx : NULL, st, attempt))
			break;
	}
	return st;
}

WONK_EXPORT size_t wonk_facets_count(const wonk_facets *f)
{
	return f ? f->n : 0;
}

WONK_EXPORT const char *wonk_facets_value(const wonk_facets *f, size_t i)
{
	return f && i < f->n ? f->c[i].value : NULL;
}

WONK_EXPORT uint64_t wonk_facets_freq(const wonk_facets *f, size_t i)
{
	return f && i < f->n ? f->c[i].freq : 0;
}

WONK_EXPORT void wonk_facets_destroy(wonk_facets *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		free(f->c[i].value);
	free(f->c);
	free(f);
}

/* --------------------------------------------------------------- context */

static wonk_status wonk_index_passages_once(wonk_index *idx, const char *doc,
					    unsigned first, unsigned count,
					    wonk_results **out)
{
	if (out)
		*out = NULL;
	if (!idx || !doc || !*doc || !out || strlen(doc) > 64)
		return WONK_ERR_INVALID_ARG;
	wonk_results *res = calloc(1, sizeof *res);
	if (!res)
		return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	if (count == 0) {
		*out = res;
		return WONK_OK;
	}
	unsigned last = count - 1 > UINT32_MAX - first ? UINT32_MAX : first + count - 1;
	char term[80], lo[5] = {0}, hi[5] = {0};
	snprintf(term, sizeof term, WONK_PREFIX_DOC "%s", doc);
	for (int i = 0; i < 4; i++) {
		lo[i] = (char)(unsigned char)(first >> (24 - 8 * i));
		hi[i] = (char)(unsigned char)(last >> (24 - 8 * i));
	}
	/* The bounds are 4 raw bytes (possibly NUL): the node holds copies
	 * the shim reads as 4-byte strings. */
	wonk_qnode filter = {.op = WONK_Q_FILTER, .stem = term};
	wonk_qnode range = {.op = WONK_Q_RANGE, .slot = WONK_SLOT_ORDINAL};
	wonk_qnode *kids[2] = {&filter, &range};
	wonk_qnode top = {.op = WONK_Q_AND, .kids = kids, .nkids = 2};
	range.lo = lo;
	range.hi = hi;
	range.lo_len = range.hi_len = 4;
	wonk_xsearch p = {
		.query = &top,
		.collapse_slot = -1,
		.count = count,
		.sort = WONK_XSORT_ORDINAL,
	};
	wonk_xresult xr;
	wonk_status st = run_matcher(idx, &p, &xr);
	if (st != WONK_OK) {
		wonk_results_destroy(res);
		return st;
	}
	res->hits = calloc(xr.n ? xr.n : 1, sizeof *res->hits);
	if (!res->hits) {
		wonk_xresult_free(&xr, 0);
		wonk_results_destroy(res);
		return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	}
	for (size_t i = 0; i < xr.n; i++) {
		wonk_hit *h = &res->hits[res->n];
		if (wonk_record_decode(xr.hits[i].data, xr.hits[i].data_len, &h->rec) < 0) {
			wonk_xresult_free(&xr, 0);
			wonk_results_destroy(res);
			return wonk_set_error(idx, WONK_ERR_CORRUPT,
					      "index is damaged: unreadable passage record");
		}
		h->data = xr.hits[i].data;
		h->data_len = xr.hits[i].data_len;
		h->xdocid = xr.hits[i].docid;
		xr.hits[i].data = NULL;
		h->rank = (unsigned)res->n + 1;
		res->n++;
	}
	res->estimate = res->n;
	wonk_xresult_free(&xr, 0);
	st = fill_cards(idx, res->hits, res->n);
	if (st != WONK_OK) {
		wonk_results_destroy(res);
		return st;
	}
	*out = res;
	return WONK_OK;
}

WONK_EXPORT wonk_status wonk_index_passages(wonk_index *idx, const char *doc,
					    unsigned first, unsigned count,
					    wonk_results **out)
{
	wonk_status st;
	wonk_catch_up(idx);
	for (int attempt = 0;; attempt++) {
		st = wonk_index_passages_once(idx, doc, first, count, out);
		if (!wonk_retry_damage(idx, st, attempt))
			break;
	}
	return st;
}

/* --------------------------------------------------------- did you mean */

/* Edit distance (insertions, deletions, substitutions, and swaps of two
 * neighbours), or max + 1 once it must exceed max. */
static unsigned edit_distance(const char *a, size_t n, const char *b, size_t m, unsigned max)
{
	if (n > 64 || m > 64 || (n > m ? n - m : m - n) > max)
		return max + 1;
	unsigned d[3][65];
	unsigned *pp = d[0], *prev = d[1], *cur = d[2];
	for (size_t j = 0; j <= m; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= n; i++) {
		cur[0] = (unsigned)i;
		unsigned best = cur[0];
		for (size_t j = 1; j <= m; j++) {
			unsigned c = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < c)
				c = prev[j] + 1;
			if (cur[j - 1] + 1 < c)
				c = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < c)
				c = pp[j - 2] + 1;
			cur[j] = c;
			if (c < best)
				best = c;
		}
		if (best > max)
			return max + 1;
		unsigned *t = pp;
		pp = prev;
		prev = cur;
		cur = t;
	}
	return prev[m];
}

typedef struct nearest {
	const char *word;
	size_t len;
	unsigned max;
	unsigned best_dist;
	uint64_t best_freq;
	char best[WONK_MAX_TERM_BYTES + 1];
} nearest;

static int consider_term(void *ctx, const char *term, size_t len, uint64_t freq)
{
	nearest *n = ctx;
	if (len > WONK_MAX_TERM_BYTES || (term[0] >= 'A' && term[0] <= 'Z'))
		return 0;
	unsigned d = edit_distance(n->word, n->len, term, len, n->max);
	if (d <= n->max && (d < n->best_dist || (d == n->best_dist && freq > n->best_freq))) {
		n->best_dist = d;
		n->best_freq = freq;
		memcpy(n->best, term, len);
		n->best[len] = '\0';
	}
	return 0;
}

typedef struct form_ctx {
	const char *stem;
	char *form;
} form_ctx;

static int find_form(void *ctx, const wonk_token *tok)
{
	form_ctx *f = ctx;
	if (strcmp(tok->stem, f->stem) != 0)
		return 0;
	f->form = wonk_strndup(tok->form, tok->form_len);
	return 1;
}

/* A stem as a reader would write it: the form it has in the first
 * passage that holds it (any passage does; ranking them cost a typo's
 * suggestion 200 block reads at 10x). */
static char *readable_form(wonk_search *s, const char *stem)
{
	form_ctx f = {stem, NULL};
	unsigned docid = 0;
	char *data = NULL, *err = NULL;
	size_t len = 0;
	if (wonk_xdb_first_with(s->idx->db, stem, &docid, &err) == WONK_OK && docid &&
	    wonk_xdb_data_before(s->idx->db, docid, 0, &data, &len, &err) == WONK_OK && data) {
		const char *plain;
		size_t plain_len;
		char *owned = NULL;
		wonk_record rec;
		if (wonk_unpack(s->idx->pack, s->idx->db, data, len, &plain, &plain_len, &owned) ==
			    WONK_OK &&
		    wonk_record_decode(plain, plain_len, &rec) == 0)
			wonk_analyze(s->idx->analyzer, rec.text, rec.text_len, 0, find_form, &f, NULL);
		free(owned);
	}
	free(data);
	free(err);
	return f.form ? f.form : wonk_strndup(stem, strlen(stem));
}

typedef struct fix {
	size_t start, end;
	char *with;
} fix;

/* Does the index hold each word of a TERM or PHRASE? */
static wonk_status all_held(wonk_search *s, const wonk_qnode *n, int *held)
{
	*held = 0;
	if (n->op != WONK_Q_TERM && n->op != WONK_Q_PHRASE)
		return WONK_OK;
	for (size_t i = 0; i < (n->op == WONK_Q_TERM ? 1 : n->nkids); i++) {
		const wonk_qnode *t = n->op == WONK_Q_TERM ? n : n->kids[i];
		if (t->op != WONK_Q_TERM)
			return WONK_OK;
		uint64_t freq = 0;
		char *err = NULL;
		wonk_status st = term_freq(s->idx, t->stem, &freq, &err);
		if (st != WONK_OK)
			return wonk_take_error(s->idx, st, err);
		if (freq == 0)
			return WONK_OK;
	}
	*held = 1;
	return WONK_OK;
}

/* Whether form names a decade ("1890s") of which the index holds dated
 * documents: held by them (rank.h), though no passage says it. */
static int decade_held(wonk_search *s, const char *form)
{
	int first = 0, last = -1;
	if (wonk_year_named(form) || !wonk_years_held(form, &first, &last))
		return 0;
	for (int y = first; y <= last; y++) {
		char term[16];
		snprintf(term, sizeof term, WONK_PREFIX_YEAR "%d", y);
		if (indexed(s->idx, term))
			return 1;
	}
	return 0;
}

/* Gathers a replacement for each query word the index does not know. */
static wonk_status collect_fixes(wonk_search *s, const wonk_qnode *n, fix *fixes,
				 size_t *nfix, size_t max)
{
	if (!n || *nfix >= max)
		return WONK_OK;
	/* A word the index holds only in another form ("XX" as 20, Persia
	 * as Iran) was found: no typo to fix.  (The other forms are looked
	 * up only for a word the index lacks: this runs after every search.) */
	if (n->op == WONK_Q_SYNONYM && n->nkids > 1) {
		int held;
		wonk_status st = all_held(s, n->kids[0], &held);
		for (size_t i = 1; st == WONK_OK && !held && i < n->nkids; i++)
			st = all_held(s, n->kids[i], &held);
		if (st != WONK_OK || held)
			return st;
	}
	if (n->op == WONK_Q_TERM && n->qend > n->qstart) {
		uint64_t freq;
		char *err = NULL;
		wonk_status st = term_freq(s->idx, n->stem, &freq, &err);
		if (st != WONK_OK)
			return wonk_take_error(s->idx, st, err);
		if (freq > 0 || decade_held(s, n->form))
			return WONK_OK;
		size_t len = strlen(n->stem);
		/* Only words with the same first letter: typing slips rarely
		 * hit it, and the scan stays a small slice of the term list
		 * (never the metadata terms, which start with capitals). */
		char first[2] = {n->stem[0], '\0'};
		nearest nr;
		for (int attempt = 0;; attempt++) {
			nr = (nearest){n->stem, len, len <= 4 ? 1 : 2, 99, 0, {0}};
			st = wonk_xdb_each_term(s->idx->db, first, consider_term, &nr, &err);
			if (!wonk_retry_modified(s->idx, st, attempt, &err))
				break;
		}
		if (st != WONK_OK)
			return wonk_take_error(s->idx, st, err);
		if (!nr.best[0])
			return WONK_OK;
		char *with = readable_form(s, nr.best);
		if (!with)
			return wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		fixes[(*nfix)++] = (fix){n->qstart, n->qend, with};
		return WONK_OK;
	}
	for (size_t i = 0; i < n->nkids; i++) {
		wonk_status st = collect_fixes(s, n->kids[i], fixes, nfix, max);
		if (st != WONK_OK)
			return st;
	}
	return WONK_OK;
}

static int by_position(const void *a, const void *b)
{
	const fix *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

WONK_EXPORT wonk_status wonk_search_suggest(wonk_search *s, const char **suggestion)
{
	if (suggestion)
		*suggestion = NULL;
	if (!s || !suggestion)
		return WONK_ERR_INVALID_ARG;
	if (s->suggested) {
		*suggestion = s->suggestion;
		return WONK_OK;
	}
	wonk_catch_up(s->idx);
	fix fixes[16];
	size_t nfix = 0;
	wonk_status st = collect_fixes(s, s->query.root, fixes, &nfix, 16);
	if (st == WONK_OK && nfix) {
		qsort(fixes, nfix, sizeof *fixes, by_position);
		wonk_buf b = {0};
		size_t at = 0;
		for (size_t i = 0; i < nfix; i++) {
			if (fixes[i].start < at)
				continue;
			wonk_buf_append(&b, s->text + at, fixes[i].start - at);
			wonk_buf_append(&b, fixes[i].with, strlen(fixes[i].with));
			at = fixes[i].end;
		}
		wonk_buf_append(&b, s->text + at, strlen(s->text + at) + 1);
		if (b.failed) {
			wonk_buf_free(&b);
			st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		} else {
			s->suggestion = b.data;
		}
	}
	for (size_t i = 0; i < nfix; i++)
		free(fixes[i].with);
	if (st != WONK_OK)
		return st;
	s->suggested = 1;
	*suggestion = s->suggestion;
	return WONK_OK;
}

/* ----------------------------------------------------------------- hits */

WONK_EXPORT uint64_t wonk_results_estimate(const wonk_results *res)
{
	return res ? res->estimate : 0;
}

WONK_EXPORT size_t wonk_results_count(const wonk_results *res)
{
	return res ? res->n : 0;
}

WONK_EXPORT const wonk_hit *wonk_results_hit(const wonk_results *res, size_t i)
{
	return res && i < res->n ? &res->hits[i] : NULL;
}

/* Accessors accept NULL (as from wonk_results_hit past the end) and then
 * give 0, NULL or "" rather than crash. */
WONK_EXPORT unsigned wonk_hit_rank(const wonk_hit *h) { return h ? h->rank : 0; }
WONK_EXPORT double wonk_hit_score(const wonk_hit *h) { return h ? h->score : 0; }
WONK_EXPORT double wonk_hit_score_part(const wonk_hit *h, wonk_score_part part)
{
	return h && (unsigned)part < WONK_PART_LAST ? h->part[part] : 0;
}
WONK_EXPORT const char *wonk_hit_held(const wonk_hit *h)
{
	return h ? h->held : NULL;
}
WONK_EXPORT unsigned wonk_hit_passage(const wonk_hit *h) { return h ? h->rec.ordinal : 0; }
WONK_EXPORT uint64_t wonk_hit_start(const wonk_hit *h) { return h ? h->rec.start : 0; }
WONK_EXPORT uint64_t wonk_hit_end(const wonk_hit *h) { return h ? h->rec.end : 0; }

WONK_EXPORT const char *wonk_hit_path(const wonk_hit *h)
{
	return h ? h->rec.field[WONK_FIELD_PATH] : NULL;
}

WONK_EXPORT const char *wonk_hit_doc(const wonk_hit *h)
{
	return h ? h->rec.field[WONK_FIELD_DOC] : NULL;
}

WONK_EXPORT unsigned long wonk_hit_record(const wonk_hit *h)
{
	return h ? (unsigned long)h->rec.record : 0;
}

WONK_EXPORT const char *wonk_hit_title(const wonk_hit *h)
{
	const char *t = h ? h->rec.field[WONK_FIELD_TITLE] : NULL;
	return t ? t : "";
}

WONK_EXPORT const char *wonk_hit_field(const wonk_hit *h, wonk_field field)
{
	return h && (unsigned)field < WONK_FIELD_LAST ? h->rec.field[field] : NULL;
}

WONK_EXPORT const char *wonk_hit_text(const wonk_hit *h, size_t *len)
{
	if (len)
		*len = h ? h->rec.text_len : 0;
	return h ? h->rec.text : NULL;
}

WONK_EXPORT size_t wonk_hit_highlight_count(const wonk_hit *h)
{
	return h ? h->nspans : 0;
}

WONK_EXPORT int wonk_hit_highlight(const wonk_hit *h, size_t i, size_t *start,
				   size_t *end)
{
	if (!h || i >= h->nspans)
		return -1;
	if (start)
		*start = h->spans[i].start;
	if (end)
		*end = h->spans[i].end;
	return 0;
}
