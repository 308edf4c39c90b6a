/*
 * output.c - the human and JSON Lines printers of wonk-search.
 *
 * Human output never passes a document's control characters to the terminal
 * (a document must not be able to recolour or retitle it); JSON output
 * escapes them, as cJSON does for every string.
 */
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "output.h"

#define MARK_ON "\033[1;31m"
#define MARK_OFF "\033[0m"
#define TITLE_ON "\033[1m"
#define DIM_ON "\033[2m"

/* Writes text[from, to), with control characters other than tab made
 * visible as U+FFFD, and wrapping at p->width columns (counting one column
 * per character) when width is set; a word's width is measured up to len,
 * past the end of this piece.  *col tracks the current column. */
static void put_text(printer *p, const char *text, size_t from, size_t to, size_t len,
		     int *col)
{
	const int indent = 3;
	for (size_t i = from; i < to; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			fputs("\n   ", p->out);
			*col = indent;
			continue;
		}
		if (p->width && c == ' ') {
			/* Break before a word that would pass the right edge. */
			size_t j = i + 1;
			int w = 0;
			while (j < len && text[j] != ' ' && text[j] != '\n') {
				if (((unsigned char)text[j] & 0xC0) != 0x80)
					w++;
				j++;
			}
			if (*col + 1 + w > p->width && *col > indent) {
				fputs("\n   ", p->out);
				*col = indent;
				continue;
			}
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			fputs("\xEF\xBF\xBD", p->out);
			(*col)++;
			continue;
		}
		/* C1 controls (U+0080..U+009F, UTF-8 C2 80..C2 9F) act on
		 * terminals too. */
		if (c == 0xC2 && i + 1 < to && (unsigned char)text[i + 1] >= 0x80 &&
		    (unsigned char)text[i + 1] <= 0x9F) {
			fputs("\xEF\xBF\xBD", p->out);
			i++;
			(*col)++;
			continue;
		}
		fputc(c, p->out);
		if ((c & 0xC0) != 0x80)
			(*col)++;
	}
}

static void put_plain(printer *p, const char *s)
{
	int col = 0;
	printer none = *p;
	none.width = 0;
	put_text(&none, s, 0, strlen(s), strlen(s), &col);
}

static int text_hit(printer *p, const wonk_hit *h)
{
	size_t len;
	const char *text = wonk_hit_text(h, &len);
	fprintf(p->out, "%s%u. ", p->color ? TITLE_ON : "", wonk_hit_rank(h));
	put_plain(p, wonk_hit_title(h));
	fputs(p->color ? MARK_OFF : "", p->out);
	/* "Title — author, source, date": who said it and when, at a glance. */
	static const wonk_field byline[] = {WONK_FIELD_AUTHOR, WONK_FIELD_SOURCE, WONK_FIELD_DATE};
	const char *sep = " \xE2\x80\x94 ";
	for (size_t i = 0; i < sizeof byline / sizeof byline[0]; i++) {
		const char *v = wonk_hit_field(h, byline[i]);
		if (v) {
			fputs(sep, p->out);
			put_plain(p, v);
			sep = ", ";
		}
	}
	fprintf(p->out, "\n   %s", p->color ? DIM_ON : "");
	put_plain(p, wonk_hit_path(h));
	if (wonk_hit_record(h))
		fprintf(p->out, ", record %lu", wonk_hit_record(h));
	fprintf(p->out, ", passage %u, bytes %llu-%llu, score %.3f%s\n   ",
		wonk_hit_passage(h), (unsigned long long)wonk_hit_start(h),
		(unsigned long long)wonk_hit_end(h), wonk_hit_score(h),
		p->color ? MARK_OFF : "");
	int col = 3;
	size_t at = 0, n = wonk_hit_highlight_count(h);
	for (size_t i = 0; i < n; i++) {
		size_t s, e;
		wonk_hit_highlight(h, i, &s, &e);
		put_text(p, text, at, s, len, &col);
		if (p->color)
			fputs(MARK_ON, p->out);
		put_text(p, text, s, e, len, &col);
		if (p->color)
			fputs(MARK_OFF, p->out);
		at = e;
	}
	put_text(p, text, at, len, len, &col);
	fputs("\n\n", p->out);
	return 0;
}

static int json_hit(printer *p, const wonk_hit *h)
{
	size_t len;
	const char *text = wonk_hit_text(h, &len);
	cJSON *o = cJSON_CreateObject();
	cJSON *hl = cJSON_CreateArray();
	int ok = o && hl;
	ok = ok && cJSON_AddNumberToObject(o, "rank", wonk_hit_rank(h));
	ok = ok && cJSON_AddNumberToObject(o, "score", wonk_hit_score(h));
	ok = ok && cJSON_AddStringToObject(o, "path", wonk_hit_path(h));
	ok = ok && cJSON_AddStringToObject(o, "doc", wonk_hit_doc(h));
	ok = ok && cJSON_AddNumberToObject(o, "passage", wonk_hit_passage(h));
	ok = ok && cJSON_AddNumberToObject(o, "start", (double)wonk_hit_start(h));
	ok = ok && cJSON_AddNumberToObject(o, "end", (double)wonk_hit_end(h));
	if (ok && wonk_hit_record(h))
		ok = cJSON_AddNumberToObject(o, "record", (double)wonk_hit_record(h)) != NULL;
	ok = ok && cJSON_AddStringToObject(o, "title", wonk_hit_title(h));
	/* Every known field of the document, under its own name. */
	for (int f = WONK_FIELD_TYPE; ok && f < WONK_FIELD_LAST; f++) {
		const char *v = wonk_hit_field(h, (wonk_field)f);
		if (v && f != WONK_FIELD_TITLE)
			ok = cJSON_AddStringToObject(o, wonk_field_name((wonk_field)f), v) != NULL;
	}
	ok = ok && cJSON_AddStringToObject(o, "text", text);
	for (size_t i = 0; ok && i < wonk_hit_highlight_count(h); i++) {
		size_t s, e;
		wonk_hit_highlight(h, i, &s, &e);
		cJSON *pair = cJSON_CreateArray();
		ok = pair && cJSON_AddItemToArray(hl, pair) &&
		     cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)s)) &&
		     cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)e));
	}
	if (ok) {
		ok = cJSON_AddItemToObject(o, "highlights", hl);
		hl = NULL;
	}
	char *line = ok ? cJSON_PrintUnformatted(o) : NULL;
	if (line) {
		fputs(line, p->out);
		fputc('\n', p->out);
		cJSON_free(line);
	}
	cJSON_Delete(hl);
	cJSON_Delete(o);
	return line ? 0 : -1;
}

void printer_init_text(printer *p, FILE *out, int color, int width)
{
	*p = (printer){.hit = text_hit, .out = out, .color = color, .width = width};
}

void printer_init_json(printer *p, FILE *out)
{
	*p = (printer){.hit = json_hit, .out = out};
}
