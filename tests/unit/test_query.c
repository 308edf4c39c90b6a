/*
 * test_query.c - the query parser: words, phrases, graceful degradation.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "query.h"

static int parse(wonk_analyzer *a, const char *text, wonk_query *q, char **err)
{
	return wonk_query_parse(a, text, q, err, NULL);
}

int main(void)
{
	wonk_analyzer *a = wonk_analyzer_new();
	wonk_query q;
	char *err = NULL;

	CHECK(parse(a, "MIRV Russian assistance", &q, &err) == 0 && q.root &&
		      q.root->op == WONK_Q_OR && q.root->nkids == 3,
	      "plain words become one ranked OR");
	CHECK(q.root && strcmp(q.root->kids[0]->stem, "mirv") == 0 &&
		      strcmp(q.root->kids[1]->form, "russian") == 0,
	      "query words are analysed like documents (stem mirv, form russian)");
	CHECK(!wonk_query_has_phrase(q.root), "no phrase in plain words");
	wonk_query_clear(&q);

	CHECK(parse(a, "\"Monroe doctrine\"", &q, &err) == 0 && q.root &&
		      q.root->op == WONK_Q_PHRASE && q.root->nkids == 2,
	      "a quoted phrase is a PHRASE of its words");
	CHECK(q.root && strcmp(q.root->kids[0]->form, "monroe") == 0,
	      "phrase words keep their exact (folded) form");
	CHECK(q.note == NULL, "a balanced quote gives no note");
	wonk_query_clear(&q);

	CHECK(parse(a, "tariff \"Monroe doctrine\" Cuba", &q, &err) == 0 && q.root &&
		      q.root->op == WONK_Q_AND_MAYBE && q.root->kids[0]->op == WONK_Q_PHRASE &&
		      q.root->kids[1]->op == WONK_Q_OR,
	      "phrases filter and words rank: AND_MAYBE(phrase, OR(words))");
	wonk_query_clear(&q);

	CHECK(parse(a, "Kim \"Jong-un", &q, &err) == 0 && q.root && q.note &&
		      strstr(q.note, "unbalanced quote"),
	      "an unbalanced quote degrades to a phrase to the end, with a note");
	CHECK(q.root && q.root->op == WONK_Q_AND_MAYBE && q.root->kids[0]->nkids == 2,
	      "the open phrase holds jong un");
	wonk_query_clear(&q);

	CHECK(parse(a, "  \"\" ?! ", &q, &err) == 0 && q.root == NULL,
	      "a query of punctuation and an empty phrase has nothing to search");
	wonk_query_clear(&q);
	CHECK(parse(a, "", &q, &err) == 0 && q.root == NULL, "the empty query has nothing to search");
	wonk_query_clear(&q);

	char *huge = malloc(10000 * 4 + 1);
	for (int i = 0; i < 10000; i++)
		memcpy(huge + i * 4, "abc ", 4);
	huge[40000] = '\0';
	CHECK(parse(a, huge, &q, &err) < 0 && err && strstr(err, "too long"),
	      "10,000 words is refused with a message, not a stall");
	free(err);
	err = NULL;
	free(huge);

	CHECK(parse(a, "\x01\x1b\x7f missile \xff\xfe", &q, &err) == 0 && q.root &&
		      q.root->op == WONK_Q_TERM && strcmp(q.root->stem, "missil") == 0,
	      "control characters and invalid UTF-8 are separators, not crashes");
	wonk_query_clear(&q);

	wonk_analyzer_free(a);
	return CHECK_DONE();
}
