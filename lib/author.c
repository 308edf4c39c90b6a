/*
 * author.c - see author.h.
 */
#include <string.h>

#include "author.h"

typedef struct last_word {
	char form[WONK_MAX_TERM_BYTES + 1];
	size_t len;
} last_word;

static int keep_last(void *ctx, const wonk_token *tok)
{
	static const char *const suffixes[] = {"jr", "sr", "ii", "iii", "iv"};
	last_word *w = ctx;
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
		if (strcmp(tok->form, suffixes[i]) == 0)
			return 0;
	if (tok->form_len < sizeof w->form) {
		memcpy(w->form, tok->form, tok->form_len + 1);
		w->len = tok->form_len;
	}
	return 0;
}

/* Where the name starting at a ends. */
static size_t name_end(const char *a)
{
	for (size_t i = 0; a[i]; i++)
		if (a[i] == ';' || a[i] == ',' || a[i] == '&' || strncmp(a + i, " and ", 5) == 0)
			return i;
	return strlen(a);
}

int wonk_author_surnames(wonk_analyzer *a, const char *author, wonk_surname_fn fn, void *ctx)
{
	if (!author)
		return 0;
	while (*author) {
		size_t n = name_end(author);
		last_word w = {"", 0};
		if (wonk_analyze(a, author, n, 0, keep_last, &w, NULL) < 0)
			return -1;
		if (w.len) {
			int rc = fn(ctx, w.form, w.len);
			if (rc)
				return rc;
		}
		author += n;
		if (*author)
			author += strncmp(author, " and ", 5) == 0 ? 5 : 1;
	}
	return 0;
}
