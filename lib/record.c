/*
 * record.c - encoding and decoding of the passage record (see record.h).
 */
#include <string.h>

#include "record.h"

/* Numeric and text tags; a metadata field f is stored under TAG_FIELD + f,
 * so a field added to wonk_field later gets a tag without a format change. */
enum {
	TAG_TEXT = 4,
	TAG_START = 5,
	TAG_END = 6,
	TAG_ORDINAL = 7,
	TAG_RECORD = 8,
	TAG_FIELD = 32,
};

static void put_str(wonk_buf *b, unsigned tag, const char *s, size_t n)
{
	unsigned char t = (unsigned char)tag;
	wonk_buf_append(b, &t, 1);
	wonk_buf_append_varint(b, n + 1);
	wonk_buf_append(b, s, n);
	wonk_buf_append(b, "", 1);
}

static void put_num(wonk_buf *b, unsigned tag, uint64_t v)
{
	unsigned char t = (unsigned char)tag;
	wonk_buf tmp = {0};
	wonk_buf_append_varint(&tmp, v);
	wonk_buf_append(b, &t, 1);
	wonk_buf_append_varint(b, tmp.len);
	wonk_buf_append(b, tmp.data, tmp.len);
	if (tmp.failed)
		b->failed = 1;
	wonk_buf_free(&tmp);
}

void wonk_record_encode(const wonk_record *r, wonk_buf *b)
{
	for (unsigned f = 0; f < WONK_FIELD_LAST; f++)
		if (r->field[f])
			put_str(b, TAG_FIELD + f, r->field[f], strlen(r->field[f]));
	put_num(b, TAG_START, r->start);
	put_num(b, TAG_END, r->end);
	put_num(b, TAG_ORDINAL, r->ordinal);
	if (r->record)
		put_num(b, TAG_RECORD, r->record);
	put_str(b, TAG_TEXT, r->text, r->text_len);
}

/* A string field must end in the NUL that put_str wrote. */
static const char *get_str(const unsigned char *p, uint64_t n, size_t *len)
{
	if (n == 0 || p[n - 1] != '\0')
		return NULL;
	if (len)
		*len = (size_t)n - 1;
	return (const char *)p;
}

int wonk_record_decode(const char *data, size_t len, wonk_record *r)
{
	const unsigned char *p = (const unsigned char *)data;
	const unsigned char *end = p + len;
	memset(r, 0, sizeof *r);
	r->text = "";
	while (p < end) {
		unsigned tag = *p++;
		uint64_t n, v;
		if (wonk_read_varint(&p, end, &n) < 0 || n > (uint64_t)(end - p))
			return -1;
		const unsigned char *q = p;
		if (tag >= TAG_FIELD && tag < TAG_FIELD + WONK_FIELD_LAST) {
			r->field[tag - TAG_FIELD] = get_str(p, n, NULL);
			if (!r->field[tag - TAG_FIELD])
				return -1;
		} else if (tag == TAG_TEXT) {
			r->text = get_str(p, n, &r->text_len);
			if (!r->text)
				return -1;
		} else if (tag == TAG_START || tag == TAG_END || tag == TAG_ORDINAL ||
			   tag == TAG_RECORD) {
			if (wonk_read_varint(&q, p + n, &v) < 0)
				return -1;
			if (tag == TAG_START)
				r->start = v;
			else if (tag == TAG_END)
				r->end = v;
			else if (tag == TAG_ORDINAL)
				r->ordinal = (uint32_t)v;
			else
				r->record = v;
		}
		/* else: a field from a later version; skip it */
		p += n;
	}
	if (!r->field[WONK_FIELD_DOC])
		return -1;
	return 0;
}
