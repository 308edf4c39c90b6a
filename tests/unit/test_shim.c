/*
 * test_shim.c - the Xapian shim on a real temporary database: documents,
 * metadata and transactions round-trip, and Xapian's errors arrive as
 * statuses with messages instead of exceptions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "layout.h"
#include "xapian_shim.h"

static wonk_xdoc *passage_doc(const char *parent, const char *const *words, const char *data)
{
	wonk_xdoc *d = wonk_xdoc_new();
	for (uint32_t i = 0; words[i]; i++)
		wonk_xdoc_add_posting(d, words[i], strlen(words[i]), i);
	wonk_xdoc_add_boolean(d, parent, strlen(parent));
	wonk_xdoc_set_value(d, 0, parent, strlen(parent));
	wonk_xdoc_set_value(d, WONK_SLOT_RECORD, data, strlen(data) + 1); /* with its NUL, like records */
	return d;
}

int main(void)
{
	char tmp[] = "/tmp/wonk-test-shim-XXXXXX";
	if (!mkdtemp(tmp))
		return 1;
	char dir[64];
	snprintf(dir, sizeof dir, "%s/db", tmp);
	wonk_xdb *db = NULL, *reader = NULL;
	char *err = NULL;

	CHECK(wonk_xdb_open(dir, WONK_OPEN_READ, &reader, &err) == WONK_ERR_NOT_FOUND &&
		      !reader && err,
	      "opening a missing database: NOT_FOUND and a message (%s)", err ? err : "");
	free(err);
	err = NULL;
	CHECK(wonk_xdb_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &db, &err) == WONK_OK && db,
	      "creating a database");

	static const char *const w1[] = {"russian", "assist", "mirv", NULL};
	static const char *const w2[] = {"monro", "doctrin", NULL};
	static const char *const w3[] = {"russian", "tariff", NULL};
	CHECK(wonk_xdb_begin(db, &err) == WONK_OK && wonk_xdb_in_transaction(db), "begin");
	wonk_xdoc *d1 = passage_doc("Pa", w1, "first"), *d2 = passage_doc("Pa", w2, "second"),
		  *d3 = passage_doc("Pb", w3, "third");
	CHECK(wonk_xdb_add(db, d1, &err) == WONK_OK && wonk_xdb_add(db, d2, &err) == WONK_OK &&
		      wonk_xdb_add(db, d3, &err) == WONK_OK,
	      "adding three passages");
	CHECK(wonk_xdb_set_meta(db, "Fa", "12 3 4 2\ta.txt", 14, &err) == WONK_OK, "set metadata");
	CHECK(wonk_xdb_commit(db, &err) == WONK_OK && !wonk_xdb_in_transaction(db), "commit");

	uint64_t n = 0;
	CHECK(wonk_xdb_doccount(db, &n, &err) == WONK_OK && n == 3, "three documents");
	CHECK(wonk_xdb_count_prefix(db, "P", &n, &err) == WONK_OK && n == 2, "two parents");
	char *val = NULL;
	size_t len = 0;
	CHECK(wonk_xdb_get_meta(db, "Fa", &val, &len, &err) == WONK_OK && val && len == 14 &&
		      memcmp(val, "12 3 4 2\ta.txt", 14) == 0,
	      "metadata reads back");
	free(val);
	CHECK(wonk_xdb_get_meta(db, "Fz", &val, &len, &err) == WONK_OK && val == NULL,
	      "a missing key reads as NULL");

	/* A cancelled transaction leaves nothing behind. */
	wonk_xdb_begin(db, &err);
	wonk_xdb_delete_term(db, "Pa", &err);
	wonk_xdb_set_meta(db, "Fa", "", 0, &err);
	CHECK(wonk_xdb_cancel(db, &err) == WONK_OK, "cancel");
	wonk_xdb_doccount(db, &n, &err);
	CHECK(n == 3, "a cancelled delete deletes nothing");

	/* A second writer gets a status, not an exception. */
	wonk_xdb *second = NULL;
	CHECK(wonk_xdb_open(dir, WONK_OPEN_WRITE, &second, &err) == WONK_ERR_LOCKED && !second,
	      "a second writer: LOCKED");
	free(err);
	err = NULL;

	/* Searching, from a separate reader. */
	CHECK(wonk_xdb_open(dir, WONK_OPEN_READ, &reader, &err) == WONK_OK, "a reader opens");
	wonk_qnode t1 = {.op = WONK_Q_TERM, .stem = (char *)"russian"};
	wonk_qnode t2 = {.op = WONK_Q_TERM, .stem = (char *)"mirv"};
	wonk_qnode *kids[] = {&t1, &t2};
	wonk_qnode or = {.op = WONK_Q_OR, .kids = kids, .nkids = 2};
	wonk_xsearch p = {.query = &or, .first = 0, .count = 10, .collapse_slot = -1};
	wonk_xresult r;
	CHECK(wonk_xdb_search(reader, &p, &r, &err) == WONK_OK && r.n == 2 &&
		      strcmp(r.hits[0].data, "first") == 0 && r.hits[0].score > r.hits[1].score,
	      "BM25 ranks the passage with both words first");
	wonk_xresult_free(&r, 0);

	/* A value slot of several passages at once, for stage 2's dates. */
	unsigned ids[] = {1, 3, 2};
	char *vals[3];
	CHECK(wonk_xdb_values(reader, 0, ids, 3, vals, &err) == WONK_OK && vals[0] && vals[1] &&
		      vals[2] && strcmp(vals[0], "Pa") == 0 && strcmp(vals[1], "Pb") == 0 &&
		      strcmp(vals[2], "Pa") == 0,
	      "each passage's value, in the order asked");
	for (int i = 0; i < 3; i++)
		free(vals[i]);
	CHECK(wonk_xdb_values(reader, 5, ids, 3, vals, &err) == WONK_OK && !vals[0] && !vals[1] &&
		      !vals[2],
	      "a slot the passages do not fill gives NULLs");

	wonk_qnode m = {.op = WONK_Q_TERM, .stem = (char *)"monro"};
	wonk_qnode d = {.op = WONK_Q_TERM, .stem = (char *)"doctrin"};
	wonk_qnode *pk[] = {&m, &d}, *rk[] = {&d, &m};
	wonk_qnode ph = {.op = WONK_Q_PHRASE, .kids = pk, .nkids = 2};
	wonk_qnode rev = {.op = WONK_Q_PHRASE, .kids = rk, .nkids = 2};
	p.query = &ph;
	CHECK(wonk_xdb_search(reader, &p, &r, &err) == WONK_OK && r.n == 1 &&
		      strcmp(r.hits[0].data, "second") == 0,
	      "a phrase matches by position");
	wonk_xresult_free(&r, 0);
	p.query = &rev;
	CHECK(wonk_xdb_search(reader, &p, &r, &err) == WONK_OK && r.n == 0,
	      "the reversed phrase does not");
	wonk_xresult_free(&r, 0);

	p.collapse_slot = 0;
	p.collapse_max = 1;
	wonk_qnode *ak[] = {&t1, &m};
	wonk_qnode both = {.op = WONK_Q_OR, .kids = ak, .nkids = 2};
	p.query = &both;
	CHECK(wonk_xdb_search(reader, &p, &r, &err) == WONK_OK && r.n == 2,
	      "collapsing keeps one passage per parent (%zu)", r.n);
	wonk_xresult_free(&r, 0);

	/* The reader sees new commits after reopen. */
	static const char *const w4[] = {"russian", NULL};
	wonk_xdoc *d4 = passage_doc("Pc", w4, "fourth");
	wonk_xdb_add(db, d4, &err);
	wonk_xdb_commit(db, &err);
	wonk_xdb_reopen(reader, &err);
	wonk_xdb_doccount(reader, &n, &err);
	CHECK(n == 4, "reopen shows the writer's commit");

	wonk_xdoc_free(d1);
	wonk_xdoc_free(d2);
	wonk_xdoc_free(d3);
	wonk_xdoc_free(d4);
	wonk_xdb_close(reader);
	wonk_xdb_close(db);
	free(err);
	char cmd[96];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? CHECK_DONE() : 1;
}
