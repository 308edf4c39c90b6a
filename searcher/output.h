/*
 * output.h - how wonk-search prints: one small printer interface with a
 * human format and a JSON Lines format behind it, for hits (with their
 * context), counts, facets and the timeline.
 */
#ifndef WONK_SEARCH_OUTPUT_H
#define WONK_SEARCH_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "wonk.h"

/* A facet table: a field's name and its value counts. */
typedef struct facet_table {
	const char *name;            /* "source", "author", "year" */
	const wonk_facets *f;
} facet_table;

/* One bar of the timeline. */
typedef struct period {
	int start;                   /* first year */
	uint64_t count;
} period;

typedef struct printer {
	/* Prints one hit, with the passages before and after it when asked
	 * (NULL otherwise); returns 0, or -1 when out of memory. */
	int (*hit)(struct printer *p, const wonk_hit *h, const wonk_results *before,
		   const wonk_results *after);
	int (*count)(struct printer *p, uint64_t passages, uint64_t documents);
	/* At most top values per table. */
	int (*facets)(struct printer *p, const facet_table *t, size_t n, size_t top);
	/* years per bar: 1 or 10. */
	int (*timeline)(struct printer *p, const period *bars, size_t n, int years);
	/* The query with unknown words corrected ("did you mean"). */
	int (*suggest)(struct printer *p, const char *suggestion);
	FILE *out;
	int color;   /* escape sequences allowed (a terminal, NO_COLOR unset) */
	int width;   /* wrap text to this many columns; 0 = no wrapping */
	int bar_width; /* columns for timeline bars */
	unsigned long line; /* --batch: the query's line number, put in each
			       JSON object; 0 outside batch mode */
	int explain; /* show what each hit's score is the sum of */
} printer;

void printer_init_text(printer *p, FILE *out, int color, int width);
void printer_init_json(printer *p, FILE *out);
/* A JSON object {"error": message} (with the batch line), for --batch. */
int printer_error(printer *p, const char *message);

#endif
