/*
 * highlight.h - finding a query's words in a passage (private).
 *
 * The passage is re-analysed with the indexing analyzer, so the spans are
 * exactly the words the index matched.  The same pass decides whether the
 * passage really satisfies the query's exact-form constraints (phrases),
 * which the stemmed index can only approximate.
 */
#ifndef WONK_HIGHLIGHT_H
#define WONK_HIGHLIGHT_H

#include <stddef.h>

#include "analyze.h"
#include "passage.h"
#include "query.h"

/* Analyses text[0, len) against the query tree.  Sets *spans to a malloc'ed,
 * ordered, non-overlapping array of *n byte spans to mark (a phrase is one
 * span from its first word to its last), or NULL when none.  Returns 1 when
 * the passage satisfies the query (phrases present word for word), 0 when
 * not, -1 when out of memory. */
int wonk_highlight(wonk_analyzer *a, const wonk_qnode *root, const char *text,
		   size_t len, wonk_span **spans, size_t *n);

#endif
