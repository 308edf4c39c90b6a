/*
 * test_api.c - every public function of wonk.h on its error paths, as a
 * program embedding libwonk meets them: NULL handles and arguments (each
 * function returns WONK_ERR_INVALID_ARG or a harmless value, never crashes),
 * the out-pointer and message conventions, a missing, a locked and a corrupt
 * index, a query with no words, writes through a read-only handle, the
 * status and field names, and the version macros.
 *
 * Every probe that could crash runs in a child process (SAFE), so a function
 * that dereferences NULL fails its own check, with the signal, instead of
 * ending the test and hiding the checks after it.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "wonk.h"

/* ------------------------------------------------------------ harness */

/* Waits for a SAFE child; "" when it exited 0, else what went wrong. */
static const char *child_result(pid_t pid)
{
	static char why[96];
	int status;
	if (pid < 0)
		return "fork failed";
	if (waitpid(pid, &status, 0) != pid)
		return "waitpid failed";
	if (WIFSIGNALED(status))
		snprintf(why, sizeof why, "crashed with signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else if (WEXITSTATUS(status) == 3)
		snprintf(why, sizeof why, "returned the wrong value");
	else if (WEXITSTATUS(status) != 0)
		snprintf(why, sizeof why, "child exited %d (a sanitizer report? see stderr)",
			 WEXITSTATUS(status));
	else
		why[0] = '\0';
	return why;
}

/* CHECK(cond), with cond evaluated in a child process. */
#define SAFE(cond, ...)                                                    \
	do {                                                               \
		fflush(stdout);                                            \
		pid_t pid_ = fork();                                       \
		if (pid_ == 0)                                             \
			_exit((cond) ? 0 : 3);                             \
		const char *why_ = child_result(pid_);                     \
		CHECK(!*why_, __VA_ARGS__);                                \
		if (*why_)                                                 \
			printf("#   %s\n", why_);                          \
	} while (0)

static char tmp[64];

static char *path_in(const char *name)
{
	static char buf[8][256];
	static int next;
	char *p = buf[next++ % 8];
	snprintf(p, 256, "%s/%s", tmp, name);
	return p;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static int remove_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb, (void)type, (void)ftw;
	return remove(path);
}

/* A pointer that is not NULL and must not survive a failed call. */
static int sentinel;
#define NOT_NULL(type) ((type *)(void *)&sentinel)

/* Frees an errmsg, unless the call left the sentinel in it. */
static void free_msg(char *msg)
{
	if (msg != NOT_NULL(char))
		wonk_free(msg);
}

static const char text[] =
	"Tariff Notes\n\n"
	"The tariff question deserves your attention. Revenue from customs has "
	"grown faster than expected, and the surplus should be returned.\n\n"
	"Russian technical assistance may explain the progress of the missile "
	"program, analysts in Seoul say.\n";

/* ---------------------------------------------------- version, names */

static void test_version_and_names(void)
{
	char want[64];
	snprintf(want, sizeof want, "%d.%d.%d", WONK_VERSION_MAJOR, WONK_VERSION_MINOR,
		 WONK_VERSION_PATCH);
	CHECK(strcmp(wonk_version(), WONK_VERSION_STRING) == 0,
	      "wonk_version() is WONK_VERSION_STRING (%s)", wonk_version());
	CHECK(strcmp(WONK_VERSION_STRING, want) == 0,
	      "WONK_VERSION_STRING is MAJOR.MINOR.PATCH (%s)", want);

	CHECK(WONK_CHECK_VERSION(WONK_VERSION_MAJOR, WONK_VERSION_MINOR, WONK_VERSION_PATCH),
	      "WONK_CHECK_VERSION accepts the header's own version");
	CHECK(WONK_CHECK_VERSION(0, 0, 0), "WONK_CHECK_VERSION accepts 0.0.0");
	CHECK(!WONK_CHECK_VERSION(WONK_VERSION_MAJOR, WONK_VERSION_MINOR, WONK_VERSION_PATCH + 1),
	      "WONK_CHECK_VERSION refuses a later patch");
	CHECK(!WONK_CHECK_VERSION(WONK_VERSION_MAJOR, WONK_VERSION_MINOR + 1, 0),
	      "WONK_CHECK_VERSION refuses a later minor version, whatever the patch");
	CHECK(!WONK_CHECK_VERSION(WONK_VERSION_MAJOR + 1, 0, 0),
	      "WONK_CHECK_VERSION refuses a later major version");
	CHECK(WONK_CHECK_VERSION(WONK_VERSION_MAJOR, WONK_VERSION_MINOR, 0) &&
		      (WONK_VERSION_MINOR == 0 ||
		       WONK_CHECK_VERSION(WONK_VERSION_MAJOR, WONK_VERSION_MINOR - 1, 999)),
	      "WONK_CHECK_VERSION accepts an earlier minor version, whatever its patch");
#if WONK_CHECK_VERSION(0, 1, 0)
	CHECK(1, "WONK_CHECK_VERSION works in #if");
#else
	CHECK(0, "WONK_CHECK_VERSION works in #if");
#endif

	int all = 1, distinct = 1;
	for (int i = 0; i < WONK_STATUS_LAST; i++) {
		const char *s = wonk_status_string((wonk_status)i);
		if (!s || !*s || strcmp(s, "unknown status") == 0)
			all = 0;
		for (int j = 0; s && j < i; j++)
			if (strcmp(s, wonk_status_string((wonk_status)j)) == 0)
				distinct = 0;
	}
	CHECK(all && distinct, "every status has its own description");
	CHECK(strcmp(wonk_status_string(WONK_OK), "success") == 0, "WONK_OK reads \"success\"");
	CHECK(strstr(wonk_status_string(WONK_ERR_LOCKED), "locked") != NULL,
	      "WONK_ERR_LOCKED says locked (%s)", wonk_status_string(WONK_ERR_LOCKED));
	SAFE(strcmp(wonk_status_string(WONK_STATUS_LAST), "unknown status") == 0 &&
		     strcmp(wonk_status_string((wonk_status)(WONK_STATUS_LAST + 100)),
			    "unknown status") == 0 &&
		     strcmp(wonk_status_string((wonk_status)-1), "unknown status") == 0,
	     "out-of-range statuses read \"unknown status\"");

	all = 1;
	distinct = 1;
	for (int i = 0; i < WONK_FIELD_LAST; i++) {
		const char *s = wonk_field_name((wonk_field)i);
		if (!s || !*s)
			all = 0;
		for (int j = 0; s && j < i; j++)
			if (strcmp(s, wonk_field_name((wonk_field)j)) == 0)
				distinct = 0;
	}
	CHECK(all && distinct, "every field has its own name");
	CHECK(strcmp(wonk_field_name(WONK_FIELD_TITLE), "title") == 0 &&
		      strcmp(wonk_field_name(WONK_FIELD_PATH), "path") == 0,
	      "field names are the --json keys (title, path)");
	SAFE(wonk_field_name(WONK_FIELD_LAST) == NULL &&
		     wonk_field_name((wonk_field)-1) == NULL,
	     "out-of-range fields have no name (NULL)");

	all = 1;
	distinct = 1;
	for (int i = 0; i < WONK_PART_LAST; i++) {
		const char *s = wonk_score_part_name((wonk_score_part)i);
		if (!s || !*s || !(wonk_score_part_weight((wonk_score_part)i) > 0))
			all = 0;
		for (int j = 0; s && j < i; j++)
			if (strcmp(s, wonk_score_part_name((wonk_score_part)j)) == 0)
				distinct = 0;
	}
	CHECK(all && distinct, "every score part has its own name and a weight above 0");
	CHECK(strcmp(wonk_score_part_name(WONK_PART_BM25), "bm25") == 0 &&
		      wonk_score_part_weight(WONK_PART_BM25) == 1.0,
	      "BM25 is \"bm25\", the scale the other parts' weights are on (1)");
	SAFE(wonk_score_part_name(WONK_PART_LAST) == NULL &&
		     wonk_score_part_name((wonk_score_part)-1) == NULL &&
		     wonk_score_part_weight(WONK_PART_LAST) == 0 &&
		     wonk_score_part_weight((wonk_score_part)-1) == 0,
	     "out-of-range score parts have no name (NULL) and weigh 0");

	CHECK(wonk_path_is_indexable("a.txt") && wonk_path_is_indexable("dir/a.html.gz") &&
		      !wonk_path_is_indexable("a.pdf") && !wonk_path_is_indexable(""),
	      "wonk_path_is_indexable goes by the extension");
	SAFE(wonk_path_is_indexable(NULL) == 0, "wonk_path_is_indexable(NULL) is 0");
}

/* -------------------------------------------------- NULL everywhere */

static void test_null_handles(void)
{
	wonk_add_report rep;
	uint64_t n = 99, m = 99;
	size_t len = 99, s = 99, e = 99;
	uint64_t us = 99, ue = 99;
	const char *why = "x";

	/* Closing, freeing, destroying NULL does nothing. */
	SAFE(wonk_index_close(NULL) == WONK_OK, "wonk_index_close(NULL) is WONK_OK");
	SAFE((wonk_free(NULL), 1), "wonk_free(NULL)");
	SAFE((wonk_search_destroy(NULL), 1), "wonk_search_destroy(NULL)");
	SAFE((wonk_results_destroy(NULL), 1), "wonk_results_destroy(NULL)");
	SAFE((wonk_extracted_destroy(NULL), 1), "wonk_extracted_destroy(NULL)");
	SAFE(wonk_errmsg(NULL) != NULL && *wonk_errmsg(NULL) == '\0',
	     "wonk_errmsg(NULL) is \"\"");

	/* Index functions refuse a NULL handle. */
	SAFE(wonk_index_add_file(NULL, path_in("a.txt"), &rep) == WONK_ERR_INVALID_ARG &&
		     rep.outcome == WONK_ADD_SKIPPED,
	     "wonk_index_add_file(NULL, ...) is INVALID_ARG, outcome SKIPPED");
	SAFE(wonk_index_add_file(NULL, NULL, NULL) == WONK_ERR_INVALID_ARG,
	     "wonk_index_add_file(NULL, NULL, NULL) is INVALID_ARG");
	SAFE(wonk_index_map_field(NULL, "author", "name") == WONK_ERR_INVALID_ARG,
	     "wonk_index_map_field(NULL, ...) is INVALID_ARG");
	SAFE(wonk_index_remove_file(NULL, path_in("a.txt")) == WONK_ERR_INVALID_ARG,
	     "wonk_index_remove_file(NULL, ...) is INVALID_ARG");
	SAFE(wonk_index_prune(NULL, NULL, NULL, &n) == WONK_ERR_INVALID_ARG && n == 0,
	     "wonk_index_prune(NULL, ...) is INVALID_ARG, 0 removed");
	SAFE(wonk_index_prune(NULL, NULL, NULL, NULL) == WONK_ERR_INVALID_ARG,
	     "wonk_index_prune(NULL, NULL, NULL, NULL) is INVALID_ARG");
	SAFE(wonk_index_commit(NULL) == WONK_ERR_INVALID_ARG,
	     "wonk_index_commit(NULL) is INVALID_ARG");
	SAFE(wonk_index_stats(NULL, &n, &m) == WONK_ERR_INVALID_ARG,
	     "wonk_index_stats(NULL, ...) is INVALID_ARG");

	/* Searching. */
	wonk_search *srch = NOT_NULL(wonk_search);
	wonk_results *res = NOT_NULL(wonk_results);
	SAFE(wonk_search_new(NULL, "tariff", &srch) == WONK_ERR_INVALID_ARG && srch == NULL,
	     "wonk_search_new(NULL, ...) is INVALID_ARG, *out NULL");
	SAFE(wonk_search_new(NULL, NULL, NULL) == WONK_ERR_INVALID_ARG,
	     "wonk_search_new(NULL, NULL, NULL) is INVALID_ARG");
	SAFE(wonk_search_note(NULL) == NULL, "wonk_search_note(NULL) is NULL");
	SAFE(wonk_search_set_limit(NULL, 5) == WONK_ERR_INVALID_ARG,
	     "wonk_search_set_limit(NULL, ...) is INVALID_ARG");
	SAFE(wonk_search_set_offset(NULL, 5) == WONK_ERR_INVALID_ARG,
	     "wonk_search_set_offset(NULL, ...) is INVALID_ARG");
	SAFE(wonk_search_set_per_doc(NULL, 5) == WONK_ERR_INVALID_ARG,
	     "wonk_search_set_per_doc(NULL, ...) is INVALID_ARG");
	SAFE(wonk_search_run(NULL, &res) == WONK_ERR_INVALID_ARG && res == NULL,
	     "wonk_search_run(NULL, ...) is INVALID_ARG, *out NULL");
	SAFE(wonk_search_run(NULL, NULL) == WONK_ERR_INVALID_ARG,
	     "wonk_search_run(NULL, NULL) is INVALID_ARG");

	const char *sug = "x";
	uint64_t np = 99, nd = 99;
	wonk_facets *fc = NOT_NULL(wonk_facets);
	SAFE(wonk_search_new_like(NULL, "0123456789abcdef", 0, &srch) == WONK_ERR_INVALID_ARG &&
		     srch == NULL,
	     "wonk_search_new_like(NULL, ...) is INVALID_ARG, *out NULL");
	SAFE(wonk_search_new_like(NULL, NULL, 0, NULL) == WONK_ERR_INVALID_ARG,
	     "wonk_search_new_like(NULL, NULL, 0, NULL) is INVALID_ARG");
	SAFE(wonk_search_suggest(NULL, &sug) == WONK_ERR_INVALID_ARG && sug == NULL,
	     "wonk_search_suggest(NULL, ...) is INVALID_ARG, *suggestion NULL");
	SAFE(wonk_search_filter(NULL, "year", "1990") == WONK_ERR_INVALID_ARG,
	     "wonk_search_filter(NULL, ...) is INVALID_ARG");
	SAFE(wonk_search_set_sort(NULL, WONK_SORT_NEWEST) == WONK_ERR_INVALID_ARG,
	     "wonk_search_set_sort(NULL, ...) is INVALID_ARG");
	SAFE(wonk_search_count(NULL, &np, &nd) == WONK_ERR_INVALID_ARG && np == 0 && nd == 0,
	     "wonk_search_count(NULL, ...) is INVALID_ARG, counts 0");
	SAFE(wonk_search_facets(NULL, WONK_FIELD_AUTHOR, &fc) == WONK_ERR_INVALID_ARG &&
		     fc == NULL,
	     "wonk_search_facets(NULL, ...) is INVALID_ARG, *out NULL");
	SAFE((wonk_facets_destroy(NULL), 1), "wonk_facets_destroy(NULL)");
	SAFE(wonk_facets_count(NULL) == 0, "wonk_facets_count(NULL) is 0");
	SAFE(wonk_facets_value(NULL, 0) == NULL, "wonk_facets_value(NULL, 0) is NULL");
	SAFE(wonk_facets_freq(NULL, 0) == 0, "wonk_facets_freq(NULL, 0) is 0");
	SAFE(wonk_index_passages(NULL, "0123456789abcdef", 0, 3, &res) == WONK_ERR_INVALID_ARG &&
		     res == NULL,
	     "wonk_index_passages(NULL, ...) is INVALID_ARG, *out NULL");

	/* Results and hits: NULL reads as empty. */
	SAFE(wonk_results_estimate(NULL) == 0, "wonk_results_estimate(NULL) is 0");
	SAFE(wonk_results_count(NULL) == 0, "wonk_results_count(NULL) is 0");
	SAFE(wonk_results_hit(NULL, 0) == NULL, "wonk_results_hit(NULL, 0) is NULL");
	/* A loop that runs past the end passes wonk_results_hit()'s NULL on. */
	SAFE(wonk_hit_rank(NULL) == 0, "wonk_hit_rank(NULL) is 0");
	SAFE(wonk_hit_score(NULL) == 0.0, "wonk_hit_score(NULL) is 0");
	SAFE(wonk_hit_held(NULL) == NULL, "wonk_hit_held(NULL) is NULL");
	SAFE(wonk_hit_score_part(NULL, WONK_PART_BM25) == 0.0,
	     "wonk_hit_score_part(NULL, ...) is 0");
	SAFE(wonk_hit_path(NULL) == NULL || *wonk_hit_path(NULL) == '\0',
	     "wonk_hit_path(NULL) is NULL or \"\"");
	SAFE(wonk_hit_doc(NULL) == NULL || *wonk_hit_doc(NULL) == '\0',
	     "wonk_hit_doc(NULL) is NULL or \"\"");
	SAFE(wonk_hit_passage(NULL) == 0, "wonk_hit_passage(NULL) is 0");
	SAFE(wonk_hit_start(NULL) == 0 && wonk_hit_end(NULL) == 0,
	     "wonk_hit_start/end(NULL) are 0");
	SAFE(wonk_hit_title(NULL) != NULL && *wonk_hit_title(NULL) == '\0',
	     "wonk_hit_title(NULL) is \"\" (documented: never NULL)");
	SAFE(wonk_hit_field(NULL, WONK_FIELD_TITLE) == NULL, "wonk_hit_field(NULL, ...) is NULL");
	SAFE(wonk_hit_record(NULL) == 0, "wonk_hit_record(NULL) is 0");
	SAFE((wonk_hit_text(NULL, &len) == NULL || *wonk_hit_text(NULL, NULL) == '\0') &&
		     len == 0,
	     "wonk_hit_text(NULL, &len) is NULL or \"\", len 0");
	SAFE(wonk_hit_highlight_count(NULL) == 0, "wonk_hit_highlight_count(NULL) is 0");
	SAFE(wonk_hit_highlight(NULL, 0, &s, &e) == -1, "wonk_hit_highlight(NULL, ...) is -1");

	/* Extraction. */
	wonk_extracted *x = NOT_NULL(wonk_extracted);
	char *msg = NOT_NULL(char);
	SAFE(wonk_extract(NULL, NULL, &x, &msg) == WONK_ERR_INVALID_ARG && x == NULL &&
		     msg != NOT_NULL(char),
	     "wonk_extract(NULL path) is INVALID_ARG, *out NULL, errmsg set");
	SAFE(wonk_extract(path_in("a.txt"), NULL, NULL, NULL) == WONK_ERR_INVALID_ARG,
	     "wonk_extract(..., out NULL) is INVALID_ARG");
	SAFE(wonk_extracted_count(NULL) == 0, "wonk_extracted_count(NULL) is 0");
	SAFE(wonk_extracted_bad_records(NULL, &why) == 0 && why == NULL,
	     "wonk_extracted_bad_records(NULL, &why) is 0, why NULL");
	SAFE(wonk_extracted_field(NULL, 0, WONK_FIELD_TITLE) == NULL,
	     "wonk_extracted_field(NULL, ...) is NULL");
	SAFE(wonk_extracted_body(NULL, 0, &len) == NULL && len == 0,
	     "wonk_extracted_body(NULL, ...) is NULL, len 0");
	SAFE(wonk_extracted_record(NULL, 0) == 0, "wonk_extracted_record(NULL, 0) is 0");
	SAFE(wonk_extracted_passage_count(NULL, 0) == 0,
	     "wonk_extracted_passage_count(NULL, 0) is 0");
	SAFE(wonk_extracted_passage(NULL, 0, 0, &us, &ue) == -1,
	     "wonk_extracted_passage(NULL, ...) is -1");
}

/* ------------------------------------------------------------ opening */

static void test_open(const char *dir)
{
	wonk_index *idx = NOT_NULL(wonk_index);
	char *msg = NOT_NULL(char);
	wonk_status st;

	SAFE(wonk_index_open(dir, WONK_OPEN_READ, NULL, NULL) == WONK_ERR_INVALID_ARG,
	     "wonk_index_open(out NULL) is INVALID_ARG");
	st = wonk_index_open(NULL, WONK_OPEN_READ, &idx, &msg);
	CHECK(st == WONK_ERR_INVALID_ARG && idx == NULL && msg && *msg,
	      "wonk_index_open(NULL dir) is INVALID_ARG with a message (%s)", msg ? msg : "");
	free_msg(msg);
	st = wonk_index_open("", WONK_OPEN_READ, &idx, NULL);
	CHECK(st == WONK_ERR_INVALID_ARG && idx == NULL, "an empty directory name is INVALID_ARG");
	st = wonk_index_open(dir, 64u, &idx, NULL);
	CHECK(st == WONK_ERR_INVALID_ARG && idx == NULL, "unknown open flags are INVALID_ARG");
	st = wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_TRUNCATE, &idx, NULL);
	CHECK(st == WONK_ERR_INVALID_ARG && idx == NULL,
	      "TRUNCATE without CREATE is INVALID_ARG (never wipes an index by accident)");

	/* A missing index, to read and to write. */
	idx = NOT_NULL(wonk_index);
	msg = NOT_NULL(char);
	st = wonk_index_open(dir, WONK_OPEN_READ, &idx, &msg);
	CHECK(st == WONK_ERR_NOT_FOUND && idx == NULL && msg && strstr(msg, dir),
	      "a missing index is NOT_FOUND, *out NULL, a message naming it (%s)",
	      msg ? msg : "(none)");
	free_msg(msg);
	st = wonk_index_open(dir, WONK_OPEN_WRITE, &idx, NULL);
	CHECK(st == WONK_ERR_NOT_FOUND && idx == NULL,
	      "a missing index opened to write, without CREATE, is NOT_FOUND");
	struct stat sb;
	CHECK(stat(dir, &sb) != 0, "... and nothing was created");
	SAFE(wonk_index_open(dir, WONK_OPEN_READ, &idx, NULL) == WONK_ERR_NOT_FOUND,
	     "errmsg may be NULL");

	/* An empty directory, and a file, are not indexes. */
	mkdir(path_in("empty"), 0755);
	msg = NULL;
	st = wonk_index_open(path_in("empty"), WONK_OPEN_READ, &idx, &msg);
	CHECK(st == WONK_ERR_NOT_FOUND && idx == NULL && msg && *msg,
	      "an empty directory is NOT_FOUND (%s: %s)", wonk_status_string(st),
	      msg ? msg : "(none)");
	free_msg(msg);
	write_file(path_in("plain-file"), "not an index\n");
	msg = NULL;
	st = wonk_index_open(path_in("plain-file"), WONK_OPEN_READ, &idx, &msg);
	CHECK(st != WONK_OK && idx == NULL && msg && *msg,
	      "a plain file is not an index (%s: %s)", wonk_status_string(st),
	      msg ? msg : "(none)");
	free_msg(msg);
}

/* ------------------------------------------- a real index, misused */

static void test_writer_errors(const char *dir)
{
	wonk_index *w = NULL, *w2 = NOT_NULL(wonk_index), *r = NULL;
	char *msg = NULL;
	wonk_add_report rep;
	wonk_status st;

	st = wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &w, &msg);
	CHECK(st == WONK_OK && w, "creating an index (%s)", msg ? msg : "");
	free_msg(msg);
	if (!w)
		return;
	CHECK(*wonk_errmsg(w) == '\0', "a fresh handle has no message");

	/* Locked: a second writer in the same process. */
	msg = NULL;
	st = wonk_index_open(dir, WONK_OPEN_WRITE, &w2, &msg);
	CHECK(st == WONK_ERR_LOCKED && w2 == NULL, "a second writer is LOCKED, *out NULL (%s)",
	      wonk_status_string(st));
	CHECK(msg && strstr(msg, "locked") && strstr(msg, dir),
	      "... with a message saying locked, naming the index (%s)", msg ? msg : "(none)");
	free_msg(msg);
	st = wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE | WONK_OPEN_TRUNCATE, &w2,
			     NULL);
	CHECK(st == WONK_ERR_LOCKED && w2 == NULL, "a rebuild while a writer holds it is LOCKED");
	st = wonk_index_open(dir, WONK_OPEN_READ, &r, NULL);
	CHECK(st == WONK_OK, "a reader may open while a writer holds the lock");
	wonk_index_close(r);

	/* Arguments. */
	write_file(path_in("notes.txt"), text);
	CHECK(wonk_index_add_file(w, NULL, &rep) == WONK_ERR_INVALID_ARG &&
		      rep.outcome == WONK_ADD_SKIPPED,
	      "wonk_index_add_file(idx, NULL) is INVALID_ARG");
	CHECK(wonk_index_add_file(w, "", NULL) == WONK_ERR_INVALID_ARG,
	      "wonk_index_add_file(idx, \"\") is INVALID_ARG");
	st = wonk_index_add_file(w, path_in("absent.txt"), &rep);
	CHECK(st != WONK_OK && rep.outcome == WONK_ADD_SKIPPED &&
		      strstr(wonk_errmsg(w), "absent.txt"),
	      "a missing file is skipped with a message naming it (%s: %s)",
	      wonk_status_string(st), wonk_errmsg(w));
	mkdir(path_in("folder.txt"), 0755);
	st = wonk_index_add_file(w, path_in("folder.txt"), &rep);
	CHECK(st != WONK_OK && rep.outcome == WONK_ADD_SKIPPED && *wonk_errmsg(w),
	      "a directory named .txt is skipped (%s: %s)", wonk_status_string(st),
	      wonk_errmsg(w));
	CHECK(wonk_index_map_field(w, NULL, "x") == WONK_ERR_INVALID_ARG &&
		      wonk_index_map_field(w, "author", NULL) == WONK_ERR_INVALID_ARG,
	      "wonk_index_map_field with a NULL field or key is INVALID_ARG");
	CHECK(wonk_index_map_field(w, "colour", "hue") == WONK_ERR_INVALID_ARG &&
		      strstr(wonk_errmsg(w), "colour"),
	      "an unknown field is INVALID_ARG, named in the message (%s)", wonk_errmsg(w));
	CHECK(wonk_index_remove_file(w, NULL) == WONK_ERR_INVALID_ARG,
	      "wonk_index_remove_file(idx, NULL) is INVALID_ARG");
	CHECK(wonk_index_remove_file(w, path_in("notes.txt")) == WONK_ERR_NOT_FOUND,
	      "removing a file that was never added is NOT_FOUND");
	uint64_t d = 0, p = 0;
	CHECK(wonk_index_stats(w, NULL, NULL) == WONK_ERR_INVALID_ARG,
	      "wonk_index_stats(idx, NULL, NULL) is INVALID_ARG");

	/* A good file still goes in after all that. */
	st = wonk_index_add_file(w, path_in("notes.txt"), &rep);
	CHECK(st == WONK_OK && rep.outcome == WONK_ADD_ADDED && rep.passages >= 1,
	      "after the errors, a good file is added (%s)", wonk_status_string(st));
	CHECK(wonk_index_commit(w) == WONK_OK, "commit");
	CHECK(wonk_index_stats(w, &d, &p) == WONK_OK && d == 1 && p == rep.passages,
	      "the failed calls wrote nothing: 1 document, %llu passages",
	      (unsigned long long)p);
	CHECK(wonk_index_close(w) == WONK_OK, "closing the writer");

	/* The lock went with the writer. */
	w2 = NULL;
	st = wonk_index_open(dir, WONK_OPEN_WRITE, &w2, NULL);
	CHECK(st == WONK_OK && w2, "after close, another writer may open");
	wonk_index_close(w2);
}

/* The calls that take a document id, given a real one. */
static void test_doc_errors(wonk_index *r, const char *doc)
{
	wonk_search *s = NOT_NULL(wonk_search);
	wonk_results *res = NOT_NULL(wonk_results);
	CHECK(wonk_search_new_like(r, NULL, 0, &s) == WONK_ERR_INVALID_ARG && s == NULL,
	      "wonk_search_new_like(idx, NULL, ...) is INVALID_ARG, *out NULL");
	CHECK(wonk_search_new_like(r, doc, 0, NULL) == WONK_ERR_INVALID_ARG,
	      "wonk_search_new_like(..., NULL) is INVALID_ARG");
	CHECK(wonk_search_new_like(r, "1234", 0, &s) == WONK_ERR_INVALID_ARG && *wonk_errmsg(r),
	      "a malformed document id is INVALID_ARG (%s)", wonk_errmsg(r));
	CHECK(wonk_search_new_like(r, "0123456789abcdef", 0, &s) == WONK_ERR_NOT_FOUND &&
		      s == NULL,
	      "a like-search of a document not in the index is NOT_FOUND (%s)", wonk_errmsg(r));
	CHECK(wonk_search_new_like(r, doc, 100000, &s) == WONK_ERR_NOT_FOUND,
	      "a like-search of a passage past the document's end is NOT_FOUND");

	CHECK(wonk_index_passages(r, NULL, 0, 3, &res) == WONK_ERR_INVALID_ARG && res == NULL,
	      "wonk_index_passages(idx, NULL, ...) is INVALID_ARG, *out NULL");
	CHECK(wonk_index_passages(r, doc, 0, 3, NULL) == WONK_ERR_INVALID_ARG,
	      "wonk_index_passages(..., NULL) is INVALID_ARG");
	res = NOT_NULL(wonk_results);
	CHECK(wonk_index_passages(r, "0123456789abcdef", 0, 3, &res) == WONK_OK &&
		      wonk_results_count(res) == 0,
	      "the passages of an unknown document: none");
	wonk_results_destroy(res);
	res = NULL;
	CHECK(wonk_index_passages(r, doc, UINT_MAX - 1, UINT_MAX, &res) == WONK_OK &&
		      wonk_results_count(res) == 0,
	      "passages past the end, with first + count past UINT_MAX: none, no wrap-around");
	wonk_results_destroy(res);
}

static void test_reader_errors(const char *dir)
{
	wonk_index *r = NULL;
	wonk_add_report rep;
	uint64_t removed = 99, d0 = 0, p0 = 0, d = 0, p = 0;

	if (wonk_index_open(dir, WONK_OPEN_READ, &r, NULL) != WONK_OK) {
		CHECK(0, "opening the index to read");
		return;
	}
	wonk_index_stats(r, &d0, &p0);
	write_file(path_in("more.txt"), "Another file about the civil service and merit.\n");

	CHECK(wonk_index_add_file(r, path_in("more.txt"), &rep) == WONK_ERR_READ_ONLY &&
		      rep.outcome == WONK_ADD_SKIPPED,
	      "adding through a reader is READ_ONLY");
	CHECK(strstr(wonk_errmsg(r), "read-only") != NULL, "... and says read-only (%s)",
	      wonk_errmsg(r));
	CHECK(wonk_index_remove_file(r, path_in("notes.txt")) == WONK_ERR_READ_ONLY,
	      "removing through a reader is READ_ONLY");
	CHECK(wonk_index_prune(r, NULL, NULL, &removed) == WONK_ERR_READ_ONLY && removed == 0,
	      "pruning through a reader is READ_ONLY, 0 removed");
	CHECK(wonk_index_commit(r) == WONK_ERR_READ_ONLY, "committing a reader is READ_ONLY");
	CHECK(wonk_index_stats(r, &d, &p) == WONK_OK && d == d0 && p == p0,
	      "the reader's index is unchanged");

	/* Query syntax. */
	wonk_search *s = NOT_NULL(wonk_search);
	wonk_status st = wonk_search_new(r, "...", &s);
	CHECK(st == WONK_ERR_QUERY_SYNTAX && s == NULL,
	      "a query with no words (\"...\") is QUERY_SYNTAX, *out NULL");
	CHECK(*wonk_errmsg(r) && strstr(wonk_errmsg(r), "read-only") == NULL,
	      "... and wonk_errmsg says why (%s)", wonk_errmsg(r));
	CHECK(wonk_search_new(r, "\"\"", &s) == WONK_ERR_QUERY_SYNTAX && s == NULL,
	      "an empty phrase is QUERY_SYNTAX");
	CHECK(wonk_search_new(r, "tariff AND", &s) == WONK_ERR_QUERY_SYNTAX && s == NULL &&
		      *wonk_errmsg(r),
	      "an operator with nothing after it is QUERY_SYNTAX (%s)", wonk_errmsg(r));
	CHECK(wonk_search_new(r, "colour:red", &s) == WONK_ERR_QUERY_SYNTAX &&
		      strstr(wonk_errmsg(r), "colour"),
	      "an unknown field is QUERY_SYNTAX, named (%s)", wonk_errmsg(r));
	CHECK(wonk_search_new(r, "year:soon", &s) == WONK_ERR_QUERY_SYNTAX && *wonk_errmsg(r),
	      "a bad range is QUERY_SYNTAX (%s)", wonk_errmsg(r));
	CHECK(wonk_search_new(r, "tariff NEAR/0 revenue", &s) == WONK_ERR_QUERY_SYNTAX,
	      "NEAR/0 is QUERY_SYNTAX (%s)", wonk_errmsg(r));

	/* A blank query is allowed, but runs only with a filter. */
	s = NULL;
	st = wonk_search_new(r, "  ", &s);
	CHECK(st == WONK_OK && s, "a blank query parses, waiting for filters");
	wonk_results *res = NOT_NULL(wonk_results);
	uint64_t np = 99, nd = 99;
	st = wonk_search_run(s, &res);
	CHECK(st == WONK_ERR_QUERY_SYNTAX && res == NULL && *wonk_errmsg(r),
	      "... running it without one is QUERY_SYNTAX, *out NULL (%s: %s)",
	      wonk_status_string(st), wonk_errmsg(r));
	CHECK(wonk_search_count(s, &np, &nd) == WONK_ERR_QUERY_SYNTAX && np == 0 && nd == 0,
	      "... and so is counting it");
	res = NULL;
	CHECK(wonk_search_filter(s, "type", "text") == WONK_OK && wonk_search_run(s, &res) == WONK_OK &&
		      wonk_results_count(res) > 0,
	      "... with a filter it runs (%zu hits)", wonk_results_count(res));
	wonk_results_destroy(res);
	wonk_search_destroy(s);
	char many[400 * 6 + 1] = "";
	for (int i = 0; i < 400; i++)
		strcat(many, i % 2 ? "word " : "term ");
	CHECK(wonk_search_new(r, many, &s) == WONK_ERR_QUERY_SYNTAX && *wonk_errmsg(r),
	      "a query of 400 words is QUERY_SYNTAX (%s)", wonk_errmsg(r));
	CHECK(wonk_search_new(r, NULL, &s) == WONK_ERR_INVALID_ARG,
	      "wonk_search_new(idx, NULL) is INVALID_ARG");
	CHECK(wonk_search_new(r, "tariff", NULL) == WONK_ERR_INVALID_ARG,
	      "wonk_search_new(idx, q, NULL) is INVALID_ARG");

	/* Options out of range, then a search that works. */
	s = NULL;
	if (wonk_search_new(r, "tariff revenue", &s) == WONK_OK) {
		CHECK(wonk_search_note(s) == NULL, "a plain query has no note");
		CHECK(wonk_search_set_limit(s, UINT_MAX) == WONK_ERR_INVALID_ARG,
		      "a limit of UINT_MAX is INVALID_ARG");
		CHECK(wonk_search_set_offset(s, UINT_MAX) == WONK_ERR_INVALID_ARG,
		      "an offset of UINT_MAX is INVALID_ARG");
		CHECK(wonk_search_filter(s, NULL, "x") == WONK_ERR_INVALID_ARG &&
			      wonk_search_filter(s, "year", NULL) == WONK_ERR_INVALID_ARG,
		      "wonk_search_filter with a NULL field or value is INVALID_ARG");
		CHECK(wonk_search_filter(s, "colour", "red") == WONK_ERR_QUERY_SYNTAX &&
			      strstr(wonk_errmsg(r), "colour"),
		      "a filter on an unknown field is QUERY_SYNTAX, named (%s)", wonk_errmsg(r));
		CHECK(wonk_search_filter(s, "year", "soon") == WONK_ERR_QUERY_SYNTAX,
		      "a filter with a bad range is QUERY_SYNTAX (%s)", wonk_errmsg(r));
		CHECK(wonk_search_set_sort(s, (wonk_sort)99) == WONK_ERR_INVALID_ARG,
		      "an unknown sort order is INVALID_ARG");
		wonk_facets *fc = NOT_NULL(wonk_facets);
		CHECK(wonk_search_facets(s, WONK_FIELD_TITLE, &fc) == WONK_ERR_INVALID_ARG &&
			      fc == NULL,
		      "facets by a field other than author, source, type or date are INVALID_ARG");
		CHECK(wonk_search_facets(s, WONK_FIELD_AUTHOR, NULL) == WONK_ERR_INVALID_ARG,
		      "wonk_search_facets(s, field, NULL) is INVALID_ARG");
		fc = NULL;
		st = wonk_search_facets(s, WONK_FIELD_TYPE, &fc);
		CHECK(st == WONK_OK && wonk_facets_count(fc) == 1 &&
			      strcmp(wonk_facets_value(fc, 0), "text") == 0 &&
			      wonk_facets_value(fc, 1) == NULL && wonk_facets_freq(fc, 1) == 0,
		      "facets read past the end as NULL and 0");
		wonk_facets_destroy(fc);
		SAFE(wonk_search_count(s, NULL, NULL) == WONK_OK ||
			     wonk_search_count(s, NULL, NULL) == WONK_ERR_INVALID_ARG,
		     "wonk_search_count(s, NULL, NULL) does no harm");
		CHECK(wonk_search_count(s, &np, &nd) == WONK_OK && np >= 1 && nd == 1,
		      "the failed filters left the search as it was: %llu passages in %llu document",
		      (unsigned long long)np, (unsigned long long)nd);
		const char *sug = "x";
		CHECK(wonk_search_suggest(s, NULL) == WONK_ERR_INVALID_ARG,
		      "wonk_search_suggest(s, NULL) is INVALID_ARG");
		CHECK(wonk_search_suggest(s, &sug) == WONK_OK && sug == NULL,
		      "a query whose words are all indexed has no suggestion");
		res = NOT_NULL(wonk_results);
		CHECK(wonk_search_run(s, NULL) == WONK_ERR_INVALID_ARG,
		      "wonk_search_run(s, NULL) is INVALID_ARG");
		st = wonk_search_run(s, &res);
		const wonk_hit *h = wonk_results_hit(res, 0);
		CHECK(st == WONK_OK && h && strstr(wonk_hit_text(h, NULL), "Revenue from customs"),
		      "after the errors the search still runs and finds the passage (%s)",
		      wonk_status_string(st));
		CHECK(wonk_results_hit(res, wonk_results_count(res)) == NULL,
		      "wonk_results_hit past the end is NULL");
		CHECK(h && wonk_hit_field(h, WONK_FIELD_LAST) == NULL &&
			      wonk_hit_field(h, (wonk_field)-1) == NULL,
		      "wonk_hit_field out of range is NULL");
		CHECK(h && wonk_hit_highlight(h, wonk_hit_highlight_count(h), NULL, NULL) == -1,
		      "wonk_hit_highlight out of range is -1");
		if (h)
			test_doc_errors(r, wonk_hit_doc(h));
		wonk_results_destroy(res);
	} else {
		CHECK(0, "a good query parses (%s)", wonk_errmsg(r));
	}
	wonk_search_destroy(s);
	wonk_index_close(r);
}

static void test_extract_errors(void)
{
	wonk_extracted *x = NOT_NULL(wonk_extracted);
	char *msg = NULL;
	wonk_status st = wonk_extract(path_in("absent.txt"), NULL, &x, &msg);
	CHECK(st == WONK_ERR_NOT_FOUND && x == NULL && msg && strstr(msg, "absent.txt"),
	      "extracting a missing file is NOT_FOUND with a message naming it (%s)",
	      msg ? msg : "(none)");
	free_msg(msg);
	write_file(path_in("slides.pdf"), "%PDF-1.4\n");
	msg = NULL;
	st = wonk_extract(path_in("slides.pdf"), NULL, &x, &msg);
	CHECK(st == WONK_ERR_UNSUPPORTED && x == NULL && msg && *msg,
	      "extracting an unsupported type is UNSUPPORTED (%s)", msg ? msg : "(none)");
	free_msg(msg);
	static const char *const bad_map[] = {"colour=hue", NULL};
	msg = NULL;
	st = wonk_extract(path_in("notes.txt"), bad_map, &x, &msg);
	CHECK(st == WONK_ERR_INVALID_ARG && x == NULL && msg && strstr(msg, "colour"),
	      "an unknown field mapping is INVALID_ARG, named (%s)", msg ? msg : "(none)");
	free_msg(msg);

	st = wonk_extract(path_in("notes.txt"), NULL, &x, NULL);
	CHECK(st == WONK_OK && wonk_extracted_count(x) == 1, "a good file extracts");
	size_t n = wonk_extracted_count(x), np = wonk_extracted_passage_count(x, 0), len = 9;
	uint64_t s, e;
	CHECK(wonk_extracted_field(x, n, WONK_FIELD_TITLE) == NULL &&
		      wonk_extracted_body(x, n, &len) == NULL && len == 0 &&
		      wonk_extracted_record(x, n) == 0 && wonk_extracted_passage_count(x, n) == 0 &&
		      wonk_extracted_passage(x, n, 0, &s, &e) == -1,
	      "a document index out of range reads as nothing");
	CHECK(np > 0 && wonk_extracted_passage(x, 0, np, &s, &e) == -1,
	      "a passage index out of range is -1");
	CHECK(wonk_extracted_field(x, 0, WONK_FIELD_LAST) == NULL &&
		      wonk_extracted_field(x, 0, (wonk_field)-1) == NULL,
	      "a field out of range is NULL");
	wonk_extracted_destroy(x);
}

/* ------------------------------------------------------------ corrupt */

/* Opens dir and searches it; in a child, so a crash is a failure. 0: an
 * error reported properly, 3: it claimed success or gave no message. */
static int open_and_search_corrupt(const char *dir)
{
	wonk_index *idx = NULL;
	char *msg = NULL;
	wonk_status st = wonk_index_open(dir, WONK_OPEN_READ, &idx, &msg);
	if (st != WONK_OK) {
		printf("#   open: %s: %s\n", wonk_status_string(st), msg ? msg : "(none)");
		fflush(stdout);
		return idx == NULL && msg && *msg;
	}
	wonk_search *s = NULL;
	wonk_results *res = NULL;
	st = wonk_search_new(idx, "tariff", &s);
	if (st == WONK_OK)
		st = wonk_search_run(s, &res);
	printf("#   search: %s: %s\n", wonk_status_string(st), wonk_errmsg(idx));
	fflush(stdout);
	int ok = st != WONK_OK && res == NULL && *wonk_errmsg(idx);
	wonk_results_destroy(res);
	wonk_search_destroy(s);
	wonk_index_close(idx);
	return ok;
}

static void test_corrupt(const char *dir)
{
	char table[300];
	snprintf(table, sizeof table, "%s/postlist.glass", dir);
	struct stat sb;
	if (stat(table, &sb) != 0) {
		CHECK(0, "the index has a postlist table to damage (%s)", table);
		return;
	}
	/* Garbage of the table's size: every block unreadable. */
	int fd = open(table, O_WRONLY | O_TRUNC);
	unsigned char junk[4096];
	unsigned x = 12345;
	for (off_t done = 0; fd >= 0 && done < sb.st_size + 8192; done += sizeof junk) {
		for (size_t i = 0; i < sizeof junk; i++) {
			x = x * 1103515245u + 12345u;
			junk[i] = (unsigned char)(x >> 16);
		}
		if (write(fd, junk, sizeof junk) != (ssize_t)sizeof junk)
			break;
	}
	if (fd >= 0)
		close(fd);
	SAFE(open_and_search_corrupt(dir),
	     "a garbage postlist table: opening or searching fails with a status and a "
	     "message, no crash");

	/* Damage the version file too: opening itself must fail. */
	snprintf(table, sizeof table, "%s/iamglass", dir);
	write_file(table, "garbage, not a glass version file");
	wonk_index *idx = NOT_NULL(wonk_index);
	char *msg = NULL;
	wonk_status st = wonk_index_open(dir, WONK_OPEN_READ, &idx, &msg);
	CHECK(st != WONK_OK && idx == NULL && msg && *msg,
	      "a garbage version file: opening fails (%s: %s)", wonk_status_string(st),
	      msg ? msg : "(none)");
	free_msg(msg);
	msg = NULL;
	st = wonk_index_open(dir, WONK_OPEN_WRITE, &idx, &msg);
	CHECK(st != WONK_OK && idx == NULL && msg && *msg,
	      "... to write as well (%s: %s)", wonk_status_string(st), msg ? msg : "(none)");
	free_msg(msg);
}

/* ------------------------------------------------------------ shards */

/* Writes an index at dir holding one in-memory document under key. */
static void make_shard(const char *dir, const char *key, const char *body)
{
	wonk_index *w = NULL;
	wonk_doc *doc = NULL;
	if (wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &w, NULL) != WONK_OK ||
	    wonk_doc_new(&doc) != WONK_OK || wonk_doc_set_text(doc, body, strlen(body)) != WONK_OK ||
	    wonk_index_add_document(w, key, doc, NULL) != WONK_OK)
		CHECK(0, "building shard %s", dir);
	wonk_doc_destroy(doc);
	wonk_index_close(w);
}

/* Passages matching query in idx, or -1. */
static long count_matches(wonk_index *idx, const char *query)
{
	wonk_search *s = NULL;
	uint64_t passages = 0, docs = 0;
	long n = wonk_search_new(idx, query, &s) == WONK_OK &&
			 wonk_search_count(s, &passages, &docs) == WONK_OK
		 ? (long)passages : -1;
	wonk_search_destroy(s);
	return n;
}

/* A reader's counts after a writer's commit: the newest commit's (wonk.h),
 * since a count walked while a writer rewrites blocks can be wrong. */
static void test_stale_reader(void)
{
	const char *dir = path_in("stale-idx");
	wonk_index *w = NULL, *r = NULL;
	wonk_add_report rep;
	uint64_t d = 0, p = 0;
	write_file(path_in("first.txt"), "The first report, on the tariff schedule.\n");
	write_file(path_in("second.txt"), "The second report, on the quinquennial review.\n");
	if (wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &w, NULL) != WONK_OK ||
	    wonk_index_add_file(w, path_in("first.txt"), &rep) != WONK_OK ||
	    wonk_index_commit(w) != WONK_OK ||
	    wonk_index_open(dir, WONK_OPEN_READ, &r, NULL) != WONK_OK) {
		CHECK(0, "making an index with one document and a reader on it");
		wonk_index_close(r);
		wonk_index_close(w);
		return;
	}
	CHECK(wonk_index_stats(r, &d, &p) == WONK_OK && d == 1,
	      "the reader counts 1 document (%llu)", (unsigned long long)d);
	CHECK(count_matches(r, "quinquennial") == 0, "... and cannot find the second yet");
	CHECK(wonk_index_add_file(w, path_in("second.txt"), &rep) == WONK_OK &&
		      wonk_index_commit(w) == WONK_OK,
	      "the writer adds a second document and commits");
	CHECK(wonk_index_stats(r, &d, &p) == WONK_OK && d == 2,
	      "the reader's counts are the newest commit's: 2 documents (%llu)",
	      (unsigned long long)d);
	CHECK(count_matches(r, "quinquennial") == 1,
	      "... and the reader has moved to it: the second document is found");
	wonk_index_close(r);
	wonk_index_close(w);
}

static void test_shards(void)
{
	char a[PATH_MAX], b[PATH_MAX], merged[PATH_MAX], gone[PATH_MAX];
	snprintf(a, sizeof a, "%s", path_in("shard-a"));
	snprintf(b, sizeof b, "%s", path_in("shard-b"));
	snprintf(merged, sizeof merged, "%s", path_in("merged"));
	snprintf(gone, sizeof gone, "%s", path_in("no-such-shard"));
	make_shard(a, "a", "The tariff question deserves attention.");
	make_shard(b, "b", "A protective tariff raises wages, the speaker said.");

	const char *both[] = {a, b}, *with_gone[] = {a, gone, b};
	wonk_index *idx = NOT_NULL(wonk_index);
	char *msg = NOT_NULL(char);
	CHECK(wonk_index_open_shards(NULL, 2, 0, &idx, &msg) == WONK_ERR_INVALID_ARG && !idx,
	      "wonk_index_open_shards(NULL specs) is INVALID_ARG");
	free_msg(msg);
	CHECK(wonk_index_open_shards(both, 0, 0, &idx, NULL) == WONK_ERR_INVALID_ARG,
	      "...and so are no shards");
	CHECK(wonk_index_open_shards(both, 2, WONK_OPEN_WRITE, &idx, NULL) == WONK_ERR_INVALID_ARG,
	      "...and writing: shards are searched, not written");
	CHECK(wonk_index_open(a, WONK_OPEN_WRITE | WONK_OPEN_PARTIAL, &idx, NULL) ==
		      WONK_ERR_INVALID_ARG,
	      "WONK_OPEN_PARTIAL with WRITE is INVALID_ARG");

	msg = NOT_NULL(char);
	wonk_status st = wonk_index_open_shards(both, 2, 0, &idx, &msg);
	CHECK(st == WONK_OK && idx && !msg, "two shards open as one (%s)", wonk_status_string(st));
	if (st == WONK_OK) {
		CHECK(wonk_index_shard_count(idx) == 2, "...which counts 2 shards");
		CHECK(count_matches(idx, "tariff") == 2, "...and finds the passages of both");
		CHECK(wonk_index_skipped(idx, 0) == NULL, "...leaving none out");
		CHECK(wonk_index_add_file(idx, a, NULL) == WONK_ERR_READ_ONLY,
		      "...and cannot be written");
		wonk_index_close(idx);
	}

	msg = NOT_NULL(char);
	st = wonk_index_open_shards(with_gone, 3, 0, &idx, &msg);
	CHECK(st == WONK_ERR_NOT_FOUND && !idx && msg && strstr(msg, gone),
	      "a missing shard fails the open, naming it (%s)", msg && msg != NOT_NULL(char) ? msg : "");
	free_msg(msg);
	st = wonk_index_open_shards(with_gone, 3, WONK_OPEN_PARTIAL, &idx, NULL);
	CHECK(st == WONK_OK, "with WONK_OPEN_PARTIAL the others open");
	if (st == WONK_OK) {
		CHECK(wonk_index_shard_count(idx) == 2 && count_matches(idx, "tariff") == 2,
		      "...and are searched");
		CHECK(wonk_index_skipped(idx, 0) && strstr(wonk_index_skipped(idx, 0), gone) &&
			      !wonk_index_skipped(idx, 1),
		      "...and wonk_index_skipped names the one left out");
		wonk_index_close(idx);
	}

	st = wonk_index_merge(merged, both, 2, NULL);
	CHECK(st == WONK_OK, "wonk_index_merge merges two shards (%s)", wonk_status_string(st));
	st = wonk_index_open(merged, WONK_OPEN_READ, &idx, NULL);
	CHECK(st == WONK_OK && wonk_index_shard_count(idx) == 1 &&
		      count_matches(idx, "tariff") == 2,
	      "...into one index holding both");
	wonk_index_close(idx);
	msg = NULL;
	CHECK(wonk_index_merge(merged, both, 2, &msg) == WONK_ERR_INVALID_ARG && msg &&
		      strstr(msg, "already exists"),
	      "...and never over an existing one");
	wonk_free(msg);
	CHECK(wonk_index_merge(NULL, both, 2, NULL) == WONK_ERR_INVALID_ARG &&
		      wonk_index_merge(merged, NULL, 2, NULL) == WONK_ERR_INVALID_ARG,
	      "wonk_index_merge with NULL arguments is INVALID_ARG");
}

/* A surname written as a name is held by its author's passages, and the
 * hit says so (wonk_hit_held); in-memory documents mark their authors as
 * files do. */
static void test_held_by_author(void)
{
	const char *dir = path_in("held-idx");
	static const char *const docs[][3] = {
		{"mem:truman", "Harry S Truman", "We gave our aid to Greece and Turkey."},
		{"mem:ike", "Dwight D Eisenhower", "Greece and Turkey joined Greece and Turkey."},
		{"mem:notes", "Ann Lee", "Notes on the harvest and the weather."},
	};
	wonk_index *w = NULL;
	int ok = wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &w, NULL) == WONK_OK;
	for (size_t i = 0; ok && i < sizeof docs / sizeof *docs; i++) {
		wonk_doc *doc = NULL;
		ok = wonk_doc_new(&doc) == WONK_OK &&
		     wonk_doc_set_field(doc, WONK_FIELD_AUTHOR, docs[i][1]) == WONK_OK &&
		     wonk_doc_set_text(doc, docs[i][2], strlen(docs[i][2])) == WONK_OK &&
		     wonk_index_add_document(w, docs[i][0], doc, NULL) == WONK_OK;
		wonk_doc_destroy(doc);
	}
	ok = ok && wonk_index_commit(w) == WONK_OK;
	CHECK(ok, "indexing three in-memory documents with authors");
	wonk_search *s = NULL;
	wonk_results *res = NULL;
	const char *truman = NULL, *ike = "unset";
	if (ok && wonk_search_new(w, "Truman Greece Turkey", &s) == WONK_OK &&
	    wonk_search_run(s, &res) == WONK_OK) {
		for (size_t i = 0; i < wonk_results_count(res); i++) {
			const wonk_hit *h = wonk_results_hit(res, i);
			if (strcmp(wonk_hit_path(h), "mem:truman") == 0)
				truman = wonk_hit_held(h);
			else if (strcmp(wonk_hit_path(h), "mem:ike") == 0)
				ike = wonk_hit_held(h);
		}
	}
	CHECK(truman && strcmp(truman, "truman") == 0,
	      "a passage by Truman holds \"Truman\" through its author (held: %s)",
	      truman ? truman : "(none)");
	CHECK(ike == NULL, "one by another author holds nothing so (held: %s)", ike ? ike : "(none)");
	wonk_results_destroy(res);
	wonk_search_destroy(s);
	wonk_index_close(w);
}

int main(void)
{
	strcpy(tmp, "/tmp/wonk-test-api-XXXXXX");
	if (!mkdtemp(tmp))
		return 1;
	char *dir = strdup(path_in("idx"));

	test_version_and_names();
	test_null_handles();
	test_open(dir);
	test_writer_errors(dir);
	test_reader_errors(dir);
	test_stale_reader();
	test_extract_errors();
	test_corrupt(dir);
	test_shards();
	test_held_by_author();

	nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return CHECK_DONE();
}
