/*
 * test_numbers.c - the other ways of writing a number that a query word
 * finds (numbers.h), and the words expansion leaves alone: the parts of
 * "9/11" and the day of "January 6".
 */
#include <stdio.h>
#include <string.h>

#include "analyze.h"
#include "check.h"
#include "expand.h"
#include "numbers.h"
#include "query.h"

/* The forms of word, joined by spaces ("4 iv"). */
static const char *forms(const char *word)
{
	static char joined[4 * WONK_NUMBER_FORM_MAX];
	char out[4][WONK_NUMBER_FORM_MAX];
	size_t n = wonk_number_forms(word, out, 4);
	joined[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(joined, " ");
		strcat(joined, out[i]);
	}
	return joined;
}

#define FORMS(word, want, why) \
	CHECK(strcmp(forms(word), want) == 0, "%s: %s -> \"%s\" (got \"%s\")", why, word, want, \
	      forms(word))

/* Records the form each word is offered to the relatives with. */
static int record_form(void *ctx, const char *stem, const char *form, wonk_synonym_fn add,
		       void *add_ctx)
{
	(void)stem;
	(void)add;
	(void)add_ctx;
	char *seen = ctx;
	strcat(seen, "[");
	strcat(seen, form);
	strcat(seen, "]");
	return 0;
}

static const char *offered(wonk_analyzer *a, const char *text)
{
	static char seen[256];
	wonk_query q = {0};
	char *err = NULL;
	seen[0] = '\0';
	if (wonk_query_parse(a, text, &q, &err, NULL) != 0 ||
	    wonk_expand_query(&q.root, NULL, text, record_form, seen) != 0)
		strcpy(seen, "(failed)");
	wonk_query_clear(&q);
	return seen;
}

int main(void)
{
	FORMS("four", "4 iv", "a number in words finds its digits and its numeral");
	FORMS("4", "four iv", "digits find the word and the numeral");
	FORMS("fourteenth", "14th xiv", "an ordinal finds 14th (the Fourteenth Amendment)");
	FORMS("14th", "fourteenth xiv", "14th finds the ordinal word");
	FORMS("ii", "2 2nd", "a numeral finds its digits, not the common words two and second");
	FORMS("iv", "4 4th", "Point IV finds Point 4");
	FORMS("second", "2nd ii", "the Second World War finds World War II");
	FORMS("22nd", "twenty-second xxii", "two-digit ordinals are spelt as written");
	FORMS("5", "five v", "Article 5 finds Article V");
	FORMS("1st", "first", "the first has no numeral (I is a pronoun)");
	FORMS("twenty", "20 xx", "tens are numbers");
	FORMS("ninetieth", "90th", "past 39 there is no numeral");
	FORMS("xxxix", "39 39th", "39 is the last numeral read");
	FORMS("one", "", "one is a pronoun as often as a number");
	FORMS("1", "", "and so is its digit");
	FORMS("i", "", "a lone I is a pronoun");
	FORMS("v", "", "a lone v is versus or an initial");
	FORMS("1812", "", "years are left alone");
	FORMS("100", "", "three digits are an amount");
	FORMS("07", "", "a leading zero is a code, not a count");
	FORMS("2th", "", "a wrong ordinal suffix is no number");
	FORMS("iiii", "", "a numeral not written the usual way is a word");
	FORMS("xl", "", "numerals past XXXIX are not read");
	FORMS("mix", "", "a word of numeral letters is a word");
	FORMS("", "", "an empty word");

	wonk_analyzer *a = wonk_analyzer_new();
	CHECK(a != NULL, "analyzer");
	if (!a)
		return CHECK_DONE();
	CHECK(strcmp(offered(a, "World War 2"), "[world][war][2]") == 0,
	      "each word goes to the relatives in its form");
	const char *o = offered(a, "9/11 attack");
	CHECK(strstr(o, "[attack]") && !strstr(o, "[9]") && !strstr(o, "[11]"),
	      "the parts of 9/11 are not numbers to spell out (got %s)", o);
	o = offered(a, "at 1:30 today");
	CHECK(!strstr(o, "[1]") && !strstr(o, "[30]"), "nor those of 1:30 (got %s)", o);
	o = offered(a, "F-16 sale");
	CHECK(!strstr(o, "[16]") && strstr(o, "[sale]"), "nor the 16 of F-16, a designation (got %s)",
	      o);
	o = offered(a, "COVID-19 3-mile");
	CHECK(!strstr(o, "[19]") && !strstr(o, "[3]"), "nor those of COVID-19 and 3-mile (got %s)", o);
	o = offered(a, "World War 2 - again");
	CHECK(strstr(o, "[2]") != NULL, "a hyphen with spaces joins nothing (got %s)", o);
	FORMS("3.5", "", "3.5 is one word, and no count");
	CHECK(strcmp(offered(a, "January 6 attack"), "[january][][attack]") == 0,
	      "a day beside its month is a date, not six (got %s)",
	      offered(a, "January 6 attack"));
	CHECK(strcmp(offered(a, "6 June landings"), "[][june][landings]") == 0,
	      "...before the month too, and the words past the month stay (got %s)",
	      offered(a, "6 June landings"));
	wonk_analyzer_free(a);
	return CHECK_DONE();
}
