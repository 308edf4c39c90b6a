/* json_records.c - placeholder until the JSON extractor lands. */
#include <stdlib.h>
#include "extract.h"
#include "util.h"

wonk_status wonk_extract_json(const char *buf, size_t len, int lines,
			      const wonk_field_map *fields, wonk_extraction *out, char **err)
{
	(void)buf; (void)len; (void)lines; (void)fields; (void)out;
	*err = wonk_strdup_printf("JSON is not supported yet");
	return WONK_ERR_UNSUPPORTED;
}
