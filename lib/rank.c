/*
 * rank.c - stage-2 re-scoring (see rank.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "rank.h"
#include "util.h"
#include "wonk-private.h"

/* Feature weights, added to BM25 scaled so that the pool's best is 1.
 * Chosen on the evaluation set (docs/RANKING.md has the ablation). */
#define W_COVERAGE 1.0
#define W_PROXIMITY 0.2
#define W_EXACT 1.0
#define W_TITLE 0.2
#define W_DOCUMENT 1.0
/* Added when the passage holds two of the query's content words or more:
 * one rare word alone (a name, a phrase's rarest word) too often drags in
 * a passage about something else. */
#define W_PAIR 0.5

/* Added times the share of the query's content-word IDF that the
 * passage's best sentence holds: a passage that says the query's words
 * together, in one sentence, more often answers than one that spreads
 * them over several or mentions the topic in passing. */
#define W_SENTENCE 0.5

/* A two-word name weighs its rarer word's IDF plus this share of the
 * other's (weigh_names): 0 would say the name is as rare as its rarer
 * word, 1 that its words are independent. */
#define W_NAME_SHARE 0.5

/* Content words: those in fewer than about one passage in eight (IDF of 2
 * or more).  Only they count for proximity and for W_PAIR: "of", "the",
 * "from" and, in a corpus of addresses to Congress, "states" and
 * "congress" stand next to every other word and say nothing about
 * whether the passage is about the query. */
#define CONTENT_IDF 2.0

/* Query words beyond this many are left out of the features. */
#define MAX_TERMS 32

/* Stems of the query's synonyms, matched as a set. */
#define MAX_ALT_STEMS 64

typedef struct rterm {
	char *stem, *form;
	double idf;
	/* Its weight in the features' sums: its IDF, less for the words of
	 * a two-word name (weigh_names). */
	double w;
	int name;              /* the name it is part of: its first word's index */
	/* The years whose documents hold it (wonk_years_held), or 0. */
	int first_year, last_year;
	int person;            /* written as a name: may be an author's surname */
	size_t qstart, qend;   /* where the query says it */
	/* What the word may also be said as (synonyms, an acronym's long
	 * form): each a list of indexes into the ranker's alt stems, ended
	 * by -1; present when all its stems are. */
	int alt[8][8];
	size_t nalt;
} rterm;

struct wonk_ranker {
	wonk_analyzer *a;
	rterm t[MAX_TERMS];
	size_t n;
	double idf_sum;
	char *alt_stem[MAX_ALT_STEMS];
	size_t nalt_stems;
	wonk_stem_filter filter; /* the stems above */
	/* The last title looked at and the query words it holds: a pool's
	 * candidates share a few titles (every address is "State of the
	 * Union Address"), so most are not analysed again. */
	char *title;
	unsigned char in_title[MAX_TERMS];
	/* Likewise the last author looked at and the query words that are
	 * one of its surnames. */
	char *author;
	unsigned char by_author[MAX_TERMS];
	/* The words the last candidate scored holds through its document. */
	unsigned char by_document[MAX_TERMS];
};

static int alt_stem_index(wonk_ranker *r, const char *stem)
{
	for (size_t i = 0; i < r->nalt_stems; i++)
		if (strcmp(r->alt_stem[i], stem) == 0)
			return (int)i;
	if (r->nalt_stems == MAX_ALT_STEMS)
		return -2;
	if (!(r->alt_stem[r->nalt_stems] = wonk_strndup(stem, strlen(stem))))
		return -1;
	return (int)r->nalt_stems++;
}

/* Records a synonym kid (a TERM or a PHRASE of TERMs) of term t. */
static int add_alternative(wonk_ranker *r, rterm *t, const wonk_qnode *k)
{
	if (t->nalt == 8)
		return 0;
	int *out = t->alt[t->nalt];
	size_t m = 0;
	const wonk_qnode *const *words = k->op == WONK_Q_TERM ? &k : (const wonk_qnode *const *)k->kids;
	size_t nw = k->op == WONK_Q_TERM ? 1 : k->nkids;
	for (size_t i = 0; i < nw && m < 7; i++) {
		if (words[i]->op != WONK_Q_TERM)
			return 0;
		int ix = alt_stem_index(r, words[i]->stem);
		if (ix == -1)
			return -1;
		if (ix == -2)
			return 0;
		out[m++] = ix;
	}
	out[m] = -1;
	if (m)
		t->nalt++;
	return 0;
}

/* A run of query words said another way ("Porto Rico" for "Puerto
 * Rico", "Pyongyang" for "North Korea"): the run's words are counted one
 * by one where the query says them, and each of them counts as said where
 * one of the run's alternatives is, as a word's own synonyms do. */
static int run_alternatives(wonk_ranker *r, const wonk_qnode *n)
{
	if (n->nkids < 2 || n->kids[0]->op != WONK_Q_PHRASE)
		return 0;
	const wonk_qnode *run = n->kids[0];
	for (size_t w = 0; w < run->nkids; w++) {
		if (run->kids[w]->op != WONK_Q_TERM)
			continue;
		for (size_t i = 0; i < r->n; i++) {
			if (strcmp(r->t[i].stem, run->kids[w]->stem) != 0)
				continue;
			for (size_t k = 1; k < n->nkids; k++)
				if (add_alternative(r, &r->t[i], n->kids[k]) < 0)
					return -1;
			break;
		}
	}
	return 0;
}

/* The first four characters, all digits, from 1000 to 2999 and, unless
 * s is a date, its last. */
int wonk_year_named(const char *s)
{
	if (!s)
		return 0;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	if (s[4] && s[4] != '-')
		return 0;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	return y >= 1000 && y <= 2999 ? y : 0;
}

int wonk_years_held(const char *word, int *first, int *last)
{
	int year = wonk_year_named(word);
	if (year) {
		*first = year;
		*last = year + WONK_YEAR_AFTER;
		return 1;
	}
	char digits[5];
	if (!word || strlen(word) != 5 || word[3] != '0' || word[4] != 's')
		return 0;
	memcpy(digits, word, 4);
	digits[4] = '\0';
	if (!(year = wonk_year_named(digits)))
		return 0;
	*first = year;
	*last = year + 9 + WONK_YEAR_AFTER;
	return 1;
}

/* Gathers the ranked words of the tree: not those under an exclusion, not
 * metadata filters. */
static int collect(wonk_ranker *r, const wonk_qnode *n, wonk_idf_fn idf, void *ctx)
{
	if (!n)
		return 0;
	if (n->op == WONK_Q_SYNONYM && n->nkids > 0 && n->kids[0]->op == WONK_Q_TERM) {
		/* One query word and what it may also be said as. */
		size_t before = r->n;
		if (collect(r, n->kids[0], idf, ctx) < 0)
			return -1;
		if (r->n == before)
			return 0;
		for (size_t i = 1; i < n->nkids; i++)
			if (add_alternative(r, &r->t[before], n->kids[i]) < 0)
				return -1;
		return 0;
	}
	if (n->op == WONK_Q_SYNONYM)
		return run_alternatives(r, n);
	if (n->op == WONK_Q_TERM) {
		for (size_t i = 0; i < r->n; i++)
			if (strcmp(r->t[i].stem, n->stem) == 0)
				return 0;
		if (r->n == MAX_TERMS)
			return 0;
		rterm *t = &r->t[r->n];
		t->stem = wonk_strndup(n->stem, strlen(n->stem));
		t->form = wonk_strndup(n->form ? n->form : n->stem,
				       strlen(n->form ? n->form : n->stem));
		if (!t->stem || !t->form) {
			free(t->stem);
			free(t->form);
			return -1;
		}
		t->idf = idf(ctx, n->stem);
		wonk_years_held(t->form, &t->first_year, &t->last_year);
		t->qstart = n->qstart;
		t->qend = n->qend;
		r->n++;
		return 0;
	}
	size_t kids = n->op == WONK_Q_AND_NOT ? (n->nkids > 0) : n->nkids;
	for (size_t i = 0; i < kids; i++)
		if (collect(r, n->kids[i], idf, ctx) < 0)
			return -1;
	return 0;
}

/* Written with a capital, not as an abbreviation ("Carolina", not
 * "NATO" or "carolina"); text holds len bytes. */
static int capitalised(const char *text, size_t len, const rterm *t)
{
	if (t->qend <= t->qstart || t->qend > len || !isupper((unsigned char)text[t->qstart]))
		return 0;
	for (size_t i = t->qstart + 1; i < t->qend; i++)
		if (isupper((unsigned char)text[i]))
			return 0;
	return 1;
}

int wonk_written_as_name(const char *text, size_t start, size_t end)
{
	if (!text || end <= start || end > strlen(text) || !isupper((unsigned char)text[start]))
		return 0;
	for (size_t i = start + 1; i < end; i++)
		if (islower((unsigned char)text[i]))
			return 1;
	return 0;
}

/* Only spaces between the two words in the query. */
static int next_to(const char *text, const rterm *a, const rterm *b)
{
	if (b->qstart <= a->qend)
		return 0;
	for (size_t i = a->qend; i < b->qstart; i++)
		if (text[i] != ' ')
			return 0;
	return 1;
}

/* The query word written right after t[i], both with a capital: its
 * index, or -1. */
static int name_next(const wonk_ranker *r, const char *text, size_t len, size_t i)
{
	if (!capitalised(text, len, &r->t[i]))
		return -1;
	for (size_t j = 0; j < r->n; j++)
		if (j != i && capitalised(text, len, &r->t[j]) &&
		    next_to(text, &r->t[i], &r->t[j]))
			return (int)j;
	return -1;
}

/* Two capitalised words side by side in the query name one thing ("South
 * Carolina", "Puerto Ricans", "Persian Gulf"): the features count them as
 * one, weighing W_NAME_SHARE of the way from their rarer word's IDF to
 * the sum of both, so that a name of two common words does not outweigh
 * the rarer word the query is about ("South Carolina nullification"), and
 * a passage holding the name alone holds one thing, not a pair. Runs of
 * three or more are left as words: more often two names side by side
 * ("Kim Jong Un Vostochny", "Monroe Doctrine European") than one. */
static void weigh_names(wonk_ranker *r, const char *text)
{
	int next[MAX_TERMS];
	unsigned char has_prev[MAX_TERMS] = {0};
	size_t len = text ? strlen(text) : 0;
	for (size_t i = 0; i < r->n; i++) {
		r->t[i].name = (int)i;
		r->t[i].w = r->t[i].idf;
		next[i] = text ? name_next(r, text, len, i) : -1;
		if (next[i] >= 0)
			has_prev[next[i]] = 1;
	}
	for (size_t i = 0; i < r->n; i++) {
		int j = next[i];
		if (j < 0 || has_prev[i] || next[j] >= 0)
			continue;
		rterm *a = &r->t[i], *b = &r->t[j];
		double top = a->idf > b->idf ? a->idf : b->idf, sum = a->idf + b->idf;
		double share = sum > 0 ? (top + W_NAME_SHARE * (sum - top)) / sum : 1;
		a->w = a->idf * share;
		b->w = b->idf * share;
		b->name = (int)i;
	}
	for (size_t i = 0; i < r->n; i++)
		r->idf_sum += r->t[i].w;
}

wonk_ranker *wonk_ranker_new(wonk_analyzer *a, const wonk_qnode *root, const char *text,
			     wonk_idf_fn idf, void *ctx)
{
	wonk_ranker *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->a = a;
	if (collect(r, root, idf, ctx) < 0) {
		wonk_ranker_free(r);
		return NULL;
	}
	weigh_names(r, text);
	for (size_t i = 0; i < r->n; i++)
		r->t[i].person = wonk_written_as_name(text, r->t[i].qstart, r->t[i].qend);
	/* Passages are scanned for these stems only: no other word need be
	 * stemmed (wonk_analyze_some). */
	for (size_t i = 0; i < r->n; i++)
		wonk_stem_filter_add(&r->filter, r->t[i].stem);
	for (size_t i = 0; i < r->nalt_stems; i++)
		wonk_stem_filter_add(&r->filter, r->alt_stem[i]);
	return r;
}

void wonk_ranker_free(wonk_ranker *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->t[i].stem);
		free(r->t[i].form);
	}
	for (size_t i = 0; i < r->nalt_stems; i++)
		free(r->alt_stem[i]);
	free(r->title);
	free(r->author);
	free(r);
}

/* What one pass over a passage's words finds. */
typedef struct scan {
	const wonk_ranker *r;
	unsigned char present[MAX_TERMS], exact[MAX_TERMS], placed[MAX_TERMS];
	unsigned char alt_seen[MAX_ALT_STEMS];
	uint32_t last_pos[MAX_TERMS];
	/* The smallest window holding every matched content word, found by
	 * keeping each word's latest position: the most words seen so far,
	 * then the narrowest window holding them. */
	uint32_t best_window;
	size_t best_seen;
	/* Sentences: the content words of the current one (a bit per query
	 * word), and the best share of the content words' IDF that one
	 * sentence holds. */
	const char *text;
	size_t prev_end;
	uint32_t sent_mask;
	double best_sentence;
} scan;

static void end_sentence(scan *s)
{
	double held = 0, all = 0;
	for (size_t k = 0; k < s->r->n; k++)
		if (s->r->t[k].idf >= CONTENT_IDF) {
			all += s->r->t[k].w;
			if (s->sent_mask & (1u << k))
				held += s->r->t[k].w;
		}
	if (all > 0 && held / all > s->best_sentence)
		s->best_sentence = held / all;
	s->sent_mask = 0;
}

/* Does the gap t[a, b) between two words end a sentence: a full stop,
 * question or exclamation mark, then a space ("U.S." does not; "Mr. X"
 * does, which matters little here)? */
static int sentence_break(const char *t, size_t a, size_t b)
{
	int stop = 0;
	for (size_t i = a; i < b; i++) {
		if (t[i] == '.' || t[i] == '!' || t[i] == '?')
			stop = 1;
		else if (stop && (t[i] == ' ' || t[i] == '\n' || t[i] == '\t' || t[i] == '\r'))
			return 1;
	}
	return 0;
}

static int term_index(const wonk_ranker *r, const char *stem)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->t[i].stem, stem) == 0)
			return (int)i;
	return -1;
}

/* A content word (or a one-word synonym of it) stands at pos: the window
 * ending here that holds every content word placed so far. */
static void place(scan *s, size_t i, uint32_t pos)
{
	s->sent_mask |= 1u << i;
	s->placed[i] = 1;
	s->last_pos[i] = pos;
	uint32_t lo = pos;
	size_t seen = 0;
	for (size_t k = 0; k < s->r->n; k++)
		if (s->placed[k]) {
			seen++;
			if (s->last_pos[k] < lo)
				lo = s->last_pos[k];
		}
	uint32_t w = pos - lo + 1;
	if (seen > s->best_seen || (seen == s->best_seen && w < s->best_window)) {
		s->best_seen = seen;
		s->best_window = w;
	}
}

static int scan_token(void *ctx, const wonk_token *tok)
{
	scan *s = ctx;
	if (s->text && s->prev_end && sentence_break(s->text, s->prev_end, tok->start))
		end_sentence(s);
	s->prev_end = tok->end;
	if (!wonk_stem_filter_may(&s->r->filter, tok->stem, tok->stem_len))
		return 0; /* no query stem begins so */
	for (size_t k = 0; k < s->r->nalt_stems; k++) {
		if (strcmp(s->r->alt_stem[k], tok->stem) != 0)
			continue;
		s->alt_seen[k] = 1;
		for (size_t i = 0; i < s->r->n; i++)
			for (size_t a = 0; a < s->r->t[i].nalt; a++)
				if (s->r->t[i].alt[a][0] == (int)k && s->r->t[i].alt[a][1] < 0 &&
				    s->r->t[i].idf >= CONTENT_IDF)
					place(s, i, tok->pos);
	}
	int i = term_index(s->r, tok->stem);
	if (i < 0)
		return 0;
	s->present[i] = 1;
	if (strcmp(tok->form, s->r->t[i].form) == 0)
		s->exact[i] = 1;
	if (s->r->t[i].idf >= CONTENT_IDF)
		place(s, (size_t)i, tok->pos);
	return 0;
}

typedef struct title_scan {
	const wonk_ranker *r;
	unsigned char in_title[MAX_TERMS];
} title_scan;

static int scan_title(void *ctx, const wonk_token *tok)
{
	title_scan *t = ctx;
	int i = term_index(t->r, tok->stem);
	if (i >= 0)
		t->in_title[i] = 1;
	return 0;
}

int wonk_ranker_names_year(const wonk_ranker *r)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (r->t[i].first_year)
			return 1;
	return 0;
}

int wonk_ranker_names_person(const wonk_ranker *r)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (r->t[i].person)
			return 1;
	return 0;
}

/* Marks the person words of the query that are this surname. */
static int mark_surname(void *ctx, const char *form, size_t len)
{
	wonk_ranker *r = ctx;
	(void)len;
	for (size_t i = 0; i < r->n; i++)
		if (r->t[i].person && strcmp(r->t[i].form, form) == 0)
			r->by_author[i] = 1;
	return 0;
}

/* Which person words of the query name one of author's surnames, into
 * r->by_author; the result for the last author is kept, since a pool's
 * candidates share a few.  Returns -1 when out of memory. */
static int match_author(wonk_ranker *r, const char *author)
{
	if (r->author && strcmp(r->author, author) == 0)
		return 0;
	free(r->author);
	memset(r->by_author, 0, sizeof r->by_author);
	r->author = wonk_strndup(author, strlen(author));
	if (!r->author || wonk_author_surnames(r->a, author, mark_surname, r) < 0) {
		free(r->author);
		r->author = NULL;
		return -1;
	}
	return 0;
}

char *wonk_ranker_held(const wonk_ranker *r, int *failed)
{
	size_t len = 0;
	for (size_t i = 0; r && i < r->n; i++)
		if (r->by_document[i])
			len += strlen(r->t[i].form) + 1;
	if (!len)
		return NULL;
	char *out = malloc(len);
	if (!out) {
		*failed = 1;
		return NULL;
	}
	char *at = out;
	for (size_t i = 0; i < r->n; i++)
		if (r->by_document[i]) {
			if (at > out)
				*at++ = ' ';
			size_t n = strlen(r->t[i].form);
			memcpy(at, r->t[i].form, n);
			at += n;
		}
	*at = '\0';
	return out;
}

int wonk_in_onset(int year, int onset)
{
	return onset && year >= onset && year <= onset + WONK_ONSET_YEARS;
}

/* What each part of a score counts with; BM25 is the scale. */
static const double part_weight[WONK_PART_LAST] = {
	[WONK_PART_BM25] = 1.0,
	[WONK_PART_COVERAGE] = W_COVERAGE,
	[WONK_PART_PROXIMITY] = W_PROXIMITY,
	[WONK_PART_EXACT] = W_EXACT,
	[WONK_PART_TITLE] = W_TITLE,
	[WONK_PART_DOCUMENT] = W_DOCUMENT,
	[WONK_PART_PAIR] = W_PAIR,
	[WONK_PART_SENTENCE] = W_SENTENCE,
	[WONK_PART_ONSET] = WONK_ONSET_WEIGHT,
};

static const char *const part_name[WONK_PART_LAST] = {
	[WONK_PART_BM25] = "bm25",
	[WONK_PART_COVERAGE] = "coverage",
	[WONK_PART_PROXIMITY] = "proximity",
	[WONK_PART_EXACT] = "exact",
	[WONK_PART_TITLE] = "title",
	[WONK_PART_DOCUMENT] = "document",
	[WONK_PART_PAIR] = "pair",
	[WONK_PART_SENTENCE] = "sentence",
	[WONK_PART_ONSET] = "onset",
};

WONK_EXPORT const char *wonk_score_part_name(wonk_score_part part)
{
	return (unsigned)part < WONK_PART_LAST ? part_name[part] : NULL;
}

WONK_EXPORT double wonk_score_part_weight(wonk_score_part part)
{
	return (unsigned)part < WONK_PART_LAST ? part_weight[part] : 0;
}

/* The score the parts add up to. */
static double weighted_sum(const double *part)
{
	double sum = 0;
	for (int i = 0; i < WONK_PART_LAST; i++)
		sum += part_weight[i] * part[i];
	return sum;
}

double wonk_ranker_score(wonk_ranker *r, const wonk_record *rec, double bm25, double best,
			 double doc_share, const char *date, const char *author, int *says_all,
			 double part_out[WONK_PART_LAST])
{
	double own[WONK_PART_LAST] = {0};
	double *part = part_out ? part_out : own;
	memset(part, 0, sizeof own);
	part[WONK_PART_BM25] = best > 0 ? bm25 / best : 0;
	if (says_all)
		*says_all = 0;
	if (!r || r->n == 0 || r->idf_sum <= 0)
		return part[WONK_PART_BM25];
	scan s;
	memset(&s, 0, sizeof s);
	s.r = r;
	s.best_window = UINT32_MAX;
	s.text = rec->text;
	if (wonk_analyze_some(r->a, rec->text, rec->text_len, 0, &r->filter, scan_token, &s,
			      NULL) < 0)
		return -1;
	end_sentence(&s);
	const char *title = rec->field[WONK_FIELD_TITLE];
	if (!title)
		title = "";
	if (!r->title || strcmp(r->title, title) != 0) {
		title_scan ts;
		memset(&ts, 0, sizeof ts);
		ts.r = r;
		free(r->title);
		r->title = wonk_strndup(title, strlen(title));
		if (!r->title || wonk_analyze_some(r->a, title, strlen(title), 0, &r->filter,
						   scan_title, &ts, NULL) < 0) {
			free(r->title);
			r->title = NULL;
			return -1;
		}
		memcpy(r->in_title, ts.in_title, sizeof r->in_title);
	}

	/* What the text says; the rest the document may hold. */
	unsigned char said[MAX_TERMS];
	memcpy(said, s.present, sizeof said);
	/* So does a year, by the document's date (WONK_YEAR_AFTER); no
	 * inflection can change a year, so exactly. */
	int dated = wonk_year_named(date);
	for (size_t i = 0; dated && i < r->n; i++)
		if (r->t[i].first_year && dated >= r->t[i].first_year && dated <= r->t[i].last_year)
			s.present[i] = s.exact[i] = 1;
	/* And the surname of the document's author, by each of its passages
	 * (match_author). */
	if (author && *author && wonk_ranker_names_person(r)) {
		if (match_author(r, author) < 0)
			return -1;
		for (size_t i = 0; i < r->n; i++)
			if (r->by_author[i])
				s.present[i] = s.exact[i] = 1;
	}
	for (size_t i = 0; i < r->n; i++)
		r->by_document[i] = s.present[i] && !said[i];
	/* A word said another way counts as said. */
	for (size_t i = 0; i < r->n; i++)
		for (size_t a = 0; a < r->t[i].nalt && !s.present[i]; a++) {
			int all = 1;
			for (const int *x = r->t[i].alt[a]; *x >= 0; x++)
				all &= s.alt_seen[*x];
			s.present[i] = (unsigned char)all;
		}
	double covered = 0, exact = 0, titled = 0, matched = 0;
	/* Names with a content word, and those the passage holds one of. */
	unsigned char content_name[MAX_TERMS] = {0}, matched_name[MAX_TERMS] = {0};
	for (size_t i = 0; i < r->n; i++) {
		if (r->t[i].idf >= CONTENT_IDF) {
			content_name[r->t[i].name] = 1;
			if (s.present[i])
				matched_name[r->t[i].name] = 1;
		}
		if (s.present[i]) {
			covered += r->t[i].w;
			matched += r->t[i].w;
			if (s.exact[i])
				exact += r->t[i].w;
		}
		if (r->in_title[i])
			titled += r->t[i].w;
	}
	size_t nmatched = 0, ncontent = 0;
	for (size_t i = 0; i < r->n; i++) {
		ncontent += content_name[i];
		nmatched += matched_name[i];
	}
	double coverage = covered / r->idf_sum;
	double exactness = matched > 0 ? exact / matched : 0;
	double in_title = titled / r->idf_sum;
	/* Matched content words side by side score 1; spread over a window
	 * of w positions, (k - 1) / (w - 1).  (A synonym found in place of a
	 * word counts for coverage, not here: it has no position.) */
	double proximity = 0;
	if (s.best_seen > 1 && s.best_window > 1)
		proximity = (double)(s.best_seen - 1) / (double)(s.best_window - 1);
	if (proximity > 1)
		proximity = 1;
	double pair = ncontent > 1 && nmatched > 1 ? 1 : 0;
	/* Every content word in one sentence (the share is a sum of the same
	 * weights, so "every" allows for rounding). */
	if (says_all)
		*says_all = s.best_sentence > 0.999;
	part[WONK_PART_COVERAGE] = coverage;
	part[WONK_PART_PROXIMITY] = proximity;
	part[WONK_PART_EXACT] = exactness * coverage;
	part[WONK_PART_TITLE] = in_title;
	part[WONK_PART_DOCUMENT] = doc_share;
	part[WONK_PART_PAIR] = pair;
	part[WONK_PART_SENTENCE] = s.best_sentence;
	return weighted_sum(part);
}
