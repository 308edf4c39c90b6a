/*
 * wonk-search - ranks the passages of a wonk index for a query and prints
 * them, through the public API only (wonk.h).
 *
 * Exit status as grep: 0 hits, 1 no hits, 2 error.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "output.h"
#include "wonk.h"

static const char usage[] =
	"Usage: wonk-search [OPTION]... QUERY...\n"
	"Search a wonk index and print the best passages, best first, with the\n"
	"query's words marked and where each passage came from.\n"
	"\n"
	"Query:\n"
	"  words            match in any inflection (missiles finds missile) and\n"
	"                   are ranked by BM25; a passage needs only some of them\n"
	"  \"a phrase\"       must occur word for word, in that order (letter case,\n"
	"                   accents and possessives aside); an unbalanced quote\n"
	"                   runs to the end of the query\n"
	"  Hyphens and apostrophes split words as in the documents: Jong-un is the\n"
	"  two words jong un, Russia's is russia.\n"
	"\n"
	"Options:\n"
	"  -d, --index DIR    the index (default: $WONK_INDEX, else ./.wonk)\n"
	"  -n, --limit N      show at most N passages (default 10)\n"
	"      --offset N     skip the first N passages (for paging)\n"
	"      --per-doc N    at most N passages per document (default 2; 0 = no limit)\n"
	"      --json         JSON Lines, one object per hit: rank, score, path, doc,\n"
	"                     passage, start, end (byte span in the source file),\n"
	"                     title, text, highlights ([start,end] within text)\n"
	"      --color WHEN   mark words with colour: auto (default; a terminal and\n"
	"                     NO_COLOR unset), always, never\n"
	"  -h, --help         show this help and exit\n"
	"      --version      show the version and exit\n"
	"\n"
	"Exit status: 0 passages found, 1 none found, 2 error.\n";

static int parse_count(const char *opt, const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v > 100000 || s[0] == '-') {
		fprintf(stderr, "wonk-search: %s: '%s' is not a number from 0 to 100000\n", opt, s);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int terminal_width(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* The query is the arguments joined by spaces, as the shell split them. */
static char *join_args(int argc, char **argv)
{
	size_t len = 1;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	char *q = malloc(len);
	if (!q)
		return NULL;
	q[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(q, " ");
		strcat(q, argv[i]);
	}
	return q;
}

enum { OPT_OFFSET = 256, OPT_PER_DOC, OPT_JSON, OPT_COLOR, OPT_VERSION };

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"index", required_argument, NULL, 'd'},
		{"limit", required_argument, NULL, 'n'},
		{"offset", required_argument, NULL, OPT_OFFSET},
		{"per-doc", required_argument, NULL, OPT_PER_DOC},
		{"json", no_argument, NULL, OPT_JSON},
		{"color", required_argument, NULL, OPT_COLOR},
		{"colour", required_argument, NULL, OPT_COLOR},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *color_when = "auto";
	unsigned limit = 10, offset = 0, per_doc = 2;
	int json = 0, c;
	while ((c = getopt_long(argc, argv, "d:n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'n': if (parse_count("--limit", optarg, &limit) < 0) return 2; break;
		case OPT_OFFSET: if (parse_count("--offset", optarg, &offset) < 0) return 2; break;
		case OPT_PER_DOC: if (parse_count("--per-doc", optarg, &per_doc) < 0) return 2; break;
		case OPT_JSON: json = 1; break;
		case OPT_COLOR: color_when = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		case OPT_VERSION: printf("wonk-search %s\n", wonk_version()); return 0;
		default:
			fputs("Try 'wonk-search --help' for more information.\n", stderr);
			return 2;
		}
	}
	int color;
	if (strcmp(color_when, "always") == 0) {
		color = 1;
	} else if (strcmp(color_when, "never") == 0) {
		color = 0;
	} else if (strcmp(color_when, "auto") == 0) {
		const char *nc = getenv("NO_COLOR");
		color = isatty(STDOUT_FILENO) && !(nc && *nc);
	} else {
		fprintf(stderr, "wonk-search: --color: '%s' is not auto, always or never\n",
			color_when);
		return 2;
	}
	if (optind >= argc) {
		fputs("wonk-search: no QUERY given\n"
		      "Try 'wonk-search --help' for more information.\n", stderr);
		return 2;
	}
	if (!dir)
		dir = getenv("WONK_INDEX");
	if (!dir || !*dir)
		dir = ".wonk";

	char *query = join_args(argc - optind, argv + optind);
	if (!query) {
		fputs("wonk-search: out of memory\n", stderr);
		return 2;
	}
	int rc = 2;
	wonk_index *idx = NULL;
	wonk_search *s = NULL;
	wonk_results *res = NULL;
	char *msg = NULL;
	wonk_status st = wonk_index_open(dir, WONK_OPEN_READ, &idx, &msg);
	if (st != WONK_OK) {
		fprintf(stderr, "wonk-search: %s\n", msg ? msg : wonk_status_string(st));
		if (st == WONK_ERR_NOT_FOUND)
			fprintf(stderr, "wonk-search: build one with: wonk-index -d %s PATH...\n", dir);
		wonk_free(msg);
		goto done;
	}
	st = wonk_search_new(idx, query, &s);
	if (st != WONK_OK) {
		fprintf(stderr, "wonk-search: %s\n", wonk_errmsg(idx));
		goto done;
	}
	if (wonk_search_note(s))
		fprintf(stderr, "wonk-search: note: %s\n", wonk_search_note(s));
	wonk_search_set_limit(s, limit);
	wonk_search_set_offset(s, offset);
	wonk_search_set_per_doc(s, per_doc);
	st = wonk_search_run(s, &res);
	if (st != WONK_OK) {
		fprintf(stderr, "wonk-search: %s\n", wonk_errmsg(idx));
		goto done;
	}

	printer p;
	if (json)
		printer_init_json(&p, stdout);
	else
		printer_init_text(&p, stdout, color, isatty(STDOUT_FILENO) ? terminal_width() : 0);
	rc = wonk_results_count(res) ? 0 : 1;
	for (size_t i = 0; i < wonk_results_count(res); i++) {
		if (p.hit(&p, wonk_results_hit(res, i)) < 0) {
			fputs("wonk-search: out of memory\n", stderr);
			rc = 2;
			break;
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "wonk-search: writing output: %s\n", strerror(errno));
		rc = 2;
	}
done:
	wonk_results_destroy(res);
	wonk_search_destroy(s);
	wonk_index_close(idx);
	free(query);
	return rc;
}
