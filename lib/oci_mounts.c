/* oci_mounts.c: config.json's mounts (config.md, "Mounts") into struct
 * mr_mount. Each option is a mount flag, a propagation, bind or rbind, or
 * else data for the filesystem itself ("mode=755"); a bind source is a
 * host path, relative to the bundle. The same tables give `minirun
 * features` its list of options (mr_oci_mount_options), so the two cannot
 * disagree. */
#include "oci_loader.h"

#include "parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

static const struct {
	const char *word;
	unsigned long set, clear;
} mount_flags[] = {
	{"ro", MS_RDONLY, 0},           {"rw", 0, MS_RDONLY},
	{"nosuid", MS_NOSUID, 0},       {"suid", 0, MS_NOSUID},
	{"nodev", MS_NODEV, 0},         {"dev", 0, MS_NODEV},
	{"noexec", MS_NOEXEC, 0},       {"exec", 0, MS_NOEXEC},
	{"sync", MS_SYNCHRONOUS, 0},    {"async", 0, MS_SYNCHRONOUS},
	{"dirsync", MS_DIRSYNC, 0},     {"remount", MS_REMOUNT, 0},
	{"noatime", MS_NOATIME, 0},     {"atime", 0, MS_NOATIME},
	{"nodiratime", MS_NODIRATIME, 0}, {"diratime", 0, MS_NODIRATIME},
	{"relatime", MS_RELATIME, 0},   {"norelatime", 0, MS_RELATIME},
	{"strictatime", MS_STRICTATIME, 0}, {"nostrictatime", 0, MS_STRICTATIME},
	{"defaults", 0, 0},
};

static const struct {
	const char *word;
	unsigned long propagation;
} propagations[] = {
	{"private", MS_PRIVATE},   {"rprivate", MS_REC | MS_PRIVATE},
	{"shared", MS_SHARED},     {"rshared", MS_REC | MS_SHARED},
	{"slave", MS_SLAVE},       {"rslave", MS_REC | MS_SLAVE},
	{"unbindable", MS_UNBINDABLE}, {"runbindable", MS_REC | MS_UNBINDABLE},
};

bool ol_propagation_word(const char *word, unsigned long *out)
{
	for (size_t i = 0; i < sizeof propagations / sizeof propagations[0]; i++)
		if (!strcmp(word, propagations[i].word)) {
			*out = propagations[i].propagation;
			return true;
		}
	return false;
}

static bool flag_word(const char *word, unsigned long *flags)
{
	for (size_t i = 0; i < sizeof mount_flags / sizeof mount_flags[0]; i++)
		if (!strcmp(word, mount_flags[i].word)) {
			*flags = (*flags | mount_flags[i].set) & ~mount_flags[i].clear;
			return true;
		}
	return false;
}

static int compare_words(const void *a, const void *b)
{
	return strcmp(json_string_value(*(json_t *const *)a), json_string_value(*(json_t *const *)b));
}

json_t *mr_oci_mount_options(void)
{
	json_t *words[sizeof mount_flags / sizeof mount_flags[0] + sizeof propagations / sizeof propagations[0] + 2];
	size_t n = 0;
	for (size_t i = 0; i < sizeof mount_flags / sizeof mount_flags[0]; i++)
		words[n++] = json_string(mount_flags[i].word);
	for (size_t i = 0; i < sizeof propagations / sizeof propagations[0]; i++)
		words[n++] = json_string(propagations[i].word);
	words[n++] = json_string("bind");
	words[n++] = json_string("rbind");
	qsort(words, n, sizeof words[0], compare_words);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, words[i]);
	return arr;
}

/* Append an option the filesystem itself reads ("mode=755") to data. */
static int append_data(char **data, const char *word)
{
	size_t have = *data ? strlen(*data) : 0, len = strlen(word);
	char *d = realloc(*data, have + len + 2);
	if (!d)
		return -1;
	if (have)
		d[have++] = ',';
	memcpy(d + have, word, len + 1);
	*data = d;
	return 0;
}

/* options: flags, propagation, bind/rbind; the rest is the filesystem's
 * data. *bind: 1 bind, 2 rbind, 0 neither. */
static int mount_options(struct loader *l, const json_t *opts, const char *path, struct mr_mount *m, int *bind)
{
	char p[JPATH];
	const json_t *v;
	size_t i;
	json_array_foreach(opts, i, v) {
		if (!json_is_string(v))
			return ol_mismatch(l, ol_at_index(p, path, i), "a mount option like \"nosuid\" or \"mode=755\"", v);
		const char *word = json_string_value(v);
		if (!strcmp(word, "bind") || !strcmp(word, "rbind"))
			*bind = *bind == 2 || word[0] == 'r' ? 2 : 1;
		else if (!ol_propagation_word(word, &m->propagation) && !flag_word(word, &m->flags) && *word &&
		         append_data(&m->data, word) < 0)
			return ol_oom(l, path);
	}
	return 0;
}

/* A bind mount: the source is a host path, relative to the bundle. */
static int bind_mount(struct loader *l, const char *source, const char *path, int bind, struct mr_mount *m)
{
	char p[JPATH];
	if (!source || !*source)
		return ol_bad(l, ol_at_key(p, path, "source"), "missing: expected the host path to bind");
	m->kind = MR_MOUNT_BIND;
	m->nonrecursive = bind != 2;
	errno = ENOMEM;
	if (!(m->source = ol_host_path(l->bundle, source)))
		return mr_fail(l->err, errno, "%s: resolve \"%s\" against the bundle %s",
		               ol_at_key(p, path, "source"), source, l->bundle);
	return 0;
}

static int load_mount(struct loader *l, const json_t *j, const char *path, struct mr_mount *m)
{
	char p[JPATH];
	const char *dest = NULL, *type = NULL, *source = NULL;
	const json_t *opts;
	int bind = 0;
	if (!json_is_object(j))
		return ol_mismatch(l, path, "an object {\"destination\", \"type\", \"source\", \"options\"}", j);
	if (ol_get_string(l, j, path, "destination", &dest) < 0 || ol_get_string(l, j, path, "type", &type) < 0 ||
	    ol_get_string(l, j, path, "source", &source) < 0 ||
	    ol_get_array(l, j, path, "options", "mount options", &opts) < 0 ||
	    mount_options(l, opts, ol_at_key(p, path, "options"), m, &bind) < 0)
		return -1;
	if (!dest || !*dest)
		return ol_bad(l, ol_at_key(p, path, "destination"), "missing: expected a path in the container");
	/* Relative destinations are relative to the container's /, as runc
	 * takes them. */
	if (asprintf(&m->dest, "%s%s", dest[0] == '/' ? "" : "/", dest) < 0) {
		m->dest = NULL;
		return ol_oom(l, path);
	}
	if ((type && !strcmp(type, "bind")) || bind)
		return bind_mount(l, source, path, bind ? bind : 1, m);
	if (!type || !*type)
		return ol_bad(l, ol_at_key(p, path, "type"), "missing: expected a filesystem type (\"tmpfs\", \"proc\"…) "
		              "or a bind mount (type \"bind\" or option \"rbind\")");
	m->kind = MR_MOUNT_FS;
	m->fstype = strdup(type);
	m->source = strdup(source && *source ? source : type);
	return m->fstype && m->source ? 0 : ol_oom(l, path);
}

int ol_load_mounts(struct loader *l, const json_t *root)
{
	char p[JPATH];
	const json_t *list, *j;
	size_t i;
	if (ol_get_array(l, root, NULL, "mounts", "mount objects", &list) < 0)
		return -1;
	json_array_foreach(list, i, j) {
		struct mr_mount m = {0};
		struct mr_mount *grown = realloc(l->cfg->mounts, (l->cfg->n_mounts + 1) * sizeof *grown);
		if (grown)
			l->cfg->mounts = grown;
		if (!grown || load_mount(l, j, ol_at_index(p, "mounts", i), &m) < 0) {
			mr_mount_clear(&m);
			return grown ? -1 : ol_oom(l, p);
		}
		l->cfg->mounts[l->cfg->n_mounts++] = m;
	}
	return 0;
}
