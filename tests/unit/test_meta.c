/*
 * test_meta.c - metadata values come out clean: dates in every form pages
 * write them become ISO 8601 (or nothing, when they are not dates), white
 * space and broken UTF-8 are tidied, and list fields hold each value once.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "meta.h"

/* Whether f(s) gives want (NULL: no value); frees the result. */
static int same(char *got, const char *want)
{
	int ok = want ? got && strcmp(got, want) == 0 : got == NULL;
	if (!ok)
		printf("# got \"%s\", want \"%s\"\n", got ? got : "(null)",
		       want ? want : "(null)");
	free(got);
	return ok;
}

static int date_is(const char *s, const char *want)
{
	return same(wonk_date_iso(s, strlen(s)), want);
}

static int clean_is(const char *s, size_t n, const char *want)
{
	return same(wonk_meta_clean(s, n), want);
}

int main(void)
{
	static const struct {
		const char *in, *want;
	} dates[] = {
		{"2024-06-19", "2024-06-19"},
		{"2024-06-19T10:00:00+03:00", "2024-06-19"},
		{"2024-06-19T23:59:59Z", "2024-06-19"},
		{"2024-06-19 10:00:00", "2024-06-19"},
		{"20240619", "2024-06-19"},
		{"June 19, 2024", "2024-06-19"},
		{"June 19th, 2024", "2024-06-19"},
		{"19 June 2024", "2024-06-19"},
		{"Jun. 19, 2024", "2024-06-19"},
		{"Sept. 3, 2024", "2024-09-03"},
		{"2024/06/19", "2024-06-19"},
		{"06/19/2024", "2024-06-19"},
		{"19/06/2024", "2024-06-19"},
		{"19.06.2024", "2024-06-19"},
		{"Wed, 19 Jun 2024 10:00:00 GMT", "2024-06-19"},
		{"Sun, 06 Nov 1994 08:49:37 GMT", "1994-11-06"},
		{"June 2024", "2024-06"},
		{"2024-06", "2024-06"},
		{"1905", "1905"},
		{"  1905  ", "1905"},
		{"2024-02-29", "2024-02-29"},
		{"2024-02-30", NULL},
		{"2023-02-29", NULL},
		{"2024-13-01", NULL},
		{"hello", NULL},
		{"", NULL},
		{"999", NULL},
		{"0999", NULL},
		{"3000", NULL},
		{"06/19/24", NULL},
	};
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
		CHECK(date_is(dates[i].in, dates[i].want), "date \"%s\" -> %s", dates[i].in,
		      dates[i].want ? dates[i].want : "none");
	CHECK(same(wonk_date_iso("2024-06-19junk", 10), "2024-06-19"),
	      "a date reads only its n bytes");
	CHECK(wonk_date_iso(NULL, 0) == NULL, "no date from NULL");

	/* Cleaning. */
	CHECK(clean_is("  The \t Title \n ", 16, "The Title"), "white space trimmed and collapsed");
	CHECK(clean_is("\xC2\xA0" "a\xC2\xA0\xC2\xA0" "b\xE2\x80\x89" "c\xE3\x80\x80", 15, "a b c"),
	      "no-break and other Unicode spaces count as white space");
	CHECK(clean_is("caf\xC3\xA9 ok", 8, "caf\xC3\xA9 ok"), "valid UTF-8 kept");
	CHECK(clean_is("bad\xFF" "byte", 8, "bad\xEF\xBF\xBD" "byte"),
	      "an invalid byte becomes U+FFFD");
	CHECK(clean_is("a\x01" "b\x7F" "c", 5, "abc"), "control characters dropped");
	CHECK(clean_is("a\0b", 3, "ab"), "a NUL is dropped, not an end");
	CHECK(clean_is(" \t\n\xC2\xA0 ", 6, NULL), "nothing but white space is no value");
	CHECK(clean_is("", 0, NULL), "the empty string is no value");
	CHECK(wonk_meta_clean(NULL, 3) == NULL, "NULL is no value");

	/* Offer: the first source wins. */
	char *f = NULL;
	wonk_meta_offer(&f, "   ", 3);
	CHECK(f == NULL, "offering white space leaves a field unset");
	wonk_meta_offer(&f, " First ", 7);
	wonk_meta_offer(&f, "Second", 6);
	CHECK(f && strcmp(f, "First") == 0, "the first value offered stays");
	free(f);

	/* Append: "; "-joined, each value once, compared without case. */
	char *list = NULL;
	CHECK(wonk_meta_append(&list, "Jane  Doe", 9) == 0 && list &&
		      strcmp(list, "Jane Doe") == 0,
	      "the first value starts the list (cleaned)");
	wonk_meta_append(&list, "John Roe", 8);
	wonk_meta_append(&list, "jane doe", 8);
	wonk_meta_append(&list, " JOHN ROE ", 10);
	wonk_meta_append(&list, "  ", 2);
	CHECK(list && strcmp(list, "Jane Doe; John Roe") == 0,
	      "duplicates (any case) and empty values are not added: \"%s\"",
	      list ? list : "(null)");
	wonk_meta_append(&list, "Jane", 4);
	CHECK(list && strcmp(list, "Jane Doe; John Roe; Jane") == 0,
	      "a value that is only a prefix of one listed is added");
	free(list);
	return CHECK_DONE();
}
