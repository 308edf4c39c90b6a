/*
 * meta.h - cleaning metadata values the extractors find (private): white
 * space, invalid UTF-8, and the many ways pages write a date.
 */
#ifndef WONK_META_H
#define WONK_META_H

#include <stddef.h>

#include "extract.h"

/* s[0, n) as a malloc'ed, valid UTF-8 string with leading and trailing
 * white space removed and inner runs of white space (including newlines and
 * no-break spaces) collapsed to one space.  NULL when the result would be
 * empty, or when out of memory. */
char *wonk_meta_clean(const char *s, size_t n);

/* Sets *field to the cleaned value unless it is already set (the first
 * source of a field wins) or the value cleans to nothing.  Always 0:
 * metadata is best effort. */
int wonk_meta_offer(char **field, const char *s, size_t n);

/* Appends a cleaned value to a "; "-joined list field (authors, tags),
 * unless it is already in the list (compared without case).  Returns -1
 * only when out of memory. */
int wonk_meta_append(char **field, const char *s, size_t n);

/* A date in any common form, as ISO 8601 "YYYY-MM-DD", "YYYY-MM" or
 * "YYYY" (malloc'ed), or NULL when s holds no date wonk can read.
 * Understood: ISO 8601 with or without time and zone ("2024-06-19",
 * "2024-06-19T10:00:00+03:00", "20240619"), "June 19, 2024",
 * "19 June 2024", "Jun. 19, 2024", "2024/06/19", "06/19/2024" (US order),
 * RFC 2822 ("Wed, 19 Jun 2024 10:00:00 GMT"), "June 2024", and a bare
 * year ("1905").  Years outside 1000..2999 are refused. */
char *wonk_date_iso(const char *s, size_t n);

#endif
