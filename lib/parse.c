/* Pure parsers for the Docker-style flags. */
#include "parse.h"

#include <stdlib.h>
#include <string.h>
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

void mr_mount_clear(struct mr_mount *m)
{
	free(m->source);
	free(m->dest);
	free(m->fstype);
	free(m->data);
	memset(m, 0, sizeof *m);
}
