/*
 * status.c - version, status strings and the per-handle error message.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "wonk-private.h"

WONK_EXPORT const char *wonk_version(void)
{
	return WONK_VERSION_STRING;
}

WONK_EXPORT const char *wonk_status_string(wonk_status status)
{
	switch (status) {
	case WONK_OK: return "success";
	case WONK_ERR_INVALID_ARG: return "invalid argument";
	case WONK_ERR_NOT_FOUND: return "not found";
	case WONK_ERR_LOCKED: return "index is locked by another writer";
	case WONK_ERR_CORRUPT: return "index is corrupt";
	case WONK_ERR_MODIFIED: return "index was modified during the operation; retry";
	case WONK_ERR_VERSION: return "index was made by an incompatible version";
	case WONK_ERR_IO: return "input/output error";
	case WONK_ERR_NO_MEMORY: return "out of memory";
	case WONK_ERR_QUERY_SYNTAX: return "query syntax error";
	case WONK_ERR_UNSUPPORTED: return "unsupported file type";
	case WONK_ERR_BAD_INPUT: return "file cannot be read as text";
	case WONK_ERR_READ_ONLY: return "index is open read-only";
	case WONK_ERR_XAPIAN: return "index engine error";
	case WONK_STATUS_LAST: break;
	}
	return "unknown status";
}

WONK_EXPORT void wonk_free(void *p)
{
	free(p);
}

WONK_EXPORT const char *wonk_errmsg(const wonk_index *idx)
{
	if (!idx || !idx->errmsg)
		return "";
	return idx->errmsg;
}

WONK_EXPORT size_t wonk_error_position(const wonk_index *idx)
{
	return idx ? idx->errpos : 0;
}

wonk_status wonk_take_error(wonk_index *idx, wonk_status status, char *msg)
{
	free(idx->errmsg);
	idx->errpos = 0;
	/* Without a message (out of memory making it), the status says it. */
	idx->errmsg = msg;
	if (!idx->errmsg)
		idx->errmsg = wonk_strdup_printf("%s", wonk_status_string(status));
	/* Damage is named with its index and what to do about it. */
	if (status == WONK_ERR_CORRUPT && idx->errmsg && idx->dir) {
		char *full = wonk_strdup_printf("%s: %s; rebuild it with: wonk-index --rebuild -d %s PATH...",
						idx->dir, idx->errmsg, idx->dir);
		if (full) {
			free(idx->errmsg);
			idx->errmsg = full;
		}
	}
	return status;
}

wonk_status wonk_set_error(wonk_index *idx, wonk_status status,
			   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = wonk_strdup_vprintf(fmt, ap);
	va_end(ap);
	return wonk_take_error(idx, status, msg);
}
