/*
 * html_parse.c - parsing a page with gumbo in bounded time and memory.
 *
 * gumbo builds a correct HTML5 tree, but a few inputs make it slow, huge or
 * crash: each start tag checks scopes down the stack of open elements (so
 * 100,000 nested <div>s take seconds, and a million take minutes), each
 * attribute is compared with the tag's earlier ones (a tag with 10^6
 * attributes takes hours), unclosed formatting elements are re-opened in
 * every later paragraph (kilobytes of input become gigabytes of nodes), and
 * gumbo_destroy_output() recurses once per tree level (a deep tree
 * overflows the stack).
 *
 * So the input first goes through a scan that follows the tokenizer (tags,
 * comments, raw text such as <script>) and keeps a model of the stack of
 * open elements, with the tree builder's commonest implied end tags.  A
 * start tag that would nest deeper than MAX_DEPTH is dropped (its text
 * stays, as text of its parent), and so is a formatting start tag (<b>,
 * <font>...) while MAX_FORMATTING are left unclosed; attributes past
 * MAX_ATTRS are dropped.  The input is copied only when something is.
 * Real pages nest a few dozen levels deep and close their formatting
 * elements, so they pass unchanged; formatting is nothing to the text.
 *
 * Then gumbo parses with an allocator that links every block into a list
 * and counts the bytes it holds and has handed out.  The tree is freed by
 * walking that list, never by gumbo_destroy_output(), so nothing recurses
 * per level.  Past a budget proportional to the input (which real pages
 * stay well inside; only the densest tag soup reaches it), or when malloc
 * fails, the allocator longjmps out of gumbo, which owns nothing but that
 * memory, and the parse is refused.
 */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"
#include "util.h"

#define MAX_DEPTH 400
#define MAX_ATTRS 64
#define MAX_FORMATTING 8

/* gumbo's tree, counted with its allocation overhead, is at most 10 times
 * the input on real pages (a node takes some 300 bytes); tag soup of the
 * smallest possible elements ("<p>x<a href=x>y" over and over, a table of
 * one-digit cells) takes 40 to 100 times. */
#define BUDGET_FIXED (64u << 20)
#define BUDGET_PER_BYTE 16u
/* gumbo frees temporary buffers as it goes: all it ever allocates may be
 * this many times what it holds at most before the work is unreasonable */
#define WORK_PER_BUDGET 4u

/* ---------------------------------------------------------- the scan */

/* A stack entry: the GumboTag, or for other names a hash of the name with
 * the top bit set, so end tags of custom elements match their start. */
typedef uint32_t tag_key;

typedef struct scan {
	const char *in;
	size_t len;
	wonk_buf out;     /* the rewritten input, once something is dropped */
	size_t copied;    /* in[0, copied) is in out */
	int rewritten;
	tag_key stack[MAX_DEPTH];
	int depth;
	int foreign;      /* <svg> and <math> elements on the stack */
	int formatting;   /* formatting elements not closed by an end tag */
} scan;

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static tag_key key_of(const char *name, size_t n)
{
	GumboTag t = gumbo_tagn_enum(name, (unsigned)n);
	if (t != GUMBO_TAG_UNKNOWN)
		return (tag_key)t;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 16777619u;
	}
	return h | 0x80000000u;
}

static int key_in(tag_key k, const GumboTag *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (k == (tag_key)set[i])
			return 1;
	return 0;
}
#define IN(k, ...) key_in((k), (const GumboTag[]){__VA_ARGS__}, \
			  sizeof((const GumboTag[]){__VA_ARGS__}) / sizeof(GumboTag))

/* Elements that are never pushed: void elements, and the ones gumbo merges
 * into the single <html>, <head> and <body>. */
static int never_pushed(tag_key k)
{
	return IN(k, GUMBO_TAG_AREA, GUMBO_TAG_BASE, GUMBO_TAG_BR, GUMBO_TAG_COL,
		  GUMBO_TAG_EMBED, GUMBO_TAG_HR, GUMBO_TAG_IMG, GUMBO_TAG_INPUT,
		  GUMBO_TAG_LINK, GUMBO_TAG_META, GUMBO_TAG_PARAM, GUMBO_TAG_SOURCE,
		  GUMBO_TAG_TRACK, GUMBO_TAG_WBR, GUMBO_TAG_KEYGEN,
		  GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND, GUMBO_TAG_FRAME,
		  GUMBO_TAG_IMAGE, GUMBO_TAG_HTML, GUMBO_TAG_HEAD, GUMBO_TAG_BODY);
}

/* Elements whose content the tokenizer reads as text up to their end tag. */
static int raw_text(tag_key k)
{
	return IN(k, GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_XMP,
		  GUMBO_TAG_IFRAME, GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES,
		  GUMBO_TAG_TEXTAREA, GUMBO_TAG_TITLE);
}

/* Formatting elements: the tree builder re-opens those left unclosed in
 * every later block ("<p><b>x" ten thousand times is a bold element in
 * each paragraph, nested as deep as the <b>s are many). */
static int is_formatting(tag_key k)
{
	return IN(k, GUMBO_TAG_B, GUMBO_TAG_BIG, GUMBO_TAG_CODE, GUMBO_TAG_EM,
		  GUMBO_TAG_FONT, GUMBO_TAG_I, GUMBO_TAG_NOBR, GUMBO_TAG_S,
		  GUMBO_TAG_SMALL, GUMBO_TAG_STRIKE, GUMBO_TAG_STRONG, GUMBO_TAG_TT,
		  GUMBO_TAG_U);
}

/* Where a search for an open element stops (the tree builder's "scope"). */
static int scope_boundary(tag_key k)
{
	return IN(k, GUMBO_TAG_APPLET, GUMBO_TAG_CAPTION, GUMBO_TAG_HTML,
		  GUMBO_TAG_TABLE, GUMBO_TAG_TD, GUMBO_TAG_TH, GUMBO_TAG_MARQUEE,
		  GUMBO_TAG_OBJECT, GUMBO_TAG_TEMPLATE);
}

static void pop_to(scan *s, int i)
{
	while (s->depth > i) {
		tag_key k = s->stack[--s->depth];
		if (k == GUMBO_TAG_SVG || k == GUMBO_TAG_MATH)
			s->foreign--;
	}
}

/* The topmost open element that is one of want[0, n), searching down to
 * a scope boundary (and the extra boundaries stop[0, m)); -1 if none. */
static int find_open(const scan *s, const tag_key *want, size_t n,
		     const tag_key *stop, size_t m)
{
	for (int i = s->depth - 1; i >= 0; i--) {
		tag_key k = s->stack[i];
		for (size_t j = 0; j < n; j++)
			if (k == want[j])
				return i;
		if (scope_boundary(k))
			return -1;
		for (size_t j = 0; j < m; j++)
			if (k == stop[j])
				return -1;
	}
	return -1;
}

/* Closes what a start tag k implicitly closes: a <p> before a block, the
 * previous <li>, cell, row, option, <a> or heading. */
static void implied_end(scan *s, tag_key k)
{
	static const tag_key p[] = {GUMBO_TAG_P}, button[] = {GUMBO_TAG_BUTTON};
	static const tag_key li[] = {GUMBO_TAG_LI}, lists[] = {GUMBO_TAG_UL, GUMBO_TAG_OL};
	static const tag_key dd[] = {GUMBO_TAG_DD, GUMBO_TAG_DT}, dl[] = {GUMBO_TAG_DL};
	static const tag_key cell[] = {GUMBO_TAG_TD, GUMBO_TAG_TH};
	static const tag_key tr[] = {GUMBO_TAG_TR};
	static const tag_key sect[] = {GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT};
	static const tag_key a[] = {GUMBO_TAG_A};
	int i = -1;

	if (IN(k, GUMBO_TAG_P, GUMBO_TAG_DIV, GUMBO_TAG_UL, GUMBO_TAG_OL,
	       GUMBO_TAG_DL, GUMBO_TAG_TABLE, GUMBO_TAG_BLOCKQUOTE,
	       GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE,
	       GUMBO_TAG_HEADER, GUMBO_TAG_FOOTER, GUMBO_TAG_NAV, GUMBO_TAG_MAIN,
	       GUMBO_TAG_FIGURE, GUMBO_TAG_FORM, GUMBO_TAG_PRE, GUMBO_TAG_H1,
	       GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5,
	       GUMBO_TAG_H6, GUMBO_TAG_ADDRESS, GUMBO_TAG_CENTER,
	       GUMBO_TAG_DETAILS, GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION,
	       GUMBO_TAG_HGROUP, GUMBO_TAG_MENU, GUMBO_TAG_SUMMARY)) {
		i = find_open(s, p, 1, button, 1);
		if (i >= 0)
			pop_to(s, i);
	}
	if (IN(k, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4,
	       GUMBO_TAG_H5, GUMBO_TAG_H6) && s->depth > 0 &&
	    IN(s->stack[s->depth - 1], GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3,
	       GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6)) {
		pop_to(s, s->depth - 1);
		return;
	}
	if (k == GUMBO_TAG_LI)
		i = find_open(s, li, 1, lists, 2);
	else if (k == GUMBO_TAG_DD || k == GUMBO_TAG_DT)
		i = find_open(s, dd, 2, dl, 1);
	else if (k == GUMBO_TAG_TD || k == GUMBO_TAG_TH)
		i = find_open(s, cell, 2, tr, 1);
	else if (k == GUMBO_TAG_TR)
		i = find_open(s, tr, 1, NULL, 0);
	else if (IN(k, GUMBO_TAG_TBODY, GUMBO_TAG_THEAD, GUMBO_TAG_TFOOT))
		i = find_open(s, sect, 3, NULL, 0);
	else if (k == GUMBO_TAG_A)
		i = find_open(s, a, 1, NULL, 0);
	else if ((k == GUMBO_TAG_OPTION || k == GUMBO_TAG_OPTGROUP) &&
		 s->depth > 0 && s->stack[s->depth - 1] == GUMBO_TAG_OPTION)
		i = s->depth - 1;
	if (i >= 0)
		pop_to(s, i);
}

static void end_tag(scan *s, tag_key k)
{
	static const tag_key button[] = {GUMBO_TAG_BUTTON};
	static const tag_key lists[] = {GUMBO_TAG_UL, GUMBO_TAG_OL};
	if (never_pushed(k))
		return;
	const tag_key *stop = NULL;
	size_t m = 0;
	if (k == GUMBO_TAG_P)
		stop = button, m = 1;
	else if (k == GUMBO_TAG_LI)
		stop = lists, m = 2;
	/* A boundary's own end tag looks past the boundaries above it only
	 * if it is the topmost one, as "in table scope" does. */
	int i = find_open(s, &k, 1, stop, m);
	if (i < 0 && scope_boundary(k)) {
		for (i = s->depth - 1; i >= 0 && s->stack[i] != k; i--)
			if (IN(s->stack[i], GUMBO_TAG_HTML, GUMBO_TAG_TEMPLATE))
				return;
	}
	if (i >= 0)
		pop_to(s, i);
}

/* Replaces in[from, to) with rep[0, n) in the output. */
static void rewrite(scan *s, size_t from, size_t to, const char *rep, size_t n)
{
	wonk_buf_append(&s->out, s->in + s->copied, from - s->copied);
	wonk_buf_append(&s->out, rep, n);
	s->copied = to;
	s->rewritten = 1;
}

/* Case-insensitive search for "</name" followed by a delimiter, from i. */
static size_t find_end_tag(const scan *s, size_t i, const char *name, size_t n)
{
	while (i < s->len) {
		const char *lt = memchr(s->in + i, '<', s->len - i);
		if (!lt)
			return s->len;
		size_t at = (size_t)(lt - s->in);
		if (at + 2 + n <= s->len && lt[1] == '/' &&
		    strncasecmp(lt + 2, name, n) == 0 &&
		    (at + 2 + n == s->len || is_space(lt[2 + n]) ||
		     lt[2 + n] == '/' || lt[2 + n] == '>'))
			return at;
		i = at + 1;
	}
	return s->len;
}

/* Skips a comment or other markup declaration starting at "<!" (or "<?"
 * or "</" not followed by a letter); returns the index after it. */
static size_t skip_declaration(const scan *s, size_t i)
{
	const char *p = s->in + i, *end = s->in + s->len;
	if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
		if (end - p >= 5 && p[4] == '>')
			return i + 5;
		if (end - p >= 6 && p[4] == '-' && p[5] == '>')
			return i + 6;
		for (const char *q = p + 4; q + 2 < end; q++) {
			if (q[0] != '-' || q[1] != '-')
				continue;
			if (q[2] == '>')
				return (size_t)(q + 3 - s->in);
			if (q + 3 < end && q[2] == '!' && q[3] == '>')
				return (size_t)(q + 4 - s->in);
		}
		return s->len;
	}
	const char *gt = memchr(p, '>', (size_t)(end - p));
	return gt ? (size_t)(gt + 1 - s->in) : s->len;
}

/* Reads the attributes of a tag whose name ends at i, as the tokenizer
 * does.  Sets *attrs_end to the end of the last attribute kept (when
 * there are more than MAX_ATTRS), *self_closing, and returns the index
 * after '>' (or the input's end: gumbo drops a tag cut off by EOF). */
static size_t read_attrs(const scan *s, size_t i, size_t *attrs_end,
			 int *self_closing, size_t *count)
{
	const char *in = s->in;
	size_t len = s->len;
	*count = 0;
	*self_closing = 0;
	*attrs_end = 0;
	while (i < len) {
		while (i < len && is_space(in[i]))
			i++;
		if (i >= len)
			break;
		if (in[i] == '>')
			return i + 1;
		if (in[i] == '/') {
			i++;
			if (i < len && in[i] == '>') {
				*self_closing = 1;
				return i + 1;
			}
			continue;
		}
		/* An attribute name: its first character may be '='. */
		i++;
		while (i < len && !is_space(in[i]) && in[i] != '/' && in[i] != '>' &&
		       in[i] != '=')
			i++;
		size_t j = i;
		while (j < len && is_space(in[j]))
			j++;
		if (j < len && in[j] == '=') {
			j++;
			while (j < len && is_space(in[j]))
				j++;
			if (j < len && (in[j] == '"' || in[j] == '\'')) {
				const char *q = memchr(in + j + 1, in[j], len - j - 1);
				i = q ? (size_t)(q - in) + 1 : len;
			} else {
				while (j < len && !is_space(in[j]) && in[j] != '>')
					j++;
				i = j;
			}
		}
		if (++*count == MAX_ATTRS)
			*attrs_end = i;
	}
	return len;
}

/* The scan proper; see the top of the file. */
static void scan_input(scan *s)
{
	const char *in = s->in;
	size_t len = s->len, i = 0;
	while (i < len) {
		const char *lt = memchr(in + i, '<', len - i);
		if (!lt)
			break;
		i = (size_t)(lt - in);
		if (i + 1 >= len)
			break;
		char c = in[i + 1];
		if (c == '!' || c == '?') {
			i = skip_declaration(s, i);
			continue;
		}
		int end = c == '/';
		size_t name = i + 1 + (size_t)end;
		if (name >= len || !is_alpha(in[name])) {
			if (end)
				i = skip_declaration(s, i);
			else
				i++;
			continue;
		}
		size_t ne = name;
		while (ne < len && !is_space(in[ne]) && in[ne] != '/' && in[ne] != '>')
			ne++;
		tag_key k = key_of(in + name, ne - name);
		size_t attrs_end, nattrs;
		int self_closing;
		size_t after = read_attrs(s, ne, &attrs_end, &self_closing, &nattrs);

		if (end) {
			if (nattrs > MAX_ATTRS) /* an end tag's attributes mean nothing */
				rewrite(s, ne, after, ">", 1);
			end_tag(s, k);
			if (is_formatting(k) && s->formatting > 0)
				s->formatting--;
			i = after;
			continue;
		}
		size_t start = i;
		i = after;
		if (k == GUMBO_TAG_PLAINTEXT && !s->foreign)
			break; /* the rest of the page is text */
		int raw = raw_text(k) && !s->foreign;
		int pushed = !raw && !(s->foreign && self_closing) && !never_pushed(k);
		if (!raw && !(s->foreign && self_closing))
			implied_end(s, k);
		int fmt = pushed && is_formatting(k);
		if (pushed && (s->depth >= MAX_DEPTH ||
			       (fmt && s->formatting >= MAX_FORMATTING))) {
			rewrite(s, start, after, "", 0);
			continue;
		}
		s->formatting += fmt;
		if (nattrs > MAX_ATTRS)
			rewrite(s, attrs_end, after, self_closing ? "/>" : ">",
				self_closing ? 2 : 1);
		if (raw) {
			i = find_end_tag(s, i, in + name, ne - name);
			continue;
		}
		if (!pushed)
			continue;
		s->stack[s->depth++] = k;
		if (k == GUMBO_TAG_SVG || k == GUMBO_TAG_MATH)
			s->foreign++;
	}
}

/* ----------------------------------------------------- the allocator */

/* Every block carries its list links and size (and keeps malloc's
 * alignment for what follows it). */
typedef union block {
	struct {
		union block *prev, *next;
		size_t size;
	} h;
	max_align_t align;
} block;

typedef struct arena {
	block head;        /* a circular list of every live block */
	size_t live;       /* bytes held now, with their overhead */
	size_t total;      /* bytes ever handed out: a bound on the work */
	size_t budget;
	jmp_buf *escape;   /* where to go when the budget or malloc fails */
	wonk_status why;
	char *text;        /* the rewritten input, when it was rewritten */
} arena;

static void *arena_alloc(void *userdata, size_t size)
{
	arena *a = userdata;
	/* counted with the header and malloc's own overhead: the budget is
	 * about memory really used */
	size_t cost = size + sizeof(block) + 2 * sizeof(size_t);
	a->live += cost;
	a->total += cost;
	if (a->live > a->budget || a->total / WORK_PER_BUDGET > a->budget) {
		a->why = WONK_ERR_BAD_INPUT;
		longjmp(*a->escape, 1);
	}
	block *b = size <= SIZE_MAX - sizeof(block) ? malloc(sizeof(block) + size) : NULL;
	if (!b) {
		a->why = WONK_ERR_NO_MEMORY;
		longjmp(*a->escape, 1);
	}
	b->h.size = cost;
	b->h.next = a->head.h.next;
	b->h.prev = &a->head;
	a->head.h.next->h.prev = b;
	a->head.h.next = b;
	return b + 1;
}

static void arena_free(void *userdata, void *p)
{
	arena *a = userdata;
	if (!p)
		return;
	block *b = (block *)p - 1;
	b->h.prev->h.next = b->h.next;
	b->h.next->h.prev = b->h.prev;
	a->live -= b->h.size;
	free(b);
}

static void arena_destroy(arena *a)
{
	block *b = a->head.h.next;
	while (b != &a->head) {
		block *next = b->h.next;
		free(b);
		b = next;
	}
	free(a->text);
	free(a);
}

/* ------------------------------------------------------- the flattening */

static const GumboVector *children_of(const GumboNode *g)
{
	if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE)
		return &g->v.element.children;
	if (g->type == GUMBO_NODE_DOCUMENT)
		return &g->v.document.children;
	return NULL;
}

static int add_node(wonk_html_tree *t, size_t *cap, const GumboNode *g,
		    uint32_t parent)
{
	if (t->nnodes == *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		if (ncap >= WONK_HTML_NONE)
			return -1;
		wonk_html_node *p = realloc(t->nodes, ncap * sizeof *p);
		if (!p)
			return -1;
		t->nodes = p;
		*cap = ncap;
	}
	wonk_html_node *n = &t->nodes[t->nnodes];
	n->g = g;
	n->parent = parent;
	n->end = (uint32_t)t->nnodes + 1;
	n->type = (unsigned char)g->type;
	n->tag = (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE) ?
		 g->v.element.tag : GUMBO_TAG_UNKNOWN;
	t->nnodes++;
	return 0;
}

/* Lists the tree in document order (see html.h), with an explicit stack:
 * a page may nest as deep as the scan allows, and threads have small
 * stacks. */
static int flatten(wonk_html_tree *t)
{
	typedef struct frame {
		uint32_t node;
		unsigned int child;
	} frame;
	size_t cap = 0, depth = 0, dcap = 64;
	frame *st = malloc(dcap * sizeof *st);
	if (!st || add_node(t, &cap, t->out->root, WONK_HTML_NONE) < 0) {
		free(st);
		return -1;
	}
	st[depth++] = (frame){0, 0};
	while (depth > 0) {
		frame *f = &st[depth - 1];
		const GumboVector *ch = children_of(t->nodes[f->node].g);
		if (!ch || f->child >= ch->length) {
			t->nodes[f->node].end = (uint32_t)t->nnodes;
			depth--;
			continue;
		}
		const GumboNode *c = ch->data[f->child++];
		if (c->type == GUMBO_NODE_COMMENT)
			continue;
		uint32_t parent = f->node;
		if (add_node(t, &cap, c, parent) < 0) {
			free(st);
			return -1;
		}
		if (!children_of(c))
			continue;
		if (depth == dcap) {
			frame *p = realloc(st, 2 * dcap * sizeof *p);
			if (!p) {
				free(st);
				return -1;
			}
			st = p;
			dcap *= 2;
		}
		st[depth++] = (frame){(uint32_t)(t->nnodes - 1), 0};
	}
	free(st);
	return 0;
}

/* --------------------------------------------------------- the parse */

/* gumbo_parse_with_options(), or NULL when the allocator gave up (the
 * reason is in a->why).  Apart so that nothing the caller keeps is live
 * across the longjmp. */
static GumboOutput *run_gumbo(arena *a, const char *text, size_t len)
{
	GumboOptions opts = kGumboDefaultOptions;
	opts.allocator = arena_alloc;
	opts.deallocator = arena_free;
	opts.userdata = a;
	opts.max_errors = 0; /* parse errors are not wanted: do not keep them */

	jmp_buf escape;
	a->escape = &escape;
	if (setjmp(escape))
		return NULL;
	GumboOutput *out = gumbo_parse_with_options(&opts, text, len);
	a->escape = NULL;
	return out;
}

/* The input with its excess nesting and attributes dropped, as a malloc'ed
 * copy in *copy, or *copy NULL when it is fine as it is.  -1 when out of
 * memory. */
static int bound_input(const char *utf8, size_t len, char **copy, size_t *copy_len)
{
	*copy = NULL;
	scan *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->in = utf8;
	s->len = len;
	scan_input(s);
	int rc = 0;
	if (s->rewritten) {
		wonk_buf_append(&s->out, utf8 + s->copied, len - s->copied);
		if (s->out.failed) {
			wonk_buf_free(&s->out);
			rc = -1;
		} else {
			*copy = s->out.data;
			*copy_len = s->out.len;
		}
	}
	free(s);
	return rc;
}

wonk_status wonk_html_parse(const char *utf8, size_t len, wonk_html_tree *tree,
			    char **err)
{
	memset(tree, 0, sizeof *tree);
	arena *a = calloc(1, sizeof *a);
	if (!a || bound_input(utf8, len, &a->text, &len) < 0) {
		free(a);
		*err = wonk_strdup_printf("out of memory");
		return WONK_ERR_NO_MEMORY;
	}
	a->head.h.next = a->head.h.prev = &a->head;
	const char *text = a->text ? a->text : utf8;

	a->budget = BUDGET_FIXED;
	if (len < (SIZE_MAX - BUDGET_FIXED) / BUDGET_PER_BYTE)
		a->budget += len * BUDGET_PER_BYTE;
	else
		a->budget = SIZE_MAX;

	GumboOutput *out = run_gumbo(a, text, len);
	if (!out) {
		wonk_status why = a->why;
		arena_destroy(a);
		*err = wonk_strdup_printf(why == WONK_ERR_NO_MEMORY ? "out of memory" :
					  "markup too dense to parse within the memory limit");
		return why;
	}
	tree->out = out;
	tree->mem = a;
	if (flatten(tree) < 0) {
		wonk_html_tree_free(tree);
		*err = wonk_strdup_printf("out of memory");
		return WONK_ERR_NO_MEMORY;
	}
	return WONK_OK;
}

void wonk_html_tree_free(wonk_html_tree *tree)
{
	if (tree->mem)
		arena_destroy(tree->mem);
	free(tree->nodes);
	memset(tree, 0, sizeof *tree);
}
