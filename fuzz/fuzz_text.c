/*
 * fuzz_text.c - libFuzzer target: a plain text file as the indexer sees it
 * (wonk_extract_buffer for a ".txt" name: the binary check, the text kept
 * byte for byte), then the passage splitter and word counter on it.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* wonk_read_file hands over a malloc'ed copy, NUL-terminated. */
	char *copy = malloc(size + 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = '\0';
	wonk_extraction x;
	char *err = NULL;
	wonk_status st = wonk_extract_buffer("fuzz.txt", copy, size, NULL, &x, &err);
	if (st == WONK_OK) {
		FUZZ_ASSERT(x.ndocs == 1, "a text file is one document");
		fuzz_check_document(&x.docs[0]);
		FUZZ_ASSERT(x.docs[0].body_len == size &&
				    memcmp(x.docs[0].body, data, size) == 0,
			    "plain text is kept byte for byte");
		FUZZ_ASSERT(x.docs[0].meta.title && strcmp(x.docs[0].meta.title, "fuzz.txt") == 0,
			    "a text file is titled by its name");
	} else {
		FUZZ_ASSERT(err != NULL, "a refused file comes with a reason");
	}
	wonk_extraction_clear(&x);
	free(err);
	return 0;
}
