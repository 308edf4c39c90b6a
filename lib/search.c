/*
 * search.c - running a search: query parsing, the matcher's candidates,
 * exact-phrase checks, highlighting, and the results the caller iterates.
 *
 * Stage 1 is Xapian's BM25 over passages, collapsed to per_doc passages per
 * document.  When the query has phrases, Xapian matches them on stems; each
 * candidate is then re-analysed and kept only if the phrase occurs word for
 * word, so the window is widened until enough candidates survive.
 */
#include <stdlib.h>
#include <string.h>

#include "highlight.h"
#include "record.h"
#include "wonk-private.h"

/* Retries of a search whose index a writer changed under it. */
#define WONK_MODIFIED_RETRIES 5
/* The largest candidate window fetched while filtering phrases. */
#define WONK_MAX_WINDOW 100000u

struct wonk_search {
	wonk_index *idx;
	wonk_query query;
	int has_phrase;
	unsigned limit, offset, per_doc;
};

struct wonk_hit {
	unsigned rank;
	double score;
	char *data;          /* the stored record; rec points into it */
	wonk_record rec;
	wonk_span *spans;
	size_t nspans;
};

struct wonk_results {
	wonk_hit *hits;
	size_t n;
	uint64_t estimate;
};

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
	if (wonk_query_parse(idx->analyzer, query, &s->query, &err) < 0) {
		free(s);
		if (!err)
			return wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
		return wonk_take_error(idx, WONK_ERR_QUERY_SYNTAX, err);
	}
	if (!s->query.root) {
		wonk_query_clear(&s->query);
		free(s);
		return wonk_set_error(idx, WONK_ERR_QUERY_SYNTAX,
				      "query has no words to search for");
	}
	s->idx = idx;
	s->has_phrase = wonk_query_has_phrase(s->query.root);
	s->limit = 10;
	s->per_doc = 2;
	*out = s;
	return WONK_OK;
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

WONK_EXPORT void wonk_search_destroy(wonk_search *s)
{
	if (!s)
		return;
	wonk_query_clear(&s->query);
	free(s);
}

static void hit_clear(wonk_hit *h)
{
	free(h->data);
	free(h->spans);
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

/* Runs the matcher once, retrying while a writer keeps changing the index. */
static wonk_status fetch(wonk_search *s, unsigned count, wonk_xhit **xh,
			 size_t *nx, uint64_t *estimate)
{
	wonk_xsearch p = {
		.query = s->query.root,
		.first = 0,
		.count = count,
		.collapse_slot = s->per_doc ? WONK_SLOT_DOC : -1,
		.collapse_max = s->per_doc,
	};
	wonk_status st = WONK_OK;
	char *err = NULL;
	for (int attempt = 0; attempt <= WONK_MODIFIED_RETRIES; attempt++) {
		free(err);
		err = NULL;
		st = wonk_xdb_search(s->idx->db, &p, xh, nx, estimate, &err);
		if (st != WONK_ERR_MODIFIED)
			break;
		free(err);
		err = NULL;
		st = wonk_xdb_reopen(s->idx->db, &err);
		if (st != WONK_OK)
			break;
		st = WONK_ERR_MODIFIED;
	}
	if (st != WONK_OK)
		return wonk_take_error(s->idx, st, err);
	free(err);
	return WONK_OK;
}

/* Turns a candidate into a hit if it passes the exact checks: 1 kept,
 * 0 dropped, -1 out of memory, -2 a corrupt record. */
static int make_hit(wonk_search *s, wonk_xhit *x, wonk_hit *h)
{
	memset(h, 0, sizeof *h);
	if (wonk_record_decode(x->data, x->data_len, &h->rec) < 0)
		return -2;
	int ok = wonk_highlight(s->idx->analyzer, s->query.root, h->rec.text,
				h->rec.text_len, &h->spans, &h->nspans);
	/* Phrase-free queries are exactly what Xapian matched: keep all. */
	if (ok < 0 || (ok == 0 && s->has_phrase)) {
		free(h->spans);
		h->spans = NULL;
		return ok;
	}
	h->score = x->score;
	h->data = x->data; /* take ownership: rec points into it */
	x->data = NULL;
	return 1;
}

WONK_EXPORT wonk_status wonk_search_run(wonk_search *s, wonk_results **out)
{
	if (out)
		*out = NULL;
	if (!s || !out)
		return WONK_ERR_INVALID_ARG;
	wonk_results *res = calloc(1, sizeof *res);
	size_t want = (size_t)s->offset + s->limit;
	wonk_hit *kept = want ? calloc(want, sizeof *kept) : NULL;
	size_t nkept = 0;
	wonk_status st = WONK_OK;
	if (!res || (want && !kept)) {
		st = wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory");
		goto fail;
	}

	/* Without phrases every candidate is a hit, so one window suffices;
	 * with them, widen the window until enough survive the exact check. */
	unsigned window = s->has_phrase ? (unsigned)(want * 2 + 16) : (unsigned)want;
	while (want > 0) {
		wonk_xhit *xh = NULL;
		size_t nx = 0;
		st = fetch(s, window, &xh, &nx, &res->estimate);
		if (st != WONK_OK)
			goto fail;
		for (size_t i = 0; i < nkept; i++)
			hit_clear(&kept[i]);
		nkept = 0;
		for (size_t i = 0; i < nx && nkept < want; i++) {
			int r = make_hit(s, &xh[i], &kept[nkept]);
			if (r == 1) {
				nkept++;
			} else if (r < 0) {
				wonk_xhits_free(xh, nx);
				st = r == -1 ? wonk_set_error(s->idx, WONK_ERR_NO_MEMORY, "out of memory")
					     : wonk_set_error(s->idx, WONK_ERR_CORRUPT,
							      "index is corrupt: unreadable passage record");
				goto fail;
			}
		}
		wonk_xhits_free(xh, nx);
		if (nkept >= want || nx < window || window >= WONK_MAX_WINDOW)
			break;
		window = window * 4 > WONK_MAX_WINDOW ? WONK_MAX_WINDOW : window * 4;
	}

	/* The page the caller asked for: drop the hits before the offset. */
	if (nkept > s->offset) {
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

WONK_EXPORT unsigned wonk_hit_rank(const wonk_hit *h) { return h->rank; }
WONK_EXPORT double wonk_hit_score(const wonk_hit *h) { return h->score; }
WONK_EXPORT const char *wonk_hit_path(const wonk_hit *h) { return h->rec.field[WONK_FIELD_PATH]; }
WONK_EXPORT const char *wonk_hit_doc(const wonk_hit *h) { return h->rec.field[WONK_FIELD_DOC]; }
WONK_EXPORT unsigned wonk_hit_passage(const wonk_hit *h) { return h->rec.ordinal; }
WONK_EXPORT uint64_t wonk_hit_start(const wonk_hit *h) { return h->rec.start; }
WONK_EXPORT uint64_t wonk_hit_end(const wonk_hit *h) { return h->rec.end; }
WONK_EXPORT unsigned long wonk_hit_record(const wonk_hit *h) { return (unsigned long)h->rec.record; }

WONK_EXPORT const char *wonk_hit_title(const wonk_hit *h)
{
	const char *t = h->rec.field[WONK_FIELD_TITLE];
	return t ? t : "";
}

WONK_EXPORT const char *wonk_hit_field(const wonk_hit *h, wonk_field field)
{
	return h && (unsigned)field < WONK_FIELD_LAST ? h->rec.field[field] : NULL;
}

WONK_EXPORT const char *wonk_hit_text(const wonk_hit *h, size_t *len)
{
	if (len)
		*len = h->rec.text_len;
	return h->rec.text;
}

WONK_EXPORT size_t wonk_hit_highlight_count(const wonk_hit *h)
{
	return h->nspans;
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
