/* Pure parsers for the Docker-style flags. */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mount.h>

struct flag_word {
	const char *word;
	unsigned long set, clear;
};

/* Mount flags a user may ask for by name. */
static const struct flag_word flag_words[] = {
	{"ro", MS_RDONLY, 0},       {"rw", 0, MS_RDONLY},
	{"nosuid", MS_NOSUID, 0},   {"suid", 0, MS_NOSUID},
	{"nodev", MS_NODEV, 0},     {"dev", 0, MS_NODEV},
	{"noexec", MS_NOEXEC, 0},   {"exec", 0, MS_NOEXEC},
};

static const struct flag_word *find_flag(const char *word, size_t len)
{
	for (size_t i = 0; i < sizeof flag_words / sizeof flag_words[0]; i++)
		if (strlen(flag_words[i].word) == len && !strncmp(flag_words[i].word, word, len))
			return &flag_words[i];
	return NULL;
}

/* Apply a comma list of options to *flags. Words that are not flags are
 * appended to *data when data is non-NULL (fs options), else an error. */
static int parse_options(const char *what, const char *opts, unsigned long *flags,
                         char **data, struct mr_error *err)
{
	size_t dlen = 0;
	for (const char *p = opts; *p;) {
		size_t len = strcspn(p, ",");
		const struct flag_word *f = find_flag(p, len);
		if (f) {
			*flags = (*flags | f->set) & ~f->clear;
		} else if (data && len) {
			*data = realloc(*data, dlen + len + 2);
			if (dlen)
				(*data)[dlen++] = ',';
			memcpy(*data + dlen, p, len);
			dlen += len;
			(*data)[dlen] = 0;
		} else if (len) {
			return mr_fail(err, 0, "%s: unknown option '%.*s' (expected ro, rw, nosuid, nodev, noexec)",
			               what, (int)len, p);
		}
		p += len + (p[len] == ',');
	}
	return 0;
}

int mr_parse_volume(const char *spec, struct mr_mount *m, struct mr_error *err)
{
	memset(m, 0, sizeof *m);
	const char *c1 = strchr(spec, ':');
	if (!c1 || c1 == spec || !c1[1])
		return mr_fail(err, 0, "--volume '%s': expected SRC:DST[:OPTS], e.g. /srv/data:/data:ro", spec);
	const char *dst = c1 + 1;
	const char *c2 = strchr(dst, ':');
	size_t dlen = c2 ? (size_t)(c2 - dst) : strlen(dst);
	if (spec[0] != '/')
		return mr_fail(err, 0, "--volume '%s': the source must be an absolute host path", spec);
	if (dst[0] != '/' || dlen == 0)
		return mr_fail(err, 0, "--volume '%s': the destination must be an absolute path in the container", spec);
	m->kind = MR_MOUNT_BIND;
	m->source = strndup(spec, (size_t)(c1 - spec));
	m->dest = strndup(dst, dlen);
	if (c2 && parse_options("--volume", c2 + 1, &m->flags, NULL, err) < 0) {
		mr_mount_clear(m);
		return -1;
	}
	return 0;
}

int mr_parse_tmpfs(const char *spec, struct mr_mount *m, struct mr_error *err)
{
	memset(m, 0, sizeof *m);
	const char *colon = strchr(spec, ':');
	size_t dlen = colon ? (size_t)(colon - spec) : strlen(spec);
	if (spec[0] != '/' || dlen == 0)
		return mr_fail(err, 0, "--tmpfs '%s': expected an absolute path in the container, e.g. /run:size=64m", spec);
	m->kind = MR_MOUNT_FS;
	m->fstype = strdup("tmpfs");
	m->source = strdup("tmpfs");
	m->dest = strndup(spec, dlen);
	m->flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	if (colon && parse_options("--tmpfs", colon + 1, &m->flags, &m->data, err) < 0) {
		mr_mount_clear(m);
		return -1;
	}
	return 0;
}

int mr_parse_env(const char *spec, char *const *host_env, char **out, struct mr_error *err)
{
	*out = NULL;
	const char *eq = strchr(spec, '=');
	size_t klen = eq ? (size_t)(eq - spec) : strlen(spec);
	if (klen == 0)
		return mr_fail(err, 0, "--env '%s': expected KEY=VALUE or KEY", spec);
	if (eq) {
		*out = strdup(spec);
		return 0;
	}
	for (char *const *e = host_env; e && *e; e++)
		if (!strncmp(*e, spec, klen) && (*e)[klen] == '=') {
			*out = strdup(*e);
			break;
		}
	return 0;
}

int mr_parse_net(const char *spec, enum mr_net_mode *mode, char **path, struct mr_error *err)
{
	*path = NULL;
	if (!strcmp(spec, "host")) {
		*mode = MR_NET_HOST;
	} else if (!strcmp(spec, "none") || !strcmp(spec, "private")) {
		*mode = MR_NET_NEW;
	} else if (!strncmp(spec, "ns:", 3) && spec[3] == '/') {
		*mode = MR_NET_JOIN;
		*path = strdup(spec + 3);
	} else {
		return mr_fail(err, 0, "--net '%s': expected host, none (a new namespace with only lo, the default) or ns:/path/to/netns",
		               spec);
	}
	return 0;
}

/* ---- resource limits ---------------------------------------------------- */

/* The number s starts with ("1.5g" → 1.5) as num/den, den a power of ten.
 * The rest of s, or NULL when s does not start with a digit or has more
 * digits than fit. */
static const char *decimal(const char *s, uint64_t *num, uint64_t *den)
{
	bool point = false;
	*num = 0;
	*den = 1;
	if (!isdigit((unsigned char)*s))
		return NULL;
	for (; isdigit((unsigned char)*s) || (*s == '.' && !point && isdigit((unsigned char)s[1])); s++) {
		if (*s == '.') {
			point = true;
			continue;
		}
		if (*num > UINT64_MAX / 10 - 1 || *den > UINT64_MAX / 10)
			return NULL;
		*num = *num * 10 + (uint64_t)(*s - '0');
		if (point)
			*den *= 10;
	}
	return s;
}

/* A size's unit as a power of two: "" or "b" 0, "k" 10, "m" 20, "g" 30,
 * "t" 40 (each also with "b" or "ib" after it, in any case); else -1. */
static int unit_shift(const char *u)
{
	static const char units[] = "kmgt";
	if (!*u || !strcasecmp(u, "b"))
		return 0;
	const char *at = strchr(units, tolower((unsigned char)u[0]));
	if (!at || (u[1] && strcasecmp(u + 1, "b") && strcasecmp(u + 1, "ib")))
		return -1;
	return 10 * (int)(at - units + 1);
}

int mr_parse_bytes(const char *flag, const char *spec, bool allow_unlimited, int64_t *bytes,
                   struct mr_error *err)
{
	uint64_t num, den;
	if (allow_unlimited && !strcmp(spec, "-1")) {
		*bytes = -1;
		return 0;
	}
	const char *rest = decimal(spec, &num, &den);
	int shift = rest ? unit_shift(rest) : -1;
	unsigned __int128 v = shift < 0 ? 0 : ((unsigned __int128)num << shift) / den;
	if (shift < 0 || v == 0)
		return mr_fail(err, 0, "%s '%s': expected a size like 512m or 2g%s", flag, spec,
		               allow_unlimited ? ", or -1 for unlimited" : "");
	if (v > INT64_MAX)
		return mr_fail(err, 0, "%s '%s': too large", flag, spec);
	*bytes = (int64_t)v;
	return 0;
}

int mr_parse_cpus(const char *spec, int64_t *quota, uint64_t *period, struct mr_error *err)
{
	uint64_t num, den;
	const char *rest = decimal(spec, &num, &den);
	if (!rest || *rest)
		return mr_fail(err, 0, "--cpus '%s': expected a number of CPUs like 1.5", spec);
	unsigned __int128 q = (unsigned __int128)num * 100000 / den;
	if (q < 1000)
		return mr_fail(err, 0, "--cpus '%s': at least 0.01 (the kernel's smallest quota is 1 ms of "
		               "every 100 ms)", spec);
	if (q > (unsigned __int128)1 << 40)
		return mr_fail(err, 0, "--cpus '%s': too large", spec);
	*quota = (int64_t)q;
	*period = 100000;
	return 0;
}

/* The whole of s as an unsigned decimal number (no sign, no spaces). */
static bool whole_number(const char *s, uint64_t *v)
{
	char *end;
	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return !*end && !errno;
}

int mr_parse_pids_limit(const char *spec, int64_t *pids, struct mr_error *err)
{
	uint64_t v;
	if (!strcmp(spec, "-1")) {
		*pids = -1;
		return 0;
	}
	if (!whole_number(spec, &v) || v < 1 || v > INT64_MAX)
		return mr_fail(err, 0, "--pids-limit '%s': expected a number of processes like 100, or -1 for "
		               "unlimited", spec);
	*pids = (int64_t)v;
	return 0;
}

int mr_parse_cpu_shares(const char *spec, uint64_t *shares, struct mr_error *err)
{
	if (!whole_number(spec, shares) || *shares < 2 || *shares > 262144)
		return mr_fail(err, 0, "--cpu-shares '%s': expected a relative weight from 2 to 262144 (the "
		               "default is 1024)", spec);
	return 0;
}

int mr_parse_cpuset(const char *flag, const char *spec, struct mr_error *err)
{
	for (const char *p = spec;; p++) {
		char *end;
		if (!isdigit((unsigned char)*p))
			break;
		unsigned long first = strtoul(p, &end, 10), last = first;
		if (*end == '-' && isdigit((unsigned char)end[1]))
			last = strtoul(end + 1, &end, 10);
		if (last < first || (*end && *end != ','))
			break;
		if (!*end)
			return 0;
		p = end;
	}
	return mr_fail(err, 0, "%s '%s': expected CPU numbers and ranges like 0-2,4", flag, spec);
}

void mr_mount_clear(struct mr_mount *m)
{
	free(m->source);
	free(m->dest);
	free(m->fstype);
	free(m->data);
	memset(m, 0, sizeof *m);
}
