/*
 * numbers.c - the other ways of writing a number (see numbers.h).
 */
#include <stdio.h>
#include <string.h>

#include "numbers.h"

/* Numbers from 1 to 99 (two digits at most): words for all, Roman
 * numerals up to 39 (those written with I, V and X alone, which is where
 * treaties, titles, wars and kings stop). */
#define MAX_ROMAN 39

static const char *const units[20] = {
	"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
	"seventeen", "eighteen", "nineteen",
};
static const char *const unit_ordinals[20] = {
	"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
	"ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
	"sixteenth", "seventeenth", "eighteenth", "nineteenth",
};
static const char *const tens[10] = {
	"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};
static const char *const ten_ordinals[10] = {
	"", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth",
	"eightieth", "ninetieth",
};

typedef enum { CARDINAL, ORDINAL } kind;

/* n in words: "four", "twenty-two", "fourth", "twenty-second". */
static void in_words(int n, kind k, char out[WONK_NUMBER_FORM_MAX])
{
	if (n < 20)
		snprintf(out, WONK_NUMBER_FORM_MAX, "%s", k == ORDINAL ? unit_ordinals[n] : units[n]);
	else if (n % 10 == 0)
		snprintf(out, WONK_NUMBER_FORM_MAX, "%s", k == ORDINAL ? ten_ordinals[n / 10] : tens[n / 10]);
	else
		snprintf(out, WONK_NUMBER_FORM_MAX, "%s-%s", tens[n / 10],
			 k == ORDINAL ? unit_ordinals[n % 10] : units[n % 10]);
}

static const char *ordinal_suffix(int n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

static void in_roman(int n, char out[WONK_NUMBER_FORM_MAX])
{
	static const char *const ones[10] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
	size_t at = 0;
	for (int t = 0; t < n / 10; t++)
		out[at++] = 'x';
	snprintf(out + at, WONK_NUMBER_FORM_MAX - at, "%s", ones[n % 10]);
}

/* The number word writes and how, or 0. */
static int number_of(const char *word, kind *k, int *roman, int *digits)
{
	char buf[WONK_NUMBER_FORM_MAX];
	*roman = *digits = 0;
	size_t len = strlen(word);
	if (len == 0 || len >= sizeof buf)
		return 0;
	size_t nd = strspn(word, "0123456789");
	if (nd > 0) {
		if (nd > 2 || word[0] == '0')
			return 0;
		int n = word[0] - '0';
		if (nd == 2)
			n = n * 10 + (word[1] - '0');
		*digits = 1;
		if (word[nd] == '\0') {
			*k = CARDINAL;
			return n;
		}
		*k = ORDINAL;
		return strcmp(word + nd, ordinal_suffix(n)) == 0 ? n : 0;
	}
	/* A query's words never hold a hyphen ("twenty-two" is two words), so
	 * only the numbers written in one word are looked for. */
	for (int n = 1; n < 20; n++)
		if (strcmp(word, units[n]) == 0 || strcmp(word, unit_ordinals[n]) == 0) {
			*k = strcmp(word, units[n]) == 0 ? CARDINAL : ORDINAL;
			return n;
		}
	for (int t = 2; t < 10; t++)
		if (strcmp(word, tens[t]) == 0 || strcmp(word, ten_ordinals[t]) == 0) {
			*k = strcmp(word, tens[t]) == 0 ? CARDINAL : ORDINAL;
			return 10 * t;
		}
	/* A lone letter is a word, an initial or "v." for versus. */
	if (len >= 2 && strspn(word, "ivx") == len)
		for (int n = 2; n <= MAX_ROMAN; n++) {
			in_roman(n, buf);
			if (strcmp(buf, word) == 0) {
				*roman = 1;
				*k = CARDINAL;
				return n;
			}
		}
	return 0;
}

size_t wonk_number_forms(const char *word, char out[][WONK_NUMBER_FORM_MAX], size_t max)
{
	kind k;
	int roman, digits;
	int n = number_of(word, &k, &roman, &digits);
	/* "one" is a pronoun as often as a number. */
	if (n == 0 || (n == 1 && k == CARDINAL))
		return 0;
	char forms[3][WONK_NUMBER_FORM_MAX];
	size_t nf = 0;
	if (roman) {
		snprintf(forms[nf++], WONK_NUMBER_FORM_MAX, "%d", n);
		snprintf(forms[nf++], WONK_NUMBER_FORM_MAX, "%d%s", n, ordinal_suffix(n));
	} else {
		if (digits)
			in_words(n, k, forms[nf++]);
		else if (k == ORDINAL)
			snprintf(forms[nf++], WONK_NUMBER_FORM_MAX, "%d%s", n, ordinal_suffix(n));
		else
			snprintf(forms[nf++], WONK_NUMBER_FORM_MAX, "%d", n);
		if (n >= 2 && n <= MAX_ROMAN)
			in_roman(n, forms[nf++]);
	}
	size_t w = 0;
	for (size_t i = 0; i < nf && w < max; i++)
		memcpy(out[w++], forms[i], WONK_NUMBER_FORM_MAX);
	return w;
}
