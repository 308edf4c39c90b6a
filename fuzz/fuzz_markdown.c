/*
 * fuzz_markdown.c - libFuzzer target: the Markdown extractor
 * (wonk_extract_markdown: front matter, syntax stripping) on any bytes,
 * then the passage splitter on its text.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wonk_document doc;
	char *err = NULL;
	memset(&doc, 0, sizeof doc);
	wonk_status st = wonk_extract_markdown((const char *)data, size, &doc, &err);
	if (st == WONK_OK) {
		fuzz_check_document(&doc);
		FUZZ_ASSERT(strcmp(doc.type, "markdown") == 0,
			    "a Markdown document's type is markdown");
	} else {
		FUZZ_ASSERT(doc.body == NULL, "a failed extraction leaves no body");
	}
	wonk_document_clear(&doc);
	free(err);
	return 0;
}
