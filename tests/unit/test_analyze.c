/*
 * test_analyze.c - unit tests of the text analyzer (lib/analyze.c): the
 * stemming path against Snowball's own English vocabulary, and the
 * tokenisation rules of analyze.h as a user of search and highlighting
 * would notice them (possessives, hyphenated names, numbers, acronyms,
 * diacritics, invalid UTF-8, exact byte spans, positions).
 */
#include "analyze.h"
#include "synonyms.h"
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKS 256

struct tok {
	char form[WONK_MAX_TERM_BYTES + 1];
	char stem[WONK_MAX_TERM_BYTES + 9];
	uint32_t pos;
	size_t start, end;
};

struct toks {
	const char *text;	/* the analysed text, to check spans against */
	size_t len;
	struct tok t[MAX_TOKS];
	size_t n;
	int bad;		/* tokens that broke an invariant */
	int stop_after;		/* non-zero: return 7 after this many */
};

static int collect(void *ctx, const wonk_token *tok)
{
	struct toks *ts = ctx;

	if (tok->start >= tok->end || tok->end > ts->len ||
	    tok->form_len == 0 || tok->form_len > WONK_MAX_TERM_BYTES ||
	    strlen(tok->form) != tok->form_len ||
	    strlen(tok->stem) != tok->stem_len)
		ts->bad++;
	if (ts->n < MAX_TOKS) {
		struct tok *t = &ts->t[ts->n];

		snprintf(t->form, sizeof(t->form), "%s", tok->form);
		snprintf(t->stem, sizeof(t->stem), "%s", tok->stem);
		t->pos = tok->pos;
		t->start = tok->start;
		t->end = tok->end;
	}
	ts->n++;
	if (ts->stop_after && ts->n == (size_t)ts->stop_after)
		return 7;
	return 0;
}

static int run_len(wonk_analyzer *a, struct toks *ts, const char *text,
		   size_t len, uint32_t first, uint32_t *next)
{
	ts->text = text;
	ts->len = len;
	ts->n = 0;
	ts->bad = 0;
	return wonk_analyze(a, text, len, first, collect, ts, next);
}

static int run(wonk_analyzer *a, struct toks *ts, const char *text)
{
	return run_len(a, ts, text, strlen(text), 0, NULL);
}

/* The forms, space-separated, e.g. "kim jong un". */
static const char *forms(const struct toks *ts)
{
	static char buf[4096];
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ts->n && i < MAX_TOKS; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
				      i ? " " : "", ts->t[i].form);
	return buf;
}

static const char *stems(const struct toks *ts)
{
	static char buf[4096];
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ts->n && i < MAX_TOKS; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
				      i ? " " : "", ts->t[i].stem);
	return buf;
}

/* Whether token i's span is exactly the bytes of word. */
static int span_is(const struct toks *ts, size_t i, const char *word)
{
	size_t n = strlen(word);

	return i < ts->n && ts->t[i].end - ts->t[i].start == n &&
	       memcmp(ts->text + ts->t[i].start, word, n) == 0;
}

static int positions_from(const struct toks *ts, uint32_t first)
{
	for (size_t i = 0; i < ts->n; i++)
		if (ts->t[i].pos != first + i)
			return 0;
	return 1;
}

/* Reads a whole file into a NUL-terminated buffer; NULL on failure. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			char *p = realloc(buf, cap + 65536 + 1);

			if (!p) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = p;
			cap += 65536;
		}
		r = fread(buf + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* One of Snowball's English test files (voc.txt, output.txt), whole. */
static char *snowball_file(const char *name)
{
	const char *top = getenv("WONK_TOP");
	char path[4096];

	if (!top || !*top)
		top = ".";
	snprintf(path, sizeof(path), "%s/tests/data/snowball-english/%s", top,
		 name);
	return slurp(path);
}

/* 1: the stemming path gives Snowball's reference output for every word. */
static void test_snowball_vocabulary(wonk_analyzer *a)
{
	char first[256] = "";
	char *voc, *out, *v, *o;
	size_t words = 0, mismatches = 0;

	voc = snowball_file("voc.txt");
	out = snowball_file("output.txt");
	if (!voc || !out) {
		CHECK(0, "Snowball vocabulary: cannot read tests/data/snowball-english");
		free(voc);
		free(out);
		return;
	}
	v = voc;
	o = out;
	while (*v && *o) {
		char *ve = strchr(v, '\n'), *oe = strchr(o, '\n');
		const char *st;
		size_t sl = 0;

		if (!ve)
			ve = v + strlen(v);
		if (!oe)
			oe = o + strlen(o);
		words++;
		st = wonk_analyzer_stem(a, v, (size_t)(ve - v), &sl);
		if (!st || sl != (size_t)(oe - o) ||
		    memcmp(st, o, sl) != 0) {
			if (!mismatches++)
				snprintf(first, sizeof(first),
					 "'%.*s' -> '%s', want '%.*s'",
					 (int)(ve - v), v, st ? st : "(null)",
					 (int)(oe - o), o);
		}
		v = *ve ? ve + 1 : ve;
		o = *oe ? oe + 1 : oe;
	}
	if (*v || *o)
		mismatches++;
	CHECK(words == 29417 && mismatches == 0,
	      "Snowball vocabulary: %zu words, %zu mismatches%s%s", words,
	      mismatches, mismatches ? "; first: " : "", first);
	free(voc);
	free(out);
}

static int first_stem(void *ctx, const wonk_token *tok)
{
	snprintf(ctx, 128, "%s", tok->stem);
	return 1;
}

/* 1c: a synonyms file's line waits under its first word's key, and a
 * lookup takes the keys its stem could come from: every vocabulary word
 * must be under one of its own stem's keys, or the lookup would miss
 * the line.  Words are tried as written and capitalised, as files have
 * them. */
static void test_stem_keys_find_every_word(void)
{
	char first[256] = "";
	char *voc = snowball_file("voc.txt"), *out = snowball_file("output.txt");
	size_t words = 0, missed = 0, always = 0;
	for (char *v = voc, *o = out; v && o && *v && *o;) {
		char *ve = strchr(v, '\n'), *oe = strchr(o, '\n');
		if (!ve || !oe)
			break;
		*ve = *oe = '\0';
		uint32_t lo[WONK_STEM_KEYS], hi[WONK_STEM_KEYS];
		size_t n = wonk_stem_keys(o, lo, hi);
		for (int cap = 0; cap < 2; cap++) {
			char w[128];
			snprintf(w, sizeof w, "%s", v);
			if (cap && w[0] >= 'a' && w[0] <= 'z')
				w[0] = (char)(w[0] - 'a' + 'A');
			uint32_t key;
			int rc = wonk_word_key(w, strlen(w), &key);
			words++;
			if (rc == 0) {
				always++;
				continue;
			}
			int found = 0;
			for (size_t k = 0; k < n && !found; k++)
				found = rc > 0 && key >= lo[k] && key <= hi[k];
			if (!found && !missed++)
				snprintf(first, sizeof first, "'%s' (stem '%s')", w, o);
		}
		v = ve + 1;
		o = oe + 1;
	}
	CHECK(words > 58000 && missed == 0 && always < words / 50,
	      "a stem's keys take every word that stems to it: %zu words, %zu filed for "
	      "every lookup, %zu missed%s%s", words, always, missed, missed ? "; first: " : "",
	      first);
	free(voc);
	free(out);
}

/* 1b: searching text for one stem, only words that cannot stem to it go
 * unstemmed: every vocabulary word is still found by its own stem (the
 * stem filter's rule of two letters, with Snowball's exceptions). */
static void test_stem_filter_finds_every_word(wonk_analyzer *a)
{
	char first[256] = "";
	char *voc = snowball_file("voc.txt"), *out = snowball_file("output.txt");
	size_t words = 0, missed = 0, skipped = 0;
	wonk_stem_filter *f = malloc(sizeof *f);
	for (char *v = voc, *o = out; v && o && f && *v && *o;) {
		char *ve = strchr(v, '\n'), *oe = strchr(o, '\n');
		if (!ve || !oe)
			break; /* both files end with a newline */
		*ve = *oe = '\0';
		/* Apostrophes are no part of a token ("don't" is "dont"). */
		if (strchr(v, '\'')) {
			skipped++;
		} else {
			char got[128] = "";
			memset(f, 0, sizeof *f);
			wonk_stem_filter_add(f, o);
			words++;
			wonk_analyze_some(a, v, strlen(v), 0, f, first_stem, got, NULL);
			if (strcmp(got, o) != 0 && !missed++)
				snprintf(first, sizeof first, "'%s' gave '%s', want '%s'", v, got, o);
		}
		v = ve + 1;
		o = oe + 1;
	}
	CHECK(words > 29000 && missed == 0,
	      "a stem filter lets every word through to its stem: %zu words (%zu with "
	      "apostrophes left out), %zu missed%s%s", words, skipped, missed,
	      missed ? "; first: " : "", first);
	free(f);
	free(voc);
	free(out);
}

/* 2: possessives. */
static void test_possessives(wonk_analyzer *a)
{
	struct toks *ts = calloc(1, sizeof(*ts));
	char plain[80], stem_plain[80];

	if (!ts)
		return;
	run(a, ts, "Russia");
	snprintf(plain, sizeof(plain), "%s", ts->n ? ts->t[0].form : "");
	snprintf(stem_plain, sizeof(stem_plain), "%s",
		 ts->n ? ts->t[0].stem : "");

	run(a, ts, "Russia\xe2\x80\x99s aid");
	CHECK(ts->n == 2 && !strcmp(ts->t[0].form, plain) &&
	      !strcmp(ts->t[0].stem, stem_plain) && span_is(ts, 0, "Russia") &&
	      !strcmp(ts->t[1].form, "aid") && ts->t[1].pos == 1,
	      "\"Russia\xe2\x80\x99s aid\" gives russia, aid with span "
	      "\"Russia\" (got \"%s\")", forms(ts));
	run(a, ts, "Russia's aid");
	CHECK(ts->n == 2 && !strcmp(ts->t[0].form, plain) &&
	      span_is(ts, 0, "Russia") && !strcmp(ts->t[1].form, "aid"),
	      "\"Russia's aid\" gives the same term as \"Russia\" (got \"%s\")",
	      forms(ts));
	run(a, ts, "RUSSIA\xca\xbcS");
	CHECK(ts->n == 1 && !strcmp(ts->t[0].form, plain),
	      "U+02BC apostrophe and upper-case 'S are possessives too "
	      "(got \"%s\")", forms(ts));
	run(a, ts, "the States\xe2\x80\x99 rights");
	CHECK(ts->n == 3 && !strcmp(ts->t[1].form, "states") &&
	      !strcmp(ts->t[1].stem, "state") && span_is(ts, 1, "States") &&
	      ts->t[2].pos == 2,
	      "\"States\xe2\x80\x99\" -> form states, stem state (got \"%s\" / "
	      "\"%s\")", forms(ts), stems(ts));
	run(a, ts, "don't o\xe2\x80\x99" "clock");
	CHECK(ts->n == 2 && !strcmp(ts->t[0].form, "dont") &&
	      span_is(ts, 0, "don't") && !strcmp(ts->t[1].form, "oclock"),
	      "inner apostrophes are dropped: \"don't\" -> dont (got \"%s\")",
	      forms(ts));
	run(a, ts, "rock 'n' roll");
	CHECK(!strcmp(forms(ts), "rock n roll") && span_is(ts, 1, "n"),
	      "quotes around a word are not part of it (got \"%s\")",
	      forms(ts));
	free(ts);
}

/* 3 and 4: dashes separate; hyphenated names match spaced ones. */
static void test_dashes(wonk_analyzer *a)
{
	struct toks *ts = calloc(1, sizeof(*ts));
	char hy[256];

	if (!ts)
		return;
	run(a, ts, "Kim Jong-un");
	snprintf(hy, sizeof(hy), "%s|%s", forms(ts), stems(ts));
	CHECK(ts->n == 3 && positions_from(ts, 0) && span_is(ts, 1, "Jong") &&
	      span_is(ts, 2, "un") && !strcmp(ts->t[2].form, "un"),
	      "\"Kim Jong-un\" -> kim, jong, un at 0,1,2 (got \"%s\")",
	      forms(ts));
	run(a, ts, "Kim Jong Un");
	{
		char sp[256];

		snprintf(sp, sizeof(sp), "%s|%s", forms(ts), stems(ts));
		CHECK(!strcmp(hy, sp) && positions_from(ts, 0),
		      "\"Kim Jong-un\" and \"Kim Jong Un\" give the same terms "
		      "(\"%s\" vs \"%s\")", hy, sp);
	}
	run(a, ts, "Kim Jong\xe2\x80\x90un, Kim Jong\xe2\x80\x93un, "
		   "Kim Jong\xe2\x80\x94un");
	CHECK(!strcmp(forms(ts), "kim jong un kim jong un kim jong un") &&
	      positions_from(ts, 0),
	      "U+2010 hyphen, en dash and em dash separate (got \"%s\")",
	      forms(ts));
	run(a, ts, "MIRVs\xe2\x80\x94" "a threat");
	CHECK(ts->n == 3 && !strcmp(ts->t[0].stem, "mirv") &&
	      !strcmp(ts->t[1].form, "a") && span_is(ts, 0, "MIRVs") &&
	      span_is(ts, 1, "a"),
	      "\"MIRVs\xe2\x80\x94" "a\" -> mirv, a (got \"%s\")", stems(ts));

	/* 4 */
	{
		char s1[80];

		run(a, ts, "MIRVs");
		snprintf(s1, sizeof(s1), "%s", ts->n ? ts->t[0].stem : "?");
		run(a, ts, "MIRV");
		CHECK(ts->n == 1 && !strcmp(s1, ts->t[0].stem),
		      "MIRVs and MIRV have the same stem (%s vs %s)", s1,
		      ts->n ? ts->t[0].stem : "?");
	}
	free(ts);
}

/* 5: numbers, years and acronyms. */
static void test_numbers(wonk_analyzer *a)
{
	struct toks *ts = calloc(1, sizeof(*ts));

	if (!ts)
		return;
	run(a, ts, "In 1905, 1906 and 1907.");
	CHECK(!strcmp(forms(ts), "in 1905 1906 and 1907") &&
	      !strcmp(ts->t[1].stem, "1905") && span_is(ts, 1, "1905") &&
	      span_is(ts, 4, "1907"),
	      "years are tokens, unstemmed; \", \" separates (got \"%s\")",
	      forms(ts));
	run(a, ts, "COVID-19 cases");
	CHECK(!strcmp(forms(ts), "covid 19 cases") &&
	      !strcmp(ts->t[1].stem, "19") && span_is(ts, 1, "19"),
	      "\"COVID-19\" -> covid, 19 (got \"%s\")", forms(ts));
	run(a, ts, "$1,000,000 or 1,000 or 3.5%");
	CHECK(!strcmp(forms(ts), "1000000 or 1000 or 3.5") &&
	      !strcmp(ts->t[2].stem, "1000") && !strcmp(ts->t[4].stem, "3.5") &&
	      span_is(ts, 0, "1,000,000") && span_is(ts, 4, "3.5"),
	      "\"1,000\" -> 1000 and \"3.5\" -> 3.5, spans whole (got \"%s\")",
	      forms(ts));
	run(a, ts, "the 76s and covid19 variants");
	CHECK(ts->n == 5 && !strcmp(ts->t[1].form, "76s") &&
	      !strcmp(ts->t[3].form, "covid19"),
	      "mixed letter-digit tokens stay whole (got \"%s\")", forms(ts));
	run(a, ts, "The U.S. and the U.N.");
	CHECK(!strcmp(forms(ts), "the us and the un") &&
	      span_is(ts, 1, "U.S") && span_is(ts, 4, "U.N") &&
	      positions_from(ts, 0),
	      "\"U.S.\" -> us with span \"U.S\" (got \"%s\")", forms(ts));
	run(a, ts, "the U.S.\xe2\x80\x99s role, U.S.A. e.g. Ph.D. Plan B. Then");
	CHECK(!strcmp(forms(ts), "the us role usa eg ph d plan b then") &&
	      span_is(ts, 1, "U.S") && span_is(ts, 3, "U.S.A"),
	      "acronyms: U.S.\xe2\x80\x99s, U.S.A., e.g. fold; Ph.D. and "
	      "\"B. Then\" do not (got \"%s\")", forms(ts));
	free(ts);
}

/* 6: invalid UTF-8 never crashes nor shifts spans. */
static void test_invalid_utf8(wonk_analyzer *a)
{
	struct toks *ts = calloc(1, sizeof(*ts));
	static const char t1[] = "ab\xff\xfe" "cd ef";
	static const char t2[] = "\x80\x80gh\x80ij\xbf";
	static const char t3[] = "xy \xe2\x80";
	static const char t4[] = "\xe2\x80" "abc \xf0\x9f\x98" "d\xed\xa0\x80"
				 "e\xc0\xaf" "f";
	static const char t5[] = "one\0two \0three";
	uint32_t next = 0;
	int rc;

	if (!ts)
		return;
	run_len(a, ts, t1, sizeof(t1) - 1, 0, NULL);
	CHECK(ts->n == 3 && span_is(ts, 0, "ab") && span_is(ts, 1, "cd") &&
	      span_is(ts, 2, "ef") && !strcmp(forms(ts), "ab cd ef"),
	      "\"ab\\xff\\xfecd ef\" -> ab, cd, ef at the right bytes (got "
	      "\"%s\")", forms(ts));
	run_len(a, ts, t2, sizeof(t2) - 1, 0, NULL);
	CHECK(ts->n == 2 && span_is(ts, 0, "gh") && span_is(ts, 1, "ij"),
	      "lone continuation bytes separate (got \"%s\")", forms(ts));
	run_len(a, ts, t3, sizeof(t3) - 1, 0, NULL);
	CHECK(ts->n == 1 && span_is(ts, 0, "xy"),
	      "a truncated sequence at the end is ignored (got \"%s\")",
	      forms(ts));
	run_len(a, ts, t4, sizeof(t4) - 1, 0, NULL);
	CHECK(!strcmp(forms(ts), "abc d e f") && span_is(ts, 0, "abc") &&
	      span_is(ts, 1, "d") && span_is(ts, 2, "e") &&
	      span_is(ts, 3, "f") && ts->t[0].start == 2,
	      "truncated, surrogate and overlong sequences separate without "
	      "shifting spans (got \"%s\")", forms(ts));
	run_len(a, ts, t5, sizeof(t5) - 1, 0, NULL);
	CHECK(!strcmp(forms(ts), "one two three") && span_is(ts, 1, "two") &&
	      ts->t[2].start == 9,
	      "NUL bytes separate (got \"%s\")", forms(ts));
	rc = run_len(a, ts, NULL, 0, 5, &next);
	CHECK(rc == 0 && ts->n == 0 && next == 5,
	      "NULL text of length 0 gives no tokens (rc %d, next %u)", rc,
	      (unsigned)next);
	rc = run_len(a, ts, "", 0, 0, &next);
	CHECK(rc == 0 && ts->n == 0 && next == 0,
	      "empty text gives no tokens");
	{
		/* Random bytes, biased to UTF-8 lead/continuation bytes. */
		static const unsigned char pool[] = {
			'a', 'Z', '0', '9', '\'', '.', ',', ' ', '-', 0,
			0x80, 0xbf, 0xc3, 0xa9, 0xe2, 0x80, 0x99, 0xf0,
			0x9f, 0xcc, 0x81, 0xed, 0xef, 0xbc, 0xa1, 0xff,
		};
		char *buf = malloc(4096);
		uint32_t seed = 12345;
		int bad = 0;

		for (int round = 0; buf && round < 2000; round++) {
			size_t n = (size_t)(round * 7) % 4096;

			for (size_t k = 0; k < n; k++) {
				seed = seed * 1103515245u + 12345u;
				buf[k] = (char)pool[(seed >> 16) %
						    sizeof(pool)];
			}
			rc = run_len(a, ts, buf, n, 0, NULL);
			if (rc != 0 || ts->bad)
				bad++;
			for (size_t k = 1; k < ts->n && k < MAX_TOKS; k++)
				if (ts->t[k].start < ts->t[k - 1].end)
					bad++;
		}
		CHECK(buf && bad == 0,
		      "2000 random byte strings: spans in order and in bounds, "
		      "forms valid (%d bad)", bad);
		free(buf);
	}
	free(ts);
}

/* 7 and 8: normalisation, and spans over multi-byte text. */
static void test_unicode(wonk_analyzer *a)
{
	struct toks *ts = calloc(1, sizeof(*ts));
	char s1[80];

	if (!ts)
		return;
	run(a, ts, "Py\xc5\x8fngyang\xe2\x80\x99s S\xc3\xa3o Paulo");
	CHECK(!strcmp(forms(ts), "pyongyang sao paulo") &&
	      span_is(ts, 0, "Py\xc5\x8fngyang") &&
	      span_is(ts, 1, "S\xc3\xa3o") && span_is(ts, 2, "Paulo"),
	      "\"Py\xc5\x8fngyang\xe2\x80\x99s S\xc3\xa3o Paulo\": diacritics "
	      "stripped, spans exact (got \"%s\")", forms(ts));
	run(a, ts, "\xc2\xabSa\xcc\x83o\xc2\xbb Mu\xcc\x88nchen na\xc3\xafve");
	CHECK(!strcmp(forms(ts), "sao munchen naive") &&
	      span_is(ts, 0, "Sa\xcc\x83o") &&
	      span_is(ts, 1, "Mu\xcc\x88nchen"),
	      "decomposed accents are stripped and stay in the span (got "
	      "\"%s\")", forms(ts));

	run(a, ts, "nato");
	snprintf(s1, sizeof(s1), "%s", ts->n ? ts->t[0].form : "?");
	run(a, ts, "NATO Nato \xef\xbc\xae\xef\xbc\xa1\xef\xbc\xb4\xef\xbc\xaf");
	CHECK(ts->n == 3 && !strcmp(ts->t[0].form, s1) &&
	      !strcmp(ts->t[1].form, s1) && !strcmp(ts->t[2].form, s1) &&
	      span_is(ts, 2, "\xef\xbc\xae\xef\xbc\xa1\xef\xbc\xb4\xef\xbc\xaf"),
	      "NATO, Nato and fullwidth NATO all fold to nato (got \"%s\")",
	      forms(ts));
	run(a, ts, "\xef\xac\x81nance finance Stra\xc3\x9f" "e");
	CHECK(ts->n == 3 && !strcmp(ts->t[0].form, "finance") &&
	      !strcmp(ts->t[0].stem, ts->t[1].stem) &&
	      !strcmp(ts->t[2].form, "strasse"),
	      "ligature \"\xef\xac\x81nance\" -> finance, \xc3\x9f -> ss "
	      "(got \"%s\")", forms(ts));
	run(a, ts, "\xce\x9f\xce\x94\xce\xa5\xce\xa3\xce\xa3\xce\x95\xce\x8a"
		   "\xce\x91 \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0");
	CHECK(ts->n == 2 && !strcmp(ts->t[1].form,
				    "\xd0\xbc\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2"
				    "\xd0\xb0"),
	      "Greek and Cyrillic words are tokens, lower-cased (got \"%s\")",
	      forms(ts));
	free(ts);
}

/* The stemming path on its own agrees with the tokens' stems. */
static void test_stem_path(wonk_analyzer *a)
{
	static const char text[] =
		"Nations RUNNING generously S\xc3\xa3o \xef\xac\x81nances "
		"Connections hopeful";
	struct toks *ts = calloc(1, sizeof(*ts));
	size_t agree = 0, sl = 0;
	const char *st;

	if (!ts)
		return;
	run(a, ts, text);
	for (size_t i = 0; i < ts->n; i++) {
		st = wonk_analyzer_stem(a, text + ts->t[i].start,
					ts->t[i].end - ts->t[i].start, &sl);
		if (st && strlen(st) == sl && !strcmp(st, ts->t[i].stem))
			agree++;
	}
	CHECK(ts->n == 7 && agree == ts->n,
	      "wonk_analyzer_stem of each word equals its token's stem "
	      "(%zu of %zu)", agree, ts->n);
	st = wonk_analyzer_stem(a, "Russia's", 8, &sl);
	CHECK(st && !strcmp(st, "russia") && sl == 6,
	      "the stemming path leaves \"'s\" to Snowball: Russia's -> %s",
	      st ? st : "(null)");
	st = wonk_analyzer_stem(a, NULL, 0, &sl);
	CHECK(st && sl == 0 && !*st, "stem of the empty word is empty");
	st = wonk_analyzer_stem(a, "ab\xff" "cd", 5, &sl);
	CHECK(st && sl == 5, "stem of invalid UTF-8 does not fail");
	free(ts);
}

/* 9: over-long tokens are dropped but take a position. */
static void test_overlong(wonk_analyzer *a)
{
	struct toks *ts = calloc(1, sizeof(*ts));
	char *buf = malloc(200000);
	size_t o;

	if (!ts || !buf) {
		free(ts);
		free(buf);
		return;
	}
	o = (size_t)sprintf(buf, "alpha ");
	memset(buf + o, 'x', WONK_MAX_TERM_BYTES + 1);
	o += WONK_MAX_TERM_BYTES + 1;
	o += (size_t)sprintf(buf + o, " beta ");
	memset(buf + o, 'y', WONK_MAX_TERM_BYTES);
	o += WONK_MAX_TERM_BYTES;
	buf[o] = '\0';
	run(a, ts, buf);
	CHECK(ts->n == 3 && !strcmp(ts->t[0].form, "alpha") &&
	      ts->t[1].pos == 2 && !strcmp(ts->t[1].form, "beta") &&
	      ts->t[2].pos == 3 && strlen(ts->t[2].form) == WONK_MAX_TERM_BYTES,
	      "a %d-byte word is skipped but takes position 1; a %d-byte one "
	      "is kept (got %zu tokens)", WONK_MAX_TERM_BYTES + 1,
	      WONK_MAX_TERM_BYTES, ts->n);

	/* 40 x "é" is 80 bytes of text but a 40-byte form: kept. */
	o = 0;
	for (int k = 0; k < 40; k++)
		o += (size_t)sprintf(buf + o, "\xc3\xa9");
	o += (size_t)sprintf(buf + o, " ");
	for (int k = 0; k < 70; k++)
		o += (size_t)sprintf(buf + o, "\xc3\xa9");
	o += (size_t)sprintf(buf + o, " end");
	run(a, ts, buf);
	CHECK(ts->n == 2 && strlen(ts->t[0].form) == 40 &&
	      !strcmp(ts->t[1].form, "end") && ts->t[1].pos == 2,
	      "the limit applies to the normalised form (got %zu tokens)",
	      ts->n);

	/* One huge word, then a normal one. */
	memset(buf, 'z', 150000);
	sprintf(buf + 150000, " tail");
	run(a, ts, buf);
	CHECK(ts->n == 1 && ts->t[0].pos == 1 && span_is(ts, 0, "tail"),
	      "a 150000-byte word is skipped, then tail at position 1");
	free(buf);
	free(ts);
}

/* 10 and 11: positions across calls, and stopping. */
static void test_positions(wonk_analyzer *a)
{
	struct toks *ts = calloc(1, sizeof(*ts));
	uint32_t next = 0;
	int rc;

	if (!ts)
		return;
	rc = run_len(a, ts, "one two", 7, 0, &next);
	CHECK(rc == 0 && ts->n == 2 && next == 2, "next_pos after 2 words is "
	      "2 (got %u)", (unsigned)next);
	rc = run_len(a, ts, "three four", 10, next, &next);
	CHECK(rc == 0 && ts->n == 2 && ts->t[0].pos == 2 &&
	      ts->t[1].pos == 3 && next == 4 && span_is(ts, 0, "three"),
	      "positions continue from first_pos (got %u, next %u)",
	      ts->n ? (unsigned)ts->t[0].pos : 0, (unsigned)next);
	rc = run_len(a, ts, "... --- ...", 11, 100, &next);
	CHECK(rc == 0 && ts->n == 0 && next == 100,
	      "text without words leaves next_pos at first_pos");

	ts->stop_after = 2;
	rc = run_len(a, ts, "a b c d e", 9, 10, &next);
	CHECK(rc == 7 && ts->n == 2 && next == 12,
	      "a non-zero callback value stops the walk and is returned "
	      "(rc %d after %zu tokens, next %u)", rc, ts->n, (unsigned)next);
	ts->stop_after = 0;
	rc = wonk_analyze(a, "a b", 3, 0, NULL, NULL, &next);
	CHECK(rc == 0 && next == 2, "a NULL callback just counts positions");
	free(ts);
}

/* A callback may use the stemming path without spoiling its token. */
struct reent {
	wonk_analyzer *a;
	int ok;
};

static int reent_cb(void *ctx, const wonk_token *tok)
{
	struct reent *r = ctx;
	char before[80];

	snprintf(before, sizeof(before), "%s", tok->stem);
	if (!wonk_analyzer_stem(r->a, "generously", 10, NULL) ||
	    strcmp(before, tok->stem) != 0)
		r->ok = 0;
	return 0;
}

static void test_reentrant_stem(wonk_analyzer *a)
{
	struct reent r = { a, 1 };

	wonk_analyze(a, "Nations running", 15, 0, reent_cb, &r, NULL);
	CHECK(r.ok, "wonk_analyzer_stem inside a callback keeps tok->stem");
}

int main(void)
{
	wonk_analyzer *a = wonk_analyzer_new();

	CHECK(a != NULL, "wonk_analyzer_new");
	if (!a)
		return CHECK_DONE();
	test_snowball_vocabulary(a);
	test_stem_filter_finds_every_word(a);
	test_stem_keys_find_every_word();
	test_possessives(a);
	test_dashes(a);
	test_numbers(a);
	test_invalid_utf8(a);
	test_unicode(a);
	test_stem_path(a);
	test_overlong(a);
	test_positions(a);
	test_reentrant_stem(a);
	wonk_analyzer_free(a);
	wonk_analyzer_free(NULL);
	return CHECK_DONE();
}
