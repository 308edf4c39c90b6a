/*
 * shards.c - several indexes searched as one, and merged into one.
 *
 * A shard is named by an index directory, a stub file (Xapian's format, so
 * that xapian-tools read the same files), tcp://HOST:PORT (xapian-tcpsrv)
 * or ssh://[USER@]HOST[:PORT]/PATH (xapian-progsrv run through ssh).  Each
 * is opened, and its format checked, on its own, so that a failure names
 * the shard; then one Xapian reader over them all does the searching, and
 * Xapian merges the statistics, so scores are those of a single index.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wonk-private.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1) /* linux/fs.h */
#endif

/* How deep stub files may name other stub files. */
#define STUB_DEPTH 8
/* A remote shard that says nothing for this long is given up. */
#define REMOTE_TIMEOUT_MS 10000
/* A stub file is a short list; anything longer is not one. */
#define STUB_MAX_BYTES (1u << 20)

typedef enum { SHARD_DIR, SHARD_TCP, SHARD_PROG } shard_kind;

typedef struct shard {
	shard_kind kind;
	char *name;       /* as the user wrote it, or "STUB:LINE" */
	char *where;      /* directory, host, or program */
	char *args;       /* the program's arguments */
	unsigned port;
} shard;

typedef struct shard_list {
	shard *v;
	size_t n, cap;
	char *err;        /* the first reason a name could not be read */
} shard_list;

int wonk_shard_is_remote(const char *spec)
{
	return strncmp(spec, "tcp://", 6) == 0 || strncmp(spec, "ssh://", 6) == 0;
}

static void shard_list_free(shard_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].where);
		free(l->v[i].args);
	}
	free(l->v);
	free(l->err);
}

/* Appends a shard, taking the strings (which may be NULL when out of
 * memory). */
static int push(shard_list *l, shard_kind kind, char *name, char *where, char *args,
		unsigned port)
{
	if (name && where && (kind != SHARD_PROG || args) && l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 4;
		shard *v = realloc(l->v, cap * sizeof *v);
		if (v) {
			l->v = v;
			l->cap = cap;
		}
	}
	if (!name || !where || (kind == SHARD_PROG && !args) || l->n == l->cap) {
		free(name);
		free(where);
		free(args);
		return -1;
	}
	l->v[l->n++] = (shard){kind, name, where, args, port};
	return 0;
}

static int fail(shard_list *l, char *msg)
{
	if (!l->err)
		l->err = msg;
	else
		free(msg);
	return -1;
}

/* "HOST:PORT" into host and port. */
static int parse_host_port(const char *s, char **host, unsigned *port)
{
	const char *colon = strrchr(s, ':');
	if (!colon || colon == s || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -1;
	unsigned long p = strtoul(colon + 1, NULL, 10);
	if (p == 0 || p > 65535 || strlen(colon + 1) > 5)
		return -1;
	*port = (unsigned)p;
	*host = wonk_strndup(s, (size_t)(colon - s));
	return 0;
}

static int add_tcp(shard_list *l, const char *name, const char *host_port)
{
	char *host = NULL;
	unsigned port = 0;
	if (parse_host_port(host_port, &host, &port) < 0)
		return fail(l, wonk_strdup_printf("%s: not HOST:PORT", name));
	return push(l, SHARD_TCP, wonk_strdup_printf("%s", name), host, NULL, port);
}

/* ssh://[USER@]HOST[:PORT]/PATH: xapian-progsrv PATH, run on HOST by ssh.
 * Xapian splits the arguments at spaces, so none may hold one. */
static int add_ssh(shard_list *l, const char *spec)
{
	const char *auth = spec + 6, *slash = strchr(auth, '/');
	if (!slash || slash == auth || !slash[1])
		return fail(l, wonk_strdup_printf("%s: not ssh://[USER@]HOST[:PORT]/PATH", spec));
	if (strpbrk(spec, " \t\n"))
		return fail(l, wonk_strdup_printf("%s: a remote path cannot hold spaces", spec));
	char *a = wonk_strndup(auth, (size_t)(slash - auth));
	if (!a)
		return -1;
	char *colon = strrchr(a, ':'), *args;
	if (colon && strspn(colon + 1, "0123456789") == strlen(colon + 1) && colon[1]) {
		*colon = '\0';
		args = wonk_strdup_printf("-p %s %s xapian-progsrv %s", colon + 1, a, slash);
	} else {
		args = wonk_strdup_printf("%s xapian-progsrv %s", a, slash);
	}
	free(a);
	return push(l, SHARD_PROG, wonk_strdup_printf("%s", spec), wonk_strdup_printf("ssh"),
		    args, 0);
}

static int add_spec(shard_list *l, const char *spec, int depth);

/* The shards a stub file lists, one per line: "auto PATH" (or glass),
 * "remote :HOST:PORT", "remote PROGRAM ARGS"; "#" starts a comment. */
static int add_stub(shard_list *l, const char *path, int depth)
{
	if (depth >= STUB_DEPTH)
		return fail(l, wonk_strdup_printf("%s: stub files name each other too deeply", path));
	size_t tlen = 0;
	char *text = wonk_read_small_file(path, STUB_MAX_BYTES, &tlen);
	if (!text || memchr(text, '\0', tlen)) {
		int binary = text != NULL;
		free(text);
		return fail(l, wonk_strdup_printf("%s: not a stub file listing shards (%s)", path,
						  binary ? "binary" : errno == EFBIG ? "too long"
						  : strerror(errno)));
	}
	/* Relative paths are relative to the stub file. */
	const char *slash = strrchr(path, '/');
	char *base = slash ? wonk_strndup(path, (size_t)(slash - path + 1)) : wonk_strndup("", 0);
	int rc = base ? 0 : -1, line = 0, any = 0;
	for (char *s = text, *next; rc == 0 && s && *s; s = next) {
		line++;
		next = strchr(s, '\n');
		if (next)
			*next++ = '\0';
		s[strcspn(s, "#\r")] = '\0';
		s += strspn(s, " \t");
		size_t len = strlen(s);
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			s[--len] = '\0';
		if (!len)
			continue;
		size_t tl = strcspn(s, " \t");
		const char *rest = s + tl + strspn(s + tl, " \t");
		char *name = wonk_strdup_printf("%s:%d", path, line);
		if (!name) {
			rc = -1;
			break;
		}
		any = 1;
		if (!*rest) {
			rc = fail(l, wonk_strdup_printf("%s: a type and a place, as \"auto PATH\"", name));
		} else if ((tl == 4 && strncmp(s, "auto", 4) == 0) ||
			   (tl == 5 && strncmp(s, "glass", 5) == 0)) {
			char *p = rest[0] == '/' ? wonk_strdup_printf("%s", rest)
						 : wonk_strdup_printf("%s%s", base, rest);
			rc = p ? add_spec(l, p, depth + 1) : -1;
			free(p);
		} else if (tl == 6 && strncmp(s, "remote", 6) == 0 && rest[0] == ':') {
			rc = add_tcp(l, name, rest + 1);
		} else if (tl == 6 && strncmp(s, "remote", 6) == 0) {
			size_t pl = strcspn(rest, " \t");
			const char *args = rest + pl + strspn(rest + pl, " \t");
			rc = push(l, SHARD_PROG, wonk_strdup_printf("%s", name),
				  wonk_strndup(rest, pl), wonk_strdup_printf("%s", args), 0);
		} else {
			rc = fail(l, wonk_strdup_printf("%s: unknown shard type \"%.*s\"", name,
							(int)tl, s));
		}
		free(name);
	}
	if (rc == 0 && !any)
		rc = fail(l, wonk_strdup_printf("%s: the stub file lists no shard", path));
	free(base);
	free(text);
	return rc;
}

static int add_spec(shard_list *l, const char *spec, int depth)
{
	if (strncmp(spec, "tcp://", 6) == 0)
		return add_tcp(l, spec, spec + 6);
	if (strncmp(spec, "ssh://", 6) == 0)
		return add_ssh(l, spec);
	struct stat sb;
	if (stat(spec, &sb) == 0 && !S_ISDIR(sb.st_mode))
		return add_stub(l, spec, depth);
	return push(l, SHARD_DIR, wonk_strdup_printf("%s", spec), wonk_strdup_printf("%s", spec),
		    NULL, 0);
}

/* Opens one shard on its own; *errmsg names it on failure. */
static wonk_status open_shard(const shard *s, wonk_index **out, char **errmsg)
{
	if (s->kind == SHARD_DIR)
		return wonk_index_open(s->where, WONK_OPEN_READ, out, errmsg);
	wonk_xdb *db = NULL;
	char *err = NULL;
	wonk_status st = s->kind == SHARD_TCP
		? wonk_xdb_open_tcp(s->where, s->port, REMOTE_TIMEOUT_MS, &db, &err)
		: wonk_xdb_open_prog(s->where, s->args, REMOTE_TIMEOUT_MS, &db, &err);
	if (st != WONK_OK) {
		*errmsg = wonk_strdup_printf("%s: %s", s->name, err ? err : wonk_status_string(st));
		free(err);
		return st;
	}
	st = wonk_index_adopt(s->name, db, out, errmsg);
	if (st == WONK_OK)
		(*out)->remote = 1;
	return st;
}

WONK_EXPORT wonk_status wonk_index_open_shards(const char *const *specs, size_t n,
					       unsigned flags, wonk_index **out,
					       char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (!out)
		return WONK_ERR_INVALID_ARG;
	*out = NULL;
	if (!specs || n == 0 || (flags & ~WONK_OPEN_PARTIAL)) {
		if (errmsg)
			*errmsg = wonk_strdup_printf("invalid arguments");
		return WONK_ERR_INVALID_ARG;
	}
	shard_list l = {0};
	int oom = 0;
	for (size_t i = 0; i < n; i++) {
		if (!specs[i] || !*specs[i]) {
			fail(&l, wonk_strdup_printf("an empty shard name"));
			break;
		}
		if (add_spec(&l, specs[i], 0) < 0) {
			oom = !l.err;
			break;
		}
	}
	wonk_status st = WONK_OK;
	char *msg = NULL;
	if (l.err || oom || l.n == 0) {
		st = l.err ? WONK_ERR_INVALID_ARG : WONK_ERR_NO_MEMORY;
		msg = l.err;
		l.err = NULL;
		goto done;
	}
	wonk_index **parts = calloc(l.n, sizeof *parts);
	char **skipped = calloc(l.n, sizeof *skipped);
	size_t nparts = 0, nskipped = 0;
	if (!parts || !skipped) {
		free(parts);
		free(skipped);
		st = WONK_ERR_NO_MEMORY;
		goto done;
	}
	wonk_status first_failure = WONK_OK;
	for (size_t i = 0; i < l.n; i++) {
		char *why = NULL;
		wonk_status s = open_shard(&l.v[i], &parts[nparts], &why);
		if (s == WONK_OK) {
			nparts++;
			continue;
		}
		if (first_failure == WONK_OK)
			first_failure = s;
		if (!(flags & WONK_OPEN_PARTIAL) || s == WONK_ERR_NO_MEMORY) {
			st = s;
			msg = why;
			break;
		}
		skipped[nskipped++] = why ? why : wonk_strdup_printf("%s: %s", l.v[i].name,
								      wonk_status_string(s));
	}
	if (st == WONK_OK && nparts == 0) {
		st = first_failure;
		msg = wonk_strdup_printf("no shard could be opened (%s)",
					 skipped[0] ? skipped[0] : wonk_status_string(st));
	}
	if (st == WONK_OK && nparts == 1 && l.n == 1) {
		/* One index, named plainly or through a stub. */
		*out = parts[0];
	} else if (st == WONK_OK) {
		wonk_xdb **dbs = calloc(nparts, sizeof *dbs), *all = NULL;
		char *err = NULL;
		if (!dbs) {
			st = WONK_ERR_NO_MEMORY;
		} else {
			for (size_t i = 0; i < nparts; i++)
				dbs[i] = parts[i]->db;
			st = wonk_xdb_combine(dbs, nparts, &all, &err);
			free(dbs);
		}
		if (st == WONK_OK)
			st = wonk_index_adopt(NULL, all, out, &msg);
		else
			msg = err;
		if (st == WONK_OK) {
			(*out)->parts = parts;
			(*out)->nparts = nparts;
			(*out)->skipped = skipped;
			(*out)->nskipped = nskipped;
			parts = NULL;
			skipped = NULL;
			nparts = nskipped = 0;
		}
	}
	if (parts && !(st == WONK_OK && *out == parts[0])) {
		for (size_t i = 0; i < nparts; i++)
			wonk_index_close(parts[i]);
	}
	for (size_t i = 0; i < nskipped; i++)
		free(skipped[i]);
	free(parts);
	free(skipped);
done:
	shard_list_free(&l);
	if (errmsg)
		*errmsg = msg;
	else
		free(msg);
	return st;
}

WONK_EXPORT size_t wonk_index_shard_count(const wonk_index *idx)
{
	return !idx ? 0 : idx->nparts ? idx->nparts : 1;
}

WONK_EXPORT const char *wonk_index_skipped(const wonk_index *idx, size_t i)
{
	return idx && i < idx->nskipped ? idx->skipped[i] : NULL;
}

/* ---- merging */

/* Several shards hold one metadata key (a file's manifest entry cannot
 * be among them: see find_twice): the acronym table keeps the definition
 * an index holding everything would keep, the least (vocabulary.c). */
static size_t pick_metadata(void *ctx, const char *key, const char *const *vals,
			    const size_t *lens, size_t n)
{
	(void)ctx, (void)key;
	size_t best = 0;
	for (size_t i = 1; i < n; i++) {
		size_t m = lens[i] < lens[best] ? lens[i] : lens[best];
		int cmp = memcmp(vals[i], vals[best], m);
		if (cmp < 0 || (cmp == 0 && lens[i] < lens[best]))
			best = i;
	}
	return best;
}

/* Writes the reverse entry of every acronym the merged index at dir
 * holds (see acronym_table.c). */
static wonk_status reverse_acronyms(const char *dir, char **msg)
{
	wonk_index *idx = NULL;
	wonk_status st = wonk_index_open(dir, WONK_OPEN_WRITE, &idx, msg);
	char *err = NULL;
	int changed;
	if (st == WONK_OK && (st = wonk_acronyms_reverse(idx, 1, &changed, &err)) != WONK_OK)
		*msg = wonk_strdup_printf("%s: %s", dir, err ? err : wonk_status_string(st));
	free(err);
	if (idx) {
		wonk_status closed = wonk_index_close(idx);
		if (st == WONK_OK && closed != WONK_OK) {
			st = closed;
			*msg = wonk_strdup_printf("%s: %s", dir, wonk_status_string(st));
		}
	}
	return st;
}

static int by_string(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file indexed in two of the shards would be there twice, merged: the
 * message naming one such file, or NULL when there is none. */
static char *find_twice(wonk_index *const *parts, size_t n, wonk_status *st)
{
	char **all = NULL, *msg = NULL;
	size_t nall = 0, cap = 0;
	*st = WONK_OK;
	for (size_t p = 0; p < n && *st == WONK_OK; p++) {
		char **keys = NULL;
		size_t nkeys = 0;
		*st = wonk_metadata_keys(parts[p], "F", 17, &keys, &nkeys);
		if (*st != WONK_OK) {
			msg = wonk_strdup_printf("%s", wonk_errmsg(parts[p]));
			break;
		}
		if (nall + nkeys > cap) {
			size_t c = 2 * (nall + nkeys);
			char **v = realloc(all, c * sizeof *v);
			if (!v) {
				wonk_free_keys(keys, nkeys);
				*st = WONK_ERR_NO_MEMORY;
				break;
			}
			all = v;
			cap = c;
		}
		if (nkeys)
			memcpy(all + nall, keys, nkeys * sizeof *keys);
		nall += nkeys;
		free(keys);
	}
	if (*st == WONK_OK && nall)
		qsort(all, nall, sizeof *all, by_string);
	for (size_t i = 1; i < nall && *st == WONK_OK && !msg; i++) {
		if (strcmp(all[i], all[i - 1]) != 0)
			continue;
		/* The manifest entry holds the file's path after its figures. */
		char *val = NULL, *err = NULL;
		size_t len = 0;
		const char *path = all[i] + 1;
		for (size_t p = 0; p < n && !val; p++)
			if (wonk_xdb_get_meta(parts[p]->db, all[i], &val, &len, &err) != WONK_OK) {
				free(err);
				err = NULL;
			}
		const char *nul = val ? memchr(val, '\0', len) : NULL;
		if (nul && (size_t)(nul - val) + 1 < len)
			path = nul + 1;
		msg = wonk_strdup_printf("%s is indexed in more than one shard", path);
		*st = WONK_ERR_INVALID_ARG;
		free(val);
	}
	wonk_free_keys(all, nall);
	return msg;
}

/* Removes a directory of an index's files (a failed merge's output, an
 * index compacted away); nothing else in it is touched. */
static void remove_flat_dir(const char *dir)
{
	static const char *const tables[] = {"iamglass", "flintlock", "postlist.glass",
					     "termlist.glass", "position.glass", "docdata.glass",
					     "spelling.glass", "synonym.glass", "synonyms.txt"};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
		char *p = wonk_strdup_printf("%s/%s", dir, tables[i]);
		if (p)
			unlink(p);
		free(p);
	}
	rmdir(dir);
}

WONK_EXPORT wonk_status wonk_index_merge(const char *out, const char *const *shards, size_t n,
					 char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	char *msg = NULL;
	wonk_status st = WONK_OK;
	struct stat sb;
	if (!out || !*out || !shards || n == 0) {
		msg = wonk_strdup_printf("invalid arguments");
		st = WONK_ERR_INVALID_ARG;
		goto done;
	}
	if (lstat(out, &sb) == 0 || errno != ENOENT) {
		msg = wonk_strdup_printf("%s: already exists; a merge writes a new index", out);
		st = WONK_ERR_INVALID_ARG;
		goto done;
	}
	shard_list l = {0};
	for (size_t i = 0; i < n && !l.err; i++)
		if (add_spec(&l, shards[i] ? shards[i] : "", 0) < 0 && !l.err)
			l.err = wonk_strdup_printf("out of memory");
	for (size_t i = 0; i < l.n && !l.err; i++)
		if (l.v[i].kind != SHARD_DIR)
			l.err = wonk_strdup_printf("%s: only local shards can be merged", l.v[i].name);
	if (l.err) {
		msg = l.err;
		l.err = NULL;
		shard_list_free(&l);
		st = WONK_ERR_INVALID_ARG;
		goto done;
	}
	/* Each shard is checked (and named, if it fails) as a search would. */
	const char **dirs = calloc(l.n, sizeof *dirs);
	wonk_index **parts = calloc(l.n, sizeof *parts);
	if (!dirs || !parts)
		st = WONK_ERR_NO_MEMORY;
	for (size_t i = 0; i < l.n && st == WONK_OK; i++) {
		st = wonk_index_open(l.v[i].where, WONK_OPEN_READ, &parts[i], &msg);
		dirs[i] = l.v[i].where;
	}
	if (st == WONK_OK)
		msg = find_twice(parts, l.n, &st);
	/* A shard made before the acronyms' reverse entries leaves the
	 * merged index without some, whatever the others say. */
	int reversed = st == WONK_OK && wonk_acronyms_by_query(parts, l.n);
	for (size_t i = 0; parts && i < l.n; i++)
		wonk_index_close(parts[i]);
	free(parts);
	/* Written beside the destination and renamed into place, so a
	 * killed merge leaves no half index where one is expected. */
	char *tmp = st == WONK_OK ? wonk_strdup_printf("%s.merging", out) : NULL;
	if (st == WONK_OK && !tmp)
		st = WONK_ERR_NO_MEMORY;
	if (st == WONK_OK) {
		remove_flat_dir(tmp);
		char *err = NULL;
		st = wonk_xdb_compact(dirs, l.n, tmp, pick_metadata, NULL, &err);
		if (st != WONK_OK) {
			msg = wonk_strdup_printf("%s: %s", out, err ? err : wonk_status_string(st));
			remove_flat_dir(tmp);
		} else if (rename(tmp, out) < 0) {
			msg = wonk_strdup_printf("%s: %s", out, strerror(errno));
			st = WONK_ERR_IO;
			remove_flat_dir(tmp);
		} else if (!reversed) {
			st = reverse_acronyms(out, &msg);
		}
		free(err);
	}
	free(tmp);
	free(dirs);
	shard_list_free(&l);
done:
	if (errmsg)
		*errmsg = msg;
	else
		free(msg);
	return st;
}

/* The user's synonyms file goes with the index into its compacted copy: a
 * second name for it where the copy can take one, else a copy. */
static int carry_synonyms(const char *dir, const char *to, char **msg)
{
	char *from = wonk_strdup_printf("%s/synonyms.txt", dir);
	char *dest = wonk_strdup_printf("%s/synonyms.txt", to);
	int rc = -1;
	FILE *in = NULL, *out = NULL;
	if (!from || !dest) {
		*msg = wonk_strdup_printf("out of memory");
		goto done;
	}
	if (link(from, dest) == 0 || errno == ENOENT) {
		rc = 0;
		goto done;
	}
	if (!(in = fopen(from, "rb")) || !(out = fopen(dest, "wb"))) {
		*msg = wonk_strdup_printf("%s: %s", in ? dest : from, strerror(errno));
		goto done;
	}
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	if (ferror(in) || ferror(out) || fflush(out) != 0) {
		*msg = wonk_strdup_printf("%s: %s", dest, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (in)
		fclose(in);
	if (out && fclose(out) != 0 && rc == 0) {
		*msg = wonk_strdup_printf("%s: %s", dest, strerror(errno));
		rc = -1;
	}
	free(from);
	free(dest);
	return rc;
}

/* Puts the directory at from in dir's place, and dir's at from: in one
 * step where the filesystem can (renameat2's RENAME_EXCHANGE), so that a
 * reader, or a kill, finds one index or the other at dir, never none;
 * else in two renames. */
static int exchange_dirs(const char *from, const char *dir)
{
#ifdef SYS_renameat2
	if (syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, dir, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -1;
#endif
	char *aside = wonk_strdup_printf("%s.old", from);
	if (!aside) {
		errno = ENOMEM;
		return -1;
	}
	int rc = -1;
	remove_flat_dir(aside);
	if (rename(dir, aside) == 0) {
		if (rename(from, dir) == 0 && rename(aside, from) == 0)
			rc = 0;
		else if (access(dir, F_OK) != 0)
			rename(aside, dir); /* put the old one back */
	}
	free(aside);
	return rc;
}

WONK_EXPORT wonk_status wonk_index_compact(const char *dir, char **errmsg)
{
	if (errmsg)
		*errmsg = NULL;
	if (!dir || !*dir) {
		if (errmsg)
			*errmsg = wonk_strdup_printf("invalid arguments");
		return WONK_ERR_INVALID_ARG;
	}
	/* The writer's lock, held throughout, keeps other writers out: what
	 * they added while the copy was made would be lost with the old
	 * index. */
	char *msg = NULL;
	wonk_index *lock = NULL;
	wonk_status st = wonk_index_open(dir, WONK_OPEN_WRITE, &lock, &msg);
	if (st != WONK_OK)
		goto done;
	/* Whatever opening it stored goes into the copy, and the writer has
	 * nothing left to write when it closes: by then its path names the
	 * new index. */
	if ((st = wonk_index_commit(lock)) != WONK_OK) {
		msg = wonk_strdup_printf("%s", wonk_errmsg(lock));
		goto close;
	}
	char *copy = wonk_strdup_printf("%s.compacting", dir);
	if (!copy) {
		st = WONK_ERR_NO_MEMORY;
		goto close;
	}
	remove_flat_dir(copy); /* left by a compaction that was killed */
	const char *one[1] = {dir};
	st = wonk_index_merge(copy, one, 1, &msg);
	if (st == WONK_OK && carry_synonyms(dir, copy, &msg) < 0)
		st = WONK_ERR_IO;
	if (st == WONK_OK && wonk_sync_dir(copy) < 0) {
		msg = wonk_strdup_printf("%s: %s", copy, strerror(errno));
		st = WONK_ERR_IO;
	}
	if (st == WONK_OK && exchange_dirs(copy, dir) < 0) {
		msg = wonk_strdup_printf("%s: cannot put the compacted index in place: %s", dir,
					 strerror(errno));
		st = WONK_ERR_IO;
	}
	if (st != WONK_OK) {
		remove_flat_dir(copy);
		free(copy);
		goto close;
	}
	/* The old index is at copy now; the lock goes with it. */
	wonk_index_close(lock);
	lock = NULL;
	remove_flat_dir(copy);
	free(copy);
close:
	wonk_index_close(lock);
done:
	if (errmsg)
		*errmsg = msg;
	else
		free(msg);
	return st;
}
