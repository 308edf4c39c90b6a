/*
 * fuzz_query.c - libFuzzer target: the query parser (wonk_query_parse,
 * wonk_query_clear, then wonk_expand_query with the shipped synonym
 * lists and the numbers' other forms, then stage 2's ranker, scoring
 * the query's own text as a passage) on any string a user might type
 * or paste, the same string
 * read as a synonyms file and expanded with, and the
 * field filters the API builds from a value (wonk_query_field).  A syntax
 * error must come with a message and a position inside the query.
 */
#include "fuzz.h"
#include "expand.h"
#include "numbers.h"
#include "query.h"
#include "rank.h"
#include "synonyms.h"
#include "util.h"

static void check_tree(const wonk_qnode *n, int depth)
{
	FUZZ_ASSERT(depth < 10000, "the tree is not absurdly deep");
	FUZZ_ASSERT(n->op <= WONK_Q_SYNONYM, "a node has a known operator");
	if (n->op == WONK_Q_TERM)
		FUZZ_ASSERT(n->stem && n->form, "a term has its stem and form");
	if (n->op == WONK_Q_FILTER)
		FUZZ_ASSERT(n->stem, "a filter has its term");
	if (n->op == WONK_Q_PREFIX)
		FUZZ_ASSERT(n->form, "a prefix has its form");
	if (n->op == WONK_Q_RANGE)
		FUZZ_ASSERT(n->lo || n->hi, "a range has at least one end");
	if (n->op == WONK_Q_AND_NOT || n->op == WONK_Q_AND_MAYBE || n->op == WONK_Q_OR ||
	    n->op == WONK_Q_AND || n->op == WONK_Q_PHRASE || n->op == WONK_Q_NEAR ||
	    n->op == WONK_Q_SYNONYM)
		FUZZ_ASSERT(n->nkids > 0, "an operator has operands");
	for (size_t i = 0; i < n->nkids; i++) {
		FUZZ_ASSERT(n->kids[i] != NULL, "no operand is missing");
		check_tree(n->kids[i], depth + 1);
	}
}

/* Any positive weight will do for the ranker's words. */
static double some_idf(void *ctx, const char *stem)
{
	(void)ctx;
	return 0.5 + (double)(strlen(stem) % 5);
}

/* Stage 2 with the query's own text as the passage, its title and its
 * author: the names read from the query's capitals, runs and synonyms
 * meet arbitrary input. */
static void rank_itself(wonk_analyzer *a, const wonk_qnode *root, const char *text,
			size_t size)
{
	size_t len = 0;
	char *passage = wonk_utf8_repair(text, size, &len);
	wonk_ranker *r = wonk_ranker_new(a, root, text, some_idf, NULL);
	if (passage && r) {
		wonk_record rec;
		memset(&rec, 0, sizeof rec);
		rec.text = passage;
		rec.text_len = len;
		rec.field[WONK_FIELD_TITLE] = passage;
		/* The query's text as the author too: surnames read from
		 * arbitrary names and separators. */
		double score = wonk_ranker_score(r, &rec, 1.0, 1.0, 0.5, "1999-12-31", passage,
						 NULL, NULL);
		FUZZ_ASSERT(score == score && score < 100, "a passage's score is a number in range");
	}
	wonk_ranker_free(r);
	free(passage);
}

/* The relatives a search offers, less its index: the number's other
 * forms, as written, for whatever the query's words and their
 * neighbours are. */
static int number_relatives(void *ctx, const char *stem, const char *form, wonk_synonym_fn add,
			    void *add_ctx)
{
	(void)ctx;
	(void)stem;
	FUZZ_ASSERT(form != NULL, "each word is offered with a form");
	char forms[4][WONK_NUMBER_FORM_MAX];
	size_t n = wonk_number_forms(form, forms, 4);
	FUZZ_ASSERT(n <= 4, "no more forms than room");
	for (size_t i = 0; i < n; i++) {
		FUZZ_ASSERT(memchr(forms[i], '\0', WONK_NUMBER_FORM_MAX) && forms[i][0],
			    "a form is a string, and not empty");
		int rc = add(add_ctx, forms[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wonk_analyzer *a;
	static wonk_synonyms *syn;
	if (!a && !(a = wonk_analyzer_new()))
		return 0;
	if (!syn && (syn = wonk_synonyms_new()) && wonk_synonyms_add_defaults(syn, a) < 0) {
		wonk_synonyms_free(syn);
		syn = NULL;
	}
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	wonk_query q;
	char *err = NULL;
	size_t pos = 0;
	memset(&q, 0, sizeof q);
	if (wonk_query_parse(a, text, &q, &err, &pos) == 0) {
		if (q.root) {
			check_tree(q.root, 0);
			(void)wonk_query_has_phrase(q.root);
			/* Expanded with the shipped lists, as a search does
			 * (runs of words, demonym runs, capitals, numbers). */
			if (syn && wonk_expand_query(&q.root, syn, text, number_relatives, NULL) == 0) {
				check_tree(q.root, 0);
				rank_itself(a, q.root, text, size);
			}
		}
	} else if (err) {
		/* Not out of memory: a syntax error, placed in the query. */
		FUZZ_ASSERT(pos <= strlen(text) + 1, "an error's position is in the query");
	}
	wonk_query_clear(&q);
	free(err);

	/* The input as a synonyms file too (INDEX/synonyms.txt is the user's
	 * to write): its lines wait, filed by their first words, and the
	 * query's lookups take and analyse those they need. */
	wonk_synonyms *file = syn ? wonk_synonyms_over(syn) : NULL;
	err = NULL;
	memset(&q, 0, sizeof q);
	if (file && wonk_synonyms_add_text(file, a, text, size) == 0 &&
	    wonk_query_parse(a, text, &q, &err, NULL) == 0 && q.root &&
	    wonk_expand_query(&q.root, file, text, NULL, NULL) == 0)
		check_tree(q.root, 0);
	wonk_query_clear(&q);
	free(err);
	wonk_synonyms_free(file);

	/* --author X, --type X, --since/--until: a value for each field. */
	static const char *const fields[] = {"author", "title", "source", "type", "tag",
					     "year", "date"};
	const char *field = fields[size % (sizeof fields / sizeof fields[0])];
	err = NULL;
	wonk_qnode *n = wonk_query_field(a, field, text, &err);
	if (n)
		check_tree(n, 0);
	wonk_qnode_free(n);
	free(err);
	free(text);
	return 0;
}
