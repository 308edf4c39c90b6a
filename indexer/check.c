/*
 * check.c - placeholder until wonk-index --check lands.
 */
#include <stdio.h>

#include "wonk.h"
#include "check.h"

int check_index(const char *dir, int verbose)
{
	(void)verbose;
	char *msg = NULL;
	wonk_status st = wonk_index_check(dir, NULL, NULL, NULL, &msg);
	fprintf(stderr, "wonk-index: %s\n", msg ? msg : wonk_status_string(st));
	wonk_free(msg);
	return st == WONK_OK ? 0 : 2;
}
