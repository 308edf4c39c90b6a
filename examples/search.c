/*
 * search.c - the smallest complete wonk program: open an index read-only,
 * search it for the query given on the command line, and print each hit's
 * rank, title, path and passage text.  Error handling is the real thing:
 * every call that can fail returns a wonk_status, and the index handle keeps
 * a message saying why (wonk_errmsg).
 *
 *	cc $(pkg-config --cflags wonk) search.c $(pkg-config --libs wonk) -o search
 *	./search archive 'MIRV Russian assistance'
 *
 * Exit status, as grep and wonk-search: 0 hits, 1 no hits, 2 error.
 */
#include <stdio.h>

#include <wonk.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s INDEX QUERY\n", argv[0]);
		return 2;
	}

	/* Opening has no handle to keep a message yet, so it hands one back
	 * (malloc'ed: free it with wonk_free). */
	wonk_index *idx;
	char *msg;
	wonk_status st = wonk_index_open(argv[1], WONK_OPEN_READ, &idx, &msg);
	if (st != WONK_OK) {
		fprintf(stderr, "search: %s\n", msg ? msg : wonk_status_string(st));
		wonk_free(msg);
		return 2;
	}

	/* Parse the query, then run it.  The results outlive the search. */
	wonk_search *s;
	wonk_results *res = NULL;
	st = wonk_search_new(idx, argv[2], &s);
	if (st == WONK_OK) {
		wonk_search_set_limit(s, 10);
		st = wonk_search_run(s, &res);
		wonk_search_destroy(s);
	}
	if (st != WONK_OK) {
		/* e.g. "query has no words to search for" */
		fprintf(stderr, "search: %s\n", wonk_errmsg(idx));
		wonk_index_close(idx);
		return 2;
	}

	/* Every string belongs to res: print, never free.  The text is the
	 * source's own (wonk-search also strips control characters). */
	size_t n = wonk_results_count(res);
	for (size_t i = 0; i < n; i++) {
		const wonk_hit *h = wonk_results_hit(res, i);
		printf("%u. %s (%s)\n%s\n\n", wonk_hit_rank(h), wonk_hit_title(h),
		       wonk_hit_path(h), wonk_hit_text(h, NULL));
	}
	wonk_results_destroy(res);
	wonk_index_close(idx);
	return n > 0 ? 0 : 1;
}
