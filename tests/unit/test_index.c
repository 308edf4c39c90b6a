/*
 * test_index.c - the public API end to end on a temporary index: create,
 * add, re-add, update, search, read hits back, and every error a caller can
 * meet (missing index, foreign directory, second writer, bad files, empty
 * query, writes through a reader).
 */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "check.h"
#include "wonk.h"

static char tmp[64];

static char *path_in(const char *name)
{
	static char buf[4][256];
	static int next;
	char *p = buf[next++ % 4];
	snprintf(p, 256, "%s/%s", tmp, name);
	return p;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	fputs(text, f);
	fclose(f);
}

static size_t read_span(const char *path, unsigned long long start, unsigned long long end,
			char *out, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0;
	if (f && fseek(f, (long)start, SEEK_SET) == 0 && end - start < cap)
		n = fread(out, 1, (size_t)(end - start), f);
	if (f)
		fclose(f);
	out[n] = '\0';
	return n;
}

/* Runs query and returns the results (NULL on failure). */
static wonk_results *search(wonk_index *idx, const char *q, unsigned per_doc)
{
	wonk_search *s = NULL;
	wonk_results *r = NULL;
	if (wonk_search_new(idx, q, &s) != WONK_OK)
		return NULL;
	wonk_search_set_per_doc(s, per_doc);
	wonk_search_set_limit(s, 50);
	wonk_search_run(s, &r);
	wonk_search_destroy(s);
	return r;
}

/* Whether every hit's score is the sum of its parts times their weights;
 * with bm25_only, that only BM25 is not 0, and otherwise that some hit has
 * a stage-2 part. */
static int score_is_parts(const wonk_results *r, int bm25_only)
{
	int staged = 0;
	for (size_t i = 0; i < wonk_results_count(r); i++) {
		const wonk_hit *h = wonk_results_hit(r, i);
		double sum = 0;
		for (int p = 0; p < WONK_PART_LAST; p++) {
			double v = wonk_hit_score_part(h, (wonk_score_part)p);
			sum += v * wonk_score_part_weight((wonk_score_part)p);
			if (p != WONK_PART_BM25 && v != 0) {
				if (bm25_only)
					return 0;
				staged = 1;
			}
		}
		if (fabs(sum - wonk_hit_score(h)) > 1e-9)
			return 0;
	}
	return bm25_only || staged;
}

static const char article[] =
	"Missile Programs\n\n"
	"North Korea tested several ballistic missiles this year, and analysts "
	"see Russian technical assistance behind the rapid progress of its "
	"missile program and its satellite launches.\n\n"
	"The Monroe Doctrine was announced in 1823 and shaped American policy "
	"toward the hemisphere for a century and more, as presidents repeated.\n";

static const char other[] =
	"Presidents have cited many Monroe doctrines over the years, each a "
	"reading of its own, and none of them spoke of missiles or launches.\n";

int main(void)
{
	strcpy(tmp, "/tmp/wonk-test-index-XXXXXX");
	if (!mkdtemp(tmp))
		return 1;
	char *dir = strdup(path_in("idx"));
	char *a = strdup(path_in("article.txt"));
	char *g = strdup(path_in("other.txt.gz"));
	write_file(a, article);
	gzFile gz = gzopen(g, "wb");
	gzwrite(gz, other, (unsigned)strlen(other));
	gzclose(gz);

	wonk_index *idx = NULL, *idx2 = NULL;
	char *msg = NULL;
	wonk_status st;

	/* ---- opening */
	st = wonk_index_open(dir, WONK_OPEN_READ, &idx, &msg);
	CHECK(st == WONK_ERR_NOT_FOUND && idx == NULL && msg && strstr(msg, dir),
	      "opening a missing index: NOT_FOUND, a message naming it (%s)", msg ? msg : "");
	wonk_free(msg);
	msg = NULL;

	st = wonk_index_open(tmp, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &idx, &msg);
	CHECK(st == WONK_ERR_INVALID_ARG && idx == NULL && msg && strstr(msg, "not a wonk index"),
	      "a directory of other files is never turned into an index");
	wonk_free(msg);
	msg = NULL;

	st = wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &idx, &msg);
	CHECK(st == WONK_OK && idx, "creating an index");

	st = wonk_index_open(dir, WONK_OPEN_WRITE, &idx2, &msg);
	CHECK(st == WONK_ERR_LOCKED && idx2 == NULL && msg && strstr(msg, "locked"),
	      "a second writer is told the index is locked (%s)", msg ? msg : "");
	wonk_free(msg);
	msg = NULL;

	/* ---- adding */
	wonk_add_report rep;
	st = wonk_index_add_file(idx, a, &rep);
	CHECK(st == WONK_OK && rep.outcome == WONK_ADD_ADDED && rep.passages >= 2 &&
		      rep.bytes == strlen(article),
	      "a text file is added (%llu passages)", (unsigned long long)rep.passages);
	uint64_t first_passages = rep.passages;
	st = wonk_index_add_file(idx, g, &rep);
	CHECK(st == WONK_OK && rep.outcome == WONK_ADD_ADDED && rep.bytes == strlen(other),
	      "a gzip-compressed text file is added, decompressed");

	write_file(path_in("notes.pdf"), "%PDF-1.4");
	st = wonk_index_add_file(idx, path_in("notes.pdf"), &rep);
	CHECK(st == WONK_ERR_UNSUPPORTED && rep.outcome == WONK_ADD_SKIPPED &&
		      strstr(wonk_errmsg(idx), "notes.pdf"),
	      "an unsupported type is skipped with a message naming it");
	FILE *f = fopen(path_in("binary.txt"), "wb");
	static const char elf[] = "\x7f" "ELF\0\0\1\0binary";
	fwrite(elf, 1, sizeof elf - 1, f);
	fclose(f);
	st = wonk_index_add_file(idx, path_in("binary.txt"), &rep);
	CHECK(st == WONK_ERR_BAD_INPUT && rep.outcome == WONK_ADD_SKIPPED,
	      "a binary file named .txt is skipped (%s)", wonk_errmsg(idx));
	write_file(path_in("broken.txt.gz"), "\x1f\x8b\x08\x00garbage that is not deflate");
	st = wonk_index_add_file(idx, path_in("broken.txt.gz"), &rep);
	CHECK(st == WONK_ERR_BAD_INPUT && rep.outcome == WONK_ADD_SKIPPED,
	      "a corrupt gzip file is skipped (%s)", wonk_errmsg(idx));
	st = wonk_index_add_file(idx, path_in("absent.txt"), &rep);
	CHECK(st == WONK_ERR_NOT_FOUND, "a missing file is NOT_FOUND");
	CHECK(wonk_index_commit(idx) == WONK_OK, "commit");

	uint64_t docs = 0, passages = 0;
	CHECK(wonk_index_stats(idx, &docs, &passages) == WONK_OK && docs == 2 &&
		      passages == first_passages + 1,
	      "stats: 2 documents, %llu passages", (unsigned long long)passages);

	/* Re-adding is idempotent; a changed file replaces its passages. */
	char rel[300];
	snprintf(rel, sizeof rel, "%s/./article.txt", tmp);
	st = wonk_index_add_file(idx, rel, &rep);
	CHECK(st == WONK_OK && rep.outcome == WONK_ADD_UNCHANGED,
	      "the same file by another path is recognised as unchanged");
	write_file(a, "An entirely new text about tariffs and the gold standard, "
		      "written to replace the old one.\n");
	st = wonk_index_add_file(idx, a, &rep);
	CHECK(st == WONK_OK && rep.outcome == WONK_ADD_UPDATED, "an edited file is updated");
	wonk_index_commit(idx);
	wonk_index_stats(idx, &docs, &passages);
	CHECK(docs == 2 && passages == 2, "its old passages are gone, nothing duplicated");

	wonk_results *r = search(idx, "tariffs", 2);
	CHECK(r && wonk_results_count(r) == 1, "the new text is found");
	wonk_results_destroy(r);
	r = search(idx, "satellite", 2);
	CHECK(r && wonk_results_count(r) == 0, "the old text is not");
	wonk_results_destroy(r);

	write_file(a, article);
	wonk_index_add_file(idx, a, &rep);
	CHECK(wonk_index_close(idx) == WONK_OK, "closing commits");

	/* ---- searching */
	st = wonk_index_open(dir, WONK_OPEN_READ, &idx, &msg);
	CHECK(st == WONK_OK, "opening to read");
	CHECK(wonk_index_add_file(idx, a, &rep) == WONK_ERR_READ_ONLY,
	      "adding through a reader is refused");

	r = search(idx, "Russian assistance missiles", 2);
	const wonk_hit *h = wonk_results_hit(r, 0);
	CHECK(h && strcmp(wonk_hit_path(h), a) == 0 && wonk_hit_rank(h) == 1 &&
		      wonk_hit_score(h) > 0,
	      "the passage about Russian assistance ranks first");
	CHECK(h && strlen(wonk_hit_doc(h)) == 16 && strspn(wonk_hit_doc(h), "0123456789abcdef") == 16,
	      "documents have a 16-hex-digit id");
	if (h) {
		char buf[4096];
		size_t len;
		const char *text = wonk_hit_text(h, &len);
		read_span(a, wonk_hit_start(h), wonk_hit_end(h), buf, sizeof buf);
		CHECK(strlen(buf) == len && memcmp(buf, text, len) == 0,
		      "start/end give exactly the passage's bytes in the file");
		size_t ok = 0, n = wonk_hit_highlight_count(h);
		for (size_t i = 0; i < n; i++) {
			size_t s, e;
			wonk_hit_highlight(h, i, &s, &e);
			if (e <= len && (strncmp(text + s, "Russian", e - s) == 0 ||
					 strncmp(text + s, "assistance", e - s) == 0 ||
					 strncasecmp(text + s, "missile", 7) == 0))
				ok++;
		}
		CHECK(n >= 4 && ok == n, "highlights mark exactly the query's words (%zu)", n);
		CHECK(wonk_hit_highlight(h, n, NULL, NULL) == -1, "a highlight out of range is -1");
	}
	CHECK(wonk_results_estimate(r) >= wonk_results_count(r), "the estimate covers the hits");
	CHECK(r && score_is_parts(r, 0), "each hit's score is its parts' weighted sum, stage 2 "
	      "parts among them");
	wonk_results_destroy(r);
	wonk_search *s1 = NULL;
	r = NULL;
	if (wonk_search_new(idx, "Russian assistance missiles", &s1) == WONK_OK &&
	    wonk_search_set_stage1(s1, 1) == WONK_OK)
		wonk_search_run(s1, &r);
	wonk_search_destroy(s1);
	CHECK(r && wonk_results_count(r) > 0 && score_is_parts(r, 1),
	      "a stage-1 score is BM25 alone, every other part 0");
	wonk_results_destroy(r);

	r = search(idx, "\"Monroe doctrine\"", 2);
	CHECK(r && wonk_results_count(r) == 1 &&
		      strcmp(wonk_hit_path(wonk_results_hit(r, 0)), a) == 0,
	      "a quoted phrase matches word for word: 'Monroe doctrines' does not count");
	wonk_results_destroy(r);
	r = search(idx, "Monroe doctrine", 2);
	CHECK(r && wonk_results_count(r) == 2, "unquoted, both inflections match");
	wonk_results_destroy(r);

	r = search(idx, "missile president", 1);
	size_t from_article = 0;
	for (size_t i = 0; r && i < wonk_results_count(r); i++)
		from_article += strcmp(wonk_hit_path(wonk_results_hit(r, i)), a) == 0;
	CHECK(from_article == 1, "per-document cap of 1 keeps one passage per document");
	wonk_results_destroy(r);

	wonk_search *s = NULL;
	CHECK(wonk_search_new(idx, " -- ", &s) == WONK_ERR_QUERY_SYNTAX && s == NULL &&
		      *wonk_errmsg(idx),
	      "a query with no words is a syntax error with a message");
	CHECK(wonk_search_new(idx, "tariff AND", &s) == WONK_ERR_QUERY_SYNTAX &&
		      wonk_error_position(idx) == 8,
	      "a syntax error gives the character where it went wrong");
	CHECK(wonk_search_new(idx, "Ünïcode AND", &s) == WONK_ERR_QUERY_SYNTAX &&
		      wonk_error_position(idx) == 9,
	      "...counted in characters, not bytes");
	CHECK(wonk_search_new(idx, "\"missile", &s) == WONK_OK && wonk_search_note(s),
	      "an unbalanced quote gives a note, and still searches");
	wonk_search_destroy(s);
	wonk_index_close(idx);

	/* ---- in-memory documents: add, replace, delete */
	CHECK(wonk_index_open(dir, WONK_OPEN_WRITE, &idx, NULL) == WONK_OK, "reopen to write");
	wonk_doc *doc = NULL;
	CHECK(wonk_doc_new(&doc) == WONK_OK, "a new in-memory document");
	CHECK(wonk_doc_set_field(doc, WONK_FIELD_DATE, "sometime") == WONK_ERR_INVALID_ARG,
	      "a date wonk cannot read is refused");
	CHECK(wonk_doc_set_field(doc, WONK_FIELD_PATH, "x") == WONK_ERR_INVALID_ARG,
	      "the path is not the caller's to set");
	CHECK(wonk_index_add_document(idx, "db:1", doc, &rep) == WONK_ERR_INVALID_ARG,
	      "a document without text is refused");
	static const char memo[] = "Zeppelin raids on the coast were discussed at length.";
	CHECK(wonk_doc_set_field(doc, WONK_FIELD_AUTHOR, "  Jane\n Roe ") == WONK_OK &&
		      wonk_doc_set_field(doc, WONK_FIELD_DATE, "March 3, 1916") == WONK_OK &&
		      wonk_doc_set_text(doc, memo, strlen(memo)) == WONK_OK,
	      "fields and text set");
	CHECK(wonk_index_add_document(idx, "db:1", doc, &rep) == WONK_OK &&
		      rep.outcome == WONK_ADD_ADDED && rep.passages == 1,
	      "an in-memory document is added");
	CHECK(wonk_index_add_document(idx, "db:1", doc, &rep) == WONK_OK &&
		      rep.outcome == WONK_ADD_UPDATED,
	      "adding the same key again replaces it");
	wonk_doc_destroy(doc);
	wonk_index_commit(idx);
	r = search(idx, "zeppelin", 0);
	const wonk_hit *zh = wonk_results_hit(r, 0);
	CHECK(wonk_results_count(r) == 1, "it is found once, not twice");
	CHECK(zh && strcmp(wonk_hit_path(zh), "db:1") == 0 && strcmp(wonk_hit_title(zh), "db:1") == 0,
	      "its key is its path, and its title when it has none");
	CHECK(zh && strcmp(wonk_hit_field(zh, WONK_FIELD_AUTHOR), "Jane Roe") == 0 &&
		      strcmp(wonk_hit_field(zh, WONK_FIELD_DATE), "1916-03-03") == 0,
	      "its metadata is cleaned and its date made ISO 8601");
	wonk_results_destroy(r);
	CHECK(wonk_index_delete_document(idx, "db:1") == WONK_OK, "it can be deleted by key");
	CHECK(wonk_index_delete_document(idx, "db:1") == WONK_ERR_NOT_FOUND,
	      "a second delete finds nothing");
	wonk_index_commit(idx);
	r = search(idx, "zeppelin", 0);
	CHECK(wonk_results_count(r) == 0, "and it is no longer found");
	wonk_results_destroy(r);
	wonk_index *second = NULL;
	CHECK(wonk_index_open(dir, WONK_OPEN_WRITE, &second, NULL) == WONK_ERR_LOCKED,
	      "a second writer is refused while the first holds the lock");
	wonk_index_close(idx);
	CHECK(wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_WAIT, &second, NULL) == WONK_OK,
	      "with WAIT, a writer gets the lock once it is free");
	wonk_index_close(second);

	/* ---- status strings */
	int distinct = 1;
	for (int i = 0; i < WONK_STATUS_LAST; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(wonk_status_string((wonk_status)i),
				   wonk_status_string((wonk_status)j)) == 0)
				distinct = 0;
	CHECK(distinct, "every status has its own description");
	CHECK(strcmp(wonk_version(), WONK_VERSION_STRING) == 0, "wonk_version matches the header");

	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		return 1;
	free(dir);
	free(a);
	free(g);
	return CHECK_DONE();
}
