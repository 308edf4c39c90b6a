/*
 * extract.h - a file turned into a document: its text and what is known
 * about it (private).  One function per format lives in extract*.c; this
 * header is the dispatch point the indexer calls.
 */
#ifndef WONK_EXTRACT_H
#define WONK_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "wonk.h"

/* The largest text wonk reads from one file, compressed or not. */
#define WONK_MAX_TEXT_BYTES (256u << 20)

typedef struct wonk_document {
	char *body;      /* the text, NUL-terminated; byte offsets refer to it */
	size_t body_len;
	char *title;     /* never NULL after a successful extract */
	const char *type; /* "text" */
} wonk_document;

/* True when wonk knows how to extract path (by its name). */
int wonk_extract_supported(const char *path);

/* Reads path into doc.  Returns WONK_OK, or WONK_ERR_UNSUPPORTED,
 * WONK_ERR_BAD_INPUT, WONK_ERR_IO, WONK_ERR_NO_MEMORY with a malloc'ed
 * message in *err; doc is then empty. */
wonk_status wonk_extract_file(const char *path, wonk_document *doc, char **err);
void wonk_document_clear(wonk_document *doc);

#endif
