/*
 * check.h - the unit tests' harness: each CHECK prints one TAP-style line
 * ("ok N - what" or "not ok N - what"), and tests/run.sh counts them.
 */
#ifndef WONK_CHECK_H
#define WONK_CHECK_H

#include <stdio.h>

static int check_count, check_failed;

#define CHECK(cond, ...)                                                   \
	do {                                                               \
		check_count++;                                             \
		if (cond) {                                                \
			printf("ok %d - ", check_count);                   \
		} else {                                                   \
			check_failed++;                                    \
			printf("not ok %d - %s:%d: ", check_count, __FILE__, \
			       __LINE__);                                  \
		}                                                          \
		printf(__VA_ARGS__);                                       \
		printf("\n");                                              \
	} while (0)

/* Exit status of a test program: non-zero when any check failed. */
#define CHECK_DONE() (check_failed ? 1 : 0)

#endif
