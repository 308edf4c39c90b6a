/*
 * meta.c - cleaning metadata values and reading dates.
 *
 * Dates come from meta tags, JSON-LD, <time>, front matter, JSON records and
 * bylines, written every way people write them.  wonk stores ISO 8601 at the
 * precision the source gives (a bare year stays a year), so that range
 * filters and sorting compare strings.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "meta.h"
#include "util.h"

/* Length of the white space character at s (ASCII, NBSP, other Unicode
 * spaces that pages use between words), or 0. */
static size_t space_len(const unsigned char *s, const unsigned char *end)
{
	if (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
			*s == '\f' || *s == '\v'))
		return 1;
	if (end - s >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2; /* U+00A0 */
	if (end - s >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xAF || s[2] == 0xA8 || s[2] == 0xA9))
		return 3; /* U+2000..U+200A, U+202F, line/paragraph separators */
	if (end - s >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3; /* U+3000 */
	return 0;
}

char *wonk_meta_clean(const char *s, size_t n)
{
	if (!s)
		return NULL;
	size_t rlen;
	char *r = wonk_utf8_repair(s, n, &rlen);
	if (!r)
		return NULL;
	const unsigned char *p = (const unsigned char *)r, *end = p + rlen;
	char *out = r; /* cleaning only ever shortens: rewrite in place */
	size_t o = 0;
	int pending_space = 0;
	while (p < end) {
		size_t sl = space_len(p, end);
		if (sl) {
			pending_space = o > 0;
			p += sl;
			continue;
		}
		if (*p < 0x20 || *p == 0x7F) { /* other controls: dropped */
			p++;
			continue;
		}
		if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x8B) {
			p += 3; /* a zero-width space joins, it does not separate */
			continue;
		}
		if (pending_space)
			out[o++] = ' ';
		pending_space = 0;
		out[o++] = (char)*p++;
	}
	out[o] = '\0';
	if (o == 0) {
		free(r);
		return NULL;
	}
	return r;
}

int wonk_meta_offer(char **field, const char *s, size_t n)
{
	if (*field || !s)
		return 0;
	/* A value that cleans to nothing (or cannot be allocated) is simply
	 * not known: metadata is best effort. */
	*field = wonk_meta_clean(s, n);
	return 0;
}

static int list_contains(const char *list, const char *v)
{
	size_t vn = strlen(v);
	for (const char *p = list; p && *p;) {
		const char *sep = strstr(p, "; ");
		size_t len = sep ? (size_t)(sep - p) : strlen(p);
		if (len == vn && strncasecmp(p, v, vn) == 0)
			return 1;
		p = sep ? sep + 2 : NULL;
	}
	return 0;
}

int wonk_meta_append(char **field, const char *s, size_t n)
{
	if (!s)
		return 0;
	char *v = wonk_meta_clean(s, n);
	if (!v)
		return 0;
	if (!*field) {
		*field = v;
		return 0;
	}
	if (list_contains(*field, v)) {
		free(v);
		return 0;
	}
	char *joined = wonk_strdup_printf("%s; %s", *field, v);
	free(v);
	if (!joined)
		return -1;
	free(*field);
	*field = joined;
	return 0;
}

/* ------------------------------------------------------------- dates */

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

/* The month named by the word w[0, n) (full or abbreviated to at least
 * three letters, "Sept" too), 1..12, or 0. */
static int month_from_word(const char *w, size_t n)
{
	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		size_t full = strlen(month_names[m]);
		if (n <= full && strncasecmp(w, month_names[m], n) == 0)
			return m + 1;
	}
	if (n == 4 && strncasecmp(w, "sept", 4) == 0)
		return 9;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static char *format_date(int y, int m, int d)
{
	if (y < 1000 || y > 2999)
		return NULL;
	if (m == 0)
		return wonk_strdup_printf("%04d", y);
	if (m < 1 || m > 12)
		return NULL;
	if (d == 0)
		return wonk_strdup_printf("%04d-%02d", y, m);
	if (d < 1 || d > days_in_month(y, m))
		return NULL;
	return wonk_strdup_printf("%04d-%02d-%02d", y, m, d);
}

/* The date's pieces, as tokens: numbers (with their digit count) and
 * month names; separators, other words ("Posted", "on", "of", "AM") and the
 * numbers of a time of day (next to a ':') are dropped. */
typedef struct date_tok {
	int is_num;
	int value;     /* number, or month (1..12) for a word */
	int digits;
	char sep;      /* the separator that followed, or 0 */
} date_tok;

static int tokenize_date(const char *s, size_t n, date_tok *t, int max)
{
	int k = 0;
	size_t i = 0;
	while (i < n && k < max) {
		unsigned char c = (unsigned char)s[i];
		if (isdigit(c)) {
			size_t j = i;
			long v = 0;
			while (j < n && isdigit((unsigned char)s[j])) {
				if (v < 100000000)
					v = v * 10 + (s[j] - '0');
				j++;
			}
			int timeish = (j < n && s[j] == ':') || (i > 0 && s[i - 1] == ':');
			date_tok tok = {1, (int)v, (int)(j - i), 0};
			/* "19th", "1st": ordinal suffixes belong to the number. */
			size_t suffix = j;
			while (suffix < n && isalpha((unsigned char)s[suffix]) && suffix - j < 3)
				suffix++;
			if (suffix - j == 2)
				j = suffix;
			i = j;
			if (timeish)
				continue;
			if (i < n && strchr("/-.", s[i]))
				tok.sep = s[i];
			t[k++] = tok;
		} else if (isalpha(c)) {
			size_t j = i;
			while (j < n && isalpha((unsigned char)s[j]))
				j++;
			int m = month_from_word(s + i, j - i);
			/* "T" between a date and a time, and other words, go. */
			if (m)
				t[k++] = (date_tok){0, m, 0, 0};
			i = j;
		} else {
			i++;
		}
	}
	return k;
}

char *wonk_date_iso(const char *s, size_t n)
{
	if (!s)
		return NULL;
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0)
		return NULL;

	/* The compact machine form 20240619 (alone, or before a time). */
	if (n >= 8) {
		int ok = 1;
		for (int i = 0; i < 8; i++)
			ok &= isdigit((unsigned char)s[i]) != 0;
		if (ok && (n == 8 || s[8] == 'T' || s[8] == ' '))
			return format_date((s[0] - '0') * 1000 + (s[1] - '0') * 100 +
					   (s[2] - '0') * 10 + (s[3] - '0'),
					   (s[4] - '0') * 10 + (s[5] - '0'),
					   (s[6] - '0') * 10 + (s[7] - '0'));
	}

	date_tok t[12];
	int k = tokenize_date(s, n, t, 12);

	/* The year is the first four-digit number. */
	int yi = -1;
	for (int i = 0; i < k; i++)
		if (t[i].is_num && t[i].digits == 4) {
			yi = i;
			break;
		}
	if (yi < 0)
		return NULL;
	int y = t[yi].value;
	/* A month name anywhere: "June 19, 2024", "19 June 2024",
	 * "Wed, 19 Jun 2024", "2024 June 19"; the day is the one- or
	 * two-digit number next to it. */
	for (int i = 0; i < k; i++) {
		if (!t[i].is_num) {
			int d = 0;
			if (i + 1 < k && t[i + 1].is_num && t[i + 1].digits <= 2)
				d = t[i + 1].value;
			else if (i > 0 && t[i - 1].is_num && t[i - 1].digits <= 2)
				d = t[i - 1].value;
			return format_date(y, t[i].value, d);
		}
	}
	/* All numbers: Y-M-D, Y/M/D, Y-M, or M/D/Y (US) and D.M.Y. */
	if (yi + 2 < k && t[yi + 1].digits <= 2 && t[yi + 2].digits <= 2)
		return format_date(y, t[yi + 1].value, t[yi + 2].value);
	if (yi + 1 < k && t[yi + 1].digits <= 2)
		return format_date(y, t[yi + 1].value, 0);
	if (yi >= 2 && t[yi - 2].digits <= 2 && t[yi - 1].digits <= 2) {
		int a = t[yi - 2].value, b = t[yi - 1].value;
		if ((a > 12 && b <= 12) || t[yi - 2].sep == '.')
			return format_date(y, b, a);
		return format_date(y, a, b);
	}
	return format_date(y, 0, 0);
}
