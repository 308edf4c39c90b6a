/* check.c - placeholder until the index check lands. */
#include "wonk-private.h"

WONK_EXPORT wonk_status wonk_index_check(const char *dir, wonk_check_fn fn, void *ctx,
					 uint64_t *problems, char **errmsg)
{
	(void)dir; (void)fn; (void)ctx;
	if (problems)
		*problems = 0;
	if (errmsg)
		*errmsg = wonk_strdup_printf("checking is not supported yet");
	return WONK_ERR_UNSUPPORTED;
}
