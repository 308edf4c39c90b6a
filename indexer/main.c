/*
 * wonk-index - walks the paths it is given and indexes every text file into
 * a wonk index, through the public API only (wonk.h).
 *
 * Exit status: 0 all went well, 1 some files could not be indexed (each is
 * reported on stderr; the rest are indexed), 2 a fatal error (no index, bad
 * usage), 130 interrupted (what was done is committed).
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

#include "wonk.h"

static const char usage[] =
	"Usage: wonk-index [-d INDEX] [-v] [-q] PATH...\n"
	"Index text files for wonk-search.  Directories are walked recursively;\n"
	"files named *.txt and *.txt.gz are indexed, others are passed over, and\n"
	"hidden files and directories (.name) are not entered.  Re-running on the\n"
	"same paths skips unchanged files and replaces changed ones.\n"
	"\n"
	"  -d, --index DIR  the index directory (default: $WONK_INDEX, else ./.wonk);\n"
	"                   created if missing\n"
	"  -v, --verbose    also list each file passed over, and why\n"
	"  -q, --quiet      no summary line\n"
	"  -h, --help       show this help and exit\n"
	"      --version    show the version and exit\n"
	"\n"
	"Exit status: 0 success, 1 some files could not be indexed (reported on\n"
	"stderr), 2 error, 130 interrupted (work done so far is kept).\n";

typedef struct run {
	wonk_index *idx;
	int verbose;
	int fatal;
	unsigned long added, updated, unchanged, failed, ignored;
	unsigned long long passages, bytes;
} run;

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void add_one(run *r, const char *path)
{
	wonk_add_report rep;
	wonk_status st = wonk_index_add_file(r->idx, path, &rep);
	if (st == WONK_OK) {
		switch (rep.outcome) {
		case WONK_ADD_ADDED: r->added++; break;
		case WONK_ADD_UPDATED: r->updated++; break;
		default: r->unchanged++; break;
		}
		r->passages += rep.passages;
		r->bytes += rep.bytes;
		return;
	}
	fprintf(stderr, "wonk-index: %s\n", wonk_errmsg(r->idx));
	/* A bad file is skipped; a failing index stops the run. */
	if (st == WONK_ERR_XAPIAN || st == WONK_ERR_READ_ONLY || st == WONK_ERR_CORRUPT ||
	    st == WONK_ERR_LOCKED || st == WONK_ERR_MODIFIED || st == WONK_ERR_VERSION)
		r->fatal = 1;
	else
		r->failed++;
}

static int is_hidden(const char *name)
{
	return name[0] == '.';
}

static void walk(run *r, const char *path, int named)
{
	if (interrupted || r->fatal)
		return;
	struct stat sb;
	/* Named paths are followed; links met while walking are followed to
	 * files but never into directories, so a link loop cannot trap us. */
	if ((named ? stat(path, &sb) : lstat(path, &sb)) < 0) {
		fprintf(stderr, "wonk-index: %s: %s\n", path, strerror(errno));
		r->failed++;
		return;
	}
	if (S_ISLNK(sb.st_mode)) {
		if (stat(path, &sb) < 0 || S_ISDIR(sb.st_mode)) {
			if (r->verbose)
				fprintf(stderr, "wonk-index: %s: link not followed\n", path);
			r->ignored++;
			return;
		}
	}
	if (S_ISDIR(sb.st_mode)) {
		struct dirent **names;
		int n = scandir(path, &names, NULL, alphasort);
		if (n < 0) {
			fprintf(stderr, "wonk-index: %s: %s\n", path, strerror(errno));
			r->failed++;
			return;
		}
		for (int i = 0; i < n; i++) {
			const char *name = names[i]->d_name;
			if (!is_hidden(name)) {
				size_t len = strlen(path) + strlen(name) + 2;
				char *child = malloc(len);
				if (!child) {
					fprintf(stderr, "wonk-index: out of memory\n");
					r->fatal = 1;
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
			fprintf(stderr, "wonk-index: %s: %s\n", path,
				S_ISREG(sb.st_mode) ? "not a file type wonk indexes (.txt, .txt.gz)"
						    : "not a regular file");
			r->failed++;
		} else {
			if (r->verbose)
				fprintf(stderr, "wonk-index: %s: passed over (not .txt or .txt.gz)\n",
					path);
			r->ignored++;
		}
		return;
	}
	add_one(r, path);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"index", required_argument, NULL, 'd'},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL;
	int quiet = 0, c;
	run r = {0};
	while ((c = getopt_long(argc, argv, "d:vqh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'v': r.verbose = 1; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		case 'V': printf("wonk-index %s\n", wonk_version()); return 0;
		default:
			fputs("Try 'wonk-index --help' for more information.\n", stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		fputs("wonk-index: no PATH given\n"
		      "Try 'wonk-index --help' for more information.\n", stderr);
		return 2;
	}
	if (!dir)
		dir = getenv("WONK_INDEX");
	if (!dir || !*dir)
		dir = ".wonk";

	char *msg = NULL;
	wonk_status st = wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &r.idx, &msg);
	if (st != WONK_OK) {
		fprintf(stderr, "wonk-index: %s\n", msg ? msg : wonk_status_string(st));
		wonk_free(msg);
		return 2;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	double t0 = now_seconds();
	for (int i = optind; i < argc; i++)
		walk(&r, argv[i], 1);
	st = wonk_index_close(r.idx);
	if (st != WONK_OK) {
		fprintf(stderr, "wonk-index: %s: committing the index failed: %s\n", dir,
			wonk_status_string(st));
		return 2;
	}
	double secs = now_seconds() - t0;
	if (!quiet) {
		unsigned long files = r.added + r.updated + r.unchanged + r.failed;
		printf("wonk-index: %lu files (%lu added, %lu updated, %lu unchanged, %lu failed), "
		       "%llu passages, %.1f MB in %.2f s\n",
		       files, r.added, r.updated, r.unchanged, r.failed, r.passages,
		       (double)r.bytes / 1e6, secs);
	}
	if (interrupted) {
		fprintf(stderr, "wonk-index: interrupted; the files indexed so far are kept\n");
		return 130;
	}
	if (r.fatal)
		return 2;
	return r.failed ? 1 : 0;
}
