/*
 * check.c - wonk_index_check: is an index sound?  (wonk-index --check)
 *
 * Two layers, because damage shows at either.  Xapian's own check reads
 * every block of every table, as xapian-check does (in a child process: it
 * can crash on some damage, see the shim); a table too damaged to be read
 * is one problem, named.  Then wonk's view of the same data, which
 * Xapian cannot judge: the format stamp; every passage's record decodes,
 * holds valid UTF-8 text and a sane span; every document holds passages 0
 * to n-1, none missing or doubled (a crash must never leave part of a file);
 * each indexed file's manifest entry ("F" + file id) is readable, belongs to
 * its real path, and records exactly as many passages as carry its
 * "XF" + file id term.  (Format 3 keeps no positions: none is needed.)
 *
 * Problems are gathered first and told to the callback only once a pass
 * has finished, so a pass retried because a writer committed under it
 * reports nothing twice.  A writer holding the index is refused
 * (WONK_ERR_LOCKED): its tables change under the check.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <utf8proc.h>

#include "record.h"
#include "wonk-private.h"

/* The format this wonk writes (WONK_FORMAT in index.c), the older ones it
 * still reads (WONK_FORMAT_DEFLATE, WONK_FORMAT_READ). */
#define CHECK_FORMAT "5"
#define CHECK_FORMAT_DEFLATE "4"
#define CHECK_FORMAT_READ "3"
/* Problems of one kind told one by one; the rest are counted in one line. */
#define CHECK_SHOWN 10

/* ------------------------------------------------------ the problem list */

typedef struct problems {
	char **msg;
	size_t n, cap;
	uint64_t count;  /* problems found, told or not */
	int failed;      /* out of memory */
} problems;

/* One kind of problem: the first CHECK_SHOWN are told, the rest counted. */
typedef struct kind {
	const char *what;  /* "passages whose record cannot be read" */
	uint64_t seen;
} kind;

static void push(problems *p, char *m)
{
	if (!m) {
		p->failed = 1;
		return;
	}
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		char **grown = realloc(p->msg, cap * sizeof *grown);
		if (!grown) {
			free(m);
			p->failed = 1;
			return;
		}
		p->msg = grown;
		p->cap = cap;
	}
	p->msg[p->n++] = m;
}

static void note(problems *p, kind *k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void note(problems *p, kind *k, const char *fmt, ...)
{
	p->count++;
	if (k && k->seen++ >= CHECK_SHOWN)
		return;
	va_list ap;
	va_start(ap, fmt);
	push(p, wonk_strdup_vprintf(fmt, ap));
	va_end(ap);
}

/* "...and 12 more passages whose record cannot be read". */
static void note_rest(problems *p, const kind *k)
{
	if (k->seen > CHECK_SHOWN)
		push(p, wonk_strdup_printf("...and %" PRIu64 " more %s", k->seen - CHECK_SHOWN,
					   k->what));
}

static void problems_clear(problems *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->msg[i]);
	free(p->msg);
	memset(p, 0, sizeof *p);
}

/* A problem from the shim, without the "index is damaged: " it starts
 * with: the summary line says that once. */
static const char *damage(const char *err)
{
	static const char prefix[] = "index is damaged: ";
	if (!err)
		return "index is damaged";
	return strncmp(err, prefix, sizeof prefix - 1) == 0 ? err + sizeof prefix - 1 : err;
}

/* ------------------------------------------------- Xapian's table check */

/* Xapian's report names each table and says it "checked OK"; what else it
 * says is a problem. */
static void note_xapian_report(problems *p, const char *report, uint64_t errors)
{
	size_t told = 0;
	const char *table = "tables";
	int table_len = 6;
	for (const char *line = report; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		if (n > 1 && n < 32 && line[n - 1] == ':' && !memchr(line, ' ', n)) {
			table = line; /* "postlist:" heads what is said of it */
			table_len = (int)n - 1;
		} else if (n && told < 2 * CHECK_SHOWN &&
			   !(n >= 10 && memcmp(line + n - 10, "checked OK", 10) == 0) &&
			   strncmp(line, "Lazily created", 14) != 0) {
			push(p, wonk_strdup_printf("%.*s table: %.*s", table_len, table,
						   (int)n, line));
			told++;
		}
		line = nl ? nl + 1 : NULL;
	}
	if (errors && !told)
		push(p, wonk_strdup_printf("Xapian's check of the tables found %" PRIu64 " error%s",
					   errors, errors == 1 ? "" : "s"));
	p->count += errors;
}

/* ------------------------------------------------------------ passages */

typedef struct passage_ref {
	uint64_t doc;      /* the document id, from the record */
	uint32_t ordinal;
	uint32_t path;     /* index into walk.paths */
} passage_ref;

typedef struct walk {
	problems *p;
	passage_ref *refs;
	size_t n, cap;
	char **paths;      /* each run of passages from one path, once */
	size_t npaths, cappaths;
	uint64_t with_words;   /* passages whose length is not 0 */
	kind unreadable, no_terms, bad_id, bad_text, bad_span, no_card;
	int failed;
	wonk_status read_status; /* reading a record's dictionary failed so */
	uint64_t last_doc;     /* the document of the run of passages being read */
	uint32_t last_path;    /*   and its path (only its first passage names it) */
	int in_run;
	wonk_xdb *db;
	wonk_pack *pack;   /* packed records are checked unpacked */
	wonk_analyzer *analyzer; /* made for the first passage without terms */
} walk;

static int parse_hex64(const char *s, uint64_t *v)
{
	if (strlen(s) != 16 || strspn(s, "0123456789abcdef") != 16)
		return -1;
	*v = strtoull(s, NULL, 16);
	return 0;
}

/* The index of path in w->paths: passages of one file come in a run. */
static int path_index(walk *w, const char *path, uint32_t *at)
{
	if (w->npaths && strcmp(w->paths[w->npaths - 1], path) == 0) {
		*at = (uint32_t)(w->npaths - 1);
		return 0;
	}
	if (w->npaths == w->cappaths) {
		size_t cap = w->cappaths ? w->cappaths * 2 : 64;
		char **grown = realloc(w->paths, cap * sizeof *grown);
		if (!grown)
			return -1;
		w->paths = grown;
		w->cappaths = cap;
	}
	if (!(w->paths[w->npaths] = wonk_strndup(path, strlen(path))))
		return -1;
	*at = (uint32_t)w->npaths++;
	return 0;
}

static int on_record(walk *w, unsigned docid, const wonk_record *rec);

static int word_seen(void *ctx, const wonk_token *tok)
{
	(void)tok;
	*(int *)ctx = 1;
	return 1;
}

/* Whether the indexer would have made a term of a word of text: a passage
 * of nothing else (one run of letters too long to be a word, a base64
 * blob) has none by right.  1 yes, 0 no, -1 out of memory. */
static int holds_words(walk *w, const char *text, size_t len)
{
	if (!w->analyzer && !(w->analyzer = wonk_analyzer_new()))
		return -1;
	int seen = 0;
	if (wonk_analyze(w->analyzer, text, len, 0, word_seen, &seen, NULL) < 0)
		return -1;
	return seen;
}

static int on_passage(void *ctx, unsigned docid, const char *data, size_t len,
		      uint64_t nterms, uint64_t length)
{
	walk *w = ctx;
	wonk_record r;
	if (length)
		w->with_words++;
	const char *plain;
	size_t plain_len;
	char *owned = NULL;
	wonk_status st = wonk_unpack(w->pack, w->db, data, len, &plain, &plain_len, &owned);
	if (st != WONK_OK && st != WONK_ERR_CORRUPT) {
		w->read_status = st;
		return 1;
	}
	if (st != WONK_OK || wonk_record_decode(plain, plain_len, &r) < 0) {
		note(w->p, &w->unreadable,
		     "passage (Xapian document %u): its record cannot be read", docid);
		free(owned);
		return 0;
	}
	int words = nterms == 0 ? holds_words(w, r.text, r.text_len) : 0;
	if (words < 0) {
		w->failed = 1;
		free(owned);
		return 1;
	}
	if (words)
		note(w->p, &w->no_terms, "passage (Xapian document %u) has no terms", docid);
	int stop = on_record(w, docid, &r);
	free(owned);
	return stop;
}

/* The checks of one decoded record. */
static int on_record(walk *w, unsigned docid, const wonk_record *rec)
{
	wonk_record r = *rec;
	uint64_t doc;
	if (parse_hex64(r.field[WONK_FIELD_DOC], &doc) < 0) {
		note(w->p, &w->bad_id, "passage (Xapian document %u) has a bad document id", docid);
		return 0;
	}
	/* A document's fields (its path among them) are in its first
	 * passage's record; the others follow it in a run. */
	const char *path = r.field[WONK_FIELD_PATH];
	if (!path && r.ordinal == 0)
		note(w->p, &w->no_card, "document %016" PRIx64 ": its first passage (Xapian "
		     "document %u) lacks the document's fields", doc, docid);
	if (!path && w->in_run && w->last_doc == doc)
		path = w->paths[w->last_path];
	if (!path)
		path = "(no path)";
	if (!wonk_utf8_valid(r.text, r.text_len))
		note(w->p, &w->bad_text, "%s: passage %" PRIu32 " holds text that is not UTF-8",
		     path, r.ordinal);
	if (r.start > r.end)
		note(w->p, &w->bad_span, "%s: passage %" PRIu32 " spans bytes %" PRIu64
		     " to %" PRIu64, path, r.ordinal, r.start, r.end);
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 1024;
		passage_ref *grown = realloc(w->refs, cap * sizeof *grown);
		if (!grown) {
			w->failed = 1;
			return 1;
		}
		w->refs = grown;
		w->cap = cap;
	}
	passage_ref *ref = &w->refs[w->n];
	if (path_index(w, path, &ref->path) < 0) {
		w->failed = 1;
		return 1;
	}
	w->in_run = 1;
	w->last_doc = doc;
	w->last_path = ref->path;
	ref->doc = doc;
	ref->ordinal = r.ordinal;
	w->n++;
	return 0;
}

static int by_doc_ordinal(const void *a, const void *b)
{
	const passage_ref *x = a, *y = b;
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	return x->ordinal < y->ordinal ? -1 : x->ordinal > y->ordinal;
}

/* Every document holds passages 0..n-1, each once.  *documents receives
 * how many documents the passages name. */
static void check_documents(walk *w, uint64_t *documents)
{
	kind partial = {"documents with passages missing or doubled", 0};
	if (w->n)
		qsort(w->refs, w->n, sizeof *w->refs, by_doc_ordinal);
	*documents = 0;
	for (size_t i = 0; i < w->n;) {
		size_t j = i;
		uint32_t doubled = 0;
		int has_double = 0;
		while (j + 1 < w->n && w->refs[j + 1].doc == w->refs[i].doc) {
			if (!has_double && w->refs[j + 1].ordinal == w->refs[j].ordinal) {
				has_double = 1;
				doubled = w->refs[j].ordinal;
			}
			j++;
		}
		size_t held = j - i + 1;
		uint32_t last = w->refs[j].ordinal;
		const char *path = w->paths[w->refs[i].path];
		if (has_double)
			note(w->p, &partial, "%s: document %016" PRIx64 " holds passage %" PRIu32
			     " twice", path, w->refs[i].doc, doubled);
		else if ((uint64_t)last + 1 != held)
			note(w->p, &partial, "%s: document %016" PRIx64 " is incomplete: it holds %zu"
			     " passage%s numbered up to %" PRIu32, path, w->refs[i].doc, held,
			     held == 1 ? "" : "s", last);
		++*documents;
		i = j + 1;
	}
	note_rest(w->p, &partial);
}

static void walk_clear(walk *w)
{
	free(w->refs);
	for (size_t i = 0; i < w->npaths; i++)
		free(w->paths[i]);
	free(w->paths);
	wonk_pack_free(w->pack);
	wonk_analyzer_free(w->analyzer);
}

/* ------------------------------------------------------------ manifest */

typedef struct key_list {
	char **keys;
	size_t n, cap;
	int failed;
} key_list;

/* "F" + 16 hex digits; any other key is not a manifest entry. */
static int collect_key(void *ctx, const char *key, size_t len)
{
	key_list *kl = ctx;
	if (len != 17 || strspn(key + 1, "0123456789abcdef") != 16)
		return 0;
	if (kl->n == kl->cap) {
		size_t cap = kl->cap ? kl->cap * 2 : 256;
		char **grown = realloc(kl->keys, cap * sizeof *grown);
		if (!grown) {
			kl->failed = 1;
			return 1;
		}
		kl->keys = grown;
		kl->cap = cap;
	}
	if (!(kl->keys[kl->n] = wonk_strndup(key, len))) {
		kl->failed = 1;
		return 1;
	}
	kl->n++;
	return 0;
}

static void key_list_clear(key_list *kl)
{
	for (size_t i = 0; i < kl->n; i++)
		free(kl->keys[i]);
	free(kl->keys);
	memset(kl, 0, sizeof *kl);
}

/* index.c's manifest entry: "size mtime_s mtime_ns hash documents
 * passages" NUL realpath NUL path.  Returns the realpath and path, or -1. */
static int parse_entry(const char *val, size_t len, uint64_t *documents, uint64_t *passages,
		       const char **real, const char **path)
{
	uint64_t size, hash;
	int64_t s, ns;
	if (memchr(val, '\0', len) == NULL ||
	    sscanf(val, "%" SCNu64 " %" SCNd64 " %" SCNd64 " %" SCNx64 " %" SCNu64 " %" SCNu64,
		   &size, &s, &ns, &hash, documents, passages) != 6)
		return -1;
	size_t a = strlen(val) + 1;
	if (a >= len || !memchr(val + a, '\0', len - a))
		return -1;
	*real = val + a;
	size_t b = a + strlen(*real) + 1;
	if (b > len)
		return -1;
	*path = val + b; /* the value read is NUL-terminated past len */
	return 0;
}

static wonk_status check_manifest(wonk_xdb *db, problems *p, char **err)
{
	key_list kl = {0};
	kind unreadable = {"manifest entries that cannot be read", 0};
	kind misfiled = {"manifest entries filed under another file's id", 0};
	kind mismatch = {"files whose passages differ from their manifest entry", 0};
	wonk_status st = wonk_xdb_meta_keys(db, "F", collect_key, &kl, err);
	if (st == WONK_OK && kl.failed)
		st = WONK_ERR_NO_MEMORY;
	for (size_t i = 0; i < kl.n && st == WONK_OK; i++) {
		char *val = NULL;
		size_t len = 0;
		uint64_t documents, passages, held = 0;
		const char *real, *path;
		st = wonk_xdb_get_meta(db, kl.keys[i], &val, &len, err);
		if (st != WONK_OK)
			break;
		if (!val) /* deleted since the keys were listed */
			continue;
		if (parse_entry(val, len, &documents, &passages, &real, &path) < 0) {
			note(p, &unreadable, "manifest entry %s cannot be read", kl.keys[i]);
			free(val);
			continue;
		}
		char want[20], term[24];
		snprintf(want, sizeof want, "F%016" PRIx64, wonk_hash64(real, strlen(real)));
		if (strcmp(want, kl.keys[i]) != 0)
			note(p, &misfiled, "%s: its manifest entry is filed under %s, not %s",
			     path, kl.keys[i], want);
		snprintf(term, sizeof term, WONK_PREFIX_FILE "%s", kl.keys[i] + 1);
		st = wonk_xdb_termfreq(db, term, &held, err);
		if (st == WONK_OK && held != passages)
			note(p, &mismatch, "%s: the manifest records %" PRIu64 " passage%s, the "
			     "index holds %" PRIu64, path, passages, passages == 1 ? "" : "s", held);
		free(val);
	}
	note_rest(p, &unreadable);
	note_rest(p, &misfiled);
	note_rest(p, &mismatch);
	key_list_clear(&kl);
	return st;
}

/* ----------------------------------------------------- wonk's own pass */

/* One pass over the open database; problems go to p.  Returns a status
 * other than WONK_OK only when the pass could not finish. */
static wonk_status check_contents(wonk_xdb *db, problems *p, char **err)
{
	char *fmt = NULL;
	size_t fmt_len = 0;
	uint64_t passages = 0, listed = 0, named = 0;
	wonk_status st = wonk_xdb_get_meta(db, "wonk:format", &fmt, &fmt_len, err);
	if (st == WONK_OK)
		st = wonk_xdb_doccount(db, &passages, err);
	if (st != WONK_OK) {
		free(fmt);
		return st;
	}
	int stamped = fmt != NULL;
	if (fmt && strcmp(fmt, CHECK_FORMAT) != 0 && strcmp(fmt, CHECK_FORMAT_DEFLATE) != 0 &&
	    strcmp(fmt, CHECK_FORMAT_READ) != 0) {
		int older = strtol(fmt, NULL, 10) < strtol(CHECK_FORMAT, NULL, 10);
		*err = wonk_strdup_printf(older ? "index format %s is older than this wonk's "
						  "(format %s): rebuild it with wonk-index --rebuild"
						: "index format %s; this wonk reads format %s",
					  fmt, CHECK_FORMAT);
		free(fmt);
		return WONK_ERR_VERSION;
	}
	free(fmt);
	if (!stamped && passages > 0) {
		*err = wonk_strdup_printf("a Xapian database, but not a wonk index (no format stamp)");
		return WONK_ERR_VERSION;
	}

	walk w = {.p = p, .db = db, .pack = wonk_pack_new()};
	if (!w.pack)
		return WONK_ERR_NO_MEMORY;
	w.unreadable.what = "passages whose record cannot be read";
	w.no_terms.what = "passages without terms";
	w.bad_id.what = "passages with a bad document id";
	w.bad_text.what = "passages whose text is not UTF-8";
	w.bad_span.what = "passages with a bad byte span";
	w.no_card.what = "documents whose first passage lacks their fields";
	int positions = 0; /* formats 3 and 4 have none, by design */
	st = wonk_xdb_each_doc(db, on_passage, &w, &positions, err);
	if (st == WONK_OK && w.read_status != WONK_OK) {
		st = w.read_status; /* WONK_ERR_MODIFIED is checked over again */
		*err = wonk_strdup_printf("cannot read a passage record's dictionary: %s",
					  wonk_status_string(st));
	}
	if (st == WONK_ERR_CORRUPT) {
		/* A table that cannot be read is a finding, not a failure. */
		note(p, NULL, "%s", damage(*err));
		free(*err);
		*err = NULL;
		st = WONK_OK;
		w.failed = -1; /* the passages are not all there to judge */
	}
	if (st == WONK_OK && w.failed > 0)
		st = WONK_ERR_NO_MEMORY;
	if (st != WONK_OK) {
		walk_clear(&w);
		return st;
	}
	note_rest(p, &w.unreadable);
	note_rest(p, &w.no_terms);
	note_rest(p, &w.bad_id);
	note_rest(p, &w.bad_text);
	note_rest(p, &w.bad_span);
	note_rest(p, &w.no_card);
	if (w.failed == 0) {
		check_documents(&w, &named);
		st = wonk_xdb_count_prefix(db, WONK_PREFIX_DOC, &listed, err);
		if (st == WONK_OK && listed != named)
			note(p, NULL, "the index lists %" PRIu64 " documents, its passages name %"
			     PRIu64, listed, named);
	}
	walk_clear(&w);
	if (st == WONK_OK)
		st = check_manifest(db, p, err);
	return st;
}

/* ------------------------------------------------------------- the API */

static int has_database(const char *dir)
{
	char probe[4096];
	snprintf(probe, sizeof probe, "%s/iamglass", dir);
	struct stat sb;
	return stat(probe, &sb) == 0;
}

WONK_EXPORT wonk_status wonk_index_check(const char *dir, wonk_check_fn fn, void *ctx,
					 uint64_t *problems_found, char **errmsg)
{
	problems p = {0};
	char *err = NULL, *report = NULL;
	uint64_t errors = 0;
	wonk_status st;
	wonk_xdb *db = NULL;
	if (problems_found)
		*problems_found = 0;
	if (errmsg)
		*errmsg = NULL;
	if (!dir || !*dir) {
		st = WONK_ERR_INVALID_ARG;
		err = wonk_strdup_printf("invalid arguments");
		goto done;
	}
	struct stat sb;
	if (stat(dir, &sb) < 0) {
		st = WONK_ERR_NOT_FOUND;
		err = wonk_strdup_printf("no index here (%s)", strerror(errno));
		goto done;
	}
	if (!has_database(dir)) {
		st = WONK_ERR_NOT_FOUND;
		err = wonk_strdup_printf("no index here (no Xapian database in the directory)");
		goto done;
	}

	/* Xapian's check.  A table file that is gone or unreadable makes it
	 * fail to open the database: with iamglass present, that is damage. */
	st = wonk_xdb_check(dir, &report, &errors, &err);
	if (st == WONK_ERR_CORRUPT || st == WONK_ERR_NOT_FOUND) {
		note(&p, NULL, "%s", damage(err));
		goto done_ok;
	}
	if (st != WONK_OK)
		goto done;
	note_xapian_report(&p, report, errors);

	/* wonk's check, over again if a writer committed under it. */
	for (int attempt = 0;; attempt++) {
		problems pass = {0};
		free(err);
		err = NULL;
		wonk_xdb_close(db);
		db = NULL;
		st = wonk_xdb_open(dir, WONK_OPEN_READ, &db, &err);
		if (st == WONK_OK)
			st = check_contents(db, &pass, &err);
		if (st == WONK_ERR_MODIFIED && attempt < WONK_MODIFIED_RETRIES) {
			problems_clear(&pass);
			continue;
		}
		if (st == WONK_ERR_CORRUPT || (st == WONK_ERR_NOT_FOUND && has_database(dir))) {
			note(&pass, NULL, "%s", damage(err));
			st = WONK_OK;
		}
		for (size_t i = 0; i < pass.n; i++)
			push(&p, pass.msg[i]);
		p.count += pass.count;
		p.failed |= pass.failed;
		pass.n = 0;
		problems_clear(&pass);
		break;
	}
	if (st != WONK_OK)
		goto done;
done_ok:
	st = p.failed ? WONK_ERR_NO_MEMORY : p.count ? WONK_ERR_CORRUPT : WONK_OK;
	if (p.failed) {
		free(err);
		err = wonk_strdup_printf("out of memory");
	}
	if (fn && !p.failed)
		for (size_t i = 0; i < p.n; i++)
			fn(ctx, p.msg[i]);
	if (problems_found)
		*problems_found = p.count;
	if (st == WONK_ERR_CORRUPT || st == WONK_OK) {
		free(err);
		err = NULL;
	}
done:
	wonk_xdb_close(db);
	free(report);
	problems_clear(&p);
	if (err && errmsg)
		*errmsg = wonk_strdup_printf("%s: %s", dir, err);
	free(err);
	return st;
}
