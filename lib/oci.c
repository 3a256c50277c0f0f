/* oci.c: an OCI bundle's config.json (runtime-spec 1.x) into the same
 * struct mr_config the Docker-style flags fill.
 *
 * One function per section of the spec (config.md, config-linux.md), read
 * top to bottom: version, root, process, hostname, mounts, linux, hooks,
 * annotations. Every value is checked for its type and range, and a wrong
 * one is reported with its JSON path and what would be right:
 *     linux.uidMappings[0].size: expected an integer from 1 to 4294967295, got 0
 * Unknown members are ignored, as the spec asks, so that a config written
 * for a newer runtime still loads.
 *
 * The semantics are the spec's, not the CLI's: the environment is exactly
 * process.env, nothing is masked unless listed, no seccomp filter unless
 * linux.seccomp, no_new_privs only when asked, no namespace unless listed,
 * and the workload is pid 1 itself (no minirun init), as with runc.
 *
 * Ownership: strings point into the JSON document where they can (the
 * caller keeps it until after mr_config_free); what is built here is
 * handed to the config (mr_config_keep, or the arrays mr_config_free
 * frees), so an error halfway leaves nothing that mr_config_free misses. */
#include "oci.h"
#include "hooks.h"

#include "caps.h"
#include "mr_seccomp.h"
#include "parse.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

struct loader {
	struct mr_config *cfg;
	const char *bundle;
	struct mr_error *err;
};

/* ---- JSON paths and errors -------------------------------------------- */

/* A JSON path for messages: "linux.devices[2].major". */
#define JPATH 256

/* A path too long for the buffer ends in "...": still names the place. */
static const char *clipped(char *out, int len)
{
	if (len >= JPATH)
		memcpy(out + JPATH - 4, "...", 4);
	return out;
}

static const char *at_key(char *out, const char *base, const char *key)
{
	return clipped(out, snprintf(out, JPATH, "%s%s%s", base ? base : "", base && *base ? "." : "", key));
}

static const char *at_index(char *out, const char *base, size_t i)
{
	return clipped(out, snprintf(out, JPATH, "%s[%zu]", base, i));
}

static int bad(struct loader *l, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct loader *l, const char *path, const char *fmt, ...)
{
	char what[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return mr_fail(l->err, 0, "%s: %s", path, what);
}

static int oom(struct loader *l, const char *path)
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

static int mismatch(struct loader *l, const char *path, const char *expected, const json_t *v)
{
	char buf[64];
	return bad(l, path, "expected %s, got %s", expected, got(v, buf, sizeof buf));
}

/* ---- typed members ------------------------------------------------------
 * Each reads obj[key] at path base.key. Absent or null means "not given":
 * the result is 0 and *out keeps its default. */

static const json_t *member(const json_t *obj, const char *key)
{
	const json_t *v = obj ? json_object_get(obj, key) : NULL;
	return v && !json_is_null(v) ? v : NULL;
}

static int get_string(struct loader *l, const json_t *obj, const char *base, const char *key,
                      const char **out)
{
	char p[JPATH];
	const json_t *v = member(obj, key);
	if (!v)
		return 0;
	if (!json_is_string(v))
		return mismatch(l, at_key(p, base, key), "a string", v);
	*out = json_string_value(v);
	return 0;
}

static int get_bool(struct loader *l, const json_t *obj, const char *base, const char *key, bool *out)
{
	char p[JPATH];
	const json_t *v = member(obj, key);
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return mismatch(l, at_key(p, base, key), "true or false", v);
	*out = json_is_true(v);
	return 0;
}

static int want_int(struct loader *l, const json_t *v, const char *path, long long min, long long max,
                    long long *out)
{
	if (json_is_integer(v) && json_integer_value(v) >= min && json_integer_value(v) <= max) {
		*out = json_integer_value(v);
		return 0;
	}
	char expected[96];
	if (max == LLONG_MAX && min < 0)
		snprintf(expected, sizeof expected, "an integer, -1 for unlimited");
	else if (max == LLONG_MAX)
		snprintf(expected, sizeof expected, "an integer from %lld up", min);
	else
		snprintf(expected, sizeof expected, "an integer from %lld to %lld", min, max);
	return mismatch(l, path, expected, v);
}

/* *present (may be NULL) says whether the member was given. */
static int get_int(struct loader *l, const json_t *obj, const char *base, const char *key, long long min,
                   long long max, long long *out, bool *present)
{
	char p[JPATH];
	const json_t *v = member(obj, key);
	if (present)
		*present = v != NULL;
	return v ? want_int(l, v, at_key(p, base, key), min, max, out) : 0;
}

/* An optional object (*out NULL when absent). */
static int get_object(struct loader *l, const json_t *obj, const char *base, const char *key,
                      const json_t **out)
{
	char p[JPATH];
	*out = member(obj, key);
	if (*out && !json_is_object(*out))
		return mismatch(l, at_key(p, base, key), "an object", *out);
	return 0;
}

/* An optional array (*out NULL when absent). */
static int get_array(struct loader *l, const json_t *obj, const char *base, const char *key,
                     const char *of, const json_t **out)
{
	char p[JPATH], expected[64];
	*out = member(obj, key);
	snprintf(expected, sizeof expected, "an array of %s", of);
	if (*out && !json_is_array(*out))
		return mismatch(l, at_key(p, base, key), expected, *out);
	return 0;
}

/* A NULL-terminated array of the strings in arr (which stay in the
 * document); the array itself is the config's. Absolute paths only when
 * `absolute`. */
static int string_list(struct loader *l, const json_t *arr, const char *path, bool absolute, char ***out)
{
	size_t n = json_array_size(arr), i;
	char **list = mr_config_keep(l->cfg, calloc(n + 1, sizeof *list));
	if (!list)
		return oom(l, path);
	const json_t *v;
	json_array_foreach(arr, i, v) {
		char p[JPATH];
		if (!json_is_string(v))
			return mismatch(l, at_index(p, path, i), absolute ? "an absolute path" : "a string", v);
		if (absolute && json_string_value(v)[0] != '/')
			return mismatch(l, at_index(p, path, i), "an absolute path", v);
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

/* path as given when absolute, else joined to the bundle (itself joined to
 * the current directory when relative): a new string, or NULL. */
static char *host_path(const char *bundle, const char *path)
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

/* ---- ociVersion, root, hostname ---------------------------------------- */

static int load_version(struct loader *l, const json_t *root)
{
	const json_t *v = member(root, "ociVersion");
	if (!v || !json_is_string(v) || strncmp(json_string_value(v), "1.", 2) != 0)
		return v ? mismatch(l, "ociVersion", "a runtime-spec 1.x version like \"1.2.0\"", v)
		         : bad(l, "ociVersion", "missing: expected a runtime-spec 1.x version like \"1.2.0\"");
	return 0;
}

static int load_root(struct loader *l, const json_t *root)
{
	const json_t *r;
	const char *path = NULL;
	if (get_object(l, root, NULL, "root", &r) < 0 || get_string(l, r, "root", "path", &path) < 0 ||
	    get_bool(l, r, "root", "readonly", &l->cfg->readonly_rootfs) < 0)
		return -1;
	if (!path || !*path)
		return bad(l, "root.path", "missing: expected the root filesystem's directory, "
		           "absolute or relative to the bundle, e.g. \"rootfs\"");
	errno = ENOMEM;
	l->cfg->rootfs = mr_config_keep(l->cfg, host_path(l->bundle, path));
	if (!l->cfg->rootfs)
		return mr_fail(l->err, errno, "root.path: resolve \"%s\" against the bundle %s", path, l->bundle);
	return 0;
}

static int load_hostname(struct loader *l, const json_t *root)
{
	const char *name = NULL;
	if (get_string(l, root, NULL, "hostname", &name) < 0)
		return -1;
	l->cfg->hostname = (char *)name;
	return 0;
}

/* ---- process ------------------------------------------------------------ */

static int load_args(struct loader *l, const json_t *process, const char *base)
{
	char p[JPATH];
	const json_t *args = member(process, "args");
	at_key(p, base, "args");
	if (!args || !json_is_array(args) || json_array_size(args) == 0)
		return args ? mismatch(l, p, "a non-empty array of strings", args)
		            : bad(l, p, "missing: expected a non-empty array of strings, e.g. [\"sh\"]");
	return string_list(l, args, p, false, &l->cfg->argv);
}

/* Exactly process.env: the defaults mr_config_init put there go first. */
static void clear_env(struct mr_config *cfg)
{
	for (size_t i = 0; i < cfg->n_env; i++)
		free(cfg->env[i]);
	cfg->n_env = 0;
	if (cfg->env)
		cfg->env[0] = NULL;
}

static int load_env(struct loader *l, const json_t *process, const char *base)
{
	char p[JPATH], q[JPATH];
	const json_t *env, *v;
	size_t i;
	clear_env(l->cfg);
	if (!l->cfg->env && !(l->cfg->env = calloc(1, sizeof *l->cfg->env)))
		return oom(l, at_key(p, base, "env"));
	if (get_array(l, process, base, "env", "\"KEY=value\" strings", &env) < 0)
		return -1;
	at_key(p, base, "env");
	json_array_foreach(env, i, v) {
		const char *kv = json_is_string(v) ? json_string_value(v) : NULL;
		if (!kv || kv[0] == '=' || !strchr(kv, '='))
			return mismatch(l, at_index(q, p, i), "a \"KEY=value\" string", v);
		char *copy = strdup(kv);
		if (!copy || mr_config_putenv(l->cfg, copy) < 0) {
			free(copy);
			return oom(l, at_index(q, p, i));
		}
	}
	return 0;
}

static int load_cwd(struct loader *l, const json_t *process, const char *base)
{
	char p[JPATH];
	const char *cwd = "/";
	if (get_string(l, process, base, "cwd", &cwd) < 0)
		return -1;
	if (cwd[0] != '/')
		return bad(l, at_key(p, base, "cwd"), "expected an absolute path in the container, got \"%s\"", cwd);
	l->cfg->cwd = (char *)cwd;
	return 0;
}

/* additionalGids become --group-add values: numbers need no /etc/group. */
static int load_gids(struct loader *l, const json_t *user, const char *base)
{
	char p[JPATH], q[JPATH];
	const json_t *gids, *v;
	size_t i;
	if (get_array(l, user, base, "additionalGids", "group ids", &gids) < 0)
		return -1;
	if (!gids)
		return 0;
	at_key(p, base, "additionalGids");
	char **list = mr_config_keep(l->cfg, calloc(json_array_size(gids) + 1, sizeof *list));
	if (!list)
		return oom(l, p);
	json_array_foreach(gids, i, v) {
		long long gid;
		if (want_int(l, v, at_index(q, p, i), 0, UINT32_MAX - 1, &gid) < 0)
			return -1;
		if (asprintf(&list[i], "%lld", gid) < 0 || !mr_config_keep(l->cfg, list[i]))
			return oom(l, q);
	}
	l->cfg->group_add = list;
	return 0;
}

/* user {uid, gid, umask, additionalGids} -> cfg->user "UID:GID", which
 * mr_user_resolve turns into ids (numbers need no passwd entry). */
static int load_user(struct loader *l, const json_t *process, const char *base)
{
	char p[JPATH];
	const json_t *user;
	long long uid = 0, gid = 0, umask = 022;
	at_key(p, base, "user");
	if (get_object(l, process, base, "user", &user) < 0 ||
	    get_int(l, user, p, "uid", 0, UINT32_MAX - 1, &uid, NULL) < 0 ||
	    get_int(l, user, p, "gid", 0, UINT32_MAX - 1, &gid, NULL) < 0 ||
	    get_int(l, user, p, "umask", 0, 0777, &umask, NULL) < 0 || load_gids(l, user, p) < 0)
		return -1;
	l->cfg->umask = (mode_t)umask;
	if (asprintf(&l->cfg->user, "%lld:%lld", uid, gid) < 0 || !mr_config_keep(l->cfg, l->cfg->user))
		return oom(l, p);
	return 0;
}

/* ---- process.capabilities ---------------------------------------------- */

static const char *const cap_set_names[] = {"bounding", "effective", "inheritable", "permitted", "ambient"};

static uint64_t *cap_set(struct mr_caps *caps, size_t i)
{
	uint64_t *sets[] = {&caps->bounding, &caps->effective, &caps->inheritable, &caps->permitted,
	                    &caps->ambient};
	return sets[i];
}

static int cap_bit(struct loader *l, const json_t *v, const char *path, uint64_t *mask)
{
	if (!json_is_string(v))
		return mismatch(l, path, "a capability name like \"CAP_KILL\"", v);
	const char *name = json_string_value(v);
	int cap = mr_cap_from_name(name);
	char hint[64];
	if (cap < 0 && mr_cap_suggest(name, hint, sizeof hint))
		return bad(l, path, "unknown capability \"%s\" (did you mean %s?)", name, hint);
	if (cap < 0 || cap > 63)
		return bad(l, path, "unknown capability \"%s\" (`minirun caps --list` shows the names)", name);
	*mask |= UINT64_C(1) << cap;
	return 0;
}

static int load_cap_set(struct loader *l, const json_t *caps, const char *base, size_t set)
{
	char p[JPATH], q[JPATH];
	const json_t *list, *v;
	size_t i;
	if (get_array(l, caps, base, cap_set_names[set], "capability names", &list) < 0)
		return -1;
	at_key(p, base, cap_set_names[set]);
	json_array_foreach(list, i, v)
		if (cap_bit(l, v, at_index(q, p, i), cap_set(&l->cfg->caps, set)) < 0)
			return -1;
	return 0;
}

/* The five sets as listed; a capability this host cannot grant (not in
 * minirun's own bounding set) is dropped from all of them with a notice,
 * as runc does, so one config runs on differently restricted hosts. */
static int load_caps(struct loader *l, const json_t *process, const char *base)
{
	char p[JPATH];
	const json_t *caps;
	memset(&l->cfg->caps, 0, sizeof l->cfg->caps);
	at_key(p, base, "capabilities");
	if (get_object(l, process, base, "capabilities", &caps) < 0)
		return -1;
	uint64_t asked = 0;
	for (size_t s = 0; s < 5; s++) {
		if (load_cap_set(l, caps, p, s) < 0)
			return -1;
		asked |= *cap_set(&l->cfg->caps, s);
	}
	uint64_t missing = asked & ~mr_caps_own_bounding();
	if (!missing)
		return 0;
	char names[512];
	mr_caps_decode(missing, names, sizeof names);
	mr_notice("%s: %s not available on this host (not in minirun's bounding set): dropped", p, names);
	for (size_t s = 0; s < 5; s++)
		*cap_set(&l->cfg->caps, s) &= ~missing;
	return 0;
}

/* ---- process.rlimits ---------------------------------------------------- */

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{"RLIMIT_AS", RLIMIT_AS},             {"RLIMIT_CORE", RLIMIT_CORE},
	{"RLIMIT_CPU", RLIMIT_CPU},           {"RLIMIT_DATA", RLIMIT_DATA},
	{"RLIMIT_FSIZE", RLIMIT_FSIZE},       {"RLIMIT_LOCKS", RLIMIT_LOCKS},
	{"RLIMIT_MEMLOCK", RLIMIT_MEMLOCK},   {"RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE},
	{"RLIMIT_NICE", RLIMIT_NICE},         {"RLIMIT_NOFILE", RLIMIT_NOFILE},
	{"RLIMIT_NPROC", RLIMIT_NPROC},       {"RLIMIT_RSS", RLIMIT_RSS},
	{"RLIMIT_RTPRIO", RLIMIT_RTPRIO},     {"RLIMIT_RTTIME", RLIMIT_RTTIME},
	{"RLIMIT_SIGPENDING", RLIMIT_SIGPENDING}, {"RLIMIT_STACK", RLIMIT_STACK},
};
#define N_RLIMITS (sizeof rlimit_names / sizeof rlimit_names[0])

static int rlimit_type(struct loader *l, const char *type, const char *path, int *resource)
{
	char list[400] = "";
	size_t used = 0;
	for (size_t i = 0; i < N_RLIMITS; i++) {
		if (type && !strcmp(type, rlimit_names[i].name)) {
			*resource = rlimit_names[i].resource;
			return 0;
		}
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", rlimit_names[i].name + 7);
	}
	if (!type)
		return bad(l, path, "missing: expected RLIMIT_ and one of %s", list);
	return bad(l, path, "unknown resource \"%s\" (expected RLIMIT_ and one of %s)", type, list);
}

static int load_rlimit(struct loader *l, const json_t *r, const char *path, struct mr_rlimit *out)
{
	char p[JPATH];
	const char *type = NULL;
	long long soft = -1, hard = -1;
	if (!json_is_object(r))
		return mismatch(l, path, "an object {\"type\", \"soft\", \"hard\"}", r);
	if (get_string(l, r, path, "type", &type) < 0 || rlimit_type(l, type, at_key(p, path, "type"), &out->resource) < 0 ||
	    get_int(l, r, path, "soft", 0, LLONG_MAX, &soft, NULL) < 0 ||
	    get_int(l, r, path, "hard", 0, LLONG_MAX, &hard, NULL) < 0)
		return -1;
	if (soft < 0 || hard < 0)
		return bad(l, path, "expected both \"soft\" and \"hard\"");
	if (soft > hard)
		return bad(l, path, "soft limit %lld is above the hard limit %lld", soft, hard);
	out->soft = (uint64_t)soft;
	out->hard = (uint64_t)hard;
	return 0;
}

static int load_rlimits(struct loader *l, const json_t *process, const char *base)
{
	char p[JPATH], q[JPATH];
	const json_t *list, *r;
	size_t i;
	if (get_array(l, process, base, "rlimits", "{\"type\", \"soft\", \"hard\"} objects", &list) < 0)
		return -1;
	free(l->cfg->rlimits);
	l->cfg->rlimits = NULL;
	l->cfg->n_rlimits = 0;
	if (!list || !json_array_size(list))
		return 0;
	at_key(p, base, "rlimits");
	if (!(l->cfg->rlimits = calloc(json_array_size(list), sizeof *l->cfg->rlimits)))
		return oom(l, p);
	json_array_foreach(list, i, r) {
		struct mr_rlimit *out = &l->cfg->rlimits[i];
		if (load_rlimit(l, r, at_index(q, p, i), out) < 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (l->cfg->rlimits[j].resource == out->resource)
				return bad(l, q, "%s is listed twice", json_string_value(json_object_get(r, "type")));
		l->cfg->n_rlimits++;
	}
	return 0;
}

/* terminal, noNewPrivileges, oomScoreAdj: false and unset unless given. */
static int load_process_flags(struct loader *l, const json_t *process, const char *base)
{
	long long adj = 0;
	l->cfg->terminal = false;
	l->cfg->no_new_privs = false;
	if (get_bool(l, process, base, "terminal", &l->cfg->terminal) < 0 ||
	    get_bool(l, process, base, "noNewPrivileges", &l->cfg->no_new_privs) < 0 ||
	    get_int(l, process, base, "oomScoreAdj", -1000, 1000, &adj, &l->cfg->set_oom_score_adj) < 0)
		return -1;
	l->cfg->oom_score_adj = (int)adj;
	return 0;
}

int mr_oci_load_process(struct mr_config *cfg, const json_t *process, const char *where, struct mr_error *err)
{
	struct loader l = {.cfg = cfg, .bundle = ".", .err = err};
	if (!process || !json_is_object(process))
		return process ? mismatch(&l, where, "an object with at least \"args\"", process)
		               : bad(&l, where, "missing: expected an object with at least \"args\"");
	/* apparmorProfile, selinuxLabel, consoleSize, scheduler, ioPriority:
	 * ignored (no LSM support; the rest has no minirun equivalent). */
	if (load_args(&l, process, where) < 0 || load_env(&l, process, where) < 0 ||
	    load_cwd(&l, process, where) < 0 || load_user(&l, process, where) < 0 ||
	    load_caps(&l, process, where) < 0 || load_rlimits(&l, process, where) < 0 ||
	    load_process_flags(&l, process, where) < 0)
		return -1;
	return 0;
}

/* ---- mounts ------------------------------------------------------------- */

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

static bool propagation_word(const char *word, unsigned long *out)
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
			return mismatch(l, at_index(p, path, i), "a mount option like \"nosuid\" or \"mode=755\"", v);
		const char *word = json_string_value(v);
		if (!strcmp(word, "bind") || !strcmp(word, "rbind"))
			*bind = *bind == 2 || word[0] == 'r' ? 2 : 1;
		else if (!propagation_word(word, &m->propagation) && !flag_word(word, &m->flags) && *word &&
		         append_data(&m->data, word) < 0)
			return oom(l, path);
	}
	return 0;
}

/* A bind mount: the source is a host path, relative to the bundle. */
static int bind_mount(struct loader *l, const char *source, const char *path, int bind, struct mr_mount *m)
{
	char p[JPATH];
	if (!source || !*source)
		return bad(l, at_key(p, path, "source"), "missing: expected the host path to bind");
	m->kind = MR_MOUNT_BIND;
	m->nonrecursive = bind != 2;
	errno = ENOMEM;
	if (!(m->source = host_path(l->bundle, source)))
		return mr_fail(l->err, errno, "%s: resolve \"%s\" against the bundle %s",
		               at_key(p, path, "source"), source, l->bundle);
	return 0;
}

static int load_mount(struct loader *l, const json_t *j, const char *path, struct mr_mount *m)
{
	char p[JPATH];
	const char *dest = NULL, *type = NULL, *source = NULL;
	const json_t *opts;
	int bind = 0;
	if (!json_is_object(j))
		return mismatch(l, path, "an object {\"destination\", \"type\", \"source\", \"options\"}", j);
	if (get_string(l, j, path, "destination", &dest) < 0 || get_string(l, j, path, "type", &type) < 0 ||
	    get_string(l, j, path, "source", &source) < 0 ||
	    get_array(l, j, path, "options", "mount options", &opts) < 0 ||
	    mount_options(l, opts, at_key(p, path, "options"), m, &bind) < 0)
		return -1;
	if (!dest || !*dest)
		return bad(l, at_key(p, path, "destination"), "missing: expected a path in the container");
	/* Relative destinations are relative to the container's /, as runc
	 * takes them. */
	if (asprintf(&m->dest, "%s%s", dest[0] == '/' ? "" : "/", dest) < 0) {
		m->dest = NULL;
		return oom(l, path);
	}
	if ((type && !strcmp(type, "bind")) || bind)
		return bind_mount(l, source, path, bind ? bind : 1, m);
	if (!type || !*type)
		return bad(l, at_key(p, path, "type"), "missing: expected a filesystem type (\"tmpfs\", \"proc\"…) "
		           "or a bind mount (type \"bind\" or option \"rbind\")");
	m->kind = MR_MOUNT_FS;
	m->fstype = strdup(type);
	m->source = strdup(source && *source ? source : type);
	return m->fstype && m->source ? 0 : oom(l, path);
}

static int load_mounts(struct loader *l, const json_t *root)
{
	char p[JPATH];
	const json_t *list, *j;
	size_t i;
	if (get_array(l, root, NULL, "mounts", "mount objects", &list) < 0)
		return -1;
	json_array_foreach(list, i, j) {
		struct mr_mount m = {0};
		struct mr_mount *grown = realloc(l->cfg->mounts, (l->cfg->n_mounts + 1) * sizeof *grown);
		if (grown)
			l->cfg->mounts = grown;
		if (!grown || load_mount(l, j, at_index(p, "mounts", i), &m) < 0) {
			mr_mount_clear(&m);
			return grown ? -1 : oom(l, p);
		}
		l->cfg->mounts[l->cfg->n_mounts++] = m;
	}
	return 0;
}

/* ---- linux.namespaces, id mappings ------------------------------------- */

static const struct {
	const char *name;
	enum mr_ns ns;
} ns_names[] = {
	{"pid", MR_NS_PID}, {"network", MR_NS_NET}, {"mount", MR_NS_MOUNT}, {"ipc", MR_NS_IPC},
	{"uts", MR_NS_UTS}, {"user", MR_NS_USER},   {"cgroup", MR_NS_CGROUP},
};

static int ns_type(struct loader *l, const char *type, const char *path, enum mr_ns *ns)
{
	for (size_t i = 0; type && i < sizeof ns_names / sizeof ns_names[0]; i++)
		if (!strcmp(type, ns_names[i].name)) {
			*ns = ns_names[i].ns;
			return 0;
		}
	if (type && !strcmp(type, "time"))
		return bad(l, path, "the time namespace is not supported by minirun (remove this entry: the "
		           "container then shares the host's clocks)");
	return bad(l, path, "%s%s%s (expected pid, network, mount, ipc, uts, user, cgroup)",
	           type ? "unknown namespace \"" : "missing", type ? type : "", type ? "\"" : "");
}

static int load_namespace(struct loader *l, const json_t *j, const char *path)
{
	char p[JPATH];
	const char *type = NULL, *nspath = NULL;
	enum mr_ns ns = MR_NS_PID;
	if (!json_is_object(j))
		return mismatch(l, path, "an object {\"type\", \"path\"}", j);
	if (get_string(l, j, path, "type", &type) < 0 || get_string(l, j, path, "path", &nspath) < 0 ||
	    ns_type(l, type, at_key(p, path, "type"), &ns) < 0)
		return -1;
	if (l->cfg->ns[ns])
		return bad(l, p, "\"%s\" is listed twice", type);
	if (nspath && nspath[0] != '/')
		return bad(l, at_key(p, path, "path"), "expected an absolute path like /proc/PID/ns/%s, got \"%s\"",
		           type, nspath);
	/* As --net ns:PATH: the namespace is the container's own (ns set),
	 * joined by path instead of created. */
	l->cfg->ns[ns] = true;
	l->cfg->ns_path[ns] = (char *)nspath;
	return 0;
}

static int load_namespaces(struct loader *l, const json_t *lx)
{
	char p[JPATH];
	const json_t *list, *j;
	size_t i;
	if (get_array(l, lx, "linux", "namespaces", "{\"type\", \"path\"} objects", &list) < 0)
		return -1;
	json_array_foreach(list, i, j)
		if (load_namespace(l, j, at_index(p, "linux.namespaces", i)) < 0)
			return -1;
	return 0;
}

static int load_idmap(struct loader *l, const json_t *j, const char *path, struct mr_idmap *m)
{
	long long inside = -1, outside = -1, size = -1;
	if (!json_is_object(j))
		return mismatch(l, path, "an object {\"containerID\", \"hostID\", \"size\"}", j);
	if (get_int(l, j, path, "containerID", 0, UINT32_MAX - 1, &inside, NULL) < 0 ||
	    get_int(l, j, path, "hostID", 0, UINT32_MAX - 1, &outside, NULL) < 0 ||
	    get_int(l, j, path, "size", 1, UINT32_MAX, &size, NULL) < 0)
		return -1;
	if (inside < 0 || outside < 0 || size < 0)
		return bad(l, path, "expected all of \"containerID\", \"hostID\" and \"size\"");
	*m = (struct mr_idmap){(uint32_t)inside, (uint32_t)outside, (uint32_t)size};
	return 0;
}

static int load_idmaps(struct loader *l, const json_t *lx, const char *key, struct mr_idmap **map, size_t *n)
{
	char p[JPATH], q[JPATH];
	const json_t *list, *j;
	size_t i;
	if (get_array(l, lx, "linux", key, "{\"containerID\", \"hostID\", \"size\"} objects", &list) < 0)
		return -1;
	if (!list || !json_array_size(list))
		return 0;
	at_key(p, "linux", key);
	free(*map);
	*n = 0;
	if (!(*map = calloc(json_array_size(list), sizeof **map)))
		return oom(l, p);
	json_array_foreach(list, i, j) {
		if (load_idmap(l, j, at_index(q, p, i), &(*map)[i]) < 0)
			return -1;
		++*n;
	}
	return 0;
}

/* ---- linux: paths, propagation, sysctl, devices ----------------------- */

static int load_paths(struct loader *l, const json_t *lx)
{
	const json_t *masked, *readonly;
	if (get_array(l, lx, "linux", "maskedPaths", "absolute paths", &masked) < 0 ||
	    get_array(l, lx, "linux", "readonlyPaths", "absolute paths", &readonly) < 0)
		return -1;
	if (masked && string_list(l, masked, "linux.maskedPaths", true, &l->cfg->masked_paths) < 0)
		return -1;
	if (readonly && string_list(l, readonly, "linux.readonlyPaths", true, &l->cfg->readonly_paths) < 0)
		return -1;
	return 0;
}

static int load_rootfs_propagation(struct loader *l, const json_t *lx)
{
	const char *word = NULL;
	if (get_string(l, lx, "linux", "rootfsPropagation", &word) < 0)
		return -1;
	if (word && !propagation_word(word, &l->cfg->rootfs_propagation))
		return bad(l, "linux.rootfsPropagation", "unknown propagation \"%s\" (expected private, shared, slave "
		           "or unbindable, or the same with r for recursive: rslave…)", word);
	return 0;
}

static int load_sysctl(struct loader *l, const json_t *lx)
{
	const json_t *obj;
	if (get_object(l, lx, "linux", "sysctl", &obj) < 0)
		return -1;
	if (!obj || !json_object_size(obj))
		return 0;
	free(l->cfg->sysctl);
	l->cfg->n_sysctl = 0;
	if (!(l->cfg->sysctl = calloc(json_object_size(obj), sizeof *l->cfg->sysctl)))
		return oom(l, "linux.sysctl");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		char p[JPATH];
		snprintf(p, sizeof p, "linux.sysctl[\"%s\"]", key);
		if (!json_is_string(v))
			return mismatch(l, p, "a string (the value written to /proc/sys)", v);
		l->cfg->sysctl[l->cfg->n_sysctl++] = (struct mr_sysctl){key, json_string_value(v)};
	}
	return 0;
}

static int device_type(struct loader *l, const char *type, const char *path, char *out)
{
	if (type && strlen(type) == 1 && strchr("cbup", type[0])) {
		*out = type[0] == 'u' ? 'c' : type[0];
		return 0;
	}
	return bad(l, path, "%s%s%s (expected c or u for a character device, b for a block device, p for a fifo)",
	           type ? "unknown device type \"" : "missing", type ? type : "", type ? "\"" : "");
}

static int load_device(struct loader *l, const json_t *j, const char *path, struct mr_device *d)
{
	char p[JPATH];
	const char *type = NULL;
	long long major = -1, minor = -1, mode = 0666, uid = 0, gid = 0;
	if (!json_is_object(j))
		return mismatch(l, path, "an object {\"type\", \"path\", \"major\", \"minor\"…}", j);
	if (get_string(l, j, path, "type", &type) < 0 || device_type(l, type, at_key(p, path, "type"), &d->type) < 0 ||
	    get_string(l, j, path, "path", &d->path) < 0 ||
	    get_int(l, j, path, "major", 0, UINT32_MAX, &major, NULL) < 0 ||
	    get_int(l, j, path, "minor", 0, UINT32_MAX, &minor, NULL) < 0 ||
	    get_int(l, j, path, "fileMode", 0, UINT32_MAX, &mode, NULL) < 0 ||
	    get_int(l, j, path, "uid", 0, UINT32_MAX - 1, &uid, NULL) < 0 ||
	    get_int(l, j, path, "gid", 0, UINT32_MAX - 1, &gid, NULL) < 0)
		return -1;
	if (!d->path || d->path[0] != '/')
		return bad(l, at_key(p, path, "path"), "expected an absolute path in the container like /dev/fuse");
	if (d->type != 'p' && (major < 0 || minor < 0))
		return bad(l, path, "a %s device needs \"major\" and \"minor\"", d->type == 'b' ? "block" : "character");
	d->major = major < 0 ? 0 : (unsigned)major;
	d->minor = minor < 0 ? 0 : (unsigned)minor;
	d->mode = (mode_t)mode & 07777; /* the file type comes from "type" */
	d->uid = (uid_t)uid;
	d->gid = (gid_t)gid;
	return 0;
}

static int load_devices(struct loader *l, const json_t *lx)
{
	char p[JPATH];
	const json_t *list, *j;
	size_t i;
	if (get_array(l, lx, "linux", "devices", "device objects", &list) < 0)
		return -1;
	if (!list || !json_array_size(list))
		return 0;
	free(l->cfg->devices);
	l->cfg->n_devices = 0;
	if (!(l->cfg->devices = calloc(json_array_size(list), sizeof *l->cfg->devices)))
		return oom(l, "linux.devices");
	json_array_foreach(list, i, j) {
		if (load_device(l, j, at_index(p, "linux.devices", i), &l->cfg->devices[i]) < 0)
			return -1;
		l->cfg->n_devices++;
	}
	return 0;
}

/* ---- linux.seccomp, resources, cgroupsPath ----------------------------- */

/* Compiled here, against the capabilities just read, so that
 * mr_seccomp_prepare keeps it as it is. */
static int load_seccomp(struct loader *l, const json_t *lx)
{
	const json_t *sc = member(lx, "seccomp");
	if (!sc)
		return 0;
	l->cfg->seccomp_unconfined = false;
	mr_seccomp_free(l->cfg->seccomp);
	l->cfg->seccomp = NULL;
	struct mr_sc_profile p;
	int rc = mr_seccomp_load_json(&p, sc, "linux.seccomp", l->cfg->caps.bounding, l->err);
	if (rc == 0)
		rc = mr_seccomp_compile(&p, &l->cfg->seccomp, l->err);
	mr_sc_profile_free(&p);
	return rc;
}

static int load_memory(struct loader *l, const json_t *res)
{
	const json_t *mem;
	long long limit = 0, swap = 0;
	if (get_object(l, res, "linux.resources", "memory", &mem) < 0 ||
	    get_int(l, mem, "linux.resources.memory", "limit", -1, LLONG_MAX, &limit, NULL) < 0 ||
	    get_int(l, mem, "linux.resources.memory", "swap", -1, LLONG_MAX, &swap, NULL) < 0)
		return -1;
	l->cfg->resources.memory = limit;
	l->cfg->resources.memory_swap = swap;
	return 0;
}

static int load_cpu(struct loader *l, const json_t *res)
{
	const char *base = "linux.resources.cpu";
	const json_t *cpu;
	long long shares = 0, quota = 0, period = 0;
	struct mr_resources *r = &l->cfg->resources;
	if (get_object(l, res, "linux.resources", "cpu", &cpu) < 0 ||
	    get_int(l, cpu, base, "shares", 0, LLONG_MAX, &shares, NULL) < 0 ||
	    get_int(l, cpu, base, "quota", -1, LLONG_MAX, &quota, NULL) < 0 ||
	    get_int(l, cpu, base, "period", 0, LLONG_MAX, &period, NULL) < 0 ||
	    get_string(l, cpu, base, "cpus", &r->cpuset_cpus) < 0 || get_string(l, cpu, base, "mems", &r->cpuset_mems) < 0)
		return -1;
	r->cpu_shares = (uint64_t)shares;
	r->cpu_quota = quota;
	r->cpu_period = (uint64_t)period;
	return 0;
}

/* memory, pids, cpu; the device cgroup rules (resources.devices) are
 * accepted and ignored: the container only has the devices made for it. */
static int load_resources(struct loader *l, const json_t *lx)
{
	const json_t *res, *pids;
	long long limit = 0;
	if (get_object(l, lx, "linux", "resources", &res) < 0 ||
	    get_string(l, lx, "linux", "cgroupsPath", &l->cfg->cgroup_path) < 0)
		return -1;
	if (!res)
		return 0;
	if (load_memory(l, res) < 0 || load_cpu(l, res) < 0 ||
	    get_object(l, res, "linux.resources", "pids", &pids) < 0 ||
	    get_int(l, pids, "linux.resources.pids", "limit", -1, LLONG_MAX, &limit, NULL) < 0)
		return -1;
	l->cfg->resources.pids = limit;
	return 0;
}

static int load_linux(struct loader *l, const json_t *root)
{
	const json_t *lx;
	if (get_object(l, root, NULL, "linux", &lx) < 0)
		return -1;
	/* mountLabel, intelRdt, personality, timeOffsets, netDevices: ignored. */
	if (load_namespaces(l, lx) < 0 || load_idmaps(l, lx, "uidMappings", &l->cfg->uid_map, &l->cfg->n_uid_map) < 0 ||
	    load_idmaps(l, lx, "gidMappings", &l->cfg->gid_map, &l->cfg->n_gid_map) < 0 || load_paths(l, lx) < 0 ||
	    load_rootfs_propagation(l, lx) < 0 || load_sysctl(l, lx) < 0 || load_devices(l, lx) < 0 ||
	    load_seccomp(l, lx) < 0 || load_resources(l, lx) < 0)
		return -1;
	return 0;
}

/* ---- hooks -------------------------------------------------------------- */

static int load_hook(struct loader *l, const json_t *j, const char *path, struct mr_hook *h)
{
	char p[JPATH];
	const json_t *args, *env;
	long long timeout = 0;
	if (!json_is_object(j))
		return mismatch(l, path, "an object {\"path\", \"args\", \"env\", \"timeout\"}", j);
	if (get_string(l, j, path, "path", &h->path) < 0 || get_array(l, j, path, "args", "strings", &args) < 0 ||
	    get_array(l, j, path, "env", "\"KEY=value\" strings", &env) < 0 ||
	    get_int(l, j, path, "timeout", 1, INT_MAX, &timeout, NULL) < 0)
		return -1;
	if (!h->path || h->path[0] != '/')
		return bad(l, at_key(p, path, "path"), "expected the absolute path of the program on the host");
	if ((args && string_list(l, args, at_key(p, path, "args"), false, &h->args) < 0) ||
	    (env && string_list(l, env, at_key(p, path, "env"), false, &h->env) < 0))
		return -1;
	h->timeout = (int)timeout;
	return 0;
}

static int load_hook_kind(struct loader *l, const json_t *hooks, int kind)
{
	char p[JPATH], q[JPATH];
	const json_t *list, *j;
	size_t i;
	if (get_array(l, hooks, "hooks", mr_hook_kind_name(kind), "hook objects", &list) < 0)
		return -1;
	if (!list || !json_array_size(list))
		return 0;
	at_key(p, "hooks", mr_hook_kind_name(kind));
	free(l->cfg->hooks[kind]);
	l->cfg->n_hooks[kind] = 0;
	if (!(l->cfg->hooks[kind] = calloc(json_array_size(list), sizeof *l->cfg->hooks[kind])))
		return oom(l, p);
	json_array_foreach(list, i, j) {
		if (load_hook(l, j, at_index(q, p, i), &l->cfg->hooks[kind][i]) < 0)
			return -1;
		l->cfg->n_hooks[kind]++;
	}
	return 0;
}

static int load_hooks(struct loader *l, const json_t *root)
{
	const json_t *hooks;
	if (get_object(l, root, NULL, "hooks", &hooks) < 0)
		return -1;
	for (int k = 0; k < MR_HOOK_COUNT; k++)
		if (load_hook_kind(l, hooks, k) < 0)
			return -1;
	return 0;
}

/* Not stored (the caller reads them from the document for the state), but
 * the spec says what they must be. */
static int check_annotations(struct loader *l, const json_t *root)
{
	const json_t *obj;
	const char *key;
	json_t *v;
	if (get_object(l, root, NULL, "annotations", &obj) < 0)
		return -1;
	json_object_foreach((json_t *)obj, key, v) {
		char p[JPATH];
		snprintf(p, sizeof p, "annotations[\"%s\"]", key);
		if (!json_is_string(v))
			return mismatch(l, p, "a string", v);
	}
	return 0;
}

/* What only makes sense together. Setting a host name without a UTS
 * namespace of the container's own would rename the host. */
static int check_combinations(struct loader *l)
{
	const struct mr_config *cfg = l->cfg;
	if (cfg->hostname && (!cfg->ns[MR_NS_UTS] || cfg->ns_path[MR_NS_UTS]))
		return bad(l, "hostname", "needs a new uts namespace: add {\"type\": \"uts\"} without a path to "
		           "linux.namespaces, or remove hostname");
	if ((cfg->n_uid_map || cfg->n_gid_map) && !cfg->ns[MR_NS_USER])
		return bad(l, cfg->n_uid_map ? "linux.uidMappings" : "linux.gidMappings",
		           "needs a user namespace: add {\"type\": \"user\"} to linux.namespaces");
	if ((cfg->n_uid_map || cfg->n_gid_map) && cfg->ns_path[MR_NS_USER])
		return bad(l, cfg->n_uid_map ? "linux.uidMappings" : "linux.gidMappings",
		           "the user namespace is joined by path, so its mappings are already set: remove them");
	return 0;
}

/* ---- the whole document ------------------------------------------------- */

/* The spec's defaults where they differ from the CLI's. */
static void oci_defaults(struct mr_config *cfg)
{
	static char *no_paths[] = {NULL};
	cfg->hostname = NULL;
	cfg->masked_paths = no_paths;
	cfg->readonly_paths = no_paths;
	cfg->seccomp_unconfined = true;
	cfg->init = false;
	cfg->oci_mounts = true;
	cfg->want_cgroup = true;
	for (int i = 0; i < MR_NS_COUNT; i++) {
		cfg->ns[i] = false;
		cfg->ns_path[i] = NULL;
	}
}

int mr_oci_load_json(struct mr_config *cfg, const json_t *root, const char *bundle, struct mr_error *err)
{
	struct loader l = {.cfg = cfg, .bundle = bundle ? bundle : ".", .err = err};
	if (!json_is_object(root))
		return mismatch(&l, "(top level)", "a JSON object", root);
	oci_defaults(cfg);
	const json_t *process = member(root, "process");
	if (load_version(&l, root) < 0 || load_root(&l, root) < 0 ||
	    mr_oci_load_process(cfg, process, "process", err) < 0 || load_hostname(&l, root) < 0 ||
	    load_mounts(&l, root) < 0 || load_linux(&l, root) < 0 || load_hooks(&l, root) < 0 ||
	    check_annotations(&l, root) < 0 || check_combinations(&l) < 0)
		return -1;
	return 0;
}

int mr_oci_load(struct mr_config *cfg, const char *bundle, json_t **doc, struct mr_error *err)
{
	char path[PATH_MAX];
	*doc = NULL;
	snprintf(path, sizeof path, "%s/config.json", bundle);
	FILE *f = fopen(path, "re");
	if (!f)
		return mr_fail(err, errno, "open %s (a bundle is a directory with config.json and the root "
		               "filesystem; `minirun spec` writes a starter config.json)", path);
	json_error_t je;
	json_t *root = json_loadf(f, 0, &je);
	fclose(f);
	if (!root)
		return mr_fail(err, 0, "%s:%d:%d: malformed JSON: %s", path, je.line, je.column, je.text);
	if (mr_oci_load_json(cfg, root, bundle, err) < 0) {
		/* cfg may point into root, but mr_config_free reads none of it. */
		char msg[sizeof err->msg];
		if (snprintf(msg, sizeof msg, "%s: %s", path, err->msg) > 0)
			memcpy(err->msg, msg, sizeof msg);
		json_decref(root);
		return -1;
	}
	*doc = root;
	return 0;
}
