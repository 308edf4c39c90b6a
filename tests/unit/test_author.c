/*
 * test_author.c - the surnames read from a document's author field
 * (author.h): what a query word written as a name is matched against.
 */
#include <string.h>

#include "analyze.h"
#include "author.h"
#include "check.h"

static int join(void *ctx, const char *form, size_t len)
{
	char *out = ctx;
	if (*out)
		strcat(out, " ");
	strncat(out, form, len);
	return 0;
}

static const char *surnames(wonk_analyzer *a, const char *author)
{
	static char out[256];
	out[0] = '\0';
	if (wonk_author_surnames(a, author, join, out) != 0)
		strcpy(out, "(failed)");
	return out;
}

static int stop_at_first(void *ctx, const char *form, size_t len)
{
	(void)form;
	(void)len;
	(*(int *)ctx)++;
	return 7;
}

#define SURNAMES(author, want, why) \
	CHECK(strcmp(surnames(a, author), want) == 0, "%s: %s -> \"%s\" (got \"%s\")", why, \
	      #author, want, surnames(a, author))

int main(void)
{
	wonk_analyzer *a = wonk_analyzer_new();
	CHECK(a != NULL, "analyzer");
	if (!a)
		return CHECK_DONE();
	SURNAMES("Harry S Truman", "truman", "the last word of a name");
	SURNAMES("George W. Bush", "bush", "an initial with a full stop");
	SURNAMES("Martin Luther King Jr.", "king", "a suffix is not the surname");
	SURNAMES("Victor Cha and Ellen Kim", "cha kim", "two names joined by and");
	SURNAMES("Ann Lee; Bob Ray, Cy Doe & Di Poe", "lee ray doe poe",
		 "names separated by semicolons, commas and ampersands");
	SURNAMES("Martin Van Buren", "buren", "a two-word surname gives its last word");
	SURNAMES("Ángela Núñez", "nunez", "accents are folded as a query's words are");
	SURNAMES("Madonna", "madonna", "a single name");
	SURNAMES("Andrew Johnson; ", "johnson", "a trailing separator adds no name");
	SURNAMES("", "", "an empty field");
	SURNAMES(" ; , &", "", "separators only");
	SURNAMES(NULL, "", "no field");
	SURNAMES("Sandy Anderson", "anderson", "\"and\" inside a name separates nothing");
	int calls = 0;
	CHECK(wonk_author_surnames(a, "A B; C D", stop_at_first, &calls) == 7 && calls == 1,
	      "the callback's non-zero value stops the walk and is returned");
	wonk_analyzer_free(a);
	return CHECK_DONE();
}
