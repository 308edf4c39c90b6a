/*
 * run.h - one wonk-index run's state and tallies, shared by the plain run
 * (main.c) and the sharded one (shards.c).
 */
#ifndef WONK_INDEXER_RUN_H
#define WONK_INDEXER_RUN_H

#include <signal.h>
#include <stddef.h>

#include "wonk.h"
#include "progress.h"

/* What a run counts; a sharded run adds up its workers'. */
typedef struct tally {
	unsigned long added, updated, unchanged, removed, skipped, ignored;
	unsigned long long documents, passages, bytes, bad_records;
	int fatal;
} tally;

typedef struct run {
	wonk_index *idx;
	int verbose;
	tally t;
	char **files;          /* collected by the walk, then indexed */
	size_t nfiles, cap;
	progress prog;
} run;

/* Set by SIGINT and SIGTERM: finish the file at hand, commit, stop. */
extern volatile sig_atomic_t interrupted;

/* Indexes one file into r->idx and counts the outcome. */
void run_add_file(run *r, const char *path);

/* Applies --field F=KEY settings to r->idx; -1 (said why) on a bad one. */
int run_map_fields(run *r, const char *const *fields, size_t n);

#endif
