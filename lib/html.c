/*
 * html.c - a web page's article text (wonk_extract_html).
 *
 * The page is decoded (html_charset.c), parsed (html_parse.c) and its
 * metadata read (html_meta.c); this file finds the article, in the manner
 * of Arc90's Readability:
 *
 *  1. Elements that never hold article text are dropped: scripts, styles,
 *     form controls, navigation, asides, footers, captions, hidden
 *     elements, and elements whose class or id says they are clutter
 *     (comments, share bars, related posts, cookie notices...) unless it
 *     also says content, or they hold most of the page (layout wrappers
 *     are named anyhow: "header-style-2").  Class and id are read as
 *     words ("ArticleBody", "article_body" and "article-body" alike), so
 *     that "pager" is not found in "pageRow".
 *  2. Every block that directly holds text (a paragraph, a cell, a <div>
 *     with text of its own) scores 1 + its commas + a point per 100
 *     characters (at most 3), and gives its score to its ancestors,
 *     halving and then thinning with each level up.  Ancestors start from
 *     a score for their tag and for what their class and id say, and end
 *     scaled by the share of their text that is not links.  Structured
 *     markup (<article>, <main>, itemprop=articleBody) adds a bonus.
 *  3. The best-scoring element is the article; when its score is spread
 *     over several children of one parent, the parent is.  Siblings that
 *     score well enough, share its class, or are paragraphs of prose, are
 *     added.
 *  4. The article is written out as text, leaving out blocks that look
 *     like clutter inside it: high link density with little prose,
 *     paragraphs that are one link ("READ MORE: ..."), bylines and date
 *     lines, image galleries, widgets with form inputs, blocks whose
 *     class says clutter.
 *  5. If that leaves too little text (under 500 bytes), steps 1-4 run
 *     again without dropping by class, then without class weights, then
 *     without cleaning, while they find next to nothing; the longest
 *     result wins.
 *
 * Output: blocks (paragraphs, headings, list items, table rows, quoted and
 * preformatted text) separated by a blank line; white space inside a block
 * collapsed to single spaces (in <pre>, kept).  The headline is the first
 * block when the article does not already start with it.
 *
 * All walks are loops over the flattened tree (see html.h), never
 * recursion, so no page can exhaust the stack.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "html.h"
#include "meta.h"
#include "util.h"

/* Per-element facts, parallel to the tree's nodes. */
enum {
	F_SKIP = 1 << 0,     /* not article text (with its subtree) */
	F_BLOCK = 1 << 1,    /* starts a new block of output */
	F_CAND = 1 << 2,     /* has been given a candidate score */
	F_DROP = 1 << 3,     /* left out of the output by the cleaning */
};

typedef struct info {
	double score;
	uint32_t text;     /* characters of text in the subtree */
	uint32_t link;     /* of which inside links */
	uint32_t commas;
	uint32_t own;      /* characters in text and inline children */
	uint32_t own_commas;
	uint32_t paras;    /* paragraphs in the subtree */
	uint32_t imgs, lis, inputs, embeds, heads;
	uint32_t quotes;   /* characters inside <blockquote> */
	int weight;        /* what the class and id say */
	unsigned flags;
} info;

typedef struct page {
	const wonk_html_tree *t;
	info *in;
	uint32_t *raw;     /* each node's text, unlikely elements included */
	/* the passes' switches */
	int strip_unlikely, weigh_classes, clean;
} page;

/* ------------------------------------------------------ classifying */

static int is_block_tag(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER:
	case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR:
	case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT:
	case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
	case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
	case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
	case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP:
	case GUMBO_TAG_HR: case GUMBO_TAG_LI: case GUMBO_TAG_MAIN:
	case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL:
	case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION:
	case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
	case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_CAPTION:
	case GUMBO_TAG_UL: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_LISTING:
	case GUMBO_TAG_HTML: case GUMBO_TAG_LEGEND:
		return 1;
	default:
		return 0;
	}
}

/* Elements that hold no article text whatever their content. */
static int is_skipped_tag(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE:
	case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG:
	case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT:
	case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT:
	case GUMBO_TAG_OPTION: case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT:
	case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_FOOTER: case GUMBO_TAG_VIDEO: case GUMBO_TAG_AUDIO:
	case GUMBO_TAG_MAP: case GUMBO_TAG_DATALIST: case GUMBO_TAG_LABEL:
	case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_APPLET:
	case GUMBO_TAG_FRAMESET: case GUMBO_TAG_TITLE: case GUMBO_TAG_MENU:
	case GUMBO_TAG_FIGCAPTION:
		return 1;
	default:
		return 0;
	}
}

/* A class or id attribute as lower-case words between dashes, with
 * camelCase split: "ArticleBody main_col" -> "-article-body-main-col-".
 * Words are then matched at word boundaries, so that "pager" does not
 * match "pageRow" as a plain substring search would. */
static void name_words(const char *s, char *out, size_t cap)
{
	size_t k = 0;
	out[k++] = '-';
	for (const char *p = s; p && *p && k + 2 < cap; p++) {
		char c = *p;
		int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    (c >= '0' && c <= '9');
		if (!alnum) {
			if (out[k - 1] != '-')
				out[k++] = '-';
			continue;
		}
		if (c >= 'A' && c <= 'Z') {
			if (p > s && p[-1] >= 'a' && p[-1] <= 'z' && out[k - 1] != '-')
				out[k++] = '-';
			c = (char)(c - 'A' + 'a');
		}
		if (k + 2 < cap)
			out[k++] = c;
	}
	if (out[k - 1] != '-')
		out[k++] = '-';
	out[k] = '\0';
}

/* Whether one of the words starts or ends a word of the name ("comment"
 * is in "-comment-list-" and "-post-comments-"); a word written with
 * dashes around it must be a whole word ("-ad-"). */
static int matches(const char *name, const char *const *words)
{
	if (!name[1])
		return 0;
	for (; *words; words++) {
		const char *w = *words;
		size_t n = strlen(w);
		if (w[0] == '-') {
			if (strstr(name, w))
				return 1;
			continue;
		}
		for (const char *p = strstr(name, w); p; p = strstr(p + 1, w)) {
			if (p[-1] == '-' || p[n] == '-' || (p[n] == 's' && p[n + 1] == '-'))
				return 1;
		}
	}
	return 0;
}

static const char *const positive_words[] = {
	"article", "body", "content", "entry", "hentry", "main", "page",
	"post", "text", "blog", "story", "prose", "embed", NULL,
};
static const char *const negative_words[] = {
	"-ad-", "-ads-", "hidden", "banner", "combx", "comment", "contact",
	"foot", "masthead", "media", "meta", "outbrain", "taboola", "promo",
	"related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
	"sponsor", "shopping", "tags", "tool", "widget", "social", "newsletter",
	"subscribe", "cookie", "consent", "popup", "modal", "breadcrumb",
	"recommend", "signup", "bio", "disclaimer", "caption", "credit", NULL,
};
/* Clutter so certain that the element is dropped outright... */
static const char *const unlikely_words[] = {
	"-ad-", "-ads-", "ai2html", "banner", "breadcrumb", "combx", "comment",
	"community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
	"header", "legends", "menu", "related", "remark", "replies", "rss",
	"shoutbox", "sidebar", "skyscraper", "sponsor", "supplemental",
	"ad-break", "agegate", "pagination", "pager", "popup", "yom-remote",
	"cookie", "consent", "newsletter", "share", "sharing", "subscribe",
	"promo", "outbrain", "taboola", "recirc", "read-more", "more-stories",
	"author-bio", "modal", "navbar", "caption", NULL,
};
/* ...unless it also looks like content. */
static const char *const maybe_words[] = {
	"and", "article", "body", "column", "content", "main", "shadow", NULL,
};
/* A short block named like this is a byline or a date line. */
static const char *const byline_words[] = {
	"byline", "author", "dateline", "writtenby", "date", "timestamp",
	"published", "posted", NULL,
};

#define NAME_MAX_BYTES 256

static int class_weight(const GumboNode *g)
{
	int w = 0;
	const char *attrs[2] = {wonk_html_attr(g, "class"), wonk_html_attr(g, "id")};
	for (int k = 0; k < 2; k++) {
		if (!attrs[k])
			continue;
		char name[NAME_MAX_BYTES];
		name_words(attrs[k], name, sizeof name);
		if (matches(name, negative_words))
			w -= 25;
		if (matches(name, positive_words))
			w += 25;
	}
	return w;
}

static int is_unlikely(const GumboNode *g, GumboTag tag)
{
	if (tag == GUMBO_TAG_BODY || tag == GUMBO_TAG_HTML || tag == GUMBO_TAG_A ||
	    tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN)
		return 0;
	const char *attrs[2] = {wonk_html_attr(g, "class"), wonk_html_attr(g, "id")};
	for (int k = 0; k < 2; k++) {
		if (!attrs[k])
			continue;
		char name[NAME_MAX_BYTES];
		name_words(attrs[k], name, sizeof name);
		if (matches(name, unlikely_words) && !matches(name, maybe_words))
			return 1;
	}
	const char *role = wonk_html_attr(g, "role");
	if (role && (strcasecmp(role, "navigation") == 0 || strcasecmp(role, "menu") == 0 ||
		     strcasecmp(role, "menubar") == 0 || strcasecmp(role, "complementary") == 0 ||
		     strcasecmp(role, "dialog") == 0 || strcasecmp(role, "alertdialog") == 0 ||
		     strcasecmp(role, "alert") == 0 || strcasecmp(role, "banner") == 0 ||
		     strcasecmp(role, "contentinfo") == 0 || strcasecmp(role, "search") == 0))
		return 1;
	return 0;
}

static int is_byline(const GumboNode *g)
{
	const char *rel = wonk_html_attr(g, "rel"), *prop = wonk_html_attr(g, "itemprop");
	if ((rel && strcasecmp(rel, "author") == 0) ||
	    (prop && wonk_html_contains(prop, "author")))
		return 1;
	const char *attrs[2] = {wonk_html_attr(g, "class"), wonk_html_attr(g, "id")};
	for (int k = 0; k < 2; k++) {
		if (!attrs[k])
			continue;
		char name[NAME_MAX_BYTES];
		name_words(attrs[k], name, sizeof name);
		if (matches(name, byline_words))
			return 1;
	}
	return 0;
}

static int is_hidden(const GumboNode *g)
{
	if (wonk_html_attr(g, "hidden"))
		return 1;
	const char *aria = wonk_html_attr(g, "aria-hidden");
	if (aria && strcasecmp(aria, "true") == 0)
		return 1;
	const char *style = wonk_html_attr(g, "style");
	if (style) {
		/* "display: none" with any spacing */
		char sq[64];
		size_t k = 0;
		for (const char *p = style; *p && k + 1 < sizeof sq; p++)
			if (*p != ' ' && *p != '\t')
				sq[k++] = *p;
		sq[k] = '\0';
		if (wonk_html_contains(sq, "display:none") ||
		    wonk_html_contains(sq, "visibility:hidden"))
			return 1;
	}
	return 0;
}

/* ---------------------------------------------------- text measures */

static int is_space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Length of a white space sequence at s (ASCII, no-break and other
 * Unicode spaces pages put between words), or 0. */
static size_t space_at(const unsigned char *s, const unsigned char *end)
{
	if (s < end && is_space_byte(*s))
		return 1;
	if (end - s >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (end - s >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8B) || s[2] == 0xAF || s[2] == 0xA8 || s[2] == 0xA9))
		return 3;
	if (end - s >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;
	return 0;
}

/* Characters (not bytes) in text once white space is collapsed, and its
 * commas (in the scripts that have their own). */
static void measure(const char *text, uint32_t *chars, uint32_t *commas)
{
	const unsigned char *p = (const unsigned char *)text, *end = p + strlen(text);
	uint32_t n = 0, c = 0;
	int space = 0;
	while (p < end) {
		size_t sl = space_at(p, end);
		if (sl) {
			space = 1;
			p += sl;
			continue;
		}
		if (space && n)
			n++;
		space = 0;
		if (*p == ',')
			c++;
		else if (end - p >= 3 && ((p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) ||
					  (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81)))
			c++; /* U+FF0C, U+3001 */
		else if (end - p >= 2 && p[0] == 0xD8 && p[1] == 0x8C)
			c++; /* U+060C */
		if ((*p & 0xC0) != 0x80)
			n++;
		p++;
	}
	if (space && n)
		n++;
	*chars = n;
	*commas = c;
}

static int is_text(const wonk_html_node *n)
{
	return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
	       n->type == GUMBO_NODE_CDATA;
}

static int is_element(const wonk_html_node *n)
{
	return n->type == GUMBO_NODE_ELEMENT;
}

/* ------------------------------------------- step 1: what is text */

static void mark(page *pg, int strip_unlikely)
{
	const wonk_html_tree *t = pg->t;
	info *in = pg->in;
	memset(in, 0, t->nnodes * sizeof *in);
	for (uint32_t i = 0; i < t->nnodes; i++) {
		const wonk_html_node *n = &t->nodes[i];
		if (n->type == GUMBO_NODE_TEMPLATE) {
			in[i].flags |= F_SKIP;
			i = n->end - 1;
			continue;
		}
		if (!is_element(n))
			continue;
		const GumboNode *g = n->g;
		/* (a wrapper of most of the page is no component, whatever
		 * its class says: "header-style-2 boxed-layout") */
		if (g->v.element.tag_namespace != GUMBO_NAMESPACE_HTML ||
		    is_skipped_tag(n->tag) || is_hidden(g) ||
		    (strip_unlikely && pg->raw[i] * 2 < pg->raw[0] &&
		     is_unlikely(g, n->tag))) {
			in[i].flags |= F_SKIP;
			i = n->end - 1;
			continue;
		}
		if (is_block_tag(n->tag))
			in[i].flags |= F_BLOCK;
		if (pg->weigh_classes)
			in[i].weight = class_weight(g);
	}
}

static void sum_up(page *pg)
{
	const wonk_html_tree *t = pg->t;
	info *in = pg->in;
	for (uint32_t i = (uint32_t)t->nnodes; i-- > 0;) {
		const wonk_html_node *n = &t->nodes[i];
		info *me = &in[i];
		if (is_text(n)) {
			measure(n->g->v.text.text, &me->text, &me->commas);
			me->own = me->text;
			me->own_commas = me->commas;
		} else if (is_element(n)) {
			switch (n->tag) {
			case GUMBO_TAG_A:
				me->link = me->text;
				break;
			case GUMBO_TAG_IMG:
				me->imgs++;
				break;
			case GUMBO_TAG_LI:
				me->lis++;
				break;
			case GUMBO_TAG_P:
				me->paras++;
				break;
			case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
			case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
				me->heads += me->text;
				break;
			case GUMBO_TAG_BLOCKQUOTE:
				me->quotes = me->text;
				break;
			case GUMBO_TAG_INPUT: case GUMBO_TAG_SELECT:
			case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_BUTTON:
				me->inputs++;
				break;
			case GUMBO_TAG_IFRAME: case GUMBO_TAG_EMBED:
			case GUMBO_TAG_OBJECT: case GUMBO_TAG_VIDEO:
				me->embeds++;
				break;
			default:
				break;
			}
		}
		uint32_t p = n->parent;
		if (p == WONK_HTML_NONE)
			continue;
		info *up = &in[p];
		if (me->flags & F_SKIP) {
			/* counted for the cleaning's clutter tests only */
			up->inputs += me->inputs;
			up->embeds += me->embeds;
			continue;
		}
		up->text += me->text;
		up->link += me->link;
		up->commas += me->commas;
		up->paras += me->paras;
		up->imgs += me->imgs;
		up->lis += me->lis;
		up->inputs += me->inputs;
		up->embeds += me->embeds;
		up->heads += me->heads;
		up->quotes += me->quotes;
		if (is_text(n) || !(me->flags & F_BLOCK)) {
			up->own += me->text;
			up->own_commas += me->commas;
		}
	}
}

/* Marks what is skipped, then sums text, links and commas up the tree
 * (children come after their parent, so a backward loop sees every child
 * before its parent).  The text of the whole page, once without removing
 * unlikely elements, is what shows which elements hold most of it. */
static void prepare(page *pg)
{
	if (pg->strip_unlikely) {
		mark(pg, 0);
		sum_up(pg);
		for (size_t i = 0; i < pg->t->nnodes; i++)
			pg->raw[i] = pg->in[i].text;
	}
	mark(pg, pg->strip_unlikely);
	sum_up(pg);
}

/* Text not in links, as a share of the text. */
static double link_density(const info *x)
{
	return x->text ? (double)x->link / x->text : 0;
}

/* ------------------------------------------ step 2: scoring blocks */

static double tag_score(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN:
	case GUMBO_TAG_SECTION:
		return 5;
	case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE:
		return 3;
	case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL:
	case GUMBO_TAG_DL: case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI:
	case GUMBO_TAG_FORM:
		return -3;
	case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
	case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TH:
		return -5;
	default:
		return 0;
	}
}

/* Bonus for markup that says "this is the article". */
static double structure_bonus(const wonk_html_node *n)
{
	const char *prop = wonk_html_attr(n->g, "itemprop");
	if (prop && (wonk_html_contains(prop, "articleBody") ||
		     wonk_html_contains(prop, "reviewBody")))
		return 50;
	if (n->tag == GUMBO_TAG_ARTICLE)
		return 10;
	return 0;
}

static void init_candidate(page *pg, uint32_t i)
{
	info *x = &pg->in[i];
	if (x->flags & F_CAND)
		return;
	x->flags |= F_CAND;
	x->score = tag_score(pg->t->nodes[i].tag) + x->weight +
		   structure_bonus(&pg->t->nodes[i]);
}

/* Whether node i is a paragraph of text: a block with enough text of its
 * own (not counting nested blocks). */
static int is_paragraph(const page *pg, uint32_t i)
{
	const wonk_html_node *n = &pg->t->nodes[i];
	const info *x = &pg->in[i];
	if (!is_element(n) || (x->flags & F_SKIP) || !(x->flags & F_BLOCK))
		return 0;
	switch (n->tag) {
	case GUMBO_TAG_H1: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
	case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
	case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_BODY:
	case GUMBO_TAG_HTML:
		return 0;
	default:
		break;
	}
	return x->own >= 25;
}

static void score_paragraphs(page *pg)
{
	const wonk_html_tree *t = pg->t;
	info *in = pg->in;
	for (uint32_t i = 0; i < t->nnodes; i++) {
		if (in[i].flags & F_SKIP) {
			i = t->nodes[i].end - 1;
			continue;
		}
		if (!is_paragraph(pg, i))
			continue;
		const info *x = &in[i];
		double s = 1 + x->own_commas + (x->own / 100 < 3 ? x->own / 100 : 3);
		uint32_t a = t->nodes[i].parent;
		for (int level = 0; a != WONK_HTML_NONE && level < 5; level++) {
			if (t->nodes[a].tag == GUMBO_TAG_HTML)
				break;
			init_candidate(pg, a);
			double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
			in[a].score += s / div;
			a = t->nodes[a].parent;
		}
	}
}

/* ----------------------------------------- step 3: choosing the article */

/* The element whose subtree is the article. */
static uint32_t top_candidate(page *pg)
{
	const wonk_html_tree *t = pg->t;
	info *in = pg->in;
	uint32_t top[5];
	double best[5];
	int ntop = 0;
	for (uint32_t i = 0; i < t->nnodes; i++) {
		if (!(in[i].flags & F_CAND))
			continue;
		in[i].score *= 1 - link_density(&in[i]);
		int k = ntop < 5 ? ntop++ : 5;
		while (k > 0 && best[k - 1] < in[i].score) {
			if (k < 5) {
				best[k] = best[k - 1];
				top[k] = top[k - 1];
			}
			k--;
		}
		if (k < 5) {
			best[k] = in[i].score;
			top[k] = i;
		}
	}
	if (ntop == 0)
		return WONK_HTML_NONE;
	uint32_t c = top[0];

	/* When three of the runners-up live in one ancestor of the winner,
	 * that ancestor holds the article (split into sections). */
	uint32_t alt[5];
	int nalt = 0;
	for (int k = 1; k < ntop; k++)
		if (best[k] >= best[0] * 0.75)
			alt[nalt++] = top[k];
	if (nalt >= 3) {
		for (uint32_t a = t->nodes[c].parent; a != WONK_HTML_NONE &&
		     t->nodes[a].tag != GUMBO_TAG_BODY; a = t->nodes[a].parent) {
			int inside = 0;
			for (int k = 0; k < nalt; k++)
				inside += alt[k] > a && alt[k] < t->nodes[a].end;
			if (inside >= 3) {
				c = a;
				break;
			}
		}
	}
	/* Climb while the parent scores better, as the article's text is then
	 * spread over the winner and its siblings. */
	double last = in[c].score;
	double threshold = last / 3;
	for (uint32_t p = t->nodes[c].parent; p != WONK_HTML_NONE &&
	     t->nodes[p].tag != GUMBO_TAG_BODY && t->nodes[p].tag != GUMBO_TAG_HTML;
	     p = t->nodes[p].parent) {
		if (!(in[p].flags & F_CAND))
			continue;
		if (in[p].score < threshold)
			break;
		if (in[p].score > last) {
			c = p;
			break;
		}
		last = in[p].score;
	}
	/* A lone child says nothing its parent does not. */
	for (uint32_t p = t->nodes[c].parent; p != WONK_HTML_NONE &&
	     t->nodes[p].tag != GUMBO_TAG_BODY && t->nodes[p].tag != GUMBO_TAG_HTML;
	     p = t->nodes[p].parent) {
		int elems = 0;
		for (uint32_t j = p + 1; j < t->nodes[p].end; j = t->nodes[j].end)
			elems += is_element(&t->nodes[j]) && !(in[j].flags & F_SKIP);
		if (elems != 1)
			break;
		c = p;
	}
	return c;
}

/* Whether text ends a sentence somewhere (". " or a final period). */
static int has_sentence(const wonk_html_tree *t, uint32_t i)
{
	for (uint32_t j = i; j < t->nodes[i].end; j++) {
		if (!is_text(&t->nodes[j]))
			continue;
		const char *s = t->nodes[j].g->v.text.text;
		const char *dot = strstr(s, ". ");
		if (dot)
			return 1;
		size_t n = strlen(s);
		while (n > 0 && is_space_byte((unsigned char)s[n - 1]))
			n--;
		if (n > 0 && s[n - 1] == '.')
			return 1;
	}
	return 0;
}

/* Marks the siblings of the top candidate that belong to the article. */
static void mark_siblings(page *pg, uint32_t top, unsigned char *chosen)
{
	const wonk_html_tree *t = pg->t;
	info *in = pg->in;
	chosen[top] = 1;
	uint32_t p = t->nodes[top].parent;
	if (p == WONK_HTML_NONE)
		return;
	double threshold = in[top].score * 0.2;
	if (threshold < 10)
		threshold = 10;
	const char *top_class = wonk_html_attr(t->nodes[top].g, "class");
	for (uint32_t j = p + 1; j < t->nodes[p].end; j = t->nodes[j].end) {
		if (j == top || !is_element(&t->nodes[j]) || (in[j].flags & F_SKIP))
			continue;
		double bonus = 0;
		const char *cls = wonk_html_attr(t->nodes[j].g, "class");
		if (top_class && cls && *cls && strcmp(cls, top_class) == 0)
			bonus = in[top].score * 0.2;
		if ((in[j].flags & F_CAND) && in[j].score + bonus >= threshold) {
			chosen[j] = 1;
			continue;
		}
		/* Articles split by figures or ads into sections of one class
		 * have their other sections marked alike, whatever they score. */
		if (bonus > 0 && in[j].text >= 100 && link_density(&in[j]) < 0.25) {
			chosen[j] = 1;
			continue;
		}
		if (t->nodes[j].tag == GUMBO_TAG_P || (is_paragraph(pg, j) &&
						       in[j].own == in[j].text)) {
			double ld = link_density(&in[j]);
			if (in[j].text > 80 && ld < 0.25)
				chosen[j] = 1;
			else if (in[j].text > 0 && in[j].text <= 80 && ld == 0 &&
				 has_sentence(t, j))
				chosen[j] = 1;
		}
	}
}

/* --------------------------------------- step 4: cleaning the article */

/* Readability's "clean conditionally": whether a block inside the article
 * is clutter (link lists, galleries, widgets). */
static int is_clutter(const page *pg, uint32_t i, uint32_t root_text)
{
	const wonk_html_node *n = &pg->t->nodes[i];
	const info *x = &pg->in[i];
	/* A paragraph or heading that is all link is a teaser for another
	 * page ("READ MORE: ..."). */
	if ((n->tag == GUMBO_TAG_P || (n->tag >= GUMBO_TAG_H2 && n->tag <= GUMBO_TAG_H6)) &&
	    x->text > 0 && x->link >= x->text * 0.8)
		return 1;
	if ((x->flags & F_BLOCK) && x->text < 100 && is_byline(n->g))
		return 1;
	switch (n->tag) {
	case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_UL:
	case GUMBO_TAG_OL: case GUMBO_TAG_TABLE: case GUMBO_TAG_FORM:
	case GUMBO_TAG_FIELDSET: case GUMBO_TAG_HEADER: case GUMBO_TAG_DL:
	case GUMBO_TAG_FIGURE:
		break;
	default:
		return 0;
	}
	/* Quotations are the article's (embedded posts come as quotes too). */
	if (x->quotes * 2 > x->text)
		return 0;
	/* A wrapper of most of the article is not clutter, whatever its
	 * class says ("elementor-widget-container"). */
	if (x->text * 2 > root_text)
		return 0;
	if (x->weight < 0)
		return 1;
	if (x->commas >= 10)
		return 0;
	int is_list = n->tag == GUMBO_TAG_UL || n->tag == GUMBO_TAG_OL;
	double ld = link_density(x);
	uint32_t p = x->paras, img = x->imgs;
	uint32_t li = x->lis > 100 ? x->lis - 100 : 0;
	double heading_density = x->text ? (double)x->heads / x->text : 0;
	if (img > 1 && (double)p / img < 0.5)
		return 1;
	if (!is_list && li > p)
		return 1;
	if (x->inputs > p / 3)
		return 1;
	if (!is_list && heading_density < 0.9 && x->text < 25 && (img == 0 || img > 2))
		return 1;
	if (!is_list && x->weight < 25 && ld > 0.2)
		return 1;
	if (x->weight >= 25 && ld > 0.5)
		return 1;
	if ((x->embeds == 1 && x->text < 75) || x->embeds > 1)
		return 1;
	return 0;
}

/* ------------------------------------------------------------ output */

typedef struct writer {
	wonk_buf out;
	int pending;      /* 0: nothing, 1: a space, 2: a line break, 3: a block */
	int pre;          /* inside <pre> */
} writer;

static void w_break(writer *w, int level)
{
	if (w->out.len && level > w->pending)
		w->pending = level;
}

static void w_flush(writer *w)
{
	static const char *const seps[] = {"", " ", "\n", "\n\n"};
	if (w->pending && w->out.len)
		wonk_buf_append(&w->out, seps[w->pending], strlen(seps[w->pending]));
	w->pending = 0;
}

static void w_text(writer *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	while (p < end) {
		if (w->pre && (*p == '\n' || *p == '\r')) {
			if (*p == '\r' && p + 1 < end && p[1] == '\n')
				p++;
			p++;
			w_break(w, 2);
			if (w->pending == 2 && w->out.len) {
				/* consecutive newlines in <pre> keep their lines */
				wonk_buf_append(&w->out, "\n", 1);
				w->pending = 0;
			}
			continue;
		}
		size_t sl = space_at(p, end);
		if (sl && !(w->pre && (*p == ' ' || *p == '\t'))) {
			w_break(w, 1);
			p += sl;
			continue;
		}
		if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xAD) {
			p += 2; /* a soft hyphen is inside a word */
			continue;
		}
		if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
			p += 3;
			continue;
		}
		const unsigned char *q = p + 1;
		while (q < end && !space_at(q, end) && *q != 0xC2 && *q != 0xEF &&
		       !(w->pre && (*q == '\n' || *q == '\r')))
			q++;
		w_flush(w);
		wonk_buf_append(&w->out, p, (size_t)(q - p));
		p = q;
	}
}

/* Writes the subtree at root, leaving out what the passes dropped. */
static void write_subtree(const page *pg, uint32_t root, writer *w)
{
	const wonk_html_tree *t = pg->t;
	const info *in = pg->in;
	/* end of the open elements that need an action when they close */
	uint32_t closing[64];
	unsigned char closing_kind[64];
	int nclosing = 0;
	int pre_depth = 0;
	for (uint32_t i = root; i < t->nodes[root].end; i++) {
		while (nclosing > 0 && closing[nclosing - 1] <= i) {
			nclosing--;
			if (closing_kind[nclosing] == 2 && pre_depth > 0 && --pre_depth == 0)
				w->pre = 0;
			w_break(w, 3);
		}
		const wonk_html_node *n = &t->nodes[i];
		if (is_text(n)) {
			w_text(w, n->g->v.text.text);
			continue;
		}
		if (!is_element(n) || (in[i].flags & (F_SKIP | F_DROP))) {
			i = n->end - 1;
			continue;
		}
		if (n->tag == GUMBO_TAG_BR) {
			/* one <br> breaks a line; two break a paragraph */
			w_break(w, w->pending >= 2 ? 3 : 2);
			continue;
		}
		if (n->tag == GUMBO_TAG_TD || n->tag == GUMBO_TAG_TH) {
			w_break(w, 1);
			continue;
		}
		if (n->tag == GUMBO_TAG_IMG || n->tag == GUMBO_TAG_HR) {
			if (n->tag == GUMBO_TAG_HR)
				w_break(w, 3);
			continue;
		}
		if (!(in[i].flags & F_BLOCK))
			continue;
		w_break(w, 3);
		if (n->end > i + 1 && nclosing < 64) {
			closing[nclosing] = n->end;
			closing_kind[nclosing] = n->tag == GUMBO_TAG_PRE ? 2 : 1;
			if (n->tag == GUMBO_TAG_PRE) {
				pre_depth++;
				w->pre = 1;
			}
			nclosing++;
		}
	}
	w->pre = 0;
	w_break(w, 3);
}

/* ------------------------------------------------------------ passes */

static void drop_clutter(page *pg, uint32_t root)
{
	const wonk_html_tree *t = pg->t;
	for (uint32_t i = root + 1; i < t->nodes[root].end; i++) {
		if (pg->in[i].flags & F_SKIP) {
			i = t->nodes[i].end - 1;
			continue;
		}
		if (is_element(&t->nodes[i]) && is_clutter(pg, i, pg->in[root].text)) {
			pg->in[i].flags |= F_DROP;
			i = t->nodes[i].end - 1;
		}
	}
}

/* One attempt at the article; its text in *w. */
static int extract_pass(page *pg, writer *w, uint32_t *first)
{
	const wonk_html_tree *t = pg->t;
	prepare(pg);
	score_paragraphs(pg);
	uint32_t top = top_candidate(pg);
	if (top == WONK_HTML_NONE) {
		/* no paragraph anywhere: the whole body */
		for (uint32_t i = 0; i < t->nnodes; i++)
			if (t->nodes[i].tag == GUMBO_TAG_BODY) {
				top = i;
				break;
			}
		if (top == WONK_HTML_NONE)
			top = 0;
	}
	unsigned char *chosen = calloc(t->nnodes, 1);
	if (!chosen)
		return -1;
	mark_siblings(pg, top, chosen);
	uint32_t p = t->nodes[top].parent;
	*first = top;
	if (p == WONK_HTML_NONE) {
		if (pg->clean)
			drop_clutter(pg, top);
		write_subtree(pg, top, w);
	} else {
		for (uint32_t j = p + 1; j < t->nodes[p].end; j = t->nodes[j].end) {
			if (!chosen[j])
				continue;
			if (j < *first)
				*first = j;
			if (pg->clean)
				drop_clutter(pg, j);
			write_subtree(pg, j, w);
		}
	}
	free(chosen);
	return w->out.failed ? -1 : 0;
}

/* ---------------------------------------------------------- headline */

/* The text of node i as one cleaned line (NULL if empty). */
static char *line_text(const page *pg, uint32_t i)
{
	writer w = {0};
	write_subtree(pg, i, &w);
	char *r = w.out.failed ? NULL : wonk_meta_clean(w.out.data, w.out.len);
	wonk_buf_free(&w.out);
	return r;
}

/* Share of the words of a that are also in b, compared without case and
 * punctuation (ASCII only: enough to tell a headline from a site name). */
static double word_overlap(const char *a, const char *b)
{
	int words = 0, found = 0;
	const char *p = a;
	while (*p) {
		while (*p && (*p == ' ' || (*p > 0 && *p < '0') || *p == ':' || *p == '|'))
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		const char *we = e;
		while (we > p && we[-1] > 0 && we[-1] < '0')
			we--;
		if (we > p) {
			words++;
			size_t n = (size_t)(we - p);
			for (const char *q = b; *q; q++)
				if (strncasecmp(q, p, n) == 0 && (q == b || q[-1] == ' ' ||
				    (q[-1] > 0 && q[-1] < '0'))) {
					found++;
					break;
				}
		}
		p = e;
	}
	return words ? (double)found / words : 0;
}

/* The headline: the <h1> that best matches the page's title (or, without
 * one, the last <h1> before the article), when it is not in navigation or
 * hidden.  NULL when there is none. */
static char *headline(page *pg, uint32_t first, const char *title)
{
	const wonk_html_tree *t = pg->t;
	/* F_SKIP marks navigation and hidden parts; nothing else is wanted
	 * here (the <h1> often sits in a header the class heuristics drop). */
	pg->strip_unlikely = 0;
	prepare(pg);
	char *best = NULL;
	double best_score = 0;
	for (uint32_t i = 0; i < t->nnodes; i++) {
		if (pg->in[i].flags & F_SKIP) {
			i = t->nodes[i].end - 1;
			continue;
		}
		if (t->nodes[i].tag != GUMBO_TAG_H1)
			continue;
		char *h = line_text(pg, i);
		if (!h)
			continue;
		/* with a title, the closest match (the first of equals);
		 * without, the last <h1> before the article */
		double score = title ? word_overlap(h, title) : i < first ? 1 : 0;
		int better = title ? score > best_score : score > 0;
		if (score >= 0.6 && better) {
			free(best);
			best = h;
			best_score = score;
		} else {
			free(h);
		}
		i = t->nodes[i].end - 1;
	}
	return best;
}

static int extract_article(const wonk_html_tree *t, const char *title,
			   wonk_buf *body)
{
	info *in = malloc((t->nnodes ? t->nnodes : 1) * sizeof *in);
	uint32_t *raw = malloc((t->nnodes ? t->nnodes : 1) * sizeof *raw);
	if (!in || !raw) {
		free(in);
		free(raw);
		return -1;
	}
	page pg = {t, in, raw, 1, 1, 1};
	writer best = {0};
	uint32_t best_first = 0;
	int rc = 0;
	for (int attempt = 0; attempt < 4; attempt++) {
		pg.strip_unlikely = attempt < 1;
		pg.weigh_classes = attempt < 2;
		pg.clean = attempt < 3;
		writer w = {0};
		uint32_t first = 0;
		if (extract_pass(&pg, &w, &first) < 0) {
			wonk_buf_free(&w.out);
			rc = -1;
			break;
		}
		if (w.out.len > best.out.len) {
			wonk_buf_free(&best.out);
			best = w;
			best_first = first;
		} else {
			wonk_buf_free(&w.out);
		}
		/* Enough text: done.  Without the class heuristics the
		 * passes find more, but more clutter too: they are for pages
		 * where the others found next to nothing. */
		if (best.out.len >= 500 || (attempt >= 1 && best.out.len >= 250))
			break;
	}
	char *head = rc == 0 ? headline(&pg, best_first, title) : NULL;
	free(in);
	free(raw);
	if (rc < 0) {
		wonk_buf_free(&best.out);
		return -1;
	}
	/* (an article that has its <h1> already has its headline) */
	if (head && (!best.out.data || !strstr(best.out.data, head))) {
		wonk_buf with = {0};
		wonk_buf_append(&with, head, strlen(head));
		if (best.out.len) {
			wonk_buf_append(&with, "\n\n", 2);
			wonk_buf_append(&with, best.out.data, best.out.len);
		}
		wonk_buf_free(&best.out);
		best.out = with;
	}
	free(head);
	if (best.out.failed) {
		wonk_buf_free(&best.out);
		return -1;
	}
	/* <pre> keeps its spaces, but not at the ends of the text */
	while (best.out.len > 0 && is_space_byte((unsigned char)best.out.data[best.out.len - 1]))
		best.out.data[--best.out.len] = '\0';
	size_t lead = 0;
	while (lead < best.out.len && is_space_byte((unsigned char)best.out.data[lead]))
		lead++;
	if (lead) {
		memmove(best.out.data, best.out.data + lead, best.out.len - lead + 1);
		best.out.len -= lead;
	}
	*body = best.out;
	return 0;
}

/* ------------------------------------------------------------ entry */


wonk_status wonk_extract_html(const char *buf, size_t len, wonk_document *doc,
			      char **err)
{
	memset(doc, 0, sizeof *doc);
	*err = NULL;
	size_t ulen;
	char *utf8 = wonk_html_to_utf8(buf, len, &ulen);
	if (!utf8) {
		*err = wonk_strdup_printf("out of memory");
		return WONK_ERR_NO_MEMORY;
	}
	if (wonk_looks_binary(utf8, ulen)) {
		free(utf8);
		*err = wonk_strdup_printf("binary data, not HTML");
		return WONK_ERR_BAD_INPUT;
	}
	wonk_html_tree tree;
	wonk_status st = wonk_html_parse(utf8, ulen, &tree, err);
	if (st != WONK_OK) {
		free(utf8);
		return st;
	}
	wonk_buf body = {0};
	int rc = wonk_html_meta(&tree, &doc->meta);
	if (rc == 0)
		rc = extract_article(&tree, doc->meta.title, &body);
	wonk_html_tree_free(&tree);
	free(utf8);
	size_t blen = 0;
	char *clean = NULL;
	if (rc == 0) {
		/* gumbo replaced invalid UTF-8, but the output is the
		 * contract: check it once more */
		clean = wonk_utf8_repair(body.data ? body.data : "", body.len, &blen);
	}
	wonk_buf_free(&body);
	if (!clean) {
		wonk_meta_clear(&doc->meta);
		*err = wonk_strdup_printf("out of memory");
		return WONK_ERR_NO_MEMORY;
	}
	doc->body = clean;
	doc->body_len = blen;
	doc->type = "html";
	return WONK_OK;
}
