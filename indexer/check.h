/*
 * check.h - wonk-index --check: a consistency check of an index, reported
 * on stderr, with no change made.
 */
#ifndef WONK_INDEXER_CHECK_H
#define WONK_INDEXER_CHECK_H

/* Checks the index in dir; returns the exit status (0 sound, 1 problems
 * found, 2 the check could not run). */
int check_index(const char *dir, int verbose);

#endif
