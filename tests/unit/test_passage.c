/*
 * test_passage.c - the passage splitter (lib/passage.c): the seed article's
 * paragraphs come out whole with their headings, one-line speeches are
 * windowed by sentences without splitting at abbreviations, huge unbroken
 * text is cut into bounded passages on UTF-8 boundaries, degenerate input
 * is safe, and short trailing paragraphs are placed sensibly.
 *
 * Every split is also checked against the contract in passage.h: spans in
 * order, disjoint, non-empty, trimmed, at most 8 KB, and together covering
 * every non-space byte, so no word is ever lost between passages.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "passage.h"

#define MAX_PASSAGE_BYTES 8192

/* ------------------------------------------------------------- helpers */

typedef struct buf {
	char *p;
	size_t n, cap;
	int failed;
} buf;

static void add(buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (b->n + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void adds(buf *b, const char *s)
{
	add(b, s, strlen(s));
}

/* Appends n words in sentences of `per` words, each capitalised and ending
 * with a period. */
static void add_words(buf *b, size_t n, size_t per)
{
	static const char *const words[] = {
		"policy", "treaty", "missile", "alliance", "sanctions",
		"budget", "reform", "congress", "economy", "defense",
	};
	for (size_t i = 0; i < n; i++) {
		const char *w = words[i % 10];
		if (i % per == 0) {
			char cap[16];
			snprintf(cap, sizeof cap, "%s", w);
			cap[0] = (char)(cap[0] - 'a' + 'A');
			adds(b, cap);
		} else {
			adds(b, w);
		}
		if (i + 1 == n || i % per == per - 1)
			adds(b, i + 1 == n ? "." : ". ");
		else
			adds(b, " ");
	}
}

static int is_sp(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* NULL when the spans keep passage.h's promises for text[0, len), else what
 * is wrong. */
static const char *contract_broken(const char *text, size_t len,
				   const wonk_span *s, size_t n)
{
	const unsigned char *t = (const unsigned char *)text;
	size_t covered = 0; /* bytes before this are accounted for */

	if ((n == 0) != (s == NULL))
		return "NULL exactly when there are no passages";
	for (size_t i = 0; i < n; i++) {
		if (s[i].start >= s[i].end || s[i].end > len)
			return "a span is empty or out of range";
		if (s[i].start < covered)
			return "spans overlap or are out of order";
		if (is_sp(t[s[i].start]) || is_sp(t[s[i].end - 1]))
			return "a span is not trimmed";
		if (s[i].end - s[i].start > MAX_PASSAGE_BYTES)
			return "a passage is over 8 KB";
		for (size_t j = covered; j < s[i].start; j++)
			if (!is_sp(t[j]))
				return "text between passages is lost";
		covered = s[i].end;
	}
	for (size_t j = covered; j < len; j++)
		if (!is_sp(t[j]))
			return "text after the last passage is lost";
	return NULL;
}

static const char *ok_or(const char *why)
{
	return why ? why : "all kept";
}

/* The passage holding byte off, or n. */
static size_t passage_at(const wonk_span *s, size_t n, size_t off)
{
	for (size_t i = 0; i < n; i++)
		if (s[i].start <= off && off < s[i].end)
			return i;
	return n;
}

static size_t span_words(const char *t, wonk_span s)
{
	return wonk_count_words(t + s.start, s.end - s.start);
}

static int span_is(const char *t, wonk_span s, const char *want)
{
	return s.end - s.start == strlen(want) &&
	       memcmp(t + s.start, want, s.end - s.start) == 0;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 16384;
			char *q = realloc(p, cap);
			if (!q) {
				free(p);
				fclose(f);
				return NULL;
			}
			p = q;
		}
		size_t got = fread(p + n, 1, 4096, f);
		n += got;
		if (got < 4096)
			break;
	}
	fclose(f);
	p[n] = '\0';
	*len = n;
	return p;
}

/* The paragraph around byte off of the seed article (which separates its
 * paragraphs with "\n\n"), trimmed. */
static wonk_span paragraph_at(const char *t, size_t len, size_t off)
{
	wonk_span p = { off, off };

	while (p.start > 0 && !(p.start >= 2 && t[p.start - 1] == '\n' &&
				t[p.start - 2] == '\n'))
		p.start--;
	while (p.end < len && !(t[p.end] == '\n' && p.end + 1 < len &&
				t[p.end + 1] == '\n'))
		p.end++;
	while (p.start < p.end && is_sp((unsigned char)t[p.start]))
		p.start++;
	while (p.end > p.start && is_sp((unsigned char)t[p.end - 1]))
		p.end--;
	return p;
}

static size_t offset_of(const char *t, const char *needle)
{
	const char *p = strstr(t, needle);
	return p ? (size_t)(p - t) : SIZE_MAX;
}

/* Splits s with the defaults, but window_sentences, min and max as given. */
static int split(const char *s, size_t len, unsigned min, unsigned max,
		 unsigned window, wonk_span **out, size_t *n)
{
	wonk_passage_params p = { min, max, window };
	return wonk_split_passages(s, len, &p, out, n);
}

/* How many sentences s has: s is repeated until the paragraph is long
 * enough to be windowed, one sentence a window. */
static size_t sentences(const char *s)
{
	enum { REPEAT = 64 };
	buf b = { 0 };
	wonk_span *sp;
	size_t n;

	for (int i = 0; i < REPEAT; i++) {
		adds(&b, s);
		adds(&b, " ");
	}
	if (b.failed || split(b.p, b.n, 0, 20, 1, &sp, &n) != 0)
		n = SIZE_MAX;
	else
		free(sp);
	free(b.p);
	return n == SIZE_MAX || n % REPEAT ? SIZE_MAX : n / REPEAT;
}

/* ---------------------------------------------------------------- tests */

static void test_seed_article(void)
{
	const char *top = getenv("WONK_TOP");
	char path[4096];
	size_t len = 0, n = 0;
	wonk_span *s = NULL;
	wonk_passage_params p;

	snprintf(path, sizeof path, "%s/%s", top && *top ? top : ".",
		 "corpus/kennan/putin-kim-partnership.txt");
	char *t = slurp(path, &len);
	CHECK(t != NULL, "the seed article %s can be read", path);
	if (!t)
		return;
	wonk_passage_params_default(&p);
	CHECK(p.min_words == 20 && p.max_words == 200 &&
		      p.window_sentences == 3,
	      "the defaults are 20 / 200 words, 3 sentences a window");
	int rc = wonk_split_passages(t, len, &p, &s, &n);
	CHECK(rc == 0 && n > 5, "the article splits into %zu passages", n);
	CHECK(!contract_broken(t, len, s, n), "article: %s",
	      ok_or(contract_broken(t, len, s, n)));

	static const char *const whole[] = {
		"Multiple Independently Targeted Reentry Vehicles (MIRVs)",
		"Vostochny",
	};
	for (size_t k = 0; k < 2; k++) {
		size_t off = offset_of(t, whole[k]);
		wonk_span para = paragraph_at(t, len, off);
		size_t i = passage_at(s, n, off);
		CHECK(off != SIZE_MAX && i < n && s[i].start == para.start &&
			      s[i].end == para.end,
		      "the paragraph with \"%s\" (%zu words) is one passage, "
		      "by itself",
		      whole[k], wonk_count_words(t + para.start,
						 para.end - para.start));
	}

	size_t head = offset_of(t, "A Hedge Against China");
	size_t body = offset_of(t, "The strengthening of military ties");
	CHECK(head != SIZE_MAX && body != SIZE_MAX &&
		      passage_at(s, n, head) < n &&
		      passage_at(s, n, head) == passage_at(s, n, body),
	      "the heading \"A Hedge Against China\" is in the passage of the "
	      "paragraph it heads");
	size_t hp = passage_at(s, n, head);
	CHECK(hp < n && s[hp].start == head,
	      "that passage starts with the heading");

	size_t most = 0;
	for (size_t i = 0; i < n; i++)
		if (span_words(t, s[i]) > most)
			most = span_words(t, s[i]);
	CHECK(most <= p.max_words, "no article passage is over %u words (%zu)",
	      p.max_words, most);
	free(s);
	free(t);
}

static void test_sentence_windows(void)
{
	static const char *const forms[] = {
		"Mr. Smith of the U.S. Senate expects growth of 3.5 percent "
		"this year.",
		"as John F. Kennedy said, we go (e.g. Apollo) to the Moon!",
		"did Dr. Jones of St. Louis ask \xe2\x80\x9cwhy "
		"not?\xe2\x80\x9d",
	};
	size_t starts[30], ends[30];
	buf b = { 0 };
	wonk_span *s = NULL;
	size_t n = 0;

	for (int i = 0; i < 30; i++) {
		char one[256];
		snprintf(one, sizeof one, "Sentence %d: %s", i + 1,
			 forms[i % 3]);
		if (i)
			adds(&b, " ");
		starts[i] = b.n;
		adds(&b, one);
		ends[i] = b.n;
	}
	CHECK(!b.failed, "built a one-line text of 30 sentences");
	if (b.failed)
		return;

	int rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	CHECK(rc == 0 && n == 10, "30 sentences make 10 windows (got %zu)", n);
	int exact = n == 10;
	for (size_t i = 0; exact && i < 10; i++)
		exact = s[i].start == starts[3 * i] &&
			s[i].end == ends[3 * i + 2];
	CHECK(exact, "each window is exactly 3 whole sentences: abbreviations, "
		     "initials, \"U.S.\", \"3.5\" and \"e.g.\" do not end one");
	CHECK(!contract_broken(b.p, b.n, s, n), "windows: %s",
	      ok_or(contract_broken(b.p, b.n, s, n)));
	free(s);

	/* A tighter word limit makes windows smaller, never mid-sentence. */
	rc = split(b.p, b.n, 20, 40, 3, &s, &n);
	int bounded = rc == 0 && n > 10, aligned = bounded;
	for (size_t i = 0; bounded && i < n; i++) {
		int st = 0, en = 0;
		bounded = span_words(b.p, s[i]) <= 40;
		for (int k = 0; k < 30; k++) {
			st |= s[i].start == starts[k];
			en |= s[i].end == ends[k];
		}
		aligned = aligned && st && en;
	}
	CHECK(bounded, "with max_words 40, every window is at most 40 words "
		       "(%zu windows)", n);
	CHECK(aligned, "and every window still starts and ends at sentence "
		       "boundaries");
	free(s);
	free(b.p);

	/* Windows of very short sentences take more than window_sentences
	 * until they reach min_words. */
	b = (buf){ 0 };
	for (int i = 0; i < 100; i++)
		adds(&b, "Short line here now. ");
	rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	int filled = rc == 0 && n > 1;
	for (size_t i = 0; filled && i < n; i++) {
		size_t w = span_words(b.p, s[i]);
		filled = w >= 20 && w <= 200;
	}
	CHECK(filled, "windows of 4-word sentences grow to min_words (%zu "
		      "windows)", n);
	free(s);
	free(b.p);

	CHECK(sentences("Mr. Smith went to Washington. He stayed.") == 2,
	      "\"Mr.\" does not end a sentence");
	CHECK(sentences("The U.S. Senate voted. It passed.") == 2,
	      "\"U.S.\" does not end a sentence");
	CHECK(sentences("Growth was 3.5 percent. Good.") == 2,
	      "\"3.5\" does not end a sentence");
	CHECK(sentences("John F. Kennedy spoke. Crowds cheered.") == 2,
	      "an initial does not end a sentence");
	CHECK(sentences("See No. 5 above. Then No. The end.") == 3,
	      "\"No.\" is an abbreviation only before a number");
	CHECK(sentences("He said \"Stop.\" Then he left. (It worked.) "
			"Fine.") == 4,
	      "a sentence ends after closing quotes and brackets");
	CHECK(sentences("Is it? Yes! Really?! Done.") == 4,
	      "'?' and '!' end sentences");
	CHECK(sentences("Wait... then go. It was built in 1990. The end.") == 3,
	      "a lower-case start continues the sentence; a year ends one");
	CHECK(sentences("Fruit, e.g. Apples, etc. Are good.") == 1,
	      "\"e.g.\" and \"etc.\" do not end a sentence");
}

static int utf8_boundaries_kept(const char *t, size_t len, const wonk_span *s,
				size_t n)
{
	const unsigned char *u = (const unsigned char *)t;
	for (size_t i = 0; i < n; i++) {
		if ((u[s[i].start] & 0xC0) == 0x80)
			return 0;
		if (s[i].end < len && (u[s[i].end] & 0xC0) == 0x80)
			return 0;
	}
	return 1;
}

static void test_huge_sentence(void)
{
	const size_t mb = 1 << 20;
	buf b = { 0 };
	wonk_span *s = NULL;
	size_t n = 0;

	/* Words and spaces, but no sentence end in a megabyte. */
	while (b.n < mb)
		adds(&b, "na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e "
			 "policy ");
	CHECK(!b.failed, "built a 1 MB sentence");
	if (b.failed)
		return;
	int rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	CHECK(rc == 0 && n > 1, "a 1 MB sentence is cut (%zu passages)", n);
	CHECK(!contract_broken(b.p, b.n, s, n), "1 MB sentence: %s",
	      ok_or(contract_broken(b.p, b.n, s, n)));
	size_t over = 0;
	for (size_t i = 0; i < n; i++)
		over += span_words(b.p, s[i]) > 200;
	CHECK(over == 0, "every piece has at most max_words words (%zu over)",
	      over);
	CHECK(utf8_boundaries_kept(b.p, b.n, s, n),
	      "no piece starts or ends inside a UTF-8 sequence");
	free(s);

	/* No spaces at all: 3-byte characters, so the 8 KB cap falls inside
	 * one. */
	b.n = 0;
	adds(&b, "x");
	while (b.n < mb)
		adds(&b, "\xe8\xaa\x9e");
	rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	CHECK(rc == 0 && n >= mb / MAX_PASSAGE_BYTES &&
		      n <= 2 * (mb / MAX_PASSAGE_BYTES) + 1,
	      "a 1 MB run with no spaces is cut into 8 KB pieces (%zu)", n);
	CHECK(!contract_broken(b.p, b.n, s, n), "1 MB run: %s",
	      ok_or(contract_broken(b.p, b.n, s, n)));
	CHECK(utf8_boundaries_kept(b.p, b.n, s, n),
	      "the cuts fall between characters, never inside one");
	free(s);

	/* A megabyte of one ASCII letter. */
	b.n = 0;
	while (b.n < mb)
		adds(&b, "aaaaaaaaaaaaaaaa");
	rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	CHECK(rc == 0 && n == (b.n + MAX_PASSAGE_BYTES - 1) / MAX_PASSAGE_BYTES,
	      "a 1 MB word is cut every 8 KB (%zu pieces)", n);
	CHECK(!contract_broken(b.p, b.n, s, n), "1 MB word: %s",
	      ok_or(contract_broken(b.p, b.n, s, n)));
	free(s);
	free(b.p);
}

static void test_degenerate(void)
{
	wonk_span *s = (wonk_span *)&s; /* must be reset */
	size_t n = 99;

	int rc = wonk_split_passages("", 0, NULL, &s, &n);
	CHECK(rc == 0 && n == 0 && s == NULL, "empty text: no passages, NULL");
	s = (wonk_span *)&s;
	rc = wonk_split_passages(NULL, 0, NULL, &s, &n);
	CHECK(rc == 0 && n == 0 && s == NULL, "NULL text of length 0: none");
	const char *blank = " \t\r\n\r\n   \n\v\f\n\n";
	s = (wonk_span *)&s;
	n = 99;
	rc = wonk_split_passages(blank, strlen(blank), NULL, &s, &n);
	CHECK(rc == 0 && n == 0 && s == NULL, "all-blank text: no passages");

	/* Windows line ends; a line of spaces also separates paragraphs. */
	buf b = { 0 };
	adds(&b, "\r\n");
	size_t a1 = b.n;
	add_words(&b, 30, 10);
	size_t e1 = b.n;
	adds(&b, "\r\n\r\n");
	size_t a2 = b.n;
	add_words(&b, 12, 12);
	adds(&b, "\r\n");
	add_words(&b, 12, 12);
	size_t e2 = b.n;
	adds(&b, "\r\n \t \r\n");
	size_t a3 = b.n;
	add_words(&b, 25, 25);
	size_t e3 = b.n;
	adds(&b, "\r\n");
	rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	CHECK(rc == 0 && n == 3 && s[0].start == a1 && s[0].end == e1 &&
		      s[1].start == a2 && s[1].end == e2 &&
		      s[2].start == a3 && s[2].end == e3,
	      "\\r\\n text: 3 paragraphs, no \\r kept at their ends");
	free(s);
	free(b.p);

	/* Bytes that are not UTF-8, and NULs, are just text. */
	static const char odd[] = "Bad \xff\xfe bytes\0and NUL. \x80\x80 Next "
				  "one.\xc3\n\n\xe2\x80 \0\0\0\n\n\xf0\x9f";
	rc = wonk_split_passages(odd, sizeof odd - 1, NULL, &s, &n);
	CHECK(rc == 0 && n >= 1, "invalid UTF-8 and NULs split (%zu)", n);
	CHECK(!contract_broken(odd, sizeof odd - 1, s, n), "odd bytes: %s",
	      ok_or(contract_broken(odd, sizeof odd - 1, s, n)));
	free(s);

	/* Random bytes, biased towards the ones the splitter looks at. */
	size_t len = 300000;
	char *r = malloc(len);
	CHECK(r != NULL, "allocated random text");
	if (!r)
		return;
	uint32_t x = 12345;
	static const char pick[] = " \n\n.!?\"')]\xe2\x80\x9d\x99\xc3\0aZ9";
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		unsigned v = x >> 16;
		r[i] = v % 3 ? pick[v % (sizeof pick - 1)] : (char)(v >> 4);
	}
	int all_ok = 1;
	for (unsigned min = 0; min <= 40; min += 20) {
		rc = split(r, len, min, 5 + min, 2, &s, &n);
		all_ok = all_ok && rc == 0 && !contract_broken(r, len, s, n);
		free(s);
	}
	CHECK(all_ok, "300 KB of random bytes split and keep the contract");
	free(r);

	CHECK(wonk_count_words("Kim Jong-un's 3.5", 17) == 6,
	      "words are runs of letters and digits");
	CHECK(wonk_count_words("na\xc3\xafve caf\xc3\xa9, \xe6\x97\xa5",
			       16) == 3,
	      "non-ASCII bytes are letters");
	CHECK(wonk_count_words(" ,;- ", 5) == 0 && wonk_count_words("", 0) == 0,
	      "punctuation and space are no words");
}

static void test_short_paragraphs(void)
{
	buf b = { 0 };
	wonk_span *s = NULL;
	size_t n = 0;

	/* A short last paragraph joins the passage before it... */
	add_words(&b, 40, 10);
	adds(&b, "\n\nThanks for reading.\n");
	int rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	CHECK(rc == 0 && n == 1 && s[0].start == 0 &&
		      s[0].end == b.n - 1,
	      "a short last paragraph joins the one before it");
	free(s);

	/* ...unless that passage would then be over max_words. */
	b.n = 0;
	add_words(&b, 198, 11);
	size_t body_end = b.n;
	adds(&b, "\n\nThanks for reading this.");
	rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	CHECK(rc == 0 && n == 2 && s[0].end == body_end &&
		      span_is(b.p, s[1], "Thanks for reading this."),
	      "a short last paragraph stands alone when joining would pass "
	      "max_words");
	free(s);

	/* Headings chain onto the paragraph that follows. */
	b.n = 0;
	add_words(&b, 50, 10);
	adds(&b, "\n\n");
	size_t head = b.n;
	adds(&b, "Part Two\n\nBy A. Writer\n\n");
	add_words(&b, 50, 10);
	rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	CHECK(rc == 0 && n == 2 && s[1].start == head && s[1].end == b.n,
	      "a heading and a byline join the paragraph after them");
	free(s);

	/* A heading over a paragraph too long for one passage opens its first
	 * window. */
	b.n = 0;
	adds(&b, "A Long Section\n\n");
	size_t body = b.n;
	add_words(&b, 450, 15);
	rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	int bounded = rc == 0 && n >= 3;
	for (size_t i = 0; bounded && i < n; i++)
		bounded = span_words(b.p, s[i]) <= 200;
	CHECK(rc == 0 && n >= 3 && s[0].start == 0 && s[0].end > body,
	      "a heading opens the first window of a long paragraph");
	CHECK(bounded, "and the windows stay within max_words (%zu windows)",
	      n);
	CHECK(!contract_broken(b.p, b.n, s, n), "long section: %s",
	      ok_or(contract_broken(b.p, b.n, s, n)));
	free(s);

	/* A document that is one short line is still one passage. */
	rc = wonk_split_passages("  Hello world.\n", 15, NULL, &s, &n);
	CHECK(rc == 0 && n == 1 && s[0].start == 2 && s[0].end == 14,
	      "a lone short paragraph is one passage");
	free(s);

	/* Many short lines become passages of their own, not one huge one. */
	b.n = 0;
	for (int i = 0; i < 100; i++)
		adds(&b, "One short bullet point of eight words here.\n\n");
	rc = wonk_split_passages(b.p, b.n, NULL, &s, &n);
	int sized = rc == 0 && n > 1;
	for (size_t i = 0; sized && i < n; i++)
		sized = span_words(b.p, s[i]) <= 200;
	CHECK(sized, "100 short paragraphs in a row make %zu passages of at "
		     "most max_words", n);
	CHECK(!contract_broken(b.p, b.n, s, n), "short run: %s",
	      ok_or(contract_broken(b.p, b.n, s, n)));
	free(s);
	free(b.p);
}

int main(void)
{
	test_seed_article();
	test_sentence_windows();
	test_huge_sentence();
	test_degenerate();
	test_short_paragraphs();
	return CHECK_DONE();
}
