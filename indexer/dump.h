/*
 * dump.h - wonk-index --dump: what wonk would index for each file, as JSON
 * Lines on stdout (one object per document), so users can see why text is
 * or is not found.  No index is involved.
 */
#ifndef WONK_INDEXER_DUMP_H
#define WONK_INDEXER_DUMP_H

#include <stddef.h>

/* Dumps each of files[0, n) with the JSON field mappings (NULL-terminated
 * "field=key" list).  Returns the exit status: 0, or 1 when a file could
 * not be read (reported on stderr). */
int dump_files(char **files, size_t n, const char *const *fields);

#endif
