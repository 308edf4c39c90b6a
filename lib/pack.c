/*
 * pack.c - see pack.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "pack.h"

#define PACK_MARK 0x01
#define DICT_SAMPLE (64u * 1024)  /* records sampled before the dictionary */
#define DICT_MAX (1u << DICT_WBITS) /* and the window deflate uses */
#ifndef DICT_WBITS
#define DICT_WBITS 14
#endif
/* Packing runs on the passage worker, which keeps pace with the writer
 * only just: on the 1× corpus level 2 built in 1.21 s where 4 took 1.31
 * (10×: 12.9 against 13.5 s), for an index 1.2% larger; 1 was no faster
 * and 2.2% larger, 6 packs 1% smaller than 4 and costs 15% more.
 * Fixed Huffman codes: a record is too short for its own code tables to
 * pay (they cost a search 1.3 µs a record to read and build, 3.0 against
 * 1.6 µs to inflate), and level 3 wins back what they saved in size. */
#ifndef PACK_LEVEL
#define PACK_LEVEL 3
#endif
#ifndef PACK_STRATEGY
#define PACK_STRATEGY Z_FIXED
#endif
#define DICT_KEY "wonk:dict"
#define INFLATE_SLACK 258u /* zlib's MAX_MATCH: see wonk_unpack */

typedef struct dict {
	uint32_t id;
	char *data;
	size_t len;
} dict;

struct wonk_pack {
	/* The writer's: the dictionary records are packed with (id 0: none
	 * yet), whether this transaction made it, and the sample. */
	dict cur;
	int made_now;
	wonk_buf sample;
	z_stream primed;    /* deflate, with the dictionary loaded once */
	int primed_ready;
	/* The reader's: dictionaries met so far. */
	dict *known;
	size_t nknown;
	z_stream inf;
	int inf_ready;
};

wonk_pack *wonk_pack_new(void)
{
	return calloc(1, sizeof(wonk_pack));
}

void wonk_pack_free(wonk_pack *p)
{
	if (!p)
		return;
	free(p->cur.data);
	wonk_buf_free(&p->sample);
	if (p->primed_ready)
		deflateEnd(&p->primed);
	if (p->inf_ready)
		inflateEnd(&p->inf);
	for (size_t i = 0; i < p->nknown; i++)
		free(p->known[i].data);
	free(p->known);
	free(p);
}

static uint32_t dict_id(const char *data, size_t len)
{
	uint64_t h = wonk_hash64(data, len);
	uint32_t id = (uint32_t)(h ^ (h >> 32));
	return id ? id : 1;
}

static void dict_key(char key[24], uint32_t id)
{
	snprintf(key, 24, DICT_KEY ":%08" PRIx32, id);
}

/* Reads dictionary id from db; NULL data when the index has none. */
static wonk_status read_dict(wonk_xdb *db, uint32_t id, dict *d, char **err)
{
	char key[24];
	dict_key(key, id);
	d->id = id;
	d->data = NULL;
	d->len = 0;
	return wonk_xdb_get_meta(db, key, &d->data, &d->len, err);
}

wonk_status wonk_pack_load_current(wonk_pack *p, wonk_xdb *db, char **err)
{
	char *name = NULL;
	size_t len = 0;
	wonk_status st = wonk_xdb_get_meta(db, DICT_KEY, &name, &len, err);
	if (st != WONK_OK || !name)
		return st;
	char *end = NULL;
	unsigned long id = len == 8 ? strtoul(name, &end, 16) : 0;
	int good = id && end == name + 8;
	free(name);
	if (!good)
		return WONK_OK; /* damaged: a new dictionary will be made */
	dict d;
	st = read_dict(db, (uint32_t)id, &d, err);
	if (st != WONK_OK || !d.data || d.len == 0 || d.len > DICT_MAX ||
	    dict_id(d.data, d.len) != d.id) {
		free(d.data);
		return st; /* none, or damaged: a new one will be made */
	}
	free(p->cur.data);
	p->cur = d;
	p->made_now = 0;
	return WONK_OK;
}

/* Makes the dictionary from the sample and stores it. */
static wonk_status make_dict(wonk_pack *p, wonk_xdb *db, char **err)
{
	size_t len = p->sample.len < DICT_MAX ? p->sample.len : DICT_MAX;
	const char *from = p->sample.data + p->sample.len - len;
	dict d = {dict_id(from, len), malloc(len), len};
	if (!d.data) {
		*err = wonk_strdup_printf("out of memory");
		return WONK_ERR_NO_MEMORY;
	}
	memcpy(d.data, from, len);
	char key[24], name[9];
	dict_key(key, d.id);
	snprintf(name, sizeof name, "%08" PRIx32, d.id);
	wonk_status st = wonk_xdb_set_meta(db, key, d.data, d.len, err);
	if (st == WONK_OK)
		st = wonk_xdb_set_meta(db, DICT_KEY, name, 8, err);
	if (st != WONK_OK) {
		free(d.data);
		return st;
	}
	p->cur = d;
	p->made_now = 1;
	wonk_buf_free(&p->sample);
	memset(&p->sample, 0, sizeof p->sample);
	return WONK_OK;
}

int wonk_pack_has_dict(const wonk_pack *p)
{
	return p && p->cur.id != 0;
}

wonk_status wonk_pack_record(wonk_pack *p, wonk_xdb *db, const char *record, size_t n,
			     wonk_buf *out, char **err)
{
	if (!p->cur.id) {
		wonk_buf_append(out, record, n);
		if (p->sample.len < DICT_SAMPLE) {
			wonk_buf_append(&p->sample, record, n);
			if (p->sample.failed) {
				wonk_buf_free(&p->sample);
				memset(&p->sample, 0, sizeof p->sample);
			} else if (p->sample.len >= DICT_SAMPLE) {
				return make_dict(p, db, err);
			}
		}
		return WONK_OK;
	}
	/* Loading the dictionary costs more than packing a record: it is
	 * loaded once and the primed stream copied for each record. */
	if (!p->primed_ready) {
		if (deflateInit2(&p->primed, PACK_LEVEL, Z_DEFLATED, -DICT_WBITS, DICT_WBITS - 7, PACK_STRATEGY) != Z_OK)
			goto oom;
		p->primed_ready = 1;
		if (deflateSetDictionary(&p->primed, (const Bytef *)p->cur.data,
					 (uInt)p->cur.len) != Z_OK)
			goto oom;
	}
	z_stream z;
	if (deflateCopy(&z, &p->primed) != Z_OK)
		goto oom;
	unsigned char head[5] = {PACK_MARK, (unsigned char)(p->cur.id >> 24),
				 (unsigned char)(p->cur.id >> 16), (unsigned char)(p->cur.id >> 8),
				 (unsigned char)p->cur.id};
	size_t at = out->len;
	wonk_buf_append(out, head, sizeof head);
	wonk_buf_append_varint(out, n);
	size_t head_len = out->len - at, bound = deflateBound(&z, (uLong)n);
	char *room = malloc(bound);
	int rc = Z_MEM_ERROR;
	if (room) {
		z.next_in = (Bytef *)(uintptr_t)record;
		z.avail_in = (uInt)n;
		z.next_out = (Bytef *)room;
		z.avail_out = (uInt)bound;
		rc = deflate(&z, Z_FINISH);
	}
	size_t packed = bound - z.avail_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(room);
		goto oom;
	}
	if (packed + head_len >= n) {
		/* Incompressible: stored plain. */
		out->len = at;
		wonk_buf_append(out, record, n);
	} else {
		wonk_buf_append(out, room, packed);
	}
	free(room);
	if (out->failed)
		goto oom;
	return WONK_OK;
oom:
	*err = wonk_strdup_printf("out of memory");
	return WONK_ERR_NO_MEMORY;
}

void wonk_pack_committed(wonk_pack *p)
{
	if (p)
		p->made_now = 0;
}

void wonk_pack_cancelled(wonk_pack *p)
{
	if (!p || !p->made_now)
		return;
	if (p->primed_ready)
		deflateEnd(&p->primed);
	p->primed_ready = 0;
	free(p->cur.data);
	memset(&p->cur, 0, sizeof p->cur);
	p->made_now = 0;
}

/* The dictionary id, read from db the first time it is met; NULL with
 * *st WONK_ERR_CORRUPT when the index lacks it or holds it damaged, or
 * with the status reading it failed with. */
static const dict *known_dict(wonk_pack *p, wonk_xdb *db, uint32_t id, wonk_status *st)
{
	*st = WONK_OK;
	for (size_t i = 0; i < p->nknown; i++)
		if (p->known[i].id == id)
			return &p->known[i];
	dict d;
	char *err = NULL;
	*st = read_dict(db, id, &d, &err);
	free(err);
	if (*st != WONK_OK)
		return NULL;
	/* Its id is its hash: a damaged dictionary is not used. */
	if (!d.data || d.len == 0 || d.len > DICT_MAX || dict_id(d.data, d.len) != id) {
		*st = WONK_ERR_CORRUPT;
		free(d.data);
		return NULL;
	}
	dict *grown = realloc(p->known, (p->nknown + 1) * sizeof *grown);
	if (!grown) {
		free(d.data);
		*st = WONK_ERR_NO_MEMORY;
		return NULL;
	}
	p->known = grown;
	p->known[p->nknown] = d;
	return &p->known[p->nknown++];
}

wonk_status wonk_unpack(wonk_pack *p, wonk_xdb *db, const char *data, size_t len,
			const char **plain, size_t *plain_len, char **owned)
{
	*owned = NULL;
	if (len == 0 || (unsigned char)data[0] != PACK_MARK) {
		*plain = data;
		*plain_len = len;
		return WONK_OK;
	}
	const unsigned char *q = (const unsigned char *)data + 5, *end = (const unsigned char *)data + len;
	uint64_t n;
	if (len < 6 || wonk_read_varint(&q, end, &n) < 0 || n == 0 || n > (64u << 20))
		return WONK_ERR_CORRUPT;
	uint32_t id = (uint32_t)(unsigned char)data[1] << 24 | (uint32_t)(unsigned char)data[2] << 16 |
		      (uint32_t)(unsigned char)data[3] << 8 | (unsigned char)data[4];
	wonk_status st;
	const dict *d = known_dict(p, db, id, &st);
	if (!d)
		return st;
	if (!p->inf_ready) {
		if (inflateInit2(&p->inf, -DICT_WBITS) != Z_OK)
			return WONK_ERR_NO_MEMORY;
		p->inf_ready = 1;
	} else if (inflateReset(&p->inf) != Z_OK) {
		return WONK_ERR_NO_MEMORY;
	}
	if (inflateSetDictionary(&p->inf, (const Bytef *)d->data, (uInt)d->len) != Z_OK)
		return WONK_ERR_CORRUPT;
	/* Room to spare: zlib decodes at full speed only while 258 bytes
	 * of output space remain, so an exact buffer left the last 258
	 * bytes of every record, most of a short one, to its slow path. */
	char *out = malloc((size_t)n + INFLATE_SLACK);
	if (!out)
		return WONK_ERR_NO_MEMORY;
	p->inf.next_in = (Bytef *)(uintptr_t)q;
	p->inf.avail_in = (uInt)(end - q);
	p->inf.next_out = (Bytef *)out;
	p->inf.avail_out = (uInt)n + INFLATE_SLACK;
	int rc = inflate(&p->inf, Z_FINISH);
	if (rc != Z_STREAM_END || p->inf.avail_out != INFLATE_SLACK) {
		free(out);
		return WONK_ERR_CORRUPT;
	}
	*plain = out;
	*plain_len = (size_t)n;
	*owned = out;
	return WONK_OK;
}
