/* markdown.c - placeholder until the Markdown extractor lands. */
#include <stdlib.h>
#include "extract.h"
#include "util.h"

wonk_status wonk_extract_markdown(const char *buf, size_t len, wonk_document *doc, char **err)
{
	(void)buf; (void)len; (void)doc;
	*err = wonk_strdup_printf("Markdown is not supported yet");
	return WONK_ERR_UNSUPPORTED;
}
