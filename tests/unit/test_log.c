/* Unit tests for --log / --log-format (lib/error.c): every error and
 * notice also lands in the log file, as text or as the JSON lines engines
 * read; stderr stays as it was. */
#include "minirun.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <jansson.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64], log_path[128], err_path[128];

/* stderr goes to a file, so the tests can see it is unchanged */
static void setup(void)
{
	strcpy(dir, "/tmp/mr-unit-log-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(log_path, sizeof log_path, "%s/log", dir);
	snprintf(err_path, sizeof err_path, "%s/stderr", dir);
	cr_assert_not_null(freopen(err_path, "w", stderr));
	setvbuf(stderr, NULL, _IONBF, 0);
}

static void teardown(void)
{
	unlink(log_path);
	unlink(err_path);
	rmdir(dir);
}

TestSuite(log, .init = setup, .fini = teardown);

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "%s", path);
	char *buf = calloc(1, 65536);
	buf[fread(buf, 1, 65535, f)] = 0;
	fclose(f);
	return buf;
}

static bool matches(const char *text, const char *pattern)
{
	regex_t re;
	cr_assert_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
	bool ok = regexec(&re, text, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static void open_log(const char *format)
{
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_log_open(log_path, format, &err), 0, "%s", err.msg);
}

Test(log, json_lines_like_runcs)
{
	open_log("json");
	struct mr_error err = MR_ERROR_INIT;
	mr_fail(&err, ENOENT, "mount \"proc\" on /proc");
	mr_error_print(&err);
	mr_notice("seccomp profile: skipped %d names", 3);
	char *text = slurp(log_path);
	char *second = strchr(text, '\n');
	cr_assert_not_null(second, "%s", text);
	*second++ = 0;
	/* the keys in runc's (logrus's) order */
	cr_assert(matches(text, "^\\{\"level\":\"error\",\"msg\":\".*\",\"time\":\"[0-9]{4}-[0-9]{2}-"
	                        "[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\"\\}$"), "%s", text);
	json_error_t jerr;
	json_t *line = json_loads(text, 0, &jerr);
	cr_assert_not_null(line, "%s: %s", text, jerr.text);
	cr_assert_str_eq(json_string_value(json_object_get(line, "msg")),
	                 "mount \"proc\" on /proc: No such file or directory");
	json_decref(line);
	line = json_loads(second, JSON_DISABLE_EOF_CHECK, &jerr);
	cr_assert_not_null(line, "%s: %s", second, jerr.text);
	cr_assert_str_eq(json_string_value(json_object_get(line, "level")), "warning");
	cr_assert_str_eq(json_string_value(json_object_get(line, "msg")),
	                 "seccomp profile: skipped 3 names");
	json_decref(line);
	cr_assert_eq(strchr(second, '\n')[1], 0, "more than two lines: %s", second);
	free(text);
	/* stderr is what it always was */
	char *stderr_text = slurp(err_path);
	cr_assert_str_eq(stderr_text, "minirun: mount \"proc\" on /proc: No such file or directory\n"
	                              "minirun: notice: seccomp profile: skipped 3 names\n");
	free(stderr_text);
}

Test(log, control_characters_are_escaped)
{
	open_log("json");
	struct mr_error err = MR_ERROR_INIT;
	mr_fail(&err, 0, "a\nb\tc\\d\x01" "e");
	mr_error_print(&err);
	char *text = slurp(log_path);
	cr_assert_eq(strchr(text, '\n'), text + strlen(text) - 1, "not one line: %s", text);
	json_t *line = json_loads(text, 0, NULL);
	cr_assert_not_null(line, "%s", text);
	cr_assert_str_eq(json_string_value(json_object_get(line, "msg")), "a\nb\tc\\d\x01" "e");
	json_decref(line);
	free(text);
}

Test(log, text_lines)
{
	open_log(NULL); /* text is the default */
	struct mr_error err = MR_ERROR_INIT;
	mr_fail(&err, 0, "container \"x\" does not exist");
	mr_error_print(&err);
	mr_notice("careful");
	char *text = slurp(log_path);
	cr_assert(matches(text, "^time=\"[0-9-]{10}T[0-9:]{8}Z\" level=error "
	                        "msg=\"container \\\\\"x\\\\\" does not exist\"\n"
	                        "time=\"[0-9-]{10}T[0-9:]{8}Z\" level=warning msg=\"careful\"\n$"),
	          "%s", text);
	free(text);
}

Test(log, the_log_is_appended_to)
{
	FILE *f = fopen(log_path, "w");
	fputs("earlier\n", f);
	fclose(f);
	open_log("text");
	mr_notice("later");
	char *text = slurp(log_path);
	cr_assert_eq(strncmp(text, "earlier\ntime=", 13), 0, "%s", text);
	free(text);
}

Test(log, no_log_no_file)
{
	mr_notice("only on stderr");
	cr_assert_eq(access(log_path, F_OK), -1);
	char *stderr_text = slurp(err_path);
	cr_assert_str_eq(stderr_text, "minirun: notice: only on stderr\n");
	free(stderr_text);
}

Test(log, bad_format_or_path)
{
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_log_open(log_path, "xml", &err), -1);
	cr_assert_str_eq(err.msg, "--log-format \"xml\": use text or json");
	cr_assert_eq(err.exit_code, MR_EXIT_RUNTIME);
	struct mr_error err2 = MR_ERROR_INIT;
	cr_assert_eq(mr_log_open("/nonexistent/dir/log", "json", &err2), -1);
	cr_assert_eq(err2.errnum, ENOENT);
	cr_assert_str_eq(err2.msg, "--log /nonexistent/dir/log");
}
