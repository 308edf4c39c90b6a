/*
 * wonk-index - walks the paths it is given and indexes every file wonk
 * reads into a wonk index, through the public API only (wonk.h).
 *
 * Exit status: 0 all went well, 1 some files (or JSON records) could not
 * be indexed (each is reported on stderr; the rest are indexed), 2 a fatal
 * error (no index, bad usage), 130 interrupted (what was done is committed).
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wonk.h"
#include "check.h"
#include "dump.h"
#include "../cli/warn.h"
#include "progress.h"
#include "run.h"
#include "shards.h"

static const char usage[] =
	"Usage: wonk-index [OPTION]... PATH...\n"
	"       wonk-index --dump FILE...\n"
	"       wonk-index --prune [-d INDEX]\n"
	"       wonk-index --merge OUT INDEX...\n"
	"       wonk-index --compact [-d INDEX] [PATH...]\n"
	"Index files for wonk-search.  Directories are walked recursively; hidden\n"
	"files and directories (.name) are not entered.  Formats, by name, each\n"
	"also gzip-compressed (.gz):\n"
	"  .txt .text            plain text\n"
	"  .html .htm .xhtml     saved web pages: the article only, with its title,\n"
	"                        authors, date, site, URL and language\n"
	"  .md .markdown         Markdown, with optional front matter (title, author,\n"
	"                        date, source, url, tags)\n"
	"  .json                 an object or an array of objects, one document each\n"
	"  .jsonl .ndjson        JSON Lines, one document per line\n"
	"Re-running skips unchanged files (same size and time, or same content),\n"
	"replaces changed ones and, with --prune, removes those that are gone.\n"
	"\n"
	"  -d, --index DIR      the index directory (default: $WONK_INDEX, else\n"
	"                       ./.wonk); created if missing\n"
	"      --check          check the index for damage and say what is wrong\n"
	"                       (exit 0 sound, 1 damaged, 2 cannot check); no change\n"
	"      --prune          remove the documents of indexed files that no longer\n"
	"                       exist (PATHs are optional with --prune)\n"
	"      --rebuild        start the index over from empty\n"
	"      --shards N       build the index with N worker processes, each writing\n"
	"                       a shard (INDEX.shards/K), then merge the shards into\n"
	"                       INDEX; for a new index (or with --rebuild)\n"
	"      --keep-shards    with --shards: keep the shards and write INDEX as a\n"
	"                       stub file listing them (wonk-search -d INDEX searches\n"
	"                       them as one)\n"
	"      --merge          merge the indexes (shards, or stub files listing\n"
	"                       them) into OUT, a new compacted index; with one\n"
	"                       INDEX, compacts it\n"
	"      --compact        compact the index in place, after indexing any PATHs\n"
	"                       (about 40% smaller; later runs add to it as usual);\n"
	"                       needs room for a copy\n"
	"      --wait           if another wonk-index is writing the index, wait for\n"
	"                       it to finish instead of failing\n"
	"      --field F=KEY    for JSON: take field F (title, author, date, source,\n"
	"                       url, tags, body) from KEY; repeatable, e.g.\n"
	"                       --field author=name\n"
	"      --dump           print what would be indexed for each FILE as JSON (one\n"
	"                       object per document: metadata, body, passages); no\n"
	"                       index is touched\n"
	"  -v, --verbose        also report each file passed over or skipped, and why\n"
	"  -q, --quiet          no summary line and no progress\n"
	"      --no-progress    no progress line (shown only when stderr is a terminal)\n"
	"  -h, --help           show this help and exit\n"
	"      --version        show the version and exit\n"
	"\n"
	"Exit status: 0 success, 1 some files or records could not be indexed\n"
	"(reported on stderr), 2 error, 130 interrupted (work done so far is kept).\n";

volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* A message on stderr, clear of the progress line. */
#define say(r, ...) (progress_clear(&(r)->prog), warn(__VA_ARGS__))

void run_add_file(run *r, const char *path)
{
	wonk_add_report rep;
	wonk_status st = wonk_index_add_file(r->idx, path, &rep);
	r->t.bytes += rep.bytes;
	if (st == WONK_OK) {
		switch (rep.outcome) {
		case WONK_ADD_ADDED: r->t.added++; break;
		case WONK_ADD_UPDATED: r->t.updated++; break;
		default: r->t.unchanged++; break;
		}
		r->t.documents += rep.documents;
		r->t.passages += rep.passages;
		if (rep.bad_records) {
			r->t.bad_records += rep.bad_records;
			say(r, "%s", wonk_errmsg(r->idx));
		}
		return;
	}
	say(r, "%s", wonk_errmsg(r->idx));
	/* A bad file is skipped; a failing index stops the run. */
	if (st == WONK_ERR_XAPIAN || st == WONK_ERR_READ_ONLY || st == WONK_ERR_CORRUPT ||
	    st == WONK_ERR_LOCKED || st == WONK_ERR_MODIFIED || st == WONK_ERR_VERSION ||
	    st == WONK_ERR_NO_MEMORY)
		r->t.fatal = 1;
	else
		r->t.skipped++;
}

int run_map_fields(run *r, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(fields[i], '=');
		char name[32];
		if (!eq || (size_t)(eq - fields[i]) >= sizeof name) {
			warn("--field %s: want FIELD=KEY", fields[i]);
			return -1;
		}
		memcpy(name, fields[i], (size_t)(eq - fields[i]));
		name[eq - fields[i]] = '\0';
		if (wonk_index_map_field(r->idx, name, eq + 1) != WONK_OK) {
			warn("--field %s: %s", fields[i], wonk_errmsg(r->idx));
			return -1;
		}
	}
	return 0;
}

static int is_hidden(const char *name)
{
	return name[0] == '.';
}

static void collect(run *r, const char *path)
{
	if (r->nfiles == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		char **f = realloc(r->files, cap * sizeof *f);
		if (!f) {
			r->t.fatal = 1;
			return;
		}
		r->files = f;
		r->cap = cap;
	}
	r->files[r->nfiles] = strdup(path);
	if (!r->files[r->nfiles]) {
		warn("out of memory");
		r->t.fatal = 1;
		return;
	}
	r->nfiles++;
}

/* Gathers the files to index, so that progress can show a total. */
static void walk(run *r, const char *path, int named)
{
	if (interrupted || r->t.fatal)
		return;
	struct stat sb;
	/* Named paths are followed; links met while walking are followed to
	 * files but never into directories, so a link loop cannot trap us. */
	if ((named ? stat(path, &sb) : lstat(path, &sb)) < 0) {
		warn("%s: %s", path, strerror(errno));
		r->t.skipped++;
		return;
	}
	if (S_ISLNK(sb.st_mode)) {
		if (stat(path, &sb) < 0 || S_ISDIR(sb.st_mode)) {
			if (r->verbose)
				warn("%s: link not followed", path);
			r->t.ignored++;
			return;
		}
	}
	if (S_ISDIR(sb.st_mode)) {
		struct dirent **names;
		int n = scandir(path, &names, NULL, alphasort);
		if (n < 0) {
			warn("%s: %s", path, strerror(errno));
			r->t.skipped++;
			return;
		}
		for (int i = 0; i < n; i++) {
			const char *name = names[i]->d_name;
			if (!is_hidden(name) && !r->t.fatal) {
				size_t len = strlen(path) + strlen(name) + 2;
				char *child = malloc(len);
				if (!child) {
					warn("out of memory");
					r->t.fatal = 1;
				} else {
					int slash = path[strlen(path) - 1] == '/';
					snprintf(child, len, "%s%s%s", path, slash ? "" : "/", name);
					walk(r, child, 0);
					free(child);
				}
			}
			free(names[i]);
		}
		free(names);
		return;
	}
	if (!S_ISREG(sb.st_mode) || !wonk_path_is_indexable(path)) {
		/* A file the user named is worth a word; one met walking is not. */
		if (named) {
			warn("%s: %s", path,
				S_ISREG(sb.st_mode) ? "not a file type wonk indexes (see --help)"
						    : "not a regular file");
			r->t.skipped++;
		} else {
			if (r->verbose)
				warn("%s: passed over (%s)", path,
					S_ISREG(sb.st_mode) ? "not a type wonk indexes"
							    : "not a regular file");
			r->t.ignored++;
		}
		return;
	}
	collect(r, path);
}

static int report_pruned(void *ctx, const char *path)
{
	run *r = ctx;
	if (r->verbose)
		say(r, "%s: removed (file is gone)", path);
	return interrupted;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* The closing line; shards is how many built it (0: this process). */
static void print_summary(const run *r, double secs, unsigned shards)
{
	const tally *t = &r->t;
	unsigned long files = t->added + t->updated + t->unchanged + t->skipped;
	printf("wonk-index: %lu files (%lu added, %lu updated, %lu unchanged, "
	       "%lu removed, %lu skipped), %llu documents, %llu passages, "
	       "%.1f MB in %.2f s",
	       files, t->added, t->updated, t->unchanged, t->removed, t->skipped,
	       t->documents, t->passages, (double)t->bytes / 1e6, secs);
	if (shards)
		printf(" (%u shards)", shards);
	putchar('\n');
}

static void free_files(run *r)
{
	for (size_t i = 0; i < r->nfiles; i++)
		free(r->files[i]);
	free(r->files);
}

int main(int argc, char **argv)
{
	enum { OPT_VERSION = 256, OPT_PRUNE, OPT_REBUILD, OPT_FIELD, OPT_DUMP, OPT_NO_PROGRESS,
	       OPT_WAIT, OPT_CHECK, OPT_SHARDS, OPT_KEEP_SHARDS, OPT_MERGE,
	       OPT_COMPACT };
	static const struct option longopts[] = {
		{"index", required_argument, NULL, 'd'},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, OPT_VERSION},
		{"prune", no_argument, NULL, OPT_PRUNE},
		{"rebuild", no_argument, NULL, OPT_REBUILD},
		{"field", required_argument, NULL, OPT_FIELD},
		{"dump", no_argument, NULL, OPT_DUMP},
		{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
		{"wait", no_argument, NULL, OPT_WAIT},
		{"check", no_argument, NULL, OPT_CHECK},
		{"shards", required_argument, NULL, OPT_SHARDS},
		{"keep-shards", no_argument, NULL, OPT_KEEP_SHARDS},
		{"merge", no_argument, NULL, OPT_MERGE},
		{"compact", no_argument, NULL, OPT_COMPACT},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL;
	int quiet = 0, prune = 0, rebuild = 0, dump = 0, show_progress = 1, wait = 0, check = 0, c;
	int keep_shards = 0, merge = 0, compact = 0;
	unsigned nshards = 0;
	const char **fields = calloc((size_t)argc + 1, sizeof *fields);
	size_t nfields = 0;
	run r = {0};
	warn_program("wonk-index");
	if (!fields) {
		warn("out of memory");
		return 2;
	}
	while ((c = getopt_long(argc, argv, "d:vqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'v': r.verbose = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage, stdout); free(fields); return 0;
		case OPT_VERSION: printf("wonk-index %s\n", wonk_version()); free(fields); return 0;
		case OPT_PRUNE: prune = 1; break;
		case OPT_REBUILD: rebuild = 1; break;
		case OPT_FIELD: fields[nfields++] = optarg; break;
		case OPT_DUMP: dump = 1; break;
		case OPT_NO_PROGRESS: show_progress = 0; break;
		case OPT_WAIT: wait = 1; break;
		case OPT_CHECK: check = 1; break;
		case OPT_KEEP_SHARDS: keep_shards = 1; break;
		case OPT_MERGE: merge = 1; break;
		case OPT_COMPACT: compact = 1; break;
		case OPT_SHARDS: {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (!*optarg || *end || v < 1 || v > MAX_BUILD_SHARDS) {
				warn("--shards: '%s' is not a number from 1 to %d", optarg,
				     MAX_BUILD_SHARDS);
				free(fields);
				return 2;
			}
			nshards = (unsigned)v;
			break;
		}
		default:
			fputs("Try 'wonk-index --help' for more information.\n", stderr);
			free(fields);
			return 2;
		}
	}
	if (check) {
		free(fields);
		if (optind < argc) {
			warn("--check takes no PATH");
			return 2;
		}
		if (!dir)
			dir = getenv("WONK_INDEX");
		return check_index(dir && *dir ? dir : ".wonk", r.verbose);
	}
	if (compact && (merge || nshards || dump)) {
		warn("--compact goes with PATHs or --prune (index, then compact), or alone; "
		     "not with --merge, --shards or --dump");
		free(fields);
		return 2;
	}
	if (compact && optind >= argc && !prune) {
		free(fields);
		if (rebuild || wait) {
			warn("--compact alone takes no --rebuild or --wait");
			return 2;
		}
		if (!dir)
			dir = getenv("WONK_INDEX");
		return compact_index(dir && *dir ? dir : ".wonk", quiet);
	}
	if (merge) {
		free(fields);
		if (argc - optind < 2 || dir || nshards || prune) {
			warn("--merge takes OUT and at least one INDEX, and no -d, --shards or "
			     "--prune");
			return 2;
		}
		return merge_indexes(argv[optind], argv + optind + 1, (size_t)(argc - optind - 1),
				     quiet);
	}
	if ((nshards && (prune || wait)) || (keep_shards && !nshards)) {
		warn(keep_shards && !nshards ? "--keep-shards goes with --shards"
					     : "--shards builds a new index: no --prune or --wait");
		free(fields);
		return 2;
	}
	if (optind >= argc && !prune) {
		fputs("wonk-index: no PATH given\n"
		      "Try 'wonk-index --help' for more information.\n", stderr);
		free(fields);
		return 2;
	}
	if (dump) {
		int rc = dump_files(argv + optind, (size_t)(argc - optind), fields);
		free(fields);
		return rc;
	}
	if (!dir)
		dir = getenv("WONK_INDEX");
	if (!dir || !*dir)
		dir = ".wonk";

	if (nshards) {
		install_signals();
		double t0 = now_seconds();
		for (int i = optind; i < argc; i++)
			walk(&r, argv[i], 1);
		int rc = r.t.fatal ? 2
			: index_sharded(&r, dir, nshards, keep_shards, rebuild, fields, nfields);
		free(fields);
		free_files(&r);
		if (!quiet && rc != 2)
			print_summary(&r, now_seconds() - t0, nshards);
		return rc ? rc : interrupted ? 130 : r.t.skipped || r.t.bad_records ? 1 : 0;
	}

	char *msg = NULL;
	unsigned flags = WONK_OPEN_WRITE | WONK_OPEN_CREATE | (rebuild ? WONK_OPEN_TRUNCATE : 0) |
			 (wait ? WONK_OPEN_WAIT : 0);
	wonk_status st = wonk_index_open(dir, flags, &r.idx, &msg);
	if (st != WONK_OK) {
		warn("%s", msg ? msg : wonk_status_string(st));
		wonk_free(msg);
		free(fields);
		return 2;
	}
	if (run_map_fields(&r, fields, nfields) < 0) {
		wonk_index_close(r.idx);
		free(fields);
		return 2;
	}
	free(fields);
	install_signals();

	double t0 = now_seconds();
	for (int i = optind; i < argc; i++)
		walk(&r, argv[i], 1);
	progress_start(&r.prog, r.nfiles, !quiet && show_progress && isatty(2));
	for (size_t i = 0; i < r.nfiles && !interrupted && !r.t.fatal; i++) {
		run_add_file(&r, r.files[i]);
		progress_update(&r.prog, i + 1, r.t.bytes);
	}
	progress_clear(&r.prog);
	if (prune && !interrupted && !r.t.fatal) {
		uint64_t removed = 0;
		st = wonk_index_prune(r.idx, report_pruned, &r, &removed);
		r.t.removed = (unsigned long)removed;
		if (st != WONK_OK) {
			warn("pruning failed: %s", wonk_errmsg(r.idx));
			r.t.fatal = 1;
		}
	}
	free_files(&r);
	st = wonk_index_close(r.idx);
	if (st != WONK_OK) {
		warn("%s: committing the index failed: %s", dir,
			wonk_status_string(st));
		return 2;
	}
	double secs = now_seconds() - t0;
	if (!quiet)
		print_summary(&r, secs, 0);
	if (interrupted) {
		warn("interrupted; the files indexed so far are kept");
		return 130;
	}
	if (r.t.fatal)
		return 2;
	if (compact && compact_index(dir, quiet) != 0)
		return 2;
	return r.t.skipped || r.t.bad_records ? 1 : 0;
}
