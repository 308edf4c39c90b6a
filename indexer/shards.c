/*
 * shards.c - building an index in parallel: the files are dealt out to
 * worker processes by size, each writes its own shard (its own Xapian
 * database, so no writer waits for another's lock), and the shards are
 * merged by Xapian's compactor (wonk_index_merge) into one index that
 * ranks exactly as the shards searched together do.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shards.h"
#include "../cli/warn.h"

/* Removes a directory of plain files (a shard, or an index being
 * replaced); 0 when it is gone. */
static int remove_flat_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *p = malloc(len);
		if (p) {
			snprintf(p, len, "%s/%s", dir, e->d_name);
			unlink(p);
			free(p);
		}
	}
	closedir(d);
	return rmdir(dir);
}

static char *concat(const char *a, const char *b)
{
	size_t len = strlen(a) + strlen(b) + 1;
	char *p = malloc(len);
	if (p)
		snprintf(p, len, "%s%s", a, b);
	return p;
}

static char *path_printf(const char *a, const char *b, unsigned k)
{
	size_t len = strlen(a) + strlen(b) + 16;
	char *p = malloc(len);
	if (p)
		snprintf(p, len, "%s%s%u", a, b, k);
	return p;
}

/* Deals the files out so that each shard gets about as many bytes: the
 * biggest first, each to the shard with the least so far.  owner[i]
 * receives file i's shard. */
static int deal_files(run *r, unsigned nshards, unsigned *owner)
{
	typedef struct { size_t i; off_t size; } sized;
	sized *f = calloc(r->nfiles ? r->nfiles : 1, sizeof *f);
	unsigned long long load[MAX_BUILD_SHARDS] = {0};
	if (!f)
		return -1;
	for (size_t i = 0; i < r->nfiles; i++) {
		struct stat sb;
		f[i].i = i;
		f[i].size = stat(r->files[i], &sb) == 0 ? sb.st_size : 0;
	}
	/* Insertion by size, biggest first; stable, so runs deal alike. */
	for (size_t i = 1; i < r->nfiles; i++) {
		sized x = f[i];
		size_t j = i;
		for (; j > 0 && f[j - 1].size < x.size; j--)
			f[j] = f[j - 1];
		f[j] = x;
	}
	for (size_t i = 0; i < r->nfiles; i++) {
		unsigned best = 0;
		for (unsigned k = 1; k < nshards; k++)
			if (load[k] < load[best])
				best = k;
		owner[f[i].i] = best;
		load[best] += (unsigned long long)f[i].size + 1;
	}
	free(f);
	return 0;
}

/* A worker: indexes its files into its shard and writes its tally to fd. */
static void work(run *r, const char *shard, unsigned k, const unsigned *owner,
		 const char *const *fields, size_t nfields, int fd)
{
	char *msg = NULL;
	memset(&r->t, 0, sizeof r->t);
	wonk_status st = wonk_index_open(shard, WONK_OPEN_WRITE | WONK_OPEN_CREATE |
					 WONK_OPEN_TRUNCATE, &r->idx, &msg);
	if (st != WONK_OK) {
		warn("%s", msg ? msg : wonk_status_string(st));
		wonk_free(msg);
		r->t.fatal = 1;
	} else if (run_map_fields(r, fields, nfields) < 0) {
		r->t.fatal = 1;
	}
	for (size_t i = 0; i < r->nfiles && !interrupted && !r->t.fatal; i++)
		if (owner[i] == k)
			run_add_file(r, r->files[i]);
	if (r->idx && wonk_index_close(r->idx) != WONK_OK) {
		warn("%s: committing the shard failed", shard);
		r->t.fatal = 1;
	}
	ssize_t w = write(fd, &r->t, sizeof r->t);
	_exit(w == (ssize_t)sizeof r->t ? 0 : 2);
}

static void add_tally(tally *to, const tally *t)
{
	to->added += t->added;
	to->updated += t->updated;
	to->unchanged += t->unchanged;
	to->removed += t->removed;
	to->skipped += t->skipped;
	to->documents += t->documents;
	to->passages += t->passages;
	to->bytes += t->bytes;
	to->bad_records += t->bad_records;
	to->fatal |= t->fatal;
}

/* Runs the workers; 0 when every one finished its shard. */
static int build_shards(run *r, char **shard, unsigned nshards, const unsigned *owner,
			const char *const *fields, size_t nfields)
{
	pid_t pid[MAX_BUILD_SHARDS];
	int fd[MAX_BUILD_SHARDS];
	unsigned started = 0;
	fflush(NULL);
	for (unsigned k = 0; k < nshards; k++) {
		int p[2];
		if (pipe(p) < 0) {
			warn("pipe: %s", strerror(errno));
			r->t.fatal = 1;
			break;
		}
		pid[k] = fork();
		if (pid[k] < 0) {
			warn("fork: %s", strerror(errno));
			close(p[0]);
			close(p[1]);
			r->t.fatal = 1;
			break;
		}
		if (pid[k] == 0) {
			close(p[0]);
			for (unsigned j = 0; j < started; j++)
				close(fd[j]);
			work(r, shard[k], k, owner, fields, nfields, p[1]);
		}
		close(p[1]);
		fd[k] = p[0];
		started++;
	}
	for (unsigned k = 0; k < started; k++) {
		tally t;
		size_t got = 0;
		while (got < sizeof t) {
			ssize_t n = read(fd[k], (char *)&t + got, sizeof t - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		close(fd[k]);
		int status = 0;
		while (waitpid(pid[k], &status, 0) < 0 && errno == EINTR)
			;
		if (got == sizeof t) {
			add_tally(&r->t, &t);
		} else {
			warn("%s: the worker building it %s", shard[k],
			     WIFSIGNALED(status) ? "was killed" : "failed");
			r->t.fatal = 1;
		}
	}
	return r->t.fatal || interrupted ? -1 : 0;
}

/* dir's last component, for the stub file's relative paths. */
static const char *base_name(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	return slash ? slash + 1 : dir;
}

/* Writes dir as a stub file listing the shards, by their paths relative
 * to it, through a temporary file renamed into place. */
static int write_stub(const char *dir, unsigned nshards)
{
	char *tmp = path_printf(dir, ".stub-", (unsigned)getpid());
	FILE *f = tmp ? fopen(tmp, "w") : NULL;
	if (!f) {
		warn("%s: %s", tmp ? tmp : dir, strerror(errno));
		free(tmp);
		return -1;
	}
	fprintf(f, "# wonk shards, written by wonk-index --shards %u --keep-shards;\n"
		   "# search them as one with: wonk-search -d %s QUERY\n", nshards, dir);
	for (unsigned k = 0; k < nshards; k++)
		fprintf(f, "auto %s.shards/%u\n", base_name(dir), k);
	int bad = ferror(f) | (fclose(f) != 0);
	if (bad || rename(tmp, dir) < 0) {
		warn("%s: %s", dir, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

/* The synonyms file the user keeps beside an index being replaced moves
 * into its successor (with a stub, into the first shard: beside any shard
 * it applies to them all). */
static void keep_synonyms(const char *dir, const char *to)
{
	char *from = concat(dir, "/synonyms.txt"), *dest = concat(to, "/synonyms.txt");
	struct stat sb;
	if (from && dest && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode) && rename(from, dest) < 0 &&
	    errno != ENOENT)
		warn("%s: %s", from, strerror(errno));
	free(from);
	free(dest);
}

/* Whatever dir holds (an index, or a stub file) goes, so the new one can
 * take its name. */
static int clear_old(const char *dir)
{
	struct stat sb;
	if (lstat(dir, &sb) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(sb.st_mode))
		return unlink(dir);
	return remove_flat_dir(dir);
}

int index_sharded(run *r, const char *dir, unsigned nshards, int keep, int rebuild,
		  const char *const *fields, size_t nfields)
{
	struct stat sb;
	if (lstat(dir, &sb) == 0) {
		if (!rebuild) {
			warn("%s: already exists; --shards builds a new index (add --rebuild to "
			     "replace it)", dir);
			return 2;
		}
		if (S_ISDIR(sb.st_mode)) {
			/* Only ever a wonk index: opening it to rebuild says
			 * so, or why not. */
			wonk_index *old = NULL;
			char *msg = NULL;
			wonk_status st = wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE |
							 WONK_OPEN_TRUNCATE, &old, &msg);
			if (st != WONK_OK) {
				warn("%s", msg ? msg : wonk_status_string(st));
				wonk_free(msg);
				return 2;
			}
			wonk_index_close(old);
		}
	}
	char *base = concat(dir, ".shards");
	char *shard[MAX_BUILD_SHARDS] = {0};
	unsigned *owner = calloc(r->nfiles ? r->nfiles : 1, sizeof *owner);
	int rc = 2;
	if (!base || !owner)
		goto out;
	if (mkdir(base, 0777) < 0 && errno != EEXIST) {
		warn("%s: %s", base, strerror(errno));
		goto out;
	}
	for (unsigned k = 0; k < nshards; k++)
		if (!(shard[k] = path_printf(base, "/", k)))
			goto out;
	if (deal_files(r, nshards, owner) < 0)
		goto out;
	if (build_shards(r, shard, nshards, owner, fields, nfields) < 0) {
		warn("the shards built so far are in %s", base);
		rc = interrupted ? 130 : 2;
		goto out;
	}
	if (keep) {
		keep_synonyms(dir, shard[0]);
		if (clear_old(dir) < 0) {
			warn("%s: cannot replace it: %s", dir, strerror(errno));
			goto out;
		}
		if (write_stub(dir, nshards) == 0)
			rc = 0;
		goto out;
	}
	char *merged = concat(dir, ".new");
	if (!merged)
		goto out;
	clear_old(merged);
	char *msg = NULL;
	wonk_status st = wonk_index_merge(merged, (const char *const *)shard, nshards, &msg);
	if (st != WONK_OK) {
		warn("merging the shards: %s", msg ? msg : wonk_status_string(st));
		warn("the shards are kept in %s", base);
	} else if ((keep_synonyms(dir, merged), clear_old(dir) < 0) || rename(merged, dir) < 0) {
		warn("%s: cannot replace it (%s); the new index is %s", dir, strerror(errno),
		     merged);
	} else {
		for (unsigned k = 0; k < nshards; k++)
			remove_flat_dir(shard[k]);
		rmdir(base);
		rc = 0;
	}
	wonk_free(msg);
	free(merged);
out:
	for (unsigned k = 0; k < nshards; k++)
		free(shard[k]);
	free(base);
	free(owner);
	return rc;
}

int merge_indexes(const char *out, char *const *shards, size_t n, int quiet)
{
	char *msg = NULL;
	wonk_status st = wonk_index_merge(out, (const char *const *)shards, n, &msg);
	if (st != WONK_OK) {
		warn("%s", msg ? msg : wonk_status_string(st));
		wonk_free(msg);
		return 2;
	}
	wonk_index *idx = NULL;
	uint64_t docs = 0, passages = 0;
	if (!quiet && wonk_index_open(out, WONK_OPEN_READ, &idx, NULL) == WONK_OK &&
	    wonk_index_stats(idx, &docs, &passages) == WONK_OK)
		printf("wonk-index: merged into %s: %llu documents, %llu passages\n", out,
		       (unsigned long long)docs,
		       (unsigned long long)passages);
	wonk_index_close(idx);
	return 0;
}

/* The bytes of the files directly in dir. */
static unsigned long long dir_bytes(const char *dir)
{
	unsigned long long total = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		char *p = concat(dir, "/");
		char *path = p ? concat(p, e->d_name) : NULL;
		struct stat sb;
		if (path && stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
			total += (unsigned long long)sb.st_size;
		free(p);
		free(path);
	}
	if (d)
		closedir(d);
	return total;
}

int compact_index(const char *dir, int quiet)
{
	unsigned long long before = dir_bytes(dir);
	char *msg = NULL;
	wonk_status st = wonk_index_compact(dir, &msg);
	if (st != WONK_OK) {
		warn("%s", msg ? msg : wonk_status_string(st));
		wonk_free(msg);
		return 2;
	}
	if (!quiet)
		printf("wonk-index: compacted %s: %.1f MB -> %.1f MB\n", dir, before / 1e6,
		       dir_bytes(dir) / 1e6);
	return 0;
}
