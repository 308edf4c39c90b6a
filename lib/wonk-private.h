/*
 * wonk-private.h - the index handle shared by index.c and search.c, and the
 * helpers that set its error message (private to libwonk).
 */
#ifndef WONK_PRIVATE_H
#define WONK_PRIVATE_H

#include "wonk.h"
#include "analyze.h"
#include "extract.h"
#include "passage.h"
#include "util.h"
#include "xapian_shim.h"

#define WONK_EXPORT __attribute__((visibility("default")))

/* Value slots and term prefixes: the layout is described in index.c. */
#define WONK_SLOT_DOC 0      /* parent document id: the collapse key */
#define WONK_SLOT_ORDINAL 1  /* passage ordinal, 4 bytes big-endian */
#define WONK_SLOT_DATE 2     /* ISO date as stored, sorts as a string */
#define WONK_SLOT_YEAR 3     /* four digits */
#define WONK_SLOT_AUTHOR 4   /* the author field, whole */
#define WONK_SLOT_SOURCE 5   /* the source field, whole */
#define WONK_SLOT_TYPE 6     /* "text", "html", "markdown", "json" */
#define WONK_PREFIX_DOC "P"      /* boolean: P + document id */
#define WONK_PREFIX_FILE "XF"    /* boolean: XF + file id */
#define WONK_PREFIX_AUTHOR "A"   /* A + each author word, folded */
#define WONK_PREFIX_TITLE "S"    /* S + each title word's stem */
#define WONK_PREFIX_SOURCE "XO"  /* XO + each source word, folded */
#define WONK_PREFIX_TAG "K"      /* K + each tag, folded, whole */
#define WONK_PREFIX_TYPE "T"     /* T + type */
#define WONK_PREFIX_YEAR "Y"     /* Y + four-digit year */

struct wonk_index {
	wonk_xdb *db;
	unsigned flags;
	wonk_analyzer *analyzer;
	wonk_passage_params passage_params;
	uint64_t pending;        /* passages written since the last commit */
	uint64_t batch;          /* commit after this many passages */
	wonk_field_map fields;   /* JSON keys set by wonk_index_map_field */
	char *errmsg;            /* the last failure's message, or NULL */
};

/* Sets idx's message from a printf format; returns status for chaining. */
wonk_status wonk_set_error(wonk_index *idx, wonk_status status,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Takes ownership of msg (malloc'ed, may be NULL) as idx's message. */
wonk_status wonk_take_error(wonk_index *idx, wonk_status status, char *msg);

#endif
