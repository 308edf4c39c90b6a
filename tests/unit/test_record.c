/*
 * test_record.c - the stored passage record survives a round trip, and a
 * damaged one is refused rather than read past its end.
 */
#include <string.h>

#include "check.h"
#include "record.h"

int main(void)
{
	wonk_record in = {
		.text = "MIRVs\xE2\x80\x94" "a technology", .start = 4096,
		.end = (1ULL << 40) + 3, .ordinal = 70000, .record = 12,
	};
	in.field[WONK_FIELD_DOC] = "0123456789abcdef";
	in.field[WONK_FIELD_PATH] = "corpus/a b.txt";
	in.field[WONK_FIELD_TITLE] = "a b.txt";
	in.field[WONK_FIELD_AUTHOR] = "Dan White; Jane Roe";
	in.field[WONK_FIELD_DATE] = "2024-06-19";
	in.text_len = strlen(in.text);
	wonk_buf b = {0};
	wonk_record_encode(&in, &b);
	CHECK(!b.failed && b.len > 0, "record encodes");

	wonk_record out;
	CHECK(wonk_record_decode(b.data, b.len, &out) == 0, "record decodes");
	for (int f = 0; f < WONK_FIELD_LAST; f++)
		CHECK(in.field[f] ? out.field[f] && strcmp(out.field[f], in.field[f]) == 0
				  : out.field[f] == NULL,
		      "field %s survives (or stays absent)", wonk_field_name((wonk_field)f));
	CHECK(out.text_len == in.text_len && memcmp(out.text, in.text, in.text_len) == 0,
	      "passage text survives byte for byte");
	CHECK(out.start == in.start && out.end == in.end && out.ordinal == in.ordinal &&
		      out.record == 12,
	      "span, ordinal and record number survive, including offsets past 4 GiB");

	/* Every truncation of a valid record is either refused or read as a
	 * shorter record, never read past the end (ASan would catch that). */
	int refused = 0;
	for (size_t n = 0; n < b.len; n++)
		if (wonk_record_decode(b.data, n, &out) < 0)
			refused++;
	CHECK(refused > 0, "truncated records are refused (%d of %zu cuts)", refused, b.len);

	/* A field from a later version is skipped, not misread. */
	wonk_buf c = {0};
	wonk_buf_append(&c, "\x7f\x03xyz", 5);
	wonk_buf_append(&c, b.data, b.len);
	CHECK(wonk_record_decode(c.data, c.len, &out) == 0 && strcmp(out.field[WONK_FIELD_TITLE], "a b.txt") == 0,
	      "unknown fields are skipped");

	CHECK(wonk_record_decode("\x04\x05" "abc", 5, &out) < 0,
	      "a string without its terminator is refused");
	CHECK(wonk_record_decode("\x04\x02" "a", 4, &out) < 0,
	      "a record without its document id and path is refused");
	wonk_buf_free(&b);
	wonk_buf_free(&c);
	return CHECK_DONE();
}
