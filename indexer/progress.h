/*
 * progress.h - the progress line wonk-index shows on a terminal: files
 * done of the total, throughput and time left, redrawn in place a few
 * times a second, never written when stderr is not a terminal.
 */
#ifndef WONK_INDEXER_PROGRESS_H
#define WONK_INDEXER_PROGRESS_H

#include <stddef.h>

typedef struct progress {
	int on;
	int shown;          /* a line is on screen */
	size_t total;
	double start, last; /* seconds */
} progress;

void progress_start(progress *p, size_t total, int on);
/* done files of the total are finished; bytes read so far. */
void progress_update(progress *p, size_t done, unsigned long long bytes);
/* Erases the line (before other output, and at the end). */
void progress_clear(progress *p);

#endif
