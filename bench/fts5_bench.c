/*
 * fts5_bench.c - the SQLite FTS5 anchor of `make bench`.  GPL-2.0-or-later.
 *
 *   fts5_bench build DB PASSAGES N
 *	indexes the passages of PASSAGES (JSON Lines {"path", "passage",
 *	"text"}, from bench/dump-passages.sh) N times over, copy K under the
 *	path "copy-K/PATH", into a new FTS5 table p(text, path, passage) with
 *	tokenize='porter unicode61', detail=full and the text stored, in one
 *	transaction.  Prints "passages P", "bytes B" (text bytes indexed) and
 *	"seconds S": the time spent in SQLite calls (statement steps and the
 *	commit), not in reading and parsing the input.
 *
 *   fts5_bench query DB QUERIES ROUNDS MODE...
 *	runs every query of QUERIES (one a line, plain words; # comments) as
 *	an OR of its words, "order by bm25(p) limit 10" (faster here than
 *	"order by rank"), reading each hit's path, passage and text, once
 *	unrecorded to warm up and then ROUNDS times, the MODEs interleaved in
 *	each round: "plain" (the stored text), "snippet" (snippet(), the
 *	matched words marked in a fragment of at most 32 tokens) or
 *	"highlight" (highlight(), the whole passage marked).  Prints one line
 *	per query run, "MODE QUERY# ms", then "rss_kb N" (this process's peak
 *	RSS).
 *
 * Times are wall clock (CLOCK_MONOTONIC) inside this process.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "fts5_bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
	exit(2);
}

static void exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "fts5_bench: %s: %s\n", sql, err ? err : "?");
		exit(2);
	}
}

static long peak_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int build(const char *dbpath, const char *passages, int copies)
{
	sqlite3 *db;
	remove(dbpath);
	if (sqlite3_open(dbpath, &db) != SQLITE_OK)
		die(db, dbpath);
	exec(db, "CREATE VIRTUAL TABLE p USING fts5(text, path UNINDEXED, "
		 "passage UNINDEXED, tokenize='porter unicode61', detail=full)");
	sqlite3_stmt *ins;
	if (sqlite3_prepare_v2(db, "INSERT INTO p(text, path, passage) VALUES (?1, ?2, ?3)",
			       -1, &ins, NULL) != SQLITE_OK)
		die(db, "prepare insert");
	double spent = 0, t0 = now();
	exec(db, "BEGIN");
	spent += now() - t0;
	unsigned long long count = 0, bytes = 0;
	char *line = NULL, path[4096];
	size_t cap = 0;
	for (int k = 1; k <= copies; k++) {
		FILE *f = fopen(passages, "r");
		if (!f) {
			perror(passages);
			return 2;
		}
		while (getline(&line, &cap, f) > 0) {
			cJSON *o = cJSON_Parse(line);
			const cJSON *text = cJSON_GetObjectItemCaseSensitive(o, "text");
			const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "path");
			const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, "passage");
			if (!cJSON_IsString(text) || !cJSON_IsString(p) || !cJSON_IsNumber(n)) {
				fprintf(stderr, "fts5_bench: %s: not a passage: %.60s\n", passages, line);
				return 2;
			}
			snprintf(path, sizeof path, "copy-%d/%s", k, p->valuestring);
			size_t len = strlen(text->valuestring);
			t0 = now();
			sqlite3_bind_text(ins, 1, text->valuestring, (int)len, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, path, -1, SQLITE_STATIC);
			sqlite3_bind_int(ins, 3, n->valueint);
			if (sqlite3_step(ins) != SQLITE_DONE)
				die(db, "insert");
			sqlite3_reset(ins);
			spent += now() - t0;
			count++;
			bytes += len;
			cJSON_Delete(o);
		}
		fclose(f);
	}
	free(line);
	t0 = now();
	sqlite3_finalize(ins);
	exec(db, "COMMIT");
	if (sqlite3_close(db) != SQLITE_OK)
		die(db, "close");
	spent += now() - t0;
	printf("passages %llu\nbytes %llu\nseconds %.6f\nrss_kb %ld\n", count, bytes, spent,
	       peak_rss_kb());
	return 0;
}

/* The query's words as an FTS5 expression: "w1" OR "w2" ... */
static char *match_expr(const char *q)
{
	size_t len = strlen(q);
	char *out = malloc(len * 6 + 8), *o = out;
	const char *s = q;
	while (*s) {
		while (*s && !isalnum((unsigned char)*s))
			s++;
		if (!*s)
			break;
		if (o != out)
			o += sprintf(o, " OR ");
		*o++ = '"';
		while (isalnum((unsigned char)*s))
			*o++ = *s++;
		*o++ = '"';
	}
	*o = 0;
	return out;
}

enum { MAXQ = 1000 };

static int query(const char *dbpath, const char *qfile, int rounds, int nmodes, char **modes)
{
	sqlite3 *db;
	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die(db, dbpath);
	static char *q[MAXQ];
	int nq = 0;
	FILE *f = fopen(qfile, "r");
	if (!f) {
		perror(qfile);
		return 2;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	while ((got = getline(&line, &cap, f)) > 0 && nq < MAXQ) {
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = 0;
		if (got == 0 || line[0] == '#')
			continue;
		q[nq++] = match_expr(line);
	}
	fclose(f);
	free(line);
	sqlite3_stmt *st[8];
	if (nmodes > 8)
		nmodes = 8;
	for (int m = 0; m < nmodes; m++) {
		const char *col;
		if (!strcmp(modes[m], "plain"))
			col = "text";
		else if (!strcmp(modes[m], "snippet"))
			col = "snippet(p, 0, '<b>', '</b>', '...', 32)";
		else if (!strcmp(modes[m], "highlight"))
			col = "highlight(p, 0, '<b>', '</b>')";
		else {
			fprintf(stderr, "fts5_bench: unknown mode %s\n", modes[m]);
			return 2;
		}
		char sql[512];
		snprintf(sql, sizeof sql,
			 "SELECT path, passage, %s FROM p WHERE p MATCH ?1 ORDER BY bm25(p) LIMIT 10",
			 col);
		if (sqlite3_prepare_v2(db, sql, -1, &st[m], NULL) != SQLITE_OK)
			die(db, sql);
	}
	unsigned long long sink = 0;
	for (int r = 0; r <= rounds; r++) {
		for (int m = 0; m < nmodes; m++) {
			for (int i = 0; i < nq; i++) {
				double t0 = now();
				sqlite3_bind_text(st[m], 1, q[i], -1, SQLITE_STATIC);
				int rc;
				while ((rc = sqlite3_step(st[m])) == SQLITE_ROW) {
					for (int c = 0; c < 3; c++) {
						const unsigned char *t = sqlite3_column_text(st[m], c);
						sink += (unsigned long long)sqlite3_column_bytes(st[m], c) + (t ? t[0] : 0);
					}
				}
				if (rc != SQLITE_DONE)
					die(db, q[i]);
				sqlite3_reset(st[m]);
				double ms = (now() - t0) * 1e3;
				if (r > 0)
					printf("%s %d %.4f\n", modes[m], i, ms);
			}
		}
	}
	for (int m = 0; m < nmodes; m++)
		sqlite3_finalize(st[m]);
	sqlite3_close(db);
	for (int i = 0; i < nq; i++)
		free(q[i]);
	printf("rss_kb %ld\n", peak_rss_kb());
	fprintf(stderr, "fts5_bench: %d queries x %d rounds (%llu)\n", nq, rounds, sink % 10);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "build"))
		return build(argv[2], argv[3], atoi(argv[4]));
	if (argc >= 6 && !strcmp(argv[1], "query"))
		return query(argv[2], argv[3], atoi(argv[4]), argc - 5, argv + 5);
	fprintf(stderr, "usage: fts5_bench build DB PASSAGES N\n"
			"       fts5_bench query DB QUERIES ROUNDS MODE...\n");
	return 2;
}
