/*
 * measure.c - runs one command and reports its wall time and peak RSS.
 * GPL-2.0-or-later.
 *
 *   measure COMMAND [ARG]...
 *
 * The command's standard output goes to /dev/null (its standard error is
 * kept).  Prints "SECONDS MAXRSS_KB STATUS" on standard output once it has
 * ended: the time from fork to the end of waitpid (CLOCK_MONOTONIC, so
 * microsecond resolution where GNU time's %e has 10 ms), the child's peak
 * resident set size as wait4() reports it (the same figure as GNU time's
 * %M), and its exit status (128+N for a signal).  Exits 0 whatever the
 * command did.
 */
#define _DEFAULT_SOURCE 1 /* wait4() */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: measure COMMAND [ARG]...\n");
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0) {
		perror("measure: fork");
		return 2;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			close(fd);
		}
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("measure: wait4");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("%.6f %ld %d\n", s, ru.ru_maxrss, code);
	return 0;
}
