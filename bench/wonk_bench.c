/*
 * wonk_bench.c - wonk's query latency in process, through wonk.h only.
 * GPL-2.0-or-later.
 *
 *   wonk_bench stats INDEX
 *	prints "documents D" and "passages P" (wonk_index_stats).
 *
 *   wonk_bench query INDEX QUERIES ROUNDS
 *	opens INDEX read-only once and runs every query of QUERIES (one a
 *	line; # comments) with the defaults of wonk-search (limit 10, at most
 *	2 passages per document; wonk always computes the highlights), reading
 *	every hit's path, text and highlight spans: once unrecorded to warm up,
 *	then ROUNDS times.  A query's time is wonk_search_new() to
 *	wonk_results_destroy().  Prints one line per query run, "wonk QUERY#
 *	ms", then "rss_kb N" (this process's peak RSS).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "wonk.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static wonk_index *open_index(const char *dir)
{
	wonk_index *idx;
	char *err = NULL;
	if (wonk_index_open(dir, WONK_OPEN_READ, &idx, &err) != WONK_OK) {
		fprintf(stderr, "wonk_bench: %s: %s\n", dir, err ? err : "cannot open");
		wonk_free(err);
		exit(2);
	}
	return idx;
}

enum { MAXQ = 1000 };

static int query(const char *dir, const char *qfile, int rounds)
{
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
		q[nq++] = strdup(line);
	}
	fclose(f);
	free(line);

	wonk_index *idx = open_index(dir);
	unsigned long long sink = 0, hits = 0;
	for (int r = 0; r <= rounds; r++) {
		for (int i = 0; i < nq; i++) {
			double t0 = now();
			wonk_search *s;
			wonk_results *res;
			if (wonk_search_new(idx, q[i], &s) != WONK_OK ||
			    wonk_search_set_limit(s, 10) != WONK_OK ||
			    wonk_search_run(s, &res) != WONK_OK) {
				fprintf(stderr, "wonk_bench: %s: %s\n", q[i], wonk_errmsg(idx));
				return 2;
			}
			for (size_t k = 0; k < wonk_results_count(res); k++) {
				const wonk_hit *h = wonk_results_hit(res, k);
				size_t len, a, b;
				const char *text = wonk_hit_text(h, &len);
				sink += len + (unsigned char)text[0] + strlen(wonk_hit_path(h));
				for (size_t j = 0; wonk_hit_highlight(h, j, &a, &b) == 0; j++)
					sink += b - a;
				hits++;
			}
			wonk_results_destroy(res);
			wonk_search_destroy(s);
			double ms = (now() - t0) * 1e3;
			if (r > 0)
				printf("wonk %d %.4f\n", i, ms);
		}
	}
	wonk_index_close(idx);
	for (int i = 0; i < nq; i++)
		free(q[i]);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("rss_kb %ld\n", ru.ru_maxrss);
	fprintf(stderr, "wonk_bench: %d queries x %d rounds, %llu hits (%llu)\n", nq, rounds,
		hits, sink % 10);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "stats")) {
		wonk_index *idx = open_index(argv[2]);
		uint64_t docs, passages;
		if (wonk_index_stats(idx, &docs, &passages) != WONK_OK) {
			fprintf(stderr, "wonk_bench: %s\n", wonk_errmsg(idx));
			return 2;
		}
		printf("documents %llu\npassages %llu\n", (unsigned long long)docs,
		       (unsigned long long)passages);
		wonk_index_close(idx);
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "query"))
		return query(argv[2], argv[3], atoi(argv[4]));
	fprintf(stderr, "usage: wonk_bench stats INDEX\n"
			"       wonk_bench query INDEX QUERIES ROUNDS\n");
	return 2;
}
