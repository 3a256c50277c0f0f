/* oci_process.c: config.json's process object (config.md, "Process"):
 * args, env, cwd, user, capabilities, rlimits, terminal, noNewPrivileges,
 * oomScoreAdj. A file of its own because the object is also read alone:
 * exec --process FILE hands it to mr_oci_load_process, which replaces
 * those fields of the config whole. */
#include "oci_loader.h"

#include "caps.h"
#include "process.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static int load_args(struct loader *l, const json_t *process, const char *base)
{
	char p[JPATH];
	const json_t *args = ol_member(process, "args");
	ol_at_key(p, base, "args");
	if (!args || !json_is_array(args) || json_array_size(args) == 0)
		return args ? ol_mismatch(l, p, "a non-empty array of strings", args)
		            : ol_bad(l, p, "missing: expected a non-empty array of strings, e.g. [\"sh\"]");
	return ol_string_list(l, args, p, false, &l->cfg->argv);
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
		return ol_oom(l, ol_at_key(p, base, "env"));
	if (ol_get_array(l, process, base, "env", "\"KEY=value\" strings", &env) < 0)
		return -1;
	ol_at_key(p, base, "env");
	json_array_foreach(env, i, v) {
		const char *kv = json_is_string(v) ? json_string_value(v) : NULL;
		if (!kv || kv[0] == '=' || !strchr(kv, '='))
			return ol_mismatch(l, ol_at_index(q, p, i), "a \"KEY=value\" string", v);
		char *copy = strdup(kv);
		if (!copy || mr_config_putenv(l->cfg, copy) < 0) {
			free(copy);
			return ol_oom(l, ol_at_index(q, p, i));
		}
	}
	return 0;
}

static int load_cwd(struct loader *l, const json_t *process, const char *base)
{
	char p[JPATH];
	const char *cwd = "/";
	if (ol_get_string(l, process, base, "cwd", &cwd) < 0)
		return -1;
	if (cwd[0] != '/')
		return ol_bad(l, ol_at_key(p, base, "cwd"), "expected an absolute path in the container, got \"%s\"", cwd);
	l->cfg->cwd = (char *)cwd;
	return 0;
}

/* additionalGids become --group-add values: numbers need no /etc/group. */
static int load_gids(struct loader *l, const json_t *user, const char *base)
{
	char p[JPATH], q[JPATH];
	const json_t *gids, *v;
	size_t i;
	if (ol_get_array(l, user, base, "additionalGids", "group ids", &gids) < 0)
		return -1;
	if (!gids)
		return 0;
	ol_at_key(p, base, "additionalGids");
	char **list = mr_config_keep(l->cfg, calloc(json_array_size(gids) + 1, sizeof *list));
	if (!list)
		return ol_oom(l, p);
	json_array_foreach(gids, i, v) {
		long long gid;
		if (ol_want_int(l, v, ol_at_index(q, p, i), 0, UINT32_MAX - 1, &gid) < 0)
			return -1;
		if (asprintf(&list[i], "%lld", gid) < 0 || !mr_config_keep(l->cfg, list[i]))
			return ol_oom(l, q);
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
	ol_at_key(p, base, "user");
	if (ol_get_object(l, process, base, "user", &user) < 0 ||
	    ol_get_int(l, user, p, "uid", 0, UINT32_MAX - 1, &uid, NULL) < 0 ||
	    ol_get_int(l, user, p, "gid", 0, UINT32_MAX - 1, &gid, NULL) < 0 ||
	    ol_get_int(l, user, p, "umask", 0, 0777, &umask, NULL) < 0 || load_gids(l, user, p) < 0)
		return -1;
	l->cfg->umask = (mode_t)umask;
	if (asprintf(&l->cfg->user, "%lld:%lld", uid, gid) < 0 || !mr_config_keep(l->cfg, l->cfg->user))
		return ol_oom(l, p);
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
		return ol_mismatch(l, path, "a capability name like \"CAP_KILL\"", v);
	const char *name = json_string_value(v);
	int cap = mr_cap_from_name(name);
	char hint[64];
	if (cap < 0 && mr_cap_suggest(name, hint, sizeof hint))
		return ol_bad(l, path, "unknown capability \"%s\" (did you mean %s?)", name, hint);
	if (cap < 0 || cap > 63)
		return ol_bad(l, path, "unknown capability \"%s\" (`minirun caps --list` shows the names)", name);
	*mask |= UINT64_C(1) << cap;
	return 0;
}

static int load_cap_set(struct loader *l, const json_t *caps, const char *base, size_t set)
{
	char p[JPATH], q[JPATH];
	const json_t *list, *v;
	size_t i;
	if (ol_get_array(l, caps, base, cap_set_names[set], "capability names", &list) < 0)
		return -1;
	ol_at_key(p, base, cap_set_names[set]);
	json_array_foreach(list, i, v)
		if (cap_bit(l, v, ol_at_index(q, p, i), cap_set(&l->cfg->caps, set)) < 0)
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
	ol_at_key(p, base, "capabilities");
	if (ol_get_object(l, process, base, "capabilities", &caps) < 0)
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

static int rlimit_type(struct loader *l, const char *type, const char *path, int *resource)
{
	char list[400] = "";
	size_t used = 0;
	for (int i = 0; i < RLIMIT_NLIMITS; i++) {
		const char *name = mr_rlimit_name(i);
		if (type && !strcmp(type, name)) {
			*resource = i;
			return 0;
		}
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", name + 7);
	}
	if (!type)
		return ol_bad(l, path, "missing: expected RLIMIT_ and one of %s", list);
	return ol_bad(l, path, "unknown resource \"%s\" (expected RLIMIT_ and one of %s)", type, list);
}

/* One limit: a number, or 18446744073709551615 (2^64-1, RLIM_INFINITY)
 * for unlimited, as engines write it. jansson cannot hold that integer, so
 * it arrives as the double 2^64 (mr_oci_parse_file). */
static int rlimit_value(struct loader *l, const json_t *r, const char *base, const char *key, uint64_t *out,
                        bool *present)
{
	const json_t *v = ol_member(r, key);
	if (json_is_real(v) && json_real_value(v) >= 18446744073709551615.0) {
		*out = RLIM_INFINITY;
		*present = true;
		return 0;
	}
	long long n = 0;
	if (ol_get_int(l, r, base, key, 0, LLONG_MAX, &n, present) < 0)
		return -1;
	*out = (uint64_t)n;
	return 0;
}

static int load_rlimit(struct loader *l, const json_t *r, const char *path, struct mr_rlimit *out)
{
	char p[JPATH];
	const char *type = NULL;
	bool has_soft = false, has_hard = false;
	if (!json_is_object(r))
		return ol_mismatch(l, path, "an object {\"type\", \"soft\", \"hard\"}", r);
	if (ol_get_string(l, r, path, "type", &type) < 0 ||
	    rlimit_type(l, type, ol_at_key(p, path, "type"), &out->resource) < 0 ||
	    rlimit_value(l, r, path, "soft", &out->soft, &has_soft) < 0 ||
	    rlimit_value(l, r, path, "hard", &out->hard, &has_hard) < 0)
		return -1;
	if (!has_soft || !has_hard)
		return ol_bad(l, path, "expected both \"soft\" and \"hard\"");
	if (out->soft > out->hard)
		return ol_bad(l, path, "soft limit %llu is above the hard limit %llu", (unsigned long long)out->soft,
		              (unsigned long long)out->hard);
	return 0;
}

static int load_rlimits(struct loader *l, const json_t *process, const char *base)
{
	char p[JPATH], q[JPATH];
	const json_t *list, *r;
	size_t i;
	if (ol_get_array(l, process, base, "rlimits", "{\"type\", \"soft\", \"hard\"} objects", &list) < 0)
		return -1;
	free(l->cfg->rlimits);
	l->cfg->rlimits = NULL;
	l->cfg->n_rlimits = 0;
	if (!list || !json_array_size(list))
		return 0;
	ol_at_key(p, base, "rlimits");
	if (!(l->cfg->rlimits = calloc(json_array_size(list), sizeof *l->cfg->rlimits)))
		return ol_oom(l, p);
	json_array_foreach(list, i, r) {
		struct mr_rlimit *out = &l->cfg->rlimits[i];
		if (load_rlimit(l, r, ol_at_index(q, p, i), out) < 0)
			return -1;
		for (size_t j = 0; j < i; j++)
			if (l->cfg->rlimits[j].resource == out->resource)
				return ol_bad(l, q, "%s is listed twice", json_string_value(json_object_get(r, "type")));
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
	if (ol_get_bool(l, process, base, "terminal", &l->cfg->terminal) < 0 ||
	    ol_get_bool(l, process, base, "noNewPrivileges", &l->cfg->no_new_privs) < 0 ||
	    ol_get_int(l, process, base, "oomScoreAdj", -1000, 1000, &adj, &l->cfg->set_oom_score_adj) < 0)
		return -1;
	l->cfg->oom_score_adj = (int)adj;
	return 0;
}

int mr_oci_load_process(struct mr_config *cfg, const json_t *process, const char *where, struct mr_error *err)
{
	struct loader l = {.cfg = cfg, .bundle = ".", .err = err};
	if (!process || !json_is_object(process))
		return process ? ol_mismatch(&l, where, "an object with at least \"args\"", process)
		               : ol_bad(&l, where, "missing: expected an object with at least \"args\"");
	/* apparmorProfile, selinuxLabel, consoleSize, scheduler, ioPriority:
	 * ignored (no LSM support; the rest has no minirun equivalent). */
	if (load_args(&l, process, where) < 0 || load_env(&l, process, where) < 0 ||
	    load_cwd(&l, process, where) < 0 || load_user(&l, process, where) < 0 ||
	    load_caps(&l, process, where) < 0 || load_rlimits(&l, process, where) < 0 ||
	    load_process_flags(&l, process, where) < 0)
		return -1;
	return 0;
}
