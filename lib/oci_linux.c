/* oci_linux.c: config.json's linux object (config-linux.md): namespaces
 * and id mappings, masked and read-only paths, rootfsPropagation, sysctl,
 * devices, seccomp (compiled here), resources and cgroupsPath. */
#include "oci_loader.h"

#include "mr_seccomp.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		return ol_bad(l, path, "the time namespace is not supported by minirun (remove this entry: the "
		              "container then shares the host's clocks)");
	return ol_bad(l, path, "%s%s%s (expected pid, network, mount, ipc, uts, user, cgroup)",
	              type ? "unknown namespace \"" : "missing", type ? type : "", type ? "\"" : "");
}

static int load_namespace(struct loader *l, const json_t *j, const char *path)
{
	char p[JPATH];
	const char *type = NULL, *nspath = NULL;
	enum mr_ns ns = MR_NS_PID;
	if (!json_is_object(j))
		return ol_mismatch(l, path, "an object {\"type\", \"path\"}", j);
	if (ol_get_string(l, j, path, "type", &type) < 0 || ol_get_string(l, j, path, "path", &nspath) < 0 ||
	    ns_type(l, type, ol_at_key(p, path, "type"), &ns) < 0)
		return -1;
	if (l->cfg->ns[ns])
		return ol_bad(l, p, "\"%s\" is listed twice", type);
	if (nspath && nspath[0] != '/')
		return ol_bad(l, ol_at_key(p, path, "path"), "expected an absolute path like /proc/PID/ns/%s, got \"%s\"",
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
	if (ol_get_array(l, lx, "linux", "namespaces", "{\"type\", \"path\"} objects", &list) < 0)
		return -1;
	json_array_foreach(list, i, j)
		if (load_namespace(l, j, ol_at_index(p, "linux.namespaces", i)) < 0)
			return -1;
	return 0;
}

static int load_idmap(struct loader *l, const json_t *j, const char *path, struct mr_idmap *m)
{
	long long inside = -1, outside = -1, size = -1;
	if (!json_is_object(j))
		return ol_mismatch(l, path, "an object {\"containerID\", \"hostID\", \"size\"}", j);
	if (ol_get_int(l, j, path, "containerID", 0, UINT32_MAX - 1, &inside, NULL) < 0 ||
	    ol_get_int(l, j, path, "hostID", 0, UINT32_MAX - 1, &outside, NULL) < 0 ||
	    ol_get_int(l, j, path, "size", 1, UINT32_MAX, &size, NULL) < 0)
		return -1;
	if (inside < 0 || outside < 0 || size < 0)
		return ol_bad(l, path, "expected all of \"containerID\", \"hostID\" and \"size\"");
	*m = (struct mr_idmap){(uint32_t)inside, (uint32_t)outside, (uint32_t)size};
	return 0;
}

static int load_idmaps(struct loader *l, const json_t *lx, const char *key, struct mr_idmap **map, size_t *n)
{
	char p[JPATH], q[JPATH];
	const json_t *list, *j;
	size_t i;
	if (ol_get_array(l, lx, "linux", key, "{\"containerID\", \"hostID\", \"size\"} objects", &list) < 0)
		return -1;
	if (!list || !json_array_size(list))
		return 0;
	ol_at_key(p, "linux", key);
	free(*map);
	*n = 0;
	if (!(*map = calloc(json_array_size(list), sizeof **map)))
		return ol_oom(l, p);
	json_array_foreach(list, i, j) {
		if (load_idmap(l, j, ol_at_index(q, p, i), &(*map)[i]) < 0)
			return -1;
		++*n;
	}
	return 0;
}

/* ---- linux: paths, propagation, sysctl, devices ----------------------- */

static int load_paths(struct loader *l, const json_t *lx)
{
	const json_t *masked, *readonly;
	if (ol_get_array(l, lx, "linux", "maskedPaths", "absolute paths", &masked) < 0 ||
	    ol_get_array(l, lx, "linux", "readonlyPaths", "absolute paths", &readonly) < 0)
		return -1;
	if (masked && ol_string_list(l, masked, "linux.maskedPaths", true, &l->cfg->masked_paths) < 0)
		return -1;
	if (readonly && ol_string_list(l, readonly, "linux.readonlyPaths", true, &l->cfg->readonly_paths) < 0)
		return -1;
	return 0;
}

static int load_rootfs_propagation(struct loader *l, const json_t *lx)
{
	const char *word = NULL;
	if (ol_get_string(l, lx, "linux", "rootfsPropagation", &word) < 0)
		return -1;
	if (word && !ol_propagation_word(word, &l->cfg->rootfs_propagation))
		return ol_bad(l, "linux.rootfsPropagation", "unknown propagation \"%s\" (expected private, shared, slave "
		              "or unbindable, or the same with r for recursive: rslave…)", word);
	return 0;
}

static int load_sysctl(struct loader *l, const json_t *lx)
{
	const json_t *obj;
	if (ol_get_object(l, lx, "linux", "sysctl", &obj) < 0)
		return -1;
	if (!obj || !json_object_size(obj))
		return 0;
	free(l->cfg->sysctl);
	l->cfg->n_sysctl = 0;
	if (!(l->cfg->sysctl = calloc(json_object_size(obj), sizeof *l->cfg->sysctl)))
		return ol_oom(l, "linux.sysctl");
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		char p[JPATH];
		snprintf(p, sizeof p, "linux.sysctl[\"%s\"]", key);
		if (!json_is_string(v))
			return ol_mismatch(l, p, "a string (the value written to /proc/sys)", v);
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
	return ol_bad(l, path, "%s%s%s (expected c or u for a character device, b for a block device, p for a fifo)",
	              type ? "unknown device type \"" : "missing", type ? type : "", type ? "\"" : "");
}

static int load_device(struct loader *l, const json_t *j, const char *path, struct mr_device *d)
{
	char p[JPATH];
	const char *type = NULL;
	long long major = -1, minor = -1, mode = 0666, uid = 0, gid = 0;
	if (!json_is_object(j))
		return ol_mismatch(l, path, "an object {\"type\", \"path\", \"major\", \"minor\"…}", j);
	if (ol_get_string(l, j, path, "type", &type) < 0 || device_type(l, type, ol_at_key(p, path, "type"), &d->type) < 0 ||
	    ol_get_string(l, j, path, "path", &d->path) < 0 ||
	    ol_get_int(l, j, path, "major", 0, UINT32_MAX, &major, NULL) < 0 ||
	    ol_get_int(l, j, path, "minor", 0, UINT32_MAX, &minor, NULL) < 0 ||
	    ol_get_int(l, j, path, "fileMode", 0, UINT32_MAX, &mode, NULL) < 0 ||
	    ol_get_int(l, j, path, "uid", 0, UINT32_MAX - 1, &uid, NULL) < 0 ||
	    ol_get_int(l, j, path, "gid", 0, UINT32_MAX - 1, &gid, NULL) < 0)
		return -1;
	if (!d->path || d->path[0] != '/')
		return ol_bad(l, ol_at_key(p, path, "path"), "expected an absolute path in the container like /dev/fuse");
	if (d->type != 'p' && (major < 0 || minor < 0))
		return ol_bad(l, path, "a %s device needs \"major\" and \"minor\"", d->type == 'b' ? "block" : "character");
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
	if (ol_get_array(l, lx, "linux", "devices", "device objects", &list) < 0)
		return -1;
	if (!list || !json_array_size(list))
		return 0;
	free(l->cfg->devices);
	l->cfg->n_devices = 0;
	if (!(l->cfg->devices = calloc(json_array_size(list), sizeof *l->cfg->devices)))
		return ol_oom(l, "linux.devices");
	json_array_foreach(list, i, j) {
		if (load_device(l, j, ol_at_index(p, "linux.devices", i), &l->cfg->devices[i]) < 0)
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
	const json_t *sc = ol_member(lx, "seccomp");
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

/* linux.resources (or a resources object alone, at path base): members
 * given replace r's; a cpus or mems of "" is Go's zero value, which
 * engines send for "not set". */
static int load_memory(struct loader *l, const json_t *res, const char *base, struct mr_resources *r)
{
	char p[JPATH];
	const json_t *mem;
	long long limit = r->memory, swap = r->memory_swap;
	if (ol_get_object(l, res, base, "memory", &mem) < 0 ||
	    ol_get_int(l, mem, ol_at_key(p, base, "memory"), "limit", -1, LLONG_MAX, &limit, NULL) < 0 ||
	    ol_get_int(l, mem, p, "swap", -1, LLONG_MAX, &swap, NULL) < 0)
		return -1;
	r->memory = limit;
	r->memory_swap = swap;
	return 0;
}

static int load_cpu(struct loader *l, const json_t *res, const char *base, struct mr_resources *r)
{
	char p[JPATH];
	const json_t *cpu;
	long long shares = (long long)r->cpu_shares, quota = r->cpu_quota, period = (long long)r->cpu_period;
	const char *cpus = NULL, *mems = NULL;
	if (ol_get_object(l, res, base, "cpu", &cpu) < 0 ||
	    ol_get_int(l, cpu, ol_at_key(p, base, "cpu"), "shares", 0, LLONG_MAX, &shares, NULL) < 0 ||
	    ol_get_int(l, cpu, p, "quota", -1, LLONG_MAX, &quota, NULL) < 0 ||
	    ol_get_int(l, cpu, p, "period", 0, LLONG_MAX, &period, NULL) < 0 ||
	    ol_get_string(l, cpu, p, "cpus", &cpus) < 0 || ol_get_string(l, cpu, p, "mems", &mems) < 0)
		return -1;
	r->cpu_shares = (uint64_t)shares;
	r->cpu_quota = quota;
	r->cpu_period = (uint64_t)period;
	if (cpus && *cpus)
		r->cpuset_cpus = cpus;
	if (mems && *mems)
		r->cpuset_mems = mems;
	return 0;
}

/* memory, pids, cpu (the device rules: load_device_rules); blockIO,
 * hugepage limits and the rest are accepted and ignored. */
static int load_resources(struct loader *l, const json_t *res, const char *base, struct mr_resources *r)
{
	char p[JPATH];
	const json_t *pids;
	long long limit = r->pids;
	if (load_memory(l, res, base, r) < 0 || load_cpu(l, res, base, r) < 0 ||
	    ol_get_object(l, res, base, "pids", &pids) < 0 ||
	    ol_get_int(l, pids, ol_at_key(p, base, "pids"), "limit", -1, LLONG_MAX, &limit, NULL) < 0)
		return -1;
	r->pids = limit;
	return 0;
}

int mr_oci_load_resources(const json_t *res, const char *where, struct mr_resources *r, struct mr_error *err)
{
	struct loader l = {.cfg = NULL, .bundle = NULL, .err = err};
	if (!json_is_object(res))
		return ol_mismatch(&l, where && *where ? where : "(top level)", "a resources object like "
		                   "{\"memory\": {\"limit\": 536870912}}", res);
	return load_resources(&l, res, where ? where : "", r);
}

/* An object member of obj, made when missing (or null). */
static json_t *member_object(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!json_is_object(v)) {
		v = json_object();
		json_object_set_new(obj, key, v);
	}
	return v;
}

int mr_oci_store_resources(json_t *res, const struct mr_resources *r)
{
	const struct {
		const char *object, *key;
		long long value;
	} ints[] = {
		{"memory", "limit", r->memory},          {"memory", "swap", r->memory_swap},
		{"pids", "limit", r->pids},              {"cpu", "shares", (long long)r->cpu_shares},
		{"cpu", "quota", r->cpu_quota},          {"cpu", "period", (long long)r->cpu_period},
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
		if (ints[i].value)
			rc |= json_object_set_new(member_object(res, ints[i].object), ints[i].key, json_integer(ints[i].value));
	if (r->cpuset_cpus)
		rc |= json_object_set_new(member_object(res, "cpu"), "cpus", json_string(r->cpuset_cpus));
	if (r->cpuset_mems)
		rc |= json_object_set_new(member_object(res, "cpu"), "mems", json_string(r->cpuset_mems));
	return rc ? -1 : 0;
}

/* One linux.resources.devices rule: {"allow": true, "type": "c",
 * "major": 10, "minor": 229, "access": "rwm"}; type "a" (all), major and
 * minor (any) and access ("rwm") may be left out, as runc allows. */
static int load_device_rule(struct loader *l, const json_t *j, const char *path, struct mr_device_rule *d)
{
	char p[JPATH];
	const char *type = "a", *access = "rwm";
	long long major = -1, minor = -1;
	if (!json_is_object(j))
		return ol_mismatch(l, path, "a rule like {\"allow\": false, \"access\": \"rwm\"}", j);
	if (ol_get_bool(l, j, path, "allow", &d->allow) < 0 || ol_get_string(l, j, path, "type", &type) < 0 ||
	    ol_get_int(l, j, path, "major", -1, INT32_MAX, &major, NULL) < 0 ||
	    ol_get_int(l, j, path, "minor", -1, INT32_MAX, &minor, NULL) < 0 ||
	    ol_get_string(l, j, path, "access", &access) < 0)
		return -1;
	if (!ol_member(j, "allow"))
		return ol_bad(l, ol_at_key(p, path, "allow"), "missing: true to allow the access, false to deny it");
	if (!*type)
		type = "a"; /* Go's zero value */
	if (strlen(type) != 1 || !strchr("acb", type[0]))
		return ol_bad(l, ol_at_key(p, path, "type"), "\"%s\": expected \"a\" (all devices), \"c\" (char) or "
		              "\"b\" (block)", type);
	if (!*access)
		access = "rwm";
	if (strlen(access) > 3 || strspn(access, "rwm") != strlen(access))
		return ol_bad(l, ol_at_key(p, path, "access"), "\"%s\": expected letters from r (read), w (write), "
		              "m (mknod), like \"rwm\"", access);
	d->type = type[0];
	d->major = major;
	d->minor = minor;
	snprintf(d->access, sizeof d->access, "%s", access);
	return 0;
}

/* The device cgroup (see struct mr_resources): everything but the usual
 * nodes denied, unless a user namespace already keeps the container from
 * using device nodes it makes. Then linux.resources.devices in order, then
 * an allow rule for each node of linux.devices (a node the config asks to
 * create is one it means to use, as runc reads it). */
static int load_device_rules(struct loader *l, const json_t *res)
{
	char p[JPATH];
	const json_t *list = NULL, *j;
	size_t i;
	struct mr_resources *r = &l->cfg->resources;
	if (res && ol_get_array(l, res, "linux.resources", "devices", "device rules", &list) < 0)
		return -1;
	free(r->device_rules);
	r->n_device_rules = 0;
	r->devices = !l->cfg->ns[MR_NS_USER];
	size_t n = json_array_size(list) + l->cfg->n_devices;
	if (!r->devices || !n)
		return 0;
	if (!(r->device_rules = calloc(n, sizeof *r->device_rules)))
		return ol_oom(l, "linux.resources.devices");
	json_array_foreach(list, i, j) {
		if (load_device_rule(l, j, ol_at_index(p, "linux.resources.devices", i), &r->device_rules[i]) < 0)
			return -1;
		r->n_device_rules++;
	}
	for (i = 0; i < l->cfg->n_devices; i++) {
		const struct mr_device *d = &l->cfg->devices[i];
		if (d->type == 'p')
			continue;
		r->device_rules[r->n_device_rules++] = (struct mr_device_rule){true, d->type, d->major, d->minor, "rwm"};
	}
	return 0;
}

static int load_linux_resources(struct loader *l, const json_t *lx)
{
	const json_t *res;
	if (ol_get_object(l, lx, "linux", "resources", &res) < 0 ||
	    ol_get_string(l, lx, "linux", "cgroupsPath", &l->cfg->cgroup_path) < 0 || load_device_rules(l, res) < 0)
		return -1;
	return res ? load_resources(l, res, "linux.resources", &l->cfg->resources) : 0;
}

int ol_load_linux(struct loader *l, const json_t *root)
{
	const json_t *lx;
	if (ol_get_object(l, root, NULL, "linux", &lx) < 0)
		return -1;
	/* mountLabel, intelRdt, personality, timeOffsets, netDevices: ignored. */
	if (load_namespaces(l, lx) < 0 || load_idmaps(l, lx, "uidMappings", &l->cfg->uid_map, &l->cfg->n_uid_map) < 0 ||
	    load_idmaps(l, lx, "gidMappings", &l->cfg->gid_map, &l->cfg->n_gid_map) < 0 || load_paths(l, lx) < 0 ||
	    load_rootfs_propagation(l, lx) < 0 || load_sysctl(l, lx) < 0 || load_devices(l, lx) < 0 ||
	    load_seccomp(l, lx) < 0 || load_linux_resources(l, lx) < 0)
		return -1;
	return 0;
}
