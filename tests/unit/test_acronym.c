/*
 * test_acronym.c - acronym definitions found in running text, and the
 * synonym groups that expand a query: what "(MIRVs)" and a synonyms file
 * turn into, and what they must not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acronym.h"
#include "analyze.h"
#include "check.h"
#include "expand.h"
#include "query.h"
#include "synonyms.h"
#include "util.h"

typedef struct found {
	char text[512];
} found;

static int collect(void *ctx, const char *a, size_t an, const char *l, size_t ln)
{
	found *f = ctx;
	size_t used = strlen(f->text);
	snprintf(f->text + used, sizeof f->text - used, "%s[%.*s=%.*s]", used ? " " : "",
		 (int)an, a, (int)ln, l);
	return 0;
}

/* Like search.c's demonym rule: each alternative is written into the
 * same buffer before it is handed over. */
static int two_places(void *ctx, const char *stem, const char *form, wonk_synonym_fn add,
		      void *add_ctx)
{
	(void)ctx;
	(void)form;
	char buf[16];
	if (strcmp(stem, "rican") != 0)
		return 0;
	strcpy(buf, "rica");
	int rc = add(add_ctx, buf);
	strcpy(buf, "rico");
	return rc ? rc : add(add_ctx, buf);
}

static const char *defs(const char *text)
{
	static found f;
	memset(&f, 0, sizeof f);
	wonk_find_acronyms(text, strlen(text), collect, &f);
	return f.text;
}

static int has_synonym(const wonk_qnode *n)
{
	if (!n)
		return 0;
	if (n->op == WONK_Q_SYNONYM)
		return 1;
	for (size_t i = 0; i < n->nkids; i++)
		if (has_synonym(n->kids[i]))
			return 1;
	return 0;
}

static int count_alts(void *ctx, const char *alt)
{
	(void)alt;
	++*(int *)ctx;
	return 0;
}

/* Appends each alternative to a "|"-separated list. */
static int list_alts(void *ctx, const char *alt)
{
	char *out = ctx;
	size_t used = strlen(out);
	snprintf(out + used, 512 - used, "%s%s", used ? "|" : "", alt);
	return 0;
}

/* An expression as a lookup spells it: its stems, and them split. */
static size_t stems_of(wonk_analyzer *a, const char *e, char joined[256], const char *v[16])
{
	wonk_buf b = {0};
	wonk_analyze(a, e, strlen(e), 0, wonk_join_stems, &b, NULL);
	snprintf(joined, 256, "%.*s", (int)b.len, b.data ? b.data : "");
	wonk_buf_free(&b);
	char split[256];
	static char keep[16][64];
	snprintf(split, sizeof split, "%s", joined);
	size_t n = 0;
	for (char *w = strtok(split, " "); w && n < 16; w = strtok(NULL, " "))
		v[n] = strcpy(keep[n], w), n++;
	return n;
}

/* A synonyms file's lines wait until a lookup needs them, filed by their
 * words' first letters: every expression of every line must still find
 * its line's others, whatever it starts with, and groups must come back
 * in the file's order whichever was analysed first. */
static void test_waiting_lines(wonk_analyzer *a)
{
	static const char *const lines[] = {
		"nuclear = atomic", "O'Brien = Obrien family", "U.S. = United States of America",
		"9/11 = September eleventh", "\xC3\x89lys\xC3\xA9" "e = French presidency",
		"na\xC3\xAFve = simple minded", "3D = three-dimensional", "dying = perishing",
		"A-bomb = atomic bomb", "\"Porto Rico\", Puerto Rico", "F16 = fighter jet",
		"_foo = bar", "war \xE2\x80\x94 peace = conflict", "   leading spaces = trailing",
		"tariff, customs duty, import duty", "Prohibition = temperance   # comment = no",
		"\xC3\x9C = uber", "x = y", "skies = heavens", "using = employing", "being = existence",
		"nuclear = fission",
	};
	size_t nl = sizeof lines / sizeof lines[0];
	char file[4096] = "";
	for (size_t i = 0; i < nl; i++)
		snprintf(file + strlen(file), sizeof file - strlen(file), "%s\n", lines[i]);
	wonk_synonyms *s = wonk_synonyms_new();
	CHECK(s && wonk_synonyms_add_text(s, a, file, strlen(file)) == 0, "a tricky synonyms file is read");

	/* fission first: its line is analysed before nuclear's first line. */
	char got[512] = "";
	const char *fission[] = {"fission"}, *nuclear[] = {"nuclear"};
	wonk_synonyms_each(s, fission, 1, 0, list_alts, got);
	CHECK(strcmp(got, "nuclear") == 0, "fission finds nuclear (%s)", got);
	got[0] = '\0';
	wonk_synonyms_each(s, nuclear, 1, 0, list_alts, got);
	CHECK(strcmp(got, "atom|fission") == 0,
	      "...and nuclear its groups in the file's order, though analysed out of it (%s)", got);

	size_t missed = 0;
	char first[256] = "";
	for (size_t i = 0; i < nl; i++) {
		char line[256];
		snprintf(line, sizeof line, "%s", lines[i]);
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char expr[8][128];
		size_t ne = 0;
		for (char *e = strtok(line, "=,"); e && ne < 8; e = strtok(NULL, "=,"))
			snprintf(expr[ne++], sizeof expr[0], "%s", e);
		for (size_t j = 0; j < ne; j++) {
			char joined[256], other[256];
			const char *v[16];
			size_t n = stems_of(a, expr[j], joined, v);
			got[0] = '\0';
			wonk_synonyms_each(s, v, n, 0, list_alts, got);
			for (size_t k = 0; k < ne; k++) {
				const char *ov[16];
				stems_of(a, expr[k], other, ov);
				char padded[520];
				snprintf(padded, sizeof padded, "|%s|", got);
				char want[260];
				snprintf(want, sizeof want, "|%s|", other);
				if (k != j && strcmp(other, joined) != 0 && !strstr(padded, want) &&
				    !missed++)
					snprintf(first, sizeof first, "'%.60s' did not find '%.60s' (got %.100s)",
						 expr[j], expr[k], got);
			}
		}
	}
	CHECK(missed == 0, "every expression finds its line's others%s%s", missed ? ": " : "", first);
	CHECK(wonk_synonyms_longest(s) >= 4, "the longest expression counts at least its four words");
	wonk_synonyms_free(s);

	/* An empty file, and one of comments alone, file nothing. */
	static const char *const empty[] = {"", "# only a comment\n\n   \n"};
	for (size_t i = 0; i < 2; i++) {
		s = wonk_synonyms_new();
		got[0] = '\0';
		CHECK(s && wonk_synonyms_add_text(s, a, empty[i], strlen(empty[i])) == 0 &&
			      wonk_synonyms_each(s, nuclear, 1, 0, list_alts, got) == 0 && !*got,
		      "a synonyms file with no group (%s) reads, and finds nothing",
		      i ? "comments" : "empty");
		wonk_synonyms_free(s);
	}
}

int main(void)
{
	CHECK(strcmp(defs("A launch of Multiple Independently Targeted Reentry Vehicles (MIRVs), "
			  "a development."),
		     "[MIRVs=Multiple Independently Targeted Reentry Vehicles]") == 0,
	      "a plural acronym and its long form: %s", defs("x (MIRVs)"));
	CHECK(strcmp(defs("its ability to launch an intercontinental ballistic missile (ICBM) "
			  "with a payload"),
		     "[ICBM=intercontinental ballistic missile]") == 0,
	      "letters inside words count (InterContinental)");
	CHECK(strcmp(defs("the Association of Southeast Asian Nations (ASEAN) met"),
		     "[ASEAN=Association of Southeast Asian Nations]") == 0,
	      "small words (of) may be skipped");
	CHECK(*defs("North Korea (the DPRK) and the United States (1950)") == '\0',
	      "a parenthesis that is not an abbreviation gives nothing");
	CHECK(*defs("He said (OK) that") == '\0' && *defs("(ICBM)") == '\0' &&
		      *defs("random words here (XYZQ)") == '\0',
	      "an abbreviation whose letters the words before do not hold gives nothing");
	CHECK(*defs("(((((((((((") == '\0' && *defs("x (AB") == '\0' && *defs("") == '\0',
	      "unbalanced and empty input is harmless");

	wonk_analyzer *a = wonk_analyzer_new();
	test_waiting_lines(a);
	wonk_synonyms *s = wonk_synonyms_new();
	static const char file[] = "# a comment\nICBM = intercontinental ballistic missile\n"
				   "Porto Rico, Puerto Rico   # old and new\njust one\n";
	CHECK(wonk_synonyms_add_text(s, a, file, sizeof file - 1) == 0, "a synonyms file parses");
	CHECK(wonk_synonyms_longest(s) == 3, "its longest expression has three words");
	const char *icbm[] = {"icbm"}, *porto[] = {"porto", "rico"}, *one[] = {"just"};
	int n = 0;
	wonk_synonyms_each(s, icbm, 1, 0, count_alts, &n);
	CHECK(n == 1, "ICBM has one equivalent");
	n = 0;
	wonk_synonyms_each(s, porto, 2, 0, count_alts, &n);
	CHECK(n == 1, "a two-word expression is looked up as a run");
	n = 0;
	wonk_synonyms_each(s, one, 1, 0, count_alts, &n);
	CHECK(n == 0, "a line with one expression makes no group");

	/* A search's own groups (its words' mined acronyms) over the
	 * index's set: both are seen, and the base is left as it was. */
	wonk_synonyms *own = wonk_synonyms_over(s);
	const char *qhds[] = {"qhds"}, *lf[] = {"quarter", "harbor", "dredg", "survey"};
	CHECK(own && wonk_synonyms_add_pair(own, "qhds", "quarter harbor dredg survey") == 0,
	      "a search adds a group over the index's set");
	n = 0;
	wonk_synonyms_each(own, icbm, 1, 0, count_alts, &n);
	CHECK(n == 1, "...and still sees the index's groups");
	n = 0;
	wonk_synonyms_each(own, qhds, 1, 1, count_alts, &n);
	wonk_synonyms_each(own, lf, 4, 0, count_alts, &n);
	CHECK(n == 2, "...and its own, both ways");
	CHECK(wonk_synonyms_longest(own) == 4 && wonk_synonyms_longest(s) == 3,
	      "...whose longest expression counts for it alone");
	n = 0;
	wonk_synonyms_each(s, qhds, 1, 1, count_alts, &n);
	CHECK(n == 0, "...and which the index's set does not see");
	wonk_synonyms_free(own);
	n = 0;
	wonk_synonyms_each(s, icbm, 1, 0, count_alts, &n);
	CHECK(n == 1, "freeing it leaves the index's set whole");

	wonk_query q;
	char *err = NULL;
	CHECK(wonk_query_parse(a, "ICBM tests", &q, &err, NULL) == 0 &&
		      wonk_expand_query(&q.root, s, "ICBM tests", NULL, NULL) == 0 && q.root->op == WONK_Q_OR &&
		      q.root->kids[0]->op == WONK_Q_SYNONYM && q.root->kids[0]->nkids == 2 &&
		      q.root->kids[0]->kids[1]->op == WONK_Q_PHRASE,
	      "a capitalised abbreviation becomes a SYNONYM with its long form as a phrase");
	wonk_query_clear(&q);
	CHECK(wonk_query_parse(a, "icbm tests", &q, &err, NULL) == 0 &&
		      wonk_expand_query(&q.root, s, "icbm tests", NULL, NULL) == 0 &&
		      q.root->kids[0]->op == WONK_Q_SYNONYM,
	      "a group from the user's file applies however the word is written");
	wonk_query_clear(&q);
	CHECK(wonk_query_parse(a, "citizenship Puerto Rico", &q, &err, NULL) == 0 &&
		      wonk_expand_query(&q.root, s, "citizenship Puerto Rico", NULL, NULL) == 0 &&
		      q.root->nkids == 4 && q.root->kids[3]->op == WONK_Q_SYNONYM,
	      "a run of words keeps its words and gains the run's synonyms");
	wonk_query_clear(&q);
	CHECK(wonk_query_parse(a, "\"ICBM\"", &q, &err, NULL) == 0 &&
		      wonk_expand_query(&q.root, s, "\"ICBM\"", NULL, NULL) == 0 && q.root->op == WONK_Q_PHRASE,
	      "a quoted word stays exact");
	wonk_query_clear(&q);
	CHECK(wonk_synonyms_add_defaults(s, a) == 0, "the shipped abbreviations load");
	CHECK(wonk_query_parse(a, "start NATO", &q, &err, NULL) == 0 &&
		      wonk_expand_query(&q.root, s, "start NATO", NULL, NULL) == 0 &&
		      q.root->kids[0]->op == WONK_Q_TERM && q.root->kids[1]->op == WONK_Q_SYNONYM,
	      "a shipped abbreviation expands when written in capitals, not as a word");
	wonk_query_clear(&q);
	CHECK(wonk_query_parse(a, "Kim Jong-un", &q, &err, NULL) == 0 &&
		      wonk_expand_query(&q.root, s, "Kim Jong-un", NULL, NULL) == 0 && !has_synonym(q.root),
	      "the \"un\" of Jong-un is not the United Nations");
	wonk_query_clear(&q);
	CHECK(wonk_query_parse(a, "beijing talks", &q, &err, NULL) == 0 &&
		      wonk_expand_query(&q.root, s, "beijing talks", NULL, NULL) == 0 &&
		      q.root->kids[0]->op == WONK_Q_SYNONYM,
	      "a shipped capital stands for its country however it is written");
	wonk_query_clear(&q);

	/* The lists as the indexer stores them, read back: the same groups,
	 * the capitals still groups of words, the abbreviations not. */
	size_t len = 0;
	char *stored = wonk_synonyms_defaults_stemmed(a, &len);
	wonk_synonyms *back = wonk_synonyms_new();
	CHECK(stored && back && wonk_synonyms_add_stemmed_defaults(back, stored, len) == 0,
	      "the stored lists read back");
	CHECK(wonk_query_parse(a, "pyongyang start", &q, &err, NULL) == 0 &&
		      wonk_expand_query(&q.root, back, "pyongyang start", NULL, NULL) == 0 &&
		      q.root->kids[0]->op == WONK_Q_SYNONYM && q.root->kids[1]->op == WONK_Q_TERM,
	      "...a capital expands in lower case, an abbreviation's word does not");
	wonk_query_clear(&q);
	stored[1] = stored[1] == '0' ? '1' : '0';
	CHECK(wonk_synonyms_add_stemmed_defaults(back, stored, len) == 1,
	      "...and another list's version is refused, to be stemmed again");
	free(stored);
	wonk_synonyms_free(back);

	CHECK(wonk_query_parse(a, "citizenship Ricans", &q, &err, NULL) == 0 &&
		      wonk_expand_query(&q.root, s, "citizenship Ricans", two_places, NULL) == 0 &&
		      q.root->op == WONK_Q_OR && q.root->kids[1]->op == WONK_Q_SYNONYM &&
		      q.root->kids[1]->nkids == 3,
	      "every place a demonym names is kept, though each comes in the same buffer "
	      "(Ricans: Rica and Rico)");
	wonk_query_clear(&q);
	/* The run's synonym group: what the query said, then the place's
	 * other name and the place. */
	CHECK(wonk_query_parse(a, "Puerto Ricans", &q, &err, NULL) == 0 &&
		      wonk_expand_query(&q.root, s, "Puerto Ricans", two_places, NULL) == 0 &&
		      q.root->op == WONK_Q_OR && q.root->nkids == 3 &&
		      q.root->kids[2]->op == WONK_Q_SYNONYM && q.root->kids[2]->nkids == 3 &&
		      q.root->kids[2]->kids[1]->op == WONK_Q_PHRASE &&
		      strcmp(q.root->kids[2]->kids[1]->kids[0]->stem, "porto") == 0 &&
		      strcmp(q.root->kids[2]->kids[2]->kids[1]->stem, "rico") == 0,
	      "a run ending in a demonym names a place run: Puerto Ricans also finds "
	      "Porto Rico and Puerto Rico");
	wonk_query_clear(&q);

	char places[3][48];
	size_t np = wonk_demonym_places("russian", places, sizeof places[0]);
	CHECK(np == 2 && strcmp(places[0], "russia") == 0, "Russian names Russia");
	np = wonk_demonym_places("mexican", places, sizeof places[0]);
	CHECK(np == 2 && strcmp(places[1], "mexico") == 0, "Mexican names Mexico");
	np = wonk_demonym_places("european", places, sizeof places[0]);
	CHECK(np == 3 && strcmp(places[2], "europe") == 0, "European names Europe");
	CHECK(wonk_demonym_places("iran", places, sizeof places[0]) == 0 &&
		      wonk_demonym_places("treaty", places, sizeof places[0]) == 0,
	      "short words and words not ending in -an are no demonyms");
	wonk_synonyms_free(s);
	wonk_analyzer_free(a);
	return CHECK_DONE();
}
