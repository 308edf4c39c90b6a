/*
 * html_meta.c - what a page says about itself: title, authors, date, site,
 * canonical URL, description and language.
 *
 * One pass over the tree collects every candidate (Open Graph and other
 * <meta> tags, <link rel=canonical>, JSON-LD, <title>, <h1>, <time>,
 * bylines); then each field takes its sources in a fixed order of trust,
 * most explicit first, and the first that gives a usable value wins.
 * Dates are kept only when wonk_date_iso can read them, so a garbled
 * higher-priority date falls through to the next source.
 *
 * JSON-LD is read with cJSON: a top-level object, an array of objects, or
 * an "@graph" array, looking only at those objects (never deeper, so a
 * hostile blob costs no more than cJSON's own bounded parse).  Article
 * types are preferred to the WebPage/WebSite objects beside them.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "html.h"
#include "meta.h"
#include "util.h"

const char *wonk_html_attr(const GumboNode *n, const char *name)
{
	if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE)
		return NULL;
	const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
	return a ? a->value : NULL;
}

int wonk_html_contains(const char *s, const char *needle)
{
	size_t n = strlen(needle);
	for (; *s; s++)
		if (strncasecmp(s, needle, n) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------- helpers */

/* The text of the subtree at node i, blocks and inline runs joined by
 * spaces (wonk_meta_clean collapses them). */
static void subtree_text(const wonk_html_tree *t, uint32_t i, wonk_buf *out)
{
	for (uint32_t j = i; j < t->nodes[i].end; j++) {
		const wonk_html_node *n = &t->nodes[j];
		if (n->tag == GUMBO_TAG_SCRIPT || n->tag == GUMBO_TAG_STYLE ||
		    n->type == GUMBO_NODE_TEMPLATE) {
			j = n->end - 1;
			continue;
		}
		if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
		    n->type == GUMBO_NODE_WHITESPACE) {
			const char *s = n->g->v.text.text;
			wonk_buf_append(out, s, strlen(s));
		} else if (n->type == GUMBO_NODE_ELEMENT) {
			wonk_buf_append(out, " ", 1);
		}
	}
}

static char *clean_text(const wonk_html_tree *t, uint32_t i)
{
	wonk_buf b = {0};
	subtree_text(t, i, &b);
	char *r = b.failed ? NULL : wonk_meta_clean(b.data, b.len);
	wonk_buf_free(&b);
	return r;
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		const char *e = p;
		while (*e && *e != ' ' && *e != '\t' && *e != '\n')
			e++;
		if ((size_t)(e - p) == n && strncasecmp(p, word, n) == 0)
			return 1;
		p = e;
	}
	return 0;
}

static int looks_like_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0 ||
	       strncmp(s, "//", 2) == 0 || s[0] == '/';
}

/* --------------------------------------------------------- candidates */

/* Where a field's value may come from, in the order trusted. */
enum {
	T_OG, T_JSONLD, T_TWITTER, T_H1, T_TITLE, T_TITLE_N,
	D_ARTICLE, D_JSONLD, D_META, D_TIME, D_JSONLD_OTHER, D_N,
	S_OG, S_JSONLD, S_APP, S_N,
	U_CANONICAL, U_OG, U_N,
	X_META, X_OG, X_TWITTER, X_N,
	L_HTML, L_META, L_OG, L_N,
};
enum { A_META, A_ARTICLE, A_JSONLD, A_REL_ARTICLE, A_REL, A_BYLINE_ARTICLE,
       A_BYLINE, A_N };

/* More names than this from one source is a list of other articles'
 * authors, not a byline. */
#define MAX_AUTHORS 6

/* Dates go through wonk_date_iso before they count; authors are lists.
 * Single values are the first found of their kind. */
typedef struct found {
	char *one[L_N];     /* indexed by the enum above */
	char *authors[A_N]; /* "; "-joined */
	int nauthors[A_N];
	int h1_in_article;
} found;

static void keep(found *f, int slot, const char *s)
{
	if (!f->one[slot] && s)
		f->one[slot] = wonk_meta_clean(s, strlen(s));
}

static void keep_date(found *f, int slot, const char *s)
{
	if (!f->one[slot] && s)
		f->one[slot] = wonk_date_iso(s, strlen(s));
}

static int add_author(found *f, int slot, const char *s)
{
	if (!s || f->nauthors[slot] >= MAX_AUTHORS)
		return 0;
	f->nauthors[slot]++;
	size_t n = strlen(s);
	/* A byline is "By Jane Doe": the name is what follows. */
	static const char *const lead[] = {"by ", "posted by ", "written by "};
	for (size_t k = 0; k < sizeof lead / sizeof lead[0]; k++) {
		size_t m = strlen(lead[k]);
		if (n > m && strncasecmp(s, lead[k], m) == 0) {
			s += m;
			n -= m;
			break;
		}
	}
	return wonk_meta_append(&f->authors[slot], s, n);
}

/* ------------------------------------------------------------ JSON-LD */

static int is_article_type(const cJSON *o)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "@type");
	const cJSON *one = t;
	if (cJSON_IsArray(t))
		one = t->child;
	for (; one; one = cJSON_IsArray(t) ? one->next : NULL) {
		const char *s = cJSON_GetStringValue(one);
		if (s && (strstr(s, "Article") || strstr(s, "Posting") ||
			  strstr(s, "Report") || strcmp(s, "Review") == 0))
			return 1;
	}
	return 0;
}

static const char *json_str(const cJSON *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* The object in the graph whose @id is id (authors are often references). */
static const cJSON *by_id(const cJSON *const *objs, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++) {
		const char *oid = json_str(objs[i], "@id");
		if (oid && strcmp(oid, id) == 0)
			return objs[i];
	}
	return NULL;
}

static int json_author(found *f, const cJSON *a, const cJSON *const *objs, size_t n)
{
	const cJSON *one = cJSON_IsArray(a) ? a->child : a;
	for (; one; one = cJSON_IsArray(a) ? one->next : NULL) {
		const char *name = cJSON_GetStringValue(one);
		if (name && looks_like_url(name))
			name = NULL;
		if (!name && cJSON_IsObject(one)) {
			name = json_str(one, "name");
			const char *id = json_str(one, "@id");
			if (!name && id) {
				const cJSON *ref = by_id(objs, n, id);
				name = ref ? json_str(ref, "name") : NULL;
			}
		}
		if (add_author(f, A_JSONLD, name) < 0)
			return -1;
	}
	return 0;
}

/* Reads one object: everything for an article, only the date and the
 * publisher for others (a WebPage's name is the page's <title>). */
static int json_object(found *f, const cJSON *o, int article,
		       const cJSON *const *objs, size_t n)
{
	if (article) {
		keep(f, T_JSONLD, json_str(o, "headline"));
		keep_date(f, D_JSONLD, json_str(o, "datePublished"));
		keep_date(f, D_JSONLD, json_str(o, "dateCreated"));
		if (!f->authors[A_JSONLD]) {
			const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, "author");
			if (!a)
				a = cJSON_GetObjectItemCaseSensitive(o, "creator");
			if (a && json_author(f, a, objs, n) < 0)
				return -1;
		}
	} else {
		keep_date(f, D_JSONLD_OTHER, json_str(o, "datePublished"));
	}
	const cJSON *pub = cJSON_GetObjectItemCaseSensitive(o, "publisher");
	if (cJSON_IsArray(pub))
		pub = pub->child;
	if (cJSON_IsObject(pub)) {
		const char *name = json_str(pub, "name");
		const char *id = json_str(pub, "@id");
		if (!name && id) {
			const cJSON *ref = by_id(objs, n, id);
			name = ref ? json_str(ref, "name") : NULL;
		}
		keep(f, S_JSONLD, name);
	} else {
		keep(f, S_JSONLD, cJSON_GetStringValue(pub));
	}
	return 0;
}

static void collect_objects(const cJSON *v, const cJSON **objs, size_t *n, size_t max)
{
	const cJSON *one = cJSON_IsArray(v) ? v->child : v;
	for (; one && *n < max; one = cJSON_IsArray(v) ? one->next : NULL) {
		if (!cJSON_IsObject(one))
			continue;
		objs[(*n)++] = one;
		const cJSON *g = cJSON_GetObjectItemCaseSensitive(one, "@graph");
		if (cJSON_IsArray(g))
			for (const cJSON *e = g->child; e && *n < max; e = e->next)
				if (cJSON_IsObject(e))
					objs[(*n)++] = e;
	}
}

static int json_ld(found *f, const char *text)
{
	cJSON *root = cJSON_Parse(text);
	if (!root)
		return 0; /* malformed JSON-LD is common: ignored */
	const cJSON *objs[256];
	size_t n = 0;
	collect_objects(root, objs, &n, sizeof objs / sizeof objs[0]);
	int rc = 0;
	for (int pass = 1; pass >= 0 && rc == 0; pass--)
		for (size_t i = 0; i < n && rc == 0; i++)
			if (is_article_type(objs[i]) == pass)
				rc = json_object(f, objs[i], pass, objs, n);
	cJSON_Delete(root);
	return rc;
}

/* --------------------------------------------------------- the walk */

/* A <meta> tag: its name or property, and its content. */
static int meta_tag(found *f, const GumboNode *g)
{
	const char *content = wonk_html_attr(g, "content");
	const char *key = wonk_html_attr(g, "property");
	if (!key)
		key = wonk_html_attr(g, "name");
	if (!key)
		key = wonk_html_attr(g, "itemprop");
	if (!key) {
		key = wonk_html_attr(g, "http-equiv");
		if (key && strcasecmp(key, "content-language") == 0)
			keep(f, L_META, content);
		return 0;
	}
	if (!content)
		return 0;
	static const struct {
		const char *key;
		int slot;
	} singles[] = {
		{"og:title", T_OG}, {"twitter:title", T_TWITTER},
		{"og:site_name", S_OG}, {"application-name", S_APP},
		{"og:url", U_OG},
		{"description", X_META}, {"og:description", X_OG},
		{"twitter:description", X_TWITTER}, {"og:locale", L_OG},
	};
	for (size_t i = 0; i < sizeof singles / sizeof singles[0]; i++)
		if (strcasecmp(key, singles[i].key) == 0) {
			keep(f, singles[i].slot, content);
			return 0;
		}
	static const char *const dates[] = {
		"date", "dc.date", "dc.date.issued", "dc.date.created",
		"dcterms.date", "dcterms.issued", "dcterms.created", "pubdate",
		"publishdate", "publish-date", "publish_date", "publication_date",
		"sailthru.date", "article.published", "datepublished",
		"parsely-pub-date", "citation_publication_date", "citation_date",
		"og:published_time", "originalpublicationdate", "displaydate",
		"dc.date.published", "article_date_original",
	};
	if (strcasecmp(key, "article:published_time") == 0 ||
	    strcasecmp(key, "og:article:published_time") == 0) {
		keep_date(f, D_ARTICLE, content);
		return 0;
	}
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
		if (strcasecmp(key, dates[i]) == 0) {
			keep_date(f, D_META, content);
			return 0;
		}
	if (strcasecmp(key, "author") == 0 || strcasecmp(key, "dc.creator") == 0 ||
	    strcasecmp(key, "citation_author") == 0 ||
	    strcasecmp(key, "sailthru.author") == 0 ||
	    strcasecmp(key, "parsely-author") == 0)
		return looks_like_url(content) ? 0 : add_author(f, A_META, content);
	if (strcasecmp(key, "article:author") == 0)
		return looks_like_url(content) ? 0 : add_author(f, A_ARTICLE, content);
	return 0;
}

/* Whether node i is inside a `tag` element. */
static int in_tag(const wonk_html_tree *t, uint32_t i, GumboTag tag)
{
	for (uint32_t p = t->nodes[i].parent; p != WONK_HTML_NONE; p = t->nodes[p].parent)
		if (t->nodes[p].tag == tag)
			return 1;
	return 0;
}

static int in_article(const wonk_html_tree *t, uint32_t i)
{
	return in_tag(t, i, GUMBO_TAG_ARTICLE) || in_tag(t, i, GUMBO_TAG_MAIN);
}

/* A byline element gives the author's name when it is short: a class
 * "author" on a whole author box would otherwise give its biography. */
static int byline(found *f, const wonk_html_tree *t, uint32_t i)
{
	const GumboNode *g = t->nodes[i].g;
	const char *rel = wonk_html_attr(g, "rel");
	const char *prop = wonk_html_attr(g, "itemprop");
	const char *cls = wonk_html_attr(g, "class");
	uint32_t src = WONK_HTML_NONE;
	int tier = A_BYLINE;
	if ((rel && has_word(rel, "author")) || (prop && has_word(prop, "author"))) {
		src = i;
		tier = A_REL;
		/* itemprop=author often wraps itemprop=name (and a photo) */
		for (uint32_t j = i + 1; j < t->nodes[i].end; j++) {
			const char *p = wonk_html_attr(t->nodes[j].g, "itemprop");
			if (p && has_word(p, "name")) {
				src = j;
				break;
			}
		}
	} else if (cls && (wonk_html_contains(cls, "author") ||
			   wonk_html_contains(cls, "byline")) &&
		   !wonk_html_contains(cls, "comment")) {
		src = i;
	}
	if (src == WONK_HTML_NONE || in_tag(t, i, GUMBO_TAG_FORM))
		return 0;
	char *name = clean_text(t, src);
	if (!name)
		return 0;
	int rc = 0;
	size_t words = 1;
	for (const char *p = name; *p; p++)
		words += *p == ' ';
	if (in_article(t, i))
		tier = tier == A_REL ? A_REL_ARTICLE : A_BYLINE_ARTICLE;
	if (strlen(name) <= 80 && words <= 8)
		rc = add_author(f, tier, name);
	free(name);
	return rc;
}

/* Drops a site name from a <title>: "Headline | Site", "Headline - Site",
 * "Headline — Site" (or the site first), when the site part is the known
 * site name or clearly the shorter part. */
static char *strip_site(const char *title, const char *site)
{
	static const char *const seps[] = {" | ", " - ", " \xE2\x80\x94 ", " \xE2\x80\x93 ",
					   " :: ", " \xC2\xB7 ", " \xC2\xBB "};
	size_t n = strlen(title);
	for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
		size_t sl = strlen(seps[k]);
		/* the last separator: the site name follows it */
		const char *last = NULL;
		for (const char *p = strstr(title, seps[k]); p; p = strstr(p + 1, seps[k]))
			last = p;
		const char *first = strstr(title, seps[k]);
		if (!last)
			continue;
		const char *tail = last + sl;
		size_t head_len = (size_t)(last - title), tail_len = n - (size_t)(tail - title);
		if (site && first && (size_t)(first - title) == strlen(site) &&
		    strncasecmp(title, site, strlen(site)) == 0)
			return wonk_meta_clean(first + sl, n - (size_t)(first + sl - title));
		if ((site && strcasecmp(tail, site) == 0) ||
		    (tail_len * 2 < head_len && tail_len <= 40))
			return wonk_meta_clean(title, head_len);
	}
	return wonk_meta_clean(title, n);
}

static int walk(found *f, const wonk_html_tree *t)
{
	int have_time_pub = 0;
	for (uint32_t i = 0; i < t->nnodes; i++) {
		const wonk_html_node *n = &t->nodes[i];
		const GumboNode *g = n->g;
		if (n->type != GUMBO_NODE_ELEMENT)
			continue;
		int rc = 0;
		switch (n->tag) {
		case GUMBO_TAG_HTML:
			keep(f, L_HTML, wonk_html_attr(g, "lang"));
			if (!f->one[L_HTML])
				keep(f, L_HTML, wonk_html_attr(g, "xml:lang"));
			break;
		case GUMBO_TAG_TITLE:
			if (!f->one[T_TITLE] && n->parent != WONK_HTML_NONE &&
			    t->nodes[n->parent].tag == GUMBO_TAG_HEAD)
				f->one[T_TITLE] = clean_text(t, i);
			break;
		case GUMBO_TAG_META:
			rc = meta_tag(f, g);
			break;
		case GUMBO_TAG_LINK: {
			const char *rel = wonk_html_attr(g, "rel");
			if (rel && has_word(rel, "canonical"))
				keep(f, U_CANONICAL, wonk_html_attr(g, "href"));
			break;
		}
		case GUMBO_TAG_SCRIPT: {
			const char *type = wonk_html_attr(g, "type");
			if (type && strcasecmp(type, "application/ld+json") == 0 &&
			    g->v.element.children.length > 0) {
				const GumboNode *c = g->v.element.children.data[0];
				if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE)
					rc = json_ld(f, c->v.text.text);
			}
			i = n->end - 1;
			continue;
		}
		case GUMBO_TAG_H1:
			if (!f->one[T_H1] || (!f->h1_in_article && in_article(t, i))) {
				char *h = clean_text(t, i);
				if (h) {
					free(f->one[T_H1]);
					f->one[T_H1] = h;
					f->h1_in_article = in_article(t, i);
				}
			}
			break;
		case GUMBO_TAG_TIME: {
			const char *dt = wonk_html_attr(g, "datetime");
			const char *prop = wonk_html_attr(g, "itemprop");
			int pub = wonk_html_attr(g, "pubdate") ||
				  (prop && has_word(prop, "datePublished"));
			if (dt && pub && !have_time_pub) {
				char *d = wonk_date_iso(dt, strlen(dt));
				if (d) {
					free(f->one[D_TIME]);
					f->one[D_TIME] = d;
					have_time_pub = 1;
				}
			} else if (dt) {
				keep_date(f, D_TIME, dt);
			}
			break;
		}
		default:
			break;
		}
		if (rc == 0) {
			const char *prop = wonk_html_attr(g, "itemprop");
			if (prop && has_word(prop, "datePublished") && n->tag != GUMBO_TAG_META &&
			    n->tag != GUMBO_TAG_TIME)
				keep_date(f, D_META, wonk_html_attr(g, "content"));
			rc = byline(f, t, i);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

static void offer_first(char **field, char *const *cands, int from, int to)
{
	for (int k = from; k < to && !*field; k++)
		if (cands[k])
			wonk_meta_offer(field, cands[k], strlen(cands[k]));
}

int wonk_html_meta(const wonk_html_tree *t, wonk_meta *m)
{
	found f;
	memset(&f, 0, sizeof f);
	int rc = walk(&f, t);
	if (rc == 0) {
		char *site = f.one[S_OG] ? f.one[S_OG] : f.one[S_JSONLD];
		if (f.one[T_TITLE]) {
			char *stripped = strip_site(f.one[T_TITLE], site);
			free(f.one[T_TITLE]);
			f.one[T_TITLE] = stripped;
		}
		offer_first(&m->title, f.one, T_OG, T_TITLE_N);
		offer_first(&m->date, f.one, D_ARTICLE, D_N);
		offer_first(&m->source, f.one, S_OG, S_N);
		offer_first(&m->url, f.one, U_CANONICAL, U_N);
		offer_first(&m->description, f.one, X_META, X_N);
		if (f.one[L_OG]) /* og:locale is written en_US */
			for (char *p = f.one[L_OG]; *p; p++)
				if (*p == '_')
					*p = '-';
		offer_first(&m->lang, f.one, L_HTML, L_N);
		if (!m->author)
			for (int k = A_META; k < A_N; k++)
				if (f.authors[k]) {
					m->author = f.authors[k];
					f.authors[k] = NULL;
					break;
				}
	}
	for (int k = 0; k < L_N; k++)
		free(f.one[k]);
	for (int k = 0; k < A_N; k++)
		free(f.authors[k]);
	return rc;
}
