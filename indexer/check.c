/*
 * check.c - wonk-index --check: runs wonk_index_check on an index and says
 * on stderr what it found, one problem a line, ending with what to do.
 * Nothing is changed.  Exit status: 0 sound, 1 damaged, 2 the check could
 * not run (no index, a writer at work, another format).
 *
 * Problems quote paths and record text, which may hold any byte: they are
 * written through wonk_printable, so that a file name cannot drive the
 * terminal.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wonk.h"
#include "check.h"

/* Writes s to stderr as wonk_printable makes it: no byte a terminal would
 * act on. */
static void put_safe(const char *s)
{
	char *p = wonk_printable(s, strlen(s), NULL);
	fputs(p ? p : "(out of memory)", stderr);
	wonk_free(p);
}

/* Sanitizer builds only: xapian-core 1.4.22's Database::check frees one of
 * its tables with a sized delete that names the wrong size.  Harmless with
 * any real allocator, but AddressSanitizer aborts on it, so that an ASan
 * build of wonk-index could never check an index.  The setting is only a
 * default: ASAN_OPTIONS still overrides it. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WONK_INDEX_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define WONK_INDEX_ASAN 1
#endif
#ifdef WONK_INDEX_ASAN
const char *__asan_default_options(void);
__attribute__((visibility("default"), used)) const char *__asan_default_options(void)
{
	return "new_delete_type_mismatch=0";
}
#endif

typedef struct check_ctx {
	const char *dir;
} check_ctx;

static void tell(void *ctx, const char *problem)
{
	const check_ctx *c = ctx;
	fputs("wonk-index: ", stderr);
	put_safe(c->dir);
	fputs(": ", stderr);
	put_safe(problem);
	fputc('\n', stderr);
}

int check_index(const char *dir, int verbose)
{
	check_ctx c = {dir};
	char *msg = NULL;
	uint64_t problems = 0;
	wonk_status st = wonk_index_check(dir, tell, &c, &problems, &msg);
	if (st == WONK_OK) {
		/* What was found sound, in the numbers a user knows. */
		wonk_index *idx = NULL;
		uint64_t documents = 0, passages = 0;
		fputs("wonk-index: ", stderr);
		put_safe(dir);
		if (wonk_index_open(dir, WONK_OPEN_READ, &idx, NULL) == WONK_OK &&
		    wonk_index_stats(idx, &documents, &passages) == WONK_OK)
			fprintf(stderr, ": no problems found (%" PRIu64 " documents, %" PRIu64
				" passages checked)\n", documents, passages);
		else
			fputs(": no problems found\n", stderr);
		wonk_index_close(idx);
		return 0;
	}
	if (st == WONK_ERR_CORRUPT) {
		fputs("wonk-index: ", stderr);
		put_safe(dir);
		fprintf(stderr, ": index is damaged (%" PRIu64 " problem%s found); rebuild it "
			"with: wonk-index --rebuild -d ", problems, problems == 1 ? "" : "s");
		put_safe(dir);
		fputs(" PATH...\n", stderr);
		return 1;
	}
	fputs("wonk-index: ", stderr);
	put_safe(msg ? msg : wonk_status_string(st));
	fputc('\n', stderr);
	if (verbose)
		fprintf(stderr, "wonk-index: the check could not run (%s)\n",
			wonk_status_string(st));
	wonk_free(msg);
	return 2;
}
