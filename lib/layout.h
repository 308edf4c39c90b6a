/*
 * layout.h - the names of wonk's value slots and term prefixes (private).
 * What each holds, and why, is described at the top of index.c; the query
 * parser and the search read the same names.
 */
#ifndef WONK_LAYOUT_H
#define WONK_LAYOUT_H

#define WONK_SLOT_DOC 0      /* parent document id: the collapse key */
#define WONK_SLOT_ORDINAL 1  /* passage ordinal, 4 bytes big-endian */
#define WONK_SLOT_DATE 2     /* ISO date as stored, sorts as a string */
/* 3 held the year up to format 3; a year is read from the date now. */
#define WONK_SLOT_AUTHOR 4   /* the author field, whole */
#define WONK_SLOT_SOURCE 5   /* the source field, whole */
#define WONK_SLOT_TYPE 6     /* "text", "html", "markdown", "json" */
#define WONK_SLOT_RECORD 7   /* the passage record (format 3: the data) */

#define WONK_PREFIX_DOC "P"      /* boolean: P + document id */
#define WONK_PREFIX_FILE "XF"    /* boolean: XF + file id */
#define WONK_PREFIX_AUTHOR "A"   /* A + each author word, folded */
#define WONK_PREFIX_SURNAME "XS" /* boolean, first passage only: XS + each
				    author's surname, folded (author.h) */
#define WONK_PREFIX_TITLE "S"    /* S + each title word's stem */
#define WONK_PREFIX_SOURCE "XO"  /* XO + each source word, folded */
#define WONK_PREFIX_TAG "K"      /* K + each tag, folded, whole */
#define WONK_PREFIX_TYPE "T"     /* T + type */
#define WONK_PREFIX_YEAR "Y"     /* Y + four-digit year */

#endif
