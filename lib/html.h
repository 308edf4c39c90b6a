/*
 * html.h - the pieces of the HTML extractor (private to libwonk).
 *
 * A page goes through four stages, one file each:
 *   html_charset.c  raw bytes -> UTF-8 (BOM, <meta charset>, iconv);
 *   html_parse.c    UTF-8 -> a gumbo tree, with the input's nesting and
 *                   attribute counts bounded first and gumbo's memory
 *                   capped, so that hostile pages cost bounded time and
 *                   memory and no stage ever recurses per tree level,
 *                   then flattened into an array in document order;
 *   html_meta.c     the tree's <head>, JSON-LD and bylines -> wonk_meta;
 *   html.c          the tree -> the article's text (wonk_extract_html).
 */
#ifndef WONK_HTML_H
#define WONK_HTML_H

#include <stddef.h>
#include <stdint.h>

#include <gumbo.h>

#include "extract.h"

/* The page's bytes as a malloc'ed UTF-8 string (NUL-terminated, *out_len
 * bytes without the NUL), decoded from the encoding the page declares in a
 * byte order mark or a <meta> in its first 4 KB, else from UTF-8 if the
 * bytes are valid UTF-8, else from windows-1252.  A byte order mark is
 * dropped.  Bytes the encoding cannot map become U+FFFD.  NULL when out of
 * memory. */
char *wonk_html_to_utf8(const char *buf, size_t len, size_t *out_len);

/* A node of the parsed page, in document order: the nodes of the subtree
 * of node i are nodes[i, end), so every walk over the tree is a loop over
 * an index range (no recursion, no stack), and skipping a subtree is
 * `i = nodes[i].end`.  Comments are left out. */
typedef struct wonk_html_node {
	const GumboNode *g;
	uint32_t parent;   /* index; WONK_HTML_NONE for the root */
	uint32_t end;
	GumboTag tag;      /* GUMBO_TAG_UNKNOWN for text */
	unsigned char type; /* GumboNodeType */
} wonk_html_node;

#define WONK_HTML_NONE UINT32_MAX

/* A parsed page.  Its memory belongs to `mem`; gumbo keeps pointers into
 * the input, which must outlive the tree. */
typedef struct wonk_html_tree {
	GumboOutput *out;
	wonk_html_node *nodes; /* nodes[0] is the <html> element */
	size_t nnodes;
	void *mem;             /* opaque: every block gumbo allocated */
} wonk_html_tree;

/* Parses utf8[0, len) into *tree.  Returns WONK_OK, WONK_ERR_NO_MEMORY, or
 * WONK_ERR_BAD_INPUT when the page would take more memory to parse than a
 * fixed multiple of its size (only hostile pages do), with a malloc'ed
 * message in *err. */
wonk_status wonk_html_parse(const char *utf8, size_t len, wonk_html_tree *tree,
			    char **err);
void wonk_html_tree_free(wonk_html_tree *tree);

/* Fills the fields of *m that the page's markup states (title, author,
 * date, source, url, description, lang).  Fields already set are kept.
 * Returns -1 only when out of memory. */
int wonk_html_meta(const wonk_html_tree *t, wonk_meta *m);

/* The value of attribute `name` of element node n, or NULL. */
const char *wonk_html_attr(const GumboNode *n, const char *name);

/* Whether s contains needle (ASCII letters compared without case). */
int wonk_html_contains(const char *s, const char *needle);

#endif
