/*
 * acronym_table.c - the acronyms an index's documents define, as the
 * index keeps them and a search finds them.
 *
 * Mined while indexing (acronym.c), each definition is a metadata entry
 * "acro:" + the abbreviation's stem = the long form's stems; of several,
 * the least in byte order stands, whatever order files come in.  Beside
 * it, the reverse entry "acrolf:" + the long form's first stem + TAB +
 * its other stems + TAB + the abbreviation's stem lets a search find the
 * definitions a query's words take part in (one prefix a word)
 * without reading them all: an index of policy writing defines thousands
 * (2,993 made every search of a test index 1.7 ms slower when each
 * search loaded them all).  "wonk:acro-reverse" says an index holds a
 * reverse entry for every definition; older indexes gain them the next
 * time they are opened to write, and until then are read whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acronym.h"
#include "wonk-private.h"

#define ACRO_PREFIX "acro:"
#define REVERSE_PREFIX "acrolf:"
#define REVERSE_MARK "wonk:acro-reverse"

/* Whether a[0, alen) sorts before b[0, blen), bytewise. */
static int bytes_before(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);
	return c < 0 || (c == 0 && alen < blen);
}

/* Xapian's longest key is 255 bytes, its own 2 included. */
#define KEY_MAX 253

/* Whether the reverse entry of an abbreviation's stem of alen bytes and
 * a long form of llen fits in a key (the miner's limits keep it so:
 * abbreviations of up to 10 bytes, long forms under 200). */
static int reverse_fits(size_t alen, size_t llen)
{
	return strlen(REVERSE_PREFIX) + llen + 2 + alen <= KEY_MAX;
}

/* Writes the reverse entry of abbreviation abbrev (a stem) = long form lf. */
static wonk_status store_reverse(wonk_xdb *db, const char *abbrev, const char *lf, size_t llen,
				 char **err)
{
	const char *space = memchr(lf, ' ', llen);
	size_t first = space ? (size_t)(space - lf) : llen, rest = space ? llen - first - 1 : 0;
	char *key = wonk_strdup_printf(REVERSE_PREFIX "%.*s\t%.*s\t%s", (int)first, lf, (int)rest,
				       space ? space + 1 : "", abbrev);
	if (!key) {
		*err = wonk_strdup_printf("out of memory");
		return WONK_ERR_NO_MEMORY;
	}
	/* An empty value would delete the key. */
	wonk_status st = wonk_xdb_set_meta(db, key, "1", 1, err);
	free(key);
	return st;
}

typedef struct mine_ctx {
	wonk_index *idx;
	wonk_status st;
} mine_ctx;

static int store_definition(void *vctx, const char *abbrev, size_t alen, const char *lf,
			    size_t llen)
{
	mine_ctx *c = vctx;
	wonk_index *idx = c->idx;
	wonk_buf key = {0}, val = {0};
	wonk_buf_append(&key, ACRO_PREFIX, strlen(ACRO_PREFIX));
	size_t bare = key.len;
	if (wonk_analyze(idx->analyzer, abbrev, alen, 0, wonk_join_stems, &val, NULL) < 0)
		key.failed = 1;
	/* The abbreviation is one word ("AEW&C" analyses to two: skip it). */
	int one_word = val.len && !memchr(val.data, ' ', val.len);
	wonk_buf_append(&key, val.data ? val.data : "", val.len);
	wonk_buf_free(&val);
	if (wonk_analyze(idx->analyzer, lf, llen, 0, wonk_join_stems, &val, NULL) < 0)
		val.failed = 1;
	char *err = NULL, *old = NULL;
	size_t old_len;
	if (key.failed || val.failed) {
		c->st = wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	} else if (one_word && key.len > bare && val.len && key.len < 200 && val.len < 200 &&
		   reverse_fits(key.len - bare, val.len)) {
		wonk_buf_append(&key, "", 1);
		/* Of several definitions, the least (in byte order) stands:
		 * a rule that does not depend on the order files are
		 * indexed in, so shards merged or searched together keep
		 * what one index of everything keeps.  The reverse entry of
		 * one that lost stays: a search checks what it finds. */
		c->st = wonk_xdb_get_meta(idx->db, key.data, &old, &old_len, &err);
		if (c->st == WONK_OK && (!old || bytes_before(val.data, val.len, old, old_len))) {
			c->st = wonk_xdb_set_meta(idx->db, key.data, val.data, val.len, &err);
			if (c->st == WONK_OK)
				c->st = store_reverse(idx->db, key.data + bare, val.data, val.len,
						      &err);
		}
		if (c->st != WONK_OK)
			wonk_take_error(idx, c->st, err);
		free(old);
	}
	wonk_buf_free(&key);
	wonk_buf_free(&val);
	return c->st != WONK_OK;
}

wonk_status wonk_mine_acronyms(wonk_index *idx, const char *text, size_t len)
{
	mine_ctx c = {idx, WONK_OK};
	wonk_find_acronyms(text, len, store_definition, &c);
	return c.st;
}

/* Whether db holds the mark that its reverse entries are complete. */
static wonk_status read_mark(wonk_xdb *db, int *marked, char **err)
{
	char *mark = NULL;
	size_t mlen = 0;
	wonk_status st = wonk_xdb_get_meta(db, REVERSE_MARK, &mark, &mlen, err);
	*marked = st == WONK_OK && mark;
	free(mark);
	return st;
}

wonk_status wonk_acronyms_reverse(wonk_index *idx, int force, int *changed, char **err)
{
	*changed = 0;
	int marked;
	wonk_status st = read_mark(idx->db, &marked, err);
	if (st != WONK_OK || (marked && !force))
		return st;
	/* Keys first, changes after: metadata must not change under the
	 * iterator. */
	char **keys = NULL;
	size_t nkeys = 0;
	st = wonk_metadata_keys(idx, ACRO_PREFIX, 0, &keys, &nkeys);
	if (st != WONK_OK) {
		*err = wonk_strdup_printf("%s", wonk_errmsg(idx));
		return st;
	}
	int complete = 1;
	for (size_t i = 0; i < nkeys && st == WONK_OK; i++) {
		char *lf = NULL;
		size_t llen = 0;
		const char *abbrev = keys[i] + strlen(ACRO_PREFIX);
		st = wonk_xdb_get_meta(idx->db, keys[i], &lf, &llen, err);
		/* One whose entry cannot be written keeps the index read whole. */
		if (st == WONK_OK && lf && !reverse_fits(strlen(abbrev), llen))
			complete = 0;
		else if (st == WONK_OK && lf)
			st = store_reverse(idx->db, abbrev, lf, llen, err);
		free(lf);
	}
	wonk_free_keys(keys, nkeys);
	if (st == WONK_OK && complete)
		st = wonk_xdb_set_meta(idx->db, REVERSE_MARK, "1", 1, err);
	*changed = st == WONK_OK;
	return st;
}

int wonk_acronyms_by_query(wonk_index *const *parts, size_t nparts)
{
	for (size_t p = 0; p < nparts; p++) {
		char *err = NULL;
		int marked;
		read_mark(parts[p]->db, &marked, &err);
		free(err);
		if (!marked)
			return 0;
	}
	return 1;
}

/* ---- every definition at once, for an index without reverse entries */

/* One mined definition, from whichever shard holds it. */
typedef struct acro {
	char *key, *val;
	size_t vlen;
} acro;

typedef struct acro_list {
	acro *v;
	size_t n, cap;
} acro_list;

static int by_key_then_value(const void *a, const void *b)
{
	const acro *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return bytes_before(x->val, x->vlen, y->val, y->vlen) ? -1
	       : bytes_before(y->val, y->vlen, x->val, x->vlen) ? 1 : 0;
}

/* Appends the acronyms part's metadata holds to l. */
static wonk_status gather_acronyms(wonk_index *idx, wonk_index *part, acro_list *l)
{
	char **keys = NULL, *err = NULL;
	size_t nkeys = 0;
	wonk_status st = wonk_metadata_keys(part, ACRO_PREFIX, 0, &keys, &nkeys);
	if (st != WONK_OK)
		return wonk_set_error(idx, st, "%s", wonk_errmsg(part));
	for (size_t i = 0; i < nkeys && st == WONK_OK; i++) {
		char *val = NULL;
		size_t vlen = 0;
		st = wonk_xdb_get_meta(part->db, keys[i], &val, &vlen, &err);
		if (st != WONK_OK) {
			wonk_take_error(idx, st, err);
			break;
		}
		if (!val)
			continue;
		if (l->n == l->cap) {
			size_t cap = l->cap ? 2 * l->cap : 64;
			acro *v = realloc(l->v, cap * sizeof *v);
			if (!v) {
				free(val);
				st = wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
				break;
			}
			l->v = v;
			l->cap = cap;
		}
		l->v[l->n++] = (acro){keys[i], val, vlen};
		keys[i] = NULL;
	}
	wonk_free_keys(keys, nkeys);
	return st;
}

wonk_status wonk_load_acronyms(wonk_index *idx, wonk_index *const *parts, size_t nparts,
			       wonk_synonyms *into)
{
	acro_list l = {0};
	wonk_status st = WONK_OK;
	for (size_t p = 0; p < nparts && st == WONK_OK; p++)
		st = gather_acronyms(idx, parts[p], &l);
	if (st == WONK_OK && l.n)
		qsort(l.v, l.n, sizeof *l.v, by_key_then_value);
	for (size_t i = 0; i < l.n && st == WONK_OK; i++) {
		if (i && strcmp(l.v[i].key, l.v[i - 1].key) == 0)
			continue;
		if (wonk_synonyms_add_pair(into, l.v[i].key + strlen(ACRO_PREFIX), l.v[i].val) < 0)
			st = wonk_set_error(idx, WONK_ERR_NO_MEMORY, "out of memory");
	}
	for (size_t i = 0; i < l.n; i++) {
		free(l.v[i].key);
		free(l.v[i].val);
	}
	free(l.v);
	return st;
}

/* ---- the definitions a query's words take part in */

typedef struct lookup {
	wonk_index *idx;
	wonk_index *const *parts;
	size_t nparts;
	wonk_synonyms *into;
	/* The abbreviations added so far, each once. */
	char **added;
	size_t nadded, cap;
	wonk_status st;
} lookup;

/* The definition of abbreviation abbrev (a stem) that stands across the
 * parts, the least (malloc'ed), or NULL. */
static char *standing(lookup *l, const char *abbrev)
{
	char *key = wonk_strdup_printf(ACRO_PREFIX "%s", abbrev), *best = NULL;
	size_t blen = 0;
	if (!key) {
		l->st = wonk_set_error(l->idx, WONK_ERR_NO_MEMORY, "out of memory");
		return NULL;
	}
	for (size_t p = 0; p < l->nparts && l->st == WONK_OK; p++) {
		char *val = NULL, *err = NULL;
		size_t vlen = 0;
		wonk_status st;
		for (int attempt = 0;; attempt++) {
			st = wonk_xdb_get_meta(l->parts[p]->db, key, &val, &vlen, &err);
			if (!wonk_retry_modified(l->parts[p], st, attempt, &err))
				break;
		}
		if (st != WONK_OK) {
			l->st = wonk_take_error(l->idx, st, err);
		} else if (val && (!best || bytes_before(val, vlen, best, blen))) {
			free(best);
			best = val;
			blen = vlen;
			val = NULL;
		}
		free(val);
	}
	free(key);
	if (l->st != WONK_OK) {
		free(best);
		return NULL;
	}
	return best;
}

/* Adds abbrev = lf unless abbrev is in already. */
static void add_definition(lookup *l, const char *abbrev, const char *lf)
{
	for (size_t i = 0; i < l->nadded; i++)
		if (strcmp(l->added[i], abbrev) == 0)
			return;
	if (l->nadded == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 8;
		char **grown = realloc(l->added, cap * sizeof *grown);
		if (!grown) {
			l->st = wonk_set_error(l->idx, WONK_ERR_NO_MEMORY, "out of memory");
			return;
		}
		l->added = grown;
		l->cap = cap;
	}
	l->added[l->nadded] = wonk_strndup(abbrev, strlen(abbrev));
	if (!l->added[l->nadded] || wonk_synonyms_add_pair(l->into, abbrev, lf) < 0) {
		free(l->added[l->nadded]);
		l->st = wonk_set_error(l->idx, WONK_ERR_NO_MEMORY, "out of memory");
		return;
	}
	l->nadded++;
}

/* The definitions whose long form starts with the word stem: the reverse
 * entries under "acrolf:" stem TAB, each kept only if its definition
 * still stands. */
static void long_forms_from(lookup *l, const char *stem)
{
	char *prefix = wonk_strdup_printf(REVERSE_PREFIX "%s\t", stem);
	if (!prefix) {
		l->st = wonk_set_error(l->idx, WONK_ERR_NO_MEMORY, "out of memory");
		return;
	}
	for (size_t p = 0; p < l->nparts && l->st == WONK_OK; p++) {
		char **keys = NULL;
		size_t nkeys = 0;
		wonk_status st = wonk_metadata_keys(l->parts[p], prefix, 0, &keys, &nkeys);
		if (st != WONK_OK) {
			l->st = wonk_set_error(l->idx, st, "%s", wonk_errmsg(l->parts[p]));
			break;
		}
		for (size_t k = 0; k < nkeys && l->st == WONK_OK; k++) {
			/* first TAB rest TAB abbreviation: the long form is
			 * "first rest", or "first" when rest is empty. */
			char *lf = keys[k] + strlen(REVERSE_PREFIX);
			char *t1 = strchr(lf, '\t'), *t2 = strrchr(lf, '\t');
			if (!t1 || t2 == t1)
				continue;
			*t1 = t2 == t1 + 1 ? '\0' : ' ';
			*t2 = '\0';
			char *now = standing(l, t2 + 1);
			if (now && strcmp(now, lf) == 0)
				add_definition(l, t2 + 1, lf);
			free(now);
		}
		wonk_free_keys(keys, nkeys);
	}
	free(prefix);
}

static void look_up_word(lookup *l, const char *stem)
{
	/* The word as an abbreviation... */
	char *lf = standing(l, stem);
	if (lf)
		add_definition(l, stem, lf);
	free(lf);
	/* ...and as the first word of a long form. */
	if (l->st == WONK_OK)
		long_forms_from(l, stem);
}

/* Each TERM's stem once, in query order. */
static void walk(lookup *l, const wonk_qnode *n, const char ***seen, size_t *nseen)
{
	if (!n || l->st != WONK_OK)
		return;
	if (n->op == WONK_Q_TERM && n->stem) {
		for (size_t i = 0; i < *nseen; i++)
			if (strcmp((*seen)[i], n->stem) == 0)
				return;
		const char **grown = realloc(*seen, (*nseen + 1) * sizeof *grown);
		if (!grown) {
			l->st = wonk_set_error(l->idx, WONK_ERR_NO_MEMORY, "out of memory");
			return;
		}
		*seen = grown;
		(*seen)[(*nseen)++] = n->stem;
		look_up_word(l, n->stem);
		return;
	}
	for (size_t i = 0; i < n->nkids; i++)
		walk(l, n->kids[i], seen, nseen);
}

wonk_status wonk_query_acronyms(wonk_index *idx, wonk_index *const *parts, size_t nparts,
				const wonk_qnode *root, wonk_synonyms *into)
{
	lookup l = {idx, parts, nparts, into, NULL, 0, 0, WONK_OK};
	const char **seen = NULL;
	size_t nseen = 0;
	walk(&l, root, &seen, &nseen);
	free(seen);
	for (size_t i = 0; i < l.nadded; i++)
		free(l.added[i]);
	free(l.added);
	return l.st;
}
