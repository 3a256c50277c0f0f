/* Errors are recorded where they happen and printed once, at the top. */
#include "minirun.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int vfail(struct mr_error *err, int code, int errnum, const char *fmt, va_list ap)
{
	err->exit_code = code;
	err->errnum = errnum;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return -1;
}

int mr_fail(struct mr_error *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(err, MR_EXIT_RUNTIME, errnum, fmt, ap);
	va_end(ap);
	return -1;
}

int mr_fail_code(struct mr_error *err, int code, int errnum, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(err, code, errnum, fmt, ap);
	va_end(ap);
	return -1;
}

void mr_error_print(const struct mr_error *err)
{
	if (err->errnum)
		fprintf(stderr, "minirun: %s: %s\n", err->msg, strerror(err->errnum));
	else
		fprintf(stderr, "minirun: %s\n", err->msg);
}

void mr_notice(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "minirun: notice: %s\n", line);
}

void mr_verbose(const struct mr_config *cfg, const char *fmt, ...)
{
	if (!cfg->verbose)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "minirun: %s\n", line);
}
