/* Errors are recorded where they happen and printed once, at the top;
 * with --log, also appended to the log file engines read. */
#include "minirun.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* --log: the file (O_APPEND, so lines from several processes never
 * interleave) and its format. */
static int log_fd = -1;
static bool log_json;

int mr_log_open(const char *path, const char *format, struct mr_error *err)
{
	bool json;
	if (!format || !strcmp(format, "text"))
		json = false;
	else if (!strcmp(format, "json"))
		json = true;
	else
		return mr_fail(err, 0, "--log-format \"%s\": use text or json", format);
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return mr_fail(err, errno, "--log %s", path);
	if (log_fd >= 0)
		close(log_fd);
	log_fd = fd;
	log_json = json;
	return 0;
}

/* Append s to buf[*len], quoted for JSON (or for logfmt, which quotes the
 * same way): '"', '\\' and control characters escaped; other bytes as they
 * are. Truncates silently at the end of buf. */
static void put_quoted(char *buf, size_t size, size_t *len, const char *s)
{
	for (; *s && *len + 8 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			*len += (size_t)snprintf(buf + *len, size - *len, "\\%c", c);
		else if (c == '\n')
			*len += (size_t)snprintf(buf + *len, size - *len, "\\n");
		else if (c == '\t')
			*len += (size_t)snprintf(buf + *len, size - *len, "\\t");
		else if (c < 0x20 || c == 0x7f)
			*len += (size_t)snprintf(buf + *len, size - *len, "\\u%04x", c);
		else
			buf[(*len)++] = (char)c;
	}
}

/* One line in the log, written with one write(2). */
static void log_line(const char *level, const char *msg)
{
	if (log_fd < 0)
		return;
	char when[32], line[4096];
	size_t len = 0;
	struct tm tm;
	time_t now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (log_json) {
		len = (size_t)snprintf(line, sizeof line, "{\"level\":\"%s\",\"msg\":\"", level);
		put_quoted(line, sizeof line - 64, &len, msg);
		len += (size_t)snprintf(line + len, sizeof line - len, "\",\"time\":\"%s\"}\n", when);
	} else {
		len = (size_t)snprintf(line, sizeof line, "time=\"%s\" level=%s msg=\"", when, level);
		put_quoted(line, sizeof line - 8, &len, msg);
		len += (size_t)snprintf(line + len, sizeof line - len, "\"\n");
	}
	if (write(log_fd, line, len) < 0)
		return; /* nowhere left to report it */
}

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

int mr_error_prefix(struct mr_error *err, const char *fmt, ...)
{
	char prefix[256], msg[sizeof err->msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(msg, err->msg, sizeof msg);
	msg[sizeof msg - 1] = 0;
	size_t len = strlen(prefix);
	snprintf(err->msg, sizeof err->msg, "%s: ", prefix);
	if (len + 2 < sizeof err->msg)
		snprintf(err->msg + len + 2, sizeof err->msg - len - 2, "%s", msg);
	if (!err->exit_code)
		err->exit_code = MR_EXIT_RUNTIME;
	return -1;
}

void mr_error_print(const struct mr_error *err)
{
	char line[1280];
	if (err->errnum)
		snprintf(line, sizeof line, "%s: %s", err->msg, strerror(err->errnum));
	else
		snprintf(line, sizeof line, "%s", err->msg);
	fprintf(stderr, "minirun: %s\n", line);
	log_line("error", line);
}

void mr_notice(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "minirun: notice: %s\n", line);
	log_line("warning", line);
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
