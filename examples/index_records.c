/*
 * index_records.c - the whole life of an index in one program: build it
 * from records held in memory, commit, close, reopen it read-only, check
 * what it holds and search it.
 *
 *	cc $(pkg-config --cflags wonk) index_records.c $(pkg-config --libs wonk) -o index_records
 *	./index_records 'tariff revenue'
 *
 * add_record() turns each record into a wonk_doc (text plus metadata) and
 * adds it under a key of the program's choosing; adding the same key again
 * replaces the document, so a program can keep an index in step with its
 * own database.  The index lives in a temporary directory, removed at the
 * end.
 *
 * Exit status: 0 hits, 1 no hits, 2 error.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <wonk.h>

/* The records to index: a key (the program's own id), metadata, text. */
struct record {
	const char *name;
	const char *title, *author, *date;
	const char *text;
};

static const struct record records[] = {
	{"monroe.txt", "The Monroe Doctrine", "James Monroe", "1823-12-02",
	 "The Monroe Doctrine remains the cornerstone of our policy in this "
	 "hemisphere. We have no wish to acquire territory.\n"},
	{"tariffs.txt", "On the tariff", "Grover Cleveland", "1887",
	 "The tariff question deserves your attention. Revenue from customs "
	 "has grown faster than expected, and the surplus should be returned.\n"},
	{"alliance.txt", "Moscow and Pyongyang", "Dan White", "June 19, 2024",
	 "Pyongyang and Moscow signed a mutual defense treaty. Russian "
	 "technical assistance may explain the progress of the missile "
	 "program.\n"},
	{"civil-service.txt", "Civil service reform", "Chester Arthur", "1881",
	 "We should reform the civil service. Appointments by merit serve the "
	 "public better than appointments by favour.\n"},
};

/* Adds record r to idx as an in-memory document under its name. */
static wonk_status add_record(wonk_index *idx, const struct record *r)
{
	wonk_doc *doc;
	wonk_status st = wonk_doc_new(&doc);
	if (st == WONK_OK)
		st = wonk_doc_set_field(doc, WONK_FIELD_TITLE, r->title);
	if (st == WONK_OK)
		st = wonk_doc_set_field(doc, WONK_FIELD_AUTHOR, r->author);
	if (st == WONK_OK) /* any common form; stored as ISO 8601 */
		st = wonk_doc_set_field(doc, WONK_FIELD_DATE, r->date);
	if (st == WONK_OK)
		st = wonk_doc_set_text(doc, r->text, strlen(r->text));
	wonk_add_report report;
	if (st == WONK_OK)
		st = wonk_index_add_document(idx, r->name, doc, &report);
	if (st == WONK_OK)
		printf("%s: %llu passages\n", r->name,
		       (unsigned long long)report.passages);
	wonk_doc_destroy(doc);
	return st;
}

static int remove_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb, (void)type, (void)ftw;
	return remove(path);
}

int main(int argc, char **argv)
{
	const char *query = argc > 1 ? argv[1] : "tariff revenue";
	const char *tmp = getenv("TMPDIR");
	char dir[4096], index_dir[4096 + 8];
	snprintf(dir, sizeof dir, "%s/wonk-example-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror(dir);
		return 2;
	}
	snprintf(index_dir, sizeof index_dir, "%s/index", dir);

	/* 1. Create the index and add the records.  Open takes the writer
	 * lock; close commits and releases it. */
	wonk_index *idx;
	char *msg;
	int status = 2;
	wonk_status st = wonk_index_open(index_dir, WONK_OPEN_WRITE | WONK_OPEN_CREATE,
					 &idx, &msg);
	if (st != WONK_OK) {
		fprintf(stderr, "index_records: %s\n", msg ? msg : wonk_status_string(st));
		wonk_free(msg);
		goto done;
	}
	for (size_t i = 0; i < sizeof records / sizeof *records; i++) {
		st = add_record(idx, &records[i]);
		if (st != WONK_OK) {
			fprintf(stderr, "index_records: %s: %s\n", records[i].name,
				*wonk_errmsg(idx) ? wonk_errmsg(idx) : wonk_status_string(st));
			wonk_index_close(idx);
			goto done;
		}
	}
	st = wonk_index_commit(idx);
	if (st != WONK_OK) {
		fprintf(stderr, "index_records: commit: %s\n", wonk_errmsg(idx));
		wonk_index_close(idx);
		goto done;
	}
	wonk_index_close(idx);

	/* 2. Reopen to read, as another program would, and search. */
	st = wonk_index_open(index_dir, WONK_OPEN_READ, &idx, &msg);
	if (st != WONK_OK) {
		fprintf(stderr, "index_records: %s\n", msg ? msg : wonk_status_string(st));
		wonk_free(msg);
		goto done;
	}
	uint64_t documents, passages;
	if (wonk_index_stats(idx, &documents, &passages) == WONK_OK)
		printf("index: %llu documents, %llu passages\n",
		       (unsigned long long)documents, (unsigned long long)passages);

	wonk_search *s;
	wonk_results *res = NULL;
	st = wonk_search_new(idx, query, &s);
	if (st == WONK_OK) {
		st = wonk_search_run(s, &res);
		wonk_search_destroy(s);
	}
	if (st != WONK_OK) {
		fprintf(stderr, "index_records: %s\n", wonk_errmsg(idx));
	} else {
		printf("%zu hits for '%s'\n", wonk_results_count(res), query);
		for (size_t i = 0; i < wonk_results_count(res); i++) {
			const wonk_hit *h = wonk_results_hit(res, i);
			printf("%u. %s (%s, %s): %s\n", wonk_hit_rank(h), wonk_hit_title(h),
			       wonk_hit_field(h, WONK_FIELD_AUTHOR),
			       wonk_hit_field(h, WONK_FIELD_DATE), wonk_hit_text(h, NULL));
		}
		status = wonk_results_count(res) > 0 ? 0 : 1;
		wonk_results_destroy(res);
	}
	wonk_index_close(idx);

done:
	/* Remove the index. */
	nftw(dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	return status;
}
