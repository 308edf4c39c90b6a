/*
 * record.h - what each Xapian document stores as its data (private).
 *
 * A passage record is a sequence of fields, each a tag byte, a varint length
 * and that many bytes (strings carry a trailing NUL so they can be used in
 * place).  Readers skip tags they do not know, so later versions can add
 * fields (author, date, url...) without breaking older indexes.
 */
#ifndef WONK_RECORD_H
#define WONK_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct wonk_record {
	const char *doc;    /* stable document id, 16 hex digits */
	const char *path;   /* as given to the indexer */
	const char *title;
	const char *text;   /* passage text, valid UTF-8 */
	size_t text_len;
	uint64_t start, end; /* byte span in the source */
	uint32_t ordinal;   /* passage number within the document, from 0 */
} wonk_record;

/* Appends the encoded record to b (check b->failed). */
void wonk_record_encode(const wonk_record *r, wonk_buf *b);

/* Decodes data[0, len) into *r, whose strings point into data (which must
 * outlive r).  Missing fields read as "" / 0.  Returns -1 when malformed. */
int wonk_record_decode(const char *data, size_t len, wonk_record *r);

#endif
