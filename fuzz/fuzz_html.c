/*
 * fuzz_html.c - libFuzzer target: the HTML article extractor
 * (wonk_extract_html) on any bytes, then the passage splitter on what it
 * extracted.  Saved web pages come from anywhere; none may crash the
 * indexer or break the extractor's promises (extract.h).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wonk_document doc;
	char *err = NULL;
	memset(&doc, 0, sizeof doc);
	wonk_status st = wonk_extract_html((const char *)data, size, &doc, &err);
	if (st == WONK_OK) {
		fuzz_check_document(&doc);
		FUZZ_ASSERT(strcmp(doc.type, "html") == 0, "an HTML document's type is html");
		FUZZ_ASSERT(fuzz_valid_utf8(doc.body, doc.body_len),
			    "an HTML body is valid UTF-8");
	} else {
		FUZZ_ASSERT(doc.body == NULL, "a failed extraction leaves no body");
	}
	wonk_document_clear(&doc);
	free(err);
	return 0;
}
