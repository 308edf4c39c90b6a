/*
 * warn.h - terminal-safe output for both programs: messages on standard
 * error: "PROGRAM: message",
 * with every byte a terminal could act on (escape sequences in a file
 * name, invalid UTF-8) shown as U+FFFD, so that no document or path can
 * reach the user's terminal raw.
 */
#ifndef WONK_CLI_WARN_H
#define WONK_CLI_WARN_H

#include <stdio.h>

/* The program name the messages start with. */
void warn_program(const char *name);

void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes s to out made safe for a terminal (as above), without a newline. */
void put_printable(FILE *out, const char *s);

/* Writes a printed JSON object and a newline so that every reader can
 * take it: bytes that are not UTF-8 (a file name's) become U+FFFD, and C1
 * controls and DEL, which JSON allows raw but terminals obey, are escaped
 * like C0 ones. */
void put_json_line(FILE *out, const char *line);

#endif
