/*
 * record.h - what each Xapian document stores as its data (private).
 *
 * A passage record is a sequence of fields, each a tag byte, a varint length
 * and that many bytes (strings carry a trailing NUL so they can be used in
 * place).  Readers skip tags they do not know, so later versions can add
 * fields without breaking older indexes.  Every record holds its
 * document's id and title (what stage 2 reads); only the document's first
 * passage holds the other fields (path, author, date...), and a hit shown
 * takes them from there (search.c, fill_cards).  Format 3 repeated them
 * all in every record; such records decode the same.
 */
#ifndef WONK_RECORD_H
#define WONK_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "wonk.h"
#include "util.h"

typedef struct wonk_record {
	/* Indexed by wonk_field; NULL when the document does not have it
	 * (after decoding: NULL too).  WONK_FIELD_DOC is always present,
	 * WONK_FIELD_PATH in a document's first passage (ordinal 0). */
	const char *field[WONK_FIELD_LAST];
	const char *text;    /* passage text, valid UTF-8 */
	size_t text_len;
	uint64_t start, end; /* byte span in the document's body */
	uint32_t ordinal;    /* passage number within the document, from 0 */
	uint64_t record;     /* JSON record number in its file, 0 if none */
} wonk_record;

/* Appends the encoded record to b (check b->failed). */
void wonk_record_encode(const wonk_record *r, wonk_buf *b);

/* Decodes data[0, len) into *r, whose strings point into data (which must
 * outlive r).  A missing text reads as "".  Returns -1 when malformed. */
int wonk_record_decode(const char *data, size_t len, wonk_record *r);

#endif
