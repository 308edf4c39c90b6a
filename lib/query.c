/*
 * query.c - the query parser: query text to a wonk_qnode tree.
 *
 * The language (also in wonk-search --help and wonk-search(1)):
 *   words           ranked, matched in any inflection; a passage needs only
 *                   some of them.  A hyphenated word ("Jong-un") is its
 *                   parts, as words.
 *   "a phrase"      required, word for word (a quoted single word is exact:
 *                   "Maine" does not find "main").
 *   +word  -word    required / excluded (also -"phrase", -field:value).
 *   a AND b, a OR b, a NOT b, ( ... )
 *                   precedence NOT = AND > OR, left to right; a clause
 *                   with AND, NOT or NEAR is required, an OR clause ranks
 *                   like words.  NOT at the start of a clause excludes.
 *                   Lowercase and/or/not are words.
 *   a NEAR/n b      a and b within n words of each other, either order
 *                   (NEAR alone: 10).
 *   pre*            words starting with "pre" (bounded expansion).
 *   title: author: source: type: tag:
 *                   fields; the value is a word or a "quoted value"
 *                   (all its words must be in the field).
 *   year:1890..1930  year:1905  date:2022-02-24..  date:..2016
 *                   ranges, either end open; dates are YYYY, YYYY-MM or
 *                   YYYY-MM-DD.
 * A query's clauses (space separated) combine as:
 *   AND_NOT(AND_MAYBE(AND(required), OR(optional)), excluded...).
 *
 * Degrading gracefully, with a note: an unbalanced quote runs to the end of
 * the query; an unclosed parenthesis closes at the end; an unmatched ')' is
 * ignored.  Errors, with the character position: an operator with nothing
 * on one side, NEAR/0 or NEAR/x, an unknown field, a field without a
 * value, a bad range or date, an unknown type, more than 256 words.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "layout.h"
#include "meta.h"
#include "query.h"
#include "util.h"

/* More query words than this is a mistake (a pasted document), not a query. */
#define WONK_MAX_QUERY_TERMS 256
/* NEAR without a distance. */
#define WONK_NEAR_DEFAULT 10
/* Parentheses nested deeper than this are refused (the parser recurses). */
#define WONK_MAX_QUERY_DEPTH 100

/* ----------------------------------------------------------- nodes */

static wonk_qnode *node_new(wonk_qop op)
{
	wonk_qnode *n = calloc(1, sizeof *n);
	if (n)
		n->op = op;
	return n;
}

void wonk_qnode_free(wonk_qnode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->nkids; i++)
		wonk_qnode_free(n->kids[i]);
	free(n->kids);
	free(n->stem);
	free(n->form);
	free(n->lo);
	free(n->hi);
	free(n);
}

int wonk_qnode_add(wonk_qnode *parent, wonk_qnode *kid)
{
	if (!kid)
		return -1;
	wonk_qnode **k = realloc(parent->kids, (parent->nkids + 1) * sizeof *k);
	if (!k) {
		wonk_qnode_free(kid);
		return -1;
	}
	parent->kids = k;
	parent->kids[parent->nkids++] = kid;
	return 0;
}

wonk_qnode *wonk_qnode_join(wonk_qop op, wonk_qnode *a, wonk_qnode *b)
{
	wonk_qnode *n = node_new(op);
	if (!n) {
		wonk_qnode_free(a);
		wonk_qnode_free(b);
		return NULL;
	}
	if (wonk_qnode_add(n, a) < 0) {
		wonk_qnode_free(b);
		wonk_qnode_free(n);
		return NULL;
	}
	if (wonk_qnode_add(n, b) < 0) {
		wonk_qnode_free(n);
		return NULL;
	}
	return n;
}

/* Reduces a one-child OR/AND to the child, an empty one to NULL. */
static wonk_qnode *simplify(wonk_qnode *n)
{
	if (!n)
		return NULL;
	if (n->nkids == 0) {
		wonk_qnode_free(n);
		return NULL;
	}
	if (n->nkids == 1 && (n->op == WONK_Q_OR || n->op == WONK_Q_AND)) {
		wonk_qnode *k = n->kids[0];
		n->nkids = 0;
		wonk_qnode_free(n);
		return k;
	}
	return n;
}

/* ---------------------------------------------------------- the parser */

typedef struct parser {
	wonk_analyzer *a;
	const char *text;
	const char *p;          /* the next unread byte */
	size_t nterms;
	int depth;
	char *err;              /* the first error, malloc'ed */
	size_t err_at;          /* its character, from 1; 0: no one place */
	int oom;
	char *note;
} parser;

/* The 1-based character (not byte) position of s in the query. */
static size_t char_pos(const parser *ps, const char *s)
{
	size_t n = 1;
	for (const char *q = ps->text; q < s; q++)
		if (((unsigned char)*q & 0xC0) != 0x80)
			n++;
	return n;
}

static void fail(parser *ps, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void fail(parser *ps, const char *at, const char *fmt, ...)
{
	if (ps->err || ps->oom)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *what = wonk_strdup_vprintf(fmt, ap);
	va_end(ap);
	if (!what) {
		ps->oom = 1;
		return;
	}
	ps->err_at = at ? char_pos(ps, at) : 0;
	ps->err = at ? wonk_strdup_printf("character %zu: %s", ps->err_at, what)
		     : wonk_strdup_printf("%s", what);
	free(what);
	if (!ps->err)
		ps->oom = 1;
}

static void add_note(parser *ps, const char *at, const char *what)
{
	if (ps->note)
		return;
	ps->note = wonk_strdup_printf("character %zu: %s", char_pos(ps, at), what);
}

static int failed(const parser *ps)
{
	return ps->err || ps->oom;
}

/* Query "white space": spaces and every control character, so that a
 * pasted tab or escape never becomes part of a word. */
static int is_space(unsigned char c)
{
	return c <= ' ' || c == 0x7f;
}

static void skip_space(parser *ps)
{
	while (*ps->p && is_space((unsigned char)*ps->p))
		ps->p++;
}

typedef enum tok_kind {
	TK_END, TK_WORD, TK_PHRASE, TK_LPAREN, TK_RPAREN,
	TK_AND, TK_OR, TK_NOT, TK_NEAR, TK_PLUS, TK_MINUS,
} tok_kind;

typedef struct token {
	tok_kind kind;
	const char *s;     /* where it starts in the query */
	const char *v;     /* WORD / PHRASE: the text, without quotes */
	size_t vlen;
	unsigned near;     /* NEAR: the distance */
} token;

/* A bare chunk runs to white space, a parenthesis or a quote. */
static size_t chunk_len(const char *s)
{
	size_t n = 0;
	while (s[n] && !is_space((unsigned char)s[n]) && s[n] != '(' && s[n] != ')' &&
	       s[n] != '"')
		n++;
	return n;
}

/* Reads the next token without consuming it (lex) or consuming it (next).
 * after_mod: the previous token was + or -, so AND/OR/NOT are words. */
static token lex(parser *ps, int after_mod)
{
	skip_space(ps);
	const char *s = ps->p;
	token t = {TK_END, s, NULL, 0, 0};
	if (!*s)
		return t;
	if (*s == '(' || *s == ')') {
		t.kind = *s == '(' ? TK_LPAREN : TK_RPAREN;
		return t;
	}
	if (*s == '"') {
		t.kind = TK_PHRASE;
		t.v = s + 1;
		const char *close = strchr(s + 1, '"');
		t.vlen = close ? (size_t)(close - s - 1) : strlen(s + 1);
		return t;
	}
	if ((*s == '+' || *s == '-') && s[1] && !is_space((unsigned char)s[1]) && s[1] != ')') {
		t.kind = *s == '+' ? TK_PLUS : TK_MINUS;
		return t;
	}
	size_t n = chunk_len(s);
	t.kind = TK_WORD;
	t.v = s;
	t.vlen = n;
	if (after_mod)
		return t;
	if (n == 3 && !strncmp(s, "AND", 3))
		t.kind = TK_AND;
	else if (n == 2 && !strncmp(s, "OR", 2))
		t.kind = TK_OR;
	else if (n == 3 && !strncmp(s, "NOT", 3))
		t.kind = TK_NOT;
	else if (n >= 4 && !strncmp(s, "NEAR", 4) && (n == 4 || s[4] == '/')) {
		t.kind = TK_NEAR;
		t.near = WONK_NEAR_DEFAULT;
		if (n > 4) {
			unsigned long d = 0;
			size_t i = 5;
			for (; i < n && isdigit((unsigned char)s[i]) && d < 100000; i++)
				d = d * 10 + (unsigned long)(s[i] - '0');
			if (i == 5 || i < n) {
				fail(ps, s, "'%.*s': NEAR/n needs a number of words", (int)n, s);
				t.near = 0;
			} else if (d == 0) {
				fail(ps, s, "NEAR/0: the distance must be at least 1 word");
			} else {
				t.near = d > 1000 ? 1000 : (unsigned)d;
			}
		}
	}
	return t;
}

/* Consumes the token lexed at ps->p. */
static void consume(parser *ps, const token *t)
{
	switch (t->kind) {
	case TK_END: break;
	case TK_LPAREN: case TK_RPAREN: case TK_PLUS: case TK_MINUS:
		ps->p = t->s + 1;
		break;
	case TK_PHRASE:
		ps->p = t->v + t->vlen;
		if (*ps->p == '"')
			ps->p++;
		else
			add_note(ps, t->s, "unbalanced quote: the phrase runs to the end of the query");
		break;
	default:
		ps->p = t->s + chunk_len(t->s);
		break;
	}
}

/* ------------------------------------------------------------- words */

typedef struct collect_ctx {
	parser *ps;
	const char *base;    /* where the analysed text starts in the query */
	wonk_qnode *into;
	const char *prefix;  /* FILTER: the term prefix; NULL: body TERMs */
	int use_form;        /* FILTER: the folded form rather than the stem */
	wonk_buf *joined;    /* when set, forms are gathered here */
} collect_ctx;

static int collect_term(void *vctx, const wonk_token *tok)
{
	collect_ctx *c = vctx;
	parser *ps = c->ps;
	if (++ps->nterms > WONK_MAX_QUERY_TERMS) {
		fail(ps, NULL, "query too long: more than %d words", WONK_MAX_QUERY_TERMS);
		return 1;
	}
	if (c->joined) {
		if (c->joined->len)
			wonk_buf_append(c->joined, " ", 1);
		wonk_buf_append(c->joined, tok->form, tok->form_len);
		return 0;
	}
	wonk_qnode *t = node_new(c->prefix ? WONK_Q_FILTER : WONK_Q_TERM);
	if (!t)
		goto oom;
	if (c->prefix) {
		const char *w = c->use_form ? tok->form : tok->stem;
		t->stem = wonk_strdup_printf("%s%s", c->prefix, w);
		if (!t->stem)
			goto oom;
	} else if (!(t->stem = wonk_strndup(tok->stem, tok->stem_len)) ||
		   !(t->form = wonk_strndup(tok->form, tok->form_len))) {
		goto oom;
	}
	if (c->base) {
		t->qstart = (size_t)(c->base - ps->text) + tok->start;
		t->qend = (size_t)(c->base - ps->text) + tok->end;
	}
	if (wonk_qnode_add(c->into, t) < 0) {
		t = NULL;
		goto oom;
	}
	return 0;
oom:
	wonk_qnode_free(t);
	ps->oom = 1;
	return 1;
}

/* Analyses s[0, n) into the kids of into. */
static void analyse_into(parser *ps, const char *s, size_t n, wonk_qnode *into,
			 const char *prefix, int use_form)
{
	collect_ctx c = {ps, s, into, prefix, use_form, NULL};
	if (wonk_analyze(ps->a, s, n, 0, collect_term, &c, NULL) < 0)
		ps->oom = 1;
}

/* A bare word: one TERM, or, when the analyzer splits it (Jong-un,
 * COVID-19, Moscow-Pyongyang), its parts as words that rank: texts join
 * and split such words in too many ways ("Il-76" and "IL 76", "Moscow and
 * Pyongyang") for a phrase to be the safe reading.  Quote it for one. */
static wonk_qnode *word_node(parser *ps, const char *s, size_t n)
{
	wonk_qnode *or = node_new(WONK_Q_OR);
	if (!or) {
		ps->oom = 1;
		return NULL;
	}
	analyse_into(ps, s, n, or, NULL, 0);
	if (failed(ps)) {
		wonk_qnode_free(or);
		return NULL;
	}
	return simplify(or);
}

static wonk_qnode *phrase_node(parser *ps, const char *s, size_t n)
{
	wonk_qnode *ph = node_new(WONK_Q_PHRASE);
	if (!ph) {
		ps->oom = 1;
		return NULL;
	}
	ph->exact = 1;
	analyse_into(ps, s, n, ph, NULL, 0);
	if (failed(ps) || ph->nkids == 0) {
		wonk_qnode_free(ph);
		return NULL;
	}
	return ph;
}

static wonk_qnode *prefix_node(parser *ps, const char *at, const char *s, size_t n)
{
	wonk_qnode *tmp = node_new(WONK_Q_AND);
	if (!tmp) {
		ps->oom = 1;
		return NULL;
	}
	analyse_into(ps, s, n, tmp, NULL, 0);
	wonk_qnode *out = NULL;
	if (!failed(ps)) {
		if (tmp->nkids != 1) {
			if (tmp->nkids > 1)
				fail(ps, at, "'%.*s*': a prefix search takes one word", (int)n, s);
		} else if (!(out = node_new(WONK_Q_PREFIX))) {
			ps->oom = 1;
		} else {
			out->form = tmp->kids[0]->form;
			tmp->kids[0]->form = NULL;
		}
	}
	wonk_qnode_free(tmp);
	return out;
}

/* ------------------------------------------------------------ fields */

static const char *const field_names[] = {
	"title", "author", "source", "type", "tag", "year", "date",
};

static int known_field(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof field_names / sizeof field_names[0]; i++)
		if (strlen(field_names[i]) == n && strncasecmp(s, field_names[i], n) == 0)
			return (int)i;
	return -1;
}

/* A year bound: 1 to 4 digits. */
static int valid_year(const char *s, size_t n)
{
	if (n == 0 || n > 4)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A date bound: exactly YYYY, YYYY-MM or YYYY-MM-DD, and a real date. */
static int valid_date(const char *s, size_t n)
{
	if (n != 4 && n != 7 && n != 10)
		return 0;
	char *iso = wonk_date_iso(s, n);
	int ok = iso && strlen(iso) == n && strncmp(iso, s, n) == 0;
	free(iso);
	return ok;
}

/* year:A..B and date:A..B; either end may be missing, one value is both. */
static wonk_qnode *range_node(parser *ps, const char *at, int is_year, const char *v,
			      size_t n)
{
	const char *dots = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (v[i] == '.' && v[i + 1] == '.') {
			dots = v + i;
			break;
		}
	const char *lo = v, *hi = dots ? dots + 2 : v;
	size_t lon = dots ? (size_t)(dots - v) : n;
	size_t hin = dots ? n - (size_t)(hi - v) : n;
	const char *what = is_year ? "year" : "date";
	int (*valid)(const char *, size_t) = is_year ? valid_year : valid_date;
	if ((lon && !valid(lo, lon)) || (hin && !valid(hi, hin)) || (!lon && !hin)) {
		fail(ps, at, "bad %s range '%.*s': want %s", what, (int)n, v,
		     is_year ? "YEAR, FROM..TO, FROM.. or ..TO (e.g. 1890..1930)"
			     : "DATE, FROM..TO, FROM.. or ..TO with dates as YYYY, YYYY-MM or "
			       "YYYY-MM-DD (e.g. 2022-02-24..)");
		return NULL;
	}
	wonk_qnode *r = node_new(WONK_Q_RANGE);
	if (!r) {
		ps->oom = 1;
		return NULL;
	}
	r->slot = WONK_SLOT_DATE;
	/* Years are four digits of a date; an upper bound takes in
	 * everything it is a prefix of ("..2016" includes 2016-12-31). */
	if (lon)
		r->lo = is_year ? wonk_strdup_printf("%04d", atoi(lo))
				: wonk_strndup(lo, lon);
	if (hin)
		r->hi = is_year ? wonk_strdup_printf("%04d\xff", atoi(hi))
				: wonk_strdup_printf("%.*s\xff", (int)hin, hi);
	if ((lon && !r->lo) || (hin && !r->hi)) {
		wonk_qnode_free(r);
		ps->oom = 1;
		return NULL;
	}
	if (r->lo && r->hi && strcmp(r->lo, r->hi) > 0) {
		fail(ps, at, "empty %s range '%.*s': the start is after the end", what, (int)n, v);
		wonk_qnode_free(r);
		return NULL;
	}
	return r;
}

static const char *const types[] = {"text", "html", "markdown", "json"};

/* field:value as a FILTER (or an AND of them: every word of the value
 * must be in the field) or a RANGE. */
static wonk_qnode *field_node(parser *ps, const char *at, int field, const char *v, size_t n)
{
	const char *name = field_names[field];
	if (n == 0) {
		fail(ps, at, "%s: needs a value", name);
		return NULL;
	}
	if (!strcmp(name, "year") || !strcmp(name, "date"))
		return range_node(ps, at, !strcmp(name, "year"), v, n);
	wonk_qnode *and = node_new(WONK_Q_AND);
	if (!and) {
		ps->oom = 1;
		return NULL;
	}
	if (!strcmp(name, "type")) {
		size_t i = 0;
		for (; i < sizeof types / sizeof types[0]; i++)
			if (strlen(types[i]) == n && strncasecmp(v, types[i], n) == 0)
				break;
		if (i == sizeof types / sizeof types[0]) {
			fail(ps, at, "unknown type '%.*s' (text, html, markdown or json)", (int)n, v);
		} else {
			wonk_qnode *f = node_new(WONK_Q_FILTER);
			if (!f || !(f->stem = wonk_strdup_printf(WONK_PREFIX_TYPE "%s", types[i])) ||
			    wonk_qnode_add(and, f) < 0) {
				if (f && !f->stem)
					wonk_qnode_free(f);
				ps->oom = 1;
			}
		}
	} else if (!strcmp(name, "tag")) {
		wonk_buf joined = {0};
		wonk_buf_append(&joined, "", 0);
		collect_ctx c = {ps, NULL, and, NULL, 1, &joined};
		if (wonk_analyze(ps->a, v, n, 0, collect_term, &c, NULL) < 0 || joined.failed)
			ps->oom = 1;
		if (!failed(ps) && joined.len) {
			wonk_qnode *f = node_new(WONK_Q_FILTER);
			if (!f || !(f->stem = wonk_strdup_printf(WONK_PREFIX_TAG "%.*s",
								  (int)joined.len, joined.data)) ||
			    wonk_qnode_add(and, f) < 0) {
				if (f && !f->stem)
					wonk_qnode_free(f);
				ps->oom = 1;
			}
		}
		wonk_buf_free(&joined);
	} else {
		const char *prefix = !strcmp(name, "title") ? WONK_PREFIX_TITLE
				   : !strcmp(name, "author") ? WONK_PREFIX_AUTHOR
				   : WONK_PREFIX_SOURCE;
		analyse_into(ps, v, n, and, prefix, strcmp(name, "title") != 0);
	}
	if (failed(ps)) {
		wonk_qnode_free(and);
		return NULL;
	}
	if (and->nkids == 0) {
		fail(ps, at, "%s: '%.*s' holds no word to look for", name, (int)n, v);
		wonk_qnode_free(and);
		return NULL;
	}
	return simplify(and);
}

/* ----------------------------------------------------------- grammar */

/* A primary's node, and whether it asks to be required in its clause. */
typedef struct item {
	wonk_qnode *node;
	int required;
} item;

static item parse_group(parser *ps, int nested);

/* True when every kid of n only selects by metadata. */
static int all_filters(const wonk_qnode *n)
{
	if (n->op == WONK_Q_FILTER || n->op == WONK_Q_RANGE)
		return 1;
	if (n->op != WONK_Q_AND && n->op != WONK_Q_OR)
		return 0;
	for (size_t i = 0; i < n->nkids; i++)
		if (!all_filters(n->kids[i]))
			return 0;
	return n->nkids > 0;
}

/* primary := WORD | WORD* | "phrase" | field:value | '(' group ')' */
static item parse_primary(parser *ps, int after_mod)
{
	item it = {NULL, 0};
	token t = lex(ps, after_mod);
	if (failed(ps))
		return it;
	switch (t.kind) {
	case TK_PHRASE:
		consume(ps, &t);
		it.node = phrase_node(ps, t.v, t.vlen);
		it.required = 1;
		return it;
	case TK_LPAREN: {
		consume(ps, &t);
		if (++ps->depth > WONK_MAX_QUERY_DEPTH) {
			fail(ps, t.s, "parentheses nested more than %d deep", WONK_MAX_QUERY_DEPTH);
			return it;
		}
		it = parse_group(ps, 1);
		ps->depth--;
		skip_space(ps);
		if (*ps->p == ')')
			ps->p++;
		else if (!failed(ps))
			add_note(ps, t.s, "unclosed '(': closed at the end of the query");
		return it;
	}
	case TK_WORD: {
		consume(ps, &t);
		const char *colon = memchr(t.v, ':', t.vlen);
		if (colon && colon > t.v) {
			size_t nlen = (size_t)(colon - t.v);
			int f = known_field(t.v, nlen);
			const char *val = colon + 1;
			size_t vlen = t.vlen - nlen - 1;
			int quoted = vlen == 0 && *ps->p == '"';
			if (quoted) {
				token q = lex(ps, 0);
				consume(ps, &q);
				val = q.v;
				vlen = q.vlen;
			}
			int alpha = 1;
			for (size_t i = 0; i < nlen; i++)
				alpha &= isalpha((unsigned char)t.v[i]) != 0;
			if (f >= 0) {
				it.node = field_node(ps, t.s, f, val, vlen);
				it.required = 1;
				return it;
			}
			/* "word:" alone and URLs are text; name:value is a field. */
			if (alpha && (vlen > 0 || quoted) && !(vlen >= 2 && !strncmp(val, "//", 2))) {
				fail(ps, t.s, "unknown field '%.*s:' (fields: title, author, source, "
				     "type, tag, year, date)", (int)nlen, t.v);
				return it;
			}
		}
		if (t.vlen > 1 && t.v[t.vlen - 1] == '*') {
			size_t n = t.vlen;
			while (n > 0 && t.v[n - 1] == '*')
				n--;
			it.node = prefix_node(ps, t.s, t.v, n);
			return it;
		}
		it.node = word_node(ps, t.v, t.vlen);
		return it;
	}
	default:
		return it; /* the caller reports what is missing */
	}
}

static const char *op_name(tok_kind k)
{
	return k == TK_AND ? "AND" : k == TK_OR ? "OR" : k == TK_NOT ? "NOT" : "NEAR";
}

/* Reports a binary operator with nothing after it. */
static int need_right(parser *ps, const token *op)
{
	token r = lex(ps, 0);
	if (r.kind == TK_END || r.kind == TK_RPAREN || r.kind == TK_AND || r.kind == TK_OR ||
	    r.kind == TK_NEAR) {
		fail(ps, op->s, "'%s' has nothing after it", op_name(op->kind));
		return 0;
	}
	return 1;
}

/* Adds a NEAR operand's terms (a phrase or a split word gives its words). */
static int near_take(parser *ps, wonk_qnode *near, wonk_qnode *n)
{
	if (n->op == WONK_Q_TERM)
		return wonk_qnode_add(near, n) < 0 ? (ps->oom = 1, -1) : 0;
	int flat = n->op == WONK_Q_PHRASE || n->op == WONK_Q_OR;
	for (size_t i = 0; flat && i < n->nkids; i++)
		flat = n->kids[i]->op == WONK_Q_TERM;
	if (flat) {
		for (size_t i = 0; i < n->nkids; i++) {
			if (wonk_qnode_add(near, n->kids[i]) < 0) {
				n->nkids = 0;
				wonk_qnode_free(n);
				ps->oom = 1;
				return -1;
			}
			n->kids[i] = NULL;
		}
		n->nkids = 0;
		wonk_qnode_free(n);
		return 0;
	}
	fail(ps, NULL, "NEAR joins words and phrases only");
	wonk_qnode_free(n);
	return -1;
}

/* near := primary (NEAR primary)* */
static item parse_near(parser *ps, int after_mod)
{
	item left = parse_primary(ps, after_mod);
	for (;;) {
		if (failed(ps))
			break;
		token t = lex(ps, 0);
		if (t.kind != TK_NEAR || failed(ps))
			break;
		consume(ps, &t);
		if (!left.node) {
			fail(ps, t.s, "'NEAR' has nothing before it");
			break;
		}
		if (!need_right(ps, &t))
			break;
		item right = parse_primary(ps, 0);
		if (failed(ps) || !right.node) {
			wonk_qnode_free(right.node);
			if (!failed(ps))
				fail(ps, t.s, "'NEAR' has no word after it");
			break;
		}
		wonk_qnode *near = node_new(WONK_Q_NEAR);
		if (!near) {
			ps->oom = 1;
			wonk_qnode_free(right.node);
			break;
		}
		/* Chains (a NEAR b NEAR c) share one window. */
		if (left.node->op == WONK_Q_NEAR) {
			wonk_qnode *old = left.node;
			wonk_qnode_free(near);
			near = old;
		} else if (near_take(ps, near, left.node) < 0) {
			left.node = near;
			wonk_qnode_free(right.node);
			break;
		}
		left.node = near;
		if (near_take(ps, near, right.node) < 0)
			break;
		unsigned w = t.near + (unsigned)near->nkids - 1;
		if (w > near->window)
			near->window = w;
		left.required = 1;
	}
	return left;
}

/* and := near ((AND | NOT) near)* */
static item parse_and(parser *ps, int after_mod)
{
	item left = parse_near(ps, after_mod);
	for (;;) {
		if (failed(ps))
			break;
		token t = lex(ps, 0);
		if ((t.kind != TK_AND && t.kind != TK_NOT) || failed(ps))
			break;
		consume(ps, &t);
		if (!need_right(ps, &t))
			break;
		item right = parse_near(ps, 0);
		if (failed(ps)) {
			wonk_qnode_free(right.node);
			break;
		}
		/* A side that holds no word ("?! AND x") drops out. */
		if (!right.node)
			continue;
		if (!left.node) {
			if (t.kind == TK_NOT) {
				fail(ps, t.s, "'NOT' has nothing before it to take from "
				     "(use -word or NOT at the start of a clause)");
				wonk_qnode_free(right.node);
				break;
			}
			left = right;
			continue;
		}
		if (t.kind == TK_AND && left.node->op == WONK_Q_AND && left.required) {
			if (wonk_qnode_add(left.node, right.node) < 0)
				ps->oom = 1;
		} else {
			left.node = wonk_qnode_join(t.kind == TK_AND ? WONK_Q_AND : WONK_Q_AND_NOT,
						    left.node, right.node);
			if (!left.node)
				ps->oom = 1;
		}
		left.required = 1;
	}
	return left;
}

/* or := and (OR and)* */
static item parse_or(parser *ps, int after_mod)
{
	item left = parse_and(ps, after_mod);
	for (;;) {
		if (failed(ps))
			break;
		token t = lex(ps, 0);
		if (t.kind != TK_OR || failed(ps))
			break;
		consume(ps, &t);
		if (!need_right(ps, &t))
			break;
		item right = parse_and(ps, 0);
		if (failed(ps)) {
			wonk_qnode_free(right.node);
			break;
		}
		if (!right.node)
			continue;
		if (!left.node) {
			left = right;
			left.required = 0;
			continue;
		}
		if (left.node->op == WONK_Q_OR && !left.required) {
			if (wonk_qnode_add(left.node, right.node) < 0)
				ps->oom = 1;
		} else {
			left.node = wonk_qnode_join(WONK_Q_OR, left.node, right.node);
			if (!left.node)
				ps->oom = 1;
		}
		/* An OR clause ranks like words: any side may match. */
		left.required = 0;
	}
	return left;
}

/* group := clause*, each clause [+|-|NOT] or, combined as described at the
 * top; runs to the end, or to ')' when nested. */
static item parse_group(parser *ps, int nested)
{
	wonk_qnode *req = node_new(WONK_Q_AND), *opt = node_new(WONK_Q_OR);
	wonk_qnode *exc = node_new(WONK_Q_OR);
	item out = {NULL, 0};
	if (!req || !opt || !exc) {
		ps->oom = 1;
		goto done;
	}
	for (;;) {
		token t = lex(ps, 0);
		if (failed(ps) || t.kind == TK_END)
			break;
		if (t.kind == TK_RPAREN) {
			if (nested)
				break;
			consume(ps, &t);
			add_note(ps, t.s, "unmatched ')' ignored");
			continue;
		}
		if (t.kind == TK_AND || t.kind == TK_OR || t.kind == TK_NEAR) {
			fail(ps, t.s, "'%s' has nothing before it", op_name(t.kind));
			break;
		}
		int mod = 0; /* +1 required, -1 excluded */
		if (t.kind == TK_PLUS || t.kind == TK_MINUS || t.kind == TK_NOT) {
			consume(ps, &t);
			mod = t.kind == TK_PLUS ? 1 : -1;
			if (t.kind == TK_NOT && !need_right(ps, &t))
				break;
		}
		item it = parse_or(ps, mod != 0 && t.kind != TK_NOT);
		if (failed(ps)) {
			wonk_qnode_free(it.node);
			break;
		}
		if (!it.node)
			continue;
		wonk_qnode *into = mod < 0 ? exc : (mod > 0 || it.required) ? req : opt;
		if (wonk_qnode_add(into, it.node) < 0) {
			ps->oom = 1;
			break;
		}
	}
	if (failed(ps))
		goto done;

	int has_req = req->nkids > 0, has_opt = opt->nkids > 0, has_exc = exc->nkids > 0;
	wonk_qnode *core = NULL;
	if (has_req && has_opt && all_filters(req)) {
		/* Filters narrow what the words find: at least one word must
		 * match, as in "source:brookings tariff". */
		wonk_qnode *words = simplify(opt);
		opt = NULL;
		if (words && wonk_qnode_add(req, words) == 0)
			core = simplify(req);
		else
			wonk_qnode_free(req);
		req = NULL;
	} else if (has_req && has_opt) {
		core = wonk_qnode_join(WONK_Q_AND_MAYBE, simplify(req), simplify(opt));
		req = opt = NULL;
	} else if (has_req) {
		core = simplify(req);
		req = NULL;
	} else if (has_opt) {
		core = simplify(opt);
		opt = NULL;
	}
	if ((has_req || has_opt) && !core) {
		ps->oom = 1;
		goto done;
	}
	if (has_exc) {
		if (!core && !(core = node_new(WONK_Q_ALL))) {
			ps->oom = 1;
			goto done;
		}
		wonk_qnode *an = node_new(WONK_Q_AND_NOT);
		if (!an || wonk_qnode_add(an, core) < 0) {
			if (!an)
				wonk_qnode_free(core);
			wonk_qnode_free(an);
			ps->oom = 1;
			goto done;
		}
		for (size_t i = 0; i < exc->nkids; i++)
			if (wonk_qnode_add(an, exc->kids[i]) < 0) {
				for (size_t j = i + 1; j < exc->nkids; j++)
					wonk_qnode_free(exc->kids[j]);
				exc->nkids = 0;
				wonk_qnode_free(an);
				ps->oom = 1;
				goto done;
			}
		exc->nkids = 0;
		core = an;
	}
	out.node = core;
	out.required = has_req || has_exc;
done:
	wonk_qnode_free(req);
	wonk_qnode_free(opt);
	wonk_qnode_free(exc);
	return out;
}

int wonk_query_parse(wonk_analyzer *a, const char *text, wonk_query *q, char **err,
		     size_t *pos)
{
	memset(q, 0, sizeof *q);
	*err = NULL;
	if (pos)
		*pos = 0;
	parser ps = {.a = a, .text = text, .p = text};
	item it = parse_group(&ps, 0);
	if (failed(&ps)) {
		wonk_qnode_free(it.node);
		free(ps.note);
		*err = ps.err;
		if (pos)
			*pos = ps.err_at;
		return -1;
	}
	q->root = it.node;
	q->note = ps.note;
	return 0;
}

void wonk_query_clear(wonk_query *q)
{
	wonk_qnode_free(q->root);
	free(q->note);
	memset(q, 0, sizeof *q);
}

wonk_qnode *wonk_query_field(wonk_analyzer *a, const char *field, const char *value,
			     char **err)
{
	*err = NULL;
	parser ps = {.a = a, .text = value, .p = value};
	int f = field ? known_field(field, strlen(field)) : -1;
	if (f < 0) {
		*err = wonk_strdup_printf("unknown field '%s' (title, author, source, type, tag, "
					  "year, date)", field ? field : "");
		return NULL;
	}
	wonk_qnode *n = field_node(&ps, NULL, f, value, strlen(value));
	if (!n) {
		*err = ps.err;
		return NULL;
	}
	return n;
}

/* Does the tree need positions: a phrase of several words, or a NEAR? */
static int positional(const wonk_qnode *n)
{
	if ((n->op == WONK_Q_PHRASE && n->nkids > 1) || n->op == WONK_Q_NEAR)
		return 1;
	for (size_t i = 0; i < n->nkids; i++)
		if (positional(n->kids[i]))
			return 1;
	return 0;
}

/* Is the tree made of words only (nothing a passage's text cannot tell)? */
static int textual(const wonk_qnode *n)
{
	if (n->op == WONK_Q_FILTER || n->op == WONK_Q_RANGE || n->op == WONK_Q_ALL)
		return 0;
	for (size_t i = 0; i < n->nkids; i++)
		if (!textual(n->kids[i]))
			return 0;
	return 1;
}

int wonk_query_has_phrase(wonk_qnode *n)
{
	if (!n)
		return 0;
	int has = (n->op == WONK_Q_PHRASE && n->exact) || n->op == WONK_Q_NEAR;
	for (size_t i = 0; i < n->nkids; i++) {
		if (n->op == WONK_Q_AND_NOT && i > 0)
			n->kids[i]->checked = positional(n->kids[i]) && textual(n->kids[i]);
		has |= wonk_query_has_phrase(n->kids[i]);
	}
	return has;
}
