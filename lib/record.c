/*
 * record.c - encoding and decoding of the passage record (see record.h).
 */
#include <string.h>

#include "record.h"

enum {
	TAG_DOC = 1,
	TAG_PATH = 2,
	TAG_TITLE = 3,
	TAG_TEXT = 4,
	TAG_START = 5,
	TAG_END = 6,
	TAG_ORDINAL = 7,
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
	put_str(b, TAG_DOC, r->doc, strlen(r->doc));
	put_str(b, TAG_PATH, r->path, strlen(r->path));
	put_str(b, TAG_TITLE, r->title, strlen(r->title));
	put_num(b, TAG_START, r->start);
	put_num(b, TAG_END, r->end);
	put_num(b, TAG_ORDINAL, r->ordinal);
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
	r->doc = r->path = r->title = r->text = "";
	while (p < end) {
		unsigned tag = *p++;
		uint64_t n, v;
		if (wonk_read_varint(&p, end, &n) < 0 || n > (uint64_t)(end - p))
			return -1;
		const unsigned char *q = p;
		const char *s = NULL;
		switch (tag) {
		case TAG_DOC:
		case TAG_PATH:
		case TAG_TITLE:
		case TAG_TEXT:
			s = get_str(p, n, tag == TAG_TEXT ? &r->text_len : NULL);
			if (!s)
				return -1;
			if (tag == TAG_DOC)
				r->doc = s;
			else if (tag == TAG_PATH)
				r->path = s;
			else if (tag == TAG_TITLE)
				r->title = s;
			else
				r->text = s;
			break;
		case TAG_START:
		case TAG_END:
		case TAG_ORDINAL:
			if (wonk_read_varint(&q, p + n, &v) < 0)
				return -1;
			if (tag == TAG_START)
				r->start = v;
			else if (tag == TAG_END)
				r->end = v;
			else
				r->ordinal = (uint32_t)v;
			break;
		default: /* a field from a later version: skip it */
			break;
		}
		p += n;
	}
	return 0;
}
