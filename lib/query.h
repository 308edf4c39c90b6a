/*
 * query.h - a query string turned into a tree of analysed terms (private).
 *
 * The parser runs query words through the same analyzer as the documents, so
 * a query term is exactly the term the indexer wrote.  The tree is what the
 * shim turns into a Xapian query, and what highlighting and exact-phrase
 * checks read.  The syntax is described in query.c.
 */
#ifndef WONK_QUERY_H
#define WONK_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "analyze.h"

typedef enum wonk_qop {
	WONK_Q_TERM,     /* one body stem; ranked */
	WONK_Q_PHRASE,   /* kids are TERMs at consecutive positions; with
			    exact set (quoted), in exactly those forms */
	WONK_Q_NEAR,     /* kids are TERMs within window positions, any order */
	WONK_Q_PREFIX,   /* body words starting with form; expanded at search */
	WONK_Q_FILTER,   /* one boolean term (stem, prefix included); adds
			    weight to what it selects, usually nothing */
	WONK_Q_RANGE,    /* value slot between lo and hi (NULL: open) */
	WONK_Q_ALL,      /* every passage (a query of exclusions only) */
	WONK_Q_OR,       /* any kid; scores add */
	WONK_Q_AND,      /* every kid */
	WONK_Q_AND_MAYBE,/* kid 0 must match; the others only add to the score */
	WONK_Q_AND_NOT,  /* kid 0, minus passages matching any later kid */
	WONK_Q_SYNONYM   /* kid 0 (the query's words) or any other kid (what
			    they mean: synonyms, an acronym's long form), all
			    weighted as one term */
} wonk_qop;

typedef struct wonk_qnode {
	wonk_qop op;
	char *stem;              /* TERM: the index term; FILTER: the whole term */
	char *form;              /* TERM: the case-folded word; PREFIX: the prefix */
	int exact;               /* PHRASE: quoted, so forms must match */
	unsigned window;         /* NEAR: positions all kids must fit in */
	unsigned slot;           /* RANGE: the value slot */
	char *lo, *hi;           /* RANGE: inclusive bounds, NULL when open */
	size_t lo_len, hi_len;   /* RANGE: their lengths; 0 means strlen */
	size_t qstart, qend;     /* TERM: where the word is in the query text */
	double weight;           /* FILTER: added to each passage it selects */
	int checked;             /* an AND_NOT kid the index cannot judge
				    (phrases, NEAR: the index has no
				    positions): left out of the matcher and
				    checked on each candidate's text */
	struct wonk_qnode **kids;
	size_t nkids;
} wonk_qnode;

typedef struct wonk_query {
	wonk_qnode *root;        /* NULL when nothing is searchable */
	char *note;              /* a message about graceful degradation, or NULL */
} wonk_query;

/* Parses text into *q.  Returns 0, or -1 on a syntax error (with a malloc'ed
 * message in *err saying what and where, and the 1-based character in
 * *pos, 0 when the error has no one place) or when out of memory (*err
 * NULL).
 * On success q->root may still be NULL (a blank query, or one of
 * punctuation only); callers decide whether that is an error. */
int wonk_query_parse(wonk_analyzer *a, const char *text, wonk_query *q,
		     char **err, size_t *pos);
void wonk_query_clear(wonk_query *q); /* frees what parse allocated */

/* The FILTER or RANGE node that field:value would give, for filters set
 * through the API (wonk_search_filter).  field is a field name as in the
 * syntax ("author", "date"...).  Returns NULL with a message in *err (NULL
 * when out of memory). */
wonk_qnode *wonk_query_field(wonk_analyzer *a, const char *field,
			     const char *value, char **err);
/* A new node of op over kids (ownership taken, also on failure); NULL when
 * out of memory. */
wonk_qnode *wonk_qnode_join(wonk_qop op, wonk_qnode *a, wonk_qnode *b);
void wonk_qnode_free(wonk_qnode *n);
/* Appends kid (which may be NULL: a failed allocation) to parent; on
 * failure frees kid and returns -1. */
int wonk_qnode_add(wonk_qnode *parent, wonk_qnode *kid);

/* True when the tree holds what the index cannot judge alone, a quoted
 * phrase or a NEAR (the index keeps no positions), so that candidates need
 * re-checking word for word.  Marks the AND_NOT kids made only of words,
 * phrases and NEARs that hold a phrase or NEAR as `checked`: the matcher
 * leaves them out, and the re-check excludes what matches them. */
int wonk_query_has_phrase(wonk_qnode *n);

#endif
