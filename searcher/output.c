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
#include "../cli/warn.h"

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

/* Metadata and paths: whatever they hold, nothing a terminal acts on. */
static void put_plain(printer *p, const char *s)
{
	put_printable(p->out, s);
}

/* The passage text with the matched words marked, wrapped and indented. */
static void put_passage(printer *p, const wonk_hit *h, int dim)
{
	size_t len;
	const char *text = wonk_hit_text(h, &len);
	int col = 3;
	fputs("   ", p->out);
	if (dim && p->color)
		fputs(DIM_ON, p->out);
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
	if (dim && p->color)
		fputs(MARK_OFF, p->out);
	fputc('\n', p->out);
}

/* Context passages, dimmed, each introduced by its number. */
static void put_context(printer *p, const wonk_results *ctx)
{
	for (size_t i = 0; ctx && i < wonk_results_count(ctx); i++) {
		const wonk_hit *c = wonk_results_hit(ctx, i);
		fprintf(p->out, "   %s[passage %u]%s\n", p->color ? DIM_ON : "",
			wonk_hit_passage(c), p->color ? MARK_OFF : "");
		put_passage(p, c, 1);
	}
}

/* "= bm25 0.950 + coverage 0.730 + ...": the parts the score adds up,
 * each as much as it counts (value times weight), those that count. */
static void put_explain(printer *p, const wonk_hit *h)
{
	fprintf(p->out, "   %s=", p->color ? DIM_ON : "");
	const char *sep = " ";
	for (int i = 0; i < WONK_PART_LAST; i++) {
		double v = wonk_hit_score_part(h, (wonk_score_part)i) *
			   wonk_score_part_weight((wonk_score_part)i);
		if (v == 0 && i != WONK_PART_BM25)
			continue;
		fprintf(p->out, "%s%s %.3f", sep, wonk_score_part_name((wonk_score_part)i), v);
		sep = " + ";
	}
	fprintf(p->out, "%s\n", p->color ? MARK_OFF : "");
	/* Why a passage that never says "Truman" holds it. */
	if (wonk_hit_held(h)) {
		fprintf(p->out, "   %sheld by its document's date or author: ", p->color ? DIM_ON : "");
		put_plain(p, wonk_hit_held(h));
		fprintf(p->out, "%s\n", p->color ? MARK_OFF : "");
	}
}

static int text_hit(printer *p, const wonk_hit *h, const wonk_results *before,
		    const wonk_results *after)
{
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
	fprintf(p->out, ", passage %u, bytes %llu-%llu, score %.3f%s\n",
		wonk_hit_passage(h), (unsigned long long)wonk_hit_start(h),
		(unsigned long long)wonk_hit_end(h), wonk_hit_score(h),
		p->color ? MARK_OFF : "");
	if (p->explain)
		put_explain(p, h);
	put_context(p, before);
	if (before || after)
		fprintf(p->out, "   %s[passage %u, the hit]%s\n", p->color ? TITLE_ON : "",
			wonk_hit_passage(h), p->color ? MARK_OFF : "");
	put_passage(p, h, 0);
	put_context(p, after);
	fputc('\n', p->out);
	return 0;
}

static int text_count(printer *p, uint64_t passages, uint64_t documents)
{
	fprintf(p->out, "%llu passage%s in %llu document%s\n", (unsigned long long)passages,
		passages == 1 ? "" : "s", (unsigned long long)documents,
		documents == 1 ? "" : "s");
	return 0;
}

static int text_facets(printer *p, const facet_table *t, size_t n, size_t top)
{
	fprintf(p->out, "%sMatching passages by%s\n", p->color ? TITLE_ON : "",
		p->color ? MARK_OFF : "");
	for (size_t k = 0; k < n; k++) {
		size_t m = wonk_facets_count(t[k].f);
		fprintf(p->out, "  %-7s", t[k].name);
		if (m == 0)
			fputs(" (none)", p->out);
		for (size_t i = 0; i < m && i < top; i++) {
			fputs(i ? "; " : " ", p->out);
			put_plain(p, wonk_facets_value(t[k].f, i));
			fprintf(p->out, " %llu", (unsigned long long)wonk_facets_freq(t[k].f, i));
		}
		if (m > top)
			fprintf(p->out, "; ... %zu more", m - top);
		fputc('\n', p->out);
	}
	return 0;
}

/* Bars in eighths of a column, so that small differences still show. */
static void put_bar(FILE *out, uint64_t count, uint64_t max, int width)
{
	static const char *const eighths[8] = {
		"", "\xE2\x96\x8F", "\xE2\x96\x8E", "\xE2\x96\x8D",
		"\xE2\x96\x8C", "\xE2\x96\x8B", "\xE2\x96\x8A", "\xE2\x96\x89",
	};
	uint64_t units = max ? (count * (uint64_t)width * 8 + max - 1) / max : 0;
	for (uint64_t i = 0; i < units / 8; i++)
		fputs("\xE2\x96\x88", out);
	fputs(eighths[units % 8], out);
}

static int text_timeline(printer *p, const period *bars, size_t n, int years)
{
	uint64_t max = 0;
	for (size_t i = 0; i < n; i++)
		if (bars[i].count > max)
			max = bars[i].count;
	int digits = snprintf(NULL, 0, "%llu", (unsigned long long)max);
	int label = years == 10 ? 5 : 4;
	int width = p->bar_width - label - digits - 3;
	if (width < 10)
		width = 10;
	for (size_t i = 0; i < n; i++) {
		fprintf(p->out, "%d%s %*llu ", bars[i].start, years == 10 ? "s" : "", digits,
			(unsigned long long)bars[i].count);
		put_bar(p->out, bars[i].count, max, width);
		fputc('\n', p->out);
	}
	return 0;
}

/* On stderr, so that piped hits stay clean. */
static int text_suggest(printer *p, const char *suggestion)
{
	(void)p;
	warn("some words are in no passage; did you mean: %s", suggestion);
	return 0;
}

/* ------------------------------------------------------------------ JSON */

static int emit(printer *p, cJSON *o)
{
	if (o && p->line && !cJSON_AddNumberToObject(o, "query", (double)p->line)) {
		cJSON_Delete(o);
		o = NULL;
	}
	char *line = o ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (!line)
		return -1;
	put_json_line(p->out, line);
	cJSON_free(line);
	return 0;
}

/* "explain": [{"part", "value", "weight"}...], every part in order; the
 * score is the sum of value times weight. */
static int add_explain(cJSON *o, const wonk_hit *h)
{
	cJSON *a = cJSON_AddArrayToObject(o, "explain");
	int ok = a != NULL;
	for (int i = 0; ok && i < WONK_PART_LAST; i++) {
		cJSON *v = cJSON_CreateObject();
		ok = v && cJSON_AddItemToArray(a, v) &&
		     cJSON_AddStringToObject(v, "part", wonk_score_part_name((wonk_score_part)i)) &&
		     cJSON_AddNumberToObject(v, "value",
					     wonk_hit_score_part(h, (wonk_score_part)i)) &&
		     cJSON_AddNumberToObject(v, "weight",
					     wonk_score_part_weight((wonk_score_part)i));
	}
	/* "held": the query's words held through the document's date or
	 * author, not said in the passage. */
	if (!ok || !wonk_hit_held(h))
		return ok;
	char *held = strdup(wonk_hit_held(h)), *save = NULL;
	cJSON *words = held ? cJSON_AddArrayToObject(o, "held") : NULL;
	ok = words != NULL;
	for (char *w = held ? strtok_r(held, " ", &save) : NULL; ok && w;
	     w = strtok_r(NULL, " ", &save))
		ok = cJSON_AddItemToArray(words, cJSON_CreateString(w));
	free(held);
	return ok;
}

/* The hit's fields as a JSON object (NULL when out of memory). */
static cJSON *hit_object(const wonk_hit *h, int with_highlights, int explain)
{
	cJSON *o = cJSON_CreateObject();
	int ok = o != NULL;
	if (with_highlights) {
		ok = ok && cJSON_AddNumberToObject(o, "rank", wonk_hit_rank(h));
		ok = ok && cJSON_AddNumberToObject(o, "score", wonk_hit_score(h));
		ok = ok && (!explain || add_explain(o, h));
	}
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
	ok = ok && cJSON_AddStringToObject(o, "text", wonk_hit_text(h, NULL));
	if (ok && with_highlights) {
		cJSON *hl = cJSON_AddArrayToObject(o, "highlights");
		ok = hl != NULL;
		for (size_t i = 0; ok && i < wonk_hit_highlight_count(h); i++) {
			size_t s, e;
			wonk_hit_highlight(h, i, &s, &e);
			cJSON *pair = cJSON_CreateArray();
			ok = pair && cJSON_AddItemToArray(hl, pair) &&
			     cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)s)) &&
			     cJSON_AddItemToArray(pair, cJSON_CreateNumber((double)e));
		}
	}
	if (!ok) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int add_context(cJSON *ctx, const char *name, const wonk_results *r)
{
	cJSON *a = cJSON_AddArrayToObject(ctx, name);
	if (!a)
		return 0;
	for (size_t i = 0; r && i < wonk_results_count(r); i++) {
		cJSON *c = hit_object(wonk_results_hit(r, i), 0, 0);
		if (!c || !cJSON_AddItemToArray(a, c))
			return 0;
	}
	return 1;
}

static int json_hit(printer *p, const wonk_hit *h, const wonk_results *before,
		    const wonk_results *after)
{
	cJSON *o = hit_object(h, 1, p->explain);
	if (o && (before || after)) {
		cJSON *ctx = cJSON_AddObjectToObject(o, "context");
		if (!ctx || !add_context(ctx, "before", before) || !add_context(ctx, "after", after)) {
			cJSON_Delete(o);
			o = NULL;
		}
	}
	return emit(p, o);
}

static int json_count(printer *p, uint64_t passages, uint64_t documents)
{
	cJSON *o = cJSON_CreateObject();
	if (o && (!cJSON_AddNumberToObject(o, "passages", (double)passages) ||
		  !cJSON_AddNumberToObject(o, "documents", (double)documents))) {
		cJSON_Delete(o);
		o = NULL;
	}
	return emit(p, o);
}

static int json_facets(printer *p, const facet_table *t, size_t n, size_t top)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *f = o ? cJSON_AddObjectToObject(o, "facets") : NULL;
	int ok = f != NULL;
	for (size_t k = 0; ok && k < n; k++) {
		cJSON *a = cJSON_AddArrayToObject(f, t[k].name);
		ok = a != NULL;
		for (size_t i = 0; ok && i < wonk_facets_count(t[k].f) && i < top; i++) {
			cJSON *v = cJSON_CreateObject();
			ok = v && cJSON_AddItemToArray(a, v) &&
			     cJSON_AddStringToObject(v, "value", wonk_facets_value(t[k].f, i)) &&
			     cJSON_AddNumberToObject(v, "count", (double)wonk_facets_freq(t[k].f, i));
		}
	}
	if (!ok) {
		cJSON_Delete(o);
		o = NULL;
	}
	return emit(p, o);
}

static int json_timeline(printer *p, const period *bars, size_t n, int years)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *t = o ? cJSON_AddObjectToObject(o, "timeline") : NULL;
	int ok = t && cJSON_AddStringToObject(t, "unit", years == 10 ? "decade" : "year");
	cJSON *a = ok ? cJSON_AddArrayToObject(t, "counts") : NULL;
	ok = a != NULL;
	for (size_t i = 0; ok && i < n; i++) {
		cJSON *v = cJSON_CreateObject();
		ok = v && cJSON_AddItemToArray(a, v) &&
		     cJSON_AddNumberToObject(v, "start", bars[i].start) &&
		     cJSON_AddNumberToObject(v, "count", (double)bars[i].count);
	}
	if (!ok) {
		cJSON_Delete(o);
		o = NULL;
	}
	return emit(p, o);
}

static int json_suggest(printer *p, const char *suggestion)
{
	cJSON *o = cJSON_CreateObject();
	if (!o || !cJSON_AddStringToObject(o, "did_you_mean", suggestion)) {
		cJSON_Delete(o);
		o = NULL;
	}
	return emit(p, o);
}

int printer_error(printer *p, const char *message)
{
	cJSON *o = cJSON_CreateObject();
	if (o && !cJSON_AddStringToObject(o, "error", message)) {
		cJSON_Delete(o);
		o = NULL;
	}
	return emit(p, o);
}

void printer_init_text(printer *p, FILE *out, int color, int width)
{
	*p = (printer){.hit = text_hit, .count = text_count, .facets = text_facets,
		       .timeline = text_timeline, .suggest = text_suggest,
		       .out = out, .color = color, .width = width,
		       .bar_width = width ? width : 80};
}

void printer_init_json(printer *p, FILE *out)
{
	*p = (printer){.hit = json_hit, .count = json_count, .facets = json_facets,
		       .timeline = json_timeline, .suggest = json_suggest, .out = out};
}
