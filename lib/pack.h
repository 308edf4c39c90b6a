/*
 * pack.h - passage records compressed against the index's dictionary
 * (private).
 *
 * Xapian compresses each stored record on its own, and a passage record is
 * too short (~700 bytes) for a compressor to find much in it.  So the
 * writer keeps one dictionary per index, made from the first records it
 * writes and stored in the index's metadata, and packs later records
 * against it; Xapian stores them as they are.  Format 5 packs with zstd
 * against a dictionary trained on the first 128 KB of records ("wonk:zdict"
 * names it, "wonk:zdict:" + its id holds it); format 4 packed with raw
 * deflate against the last 16 KB of the first 64 KB ("wonk:dict",
 * "wonk:dict:" + id), and a writer adding to a format-4 index still does.
 * A packed record is a mark byte (0x02 zstd, 0x01 deflate; no record tag
 * is either), the dictionary's id (4 bytes, big-endian: a hash of its
 * bytes), the plain record's length (varint) and the compressed stream (a
 * zstd frame without its magic number); a record that starts otherwise is
 * plain (record.h).  Keys of distinct dictionaries differ, so indexes
 * merged by xapian-compact keep every dictionary their records need.
 */
#ifndef WONK_PACK_H
#define WONK_PACK_H

#include <stddef.h>

#include "util.h"
#include "xapian_shim.h"

typedef struct wonk_pack wonk_pack;

typedef enum wonk_pack_codec {
	WONK_PACK_DEFLATE = 1, /* format 4 */
	WONK_PACK_ZSTD = 2,    /* format 5 */
} wonk_pack_codec;

wonk_pack *wonk_pack_new(void); /* NULL when out of memory */
void wonk_pack_free(wonk_pack *p);

/* For a writer: packs with codec (as the index's format says), taking up
 * the index's current dictionary for it, if it has one. */
wonk_status wonk_pack_load_current(wonk_pack *p, wonk_xdb *db, wonk_pack_codec codec,
				   char **err);

/* Has the writer a dictionary (so wonk_pack_record needs no database and
 * may run on another thread than the writer's)? */
int wonk_pack_has_dict(const wonk_pack *p);

/* Appends record[0, n) to out, packed when there is a dictionary.  Until
 * then records are sampled; the one that completes the sample makes the
 * dictionary, stored in db's open transaction.  Returns WONK_OK or a
 * status with *err. */
wonk_status wonk_pack_record(wonk_pack *p, wonk_xdb *db, const char *record, size_t n,
			     wonk_buf *out, char **err);

/* The writer's transaction was committed: its dictionary is for good. */
void wonk_pack_committed(wonk_pack *p);
/* The writer's transaction was cancelled: a dictionary made in it is
 * forgotten (its records went with it). */
void wonk_pack_cancelled(wonk_pack *p);

/* The plain record of data[0, len): *plain is data itself when it is not
 * packed (*owned NULL), else a malloc'ed buffer (*owned, to free).
 * Returns WONK_OK; WONK_ERR_NO_MEMORY; WONK_ERR_CORRUPT when it cannot be
 * unpacked (damage, or a dictionary the index lacks); or the status of
 * reading the dictionary, WONK_ERR_MODIFIED above all: a reader meets a
 * dictionary first when a writer has just made it, and a commit that lands
 * while it is read is no damage but a reason to reopen and read again. */
wonk_status wonk_unpack(wonk_pack *p, wonk_xdb *db, const char *data, size_t len,
			const char **plain, size_t *plain_len, char **owned);

#endif
