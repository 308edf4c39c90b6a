/*
 * fuzz_json.c - libFuzzer target: the JSON record extractor
 * (wonk_extract_json) on any bytes, read both ways: as one JSON value
 * (lines = 0, default keys) and as JSON Lines (lines = 1, with a --field
 * mapping), each record's text then split into passages.
 */
#include "fuzz.h"

static void one_way(const uint8_t *data, size_t size, int lines, const wonk_field_map *map)
{
	wonk_extraction x;
	char *err = NULL;
	memset(&x, 0, sizeof x);
	wonk_status st = wonk_extract_json((const char *)data, size, lines, map, &x, &err);
	if (st == WONK_OK) {
		unsigned long last = 0;
		for (size_t i = 0; i < x.ndocs; i++) {
			fuzz_check_document(&x.docs[i]);
			FUZZ_ASSERT(strcmp(x.docs[i].type, "json") == 0,
				    "a record's type is json");
			FUZZ_ASSERT(x.docs[i].record > last || (x.ndocs == 1 && !lines),
				    "records are numbered from 1, in order");
			last = x.docs[i].record;
		}
		FUZZ_ASSERT(x.bad_records == 0 || x.bad_reason != NULL,
			    "skipped records come with a reason");
	} else {
		FUZZ_ASSERT(x.ndocs == 0 && x.docs == NULL, "a failed extraction is empty");
	}
	wonk_extraction_clear(&x);
	free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static wonk_field_map map;
	static int mapped;
	if (!mapped) {
		/* As wonk-index --field author=name --field body=content. */
		wonk_field_map_set(&map, "author", "name");
		wonk_field_map_set(&map, "body", "content");
		mapped = 1;
	}
	one_way(data, size, 0, NULL);
	one_way(data, size, 1, &map);
	return 0;
}
