/*
 * test_threads.c - the thread model wonk.h promises: "separate handles (one
 * per thread) may be used concurrently, including several readers on an
 * index being written".  Four reader threads, each with its own read-only
 * handle (reopened now and then, as a long-running server would), search in
 * a loop, and now and then count, facet, fetch context, search "like" a hit
 * and ask for a suggestion, while a writer thread adds 50 files and commits
 * every 5.  No call may fail (WONK_ERR_MODIFIED counts only if it persists
 * after the library's own retries and three of ours; from opening, where
 * wonk.h does not list it, it counts at once), every hit must have its text,
 * readers may only ever see whole commits, and afterwards the index holds
 * every document, each one findable.  Under `make asan` it also checks the
 * memory the handles might share.
 */
#define _XOPEN_SOURCE 700 /* nftw, nanosleep */
#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "check.h"
#include "wonk.h"

#define NREADERS 4
#define NFILES 50
#define COMMIT_EVERY 5
#define REOPEN_EVERY 4    /* searches per reader handle */
#define MAX_SEEN 4096     /* document counts a reader records */

static char tmp[64];
static char index_dir[128];
static atomic_int writer_done;
static atomic_int readers_started;

/* Document counts the writer committed, in order: the seed, then one per
 * commit.  Written by the writer thread, read by main after the join. */
static uint64_t committed[NFILES / COMMIT_EVERY + 2];
static size_t ncommitted;

struct writer {
	wonk_index *idx;       /* handed over by main, closed by the thread */
	wonk_status status;    /* the first failure, or WONK_OK */
	char msg[512];
	uint64_t passages;     /* passages written */
};

/* The calls a reader makes, for counting failures by call: NOPS "other"
 * calls, then the search itself and opening. */
enum { OP_COUNT, OP_FACETS, OP_CONTEXT, OP_LIKE, OP_SUGGEST, NOPS, OP_RUN = NOPS, OP_OPEN,
	NCALLS };
static const char *const op_names[NCALLS] = {
	"wonk_search_count", "wonk_search_facets", "wonk_index_passages",
	"wonk_search_new_like", "wonk_search_suggest", "wonk_search_run",
	"wonk_index_open/stats",
};

struct reader {
	int id;
	unsigned long searches, other_calls, hits, modified, empty_texts, bad_hits;
	unsigned long errors[NCALLS];   /* failures and wrong answers, by call */
	char first_error[NCALLS][256];
	unsigned long open_modified, stats_modified; /* undocumented MODIFIED */
	char open_error[256], stats_error[256];
	uint64_t seen[MAX_SEEN]; /* documents, at each open */
	size_t nseen;
};

static void unique_word(int i, char *out, size_t cap)
{
	/* Letters only, so the analyzer keeps it one token, and ending in q,
	 * so the stemmer cannot fold two into one ("zyxas", "zyxae"). */
	snprintf(out, cap, "zyx%c%cq", 'a' + i / 26, 'a' + i % 26);
}

static void file_path(int i, char *out, size_t cap)
{
	snprintf(out, cap, "%s/docs/report-%02d.txt", tmp, i);
}

static int write_doc(const char *path, int i)
{
	char word[16];
	unique_word(i, word, sizeof word);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "Report %d on the alliance\n\n", i);
	fprintf(f, "The mutual defense treaty was debated again in session %d. Delegates "
		   "asked whether the tariff schedule and the customs revenue would survive "
		   "it, and the word %s belongs to this report only.\n\n", i, word);
	fprintf(f, "Observers noted the missile program, the satellite launches and the "
		   "sanctions enforcement that followed; the treaty's critics pointed to "
		   "ammunition sales and technical assistance.\n\n");
	fprintf(f, "In closing, report %d commends the civil service reform and merit "
		   "appointments to the attention of the committee.\n", i);
	return fclose(f) == 0 ? 0 : -1;
}

static void pause_ms(long ms)
{
	struct timespec ts = {0, ms * 1000000L};
	nanosleep(&ts, NULL);
}

/* ------------------------------------------------------------ writer */

static void writer_fail(struct writer *w, wonk_status st, const char *what)
{
	if (w->status == WONK_OK) {
		w->status = st;
		snprintf(w->msg, sizeof w->msg, "%.200s: %.300s", what, wonk_errmsg(w->idx));
	}
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	/* Let every reader get going first, so that they overlap the writes. */
	while (atomic_load(&readers_started) < NREADERS)
		pause_ms(1);
	for (int i = 0; i < NFILES; i++) {
		char path[256];
		wonk_add_report rep;
		file_path(i, path, sizeof path);
		wonk_status st = wonk_index_add_file(w->idx, path, &rep);
		if (st != WONK_OK || rep.outcome != WONK_ADD_ADDED)
			writer_fail(w, st != WONK_OK ? st : WONK_ERR_XAPIAN, path);
		w->passages += rep.passages;
		if ((i + 1) % COMMIT_EVERY == 0) {
			st = wonk_index_commit(w->idx);
			if (st != WONK_OK)
				writer_fail(w, st, "commit");
			else
				committed[ncommitted++] = 1 + (uint64_t)(i + 1);
			pause_ms(3);
		}
	}
	wonk_status st = wonk_index_close(w->idx);
	if (st != WONK_OK && w->status == WONK_OK) {
		w->status = st;
		snprintf(w->msg, sizeof w->msg, "close: %s", wonk_status_string(st));
	}
	w->idx = NULL;
	atomic_store(&writer_done, 1);
	return NULL;
}

/* ------------------------------------------------------------ readers */

static void reader_error(struct reader *rd, int call, const char *what, wonk_status st,
			 const wonk_index *idx, const char *msg)
{
	if (rd->errors[call]++ == 0)
		snprintf(rd->first_error[call], sizeof rd->first_error[call],
			 "reader %d: %.60s: %s: %.150s", rd->id, what, wonk_status_string(st),
			 msg ? msg : wonk_errmsg(idx));
}

/* Opens a fresh handle and records how many documents it sees.  wonk.h
 * lists no WONK_ERR_MODIFIED for opening or for stats: each one is counted,
 * and tried again so that the rest of the test goes on. */
static wonk_index *reader_open(struct reader *rd)
{
	for (int attempt = 0; attempt < 10; attempt++) {
		wonk_index *idx = NULL;
		char *msg = NULL;
		wonk_status st = wonk_index_open(index_dir, WONK_OPEN_READ, &idx, &msg);
		if (st == WONK_ERR_MODIFIED && rd->open_modified++ == 0)
			snprintf(rd->open_error, sizeof rd->open_error, "%s", msg ? msg : "");
		wonk_free(msg);
		if (st == WONK_ERR_MODIFIED)
			continue;
		if (st != WONK_OK) {
			reader_error(rd, OP_OPEN, "open", st, NULL, wonk_status_string(st));
			return NULL;
		}
		uint64_t docs, passages;
		st = wonk_index_stats(idx, &docs, &passages);
		if (st == WONK_OK) {
			if (rd->nseen < MAX_SEEN)
				rd->seen[rd->nseen++] = docs;
			return idx;
		}
		if (st == WONK_ERR_MODIFIED && rd->stats_modified++ == 0)
			snprintf(rd->stats_error, sizeof rd->stats_error, "%s", wonk_errmsg(idx));
		wonk_index_close(idx);
		if (st != WONK_ERR_MODIFIED) {
			reader_error(rd, OP_OPEN, "stats", st, NULL, wonk_status_string(st));
			return NULL;
		}
	}
	reader_error(rd, OP_OPEN, "open", WONK_ERR_MODIFIED, NULL, "still MODIFIED after 10 tries");
	return NULL;
}

/* The reading calls besides wonk_search_run(), each checked for an answer
 * a user would expect of this index. */
/* "treatty" is in no passage; "treaty" is in all. */
#define SUGGEST_QUERY "treatty tariff"

static wonk_status reader_op(int op, wonk_index *idx, const char *query, const char *doc,
			     unsigned passage)
{
	wonk_search *s = NULL;
	wonk_results *res = NULL;
	wonk_facets *f = NULL;
	uint64_t np = 0, nd = 0;
	const char *suggestion = NULL;
	wonk_status st;
	switch (op) {
	case OP_COUNT:
		st = wonk_search_new(idx, query, &s);
		if (st == WONK_OK)
			st = wonk_search_count(s, &np, &nd);
		if (st == WONK_OK && (nd == 0 || np < nd))
			st = WONK_ERR_CORRUPT; /* a hit was found: it must be counted */
		break;
	case OP_FACETS:
		st = wonk_search_new(idx, query, &s);
		if (st == WONK_OK)
			st = wonk_search_facets(s, WONK_FIELD_TYPE, &f);
		if (st == WONK_OK && (wonk_facets_count(f) != 1 ||
				      strcmp(wonk_facets_value(f, 0), "text") != 0))
			st = WONK_ERR_CORRUPT; /* every document is a text file */
		break;
	case OP_CONTEXT:
		st = wonk_index_passages(idx, doc, passage, 2, &res);
		if (st == WONK_OK && (wonk_results_count(res) == 0 ||
				      wonk_hit_passage(wonk_results_hit(res, 0)) != passage))
			st = WONK_ERR_CORRUPT; /* the hit's own passage is there */
		break;
	case OP_LIKE:
		st = wonk_search_new_like(idx, doc, passage, &s);
		if (st == WONK_OK)
			st = wonk_search_run(s, &res);
		break;
	default:
		st = wonk_search_new(idx, SUGGEST_QUERY, &s);
		if (st == WONK_OK)
			st = wonk_search_suggest(s, &suggestion);
		if (st == WONK_OK && !suggestion)
			st = WONK_ERR_CORRUPT;
		break;
	}
	wonk_results_destroy(res);
	wonk_facets_destroy(f);
	wonk_search_destroy(s);
	return st;
}

/* One search; every hit is checked. */
static void reader_search(struct reader *rd, wonk_index *idx, const char *query)
{
	wonk_status st = WONK_ERR_MODIFIED;
	wonk_results *res = NULL;
	/* MODIFIED means the library's own retries ran out; try 3 more times. */
	for (int attempt = 0; attempt < 3 && st == WONK_ERR_MODIFIED; attempt++) {
		wonk_search *s = NULL;
		st = wonk_search_new(idx, query, &s);
		if (st == WONK_OK) {
			wonk_search_set_limit(s, 20);
			st = wonk_search_run(s, &res);
		}
		wonk_search_destroy(s);
		if (st == WONK_ERR_MODIFIED)
			rd->modified++;
	}
	rd->searches++;
	if (st != WONK_OK) {
		reader_error(rd, OP_RUN, query, st, idx, NULL);
		return;
	}
	for (size_t i = 0; i < wonk_results_count(res); i++) {
		const wonk_hit *h = wonk_results_hit(res, i);
		size_t len = 0;
		const char *text = wonk_hit_text(h, &len);
		rd->hits++;
		if (!text || len == 0 || strlen(text) != len)
			rd->empty_texts++;
		if (wonk_hit_rank(h) != i + 1 || !wonk_hit_path(h) ||
		    !strstr(wonk_hit_path(h), "/docs/") || !wonk_hit_title(h))
			rd->bad_hits++;
	}
	/* Now and then, the other reading calls, on the first hit. */
	const wonk_hit *first = wonk_results_hit(res, 0);
	if (first && rd->searches % 3 == 0) {
		char doc[32];
		snprintf(doc, sizeof doc, "%s", wonk_hit_doc(first));
		unsigned passage = wonk_hit_passage(first);
		for (int op = 0; op < NOPS; op++) {
			st = WONK_ERR_MODIFIED;
			for (int attempt = 0; attempt < 3 && st == WONK_ERR_MODIFIED; attempt++) {
				st = reader_op(op, idx, query, doc, passage);
				if (st == WONK_ERR_MODIFIED)
					rd->modified++;
			}
			rd->other_calls++;
			if (st != WONK_OK)
				reader_error(rd, op, op == OP_SUGGEST ? SUGGEST_QUERY
						     : op == OP_CONTEXT || op == OP_LIKE ? doc : query,
					     st, idx, NULL);
		}
	}
	wonk_results_destroy(res);
}

static void *reader_main(void *arg)
{
	struct reader *rd = arg;
	static const char *const queries[] = {
		"treaty tariff", "\"mutual defense treaty\"", "missile satellite launches",
		"civil service merit", "customs revenue survive",
	};
	wonk_index *idx = NULL;
	int since_open = 0, last_round = 0;
	unsigned q = (unsigned)rd->id;
	for (;;) {
		/* After the writer is done, one more round on a fresh handle. */
		int done = atomic_load(&writer_done);
		if (done)
			last_round++;
		if (!idx || since_open >= REOPEN_EVERY || last_round == 1) {
			wonk_index_close(idx);
			idx = reader_open(rd);
			since_open = 0;
			if (!idx)
				break;
		}
		char word[16];
		unique_word((int)(q % NFILES), word, sizeof word);
		reader_search(rd, idx, q % 2 ? word : queries[q % 5]);
		q++;
		since_open++;
		if (rd->searches == 1)
			atomic_fetch_add(&readers_started, 1);
		if (last_round >= 1)
			break;
	}
	wonk_index_close(idx);
	if (rd->searches < 1)
		atomic_fetch_add(&readers_started, 1); /* never block the writer */
	return NULL;
}

/* ------------------------------------------------------------ main */

static int remove_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb, (void)type, (void)ftw;
	return remove(path);
}

static int in_committed(uint64_t docs)
{
	for (size_t i = 0; i < ncommitted; i++)
		if (committed[i] == docs)
			return 1;
	return 0;
}

int main(void)
{
	strcpy(tmp, "/tmp/wonk-test-threads-XXXXXX");
	if (!mkdtemp(tmp))
		return 1;
	snprintf(index_dir, sizeof index_dir, "%s/index", tmp);
	char path[256];
	snprintf(path, sizeof path, "%s/docs", tmp);
	mkdir(path, 0755);
	int written = 0;
	for (int i = 0; i < NFILES; i++) {
		file_path(i, path, sizeof path);
		written += write_doc(path, i) == 0;
	}
	snprintf(path, sizeof path, "%s/docs/seed.txt", tmp);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs("The seed report: a treaty, a tariff and the customs revenue.\n", f);
		fclose(f);
	}
	CHECK(written == NFILES && f, "wrote %d files to index", written);

	/* The index exists, with one document, before the readers open it. */
	struct writer w = {0};
	wonk_add_report rep;
	wonk_status st = wonk_index_open(index_dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &w.idx,
					 NULL);
	if (st == WONK_OK)
		st = wonk_index_add_file(w.idx, path, &rep);
	if (st == WONK_OK)
		st = wonk_index_commit(w.idx);
	CHECK(st == WONK_OK, "seeding the index (%s)", wonk_status_string(st));
	if (st != WONK_OK)
		return CHECK_DONE();
	w.passages = rep.passages;
	committed[ncommitted++] = 1;

	/* The writer handle now belongs to the writer thread alone. */
	pthread_t wt, rt[NREADERS];
	struct reader rd[NREADERS];
	memset(rd, 0, sizeof rd);
	int started = pthread_create(&wt, NULL, writer_main, &w) == 0;
	for (int i = 0; i < NREADERS; i++) {
		rd[i].id = i;
		started += pthread_create(&rt[i], NULL, reader_main, &rd[i]) == 0;
	}
	CHECK(started == NREADERS + 1, "started 1 writer and %d reader threads", NREADERS);
	if (started != NREADERS + 1)
		return CHECK_DONE();
	pthread_join(wt, NULL);
	for (int i = 0; i < NREADERS; i++)
		pthread_join(rt[i], NULL);

	CHECK(w.status == WONK_OK, "the writer added %d files with %d commits (%s)", NFILES,
	      NFILES / COMMIT_EVERY, w.status == WONK_OK ? "ok" : w.msg);

	unsigned long searches = 0, others = 0, hits = 0, modified = 0, empty = 0, bad = 0;
	unsigned long errors[NCALLS] = {0};
	const char *first_error[NCALLS];
	size_t opens = 0, whole = 0;
	for (int i = 0; i < NREADERS; i++) {
		searches += rd[i].searches;
		others += rd[i].other_calls;
		hits += rd[i].hits;
		modified += rd[i].modified;
		empty += rd[i].empty_texts;
		bad += rd[i].bad_hits;
		for (size_t j = 0; j < rd[i].nseen; j++)
			whole += in_committed(rd[i].seen[j]);
		opens += rd[i].nseen;
	}
	printf("# %lu searches, %lu other calls, %lu hits, %zu opens, %lu MODIFIED retried\n",
	       searches, others, hits, opens, modified);
	CHECK(searches >= NREADERS * 2 && hits > 0 && others >= NOPS,
	      "the readers searched (%lu searches, %lu hits, %lu other calls)", searches, hits,
	      others);
	for (int c = 0; c < NCALLS; c++) {
		first_error[c] = "";
		for (int i = 0; i < NREADERS; i++) {
			errors[c] += rd[i].errors[c];
			if (rd[i].errors[c] && !*first_error[c])
				first_error[c] = rd[i].first_error[c];
		}
		CHECK(errors[c] == 0,
		      "%s never failed nor gave a wrong answer while the index was written "
		      "(%lu times%s%s)", op_names[c], errors[c], *first_error[c] ? ": " : "",
		      first_error[c]);
	}
	unsigned long open_mod = 0, stats_mod = 0;
	const char *open_error = "", *stats_error = "";
	for (int i = 0; i < NREADERS; i++) {
		open_mod += rd[i].open_modified;
		stats_mod += rd[i].stats_modified;
		if (rd[i].open_modified && !*open_error)
			open_error = rd[i].open_error;
		if (rd[i].stats_modified && !*stats_error)
			stats_error = rd[i].stats_error;
	}
	CHECK(open_mod == 0,
	      "wonk_index_open to read never fails with MODIFIED (not a documented status): "
	      "%lu of %zu opens did (%s)", open_mod, opens + open_mod, open_error);
	CHECK(stats_mod == 0,
	      "wonk_index_stats on a fresh reader never fails with MODIFIED (not a documented "
	      "status): %lu times (%s)", stats_mod, stats_error);
	CHECK(empty == 0, "every hit has its passage text (%lu without)", empty);
	CHECK(bad == 0, "every hit has its rank, path and title (%lu wrong)", bad);
	CHECK(opens > 0 && whole == opens,
	      "readers only ever saw whole commits (%zu of %zu opens saw a committed count)",
	      whole, opens);
	int saw_last = 1;
	for (int i = 0; i < NREADERS; i++)
		if (!rd[i].nseen || rd[i].seen[rd[i].nseen - 1] != 1 + NFILES)
			saw_last = 0;
	CHECK(saw_last, "a reader opened after the writer closed sees all %d documents", 1 + NFILES);

	/* Afterwards: everything is there, and each document can be found. */
	wonk_index *idx = NULL;
	uint64_t docs = 0, passages = 0;
	st = wonk_index_open(index_dir, WONK_OPEN_READ, &idx, NULL);
	if (st == WONK_OK)
		st = wonk_index_stats(idx, &docs, &passages);
	CHECK(st == WONK_OK && docs == 1 + NFILES && passages == w.passages,
	      "the final index holds %llu documents (want %d), %llu passages (want %llu)",
	      (unsigned long long)docs, 1 + NFILES, (unsigned long long)passages,
	      (unsigned long long)w.passages);
	int found = 0;
	for (int i = 0; idx && i < NFILES; i++) {
		char word[16], want[256];
		wonk_search *s = NULL;
		wonk_results *res = NULL;
		unique_word(i, word, sizeof word);
		file_path(i, want, sizeof want);
		if (wonk_search_new(idx, word, &s) == WONK_OK && wonk_search_run(s, &res) == WONK_OK &&
		    wonk_results_count(res) == 1 &&
		    strcmp(wonk_hit_path(wonk_results_hit(res, 0)), want) == 0)
			found++;
		wonk_results_destroy(res);
		wonk_search_destroy(s);
	}
	CHECK(found == NFILES, "each of the %d files is found by its own word (%d)", NFILES, found);
	wonk_index_close(idx);

	nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return CHECK_DONE();
}
