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
#include "../cli/warn.h"
#include "wonk.h"

static const char usage[] =
	"Usage: wonk-search [OPTION]... QUERY...\n"
	"Search a wonk index and print the best passages, best first, with the\n"
	"query's words marked and where each passage came from.\n"
	"\n"
	"Query (see wonk-search(1) for all of it):\n"
	"  words              match in any inflection (missiles finds missile), and\n"
	"                     numbers in any notation (14th finds Fourteenth, 4 finds\n"
	"                     IV); ranked by BM25, a passage needs only some of them,\n"
	"                     and in a large index more than words most passages\n"
	"                     have (the)\n"
	"  \"a phrase\"         required, word for word (\"Maine\" quoted is exact)\n"
	"  +word  -word       required / excluded; also -\"phrase\", -author:x\n"
	"  a AND b  a OR b  a NOT b  ( )      lowercase and/or/not are words\n"
	"  a NEAR/5 b         within 5 words, either order\n"
	"  nucl*              words starting with nucl (at most 100 words)\n"
	"  title:x author:\"George Kennan\" source:x type:html tag:\"arms control\"\n"
	"  year:1890..1930  year:1905  date:2022-02-24..  date:..2016\n"
	"\n"
	"Filters and order:\n"
	"      --since DATE   only documents dated DATE or later (YYYY[-MM[-DD]])\n"
	"      --until DATE   only documents dated DATE or earlier\n"
	"      --author X     as author:\"X\"; also --source, --type, --tag\n"
	"      --sort ORDER   relevance (default), newest or oldest (undated last)\n"
	"      --stage1       rank by BM25 alone: no stage-2 re-scoring, no synonyms\n"
	"      --synonyms FILE  also expand words with FILE's groups, one per line:\n"
	"                     ICBM = intercontinental ballistic missile\n"
	"                     (INDEX/synonyms.txt, common abbreviations, capitals\n"
	"                     and countries' older names always)\n"
	"Output:\n"
	"  -n, --limit N      show at most N passages (default 10)\n"
	"      --offset N     skip the first N passages (for paging)\n"
	"      --per-doc N    at most N passages per document (0 = no limit, the\n"
	"                     default; 2 for --like)\n"
	"      --context N    also show the N passages before and after each hit\n"
	"      --count        print only how many passages and documents match\n"
	"      --files        print only the matching files' paths, one per line\n"
	"      --facets       after the hits, count matching passages by source,\n"
	"                     author and year (top 10 each)\n"
	"      --timeline     print a histogram of matching passages per year (per\n"
	"                     decade over long spans) instead of the hits\n"
	"      --like DOC:N   passages like passage N of document DOC (the doc and\n"
	"                     passage --json prints), instead of a QUERY\n"
	"      --batch        read one query per line from standard input and answer\n"
	"                     each from the one open index, as JSON Lines tagged with\n"
	"                     \"query\": its line number (errors as {\"error\"})\n"
	"      --json         JSON Lines: one object per hit (rank, score, path, doc,\n"
	"                     passage, start, end, title, text, highlights, and type,\n"
	"                     author, date, source, url, tags... when known), and for\n"
	"                     --count, --facets, --timeline one object each\n"
	"      --explain      show what each passage's score adds up: BM25 and each\n"
	"                     stage-2 part (coverage, proximity, exact, title,\n"
	"                     document, pair, sentence, onset) as it counts, and\n"
	"                     the words it holds by its document's date or author\n"
	"      --color WHEN   mark words with colour: auto (default; a terminal and\n"
	"                     NO_COLOR unset), always, never\n"
	"  -d, --index DIR    the index (default: $WONK_INDEX, else ./.wonk); repeat\n"
	"                     to search several shards as one; also a stub file\n"
	"                     listing shards, tcp://HOST:PORT (xapian-tcpsrv) or\n"
	"                     ssh://[USER@]HOST[:PORT]/PATH (xapian-progsrv)\n"
	"      --allow-partial  search the shards that open, naming on stderr\n"
	"                     those that do not\n"
	"  -h, --help         show this help and exit\n"
	"      --version      show the version and exit\n"
	"\n"
	"A query word found in no passage gets a \"did you mean\" on stderr.  Put --\n"
	"before a QUERY that starts with -.\n"
	"\n"
	"Exit status: 0 passages found, 1 none found, 2 error (a malformed query\n"
	"says what is wrong and at which character).\n";

static int parse_count(const char *opt, const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || v > 100000 || s[0] == '-') {
		warn("%s: '%s' is not a number from 0 to 100000", opt, s);
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

enum {
	OPT_OFFSET = 256, OPT_PER_DOC, OPT_JSON, OPT_COLOR, OPT_VERSION, OPT_SINCE,
	OPT_UNTIL, OPT_AUTHOR, OPT_SOURCE, OPT_TYPE, OPT_TAG, OPT_SORT, OPT_COUNT,
	OPT_FILES, OPT_CONTEXT, OPT_FACETS, OPT_TIMELINE, OPT_LIKE, OPT_BATCH, OPT_STAGE1,
	OPT_SYNONYMS, OPT_ALLOW_PARTIAL, OPT_EXPLAIN,
};

/* How many -d a search takes. */
#define MAX_SHARDS 256

typedef struct options {
	const char *dirs[MAX_SHARDS];
	size_t ndirs;
	int allow_partial;
	const char *color_when, *since, *until, *sort;
	const char *author, *source, *type, *tag, *like, *synonyms;
	unsigned limit, offset, per_doc, context;
	int per_doc_set;     /* --per-doc given; else the library's default */
	int json, count, files, facets, timeline, batch, stage1, explain;
} options;

/* Applies the filter flags; they mean what the field syntax means. */
static int apply_filters(wonk_index *idx, wonk_search *s, const options *o)
{
	const struct { const char *field, *value; } f[] = {
		{"author", o->author}, {"source", o->source}, {"type", o->type}, {"tag", o->tag},
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (f[i].value && wonk_search_filter(s, f[i].field, f[i].value) != WONK_OK) {
			warn("--%s: %s", f[i].field, wonk_errmsg(idx));
			return -1;
		}
	if (o->since || o->until) {
		char range[64];
		if (snprintf(range, sizeof range, "%s..%s", o->since ? o->since : "",
			     o->until ? o->until : "") >= (int)sizeof range ||
		    wonk_search_filter(s, "date", range) != WONK_OK) {
			warn("--since/--until: %s",
				wonk_errmsg(idx));
			return -1;
		}
	}
	if (o->stage1)
		wonk_search_set_stage1(s, 1);
	if (o->sort) {
		wonk_sort sort = !strcmp(o->sort, "relevance") ? WONK_SORT_RELEVANCE
			       : !strcmp(o->sort, "newest") ? WONK_SORT_NEWEST
			       : !strcmp(o->sort, "oldest") ? WONK_SORT_OLDEST
			       : (wonk_sort)-1;
		if (wonk_search_set_sort(s, sort) != WONK_OK) {
			warn("--sort: '%s' is not relevance, newest or oldest",
				o->sort);
			return -1;
		}
	}
	return 0;
}

static int report(wonk_index *idx)
{
	warn("%s", wonk_errmsg(idx));
	return 2;
}

/* The hits, each with its context when asked; then the facets. */
static int print_hits(wonk_index *idx, wonk_search *s, const options *o, printer *p)
{
	wonk_results *res = NULL;
	if (wonk_search_run(s, &res) != WONK_OK)
		return report(idx);
	int rc = wonk_results_count(res) ? 0 : 1;
	for (size_t i = 0; i < wonk_results_count(res) && rc != 2; i++) {
		const wonk_hit *h = wonk_results_hit(res, i);
		wonk_results *before = NULL, *after = NULL;
		if (o->context) {
			unsigned n = wonk_hit_passage(h);
			unsigned first = n > o->context ? n - o->context : 0;
			if (wonk_index_passages(idx, wonk_hit_doc(h), first, n - first, &before) != WONK_OK ||
			    wonk_index_passages(idx, wonk_hit_doc(h), n + 1, o->context, &after) != WONK_OK)
				rc = report(idx);
		}
		if (rc != 2 && p->hit(p, h, before, after) < 0) {
			warn("out of memory");
			rc = 2;
		}
		wonk_results_destroy(before);
		wonk_results_destroy(after);
	}
	wonk_results_destroy(res);
	if (rc == 2 || !o->facets)
		return rc;
	facet_table t[3] = {{"source", NULL}, {"author", NULL}, {"year", NULL}};
	const wonk_field fields[3] = {WONK_FIELD_SOURCE, WONK_FIELD_AUTHOR, WONK_FIELD_DATE};
	wonk_facets *f[3] = {NULL, NULL, NULL};
	for (int i = 0; i < 3 && rc != 2; i++) {
		if (wonk_search_facets(s, fields[i], &f[i]) != WONK_OK)
			rc = report(idx);
		t[i].f = f[i];
	}
	if (rc != 2 && p->facets(p, t, 3, 10) < 0)
		rc = 2;
	for (int i = 0; i < 3; i++)
		wonk_facets_destroy(f[i]);
	return rc;
}

/* --files: every matching file once, best first, like grep -l. */
static int print_files(wonk_index *idx, wonk_search *s)
{
	const unsigned page = 1000;
	char **seen = NULL;
	size_t nseen = 0;
	int rc = 1;
	wonk_search_set_per_doc(s, 1);
	wonk_search_set_limit(s, page);
	for (unsigned offset = 0; rc != 2; offset += page) {
		wonk_results *res = NULL;
		if (wonk_search_set_offset(s, offset) != WONK_OK)
			break; /* past the deepest page wonk serves */
		if (wonk_search_run(s, &res) != WONK_OK) {
			rc = report(idx);
			break;
		}
		size_t n = wonk_results_count(res);
		char **grown = n ? realloc(seen, (nseen + n) * sizeof *seen) : seen;
		if (n && !grown) {
			warn("out of memory");
			rc = 2;
		} else {
			seen = grown;
		}
		for (size_t i = 0; i < n && rc != 2; i++) {
			/* JSON records share a file; say it once. */
			const char *path = wonk_hit_path(wonk_results_hit(res, i));
			size_t k = 0;
			while (k < nseen && strcmp(seen[k], path) != 0)
				k++;
			if (k < nseen)
				continue;
			if (!(seen[nseen] = strdup(path))) {
				rc = 2;
				break;
			}
			nseen++;
			put_printable(stdout, path);
			putchar('\n');
			rc = 0;
		}
		wonk_results_destroy(res);
		if (n < page)
			break;
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	return rc;
}

static int print_count(wonk_index *idx, wonk_search *s, printer *p)
{
	uint64_t passages, documents;
	if (wonk_search_count(s, &passages, &documents) != WONK_OK)
		return report(idx);
	if (p->count(p, passages, documents) < 0)
		return 2;
	return passages ? 0 : 1;
}

/* --timeline: years from the date facet, gaps filled with zeros, grouped
 * by decade when a bar per year would make too long a chart. */
static int print_timeline(wonk_index *idx, wonk_search *s, printer *p)
{
	wonk_facets *f = NULL;
	if (wonk_search_facets(s, WONK_FIELD_DATE, &f) != WONK_OK)
		return report(idx);
	int lo = 0, hi = 0;
	for (size_t i = 0; i < wonk_facets_count(f); i++) {
		int y = atoi(wonk_facets_value(f, i));
		if (!lo || y < lo)
			lo = y;
		if (y > hi)
			hi = y;
	}
	if (!lo) {
		wonk_facets_destroy(f);
		warn("no dated passage matches");
		return 1;
	}
	int years = hi - lo + 1 > 60 ? 10 : 1;
	if (years == 10) {
		lo -= lo % 10;
		hi -= hi % 10;
	}
	size_t n = (size_t)((hi - lo) / years + 1);
	period *bars = calloc(n, sizeof *bars);
	if (!bars) {
		wonk_facets_destroy(f);
		warn("out of memory");
		return 2;
	}
	for (size_t i = 0; i < n; i++)
		bars[i].start = lo + (int)i * years;
	for (size_t i = 0; i < wonk_facets_count(f); i++) {
		int y = atoi(wonk_facets_value(f, i));
		bars[(y - lo) / years].count += wonk_facets_freq(f, i);
	}
	int rc = p->timeline(p, bars, n, years) < 0 ? 2 : 0;
	free(bars);
	wonk_facets_destroy(f);
	return rc;
}

/* One query: parse, filter, run in the chosen mode; 0 hits, 1 none, 2 a
 * problem with this query (reported through report_to). */
static int one_query(wonk_index *idx, const char *query, const options *o, printer *p)
{
	wonk_search *s = NULL;
	int rc = 2;
	if (wonk_search_new(idx, query, &s) == WONK_OK && apply_filters(idx, s, o) == 0) {
		wonk_search_set_limit(s, o->limit);
		wonk_search_set_offset(s, o->offset);
		if (o->per_doc_set)
			wonk_search_set_per_doc(s, o->per_doc);
		rc = o->count ? print_count(idx, s, p)
		   : o->timeline ? print_timeline(idx, s, p)
		   : print_hits(idx, s, o, p);
	}
	wonk_search_destroy(s);
	return rc;
}

/* --batch: a query per line of standard input, each answered in turn from
 * the one open index, as JSON Lines tagged with the line number.  A query
 * that fails gets an {"error"} object and the rest go on. */
static int run_batch(wonk_index *idx, const options *o)
{
	printer p;
	printer_init_json(&p, stdout);
	p.explain = o->explain;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int any_hit = 0, any_error = 0;
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		p.line++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0)
			continue;
		int rc = one_query(idx, line, o, &p);
		if (rc == 0)
			any_hit = 1;
		if (rc == 2) {
			any_error = 1;
			if (printer_error(&p, wonk_errmsg(idx)) < 0)
				break;
		}
		fflush(stdout);
	}
	free(line);
	return any_error ? 2 : any_hit ? 0 : 1;
}

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
		{"since", required_argument, NULL, OPT_SINCE},
		{"until", required_argument, NULL, OPT_UNTIL},
		{"author", required_argument, NULL, OPT_AUTHOR},
		{"source", required_argument, NULL, OPT_SOURCE},
		{"type", required_argument, NULL, OPT_TYPE},
		{"tag", required_argument, NULL, OPT_TAG},
		{"sort", required_argument, NULL, OPT_SORT},
		{"count", no_argument, NULL, OPT_COUNT},
		{"files", no_argument, NULL, OPT_FILES},
		{"context", required_argument, NULL, OPT_CONTEXT},
		{"facets", no_argument, NULL, OPT_FACETS},
		{"timeline", no_argument, NULL, OPT_TIMELINE},
		{"like", required_argument, NULL, OPT_LIKE},
		{"batch", no_argument, NULL, OPT_BATCH},
		{"stage1", no_argument, NULL, OPT_STAGE1},
		{"explain", no_argument, NULL, OPT_EXPLAIN},
		{"synonyms", required_argument, NULL, OPT_SYNONYMS},
		{"allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{NULL, 0, NULL, 0},
	};
	options o = {.color_when = "auto", .limit = 10};
	warn_program("wonk-search");
	int c;
	while ((c = getopt_long(argc, argv, "d:n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (o.ndirs == MAX_SHARDS) {
				warn("-d: at most %d indexes", MAX_SHARDS);
				return 2;
			}
			o.dirs[o.ndirs++] = optarg;
			break;
		case OPT_ALLOW_PARTIAL: o.allow_partial = 1; break;
		case 'n': if (parse_count("--limit", optarg, &o.limit) < 0) return 2; break;
		case OPT_OFFSET: if (parse_count("--offset", optarg, &o.offset) < 0) return 2; break;
		case OPT_PER_DOC:
			if (parse_count("--per-doc", optarg, &o.per_doc) < 0)
				return 2;
			o.per_doc_set = 1;
			break;
		case OPT_CONTEXT: if (parse_count("--context", optarg, &o.context) < 0) return 2; break;
		case OPT_JSON: o.json = 1; break;
		case OPT_COLOR: o.color_when = optarg; break;
		case OPT_SINCE: o.since = optarg; break;
		case OPT_UNTIL: o.until = optarg; break;
		case OPT_AUTHOR: o.author = optarg; break;
		case OPT_SOURCE: o.source = optarg; break;
		case OPT_TYPE: o.type = optarg; break;
		case OPT_TAG: o.tag = optarg; break;
		case OPT_SORT: o.sort = optarg; break;
		case OPT_COUNT: o.count = 1; break;
		case OPT_FILES: o.files = 1; break;
		case OPT_FACETS: o.facets = 1; break;
		case OPT_TIMELINE: o.timeline = 1; break;
		case OPT_LIKE: o.like = optarg; break;
		case OPT_BATCH: o.batch = 1; o.json = 1; break;
		case OPT_STAGE1: o.stage1 = 1; break;
		case OPT_EXPLAIN: o.explain = 1; break;
		case OPT_SYNONYMS: o.synonyms = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		case OPT_VERSION: printf("wonk-search %s\n", wonk_version()); return 0;
		default:
			fputs("Try 'wonk-search --help' for more information.\n", stderr);
			return 2;
		}
	}
	int color;
	if (strcmp(o.color_when, "always") == 0) {
		color = 1;
	} else if (strcmp(o.color_when, "never") == 0) {
		color = 0;
	} else if (strcmp(o.color_when, "auto") == 0) {
		const char *nc = getenv("NO_COLOR");
		color = isatty(STDOUT_FILENO) && !(nc && *nc);
	} else {
		warn("--color: '%s' is not auto, always or never",
			o.color_when);
		return 2;
	}
	if (o.count + o.files + o.timeline > 1) {
		warn("--count, --files and --timeline are alternatives; give one");
		return 2;
	}
	int filtered = o.since || o.until || o.author || o.source || o.type || o.tag;
	if (o.batch && (optind < argc || o.like || o.files)) {
		fputs("wonk-search: --batch reads its queries from standard input; give no QUERY, "
		      "--like or --files\n", stderr);
		return 2;
	}
	if (o.like && optind < argc) {
		warn("--like takes no QUERY");
		return 2;
	}
	if (optind >= argc && !filtered && !o.like && !o.batch) {
		fputs("wonk-search: no QUERY given\n"
		      "Try 'wonk-search --help' for more information.\n", stderr);
		return 2;
	}
	if (!o.ndirs) {
		o.dirs[0] = getenv("WONK_INDEX");
		if (!o.dirs[0] || !*o.dirs[0])
			o.dirs[0] = ".wonk";
		o.ndirs = 1;
	}

	char *query = join_args(argc - optind, argv + optind);
	if (!query) {
		warn("out of memory");
		return 2;
	}
	int rc = 2;
	wonk_index *idx = NULL;
	wonk_search *s = NULL;
	char *msg = NULL;
	wonk_status st = wonk_index_open_shards(o.dirs, o.ndirs,
						o.allow_partial ? WONK_OPEN_PARTIAL : 0, &idx, &msg);
	if (st != WONK_OK) {
		warn("%s", msg ? msg : wonk_status_string(st));
		if (st == WONK_ERR_NOT_FOUND && o.ndirs == 1)
			warn("build one with: wonk-index -d %s PATH...", o.dirs[0]);
		wonk_free(msg);
		goto done;
	}
	for (size_t i = 0; wonk_index_skipped(idx, i); i++)
		warn("skipped shard %s", wonk_index_skipped(idx, i));
	if (o.synonyms && wonk_index_add_synonyms(idx, o.synonyms) != WONK_OK) {
		report(idx);
		goto done;
	}
	if (o.batch) {
		rc = run_batch(idx, &o);
		goto done;
	}
	if (o.like) {
		const char *colon = strrchr(o.like, ':');
		char doc[32];
		unsigned passage;
		if (!colon || (size_t)(colon - o.like) >= sizeof doc ||
		    parse_count("--like", colon + 1, &passage) < 0) {
			fprintf(stderr, "wonk-search: --like: want DOC:PASSAGE as --json prints "
				"them (doc and passage), e.g. 6419093793c61a7c:7\n");
			goto done;
		}
		memcpy(doc, o.like, (size_t)(colon - o.like));
		doc[colon - o.like] = '\0';
		if (wonk_search_new_like(idx, doc, passage, &s) != WONK_OK) {
			report(idx);
			goto done;
		}
	} else if (wonk_search_new(idx, query, &s) != WONK_OK) {
		report(idx);
		goto done;
	}
	if (wonk_search_note(s))
		warn("note: %s", wonk_search_note(s));
	if (apply_filters(idx, s, &o) < 0)
		goto done;
	wonk_search_set_limit(s, o.limit);
	wonk_search_set_offset(s, o.offset);
	if (o.per_doc_set)
		wonk_search_set_per_doc(s, o.per_doc);

	printer p;
	if (o.json)
		printer_init_json(&p, stdout);
	else
		printer_init_text(&p, stdout, color, isatty(STDOUT_FILENO) ? terminal_width() : 0);
	p.explain = o.explain;
	if (o.count)
		rc = print_count(idx, s, &p);
	else if (o.files)
		rc = print_files(idx, s);
	else if (o.timeline)
		rc = print_timeline(idx, s, &p);
	else
		rc = print_hits(idx, s, &o, &p);
	const char *suggestion = NULL;
	if (rc != 2 && wonk_search_suggest(s, &suggestion) == WONK_OK && suggestion &&
	    p.suggest(&p, suggestion) < 0)
		rc = 2;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			warn("writing output: %s", strerror(errno));
		rc = 2;
	}
done:
	wonk_search_destroy(s);
	wonk_index_close(idx);
	free(query);
	return rc;
}
