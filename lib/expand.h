/*
 * expand.h - query expansion with synonyms and acronyms (private).
 *
 * A query word that a synonym group knows ("ICBM") becomes a SYNONYM of
 * itself and what it means ("intercontinental ballistic missile"), weighted
 * as one term, so a passage that says either ranks as one that says the
 * query's word.  A run of query words that a group knows ("airborne early
 * warning") keeps its words and gains a SYNONYM of the run as a phrase and
 * its equivalents ("AEW").  Only the words that rank are expanded: quoted
 * phrases stay exact, and filters and exclusions are left alone.
 */
#ifndef WONK_EXPAND_H
#define WONK_EXPAND_H

#include "query.h"
#include "synonyms.h"

/* Words the index may say a query word as, found by rule rather than by a
 * group: given a query word's stem and its case-folded form ("" for a part
 * of a figure such as the 9 of "9/11" or a day beside its month), calls
 * add(add_ctx, stems) for each (several stems joined by spaces: a phrase);
 * a non-zero return from add is returned.  May be NULL. */
typedef int (*wonk_relatives_fn)(void *ctx, const char *stem, const char *form,
				 wonk_synonym_fn add, void *add_ctx);

/* Rewrites *root in place; text is the query the tree was parsed from.  A
 * single word meets the abbreviation groups (shipped, mined) only when the
 * query writes it like an abbreviation (two capitals or more: "ICBM", not
 * "start" or the "un" of "Jong-un"); the user's groups and runs of words
 * always apply, and so does relatives (with rel_ctx) for single words.
 * Returns 0, -1 when out of memory (the tree is then still whole, perhaps
 * partly expanded). */
int wonk_expand_query(wonk_qnode **root, const wonk_synonyms *syn, const char *text,
		      wonk_relatives_fn relatives, void *rel_ctx);

/* The place names a demonym's stem may stand for, by the regular English
 * endings: "russian" -> "russia", "mexican" -> "mexico", "european" ->
 * "europe".  Writes up to 3 candidate words (not stems) of at most
 * `size` bytes each into out; returns how many. */
size_t wonk_demonym_places(const char *stem, char out[][48], size_t size);

#endif
