/*
 * pack.c - see pack.h.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zdict.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "pack.h"

#define MARK_DEFLATE 0x01
#define MARK_ZSTD 0x02

/* Format 4: raw deflate against the last 16 KB of the first 64 KB of
 * records.  Packing ran on the passage worker, which kept pace with the
 * writer only just: on the 1× corpus level 2 built in 1.21 s where 4 took
 * 1.31 (10×: 12.9 against 13.5 s), for an index 1.2% larger; 1 was no
 * faster and 2.2% larger, 6 packed 1% smaller than 4 and cost 15% more.
 * Fixed Huffman codes: a record is too short for its own code tables to
 * pay (they cost a search 1.3 µs a record to read and build, 3.0 against
 * 1.6 µs to inflate), and level 3 won back what they saved in size. */
#define DEFLATE_SAMPLE (64u * 1024)
#define DEFLATE_WBITS 14
#define DEFLATE_DICT_MAX (1u << DEFLATE_WBITS) /* the window deflate uses */
#define DEFLATE_LEVEL 3
#define DEFLATE_KEY "wonk:dict"
#define INFLATE_SLACK 258u /* zlib's MAX_MATCH: see unpack_deflate */

/* Format 5: zstd against a dictionary trained (ZDICT) on the first
 * 128 KB of records.  On the 1× corpus's passages, against deflate's
 * 52.0% of the text: 43.6% with a 16 KB dictionary trained on 128 KB,
 * 42.2% with 32 KB; 41.1% on a 1 MB sample, whose records are stored
 * plain while it gathers and cost the 1× index more than it saves.
 * Unpacking takes 0.9 µs a record against deflate's 1.9, packing 4 µs
 * against 17 (deflate copied its primed stream for each record). */
#define ZSTD_SAMPLE (128u * 1024)
#define ZSTD_DICT_SIZE (32u * 1024)
#define ZSTD_DICT_MAX (64u * 1024) /* the largest a reader takes */
#define ZSTD_LEVEL 3
#define ZSTD_KEY "wonk:zdict"
/* A frame is stored without zstd's magic number, the same 4 bytes in
 * every record. */
static const unsigned char zstd_magic[4] = {0x28, 0xB5, 0x2F, 0xFD};

typedef struct dict {
	wonk_pack_codec codec;
	uint32_t id;
	char *data;
	size_t len;
	ZSTD_DDict *ddict; /* a reader's, for zstd */
} dict;

struct wonk_pack {
	/* The writer's: what it packs with, the dictionary (id 0: none
	 * yet), whether this transaction made it, and the sample with each
	 * record's length (zstd trains on records one by one). */
	wonk_pack_codec codec;
	dict cur;
	int made_now;
	wonk_buf sample;
	size_t *sizes;
	size_t nsizes, sizes_cap;
	z_stream primed;    /* deflate, with the dictionary loaded once */
	int primed_ready;
	ZSTD_CCtx *cctx;    /* zstd, with the dictionary digested once */
	ZSTD_CDict *cdict;
	/* The reader's: dictionaries met so far. */
	dict *known;
	size_t nknown;
	z_stream inf;
	int inf_ready;
	ZSTD_DCtx *dctx;
	wonk_buf frame;     /* a stored frame with its magic put back */
};

wonk_pack *wonk_pack_new(void)
{
	wonk_pack *p = calloc(1, sizeof(wonk_pack));
	if (p)
		p->codec = WONK_PACK_ZSTD;
	return p;
}

static void drop_sample(wonk_pack *p)
{
	wonk_buf_free(&p->sample);
	memset(&p->sample, 0, sizeof p->sample);
	free(p->sizes);
	p->sizes = NULL;
	p->nsizes = p->sizes_cap = 0;
}

/* Forgets the writer's dictionary and what was primed with it. */
static void drop_current(wonk_pack *p)
{
	if (p->primed_ready)
		deflateEnd(&p->primed);
	p->primed_ready = 0;
	ZSTD_freeCDict(p->cdict);
	p->cdict = NULL;
	free(p->cur.data);
	memset(&p->cur, 0, sizeof p->cur);
}

void wonk_pack_free(wonk_pack *p)
{
	if (!p)
		return;
	drop_current(p);
	drop_sample(p);
	ZSTD_freeCCtx(p->cctx);
	if (p->inf_ready)
		inflateEnd(&p->inf);
	ZSTD_freeDCtx(p->dctx);
	wonk_buf_free(&p->frame);
	for (size_t i = 0; i < p->nknown; i++) {
		free(p->known[i].data);
		ZSTD_freeDDict(p->known[i].ddict);
	}
	free(p->known);
	free(p);
}

/* A dictionary's id is a hash of its bytes, so that a damaged one is
 * told: FNV-1a for deflate's (format 4 named them so), zlib's CRC-32 for
 * zstd's, read at every search's first record and 4-5 times faster. */
static uint32_t dict_id(wonk_pack_codec codec, const char *data, size_t len)
{
	uint32_t id;
	if (codec == WONK_PACK_ZSTD) {
		id = (uint32_t)crc32(0, (const Bytef *)data, (uInt)len);
	} else {
		uint64_t h = wonk_hash64(data, len);
		id = (uint32_t)(h ^ (h >> 32));
	}
	return id ? id : 1;
}

static const char *codec_key(wonk_pack_codec codec)
{
	return codec == WONK_PACK_ZSTD ? ZSTD_KEY : DEFLATE_KEY;
}

static size_t dict_max(wonk_pack_codec codec)
{
	return codec == WONK_PACK_ZSTD ? ZSTD_DICT_MAX : DEFLATE_DICT_MAX;
}

static void dict_key(char key[24], wonk_pack_codec codec, uint32_t id)
{
	snprintf(key, 24, "%s:%08" PRIx32, codec_key(codec), id);
}

/* Reads dictionary id from db; NULL data when the index has none. */
static wonk_status read_dict(wonk_xdb *db, wonk_pack_codec codec, uint32_t id, dict *d,
			     char **err)
{
	char key[24];
	dict_key(key, codec, id);
	memset(d, 0, sizeof *d);
	d->codec = codec;
	d->id = id;
	return wonk_xdb_get_meta(db, key, &d->data, &d->len, err);
}

static int dict_sound(const dict *d)
{
	return d->data && d->len > 0 && d->len <= dict_max(d->codec) &&
	       dict_id(d->codec, d->data, d->len) == d->id;
}

wonk_status wonk_pack_load_current(wonk_pack *p, wonk_xdb *db, wonk_pack_codec codec,
				   char **err)
{
	drop_current(p);
	drop_sample(p);
	p->codec = codec;
	char *name = NULL;
	size_t len = 0;
	wonk_status st = wonk_xdb_get_meta(db, codec_key(codec), &name, &len, err);
	if (st != WONK_OK || !name)
		return st;
	char *end = NULL;
	unsigned long id = len == 8 ? strtoul(name, &end, 16) : 0;
	int good = id && end == name + 8;
	free(name);
	if (!good)
		return WONK_OK; /* damaged: a new dictionary will be made */
	dict d;
	st = read_dict(db, codec, (uint32_t)id, &d, err);
	if (st != WONK_OK || !dict_sound(&d)) {
		free(d.data);
		return st; /* none, or damaged: a new one will be made */
	}
	p->cur = d;
	p->made_now = 0;
	return WONK_OK;
}

/* The dictionary zstd is given: trained on the sample, record by record;
 * where training finds too little to go on (a small or very uniform
 * sample), the sample's last ZSTD_DICT_SIZE bytes as they are, which
 * zstd takes as plain content.  NULL data when out of memory. */
static dict zstd_dict_from(const wonk_pack *p)
{
	dict d = {.codec = WONK_PACK_ZSTD};
	d.data = malloc(ZSTD_DICT_SIZE);
	if (!d.data)
		return d;
	size_t got = p->nsizes ? ZDICT_trainFromBuffer(d.data, ZSTD_DICT_SIZE, p->sample.data,
						       p->sizes, (unsigned)p->nsizes)
			       : 0;
	if (p->nsizes && !ZDICT_isError(got) && got > 0) {
		d.len = got;
	} else {
		d.len = p->sample.len < ZSTD_DICT_SIZE ? p->sample.len : ZSTD_DICT_SIZE;
		memcpy(d.data, p->sample.data + p->sample.len - d.len, d.len);
	}
	return d;
}

/* Makes the dictionary from the sample and stores it. */
static wonk_status make_dict(wonk_pack *p, wonk_xdb *db, char **err)
{
	dict d = {.codec = p->codec};
	if (p->codec == WONK_PACK_ZSTD) {
		d = zstd_dict_from(p);
	} else {
		d.len = p->sample.len < DEFLATE_DICT_MAX ? p->sample.len : DEFLATE_DICT_MAX;
		if ((d.data = malloc(d.len)))
			memcpy(d.data, p->sample.data + p->sample.len - d.len, d.len);
	}
	if (!d.data) {
		*err = wonk_strdup_printf("out of memory");
		return WONK_ERR_NO_MEMORY;
	}
	d.id = dict_id(d.codec, d.data, d.len);
	char key[24], name[9];
	dict_key(key, d.codec, d.id);
	snprintf(name, sizeof name, "%08" PRIx32, d.id);
	wonk_status st = wonk_xdb_set_meta(db, key, d.data, d.len, err);
	if (st == WONK_OK)
		st = wonk_xdb_set_meta(db, codec_key(d.codec), name, 8, err);
	if (st != WONK_OK) {
		free(d.data);
		return st;
	}
	p->cur = d;
	p->made_now = 1;
	drop_sample(p);
	return WONK_OK;
}

int wonk_pack_has_dict(const wonk_pack *p)
{
	return p && p->cur.id != 0;
}

/* Adds a plain record to the sample; makes the dictionary once the sample
 * is full. */
static wonk_status sample_record(wonk_pack *p, wonk_xdb *db, const char *record, size_t n,
				 char **err)
{
	size_t want = p->codec == WONK_PACK_ZSTD ? ZSTD_SAMPLE : DEFLATE_SAMPLE;
	if (p->sample.len >= want)
		return WONK_OK;
	if (p->nsizes == p->sizes_cap) {
		size_t cap = p->sizes_cap ? 2 * p->sizes_cap : 256;
		size_t *grown = realloc(p->sizes, cap * sizeof *grown);
		if (!grown) {
			drop_sample(p); /* no dictionary then: records stay plain */
			return WONK_OK;
		}
		p->sizes = grown;
		p->sizes_cap = cap;
	}
	p->sizes[p->nsizes++] = n;
	wonk_buf_append(&p->sample, record, n);
	if (p->sample.failed) {
		drop_sample(p);
		return WONK_OK;
	}
	return p->sample.len >= want ? make_dict(p, db, err) : WONK_OK;
}

/* Packs record[0, n) into out (after its head) with raw deflate; returns
 * the packed length, or 0 when out of memory. */
static size_t pack_deflate(wonk_pack *p, const char *record, size_t n, char **room)
{
	/* Loading the dictionary costs more than packing a record: it is
	 * loaded once and the primed stream copied for each record. */
	if (!p->primed_ready) {
		if (deflateInit2(&p->primed, DEFLATE_LEVEL, Z_DEFLATED, -DEFLATE_WBITS,
				 DEFLATE_WBITS - 7, Z_FIXED) != Z_OK)
			return 0;
		p->primed_ready = 1;
		if (deflateSetDictionary(&p->primed, (const Bytef *)p->cur.data,
					 (uInt)p->cur.len) != Z_OK)
			return 0;
	}
	z_stream z;
	if (deflateCopy(&z, &p->primed) != Z_OK)
		return 0;
	size_t bound = deflateBound(&z, (uLong)n), packed = 0;
	if ((*room = malloc(bound))) {
		z.next_in = (Bytef *)(uintptr_t)record;
		z.avail_in = (uInt)n;
		z.next_out = (Bytef *)*room;
		z.avail_out = (uInt)bound;
		if (deflate(&z, Z_FINISH) == Z_STREAM_END)
			packed = bound - z.avail_out;
	}
	deflateEnd(&z);
	return packed;
}

/* The same with zstd, the frame's magic number left out. */
static size_t pack_zstd(wonk_pack *p, const char *record, size_t n, char **room)
{
	if (!p->cctx) {
		if (!(p->cctx = ZSTD_createCCtx()) ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(p->cctx, ZSTD_c_checksumFlag, 0)) ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(p->cctx, ZSTD_c_contentSizeFlag, 0)) ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(p->cctx, ZSTD_c_dictIDFlag, 0)))
			return 0;
	}
	if (!p->cdict && !(p->cdict = ZSTD_createCDict(p->cur.data, p->cur.len, ZSTD_LEVEL)))
		return 0;
	size_t bound = ZSTD_compressBound(n);
	if (!(*room = malloc(bound)) || ZSTD_isError(ZSTD_CCtx_refCDict(p->cctx, p->cdict)))
		return 0;
	size_t got = ZSTD_compress2(p->cctx, *room, bound, record, n);
	if (ZSTD_isError(got) || got <= sizeof zstd_magic ||
	    memcmp(*room, zstd_magic, sizeof zstd_magic) != 0)
		return 0;
	memmove(*room, *room + sizeof zstd_magic, got - sizeof zstd_magic);
	return got - sizeof zstd_magic;
}

wonk_status wonk_pack_record(wonk_pack *p, wonk_xdb *db, const char *record, size_t n,
			     wonk_buf *out, char **err)
{
	if (!p->cur.id) {
		wonk_buf_append(out, record, n);
		return out->failed ? WONK_ERR_NO_MEMORY : sample_record(p, db, record, n, err);
	}
	int zstd = p->cur.codec == WONK_PACK_ZSTD;
	unsigned char head[5] = {zstd ? MARK_ZSTD : MARK_DEFLATE, (unsigned char)(p->cur.id >> 24),
				 (unsigned char)(p->cur.id >> 16), (unsigned char)(p->cur.id >> 8),
				 (unsigned char)p->cur.id};
	size_t at = out->len;
	wonk_buf_append(out, head, sizeof head);
	wonk_buf_append_varint(out, n);
	size_t head_len = out->len - at;
	char *room = NULL;
	size_t packed = zstd ? pack_zstd(p, record, n, &room) : pack_deflate(p, record, n, &room);
	if (!packed) {
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
	drop_current(p);
	p->made_now = 0;
}

/* The dictionary id, read from db the first time it is met; NULL with
 * *st WONK_ERR_CORRUPT when the index lacks it or holds it damaged, or
 * with the status reading it failed with. */
static const dict *known_dict(wonk_pack *p, wonk_xdb *db, wonk_pack_codec codec, uint32_t id,
			      wonk_status *st)
{
	*st = WONK_OK;
	for (size_t i = 0; i < p->nknown; i++)
		if (p->known[i].id == id && p->known[i].codec == codec)
			return &p->known[i];
	dict d;
	char *err = NULL;
	*st = read_dict(db, codec, id, &d, &err);
	free(err);
	if (*st != WONK_OK)
		return NULL;
	/* Its id is its hash: a damaged dictionary is not used. */
	if (!dict_sound(&d)) {
		*st = WONK_ERR_CORRUPT;
		free(d.data);
		return NULL;
	}
	if (codec == WONK_PACK_ZSTD) {
		/* Digested once: its entropy tables are what make it pay. */
		d.ddict = ZSTD_createDDict(d.data, d.len);
		free(d.data);
		d.data = NULL;
		if (!d.ddict) {
			*st = WONK_ERR_CORRUPT;
			return NULL;
		}
	}
	dict *grown = realloc(p->known, (p->nknown + 1) * sizeof *grown);
	if (!grown) {
		free(d.data);
		ZSTD_freeDDict(d.ddict);
		*st = WONK_ERR_NO_MEMORY;
		return NULL;
	}
	p->known = grown;
	p->known[p->nknown] = d;
	return &p->known[p->nknown++];
}

static wonk_status unpack_deflate(wonk_pack *p, const dict *d, const unsigned char *q,
				  const unsigned char *end, char *out, size_t n)
{
	if (!p->inf_ready) {
		if (inflateInit2(&p->inf, -DEFLATE_WBITS) != Z_OK)
			return WONK_ERR_NO_MEMORY;
		p->inf_ready = 1;
	} else if (inflateReset(&p->inf) != Z_OK) {
		return WONK_ERR_NO_MEMORY;
	}
	if (inflateSetDictionary(&p->inf, (const Bytef *)d->data, (uInt)d->len) != Z_OK)
		return WONK_ERR_CORRUPT;
	p->inf.next_in = (Bytef *)(uintptr_t)q;
	p->inf.avail_in = (uInt)(end - q);
	p->inf.next_out = (Bytef *)out;
	p->inf.avail_out = (uInt)n + INFLATE_SLACK;
	int rc = inflate(&p->inf, Z_FINISH);
	return rc == Z_STREAM_END && p->inf.avail_out == INFLATE_SLACK ? WONK_OK : WONK_ERR_CORRUPT;
}

static wonk_status unpack_zstd(wonk_pack *p, const dict *d, const unsigned char *q,
			       const unsigned char *end, char *out, size_t n)
{
	if (!p->dctx && !(p->dctx = ZSTD_createDCtx()))
		return WONK_ERR_NO_MEMORY;
	p->frame.len = 0;
	wonk_buf_append(&p->frame, zstd_magic, sizeof zstd_magic);
	wonk_buf_append(&p->frame, q, (size_t)(end - q));
	if (p->frame.failed) {
		wonk_buf_free(&p->frame);
		memset(&p->frame, 0, sizeof p->frame);
		return WONK_ERR_NO_MEMORY;
	}
	size_t got = ZSTD_decompress_usingDDict(p->dctx, out, n, p->frame.data, p->frame.len,
						d->ddict);
	if (ZSTD_isError(got))
		return ZSTD_getErrorCode(got) == ZSTD_error_memory_allocation ? WONK_ERR_NO_MEMORY
									       : WONK_ERR_CORRUPT;
	return got == n ? WONK_OK : WONK_ERR_CORRUPT;
}

wonk_status wonk_unpack(wonk_pack *p, wonk_xdb *db, const char *data, size_t len,
			const char **plain, size_t *plain_len, char **owned)
{
	*owned = NULL;
	unsigned char mark = len ? (unsigned char)data[0] : 0;
	if (mark != MARK_DEFLATE && mark != MARK_ZSTD) {
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
	wonk_pack_codec codec = mark == MARK_ZSTD ? WONK_PACK_ZSTD : WONK_PACK_DEFLATE;
	wonk_status st;
	const dict *d = known_dict(p, db, codec, id, &st);
	if (!d)
		return st;
	/* Room to spare for deflate: zlib decodes at full speed only while
	 * 258 bytes of output space remain, so an exact buffer left the
	 * last 258 bytes of every record, most of a short one, to its slow
	 * path. */
	char *out = malloc((size_t)n + (codec == WONK_PACK_DEFLATE ? INFLATE_SLACK : 1));
	if (!out)
		return WONK_ERR_NO_MEMORY;
	st = codec == WONK_PACK_ZSTD ? unpack_zstd(p, d, q, end, out, (size_t)n)
				     : unpack_deflate(p, d, q, end, out, (size_t)n);
	if (st != WONK_OK) {
		free(out);
		return st;
	}
	*plain = out;
	*plain_len = (size_t)n;
	*owned = out;
	return WONK_OK;
}
