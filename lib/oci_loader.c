/* oci_loader.c: the readers every part of the config.json loader uses
 * (declared, with what each does, in oci_loader.h): JSON paths for the
 * messages, "expected …, got …" errors, members of each JSON type, and
 * host paths against the bundle. */
#include "oci_loader.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- JSON paths and errors -------------------------------------------- */

/* A path too long for the buffer ends in "...": still names the place. */
static const char *clipped(char *out, int len)
{
	if (len >= JPATH)
		memcpy(out + JPATH - 4, "...", 4);
	return out;
}

const char *ol_at_key(char *out, const char *base, const char *key)
{
	return clipped(out, snprintf(out, JPATH, "%s%s%s", base ? base : "", base && *base ? "." : "", key));
}

const char *ol_at_index(char *out, const char *base, size_t i)
{
	return clipped(out, snprintf(out, JPATH, "%s[%zu]", base, i));
}

int ol_bad(struct loader *l, const char *path, const char *fmt, ...)
{
	char what[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return mr_fail(l->err, 0, "%s: %s", path, what);
}

int ol_oom(struct loader *l, const char *path)
{
	return mr_fail(l->err, ENOMEM, "%s", path);
}

/* What a wrong value was, for "expected …, got …". */
static const char *got(const json_t *v, char *buf, size_t len)
{
	switch (json_typeof(v)) {
	case JSON_STRING: snprintf(buf, len, "\"%.40s\"", json_string_value(v)); break;
	case JSON_INTEGER: snprintf(buf, len, "%lld", (long long)json_integer_value(v)); break;
	case JSON_REAL: snprintf(buf, len, "%g", json_real_value(v)); break;
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	case JSON_NULL: return "null";
	case JSON_ARRAY: return json_array_size(v) ? "an array" : "[]";
	case JSON_OBJECT: return "an object";
	}
	return buf;
}

int ol_mismatch(struct loader *l, const char *path, const char *expected, const json_t *v)
{
	char buf[64];
	return ol_bad(l, path, "expected %s, got %s", expected, got(v, buf, sizeof buf));
}

/* ---- typed members ---------------------------------------------------- */

const json_t *ol_member(const json_t *obj, const char *key)
{
	const json_t *v = obj ? json_object_get(obj, key) : NULL;
	return v && !json_is_null(v) ? v : NULL;
}

int ol_get_string(struct loader *l, const json_t *obj, const char *base, const char *key,
                  const char **out)
{
	char p[JPATH];
	const json_t *v = ol_member(obj, key);
	if (!v)
		return 0;
	if (!json_is_string(v))
		return ol_mismatch(l, ol_at_key(p, base, key), "a string", v);
	*out = json_string_value(v);
	return 0;
}

int ol_get_bool(struct loader *l, const json_t *obj, const char *base, const char *key, bool *out)
{
	char p[JPATH];
	const json_t *v = ol_member(obj, key);
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return ol_mismatch(l, ol_at_key(p, base, key), "true or false", v);
	*out = json_is_true(v);
	return 0;
}

int ol_want_int(struct loader *l, const json_t *v, const char *path, long long min, long long max,
                long long *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= min && json_integer_value(v) <= max) {
		*out = json_integer_value(v);
		return 0;
	}
	/* A document with a number beyond jansson's integers is read with
	 * every number as a double (mr_oci_parse_file): take whole ones, but
	 * only below 2^53, where a double still holds every integer; a bigger
	 * one may have been rounded, and a limit must not change silently. */
	double d = json_is_real(v) ? json_real_value(v) : 0.5;
	if (fabs(d) >= MR_JSON_EXACT)
		return ol_bad(l, path, "%g cannot be read exactly: this file holds a number above 2^63-1, so "
		              "jansson reads its numbers as doubles, exact below 2^53", d);
	if (d >= (double)min && d <= (double)max && d == (double)(long long)d) {
		*out = (long long)d;
		return 0;
	}
	char expected[96];
	if (max == LLONG_MAX && min < 0)
		snprintf(expected, sizeof expected, "an integer, -1 for unlimited");
	else if (max == LLONG_MAX)
		snprintf(expected, sizeof expected, "an integer from %lld up", min);
	else
		snprintf(expected, sizeof expected, "an integer from %lld to %lld", min, max);
	return ol_mismatch(l, path, expected, v);
}

int ol_get_int(struct loader *l, const json_t *obj, const char *base, const char *key, long long min,
               long long max, long long *out, bool *present)
{
	char p[JPATH];
	const json_t *v = ol_member(obj, key);
	if (present)
		*present = v != NULL;
	return v ? ol_want_int(l, v, ol_at_key(p, base, key), min, max, out) : 0;
}

int ol_get_object(struct loader *l, const json_t *obj, const char *base, const char *key,
                  const json_t **out)
{
	char p[JPATH];
	*out = ol_member(obj, key);
	if (*out && !json_is_object(*out))
		return ol_mismatch(l, ol_at_key(p, base, key), "an object", *out);
	return 0;
}

int ol_get_array(struct loader *l, const json_t *obj, const char *base, const char *key,
                 const char *of, const json_t **out)
{
	char p[JPATH], expected[64];
	*out = ol_member(obj, key);
	snprintf(expected, sizeof expected, "an array of %s", of);
	if (*out && !json_is_array(*out))
		return ol_mismatch(l, ol_at_key(p, base, key), expected, *out);
	return 0;
}

int ol_string_list(struct loader *l, const json_t *arr, const char *path, bool absolute, char ***out)
{
	size_t n = json_array_size(arr), i;
	char **list = mr_config_keep(l->cfg, calloc(n + 1, sizeof *list));
	if (!list)
		return ol_oom(l, path);
	const json_t *v;
	json_array_foreach(arr, i, v) {
		char p[JPATH];
		if (!json_is_string(v))
			return ol_mismatch(l, ol_at_index(p, path, i), absolute ? "an absolute path" : "a string", v);
		if (absolute && json_string_value(v)[0] != '/')
			return ol_mismatch(l, ol_at_index(p, path, i), "an absolute path", v);
		list[i] = (char *)json_string_value(v);
	}
	*out = list;
	return 0;
}

/* ---- paths on the host ------------------------------------------------- */

/* Drop "." and empty components: "/b/./rootfs/" -> "/b/rootfs". ".." stays:
 * resolving it lexically would be wrong across a symlink. */
static void squeeze(char *path)
{
	char *out = path, *in = path;
	while (*in) {
		size_t len = strcspn(in, "/");
		if (len && !(len == 1 && in[0] == '.')) {
			*out++ = '/';
			memmove(out, in, len);
			out += len;
		}
		in += len + (in[len] == '/');
	}
	if (out == path)
		*out++ = '/';
	*out = 0;
}

char *ol_host_path(const char *bundle, const char *path)
{
	if (path[0] == '/')
		return strdup(path);
	char cwd[PATH_MAX] = "";
	if (bundle[0] != '/' && !getcwd(cwd, sizeof cwd))
		return NULL;
	char *joined;
	if (asprintf(&joined, "%s/%s/%s", cwd, bundle, path) < 0)
		return NULL;
	squeeze(joined);
	return joined;
}
