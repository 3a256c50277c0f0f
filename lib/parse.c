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

/* The whole of spec as a number from min to max (at most INT64_MAX), or
 * -1 where `unlimited`; else "FLAG 'SPEC': expected EXPECTED". */
static int whole_in(const char *flag, const char *spec, uint64_t min, uint64_t max, bool unlimited, int64_t *out,
                    const char *expected, struct mr_error *err)
{
	uint64_t v;
	if (unlimited && !strcmp(spec, "-1")) {
		*out = -1;
		return 0;
	}
	if (!whole_number(spec, &v) || v < min || v > max)
		return mr_fail(err, 0, "%s '%s': expected %s", flag, spec, expected);
	*out = (int64_t)v;
	return 0;
}

/* The same for a value that cannot be unlimited, into a uint64_t. */
static int whole_in_u(const char *flag, const char *spec, uint64_t min, uint64_t max, uint64_t *out,
                      const char *expected, struct mr_error *err)
{
	int64_t v;
	if (whole_in(flag, spec, min, max, false, &v, expected, err) < 0)
		return -1;
	*out = (uint64_t)v;
	return 0;
}

int mr_parse_pids_limit(const char *spec, int64_t *pids, struct mr_error *err)
{
	return whole_in("--pids-limit", spec, 1, INT64_MAX, true, pids,
	                "a number of processes like 100, or -1 for unlimited", err);
}

int mr_parse_cpu_shares(const char *spec, uint64_t *shares, struct mr_error *err)
{
	return whole_in_u("--cpu-shares", spec, 2, 262144, shares, "a relative weight from 2 to 262144 (the default "
	                  "is 1024)", err);
}

/* The kernel's bounds for CFS bandwidth: a quota of at least 1 ms, a
 * period from 1 ms to 1 s (kernel/sched/core.c, cgroup v1 and v2 alike). */
int mr_parse_cpu_quota(const char *spec, int64_t *quota, struct mr_error *err)
{
	return whole_in("--cpu-quota", spec, 1000, INT64_MAX, true, quota,
	                "microseconds of CPU time per period, at least 1000 (1 ms), or -1 for unlimited", err);
}

int mr_parse_cpu_period(const char *spec, uint64_t *period, struct mr_error *err)
{
	return whole_in_u("--cpu-period", spec, 1000, 1000000, period, "microseconds from 1000 to 1000000 (1 ms to "
	                  "1 s; the default is 100000)", err);
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

int mr_parse_resource(const char *name, const char *value, struct mr_resources *r, struct mr_error *err)
{
	if (!strcmp(name, "memory"))
		return mr_parse_bytes("--memory", value, true, &r->memory, err);
	if (!strcmp(name, "memory-swap"))
		return mr_parse_bytes("--memory-swap", value, true, &r->memory_swap, err);
	if (!strcmp(name, "pids-limit"))
		return mr_parse_pids_limit(value, &r->pids, err);
	if (!strcmp(name, "cpus"))
		return mr_parse_cpus(value, &r->cpu_quota, &r->cpu_period, err);
	if (!strcmp(name, "cpu-shares") || !strcmp(name, "cpu-share"))
		return mr_parse_cpu_shares(value, &r->cpu_shares, err);
	if (!strcmp(name, "cpu-quota"))
		return mr_parse_cpu_quota(value, &r->cpu_quota, err);
	if (!strcmp(name, "cpu-period"))
		return mr_parse_cpu_period(value, &r->cpu_period, err);
	if (!strcmp(name, "cpuset-cpus")) {
		r->cpuset_cpus = value;
		return mr_parse_cpuset("--cpuset-cpus", value, err);
	}
	if (!strcmp(name, "cpuset-mems")) {
		r->cpuset_mems = value;
		return mr_parse_cpuset("--cpuset-mems", value, err);
	}
	return mr_fail(err, 0, "--%s: not a resource limit", name);
}

/* ---- output of other programs ------------------------------------------ */

/* Field i (from 0) of a line split on blanks: its start and *len, or NULL. */
static const char *field_at(const char *line, size_t end, int i, size_t *len)
{
	size_t at = 0;
	for (int k = 0;; k++) {
		while (at < end && isspace((unsigned char)line[at]))
			at++;
		if (at == end)
			return NULL;
		*len = 0;
		while (at + *len < end && !isspace((unsigned char)line[at + *len]))
			++*len;
		if (k == i)
			return line + at;
		at += *len;
	}
}

static bool listed(const pid_t *pids, size_t n, long pid)
{
	for (size_t i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

char *mr_ps_filter(const char *output, const pid_t *pids, size_t n, struct mr_error *err)
{
	size_t head = strcspn(output, "\n"), len, flen;
	int col = -1;
	for (int i = 0; col < 0; i++) {
		const char *f = field_at(output, head, i, &flen);
		if (!f) {
			mr_fail(err, 0, "ps printed no PID column in its first line \"%.*s\" (its options must keep "
			        "the PID column, e.g. -o pid,comm)", (int)head, output);
			return NULL;
		}
		if (flen == 3 && !strncmp(f, "PID", 3))
			col = i;
	}
	char *out = malloc(strlen(output) + 2);
	if (!out) {
		mr_fail(err, ENOMEM, "ps");
		return NULL;
	}
	memcpy(out, output, head);
	size_t o = head;
	out[o++] = '\n';
	for (const char *line = output + head; *line; line += len) {
		line += *line == '\n';
		len = strcspn(line, "\n");
		if (!field_at(line, len, 0, &flen))
			continue; /* a blank line */
		const char *f = field_at(line, len, col, &flen);
		char *end = NULL;
		long pid = f ? strtol(f, &end, 10) : -1;
		if (!f || end != f + flen) {
			mr_fail(err, 0, "ps: no process id in column %d of \"%.*s\"", col + 1, (int)len, line);
			free(out);
			return NULL;
		}
		if (listed(pids, n, pid)) {
			memcpy(out + o, line, len);
			o += len;
			out[o++] = '\n';
		}
	}
	out[o] = 0;
	return out;
}

void mr_mount_clear(struct mr_mount *m)
{
	free(m->source);
	free(m->dest);
	free(m->fstype);
	free(m->data);
	memset(m, 0, sizeof *m);
}
