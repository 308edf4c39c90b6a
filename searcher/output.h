/*
 * output.h - how wonk-search prints hits: one small printer interface with a
 * human format and a JSON Lines format behind it.
 */
#ifndef WONK_SEARCH_OUTPUT_H
#define WONK_SEARCH_OUTPUT_H

#include <stdio.h>

#include "wonk.h"

typedef struct printer {
	/* Prints one hit; returns 0, or -1 when out of memory. */
	int (*hit)(struct printer *p, const wonk_hit *h);
	FILE *out;
	int color;   /* escape sequences allowed (a terminal, NO_COLOR unset) */
	int width;   /* wrap text to this many columns; 0 = no wrapping */
} printer;

void printer_init_text(printer *p, FILE *out, int color, int width);
void printer_init_json(printer *p, FILE *out);

#endif
