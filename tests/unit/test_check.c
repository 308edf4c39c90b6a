/*
 * test_check.c - wonk_index_check() on passages without terms: one whose
 * text has words the index lost is damage; one whose text has no word the
 * indexer could have made a term of (a run of letters too long to be a
 * word, as in a base64 blob) is not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wonk.h"

#include "check.h"
#include "layout.h"
#include "record.h"
#include "xapian_shim.h"

typedef struct found {
	char no_terms[8][128];
	int n;
} found;

static void collect(void *ctx, const char *problem)
{
	found *f = ctx;
	if (strstr(problem, "has no terms") && f->n < 8)
		snprintf(f->no_terms[f->n++], sizeof f->no_terms[0], "%s", problem);
}

/* A passage with a readable record of text and its document's boolean
 * term, but no term for any of its words. */
static int add_termless(wonk_xdb *db, const char *docid, const char *text)
{
	wonk_record rec = {.text = text, .text_len = strlen(text), .end = strlen(text)};
	rec.field[WONK_FIELD_DOC] = docid;
	rec.field[WONK_FIELD_PATH] = "mem:termless";
	wonk_buf b = {0};
	wonk_record_encode(&rec, &b);
	char term[32];
	snprintf(term, sizeof term, WONK_PREFIX_DOC "%s", docid);
	static const char ord[4] = {0, 0, 0, 0};
	wonk_xdoc *d = wonk_xdoc_new();
	char *err = NULL;
	int ok = !b.failed && d && wonk_xdoc_add_boolean(d, term, strlen(term)) == 0 &&
		 wonk_xdoc_set_value(d, WONK_SLOT_DOC, docid, strlen(docid)) == 0 &&
		 wonk_xdoc_set_value(d, WONK_SLOT_ORDINAL, ord, 4) == 0 &&
		 wonk_xdoc_set_value(d, WONK_SLOT_RECORD, b.data, b.len) == 0 &&
		 wonk_xdb_add(db, d, &err) == WONK_OK;
	free(err);
	wonk_xdoc_free(d);
	wonk_buf_free(&b);
	return ok ? 0 : -1;
}

int main(void)
{
	char tmp[] = "/tmp/wonk-test-check-XXXXXX";
	if (!mkdtemp(tmp))
		return 1;
	char dir[64];
	snprintf(dir, sizeof dir, "%s/idx", tmp);

	wonk_index *idx = NULL;
	wonk_doc *doc = NULL;
	const char *text = "The tariff on wheat was raised again.";
	CHECK(wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &idx, NULL) == WONK_OK &&
		      wonk_doc_new(&doc) == WONK_OK &&
		      wonk_doc_set_text(doc, text, strlen(text)) == WONK_OK &&
		      wonk_index_add_document(idx, "mem:1", doc, NULL) == WONK_OK &&
		      wonk_index_commit(idx) == WONK_OK,
	      "an index of one in-memory document");
	wonk_doc_destroy(doc);
	wonk_index_close(idx);

	uint64_t problems = 99;
	CHECK(wonk_index_check(dir, NULL, NULL, &problems, NULL) == WONK_OK && problems == 0,
	      "it passes the check");

	/* Xapian documents 2 and 3, behind wonk's back. */
	char letters[301];
	memset(letters, 'x', sizeof letters - 1);
	letters[sizeof letters - 1] = '\0';
	wonk_xdb *db = NULL;
	char *err = NULL;
	CHECK(wonk_xdb_open(dir, WONK_OPEN_WRITE, &db, &err) == WONK_OK &&
		      wonk_xdb_begin(db, &err) == WONK_OK &&
		      add_termless(db, "00000000000000a1", "Steel and wheat, words all.") == 0 &&
		      add_termless(db, "00000000000000a2", letters) == 0 &&
		      wonk_xdb_commit(db, &err) == WONK_OK,
	      "two passages without terms added: one of words, one of a 300-letter run");
	free(err);
	wonk_xdb_close(db);

	found f = {.n = 0};
	CHECK(wonk_index_check(dir, collect, &f, NULL, NULL) == WONK_ERR_CORRUPT,
	      "the check finds damage");
	CHECK(f.n == 1 && strstr(f.no_terms[0], "Xapian document 2)"),
	      "...a passage without terms: the one whose words are lost, not the one of no word "
	      "(%d: %s)",
	      f.n, f.n ? f.no_terms[0] : "");

	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
	if (system(cmd) != 0)
		return 1;
	return CHECK_DONE();
}
