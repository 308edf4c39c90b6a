/*
 * shards.h - wonk-index --shards (one worker process per shard, then a
 * merge), --merge and --compact.
 */
#ifndef WONK_INDEXER_SHARDS_H
#define WONK_INDEXER_SHARDS_H

#include <stddef.h>

#include "run.h"

/* The most shards one run builds. */
#define MAX_BUILD_SHARDS 64

/* Indexes r->files into nshards new shards, DIR.shards/0 ..., built side
 * by side by as many worker processes, and adds their tallies to r->t.
 * Then, unless keep, merges them into the index dir and removes them;
 * with keep, writes dir as a stub file listing them.  An existing dir is
 * replaced only when rebuild.  Returns 0, or 2 after saying why. */
int index_sharded(run *r, const char *dir, unsigned nshards, int keep, int rebuild,
		  const char *const *fields, size_t nfields);

/* --merge OUT SHARD...: returns the exit status, having said why. */
int merge_indexes(const char *out, char *const *shards, size_t n, int quiet);

/* --compact: compacts the index at dir in place; returns the exit status,
 * having said why. */
int compact_index(const char *dir, int quiet);

#endif
