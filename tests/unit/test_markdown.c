/*
 * test_markdown.c - Markdown comes out as the text a reader sees, one block
 * per heading, paragraph, list item, table row and code block; front matter
 * fills the metadata; and no input, however broken or hostile, crashes the
 * extractor or makes it slow.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "check.h"
#include "extract.h"

static wonk_document doc;

/* Extracts s (copied to a buffer of exactly its length, so a read past the
 * end shows under ASan); returns the body, "" on failure. */
static const char *md_n(const char *s, size_t n)
{
	wonk_document_clear(&doc);
	char *buf = malloc(n ? n : 1);
	if (!buf)
		return "";
	memcpy(buf, s, n);
	char *err = NULL;
	wonk_status st = wonk_extract_markdown(buf, n, &doc, &err);
	free(buf);
	if (st != WONK_OK) {
		printf("# extraction failed: %s\n", err ? err : "?");
		free(err);
		return "";
	}
	return doc.body;
}

static const char *md(const char *s)
{
	return md_n(s, strlen(s));
}

static int body_is(const char *s, const char *want)
{
	const char *got = md(s);
	int ok = strcmp(got, want) == 0;
	if (!ok)
		printf("# got:\n%s\n# want:\n%s\n", got, want);
	return ok;
}

static int eq(const char *got, const char *want)
{
	int ok = want ? got && strcmp(got, want) == 0 : got == NULL;
	if (!ok)
		printf("# got \"%s\", want \"%s\"\n", got ? got : "(null)", want ? want : "(null)");
	return ok;
}

/* What every body must be: as long as it says, valid UTF-8 without NUL,
 * blocks separated by exactly one blank line, no line of only white
 * space, nothing before the first block or after the last. */
static int well_formed(const wonk_document *d)
{
	const char *b = d->body;
	size_t n = d->body_len;
	if (!b || strlen(b) != n || strcmp(d->type, "markdown") != 0)
		return 0;
	if (n && (b[0] == '\n' || b[n - 1] == '\n'))
		return 0;
	if (strstr(b, "\n\n\n"))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (b[i] != '\n')
			continue;
		size_t j = i + 1;
		while (j < n && (b[j] == ' ' || b[j] == '\t'))
			j++;
		if (j > i + 1 && (j == n || b[j] == '\n'))
			return 0;
	}
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)b + i,
						      (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

/* A string of n copies of unit. */
static char *repeat(const char *unit, size_t n, size_t *len)
{
	size_t u = strlen(unit);
	char *s = malloc(u * n + 1);
	if (!s)
		abort();
	for (size_t i = 0; i < n; i++)
		memcpy(s + i * u, unit, u);
	s[u * n] = '\0';
	*len = u * n;
	return s;
}

static void front_matter(void)
{
	md("---\n"
	   "title: \"Arctic Shipping: A Primer\"\n"
	   "author: Jane Doe\n"
	   "date: 2024-06-19T10:00:00+03:00\n"
	   "source: 'Polar Review'\n"
	   "url: https://example.org/arctic  # canonical\n"
	   "tags: arctic, shipping\n"
	   "description: >\n"
	   "  Routes opening as\n"
	   "  the ice retreats.\n"
	   "lang: en\n"
	   "layout: post\n"
	   "---\n"
	   "Body text.\n");
	CHECK(eq(doc.meta.title, "Arctic Shipping: A Primer"), "front matter: double-quoted title");
	CHECK(eq(doc.meta.author, "Jane Doe"), "front matter: author");
	CHECK(eq(doc.meta.date, "2024-06-19"), "front matter: date normalised");
	CHECK(eq(doc.meta.source, "Polar Review"), "front matter: single-quoted source");
	CHECK(eq(doc.meta.url, "https://example.org/arctic"), "front matter: url, comment dropped");
	CHECK(eq(doc.meta.tags, "arctic; shipping"), "front matter: tags as a comma list");
	CHECK(eq(doc.meta.description, "Routes opening as the ice retreats."),
	      "front matter: folded description");
	CHECK(eq(doc.meta.lang, "en"), "front matter: lang");
	CHECK(eq(doc.body, "Body text."), "front matter is not body text; unknown keys ignored");

	md("---\nauthors: [Jane Doe, 'John O''Roe', \"Ann \\\"A\\\" Lee\"]\n"
	   "tags: [\"energy, policy\", sanctions]\ndate: June 19, 2024\n---\nx\n");
	CHECK(eq(doc.meta.author, "Jane Doe; John O'Roe; Ann \"A\" Lee"),
	      "front matter: authors as a flow list, quotes unescaped");
	CHECK(eq(doc.meta.tags, "energy, policy; sanctions"),
	      "front matter: a quoted flow item keeps its comma");
	CHECK(eq(doc.meta.date, "2024-06-19"), "front matter: a written-out date");

	md("---\nauthor:\n  - Jane Doe\n  - John Roe\ntags:\n- arctic\n- ice\n"
	   "title: 'It''s cold'\n---\nx\n");
	CHECK(eq(doc.meta.author, "Jane Doe; John Roe"), "front matter: authors as a block list");
	CHECK(eq(doc.meta.tags, "arctic; ice"), "front matter: block list at the key's indent");
	CHECK(eq(doc.meta.title, "It's cold"), "front matter: '' inside single quotes");

	md("---\nauthor:\n  name: Jane Doe\n  url: https://x.org\npublisher:\n  - name: Polar Review\n"
	   "date: not a date\n...\nx\n");
	CHECK(eq(doc.meta.author, "Jane Doe"), "front matter: author as a mapping with a name");
	CHECK(eq(doc.meta.source, "Polar Review"), "front matter: publisher as a list of mappings");
	CHECK(doc.meta.date == NULL, "front matter: an unreadable date is no date");
	CHECK(eq(doc.body, "x"), "front matter may end with ...");

	md("+++\ntitle = \"TOML Title\"\ntags = [\"a\", \"b\"]\ndate = 2024-06-19\n"
	   "[params]\nauthor = \"not the page's\"\n+++\nx\n");
	CHECK(eq(doc.meta.title, "TOML Title") && eq(doc.meta.tags, "a; b") &&
		      eq(doc.meta.date, "2024-06-19") && doc.meta.author == NULL,
	      "TOML front matter (+++), keys under a [section] ignored");

	CHECK(body_is("---\ntitle: Unclosed\nauthor: Nobody\n\nSome text.\n",
		      "title: Unclosed\nauthor: Nobody\n\nSome text."),
	      "front matter without its closing line is body text");
	CHECK(doc.meta.title == NULL && doc.meta.author == NULL,
	      "and gives no metadata");
	CHECK(body_is("---\nA paragraph between rules.\n---\nMore.\n",
		      "A paragraph between rules.\n\nMore."),
	      "a rule, text and a setext underline are not front matter");
	CHECK(body_is("\xEF\xBB\xBF---\ntitle: BOM\n---\nx\n", "x") && eq(doc.meta.title, "BOM"),
	      "front matter after a byte order mark");
	CHECK(body_is("---\n---\nx\n", "x"), "empty front matter");

	md("---\ntitle: From Front Matter\n---\n# From Heading\n");
	CHECK(eq(doc.meta.title, "From Front Matter"), "the front matter title wins over a heading");
}

static void blocks(void)
{
	CHECK(body_is("# Arctic Routes\n\nThe Northern Sea Route\nis shorter.\n\n"
		      "## Costs\nInsurance is high.\n",
		      "Arctic Routes\n\nThe Northern Sea Route\nis shorter.\n\nCosts\n\n"
		      "Insurance is high."),
	      "headings and paragraphs are blocks; a paragraph keeps its line breaks");
	CHECK(eq(doc.meta.title, "Arctic Routes"), "the first level-1 heading is the title");

	CHECK(body_is("## Not the title\n\nText\n\n# The *Title* #\n\n# Second\n",
		      "Not the title\n\nText\n\nThe Title\n\nSecond") &&
		      eq(doc.meta.title, "The Title"),
	      "the first level-1 heading, inline syntax and closing #s removed");
	CHECK(body_is("Setext Title\n============\n\nSub\n---\ntext\n",
		      "Setext Title\n\nSub\n\ntext") &&
		      eq(doc.meta.title, "Setext Title"),
	      "setext headings, and a level-1 one is the title");
	CHECK(body_is("Just text.\n", "Just text.") && doc.meta.title == NULL,
	      "no heading, no title (the indexer uses the file name)");
	CHECK(body_is("#hashtag and #5\n", "#hashtag and #5"), "# without a space is text");

	CHECK(body_is("Intro:\n- first item\n- second item\n  continued\n* star\n+ plus\n\n"
		      "1. one\n2) two\n10. ten\n",
		      "Intro:\n\nfirst item\n\nsecond item\ncontinued\n\nstar\n\nplus\n\n"
		      "one\n\ntwo\n\nten"),
	      "each list item is a block, continuation lines kept with it");
	CHECK(body_is("- outer\n  - inner\n    - innermost\n- [ ] todo\n- [x] done\n",
		      "outer\n\ninner\n\ninnermost\n\ntodo\n\ndone"),
	      "nested list items and task boxes");
	CHECK(body_is("- item\n\n  second paragraph of the item\n\nafter the list\n",
		      "item\n\nsecond paragraph of the item\n\nafter the list"),
	      "a list item's later paragraph, then the text after the list");
	CHECK(body_is("It was in\n1905. That year.\n", "It was in\n1905. That year."),
	      "a number that starts a line inside a paragraph is not a list");

	CHECK(body_is("> Quoted words\n> go on.\n>\n> > Nested quote.\n\nAfter.\n",
		      "Quoted words\ngo on.\n\nNested quote.\n\nAfter."),
	      "blockquote markers removed, quoted paragraphs kept apart");
	CHECK(body_is("> a lazy\ncontinuation\n", "a lazy\ncontinuation"),
	      "a lazy continuation line joins the quoted paragraph");

	CHECK(body_is("Text\n\n***\n\n- - -\n___\nMore\n", "Text\n\nMore"),
	      "horizontal rules dropped");
	CHECK(body_is("| Route | Days |\n|:------|-----:|\n| NSR | 18 |\n| Suez \\| Red Sea | 30 |\n\n"
		      "After\n",
		      "Route Days\n\nNSR 18\n\nSuez | Red Sea 30\n\nAfter"),
	      "table rows are blocks, pipes become spaces, delimiter row dropped");
	CHECK(body_is("a | b\nnot a table\n", "a | b\nnot a table"),
	      "pipes without a delimiter row are text");

	CHECK(body_is("Windows\r\nline endings\r\n\r\n# Heading\r\n",
		      "Windows\nline endings\n\nHeading"),
	      "CRLF line endings");
	CHECK(body_is("Old Mac\rendings\r\rnext\r", "Old Mac\nendings\n\nnext"),
	      "CR line endings");
	CHECK(body_is("\n\n\n  \n\t\n", ""), "blank input gives an empty body");
	CHECK(body_is("", ""), "empty input gives an empty body");
}

static void inlines(void)
{
	CHECK(body_is("Some *emphasis*, **strong**, _under_, __double__, ***both***, ~~gone~~.\n",
		      "Some emphasis, strong, under, double, both, gone."),
	      "emphasis markers removed");
	CHECK(body_is("snake_case_name and __init__ly my_var_2 and a_b\n",
		      "snake_case_name and __init__ly my_var_2 and a_b"),
	      "underscores inside words are not emphasis");
	CHECK(body_is("2*3*4 = 24, a*b, 5 * 6 and x**2 + y**2\n",
		      "2*3*4 = 24, a*b, 5 * 6 and x**2 + y**2"),
	      "arithmetic keeps its asterisks");
	CHECK(body_is("A lone * star and *unclosed emphasis\n", "A lone * star and *unclosed emphasis"),
	      "unmatched markers are text");
	CHECK(body_is("Approx ~5% and ~tilde~\n", "Approx ~5% and ~tilde~"),
	      "single tildes are text");
	CHECK(body_is("\\*not emphasis\\* and \\_not\\_ and back\\\\slash\n",
		      "*not emphasis* and _not_ and back\\slash"),
	      "backslash escapes");
	CHECK(body_is("Call `free_list(*p)` or ``a ` b``.\n", "Call free_list(*p) or a ` b."),
	      "code spans keep their text, backticks removed");

	CHECK(body_is("See [the report](https://x.org/r.pdf \"Report\") and "
		      "[the *brief*][brief] and [also][].\n\n[brief]: https://x.org/b\n"
		      "[also]: <https://x.org/a> 'Also'\n",
		      "See the report and the brief and also."),
	      "inline and reference links become their text; definitions dropped");
	CHECK(body_is("A [bracketed aside] stays, [sic].\n", "A [bracketed aside] stays, [sic]."),
	      "brackets that are not links stay");
	CHECK(body_is("Read [The  Book] and [the book], not [sic].\n\n> [the BOOK]: https://b.org\n",
		      "Read The Book and the book, not [sic]."),
	      "a shortcut reference loses its brackets when its label is defined");
	CHECK(body_is("![A tanker in ice](img/tanker.jpg) Caption.\n", "A tanker in ice Caption."),
	      "an image becomes its alt text");
	CHECK(body_is("[![badge](b.svg)](https://ci)\n", "badge"), "an image inside a link");
	CHECK(body_is("Mail <me@example.org> or see <https://example.org/x?a=1&b=2>.\n",
		      "Mail me@example.org or see https://example.org/x?a=1&b=2."),
	      "autolinks become their address");
	CHECK(body_is("Claim[^1] here.\n\n[^1]: The source of the claim.\n",
		      "Claim here.\n\nThe source of the claim."),
	      "footnote references dropped, footnote text kept");

	CHECK(body_is("Text <!-- hidden --> shown.\n\n<!--\nmulti\n\nline\n-->\nAfter.\n",
		      "Text shown.\n\nAfter."),
	      "HTML comments dropped, also across blank lines");
	CHECK(body_is("<div align=\"center\">\n<b>Bold</b> and <span class='x'>span</span>\n</div>\n\n"
		      "<script>\nvar x = \"<b>\";\n</script>\n<style>p{}</style>\n"
		      "a<br>b 3 < 4 > 2\n",
		      "Bold and span\n\na b 3 < 4 > 2"),
	      "HTML tags stripped, scripts and styles dropped, comparisons kept");
	CHECK(body_is("AT&amp;T &mdash; &#8364;5 &#x263A; &bogus; & so\n",
		      "AT&T \xE2\x80\x94 \xE2\x82\xAC" "5 \xE2\x98\xBA &bogus; & so"),
	      "character references decoded, unknown ones kept");
}

static void code(void)
{
	CHECK(body_is("Before.\n\n```python\ndef f(x):\n\n    return x * 2  # *not* emphasis\n"
		      "```\n\nAfter.\n",
		      "Before.\n\ndef f(x):\n    return x * 2  # *not* emphasis\n\nAfter."),
	      "fenced code kept as written, fence and blank lines dropped");
	CHECK(body_is("~~~~\n# not a heading\n- not an item\n~~~~\n",
		      "# not a heading\n- not an item"),
	      "tilde fences; Markdown inside code is not read");
	CHECK(body_is("Text.\n\n    indented code\n      deeper\n\n    more code\nText again.\n",
		      "Text.\n\nindented code\n  deeper\nmore code\n\nText again."),
	      "indented code kept, one block");
	CHECK(body_is("A paragraph\n    continued, not code\n",
		      "A paragraph\ncontinued, not code"),
	      "an indented line inside a paragraph is not code");
	CHECK(body_is("> ```\n> quoted code\n> ```\nnext\n", "quoted code\n\nnext"),
	      "code fenced inside a blockquote");
	CHECK(body_is("```\nunclosed\ncode\n", "unclosed\ncode"), "an unclosed fence runs to the end");
}

static void hostile(void)
{
	static const char *const units[] = {
		"*", "_", "~~", "[", "]", "[a](", "](", "![", "`", "` ", "<", "<!--", "<a \"", "&#",
		"[^", "<a:", "|", "> ", "- ", "1. ", "\\", "*a ", "_a_ ", "[a][", "[a](b \"",
	};
	int all_ok = 1;
	clock_t t0 = clock();
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		size_t n;
		char *s = repeat(units[u], 400000 / strlen(units[u]), &n);
		md_n(s, n);
		if (!well_formed(&doc)) {
			printf("# not well formed: a line of \"%s\"\n", units[u]);
			all_ok = 0;
		}
		free(s);
	}
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	CHECK(all_ok, "400 KB lines of markup characters give well-formed bodies");
	/* Generous: quadratic behaviour would take minutes here. */
	CHECK(secs < 20, "and take linear time (%.2f s for %zu lines)", secs,
	      sizeof units / sizeof units[0]);

	size_t n;
	char *s = repeat("> ", 50000, &n);
	md_n(s, n);
	CHECK(well_formed(&doc), "50,000 nested blockquotes");
	free(s);
	s = repeat("- ", 50000, &n);
	s[n - 2] = 'x';
	md_n(s, n);
	CHECK(well_formed(&doc) && strcmp(doc.body, "x") == 0, "50,000 list markers on one line");
	free(s);
	s = repeat("  - x\n", 20000, &n);
	md_n(s, n);
	CHECK(well_formed(&doc), "20,000 list items");
	free(s);

	md_n("a\0b\n\0\n# \0\n", 10);
	CHECK(well_formed(&doc) &&
		      strcmp(doc.body, "a\xEF\xBF\xBD" "b\n\xEF\xBF\xBD\n\n\xEF\xBF\xBD") == 0,
	      "NUL bytes become U+FFFD");
	md("caf\xC3\xA9 \xFF\xFE bad \xE2\x82 end\n");
	CHECK(well_formed(&doc) && strstr(doc.body, "caf\xC3\xA9") &&
		      strstr(doc.body, "\xEF\xBF\xBD"),
	      "invalid UTF-8 repaired, valid kept");
	static const char fm[] = "---\ntitle: \xFF\x00x\n---\n";
	md_n(fm, sizeof fm - 1);
	CHECK(well_formed(&doc) && doc.meta.title && strcmp(doc.meta.title, "\xEF\xBF\xBDx") == 0,
	      "front matter values are valid UTF-8 too");

	/* Unterminated constructs at the very end of the buffer. */
	static const char *const tails[] = {
		"[a](", "[a](<b", "[a][", "`", "``x`", "<!--", "<a href=\"", "&#x", "&amp", "*a",
		"---\ntitle: \"open", "---\n", "+++", "```", "> ", "|a|\n|-", "[^1", "\\", "<http:",
		"[a]: <b", "1.", "- [", "#",
	};
	all_ok = 1;
	for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
		md(tails[t]);
		all_ok &= well_formed(&doc);
	}
	CHECK(all_ok, "unterminated constructs at the end of input");

	/* Every prefix of a document that uses everything. */
	const char *all =
		"---\ntitle: \"T\"\ntags: [a, 'b']\nauthor:\n  - x\n---\n# H *e* #\n\nP [l](u \"t\") "
		"![i](s) <http://a> `c` **b** &amp; <!-- c -->\n\n> q\n- i\n1. o\n\n"
		"| a | b |\n|---|---|\n"
		"| c | d |\n\n```\ncode\n```\n\n    ind\n\n[r]: http://x\n[^f]: n\n";
	all_ok = 1;
	for (size_t k = 0; k <= strlen(all); k++) {
		md_n(all, k);
		all_ok &= well_formed(&doc);
	}
	CHECK(all_ok, "every prefix of a document is read cleanly");
}

int main(void)
{
	front_matter();
	blocks();
	inlines();
	code();
	hostile();
	md("x");
	CHECK(doc.type && strcmp(doc.type, "markdown") == 0, "the document's type is \"markdown\"");
	wonk_document_clear(&doc);
	return CHECK_DONE();
}
