/*
 * test_check.c - wonk-index --check on passages without terms: one whose
 * text has words the index lost is damage; one whose text has no word the
 * indexer could have made a term of (a run of letters too long to be a
 * word, as in a base64 blob) is not.  The passages are made here, behind
 * wonk's back; the check is the program's (run as users run it: under
 * AddressSanitizer, Xapian's own check, xapian-core 1.4.22, trips a
 * new/delete size mismatch inside libxapian when called from this test
 * program, never from wonk-index).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "wonk.h"

#include "check.h"
#include "layout.h"
#include "record.h"
#include "xapian_shim.h"

/* Runs wonk-index --check -d dir: its exit status, and in *named the
 * Xapian document numbers of the passages it says have no terms, in order
 * ("2 " ...). */
static int run_check(const char *dir, char *named, size_t cap)
{
	const char *build = getenv("WONK_BUILD");
	char cmd[512];
	snprintf(cmd, sizeof cmd, "'%s/wonk-index' --check -d '%s' 2>&1", build ? build : "build",
		 dir);
	FILE *f = popen(cmd, "r");
	if (!f)
		return -1;
	char line[1024];
	size_t at = 0;
	named[0] = '\0';
	while (fgets(line, sizeof line, f)) {
		unsigned n;
		const char *p = strstr(line, "(Xapian document ");
		if (p && strstr(line, "has no terms") && sscanf(p, "(Xapian document %u)", &n) == 1 &&
		    at + 12 < cap)
			at += (size_t)snprintf(named + at, cap - at, "%u ", n);
	}
	int status = pclose(f);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
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

/* The index to check: one in-memory document through the API. */
static int write_index(const char *dir)
{
	wonk_index *idx = NULL;
	wonk_doc *doc = NULL;
	const char *text = "The tariff on wheat was raised again.";
	int ok = wonk_index_open(dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE, &idx, NULL) == WONK_OK &&
		 wonk_doc_new(&doc) == WONK_OK &&
		 wonk_doc_set_text(doc, text, strlen(text)) == WONK_OK &&
		 wonk_index_add_document(idx, "mem:1", doc, NULL) == WONK_OK &&
		 wonk_index_commit(idx) == WONK_OK;
	wonk_doc_destroy(doc);
	wonk_index_close(idx);
	return ok ? 0 : -1;
}

/* Xapian documents 2 and 3, behind wonk's back: one of words, one of a
 * 300-letter run. */
static int damage_index(const char *dir)
{
	char letters[301];
	memset(letters, 'x', sizeof letters - 1);
	letters[sizeof letters - 1] = '\0';
	wonk_xdb *db = NULL;
	char *err = NULL;
	int ok = wonk_xdb_open(dir, WONK_OPEN_WRITE, &db, &err) == WONK_OK &&
		 wonk_xdb_begin(db, &err) == WONK_OK &&
		 add_termless(db, "00000000000000a1", "Steel and wheat, words all.") == 0 &&
		 add_termless(db, "00000000000000a2", letters) == 0 &&
		 wonk_xdb_commit(db, &err) == WONK_OK;
	free(err);
	wonk_xdb_close(db);
	return ok ? 0 : -1;
}

int main(void)
{
	char tmp[] = "/tmp/wonk-test-check-XXXXXX";
	if (!mkdtemp(tmp))
		return 1;
	char dir[64];
	snprintf(dir, sizeof dir, "%s/idx", tmp);

	char named[64];
	CHECK(write_index(dir) == 0, "an index of one in-memory document");
	CHECK(run_check(dir, named, sizeof named) == 0 && !*named, "it passes --check");
	CHECK(damage_index(dir) == 0,
	      "two passages without terms added: one of words, one of a 300-letter run");
	int st = run_check(dir, named, sizeof named);
	CHECK(st == 1, "--check finds damage (exit %d)", st);
	CHECK(strcmp(named, "2 ") == 0,
	      "...a passage without terms: the one whose words are lost, not the one of no word "
	      "(named: %s)",
	      named);

	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
	if (system(cmd) != 0)
		return 1;
	return CHECK_DONE();
}
