/* seccomp_json.c: Docker/OCI JSON seccomp profiles → a rule list.
 *
 * The format (Docker's profiles, and the OCI runtime spec's linux.seccomp):
 *
 *   { "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
 *     "architectures": ["SCMP_ARCH_X86_64", …]   or
 *     "archMap": [{"architecture": …, "subArchitectures": […]}, …],
 *     "flags": ["SECCOMP_FILTER_FLAG_LOG", …],
 *     "syscalls": [{ "names": ["read", …], "action": "SCMP_ACT_ALLOW",
 *                    "errnoRet": 1, "comment": "…",
 *                    "args": [{"index": 0, "value": 38, "valueTwo": 0,
 *                              "op": "SCMP_CMP_EQ"}],
 *                    "includes": {"caps": […], "arches": […], "minKernel": "4.8"},
 *                    "excludes": {…} }, …] }
 *
 * Decided here as Docker decides them, so the rule list is concrete:
 * includes.caps needs every listed capability, excludes.caps drops the
 * rule if any is held; arches compare with the native architecture in
 * Docker's Go naming (amd64, arm64…); archMap contributes the native
 * entry's sub-architectures; minKernel compares with the running kernel.
 * Several conditions on the same argument become one rule per condition
 * (OR), as runc does, because libseccomp cannot AND them. */
#include "mr_seccomp.h"
#include "oci.h"

#include <errno.h>
#include <math.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>

#include <cap-ng.h>

struct loader {
	struct mr_sc_profile *p;
	const char *where;
	struct mr_error *err;
	unsigned int kernel[3];  /* running kernel version */
};

static int bad(struct loader *l, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct loader *l, const char *path, const char *fmt, ...)
{
	char what[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return mr_fail(l->err, 0, "seccomp profile %s: %s: %s", l->where, path, what);
}

/* ---- small typed getters ---------------------------------------------- */

/* An optional string member; *out NULL when absent. */
static int get_str(struct loader *l, const json_t *obj, const char *key,
                   const char *path, const char **out)
{
	const json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return bad(l, path, "\"%s\" must be a string", key);
	*out = json_string_value(v);
	return 0;
}

/* An optional integer member. JSON integers are signed 64-bit in jansson;
 * a negative value is taken as its two's complement (-1 = all bits). In
 * a config.json read with its numbers as doubles (mr_oci_parse_file), a
 * whole double is taken below 2^53: beyond, it may have been rounded, and
 * a filter must never compare against a value other than the one written. */
static int get_u64(struct loader *l, const json_t *obj, const char *key,
                   const char *path, uint64_t *out, bool *present)
{
	const json_t *v = json_object_get(obj, key);
	*present = v && !json_is_null(v);
	if (!*present)
		return 0;
	if (json_is_integer(v)) {
		*out = (uint64_t)json_integer_value(v);
		return 0;
	}
	double d = json_is_real(v) ? json_real_value(v) : 0.5;
	if (fabs(d) < MR_JSON_EXACT && d == (double)(long long)d) {
		*out = (uint64_t)(long long)d;
		return 0;
	}
	if (json_is_real(v) && fabs(d) >= MR_JSON_EXACT)
		return bad(l, path, "\"%s\" %g cannot be read exactly: this file holds a number above 2^63-1, so "
		           "jansson reads its numbers as doubles, exact below 2^53", key, d);
	return bad(l, path, "\"%s\" must be an integer", key);
}

/* An optional array member; *out NULL when absent or null. */
static int get_array(struct loader *l, const json_t *obj, const char *key,
                     const char *path, const json_t **out)
{
	const json_t *v = json_object_get(obj, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return bad(l, path, "\"%s\" must be an array", key);
	*out = v;
	return 0;
}

/* ---- actions and operators -------------------------------------------- */

static const struct {
	const char *name;
	uint32_t action;
} actions[] = {
	{"SCMP_ACT_ALLOW", SCMP_ACT_ALLOW},
	{"SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0)},
	{"SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD},
	{"SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD},
	{"SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS},
	{"SCMP_ACT_TRAP", SCMP_ACT_TRAP},
	{"SCMP_ACT_TRACE", SCMP_ACT_TRACE(0)},
	{"SCMP_ACT_LOG", SCMP_ACT_LOG},
};

/* `name` with its errno (or trace message) `ret`: ERRNO and TRACE default
 * to EPERM when the profile gives none, as runc does. */
static int parse_action(struct loader *l, const char *path, const char *name,
                        bool has_ret, uint64_t ret, uint32_t *out)
{
	if (!name)
		return bad(l, path, "missing");
	if (!strcmp(name, "SCMP_ACT_NOTIFY"))
		return bad(l, path, "SCMP_ACT_NOTIFY is not supported: minirun has no "
		           "seccomp agent to answer notifications");
	for (size_t i = 0; i < sizeof actions / sizeof *actions; i++) {
		if (strcmp(name, actions[i].name))
			continue;
		uint32_t a = actions[i].action;
		if (a != SCMP_ACT_ERRNO(0) && a != SCMP_ACT_TRACE(0)) {
			*out = a;
			return 0;
		}
		if (!has_ret)
			ret = EPERM;
		if (a == SCMP_ACT_ERRNO(0) && ret > 4095)
			return bad(l, path, "errno %llu is out of range (0-4095)",
			           (unsigned long long)ret);
		if (ret > 0xffff)
			return bad(l, path, "trace message %llu is out of range (0-65535)",
			           (unsigned long long)ret);
		*out = a | (uint32_t)ret;
		return 0;
	}
	return bad(l, path, "unknown action \"%s\" (known: SCMP_ACT_ALLOW, ERRNO, KILL, "
	           "KILL_THREAD, KILL_PROCESS, TRAP, TRACE, LOG)", name);
}

static const struct {
	const char *name;
	enum scmp_compare op;
} operators[] = {
	{"SCMP_CMP_NE", SCMP_CMP_NE}, {"SCMP_CMP_LT", SCMP_CMP_LT},
	{"SCMP_CMP_LE", SCMP_CMP_LE}, {"SCMP_CMP_EQ", SCMP_CMP_EQ},
	{"SCMP_CMP_GE", SCMP_CMP_GE}, {"SCMP_CMP_GT", SCMP_CMP_GT},
	{"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
};

static int parse_arg(struct loader *l, const json_t *a, const char *path,
                     struct mr_sc_cond *c)
{
	if (!json_is_object(a))
		return bad(l, path, "must be an object");
	uint64_t index = 0;
	bool has;
	const char *op;
	char oppath[112];
	snprintf(oppath, sizeof oppath, "%s.op", path);
	if (get_u64(l, a, "index", path, &index, &has) < 0 ||
	    get_u64(l, a, "value", path, &c->value, &has) < 0 ||
	    get_u64(l, a, "valueTwo", path, &c->value2, &has) < 0 ||
	    get_str(l, a, "op", path, &op) < 0)
		return -1;
	if (index > 5)
		return bad(l, path, "argument index %llu is out of range (0-5)",
		           (unsigned long long)index);
	c->index = (unsigned int)index;
	if (!op)
		return bad(l, oppath, "missing");
	for (size_t i = 0; i < sizeof operators / sizeof *operators; i++) {
		if (!strcmp(op, operators[i].name)) {
			c->op = operators[i].op;
			return 0;
		}
	}
	return bad(l, oppath, "unknown operator \"%s\" (known: SCMP_CMP_NE, LT, LE, "
	           "EQ, GE, GT, MASKED_EQ)", op);
}

/* ---- includes and excludes -------------------------------------------- */

static int cap_number(const char *name)
{
	if (!strncasecmp(name, "CAP_", 4))
		name += 4;
	return capng_name_to_capability(name);
}

/* The native architecture as Docker's profiles name it (Go's GOARCH). */
static const char *native_docker_arch(void)
{
	switch (seccomp_arch_native()) {
	case SCMP_ARCH_X86_64: return "amd64";
	case SCMP_ARCH_X86: return "386";
	case SCMP_ARCH_X32: return "x32";
	case SCMP_ARCH_AARCH64: return "arm64";
	case SCMP_ARCH_ARM: return "arm";
	case SCMP_ARCH_PPC64LE: return "ppc64le";
	case SCMP_ARCH_S390X: return "s390x";
	case SCMP_ARCH_RISCV64: return "riscv64";
	}
	return "unknown";
}

/* Does the running kernel have at least version `v` ("4.8", "5.10.1")? */
static int kernel_at_least(struct loader *l, const char *v, const char *path,
                           bool *yes)
{
	unsigned int want[3] = {0, 0, 0};
	int n = sscanf(v, "%u.%u.%u", &want[0], &want[1], &want[2]);
	if (n < 2)
		return bad(l, path, "minKernel \"%s\" is not a version like \"4.8\"", v);
	*yes = true;
	for (int i = 0; i < 3; i++) {
		if (l->kernel[i] != want[i]) {
			*yes = l->kernel[i] > want[i];
			break;
		}
	}
	return 0;
}

/* How many of the capability names in `list` are held in `caps`. Unknown
 * names are never held: Docker compares them as strings. */
static size_t count_caps_held(const json_t *list, uint64_t caps)
{
	size_t i, n = 0;
	const json_t *v;
	json_array_foreach(list, i, v) {
		int cap = json_is_string(v) ? cap_number(json_string_value(v)) : -1;
		if (cap >= 0 && cap < 64 && (caps >> cap & 1))
			n++;
	}
	return n;
}

static bool list_has(const json_t *list, const char *s)
{
	size_t i;
	const json_t *v;
	json_array_foreach(list, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return true;
	return false;
}

/* Whether an includes (include=true) or excludes object lets the entry at
 * `path` apply. *cap gets the first capability listed, so that --print
 * can say which capability allowed (or, missing, denied) the rule. */
static int filter_ok(struct loader *l, const json_t *entry, bool include,
                     const char *path, bool *ok, int *cap)
{
	const char *key = include ? "includes" : "excludes";
	const json_t *f = json_object_get(entry, key);
	char fpath[96];
	snprintf(fpath, sizeof fpath, "%s.%s", path, key);
	*ok = true;
	if (!f || json_is_null(f))
		return 0;
	if (!json_is_object(f))
		return bad(l, fpath, "must be an object");
	const json_t *caps, *arches;
	const char *min;
	if (get_array(l, f, "caps", fpath, &caps) < 0 ||
	    get_array(l, f, "arches", fpath, &arches) < 0 ||
	    get_str(l, f, "minKernel", fpath, &min) < 0)
		return -1;
	if (caps && json_array_size(caps)) {
		size_t held = count_caps_held(caps, l->p->caps);
		*ok = include ? held == json_array_size(caps) : held == 0;
		const json_t *first = json_array_get(caps, 0);
		if (json_is_string(first))
			*cap = cap_number(json_string_value(first));
	}
	if (*ok && arches && json_array_size(arches))
		*ok = list_has(arches, native_docker_arch()) == include;
	if (*ok && min) {
		bool newer;
		if (kernel_at_least(l, min, fpath, &newer) < 0)
			return -1;
		*ok = newer == include;
	}
	return 0;
}

/* ---- one syscalls[] entry --------------------------------------------- */

static bool same_index_twice(const struct mr_sc_rule *r)
{
	for (unsigned int i = 0; i < r->n_conds; i++)
		for (unsigned int j = i + 1; j < r->n_conds; j++)
			if (r->conds[i].index == r->conds[j].index)
				return true;
	return false;
}

/* Add `r` for syscall `name`: once, or once per condition when several
 * test the same argument (libseccomp cannot AND those; runc ORs them). */
static int add_for_name(struct loader *l, struct mr_sc_rule *r, const char *name)
{
	if (seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR)
		return mr_sc_profile_skip(l->p, name, l->err);
	r->name = (char *)name;
	if (!same_index_twice(r))
		return mr_sc_profile_add(l->p, r, l->err);
	struct mr_sc_rule one = *r;
	one.n_conds = 1;
	for (unsigned int i = 0; i < r->n_conds; i++) {
		one.conds[0] = r->conds[i];
		if (mr_sc_profile_add(l->p, &one, l->err) < 0)
			return -1;
	}
	return 0;
}

static int parse_args(struct loader *l, const json_t *e, const char *path,
                      struct mr_sc_rule *r)
{
	const json_t *args;
	if (get_array(l, e, "args", path, &args) < 0)
		return -1;
	if (args && json_array_size(args) > 6)
		return bad(l, path, "more than 6 args conditions");
	size_t i;
	const json_t *a;
	json_array_foreach(args, i, a) {
		char apath[96];
		snprintf(apath, sizeof apath, "%s.args[%zu]", path, i);
		if (parse_arg(l, a, apath, &r->conds[i]) < 0)
			return -1;
		r->n_conds++;
	}
	return 0;
}

/* `names` (an array) or the legacy `name` (a string), not both. */
static int parse_names(struct loader *l, const json_t *e, const char *path,
                       const json_t **names, const char **name)
{
	if (get_array(l, e, "names", path, names) < 0 ||
	    get_str(l, e, "name", path, name) < 0)
		return -1;
	if (*names && json_array_size(*names) && *name && **name)
		return bad(l, path, "both \"name\" and \"names\"; use \"names\"");
	size_t i;
	const json_t *v;
	json_array_foreach(*names, i, v)
		if (!json_is_string(v))
			return bad(l, path, "names[%zu] must be a string", i);
	return 0;
}

static int parse_entry(struct loader *l, const json_t *e, size_t idx)
{
	char path[48], apath[64];
	snprintf(path, sizeof path, "syscalls[%zu]", idx);
	snprintf(apath, sizeof apath, "%s.action", path);
	if (!json_is_object(e))
		return bad(l, path, "must be an object");
	bool inc, exc, has_ret;
	int inc_cap = -1, exc_cap = -1;
	if (filter_ok(l, e, true, path, &inc, &inc_cap) < 0 ||
	    filter_ok(l, e, false, path, &exc, &exc_cap) < 0)
		return -1;
	const json_t *names;
	const char *name, *action, *comment;
	uint64_t ret = 0;
	struct mr_sc_rule r = {.cap = -1, .origin = path};
	if (parse_names(l, e, path, &names, &name) < 0 ||
	    get_str(l, e, "action", path, &action) < 0 ||
	    get_str(l, e, "comment", path, &comment) < 0 ||
	    get_u64(l, e, "errnoRet", path, &ret, &has_ret) < 0 ||
	    parse_action(l, apath, action, has_ret, ret, &r.action) < 0 ||
	    parse_args(l, e, path, &r) < 0)
		return -1;
	/* Validated in full first, so a typo in an excluded entry still shows. */
	if (!inc || !exc)
		return 0;
	/* A rule that needs a capability, or a denial that holding one would
	 * have lifted, is "decided by" that capability. */
	r.cap = inc_cap >= 0 ? inc_cap : r.action != SCMP_ACT_ALLOW ? exc_cap : -1;
	r.why = (char *)comment;
	if (name && *name)
		return add_for_name(l, &r, name);
	size_t i;
	const json_t *v;
	json_array_foreach(names, i, v)
		if (add_for_name(l, &r, json_string_value(v)) < 0)
			return -1;
	return 0;
}

/* ---- architectures and flags ------------------------------------------ */

/* "SCMP_ARCH_X86_64" → SCMP_ARCH_X86_64, or 0 if libseccomp has no such. */
static uint32_t arch_token(const char *name)
{
	char lower[32];
	if (!strncmp(name, "SCMP_ARCH_", 10))
		name += 10;
	size_t n = strlen(name);
	if (n >= sizeof lower)
		return 0;
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
	return seccomp_arch_resolve_name(lower);
}

static int add_arch(struct loader *l, const json_t *v, const char *path)
{
	uint32_t a = json_is_string(v) ? arch_token(json_string_value(v)) : 0;
	if (!a)
		return bad(l, path, "unknown architecture %s", json_is_string(v)
		           ? json_string_value(v) : "(not a string)");
	if (a == seccomp_arch_native())
		return 0;
	for (size_t i = 0; i < l->p->n_arches; i++)
		if (l->p->arches[i] == a)
			return 0;
	if (l->p->n_arches == MR_SC_MAX_ARCHES)
		return bad(l, path, "more than %d architectures", MR_SC_MAX_ARCHES);
	l->p->arches[l->p->n_arches++] = a;
	return 0;
}

static int add_arch_list(struct loader *l, const json_t *list, const char *key)
{
	size_t i;
	const json_t *v;
	json_array_foreach(list, i, v) {
		char path[64];
		snprintf(path, sizeof path, "%s[%zu]", key, i);
		if (add_arch(l, v, path) < 0)
			return -1;
	}
	return 0;
}

/* archMap: only the entry for the architecture minirun runs on counts; the
 * others may name architectures this libseccomp has never heard of. */
static int parse_arch_map(struct loader *l, const json_t *map)
{
	size_t i;
	const json_t *m;
	json_array_foreach(map, i, m) {
		char path[64];
		snprintf(path, sizeof path, "archMap[%zu]", i);
		const char *arch;
		const json_t *subs;
		if (!json_is_object(m))
			return bad(l, path, "must be an object");
		if (get_str(l, m, "architecture", path, &arch) < 0 ||
		    get_array(l, m, "subArchitectures", path, &subs) < 0)
			return -1;
		if (arch && arch_token(arch) == seccomp_arch_native()) {
			snprintf(path, sizeof path, "archMap[%zu].subArchitectures", i);
			return add_arch_list(l, subs, path);
		}
	}
	return 0;
}

static const struct {
	const char *name;
	unsigned int flag;
} known_flags[] = {
	{"SECCOMP_FILTER_FLAG_TSYNC", SECCOMP_FILTER_FLAG_TSYNC},
	{"SECCOMP_FILTER_FLAG_LOG", SECCOMP_FILTER_FLAG_LOG},
	{"SECCOMP_FILTER_FLAG_SPEC_ALLOW", SECCOMP_FILTER_FLAG_SPEC_ALLOW},
};

static int parse_flags(struct loader *l, const json_t *flags)
{
	size_t i, k;
	const json_t *v;
	json_array_foreach(flags, i, v) {
		const char *s = json_is_string(v) ? json_string_value(v) : "";
		for (k = 0; k < sizeof known_flags / sizeof *known_flags; k++)
			if (!strcmp(s, known_flags[k].name))
				break;
		if (k == sizeof known_flags / sizeof *known_flags)
			return bad(l, "flags", "unknown flag \"%s\"", s);
		l->p->flags |= known_flags[k].flag;
	}
	return 0;
}

/* ---- the whole profile ------------------------------------------------ */

static int parse_top(struct loader *l, const json_t *root)
{
	if (!json_is_object(root))
		return bad(l, "(top level)", "a seccomp profile must be a JSON object");
	const char *def;
	uint64_t ret = 0;
	bool has_ret;
	const json_t *arches, *map, *flags, *syscalls;
	if (get_str(l, root, "defaultAction", "defaultAction", &def) < 0 ||
	    get_u64(l, root, "defaultErrnoRet", "defaultErrnoRet", &ret, &has_ret) < 0 ||
	    parse_action(l, "defaultAction", def, has_ret, ret, &l->p->default_action) < 0 ||
	    get_array(l, root, "architectures", "architectures", &arches) < 0 ||
	    get_array(l, root, "archMap", "archMap", &map) < 0 ||
	    get_array(l, root, "flags", "flags", &flags) < 0 ||
	    get_array(l, root, "syscalls", "syscalls", &syscalls) < 0)
		return -1;
	if (arches && json_array_size(arches) && map && json_array_size(map))
		return bad(l, "archMap", "use either \"architectures\" or \"archMap\", not both");
	if (add_arch_list(l, arches, "architectures") < 0 ||
	    parse_arch_map(l, map) < 0 || parse_flags(l, flags) < 0)
		return -1;
	size_t i;
	const json_t *e;
	json_array_foreach(syscalls, i, e)
		if (parse_entry(l, e, i) < 0)
			return -1;
	return 0;
}

/* One notice for all unknown names: Docker's profile names syscalls newer
 * than many libseccomp releases, and twenty lines would drown the output. */
static void notice_skipped(const struct mr_sc_profile *p, const char *where)
{
	if (!p->n_skipped)
		return;
	char list[700];
	size_t used = 0;
	for (size_t i = 0; i < p->n_skipped && used < sizeof list - 1; i++)
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
		                         i ? " " : "", p->skipped[i]);
	const struct scmp_version *v = seccomp_version();
	mr_notice("seccomp profile %s: skipped %zu syscall name%s unknown to libseccomp "
	          "%u.%u.%u: %s", where, p->n_skipped, p->n_skipped == 1 ? "" : "s",
	          v->major, v->minor, v->micro, list);
}

static int load_into(struct mr_sc_profile *p, const json_t *root,
                     const char *where, struct mr_error *err)
{
	struct loader l = {.p = p, .where = where, .err = err};
	struct utsname u;
	if (uname(&u) == 0)
		sscanf(u.release, "%u.%u.%u", &l.kernel[0], &l.kernel[1], &l.kernel[2]);
	if (parse_top(&l, root) < 0)
		return -1;
	notice_skipped(p, where);
	return 0;
}

int mr_seccomp_load_json(struct mr_sc_profile *p, const json_t *root,
                         const char *where, uint64_t caps, struct mr_error *err)
{
	mr_sc_profile_init(p, where, SCMP_ACT_ERRNO(EPERM), caps);
	return load_into(p, root, where, err);
}

int mr_seccomp_load_file(struct mr_sc_profile *p, const char *path,
                         uint64_t caps, struct mr_error *err)
{
	mr_sc_profile_init(p, path, SCMP_ACT_ERRNO(EPERM), caps);
	FILE *f = fopen(path, "re");
	if (!f)
		return mr_fail(err, errno, "seccomp profile %s", path);
	json_error_t je;
	json_t *root = json_loadf(f, 0, &je);
	fclose(f);
	if (!root)
		return mr_fail(err, 0, "seccomp profile %s:%d:%d: malformed JSON: %s",
		               path, je.line, je.column, je.text);
	int rc = load_into(p, root, path, err);
	json_decref(root);
	return rc;
}

json_t *mr_seccomp_json_names(void)
{
	json_t *acts = json_array(), *ops = json_array(), *flags = json_array();
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		json_array_append_new(acts, json_string(actions[i].name));
	for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++)
		json_array_append_new(ops, json_string(operators[i].name));
	for (size_t i = 0; i < sizeof known_flags / sizeof known_flags[0]; i++)
		json_array_append_new(flags, json_string(known_flags[i].name));
	return json_pack("{s:o, s:o, s:o}", "actions", acts, "operators", ops, "flags", flags);
}
