/*
 * test_html.c - the HTML extractor (lib/html*.c): the article comes out of
 * a page full of clutter, as blocks separated by blank lines with words
 * spaced as a reader sees them; every metadata source is read, in its
 * order of trust; legacy encodings are decoded; and no input, however
 * deep, dense, empty or binary, crashes it or makes it slow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <utf8proc.h>

#include "check.h"
#include "extract.h"

static wonk_document doc;
static wonk_status status;

/* Extracts s[0, n) (copied to a buffer of exactly that length, so a read
 * past the end shows under ASan); returns the body, "" on failure. */
static const char *html_n(const char *s, size_t n)
{
	wonk_document_clear(&doc);
	char *buf = malloc(n ? n : 1);
	if (!buf)
		abort();
	memcpy(buf, s, n);
	char *err = NULL;
	status = wonk_extract_html(buf, n, &doc, &err);
	free(buf);
	if (status != WONK_OK) {
		printf("# extraction failed: %s\n", err ? err : "?");
		free(err);
		return "";
	}
	return doc.body;
}

static const char *html(const char *s)
{
	return html_n(s, strlen(s));
}

static int body_is(const char *s, const char *want)
{
	const char *got = html(s);
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

static int has(const char *text, const char *needle)
{
	return text && strstr(text, needle) != NULL;
}

/* What every body must be: as long as it says, valid UTF-8 without NUL,
 * blocks separated by at most one blank line, nothing before the first
 * block or after the last. */
static int well_formed(const wonk_document *d)
{
	const char *b = d->body;
	size_t n = d->body_len;
	if (!b || strlen(b) != n || !d->type || strcmp(d->type, "html") != 0)
		return 0;
	if (n && (b[0] == '\n' || b[0] == ' ' || b[n - 1] == '\n' || b[n - 1] == ' '))
		return 0;
	if (strstr(b, "\n\n\n"))
		return 0;
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

static char *slurp(const char *name, size_t *len)
{
	const char *top = getenv("WONK_TOP");
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/fixtures/html/%s", top && *top ? top : ".", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *s = malloc(cap);
	size_t got;
	while (s && (got = fread(s + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *t = realloc(s, cap *= 2);
			if (!t) {
				free(s);
				s = NULL;
			}
			s = t;
		}
	}
	fclose(f);
	*len = n;
	return s;
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

/* ------------------------------------------------------------- clutter */

static void think_tank(void)
{
	size_t n;
	char *page = slurp("think-tank.html", &n);
	CHECK(page != NULL, "fixture think-tank.html can be read");
	if (!page)
		return;
	const char *b = html_n(page, n);
	free(page);
	CHECK(status == WONK_OK && well_formed(&doc), "think-tank page: extracted, well formed");

	static const char *const clutter[] = {
		"cookies", "Accept all", "Our experts", "Support our work",
		"Search the site", "Home", "Share this", "Share on", "Email this",
		"Tweet this", "About the author", "leads the centre's work",
		"More from", "Related commentary", "Green steel subsidies",
		"just transition", "Reader42", "captured by the largest",
		"2 comments", "weekly briefing", "Sign up", "Annual conference",
		"Book your place", "Privacy policy", "Registered charity",
		"Senior Fellow", "14 March 2024", "dataLayer", "position: fixed",
	};
	int clean = 1;
	for (size_t i = 0; i < sizeof clutter / sizeof clutter[0]; i++)
		if (has(b, clutter[i])) {
			printf("# clutter in the body: \"%s\"\n", clutter[i]);
			clean = 0;
		}
	CHECK(clean, "no navigation, cookie notice, share buttons, byline, author bio, "
	      "related posts, comments, sidebar, footer or script in the body");

	static const char *const article[] = {
		"The European Union's carbon border adjustment mechanism, which begins",
		"looks more like a new tariff wall.",
		"The numbers explain the anxiety.",
		"that the new reporting rules require.",
		"A levy without a ladder",
		"Three design choices would make the mechanism fairer",
		("\xE2\x80\x9C" "A climate policy that exports its costs"),
		"None of this requires abandoning the principle",
		"Recycle border revenue into a transition fund.",
		"Recognise equivalent carbon pricing abroad.",
	};
	int whole = 1;
	for (size_t i = 0; i < sizeof article / sizeof article[0]; i++)
		if (!has(b, article[i])) {
			printf("# missing from the body: \"%s\"\n", article[i]);
			whole = 0;
		}
	CHECK(whole, "every paragraph, heading, quote and list item of the article is in the body");
	CHECK(strncmp(b, "Carbon Border Adjustments and the Developing World\n\nThe European", 64) == 0,
	      "the headline is the first block");
	CHECK(has(b, "new tariff wall.\n\nThe numbers explain") &&
	      has(b, "require.\n\nA levy without a ladder\n\nThree design") &&
	      has(b, "transition fund.\n\nSet default values"),
	      "paragraphs, headings and list items are separated by blank lines");

	CHECK(eq(doc.meta.title, "Carbon Border Adjustments and the Developing World"),
	      "think-tank page: title");
	CHECK(eq(doc.meta.author, "Amara Okafor"), "think-tank page: author");
	CHECK(eq(doc.meta.date, "2024-03-14"), "think-tank page: date");
	CHECK(eq(doc.meta.source, "Centre for Trade Policy Studies"), "think-tank page: site");
	CHECK(eq(doc.meta.url, "https://www.ctps.example.org/commentary/carbon-border-adjustments"),
	      "think-tank page: canonical URL");
	CHECK(has(doc.meta.description, "carbon border levy"), "think-tank page: description");
	CHECK(eq(doc.meta.lang, "en-GB"), "think-tank page: language");
}

/* -------------------------------------------------------------- text */

static void text_layout(void)
{
	CHECK(body_is("<p>one <em>two</em> three</p>", "one two three"),
	      "inline elements keep the spaces around them");
	CHECK(body_is("<p>un<b>believ</b>able, <i>in</i>divisible</p>", "unbelievable, indivisible"),
	      "no space is put inside a word split by tags");
	CHECK(body_is("<p>  lots\n\tof \n\n  space\xC2\xA0here </p>", "lots of space here"),
	      "white space (and no-break space) collapses inside a block");
	CHECK(body_is("<p>Caf&eacute; &amp; &lt;bar&gt; &#x201C;q&#8221; &nbsp;x</p>",
		      "Caf\xC3\xA9 & <bar> \xE2\x80\x9Cq\xE2\x80\x9D x"),
	      "character references are decoded");
	CHECK(body_is("<h2>Head</h2><p>One.</p><ul><li>a</li><li>b</li></ul><blockquote>Q</blockquote>",
		      "Head\n\nOne.\n\na\n\nb\n\nQ"),
	      "headings, paragraphs, list items and quotes are blocks");
	CHECK(body_is("<div><h1>Headline</h1>Updated today<p>Text.</p></div>",
		      "Headline\n\nUpdated today\n\nText."),
	      "an <h1> is a block too");
	CHECK(body_is("<div>line one<br>line two<br><br>next para</div>",
		      "line one\nline two\n\nnext para"),
	      "<br> breaks a line, two break a paragraph");
	CHECK(body_is("<table><tr><th>Year</th><th>GDP</th></tr><tr><td>2023</td><td>1.2%</td></tr></table>",
		      "Year GDP\n\n2023 1.2%"),
	      "a table row is a block, its cells spaced");
	CHECK(body_is("<pre>int x;\n  x = 1;</pre>", "int x;\n  x = 1;"),
	      "<pre> keeps its lines and indentation");
	CHECK(body_is("<div>Direct text in a div<div>and a nested one</div>tail</div>",
		      "Direct text in a div\n\nand a nested one\n\ntail"),
	      "a <div>'s own text is a block of its own");
	CHECK(body_is("<p>shown</p><p hidden>hidden attr</p><p style=\"display: none\">styled</p>"
		      "<p aria-hidden=\"true\">aria</p><script>var x;</script><style>p{}</style>"
		      "<noscript>Enable JS</noscript><template><p>tpl</p></template>",
		      "shown"),
	      "hidden elements, scripts, styles, <noscript> and templates are not text");
	CHECK(body_is("<p>soft\xC2\xADhyphen</p>", "softhyphen"), "soft hyphens are dropped");
	CHECK(body_is("<html><body></body></html>", "") && status == WONK_OK,
	      "a page with no content gives an empty body");
	CHECK(body_is("just text, no tags", "just text, no tags"), "text without markup is kept");
}

/* ---------------------------------------------------------- metadata */

static void metadata(void)
{
	html("<html><head>"
	     "<meta property=\"og:title\" content=\"OG Title\">"
	     "<meta property=\"og:site_name\" content=\"OG Site\">"
	     "<meta property=\"og:url\" content=\"https://og.example/a\">"
	     "<meta property=\"og:description\" content=\"OG description\">"
	     "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"LD Title\"}</script>"
	     "<title>Title Tag | Site</title></head><body><h1>H1 Title</h1><p>x</p></body></html>");
	CHECK(eq(doc.meta.title, "OG Title"), "og:title comes first");
	CHECK(eq(doc.meta.source, "OG Site"), "og:site_name is the source");
	CHECK(eq(doc.meta.url, "https://og.example/a"), "og:url without a canonical link");
	CHECK(eq(doc.meta.description, "OG description"), "og:description without a meta description");

	html("<html><head><title>Title Tag | Site</title>"
	     "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"LD Title\"}</script>"
	     "</head><body><h1>H1 Title</h1></body></html>");
	CHECK(eq(doc.meta.title, "LD Title"), "then the JSON-LD headline");
	html("<html><head><title>Title Tag | Site</title></head><body><h1>H1 <em>Title</em></h1></body></html>");
	CHECK(eq(doc.meta.title, "H1 Title"), "then the <h1>");
	html("<title>The Long Headline of an Article | Site Name</title>");
	CHECK(eq(doc.meta.title, "The Long Headline of an Article"), "then <title>, \" | Site\" dropped");
	html("<title>The Long Headline of an Article - Site</title>");
	CHECK(eq(doc.meta.title, "The Long Headline of an Article"), "\" - Site\" dropped");
	html("<title>The Long Headline of an Article \xE2\x80\x94 The Site</title>");
	CHECK(eq(doc.meta.title, "The Long Headline of an Article"), "\" \xE2\x80\x94 Site\" dropped");
	html("<meta property=\"og:site_name\" content=\"Policy Review\">"
	     "<title>Policy Review | Why Tariffs Fail</title>");
	CHECK(eq(doc.meta.title, "Why Tariffs Fail"), "a known site name is dropped from the front too");
	html("<title>Cost-benefit analysis</title>");
	CHECK(eq(doc.meta.title, "Cost-benefit analysis"), "a hyphen inside a title is not a separator");

	html("<meta name=\"author\" content=\"Jane Doe\"><meta name=\"author\" content=\"John Roe\">"
	     "<meta property=\"article:author\" content=\"Other Person\"><p>x</p>");
	CHECK(eq(doc.meta.author, "Jane Doe; John Roe"), "meta authors, all of them, come first");
	html("<meta property=\"article:author\" content=\"https://facebook.com/jane\">"
	     "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"author\":\"Ann Lee\"}</script>");
	CHECK(eq(doc.meta.author, "Ann Lee"), "an article:author URL is no name; JSON-LD string author");
	html("<meta property=\"article:author\" content=\"Kim Park\">");
	CHECK(eq(doc.meta.author, "Kim Park"), "article:author as a name");
	html("<script type=\"application/ld+json\">{\"@type\":\"BlogPosting\",\"author\":{\"@type\":\"Person\",\"name\":\"Ann Lee\"}}</script>");
	CHECK(eq(doc.meta.author, "Ann Lee"), "JSON-LD author object");
	html("<script type=\"application/ld+json\">[{\"@type\":\"WebSite\",\"name\":\"S\"},"
	     "{\"@type\":\"NewsArticle\",\"author\":[{\"name\":\"A One\"},\"B Two\",{\"name\":\"A One\"}],"
	     "\"datePublished\":\"2021-02-03T04:05:06Z\",\"publisher\":{\"@type\":\"Organization\",\"name\":\"Pub\"}}]</script>");
	CHECK(eq(doc.meta.author, "A One; B Two"), "JSON-LD author array, in an array of objects, deduplicated");
	CHECK(eq(doc.meta.date, "2021-02-03"), "JSON-LD datePublished");
	CHECK(eq(doc.meta.source, "Pub"), "JSON-LD publisher name");
	html("<script type=\"application/ld+json\">{\"@graph\":[{\"@type\":\"Person\",\"@id\":\"#p\",\"name\":\"Graph Person\"},"
	     "{\"@type\":\"Organization\",\"@id\":\"#o\",\"name\":\"Graph Org\"},"
	     "{\"@type\":[\"Article\"],\"author\":{\"@id\":\"#p\"},\"publisher\":{\"@id\":\"#o\"},"
	     "\"datePublished\":\"June 5, 2020\"}]}</script>");
	CHECK(eq(doc.meta.author, "Graph Person") && eq(doc.meta.date, "2020-06-05") &&
	      eq(doc.meta.source, "Graph Org"),
	      "JSON-LD @graph: author and publisher by @id, a written-out date");
	html("<script type=\"application/ld+json\">{\"@type\":\"Article\", \"author\": broken</script>"
	     "<meta name=\"author\" content=\"Still Read\"><p>body</p>");
	CHECK(status == WONK_OK && eq(doc.meta.author, "Still Read") && eq(doc.body, "body"),
	      "malformed JSON-LD is ignored");

	html("<meta property=\"article:published_time\" content=\"2019-11-18T23:04:00-05:00\">"
	     "<script type=\"application/ld+json\">{\"@type\":\"Article\",\"datePublished\":\"2018-01-01\"}</script>"
	     "<meta name=\"date\" content=\"2017-01-01\"><time datetime=\"2016-01-01\">x</time>");
	CHECK(eq(doc.meta.date, "2019-11-18"), "article:published_time is the first date source");
	html("<meta name=\"date\" content=\"not a date\"><meta name=\"dc.date\" content=\"2017-05-06\">"
	     "<time datetime=\"2016-01-01\">x</time>");
	CHECK(eq(doc.meta.date, "2017-05-06"), "an unreadable date falls through to the next source");
	html("<p>Posted <time datetime=\"2015-07-08T10:00\">July 8</time></p>");
	CHECK(eq(doc.meta.date, "2015-07-08"), "<time datetime>");

	html("<link rel=\"canonical\" href=\"https://a.example/c\"><meta property=\"og:url\" content=\"https://a.example/og\">"
	     "<meta name=\"description\" content=\"Meta  description\"><meta property=\"og:description\" content=\"OG\">");
	CHECK(eq(doc.meta.url, "https://a.example/c"), "the canonical link before og:url");
	CHECK(eq(doc.meta.description, "Meta description"), "meta description before og:description, cleaned");
	html("<html lang=\"pt-BR\"><p>x</p></html>");
	CHECK(eq(doc.meta.lang, "pt-BR"), "<html lang>");
	html("<div class=\"article\"><p class=\"byline\">By <a rel=\"author\" href=\"/j\">Jo Bloggs</a></p>"
	     "<p>Some text of the article that is long enough to be one, with a comma.</p></div>");
	CHECK(eq(doc.meta.author, "Jo Bloggs"), "a rel=author byline, without \"By\"");
	html("<span itemprop=\"author\" itemscope><img src=x><span itemprop=\"name\">Ed Ward</span></span>");
	CHECK(eq(doc.meta.author, "Ed Ward"), "an itemprop=author byline's name");
	html("<div class=\"post-author\">Posted by Al Kay</div>"
	     "<form><p class=\"comment-form-author\"><label>Name (required)</label></p></form>");
	CHECK(eq(doc.meta.author, "Al Kay"), "\"Posted by\" is no name; a comment form's field is no byline");
	html("<meta property=\"og:locale\" content=\"en_GB\"><p>x</p>");
	CHECK(eq(doc.meta.lang, "en-GB"), "og:locale when <html> has no lang");
	CHECK(eq(doc.type, "html"), "the document type is html");

	size_t n;
	char *page = slurp("jsonld-date.html", &n);
	CHECK(page != NULL, "fixture jsonld-date.html can be read");
	if (page) {
		html_n(page, n);
		free(page);
		CHECK(eq(doc.meta.date, "2023-09-05"), "jsonld-date.html: the date, only in JSON-LD");
		CHECK(eq(doc.meta.author, "Daniel Kim") && eq(doc.meta.source, "The Policy Ledger"),
		      "jsonld-date.html: author by reference, publisher");
	}
}

/* ---------------------------------------------------------- encodings */

static void encodings(void)
{
	static const char want[] = "\xE2\x80\x9CLe caf\xC3\xA9\xE2\x80\x9D co\xC3\xBBte \xE2\x82\xAC" "5";
	CHECK(body_is("<meta charset=\"windows-1252\"><p>\x93Le caf\xE9\x94 co\xFBte \x80" "5</p>", want),
	      "<meta charset=windows-1252>: curly quotes, accents and the euro sign decoded");
	CHECK(body_is("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
		      "</head><body><p>\x93Le caf\xE9\x94 co\xFBte \x80" "5</p></body></html>", want),
	      "<meta http-equiv=Content-Type ... charset=windows-1252>");
	CHECK(body_is("<meta charset=ISO-8859-1><p>\x93Le caf\xE9\x94 co\xFBte \x80" "5</p>", want),
	      "ISO-8859-1 is read as windows-1252, as browsers do");
	CHECK(body_is("<p>\x93Le caf\xE9\x94 co\xFBte \x80" "5</p>", want),
	      "undeclared and not UTF-8: windows-1252");
	CHECK(body_is("<meta charset=\"iso-8859-1\"><p>caf\xC3\xA9</p>", "caf\xC3\xA9"),
	      "declared latin1 but valid UTF-8: read as UTF-8");
	CHECK(body_is("\xEF\xBB\xBF<p>caf\xC3\xA9</p>", "caf\xC3\xA9"), "a UTF-8 byte order mark is dropped");
	CHECK(body_is("<meta charset=\"koi8-r\"><p>\xF0\xD2\xC9\xD7\xC5\xD4</p>",
		      "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"),
	      "other legacy encodings through iconv (KOI8-R)");
	CHECK(body_is("<!-- <meta charset=\"koi8-r\"> --><meta charset=\"windows-1252\"><p>caf\xE9</p>",
		      "caf\xC3\xA9"),
	      "a <meta> inside a comment does not count");
	html("<meta charset=\"utf-8\"><p>bad \xFF\xFE bytes \xC3</p>");
	CHECK(status == WONK_OK && well_formed(&doc) && has(doc.body, "bad "),
	      "invalid UTF-8 is repaired");
	html("<meta charset=\"no-such-charset\"><p>caf\xE9</p>");
	CHECK(eq(doc.body, "caf\xC3\xA9"), "an unknown charset falls back to windows-1252");

	size_t n;
	char *page = slurp("cp1252.html", &n);
	CHECK(page != NULL, "fixture cp1252.html can be read");
	if (page) {
		html_n(page, n);
		free(page);
		CHECK(well_formed(&doc) && has(doc.body, "son \xE2\x80\x9Cplan de relance\xE2\x80\x9D pour") &&
		      has(doc.body, "d\xC3\xA9j\xC3\xA0 critiqu\xC3\xA9"),
		      "cp1252.html: quotes and accents come out as UTF-8");
		CHECK(eq(doc.meta.author, "Ren\xC3\xA9" "e Lef\xC3\xA8vre"), "cp1252.html: the metadata too");
		CHECK(!has(doc.body, "Accueil") && !has(doc.body, "2003"), "cp1252.html: no navigation or footer");
	}
}

/* --------------------------------------------------------- robustness */

static double seconds_since(clock_t t0)
{
	return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

static void robustness(void)
{
	size_t n;
	clock_t t0 = clock();
	html_n("", 0);
	CHECK(status == WONK_OK && eq(doc.body, "") && doc.body_len == 0 && well_formed(&doc),
	      "empty input: an empty body");

	char junk[100000];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (char)(x >> 16);
	}
	html_n(junk, sizeof junk);
	CHECK(status == WONK_ERR_BAD_INPUT, "binary junk: refused as not HTML");

	char *s = repeat("<div>", 100000, &n);
	t0 = clock();
	html_n(s, n);
	free(s);
	CHECK(status == WONK_OK && well_formed(&doc) && seconds_since(t0) < 10,
	      "100,000 nested <div>s: no crash, in bounded time (%.2f s)", seconds_since(t0));

	size_t a, b;
	char *open = repeat("<span><div><b><table><tr><td><ul><li>", 20000, &a);
	char *close = repeat("</li></ul></td></tr></table></b></div></span>", 20000, &b);
	char *both = malloc(a + b + 32);
	if (!both)
		abort();
	memcpy(both, open, a);
	memcpy(both + a, "deep words here", 15);
	memcpy(both + a + 15, close, b);
	t0 = clock();
	html_n(both, a + 15 + b);
	free(open);
	free(close);
	free(both);
	CHECK(status == WONK_OK && well_formed(&doc) && has(doc.body, "deep words here"),
	      "160,000 mixed nested elements: the text survives (%.2f s)", seconds_since(t0));

	s = repeat("<p>para <b>bold <i>italic <a href=x>link", 10000, &n);
	html_n(s, n);
	free(s);
	CHECK(status == WONK_OK && well_formed(&doc) && has(doc.body, "para bold italic link"),
	      "40,000 unclosed tags");

	s = repeat("<p>x<a href=y>z", 250000, &n);
	t0 = clock();
	html_n(s, n);
	free(s);
	CHECK(status == WONK_ERR_BAD_INPUT && seconds_since(t0) < 30,
	      "3.75 MB of the densest markup is refused, not parsed into 300 MB (%.2f s)",
	      seconds_since(t0));

	s = repeat(" a=1 b=2 c=3 d=4 e=5 f=6 g=7 h=8 i=9 j=0", 30000, &n);
	memcpy(s, "<p  ", 4);
	t0 = clock();
	html_n(s, n);
	free(s);
	CHECK(status == WONK_OK && seconds_since(t0) < 5,
	      "a tag with 300,000 attributes is read quickly (%.2f s)", seconds_since(t0));

	s = repeat("<b id=1><i id=2><u id=3><s id=4><em id=5><p>x", 20000, &n);
	t0 = clock();
	html_n(s, n);
	free(s);
	CHECK((status == WONK_OK || status == WONK_ERR_BAD_INPUT) && seconds_since(t0) < 10,
	      "unclosed formatting elements re-opened in every paragraph (%.2f s)",
	      seconds_since(t0));

	CHECK(body_is("<p>unclosed <b>bold <!-- comment", "unclosed bold"),
	      "a comment left open at the end");
	html("<svg><style><div><p>inside svg</p></div></style></svg><script>never");
	CHECK(status == WONK_OK && well_formed(&doc), "foreign content and an unclosed script");
	static const char nul[] = "<p>x\0y</p>";
	html_n(nul, sizeof nul - 1);
	CHECK(status == WONK_ERR_BAD_INPUT, "a NUL byte: binary, refused");
}

int main(void)
{
	think_tank();
	text_layout();
	metadata();
	encodings();
	robustness();
	wonk_document_clear(&doc);
	return CHECK_DONE();
}
