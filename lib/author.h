/*
 * author.h - the surnames in a document's author field (private).
 *
 * A query that names a person by surname ("Truman Doctrine Greece
 * Turkey") is often about what that person wrote or said, where the text
 * seldom names its own author: stage 2 counts the surname as held by the
 * author's passages (rank.h), and the index marks each document's first
 * passage with its authors' surnames (WONK_PREFIX_SURNAME, index.c), so
 * that a search can tell a surname from a first name ("John") before it
 * lets a query word select an author's documents (search.c).
 */
#ifndef WONK_AUTHOR_H
#define WONK_AUTHOR_H

#include <stddef.h>

#include "analyze.h"

/* Called once per name with its surname's folded form (as the analyzer
 * folds a query word, so the two compare with strcmp).  Return 0 to go
 * on, non-zero to stop; wonk_author_surnames() then returns it. */
typedef int (*wonk_surname_fn)(void *ctx, const char *form, size_t len);

/* The surname of each name in author: its last word but a suffix ("Jr.",
 * "III"), names separated by ";", ",", "&" or " and " ("Harry S Truman";
 * "Victor Cha and Ellen Kim").  Returns 0, fn's non-zero value, or -1
 * when out of memory. */
int wonk_author_surnames(wonk_analyzer *a, const char *author, wonk_surname_fn fn, void *ctx);

#endif
