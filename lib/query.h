/*
 * query.h - a query string turned into a tree of analysed terms (private).
 *
 * The parser runs query words through the same analyzer as the documents, so
 * a query term is exactly the term the indexer wrote.  The tree is what the
 * shim turns into a Xapian query, and what highlighting and exact-phrase
 * checks read.  It is built to grow (boolean operators, fields, ranges come
 * with the query-language work) without changing its users.
 */
#ifndef WONK_QUERY_H
#define WONK_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "analyze.h"

typedef enum wonk_qop {
	WONK_Q_TERM,   /* one stem; ranked */
	WONK_Q_PHRASE, /* kids are TERMs, adjacent and in order, exact forms */
	WONK_Q_OR,     /* any kid; scores add */
	WONK_Q_AND,    /* every kid */
	WONK_Q_AND_MAYBE /* kid 0 must match; the others only add to the score */
} wonk_qop;

typedef struct wonk_qnode {
	wonk_qop op;
	char *stem;              /* TERM: the index term */
	char *form;              /* TERM: the case-folded word, for exact checks */
	struct wonk_qnode **kids;
	size_t nkids;
} wonk_qnode;

typedef struct wonk_query {
	wonk_qnode *root;        /* NULL when nothing is searchable */
	char *note;              /* a message about graceful degradation, or NULL */
} wonk_query;

/* Parses text into *q.  Returns 0, or -1 on a syntax error (with a malloc'ed
 * message in *err saying what and where) or when out of memory (*err NULL).
 * On success q->root may still be NULL (only stop-characters were given);
 * callers treat that as an error. */
int wonk_query_parse(wonk_analyzer *a, const char *text, wonk_query *q,
		     char **err);
void wonk_query_clear(wonk_query *q); /* frees what parse allocated */

/* True when the tree holds a phrase (results then need an exact check). */
int wonk_query_has_phrase(const wonk_qnode *n);

#endif
