/*
 * acronym.c - "Long Form (LF)" definitions (see acronym.h).
 *
 * Schwartz and Hearst's algorithm (PSB 2003): read the abbreviation's
 * letters right to left and find each in the candidate long form, also
 * right to left; the first letter must start a word.  It is simple, needs
 * no dictionary and is precise on the way policy texts define terms.
 */
#include <ctype.h>
#include <string.h>

#include "acronym.h"

#define MAX_ABBREV 10

static int is_word_char(unsigned char c)
{
	return isalnum(c) || c >= 0x80 || c == '\'' || c == '-';
}

/* Where the long form for short[0, n) starts in cand[0, m), or -1. */
static long match_long_form(const char *sf, size_t n, const char *cand, size_t m)
{
	long s = (long)n - 1, l = (long)m - 1;
	while (s >= 0) {
		unsigned char c = (unsigned char)tolower((unsigned char)sf[s]);
		if (!isalnum(c)) {
			s--;
			continue;
		}
		while (l >= 0 && ((unsigned char)tolower((unsigned char)cand[l]) != c ||
				  (s == 0 && l > 0 && is_word_char((unsigned char)cand[l - 1]))))
			l--;
		if (l < 0)
			return -1;
		l--;
		s--;
	}
	/* Back to the start of the word holding the first letter. */
	l++;
	while (l > 0 && is_word_char((unsigned char)cand[l - 1]))
		l--;
	return l;
}

static size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	int in = 0;
	for (size_t i = 0; i < n; i++) {
		int wc = !isspace((unsigned char)s[i]);
		w += wc && !in;
		in = wc;
	}
	return w;
}

/* Tries the parenthesis at text[open]: 1 when a definition was reported
 * (stop value in *stop), 0 when there was none. */
static int try_paren(const char *text, size_t open, size_t close, wonk_acronym_fn fn,
		     void *ctx, int *stop)
{
	const char *ab = text + open + 1;
	size_t an = close - open - 1;
	if (an < 2 || an > MAX_ABBREV)
		return 0;
	size_t caps = 0, letters = 0;
	for (size_t i = 0; i < an; i++) {
		unsigned char c = (unsigned char)ab[i];
		if (isupper(c))
			caps++;
		if (isalnum(c))
			letters++;
		else if (c != '&' && c != '-')
			return 0;
	}
	if (caps < 2 || !isupper((unsigned char)ab[0]))
		return 0;
	/* A plural "s" is not a letter of the abbreviation. */
	size_t sn = an;
	if (sn > 2 && ab[sn - 1] == 's' && isupper((unsigned char)ab[sn - 2]))
		sn--;
	if (letters < 2)
		return 0;

	/* The candidate: the words before the parenthesis, within the
	 * sentence, at most min(n + 5, 2n). */
	size_t maxw = sn + 5 < sn * 2 ? sn + 5 : sn * 2;
	size_t end = open;
	while (end > 0 && isspace((unsigned char)text[end - 1]))
		end--;
	size_t start = end, words = 0;
	int in = 0;
	while (start > 0) {
		unsigned char c = (unsigned char)text[start - 1];
		if (c == '.' || c == ';' || c == ':' || c == '(' || c == ')' || c == '"' ||
		    c == '\n' || c == ',')
			break;
		int wc = !isspace(c);
		if (wc && !in) {
			if (words == maxw)
				break;
			words++;
		}
		in = wc;
		start--;
	}
	while (start < end && isspace((unsigned char)text[start]))
		start++;
	if (end <= start)
		return 0;
	long at = match_long_form(ab, sn, text + start, end - start);
	if (at < 0)
		return 0;
	const char *lf = text + start + at;
	size_t ln = end - start - (size_t)at;
	size_t lw = count_words(lf, ln);
	/* The long form must be longer than the abbreviation, in words or at
	 * least in letters, and not one word standing for many letters. */
	if (ln <= an || lw > maxw || (lw == 1 && sn > 3))
		return 0;
	*stop = fn(ctx, ab, an, lf, ln);
	return 1;
}

int wonk_find_acronyms(const char *text, size_t len, wonk_acronym_fn fn, void *ctx)
{
	for (size_t i = 0; i < len; i++) {
		if (text[i] != '(')
			continue;
		size_t j = i + 1;
		while (j < len && j - i <= MAX_ABBREV + 1 && text[j] != ')')
			j++;
		if (j >= len || text[j] != ')')
			continue;
		int stop = 0;
		if (try_paren(text, i, j, fn, ctx, &stop) && stop)
			return stop;
		i = j;
	}
	return 0;
}
