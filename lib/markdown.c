/*
 * markdown.c - Markdown files as plain text, with their front matter read
 * for metadata.
 *
 * wonk needs the words a reader sees, split where the author split them,
 * not HTML; so this is a tolerant one-pass converter rather than a full
 * CommonMark parser (and no library: the ones packaged render HTML).  Lines
 * are read once: blockquote markers are peeled off, and each line either
 * continues the open paragraph or list item, or starts a heading, list item,
 * code block, table row or new paragraph.  Each finished block goes through
 * the inline pass (emphasis, code spans, links, images, autolinks, HTML tags
 * and entities) straight into the body, blocks separated by one blank line.
 *
 * Malformed Markdown is not an error: whatever cannot be read as syntax is
 * kept as text.  Every scan that could look ahead repeatedly (code span
 * closers, comment ends, link destinations) is either remembered or paid
 * for from a budget proportional to the block; emphasis and brackets are
 * matched on small bounded stacks; so a 50 MB line of '[' or '*' or '`'
 * stays linear, and nothing recurses on the input's nesting.
 *
 * Front matter is the YAML (---) or TOML (+++) block Jekyll, Hugo and most
 * static site generators put first.  Only the handful of keys wonk stores
 * are read, by a line parser for the simple subset those files use; a block
 * without its closing line is not front matter but text.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "extract.h"
#include "meta.h"
#include "util.h"

#define NONE SIZE_MAX

/* Code spans opened by longer backtick runs than this are taken as literal
 * backticks: real ones use one to three, and each length costs a scan. */
#define CODE_MAX_TICKS 16
/* Unclosed '[' remembered at once; deeper ones are literal text. */
#define BRACKET_DEPTH 64
/* Unclosed emphasis remembered at once; the same. */
#define DELIM_DEPTH 64
/* Longest link label, as CommonMark has it. */
#define LABEL_MAX 999

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static int is_punct(unsigned char c)
{
	return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) ||
	       (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_alnum(unsigned char c)
{
	return is_alpha(c) || is_digit(c);
}

static int is_xdigit(unsigned char c)
{
	return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

static void put(wonk_buf *b, const char *s, size_t n)
{
	wonk_buf_append(b, s, n);
}

static void putc1(wonk_buf *b, char c)
{
	wonk_buf_append(b, &c, 1);
}

/* Index of the first non-blank byte of s[0, n), counting the columns it
 * is indented by (tabs to the next multiple of four). */
static size_t skip_indent(const char *s, size_t n, size_t *cols)
{
	size_t i = 0, c = 0;
	while (i < n && is_blank((unsigned char)s[i])) {
		c = s[i] == '\t' ? (c + 4) & ~(size_t)3 : c + 1;
		i++;
	}
	if (cols)
		*cols = c;
	return i;
}

static int all_ws(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_ws((unsigned char)s[i]))
			return 0;
	return 1;
}

static size_t rtrim(const char *s, size_t n)
{
	while (n && is_ws((unsigned char)s[n - 1]))
		n--;
	return n;
}

static int starts_icase(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);
	return n >= m && strncasecmp(s, prefix, m) == 0;
}

/* First occurrence of needle in s[from, n), or NONE. */
static size_t find(const char *s, size_t n, size_t from, const char *needle)
{
	size_t m = strlen(needle);
	while (from + m <= n) {
		const char *p = memchr(s + from, needle[0], n - from - m + 1);
		if (!p)
			return NONE;
		size_t at = (size_t)(p - s);
		if (memcmp(p, needle, m) == 0)
			return at;
		from = at + 1;
	}
	return NONE;
}

static size_t find_icase(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++)
		if (strncasecmp(s + i, needle, m) == 0)
			return i;
	return NONE;
}

/* ------------------------------------------------------------ labels */

/* The link reference labels a document defines, normalised (ASCII case
 * folded, white space collapsed) and sorted: a shortcut reference "[Cargo
 * Book]" loses its brackets only when it is a link, and "[sic]" keeps
 * them. */
typedef struct labels {
	char **v;
	size_t n, cap;
} labels;

/* s[0, n) normalised into key (LABEL_MAX + 1 bytes); 0 when it is empty
 * or too long to be a label. */
static size_t label_key(const char *s, size_t n, char *key)
{
	if (n > LABEL_MAX)
		return 0;
	size_t o = 0;
	int space = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_ws(c)) {
			space = o > 0;
			continue;
		}
		if (space)
			key[o++] = ' ';
		space = 0;
		key[o++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	key[o] = '\0';
	return o;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int label_defined(const labels *l, const char *s, size_t n)
{
	char key[LABEL_MAX + 1];
	if (l->n == 0 || !label_key(s, n, key))
		return 0;
	const char *k = key;
	return bsearch(&k, l->v, l->n, sizeof *l->v, cmp_str) != NULL;
}

static size_t link_def(const char *s, size_t n);

/* Finds the definitions before the text is read, since a reference may
 * come before its definition.  Best effort: out of memory, fewer links are
 * known. */
static void collect_labels(const char *buf, size_t len, labels *l)
{
	for (size_t i = 0; i < len;) {
		size_t e = i;
		while (e < len && buf[e] != '\n' && buf[e] != '\r')
			e++;
		size_t a = i;
		while (a < e && (is_blank((unsigned char)buf[a]) || buf[a] == '>'))
			a++;
		size_t close = a < e && buf[a] == '[' ? link_def(buf + a, e - a) : 0;
		char key[LABEL_MAX + 1];
		if (close && label_key(buf + a + 1, close - 1, key)) {
			if (l->n == l->cap) {
				size_t cap = l->cap ? 2 * l->cap : 16;
				char **v = realloc(l->v, cap * sizeof *v);
				if (!v)
					break;
				l->v = v;
				l->cap = cap;
			}
			if ((l->v[l->n] = wonk_strndup(key, strlen(key))) == NULL)
				break;
			l->n++;
		}
		i = e + 1;
	}
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, cmp_str);
}

static void labels_free(labels *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* ------------------------------------------------------------ inline */

/* What surrounds a run of emphasis characters, as CommonMark's flanking
 * rules see it. */
enum { CC_SPACE, CC_PUNCT, CC_WORD };

static int class_of_cp(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
		return CC_SPACE;
	case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD:
	case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
	case UTF8PROC_CATEGORY_PO: case UTF8PROC_CATEGORY_SM:
	case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK:
	case UTF8PROC_CATEGORY_SO:
		return CC_PUNCT;
	default:
		return CC_WORD;
	}
}

static int class_of_ascii(unsigned char c)
{
	return is_ws(c) ? CC_SPACE : is_punct(c) ? CC_PUNCT : CC_WORD;
}

/* The class of the character ending just before s[i]. */
static int class_before(const char *s, size_t i)
{
	if (i == 0)
		return CC_SPACE;
	unsigned char c = (unsigned char)s[i - 1];
	if (c < 0x80)
		return class_of_ascii(c);
	size_t j = i - 1;
	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + j,
					      (utf8proc_ssize_t)(i - j), &cp);
	return k == (utf8proc_ssize_t)(i - j) ? class_of_cp(cp) : CC_WORD;
}

/* The class of the character starting at s[i]. */
static int class_at(const char *s, size_t n, size_t i)
{
	if (i >= n)
		return CC_SPACE;
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80)
		return class_of_ascii(c);
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(n - i), &cp);
	return k > 0 ? class_of_cp(cp) : CC_WORD;
}

enum { CAN_OPEN = 1, CAN_CLOSE = 2 };

/* Whether the run s[i, i + k) of c ('*', '_' or '~') could open or close
 * emphasis.  CommonMark's rules, plus one of wonk's own: a '*' inside a
 * word is emphasis only as "**" between letters ("**bold**ly"), so 2*3*4,
 * x**2 and a*b stay as written (CommonMark already keeps '_' inside words,
 * which leaves snake_case intact). */
static int delim_flags(const char *s, size_t n, size_t i, size_t k, char c)
{
	if (c == '~' && k != 2)
		return 0;
	int before = class_before(s, i), after = class_at(s, n, i + k);
	if (before == CC_WORD && after == CC_WORD &&
	    (c != '*' || k < 2 || is_digit((unsigned char)s[i - 1]) ||
	     (i + k < n && is_digit((unsigned char)s[i + k]))))
		return 0;
	int left = after != CC_SPACE && (after != CC_PUNCT || before != CC_WORD);
	int right = before != CC_SPACE && (before != CC_PUNCT || after != CC_WORD);
	int open = left, close = right;
	if (c == '_') {
		open = left && (!right || before == CC_PUNCT);
		close = right && (!left || after == CC_PUNCT);
	}
	return (open ? CAN_OPEN : 0) | (close ? CAN_CLOSE : 0);
}

/* Bytes the inline pass stops at; everything else is copied in runs. */
static const unsigned char inline_special[256] = {
	['\\'] = 1, ['`'] = 1, ['*'] = 1, ['_'] = 1, ['~'] = 1, ['!'] = 1,
	['['] = 1, [']'] = 1, ['<'] = 1, ['&'] = 1,
};

/* An emphasis run that may still open: where its characters are in the
 * output, how many are left unmatched. */
typedef struct delim {
	size_t at, len;
	char c;
} delim;

typedef struct inl {
	const char *s;
	size_t n;
	const labels *refs;
	wonk_buf *out;
	/* Output bytes found later not to be text (a link's "[", matched
	 * emphasis) are marked here, one bit each from base, and dropped in
	 * one pass at the end: cutting them at once would move the text
	 * after them again for every match. */
	size_t base;
	unsigned char *gone;
	/* Runs that may open, innermost last.  A closer takes the nearest
	 * opener of its character and both lose their matched characters;
	 * openers between them stay as text.  The stack is bounded, so a
	 * line of a million "*a" costs no memory (the rest is text). */
	delim delims[DELIM_DEPTH];
	int ndelims;
	/* The next closing backtick run of each length, remembered so that
	 * unmatched openers do not each rescan the rest of the block. */
	size_t tick_from[CODE_MAX_TICKS + 1], tick_at[CODE_MAX_TICKS + 1];
	size_t comment_from, comment_at;
	/* Bytes that link destinations and labels may still be scanned for;
	 * honest text never runs out. */
	size_t budget;
	size_t bracket[BRACKET_DEPTH]; /* output offset of each open '[' */
	size_t text[BRACKET_DEPTH];    /* where its text starts in s */
	unsigned char image[BRACKET_DEPTH];
	int nbracket;
} inl;

/* Where the next run of exactly k backticks at or after from starts. */
static size_t tick_close(inl *in, size_t from, size_t k)
{
	if (in->tick_from[k] != NONE && from >= in->tick_from[k] &&
	    (in->tick_at[k] == NONE || in->tick_at[k] >= from))
		return in->tick_at[k];
	size_t at = NONE, j = from;
	while (j < in->n) {
		const char *p = memchr(in->s + j, '`', in->n - j);
		if (!p)
			break;
		size_t pos = (size_t)(p - in->s), r = 1;
		while (pos + r < in->n && in->s[pos + r] == '`')
			r++;
		if (r == k) {
			at = pos;
			break;
		}
		j = pos + r;
	}
	in->tick_from[k] = from;
	in->tick_at[k] = at;
	return at;
}

/* Where the "-->" ending a comment opened before from is. */
static size_t comment_close(inl *in, size_t from)
{
	if (in->comment_from != NONE && from >= in->comment_from &&
	    (in->comment_at == NONE || in->comment_at >= from))
		return in->comment_at;
	in->comment_from = from;
	in->comment_at = find(in->s, in->n, from, "-->");
	return in->comment_at;
}

/* Takes one byte from the link scanning budget; 0 when it is spent. */
static int spend(inl *in)
{
	if (in->budget == 0)
		return 0;
	in->budget--;
	return 1;
}

/* An inline link's "(destination "title")" starting at s[i] == '(':
 * the index just past its ')', or 0. */
static size_t link_tail(inl *in, size_t i)
{
	const char *s = in->s;
	size_t n = in->n;
	i++;
	while (i < n && is_ws((unsigned char)s[i]) && spend(in))
		i++;
	if (i < n && s[i] == '<') {
		for (i++; i < n && s[i] != '>'; i++) {
			if (s[i] == '\n' || s[i] == '<' || !spend(in))
				return 0;
			if (s[i] == '\\' && i + 1 < n)
				i++;
		}
		if (i >= n)
			return 0;
		i++;
	} else {
		int depth = 0;
		for (; i < n; i++) {
			unsigned char c = (unsigned char)s[i];
			if (!spend(in))
				return 0;
			if (c == '\\' && i + 1 < n && is_punct((unsigned char)s[i + 1])) {
				i++;
			} else if (c == '(') {
				if (++depth > 32)
					return 0;
			} else if (c == ')') {
				if (depth == 0)
					break;
				depth--;
			} else if (c <= ' ') {
				break;
			}
		}
	}
	while (i < n && is_ws((unsigned char)s[i]) && spend(in))
		i++;
	if (i < n && (s[i] == '"' || s[i] == '\'' || s[i] == '(')) {
		char close = s[i] == '(' ? ')' : s[i];
		for (i++; i < n && s[i] != close; i++) {
			if (!spend(in) || (close == ')' && s[i] == '('))
				return 0;
			if (s[i] == '\\' && i + 1 < n)
				i++;
		}
		if (i >= n)
			return 0;
		i++;
		while (i < n && is_ws((unsigned char)s[i]) && spend(in))
			i++;
	}
	return i < n && s[i] == ')' ? i + 1 : 0;
}

/* A reference "[label]" starting at s[i] == '[': the index past its ']',
 * or 0. */
static size_t link_label(inl *in, size_t i)
{
	const char *s = in->s;
	size_t n = in->n, start = i;
	for (i++; i < in->n && s[i] != ']'; i++) {
		if (s[i] == '[' || i - start > LABEL_MAX || !spend(in))
			return 0;
		if (s[i] == '\\' && i + 1 < n)
			i++;
	}
	return i < n ? i + 1 : 0;
}

/* An autolink "<scheme:...>" or "<user@host>" at s[i]: the index past
 * its '>', with the address in s[*a, *b). */
static size_t autolink(const char *s, size_t n, size_t i, size_t *a, size_t *b)
{
	size_t j = i + 1;
	if (j < n && is_alpha((unsigned char)s[j])) {
		size_t k = j + 1;
		while (k < n && k - j < 32 &&
		       (is_alnum((unsigned char)s[k]) || s[k] == '+' || s[k] == '.' || s[k] == '-'))
			k++;
		if (k - j >= 2 && k < n && s[k] == ':') {
			for (k++; k < n && s[k] != '>'; k++)
				if ((unsigned char)s[k] <= ' ' || s[k] == '<')
					return 0;
			if (k >= n)
				return 0;
			*a = j;
			*b = k;
			return k + 1;
		}
	}
	static const char email_chars[] = ".!#$%&'*+/=?^_`{|}~-";
	size_t k = j;
	while (k < n && (is_alnum((unsigned char)s[k]) || (s[k] && strchr(email_chars, s[k]))))
		k++;
	if (k == j || k >= n || s[k] != '@')
		return 0;
	size_t h = ++k;
	while (k < n && (is_alnum((unsigned char)s[k]) || s[k] == '.' || s[k] == '-'))
		k++;
	if (k == h || k >= n || s[k] != '>')
		return 0;
	*a = j;
	*b = k;
	return k + 1;
}

/* Tags that separate words when a page is read (a table cell, a line
 * break): stripping them leaves a space instead. */
static int tag_separates(const char *name, size_t n)
{
	static const char *const tags[] = {
		"address", "article", "aside", "blockquote", "br", "caption",
		"dd", "details", "div", "dl", "dt", "figcaption", "figure",
		"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
		"li", "main", "nav", "ol", "p", "pre", "section", "summary",
		"table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
	};
	for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
		if (strlen(tags[t]) == n && strncasecmp(tags[t], name, n) == 0)
			return 1;
	return 0;
}

/* An HTML tag, comment-free, at s[i] == '<': the index past its '>', or
 * 0.  The scan stops at the next '<', so scans never overlap. */
static size_t html_tag(const char *s, size_t n, size_t i, int *separates)
{
	size_t j = i + 1;
	if (j < n && (s[j] == '/' || s[j] == '!'))
		j++;
	if (j >= n || !is_alpha((unsigned char)s[j]))
		return 0;
	size_t name = j;
	while (j < n && (is_alnum((unsigned char)s[j]) || s[j] == '-'))
		j++;
	size_t name_len = j - name;
	if (j < n && !is_ws((unsigned char)s[j]) && s[j] != '>' && s[j] != '/')
		return 0;
	char quote = 0;
	for (; j < n; j++) {
		char c = s[j];
		if (c == '<')
			return 0;
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '>') {
			*separates = tag_separates(s + name, name_len);
			return j + 1;
		}
	}
	return 0;
}

static const struct {
	const char *name, *text;
} entities[] = {
	{"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"},
	{"nbsp", " "}, {"ensp", " "}, {"emsp", " "}, {"thinsp", " "},
	{"shy", ""}, {"zwj", ""}, {"zwnj", ""},
	{"mdash", "\xE2\x80\x94"}, {"ndash", "\xE2\x80\x93"},
	{"hellip", "\xE2\x80\xA6"}, {"lsquo", "\xE2\x80\x98"},
	{"rsquo", "\xE2\x80\x99"}, {"ldquo", "\xE2\x80\x9C"},
	{"rdquo", "\xE2\x80\x9D"}, {"laquo", "\xC2\xAB"}, {"raquo", "\xC2\xBB"},
	{"copy", "\xC2\xA9"}, {"reg", "\xC2\xAE"}, {"trade", "\xE2\x84\xA2"},
	{"deg", "\xC2\xB0"}, {"euro", "\xE2\x82\xAC"}, {"pound", "\xC2\xA3"},
	{"yen", "\xC2\xA5"}, {"cent", "\xC2\xA2"}, {"sect", "\xC2\xA7"},
	{"para", "\xC2\xB6"}, {"middot", "\xC2\xB7"}, {"bull", "\xE2\x80\xA2"},
	{"times", "\xC3\x97"}, {"divide", "\xC3\xB7"}, {"plusmn", "\xC2\xB1"},
	{"frac12", "\xC2\xBD"}, {"frac14", "\xC2\xBC"}, {"frac34", "\xC2\xBE"},
	{"minus", "\xE2\x88\x92"}, {"larr", "\xE2\x86\x90"},
	{"rarr", "\xE2\x86\x92"},
};

/* A character reference at s[i] == '&', written to out: the index past
 * its ';', or 0 (then the '&' is text). */
static size_t entity(const char *s, size_t n, size_t i, wonk_buf *out)
{
	size_t j = i + 1;
	if (j < n && s[j] == '#') {
		int hex = j + 1 < n && (s[j + 1] == 'x' || s[j + 1] == 'X');
		j += hex ? 2 : 1;
		size_t start = j;
		long cp = 0;
		while (j < n && j - start < (hex ? 6u : 7u) &&
		       (hex ? is_xdigit((unsigned char)s[j]) : is_digit((unsigned char)s[j]))) {
			int v = is_digit((unsigned char)s[j]) ? s[j] - '0'
				: (s[j] | 0x20) - 'a' + 10;
			cp = cp * (hex ? 16 : 10) + v;
			j++;
		}
		if (j == start || j >= n || s[j] != ';')
			return 0;
		if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
		put(out, (const char *)enc, (size_t)k);
		return j + 1;
	}
	size_t start = j;
	while (j < n && j - start < 32 && is_alnum((unsigned char)s[j]))
		j++;
	if (j == start || j >= n || s[j] != ';')
		return 0;
	for (size_t e = 0; e < sizeof entities / sizeof entities[0]; e++)
		if (strlen(entities[e].name) == j - start &&
		    memcmp(entities[e].name, s + start, j - start) == 0) {
			put(out, entities[e].text, strlen(entities[e].text));
			return j + 1;
		}
	return 0;
}

/* Marks k output bytes at out[at] for removal.  A block's output is never
 * longer than its Markdown, so n bits cover it. */
static void drop(inl *in, size_t at, size_t k)
{
	if (!in->gone && !(in->gone = calloc(in->n / 8 + 1, 1))) {
		in->out->failed = 1;
		return;
	}
	for (size_t b = at - in->base; b < at - in->base + k && b < in->n; b++)
		in->gone[b / 8] |= (unsigned char)(1u << (b % 8));
}

static void drop_marked(inl *in)
{
	wonk_buf *out = in->out;
	if (!in->gone || out->failed)
		goto done;
	size_t o = in->base;
	for (size_t b = 0; in->base + b < out->len; b++)
		if (b >= in->n || !(in->gone[b / 8] & (1u << (b % 8))))
			out->data[o++] = out->data[in->base + b];
	out->len = o;
	out->data[o] = '\0';
done:
	free(in->gone);
	in->gone = NULL;
}

/* A run of k emphasis characters c: matched against open runs, the
 * matched characters of both dropped, the rest kept as text (and, if it
 * may open, remembered). */
static void emphasis(inl *in, wonk_buf *out, char c, size_t k, int flags)
{
	while (k > 0 && (flags & CAN_CLOSE)) {
		int d = in->ndelims - 1;
		while (d >= 0 && in->delims[d].c != c)
			d--;
		if (d < 0)
			break;
		delim *o = &in->delims[d];
		size_t use = o->len >= 2 && k >= 2 ? 2 : 1;
		drop(in, o->at + o->len - use, use);
		o->len -= use;
		k -= use;
		in->ndelims = o->len ? d + 1 : d;
	}
	if (k == 0)
		return;
	if ((flags & CAN_OPEN) && in->ndelims < DELIM_DEPTH)
		in->delims[in->ndelims++] = (delim){out->len, k, c};
	for (size_t r = 0; r < k; r++)
		putc1(out, c);
}

/* The inline pass: s[0, n), one block's Markdown, appended to out as text. */
static void inline_text(const char *s, size_t n, wonk_buf *out, const labels *refs)
{
	/* Set field by field: the stacks need no clearing, and a document of
	 * many one-line blocks would spend its time zeroing them. */
	inl in;
	in.s = s;
	in.n = n;
	in.refs = refs;
	in.out = out;
	in.base = out->len;
	in.gone = NULL;
	in.ndelims = 0;
	in.nbracket = 0;
	in.budget = 2 * n + 4096;
	in.comment_from = in.comment_at = NONE;
	for (int k = 0; k <= CODE_MAX_TICKS; k++)
		in.tick_from[k] = in.tick_at[k] = NONE;

	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n && !inline_special[(unsigned char)s[run]])
			run++;
		put(out, s + i, run - i);
		i = run;
		if (i >= n)
			break;
		char c = s[i];
		size_t j, a, b;
		int sep;
		switch (c) {
		case '\\':
			if (i + 1 < n && (is_punct((unsigned char)s[i + 1]) || s[i + 1] == '\n')) {
				putc1(out, s[i + 1]);
				i += 2;
			} else {
				putc1(out, c);
				i++;
			}
			break;
		case '`': {
			size_t k = 1;
			while (i + k < n && s[i + k] == '`')
				k++;
			j = k <= CODE_MAX_TICKS ? tick_close(&in, i + k, k) : NONE;
			if (j == NONE) {
				put(out, s + i, k);
				i += k;
				break;
			}
			/* The code, one space of padding off each side. */
			a = i + k;
			b = j;
			if (b - a >= 2 && s[a] == ' ' && s[b - 1] == ' ' && !all_ws(s + a, b - a))
				a++, b--;
			put(out, s + a, b - a);
			i = j + k;
			break;
		}
		case '*': case '_': case '~': {
			size_t k = 1;
			while (i + k < n && s[i + k] == c)
				k++;
			emphasis(&in, out, c, k, delim_flags(s, n, i, k, c));
			i += k;
			break;
		}
		case '!':
			if (i + 1 < n && s[i + 1] == '[' && in.nbracket < BRACKET_DEPTH) {
				in.bracket[in.nbracket] = out->len;
				in.text[in.nbracket] = i + 2;
				in.image[in.nbracket++] = 1;
				put(out, "![", 2);
				i += 2;
			} else {
				putc1(out, c);
				i++;
			}
			break;
		case '[':
			if (i + 1 < n && s[i + 1] == '^') {
				/* A footnote reference: its number means nothing
				 * to a searcher. */
				for (j = i + 2; j < n && j - i < 100 && s[j] != ']' &&
				     !is_ws((unsigned char)s[j]) && s[j] != '['; j++)
					;
				if (j < n && s[j] == ']' && j > i + 2) {
					i = j + 1;
					break;
				}
			}
			if (in.nbracket < BRACKET_DEPTH) {
				in.bracket[in.nbracket] = out->len;
				in.text[in.nbracket] = i + 1;
				in.image[in.nbracket++] = 0;
			}
			putc1(out, c);
			i++;
			break;
		case ']':
			j = 0;
			if (in.nbracket > 0 && i + 1 < n) {
				if (s[i + 1] == '(')
					j = link_tail(&in, i + 1);
				else if (s[i + 1] == '[')
					j = link_label(&in, i + 1);
			}
			if (!j && in.nbracket > 0) {
				size_t from = in.text[in.nbracket - 1];
				if (label_defined(refs, s + from, i - from))
					j = i + 1;
			}
			if (j) {
				in.nbracket--;
				size_t at = in.bracket[in.nbracket];
				/* Emphasis does not reach out of a link's text. */
				while (in.ndelims > 0 && in.delims[in.ndelims - 1].at > at)
					in.ndelims--;
				drop(&in, at, in.image[in.nbracket] ? 2 : 1);
				i = j;
				break;
			}
			if (in.nbracket > 0)
				in.nbracket--;
			putc1(out, c);
			i++;
			break;
		case '<':
			if ((j = autolink(s, n, i, &a, &b)) != 0) {
				put(out, s + a, b - a);
				i = j;
			} else if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0 &&
				   (j = comment_close(&in, i + 4)) != NONE) {
				i = j + 3;
			} else if ((j = html_tag(s, n, i, &sep)) != 0) {
				if (sep)
					putc1(out, ' ');
				i = j;
			} else {
				putc1(out, c);
				i++;
			}
			break;
		case '&':
			if ((j = entity(s, n, i, out)) != 0) {
				i = j;
			} else {
				putc1(out, c);
				i++;
			}
			break;
		default:
			putc1(out, c);
			i++;
		}
	}
	drop_marked(&in);
}

/* ------------------------------------------------------------ blocks */

/* How a finished block's text is tidied. */
enum {
	NORM_PROSE, /* lines trimmed, runs of blanks made one space, empty
		       lines dropped (a removed tag or comment leaves gaps) */
	NORM_ROW,   /* a table row: all white space runs become one space */
};

enum { B_NONE, B_PARA, B_ITEM };
enum { SKIP_NONE, SKIP_COMMENT, SKIP_SCRIPT, SKIP_STYLE };

typedef struct md {
	wonk_buf out;        /* the body */
	wonk_buf para;       /* the open paragraph's or item's lines */
	wonk_buf tmp;
	wonk_meta *meta;
	labels refs;
	int kind;            /* what para holds: B_NONE, B_PARA, B_ITEM */
	int depth;           /* quote depth the open block started at */
	size_t last_line;    /* where para's last line starts */
	int in_list, prev_blank, table, skip;
	/* Fenced code: its fence, and how its lines are indented. */
	int fence;
	char fence_char;
	size_t fence_len, fence_indent;
	int fence_depth;
	int icode;           /* inside indented code */
	int code_open;       /* a code block has text in out */
} md;

/* Tidies out[start, len) in place (it only shrinks); when nothing is left,
 * takes the block back out, with the separator that began at sep. */
static void normalize(wonk_buf *out, size_t sep, size_t start, int mode)
{
	if (out->failed || !out->data)
		return;
	char *d = out->data;
	size_t o = start, i = start, end = out->len;
	if (mode == NORM_ROW) {
		int space = 0;
		for (; i < end; i++) {
			if (is_ws((unsigned char)d[i])) {
				space = o > start;
				continue;
			}
			if (space)
				d[o++] = ' ';
			space = 0;
			d[o++] = d[i];
		}
	} else {
		while (i < end) {
			size_t eol = i;
			while (eol < end && d[eol] != '\n')
				eol++;
			size_t a = i, b = eol;
			while (a < b && is_ws((unsigned char)d[a]))
				a++;
			while (b > a && is_ws((unsigned char)d[b - 1]))
				b--;
			if (b > a) {
				if (o > start)
					d[o++] = '\n';
				for (size_t k = a; k < b; k++) {
					int ws = is_ws((unsigned char)d[k]);
					if (ws && is_ws((unsigned char)d[k + 1]))
						continue;
					d[o++] = ws ? ' ' : d[k];
				}
			}
			i = eol + 1;
		}
	}
	out->len = o > start ? o : sep;
	d[out->len] = '\0';
}

/* Converts s[0, n) inline and appends it as one block; returns where its
 * text starts, or NONE when it came out empty. */
static size_t emit_block(md *m, const char *s, size_t n, int mode)
{
	size_t sep = m->out.len;
	if (m->out.len)
		put(&m->out, "\n\n", 2);
	size_t start = m->out.len;
	inline_text(s, n, &m->out, &m->refs);
	normalize(&m->out, sep, start, mode);
	return m->out.len > start ? start : NONE;
}

static void emit_heading(md *m, const char *s, size_t n, int level)
{
	size_t at = emit_block(m, s, n, NORM_PROSE);
	/* The first level-1 heading names the document (unless the front
	 * matter did): wonk_meta_offer keeps the first. */
	if (level == 1 && at != NONE && !m->out.failed)
		wonk_meta_offer(&m->meta->title, m->out.data + at, m->out.len - at);
}

/* A table row: cell pipes become spaces ("\|" is a pipe in the text). */
static void emit_row(md *m, const char *s, size_t n)
{
	m->tmp.len = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == '|') {
			putc1(&m->tmp, '|');
			i++;
		} else {
			putc1(&m->tmp, s[i] == '|' ? ' ' : s[i]);
		}
	}
	if (!m->tmp.failed)
		emit_block(m, m->tmp.data ? m->tmp.data : "", m->tmp.len, NORM_ROW);
}

static void flush(md *m)
{
	if (m->kind != B_NONE && !m->para.failed)
		emit_block(m, m->para.data ? m->para.data : "", m->para.len, NORM_PROSE);
	m->para.len = 0;
	m->kind = B_NONE;
}

static void close_code(md *m)
{
	m->code_open = 0;
	m->icode = 0;
	m->fence = 0;
}

/* One line of code, kept as written except for trailing white space;
 * blank lines are dropped so the code stays one block. */
static void code_line(md *m, const char *s, size_t n)
{
	n = rtrim(s, n);
	if (all_ws(s, n))
		return;
	if (!m->code_open) {
		if (m->out.len)
			put(&m->out, "\n\n", 2);
		m->code_open = 1;
	} else {
		putc1(&m->out, '\n');
	}
	put(&m->out, s, n);
}

/* Drops up to cols columns of indentation from s[0, *n). */
static const char *unindent(const char *s, size_t *n, size_t cols)
{
	size_t i = 0, c = 0;
	while (i < *n && c < cols && is_blank((unsigned char)s[i])) {
		c = s[i] == '\t' ? (c + 4) & ~(size_t)3 : c + 1;
		i++;
	}
	*n -= i;
	return s + i;
}

/* The length of a list marker at s ("- ", "* ", "+ ", "1. ", "2) "), up
 * to its content, or 0.  *ordinal is the number of an ordered item, or
 * -1. */
static size_t list_marker(const char *s, size_t n, long *ordinal)
{
	size_t i = 0;
	*ordinal = -1;
	if (n && (s[0] == '-' || s[0] == '*' || s[0] == '+')) {
		i = 1;
	} else {
		long v = 0;
		while (i < n && i < 9 && is_digit((unsigned char)s[i]))
			v = v * 10 + (s[i++] - '0');
		if (i == 0 || i >= n || (s[i] != '.' && s[i] != ')'))
			return 0;
		*ordinal = v;
		i++;
	}
	if (i < n && !is_blank((unsigned char)s[i]))
		return 0;
	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	return i;
}

/* A thematic break: three or more of one of "*-_", spaces allowed. */
static int is_hr(const char *s, size_t n)
{
	char c = n ? s[0] : 0;
	if (c != '*' && c != '-' && c != '_')
		return 0;
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == c)
			count++;
		else if (!is_ws((unsigned char)s[i]))
			return 0;
	}
	return count >= 3;
}

/* Which suffixes of a line are thematic breaks, so that a line of many
 * nested list markers is not rescanned for one after each marker. */
typedef struct hr_tail {
	const char *end;
	const char *pure[3];  /* the suffix from here is only c and blanks */
	const char *third[3]; /* the third c from the end, or NULL */
} hr_tail;

static int hr_char(char c)
{
	return c == '-' ? 0 : c == '*' ? 1 : c == '_' ? 2 : -1;
}

static void hr_tail_init(hr_tail *h, const char *s, size_t n)
{
	static const char chars[3] = {'-', '*', '_'};
	h->end = s + n;
	for (int k = 0; k < 3; k++) {
		const char *p = s + n;
		int count = 0;
		h->third[k] = NULL;
		while (p > s && (p[-1] == chars[k] || is_ws((unsigned char)p[-1]))) {
			p--;
			if (*p == chars[k] && ++count == 3)
				h->third[k] = p;
		}
		h->pure[k] = p;
	}
}

static int hr_tail_at(const hr_tail *h, const char *t)
{
	int k = t < h->end ? hr_char(*t) : -1;
	return k >= 0 && t >= h->pure[k] && h->third[k] && t <= h->third[k];
}

/* A setext underline: '=' (level 1) or '-' (level 2) only. */
static int setext_level(const char *s, size_t n)
{
	n = rtrim(s, n);
	if (n == 0 || (s[0] != '=' && s[0] != '-'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (s[i] != s[0])
			return 0;
	return s[0] == '=' ? 1 : 2;
}

/* A table's delimiter row: "|---|:--:|", at least one pipe and dash. */
static int is_delim_row(const char *s, size_t n)
{
	int pipe = 0, dash = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '|')
			pipe = 1;
		else if (s[i] == '-')
			dash = 1;
		else if (s[i] != ':' && !is_ws((unsigned char)s[i]))
			return 0;
	}
	return pipe && dash;
}

/* A link reference definition, "[label]: destination "title"": the
 * offset of the label's ']', or 0. */
static size_t link_def(const char *s, size_t n)
{
	if (n < 4 || s[0] != '[' || s[1] == '^')
		return 0;
	size_t i = 1;
	int text = 0;
	for (; i < n && s[i] != ']'; i++) {
		if (s[i] == '[' || i > LABEL_MAX)
			return 0;
		if (s[i] == '\\' && i + 1 < n)
			i++;
		text |= !is_ws((unsigned char)s[i]);
	}
	if (!text || i + 1 >= n || s[i + 1] != ':')
		return 0;
	size_t label_end = i;
	i += 2;
	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	size_t dest = i;
	if (i < n && s[i] == '<') {
		while (i < n && s[i] != '>')
			i++;
		if (i >= n)
			return 0;
		i++;
	} else {
		while (i < n && !is_ws((unsigned char)s[i]))
			i++;
		if (i == dest)
			return 0;
	}
	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	if (i < n && (s[i] == '"' || s[i] == '\'' || s[i] == '(')) {
		char close = s[i] == '(' ? ')' : s[i];
		for (i++; i < n && s[i] != close; i++)
			if (s[i] == '\\' && i + 1 < n)
				i++;
		if (i >= n)
			return 0;
		i++;
	}
	return all_ws(s + i, n - i) ? label_end : 0;
}

/* A footnote definition "[^label]: text": the offset of its text, or 0. */
static size_t footnote_def(const char *s, size_t n)
{
	if (n < 5 || s[0] != '[' || s[1] != '^')
		return 0;
	size_t i = 2;
	while (i < n && i < 100 && s[i] != ']' && !is_ws((unsigned char)s[i]))
		i++;
	if (i == 2 || i + 1 >= n || s[i] != ']' || s[i + 1] != ':')
		return 0;
	i += 2;
	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	return i;
}

/* Starts a new paragraph or list item holding s[0, n). */
static void open_block(md *m, int kind, int depth, const char *s, size_t n)
{
	flush(m);
	m->kind = kind;
	m->depth = depth;
	m->last_line = 0;
	put(&m->para, s, n);
}

/* Peels blockquote markers off the line, at most max of them. */
static int strip_quotes(const char **s, size_t *n, int max, int in_list)
{
	int depth = 0;
	while (depth < max) {
		size_t cols, i = skip_indent(*s, *n, &cols);
		if (i >= *n || (*s)[i] != '>' || (cols > 3 && !in_list))
			break;
		i++;
		if (i < *n && is_blank((unsigned char)(*s)[i]))
			i++;
		*s += i;
		*n -= i;
		depth++;
	}
	return depth;
}

/* Lines of raw HTML that are not text: a comment's inside, a script or a
 * style sheet.  Returns 1 when the line is used up. */
static int skip_raw(md *m, const char **s, size_t *n)
{
	const char *end = m->skip == SKIP_COMMENT ? "-->"
			  : m->skip == SKIP_SCRIPT ? "</script" : "</style";
	size_t at = m->skip == SKIP_COMMENT ? find(*s, *n, 0, end) : find_icase(*s, *n, end);
	if (at == NONE)
		return 1;
	int comment = m->skip == SKIP_COMMENT;
	m->skip = SKIP_NONE;
	if (!comment)
		return 1; /* the rest of a "</script>" line is markup */
	*s += at + 3;
	*n -= at + 3;
	return all_ws(*s, *n);
}

static void md_line(md *m, const char *s, size_t n)
{
	/* Inside a comment or script only its end matters; the text after a
	 * comment's end is read as a line of its own. */
	if (m->skip && skip_raw(m, &s, &n))
		return;

	int depth = strip_quotes(&s, &n, m->fence ? m->fence_depth : INT_MAX, m->in_list);
	if (m->fence) {
		if (depth < m->fence_depth) {
			close_code(m);
		} else {
			size_t cols, i = skip_indent(s, n, &cols);
			size_t k = 0;
			while (i + k < n && s[i + k] == m->fence_char)
				k++;
			if ((cols <= 3 || m->in_list) && k >= m->fence_len &&
			    all_ws(s + i + k, n - i - k)) {
				close_code(m);
				return;
			}
			s = unindent(s, &n, m->fence_indent);
			code_line(m, s, n);
			return;
		}
	}

	size_t cols, i = skip_indent(s, n, &cols);
	const char *c = s + i;
	size_t cn = rtrim(c, n - i);
	if (cn == 0) {
		if (!m->icode) {
			flush(m);
			m->table = 0;
		}
		m->prev_blank = 1;
		return;
	}
	int prev_blank = m->prev_blank;
	m->prev_blank = 0;

	if (m->icode) {
		if (cols >= 4) {
			s = unindent(s, &n, 4);
			code_line(m, s, n);
			return;
		}
		close_code(m);
	}
	if (cols >= 4 && m->kind == B_NONE && !m->in_list && !m->table) {
		flush(m);
		m->icode = 1;
		s = unindent(s, &n, 4);
		code_line(m, s, n);
		return;
	}

	long ordinal;
	size_t marker = list_marker(c, cn, &ordinal);
	if (marker && is_hr(c, cn))
		marker = 0;
	if (prev_blank && cols < 2 && !marker)
		m->in_list = 0;
	if (depth > m->depth && m->kind != B_NONE)
		flush(m);
	int top = cols <= 3 || m->in_list;

	/* Fenced code: ``` or ~~~, the info string (a language name) dropped. */
	if (top && cn >= 3 && (c[0] == '`' || c[0] == '~')) {
		size_t k = 1;
		while (k < cn && c[k] == c[0])
			k++;
		if (k >= 3 && (c[0] == '~' || !memchr(c + k, '`', cn - k))) {
			flush(m);
			m->table = 0;
			close_code(m);
			m->fence = 1;
			m->fence_char = c[0];
			m->fence_len = k;
			m->fence_indent = cols;
			m->fence_depth = depth;
			return;
		}
	}

	/* ATX heading: "# Title", an optional closing run of '#'. */
	if (top && c[0] == '#') {
		size_t level = 1;
		while (level < cn && c[level] == '#')
			level++;
		if (level <= 6 && (level == cn || is_blank((unsigned char)c[level]))) {
			flush(m);
			m->table = 0;
			size_t a = level, b = cn;
			while (a < b && is_blank((unsigned char)c[a]))
				a++;
			size_t h = b;
			while (h > a && c[h - 1] == '#')
				h--;
			if (h == a || is_blank((unsigned char)c[h - 1]))
				b = h;
			emit_heading(m, c + a, b - a, (int)level);
			return;
		}
	}

	if (m->kind == B_PARA && !m->table && cols <= 3) {
		int level = setext_level(c, cn);
		if (level) {
			emit_heading(m, m->para.data ? m->para.data : "", m->para.len, level);
			m->para.len = 0;
			m->kind = B_NONE;
			return;
		}
	}

	if (top && is_hr(c, cn)) {
		flush(m);
		m->table = 0;
		return;
	}

	/* A table starts at a delimiter row under a line with pipes. */
	if (m->kind == B_PARA && !m->table && is_delim_row(c, cn) && !m->para.failed &&
	    memchr(m->para.data + m->last_line, '|', m->para.len - m->last_line)) {
		size_t at = m->last_line;
		if (at > 0) {
			m->tmp.len = 0;
			put(&m->tmp, m->para.data + at, m->para.len - at);
			m->para.len = at - 1;
			flush(m);
			if (!m->tmp.failed) {
				wonk_buf row = m->tmp;
				m->tmp = (wonk_buf){0};
				emit_row(m, row.data, row.len);
				wonk_buf_free(&row);
			}
		} else {
			emit_row(m, m->para.data, m->para.len);
		}
		m->para.len = 0;
		m->kind = B_NONE;
		m->table = 1;
		return;
	}
	if (m->table) {
		if (!marker && depth >= m->depth) {
			emit_row(m, c, cn);
			return;
		}
		m->table = 0;
	}

	if (top && c[0] == '<') {
		if (starts_icase(c, cn, "<!--") && find(c, cn, 4, "-->") == NONE) {
			flush(m);
			m->skip = SKIP_COMMENT;
			return;
		}
		int script = starts_icase(c, cn, "<script");
		if (script || starts_icase(c, cn, "<style")) {
			size_t k = script ? 7 : 6;
			if (k == cn || is_ws((unsigned char)c[k]) || c[k] == '>') {
				flush(m);
				if (find_icase(c, cn, script ? "</script" : "</style") == NONE)
					m->skip = script ? SKIP_SCRIPT : SKIP_STYLE;
				return;
			}
		}
	}

	if (m->kind == B_NONE && top && link_def(c, cn))
		return;
	size_t fn = top ? footnote_def(c, cn) : 0;
	if (fn) {
		open_block(m, B_ITEM, depth, c + fn, cn - fn);
		return;
	}

	/* A list item.  An ordered one interrupts a paragraph only from 1
	 * ("in\n1905. a year" is prose); inside a list any marker does. */
	if (marker && (m->kind != B_PARA || m->in_list ||
		       (marker < cn && (ordinal < 0 || ordinal == 1)))) {
		m->in_list = 1;
		const char *t = c + marker;
		size_t tn = cn - marker, k;
		long ord;
		/* "- - x", "1. * x": nested lists opened on one line, up to
		 * a rule ("- * * *"), found without rescanning the line. */
		hr_tail tail;
		hr_tail_init(&tail, t, tn);
		while ((k = list_marker(t, tn, &ord)) != 0 && !hr_tail_at(&tail, t))
			t += k, tn -= k;
		if (hr_tail_at(&tail, t))
			tn = 0;
		if (tn >= 4 && t[0] == '[' && (t[1] == ' ' || t[1] == 'x' || t[1] == 'X') &&
		    t[2] == ']' && is_blank((unsigned char)t[3])) {
			t += 4;
			tn -= 4;
		}
		open_block(m, B_ITEM, depth, t, tn);
		return;
	}

	if (m->kind != B_NONE) {
		putc1(&m->para, '\n');
		m->last_line = m->para.len;
		put(&m->para, c, cn);
		return;
	}
	open_block(m, B_PARA, depth, c, cn);
}

/* ------------------------------------------------------ front matter */

enum { F_NONE, F_TITLE, F_AUTHOR, F_DATE, F_SOURCE, F_URL, F_TAGS, F_DESC, F_LANG };

static const struct {
	const char *key;
	int field;
} fm_keys[] = {
	{"title", F_TITLE},        {"author", F_AUTHOR},     {"authors", F_AUTHOR},
	{"date", F_DATE},          {"publishdate", F_DATE},  {"pubdate", F_DATE},
	{"source", F_SOURCE},      {"publisher", F_SOURCE},  {"url", F_URL},
	{"canonical_url", F_URL},  {"canonical", F_URL},     {"tags", F_TAGS},
	{"keywords", F_TAGS},      {"categories", F_TAGS},   {"description", F_DESC},
	{"summary", F_DESC},       {"lang", F_LANG},         {"language", F_LANG},
};

static int fm_field(const char *k, size_t n)
{
	for (size_t i = 0; i < sizeof fm_keys / sizeof fm_keys[0]; i++)
		if (strlen(fm_keys[i].key) == n && strncasecmp(fm_keys[i].key, k, n) == 0)
			return fm_keys[i].field;
	return F_NONE;
}

static void fm_apply(wonk_meta *m, int field, const char *v, size_t n, int listed);

/* A scalar: "..." and '...' unquoted, a plain one cut at a " #" comment. */
static void fm_scalar(wonk_meta *m, int field, const char *v, size_t n, int listed,
		      wonk_buf *tmp)
{
	while (n && is_ws((unsigned char)*v))
		v++, n--;
	n = rtrim(v, n);
	if (n == 0)
		return;
	tmp->len = 0;
	if (v[0] == '"') {
		for (size_t i = 1; i < n && v[i] != '"'; i++) {
			if (v[i] == '\\' && i + 1 < n) {
				char e = v[++i];
				putc1(tmp, e == 'n' || e == 't' ? ' ' : e);
			} else {
				putc1(tmp, v[i]);
			}
		}
	} else if (v[0] == '\'') {
		for (size_t i = 1; i < n; i++) {
			if (v[i] == '\'') {
				if (i + 1 < n && v[i + 1] == '\'')
					i++;
				else
					break;
			}
			putc1(tmp, v[i]);
		}
	} else {
		size_t e = 0;
		while (e < n && !(v[e] == '#' && e > 0 && is_blank((unsigned char)v[e - 1])))
			e++;
		e = rtrim(v, e);
		if ((e == 1 && v[0] == '~') || (e == 4 && strncasecmp(v, "null", 4) == 0))
			return;
		put(tmp, v, e);
	}
	if (!tmp->failed && tmp->len)
		fm_apply(m, field, tmp->data, tmp->len, listed);
}

static void fm_apply(wonk_meta *m, int field, const char *v, size_t n, int listed)
{
	switch (field) {
	case F_TITLE:
		wonk_meta_offer(&m->title, v, n);
		break;
	case F_AUTHOR:
		wonk_meta_append(&m->author, v, n);
		break;
	case F_DATE:
		if (!m->date)
			m->date = wonk_date_iso(v, n);
		break;
	case F_SOURCE:
		wonk_meta_offer(&m->source, v, n);
		break;
	case F_URL:
		wonk_meta_offer(&m->url, v, n);
		break;
	case F_DESC:
		wonk_meta_offer(&m->description, v, n);
		break;
	case F_LANG:
		wonk_meta_offer(&m->lang, v, n);
		break;
	case F_TAGS:
		if (listed) {
			wonk_meta_append(&m->tags, v, n);
			break;
		}
		/* "tags: a, b" is a list too. */
		for (size_t a = 0; a <= n;) {
			const char *comma = memchr(v + a, ',', n - a);
			size_t b = comma ? (size_t)(comma - v) : n;
			wonk_meta_append(&m->tags, v + a, b - a);
			a = b + 1;
		}
		break;
	}
}

/* A flow list "[a, 'b, c', "d"]"; its items are scalars. */
static void fm_flow(wonk_meta *m, int field, const char *v, size_t n, wonk_buf *tmp)
{
	size_t i = 1;
	while (i < n) {
		while (i < n && is_ws((unsigned char)v[i]))
			i++;
		if (i >= n || v[i] == ']')
			break;
		size_t a = i;
		if (v[i] == '"' || v[i] == '\'') {
			char q = v[i];
			for (i++; i < n && v[i] != q; i++)
				if (q == '"' && v[i] == '\\' && i + 1 < n)
					i++;
			if (i < n)
				i++;
		}
		while (i < n && v[i] != ',' && v[i] != ']')
			i++;
		fm_scalar(m, field, v + a, i - a, 1, tmp);
		if (i < n && v[i] == ',')
			i++;
	}
}

/* A key at the start of a line: "key:" (YAML) or "key =" (TOML), the
 * key possibly quoted.  Returns the offset of the value, or 0. */
static size_t fm_key(const char *s, size_t n, int toml, const char **key, size_t *klen)
{
	size_t i = 0;
	char q = 0;
	if (n && (s[0] == '"' || s[0] == '\''))
		q = s[i++];
	size_t a = i;
	while (i < n && (is_alnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '-' ||
			 s[i] == '.' || (q && s[i] != q)))
		i++;
	if (i == a)
		return 0;
	*key = s + a;
	*klen = i - a;
	if (q) {
		if (i >= n || s[i] != q)
			return 0;
		i++;
	}
	while (i < n && is_blank((unsigned char)s[i]))
		i++;
	if (i >= n || s[i] != (toml ? '=' : ':'))
		return 0;
	i++;
	if (!toml && i < n && !is_blank((unsigned char)s[i]))
		return 0; /* "http://x" is not a key */
	return i;
}

/* Reads front matter at the start of buf; returns how many bytes it
 * takes (0: there is none, and the text is all body). */
static size_t front_matter(const char *buf, size_t len, wonk_meta *m)
{
	size_t eol = 0;
	while (eol < len && buf[eol] != '\n')
		eol++;
	size_t first = rtrim(buf, eol);
	int toml;
	if (first == 3 && memcmp(buf, "---", 3) == 0)
		toml = 0;
	else if (first == 3 && memcmp(buf, "+++", 3) == 0)
		toml = 1;
	else
		return 0;

	/* Find the closing line, and check the first line in between is a
	 * key, so that a document opening with a rule is not eaten. */
	size_t body = eol + 1, end = NONE, next = NONE;
	int checked = 0;
	for (size_t p = body; p < len;) {
		size_t e = p;
		while (e < len && buf[e] != '\n')
			e++;
		size_t ln = rtrim(buf + p, e - p);
		if (ln == 3 && (toml ? memcmp(buf + p, "+++", 3) == 0
				     : memcmp(buf + p, "---", 3) == 0 ||
					       memcmp(buf + p, "...", 3) == 0)) {
			end = p;
			next = e < len ? e + 1 : len;
			break;
		}
		if (!checked && ln > 0 && buf[p] != '#') {
			const char *k;
			size_t kl;
			if (!fm_key(buf + p, ln, toml, &k, &kl) && !(toml && buf[p] == '['))
				return 0;
			checked = 1;
		}
		p = e + 1;
	}
	if (end == NONE)
		return 0;

	wonk_buf tmp = {0}, block = {0};
	int field = F_NONE, pending = 0, folded = 0, in_table = 0;
	for (size_t p = body; p < end;) {
		size_t e = p;
		while (e < end && buf[e] != '\n')
			e++;
		const char *s = buf + p;
		size_t n = rtrim(s, e - p), cols, i = skip_indent(s, n, &cols);
		p = e + 1;
		if (folded) {
			if (n == 0 || cols > 0) {
				putc1(&block, ' ');
				put(&block, s + i, n - i);
				continue;
			}
			if (!block.failed && block.len)
				fm_apply(m, field, block.data, block.len, 0);
			block.len = 0;
			folded = 0;
		}
		if (i >= n || s[i] == '#')
			continue;
		const char *key;
		size_t klen, v;
		if (cols == 0 && !(s[0] == '-' && (n == 1 || is_blank((unsigned char)s[1])))) {
			pending = 0;
			if (toml && s[0] == '[') {
				in_table = 1; /* keys of a [section] are not the page's */
				continue;
			}
			v = fm_key(s, n, toml, &key, &klen);
			if (!v || in_table) {
				field = F_NONE;
				continue;
			}
			field = fm_field(key, klen);
			if (field == F_NONE)
				continue;
			while (v < n && is_blank((unsigned char)s[v]))
				v++;
			if (v == n) {
				pending = 1; /* a block list or mapping follows */
			} else if (s[v] == '[') {
				fm_flow(m, field, s + v, n - v, &tmp);
			} else if (!toml && (s[v] == '>' || s[v] == '|')) {
				folded = 1;
				block.len = 0;
			} else {
				fm_scalar(m, field, s + v, n - v, 0, &tmp);
			}
			continue;
		}
		if (!pending)
			continue;
		/* Under a key: "- item", "- name: X" or "name: X". */
		const char *t = s + i;
		size_t tn = n - i;
		int item = t[0] == '-' && (tn == 1 || is_blank((unsigned char)t[1]));
		if (item) {
			t++, tn--;
			while (tn && is_blank((unsigned char)*t))
				t++, tn--;
		}
		if ((v = fm_key(t, tn, 0, &key, &klen)) != 0) {
			if (klen == 4 && strncasecmp(key, "name", 4) == 0)
				fm_scalar(m, field, t + v, tn - v, 1, &tmp);
		} else if (item) {
			fm_scalar(m, field, t, tn, 1, &tmp);
		}
	}
	if (folded && !block.failed && block.len)
		fm_apply(m, field, block.data, block.len, 0);
	wonk_buf_free(&tmp);
	wonk_buf_free(&block);
	return next;
}

/* ------------------------------------------------------------ output */

/* The body as the interface promises it: valid UTF-8, and no NUL inside
 * (a C string reader would stop there): U+FFFD stands in for both. */
static char *finish_body(wonk_buf *b, size_t *len)
{
	if (b->failed)
		return NULL;
	if (!b->data) {
		*len = 0;
		return calloc(1, 1);
	}
	char *s = b->data;
	size_t n = b->len;
	if (!wonk_utf8_valid(s, n)) {
		s = wonk_utf8_repair(b->data, b->len, &n);
		if (!s)
			return NULL;
		wonk_buf_free(b);
	} else {
		b->data = NULL;
		wonk_buf_free(b);
	}
	if (memchr(s, '\0', n)) {
		wonk_buf r = {0};
		size_t run = 0;
		for (size_t i = 0; i < n; i++)
			if (s[i] == '\0') {
				put(&r, s + run, i - run);
				put(&r, "\xEF\xBF\xBD", 3);
				run = i + 1;
			}
		put(&r, s + run, n - run);
		free(s);
		if (r.failed) {
			wonk_buf_free(&r);
			return NULL;
		}
		s = r.data;
		n = r.len;
	}
	*len = n;
	return s;
}

wonk_status wonk_extract_markdown(const char *buf, size_t len,
				  wonk_document *doc, char **err)
{
	memset(doc, 0, sizeof *doc);
	*err = NULL;
	if (!buf)
		len = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		buf += 3, len -= 3;

	md m = {.meta = &doc->meta};
	size_t i = len ? front_matter(buf, len, &doc->meta) : 0;
	collect_labels(buf + i, len - i, &m.refs);
	while (i < len) {
		size_t e = i;
		while (e < len && buf[e] != '\n' && buf[e] != '\r')
			e++;
		md_line(&m, buf + i, e - i);
		if (e < len && buf[e] == '\r' && e + 1 < len && buf[e + 1] == '\n')
			e++;
		i = e + 1;
		if (m.out.failed || m.para.failed || m.tmp.failed)
			break;
	}
	flush(&m);
	int failed = m.out.failed || m.para.failed || m.tmp.failed;
	wonk_buf_free(&m.para);
	wonk_buf_free(&m.tmp);
	labels_free(&m.refs);
	if (!failed)
		doc->body = finish_body(&m.out, &doc->body_len);
	wonk_buf_free(&m.out);
	if (!doc->body) {
		wonk_meta_clear(&doc->meta);
		memset(doc, 0, sizeof *doc);
		*err = wonk_strdup_printf("%s", "out of memory");
		return WONK_ERR_NO_MEMORY;
	}
	doc->type = "markdown";
	return WONK_OK;
}
