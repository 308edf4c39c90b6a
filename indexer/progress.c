/*
 * progress.c - see progress.h.
 */
#include <stdio.h>
#include <time.h>

#include "progress.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(progress *p, size_t total, int on)
{
	p->on = on;
	p->shown = 0;
	p->total = total;
	p->start = p->last = now();
}

void progress_update(progress *p, size_t done, unsigned long long bytes)
{
	if (!p->on)
		return;
	double t = now();
	/* Five redraws a second are plenty, and cost nothing measurable. */
	if (t - p->last < 0.2 && done < p->total)
		return;
	p->last = t;
	double secs = t - p->start;
	double mbs = secs > 0 ? (double)bytes / 1e6 / secs : 0;
	char eta[32] = "";
	if (done > 0 && done < p->total && secs > 1) {
		long left = (long)(secs * (double)(p->total - done) / (double)done + 0.5);
		snprintf(eta, sizeof eta, ", ETA %ld:%02ld", left / 60, left % 60);
	}
	fprintf(stderr, "\r\033[Kwonk-index: %zu/%zu files, %.1f MB/s%s", done, p->total, mbs, eta);
	fflush(stderr);
	p->shown = 1;
}

void progress_clear(progress *p)
{
	if (p->on && p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->shown = 0;
	}
}
