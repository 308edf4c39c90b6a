/*
 * query.c - the query parser: query text to a wonk_qnode tree.
 *
 * The language so far: plain words, ranked and matched in any inflection,
 * and "quoted phrases", which every hit must contain word for word.  The
 * tree for `a b "c d"` is AND_MAYBE(PHRASE(c d), OR(a b)): phrases filter,
 * words rank.  Words go through the same analyzer as documents, so
 * "Jong-un" in a query is the two terms jong, un, as in the text.
 *
 * Degrading gracefully: an unbalanced quote runs to the end of the query
 * (with a note); a phrase that holds no word is ignored.
 */
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "util.h"

/* More query words than this is a mistake (a pasted document), not a query. */
#define WONK_MAX_QUERY_TERMS 256

static wonk_qnode *node_new(wonk_qop op)
{
	wonk_qnode *n = calloc(1, sizeof *n);
	if (n)
		n->op = op;
	return n;
}

static void node_free(wonk_qnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->stem);
	free(n->form);
	free(n);
}

/* Appends kid to parent; on failure frees kid and returns -1. */
static int node_add(wonk_qnode *parent, wonk_qnode *kid)
{
	wonk_qnode **k = realloc(parent->kids, (parent->nkids + 1) * sizeof *k);
	if (!k) {
		node_free(kid);
		return -1;
	}
	parent->kids = k;
	parent->kids[parent->nkids++] = kid;
	return 0;
}

typedef struct collect_ctx {
	wonk_qnode *into;  /* the OR of words, or a PHRASE */
	size_t *nterms;
	int failed;        /* -1 out of memory, 1 too many terms */
} collect_ctx;

static int collect_term(void *vctx, const wonk_token *tok)
{
	collect_ctx *c = vctx;
	if (++*c->nterms > WONK_MAX_QUERY_TERMS) {
		c->failed = 1;
		return 1;
	}
	wonk_qnode *t = node_new(WONK_Q_TERM);
	if (!t || !(t->stem = wonk_strndup(tok->stem, tok->stem_len)) ||
	    !(t->form = wonk_strndup(tok->form, tok->form_len))) {
		node_free(t);
		c->failed = -1;
		return 1;
	}
	if (node_add(c->into, t) < 0) {
		c->failed = -1;
		return 1;
	}
	return 0;
}

/* Reduces a one-child OR/AND to the child, an empty one to NULL. */
static wonk_qnode *simplify(wonk_qnode *n)
{
	if (n->nkids == 0) {
		node_free(n);
		return NULL;
	}
	if (n->nkids == 1 && n->op != WONK_Q_PHRASE) {
		wonk_qnode *k = n->kids[0];
		n->nkids = 0;
		node_free(n);
		return k;
	}
	return n;
}

int wonk_query_parse(wonk_analyzer *a, const char *text, wonk_query *q,
		     char **err)
{
	memset(q, 0, sizeof *q);
	*err = NULL;
	wonk_qnode *words = node_new(WONK_Q_OR);
	wonk_qnode *phrases = node_new(WONK_Q_AND);
	wonk_qnode *root = NULL;
	size_t nterms = 0;
	int rc = -1;
	if (!words || !phrases)
		goto done;

	const char *p = text;
	while (*p) {
		const char *quote = strchr(p, '"');
		size_t seg = quote ? (size_t)(quote - p) : strlen(p);
		collect_ctx c = {words, &nterms, 0};
		if (wonk_analyze(a, p, seg, 0, collect_term, &c, NULL) < 0)
			c.failed = -1;
		if (c.failed)
			goto term_failure;
		if (!quote)
			break;
		const char *close = strchr(quote + 1, '"');
		size_t plen = close ? (size_t)(close - quote - 1) : strlen(quote + 1);
		if (!close && !q->note)
			q->note = wonk_strdup_printf(
				"unbalanced quote at character %zu: the phrase runs to the end of the query",
				(size_t)(quote - text) + 1);
		wonk_qnode *ph = node_new(WONK_Q_PHRASE);
		if (!ph)
			goto done;
		c = (collect_ctx){ph, &nterms, 0};
		if (wonk_analyze(a, quote + 1, plen, 0, collect_term, &c, NULL) < 0)
			c.failed = -1;
		if (c.failed) {
			node_free(ph);
			goto term_failure;
		}
		if (ph->nkids == 0)
			node_free(ph);
		else if (node_add(phrases, ph) < 0)
			goto done;
		p = close ? close + 1 : quote + 1 + plen;
	}

	words = simplify(words);
	phrases = simplify(phrases);
	if (words && phrases) {
		root = node_new(WONK_Q_AND_MAYBE);
		if (!root || node_add(root, phrases) < 0) {
			phrases = NULL;
			goto done;
		}
		phrases = NULL;
		if (node_add(root, words) < 0) {
			words = NULL;
			goto done;
		}
		words = NULL;
	} else {
		root = words ? words : phrases;
		words = phrases = NULL;
	}
	q->root = root;
	root = NULL;
	rc = 0;
	goto done;

term_failure:
	if (nterms > WONK_MAX_QUERY_TERMS)
		*err = wonk_strdup_printf("query too long: more than %d words", WONK_MAX_QUERY_TERMS);
done:
	node_free(words);
	node_free(phrases);
	node_free(root);
	if (rc < 0) {
		free(q->note);
		q->note = NULL;
	}
	return rc;
}

void wonk_query_clear(wonk_query *q)
{
	node_free(q->root);
	free(q->note);
	memset(q, 0, sizeof *q);
}

int wonk_query_has_phrase(const wonk_qnode *n)
{
	if (!n)
		return 0;
	if (n->op == WONK_Q_PHRASE)
		return 1;
	for (size_t i = 0; i < n->nkids; i++)
		if (wonk_query_has_phrase(n->kids[i]))
			return 1;
	return 0;
}
