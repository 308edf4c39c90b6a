/*
 * extract.h - a file turned into documents: their text and what is known
 * about them (private).
 *
 * extract.c reads the file (plain or gzip-compressed, within the size
 * limit), decides its format from the name, and hands the bytes to one
 * format's extractor (extract_text.c, html.c, markdown.c, json_records.c).
 * A file gives one document, except a file of JSON records, which gives one
 * per record.
 *
 * An extracted body is plain UTF-8 text whose blocks (paragraphs, headings,
 * list items, table rows) are separated by a blank line ("\n\n"), so the
 * passage splitter sees the source's structure.  Passage spans are byte
 * offsets into the body: for a plain text file that is the file itself, for
 * the other formats it is the text `wonk-index --dump` shows.
 */
#ifndef WONK_EXTRACT_H
#define WONK_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "wonk.h"

/* The largest text wonk reads from one file, compressed or not. */
#define WONK_MAX_TEXT_BYTES (256u << 20)

/* What is known about a document.  Every field is a malloc'ed, valid UTF-8,
 * NUL-terminated string with surrounding white space trimmed and inner runs
 * of white space collapsed to one space, or NULL when unknown. */
typedef struct wonk_meta {
	char *title;
	char *author;      /* several authors joined by "; " */
	char *date;        /* ISO 8601: "YYYY", "YYYY-MM" or "YYYY-MM-DD" */
	char *source;      /* site or publisher name */
	char *url;         /* canonical URL */
	char *description;
	char *lang;        /* as given, e.g. "en" or "en-US" */
	char *tags;        /* several tags joined by "; " */
} wonk_meta;

typedef struct wonk_document {
	char *body;        /* malloc'ed, NUL-terminated; see above */
	size_t body_len;
	const char *type;  /* static: "text", "html", "markdown" or "json" */
	wonk_meta meta;
	/* Where a JSON record was: its line (JSON Lines) or its position in
	 * the array (JSON), from 1; 0 for a file that is one document. */
	unsigned long record;
} wonk_document;

/* Names of the JSON keys that hold each field (NULL: the defaults, listed
 * in json_records.c).  Set from `wonk-index --field author=name`; the map
 * owns its strings. */
typedef struct wonk_field_map {
	char *title, *author, *date, *source, *url, *tags, *body;
} wonk_field_map;

/* Sets field ("title", "author", "date", "source", "url", "tags", "body")
 * to key.  Returns 0, -1 for an unknown field or empty key, -2 when out of
 * memory. */
int wonk_field_map_set(wonk_field_map *m, const char *field, const char *key);
void wonk_field_map_clear(wonk_field_map *m);
/* Sets each of a NULL-terminated list of "field=key" strings (NULL: none);
 * on failure a malloc'ed message in *err. */
wonk_status wonk_field_map_parse(wonk_field_map *m, const char *const *fields,
				 char **err);

/* What a file gave: its documents, and for files of records how many
 * records were malformed and skipped (with the first one's reason). */
typedef struct wonk_extraction {
	wonk_document *docs;
	size_t ndocs;
	size_t bad_records;
	char *bad_reason;  /* malloc'ed, e.g. "line 7: expected ',' or '}'" */
	uint64_t content_hash; /* of the file's (decompressed) bytes; set by
				  wonk_extract_file, not by the extractors */
} wonk_extraction;

/* Binary data is not text: a NUL byte, or many control characters, in the
 * first 64 KiB gives it away (as grep decides).  Every format refuses it. */
int wonk_looks_binary(const char *p, size_t n);

/* True when wonk knows how to extract path (by its name). */
int wonk_extract_supported(const char *path);

/* Reads path and extracts its documents into *out.  Returns WONK_OK, or
 * WONK_ERR_UNSUPPORTED, WONK_ERR_BAD_INPUT, WONK_ERR_IO, WONK_ERR_NO_MEMORY
 * with a malloc'ed message in *err; *out is then empty. */
wonk_status wonk_extract_file(const char *path, const wonk_field_map *fields,
			      wonk_extraction *out, char **err);
void wonk_extraction_clear(wonk_extraction *x);

/* The two halves of wonk_extract_file, for the indexer, which looks at the
 * bytes (their hash) before deciding to extract.  wonk_read_file gives a
 * malloc'ed, NUL-terminated copy of the (decompressed) file;
 * wonk_extract_buffer takes ownership of data, whatever it returns. */
wonk_status wonk_read_file(const char *path, char **data, size_t *len, char **err);
wonk_status wonk_extract_buffer(const char *path, char *data, size_t len,
				const wonk_field_map *fields, wonk_extraction *out,
				char **err);
void wonk_document_clear(wonk_document *doc);
/* The document's value for a metadata field (not DOC or PATH, which belong
 * to the index), or NULL. */
const char *wonk_document_field(const wonk_document *doc, wonk_field f);
void wonk_meta_clear(wonk_meta *m);

/* The format extractors.  Each reads buf[0, len) (the whole file, already
 * decompressed; not NUL-terminated; may hold any bytes) and fills *doc.
 * Returns WONK_OK, or a status with a malloc'ed message in *err (doc is
 * then empty).  None of them keeps a pointer into buf. */
wonk_status wonk_extract_html(const char *buf, size_t len, wonk_document *doc,
			      char **err);
wonk_status wonk_extract_markdown(const char *buf, size_t len,
				  wonk_document *doc, char **err);
/* JSON: a single object, an array of objects, or JSON Lines (one object
 * per line; lines = 1).  A malformed record is skipped and counted in *out;
 * the call fails only when nothing at all could be read. */
/* Turns every "\u0000" escape in JSON text into "\uFFFD" in place (cJSON
 * ends strings at a NUL, which would cut a record's text short). */
void wonk_json_neutralize_nuls(char *data, size_t len);
wonk_status wonk_extract_json(const char *buf, size_t len, int lines,
			      const wonk_field_map *fields,
			      wonk_extraction *out, char **err);

#endif
