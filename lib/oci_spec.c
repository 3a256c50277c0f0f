/* oci_spec.c: the starter config.json `minirun spec` writes.
 *
 * The shape of `runc spec` (so tutorials for runc work), with minirun's
 * secure defaults written out where people can see and edit them: a
 * read-only root, no_new_privs, the three capabilities runc gives
 * (AUDIT_WRITE, KILL, NET_BIND_SERVICE), the masked and read-only paths,
 * and minirun's built-in seccomp profile for those capabilities as
 * linux.seccomp (runc's spec has none, which means no filter at all). */
#include "oci.h"

#include "caps.h"
#include "mr_seccomp.h"

#include <linux/capability.h>
#include <string.h>
#include <unistd.h>

#define CAP(c) (UINT64_C(1) << (c))
#define SPEC_CAPS (CAP(CAP_AUDIT_WRITE) | CAP(CAP_KILL) | CAP(CAP_NET_BIND_SERVICE))

static json_t *cap_names(uint64_t caps)
{
	json_t *list = json_array();
	char name[64];
	for (unsigned c = 0; list && c < 64; c++)
		if ((caps >> c & 1) && json_array_append_new(list, json_string(mr_cap_name(c, name, sizeof name))) < 0) {
			json_decref(list);
			return NULL;
		}
	return list;
}

static json_t *spec_process(void)
{
	return json_pack("{s:b, s:{s:i, s:i}, s:[s], s:[s, s], s:s, s:{s:o, s:o, s:o}, s:[{s:s, s:i, s:i}], s:b}",
	                 "terminal", 0,
	                 "user", "uid", 0, "gid", 0,
	                 "args", "sh",
	                 "env", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm",
	                 "cwd", "/",
	                 "capabilities", "bounding", cap_names(SPEC_CAPS), "effective", cap_names(SPEC_CAPS),
	                 "permitted", cap_names(SPEC_CAPS),
	                 "rlimits", "type", "RLIMIT_NOFILE", "hard", 1024, "soft", 1024,
	                 "noNewPrivileges", 1);
}

/* One mounts[] entry; options a comma list or NULL. */
static json_t *spec_mount(const char *dest, const char *type, const char *source, const char *options)
{
	json_t *m = json_pack("{s:s, s:s, s:s}", "destination", dest, "type", type, "source", source);
	json_t *opts = options ? json_array() : NULL;
	for (const char *p = options; m && opts && *p;) {
		size_t len = strcspn(p, ",");
		json_array_append_new(opts, json_stringn(p, len));
		p += len + (p[len] == ',');
	}
	if (opts && (!m || json_object_set_new(m, "options", opts) < 0)) {
		json_decref(m);
		return NULL;
	}
	return m;
}

/* runc's list. Rootless, devpts has no gid=5: group tty is not mapped. */
static json_t *spec_mounts(bool rootless)
{
	return json_pack("[o, o, o, o, o, o, o]",
	                 spec_mount("/proc", "proc", "proc", NULL),
	                 spec_mount("/dev", "tmpfs", "tmpfs", "nosuid,strictatime,mode=755,size=65536k"),
	                 spec_mount("/dev/pts", "devpts", "devpts",
	                            rootless ? "nosuid,noexec,newinstance,ptmxmode=0666,mode=0620"
	                                     : "nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5"),
	                 spec_mount("/dev/shm", "tmpfs", "shm", "nosuid,noexec,nodev,mode=1777,size=65536k"),
	                 spec_mount("/dev/mqueue", "mqueue", "mqueue", "nosuid,noexec,nodev"),
	                 spec_mount("/sys", "sysfs", "sysfs", "nosuid,noexec,nodev,ro"),
	                 spec_mount("/sys/fs/cgroup", "cgroup", "cgroup", "nosuid,noexec,nodev,relatime,ro"));
}

static json_t *path_list(const char *const *paths)
{
	json_t *list = json_array();
	for (size_t i = 0; list && paths[i]; i++)
		if (json_array_append_new(list, json_string(paths[i])) < 0) {
			json_decref(list);
			return NULL;
		}
	return list;
}

static json_t *spec_namespaces(bool rootless)
{
	static const char *const types[] = {"pid", "network", "ipc", "uts", "mount", "cgroup", "user"};
	size_t n = rootless ? 7 : 6;
	json_t *list = json_array();
	for (size_t i = 0; list && i < n; i++)
		if (json_array_append_new(list, json_pack("{s:s}", "type", types[i])) < 0) {
			json_decref(list);
			return NULL;
		}
	return list;
}

/* The built-in profile for SPEC_CAPS, as JSON. */
static json_t *spec_seccomp(void)
{
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	json_t *j = mr_seccomp_default(&p, SPEC_CAPS, &err) == 0 ? mr_seccomp_to_json(&p) : NULL;
	mr_sc_profile_free(&p);
	return j;
}

static json_t *spec_linux(bool rootless)
{
	json_t *lx = json_pack("{s:o, s:o, s:o, s:o}",
	                       "namespaces", spec_namespaces(rootless),
	                       "maskedPaths", path_list(mr_default_masked_paths),
	                       "readonlyPaths", path_list(mr_default_readonly_paths),
	                       "seccomp", spec_seccomp());
	if (!lx || !rootless)
		return lx;
	/* Rootless: the caller becomes root in the container, nobody else
	 * exists (a single id is all an unprivileged user may map). */
	json_t *ids = json_pack("{s:[{s:i, s:I, s:i}], s:[{s:i, s:I, s:i}]}",
	                        "uidMappings", "containerID", 0, "hostID", (json_int_t)getuid(), "size", 1,
	                        "gidMappings", "containerID", 0, "hostID", (json_int_t)getgid(), "size", 1);
	if (!ids || json_object_update(lx, ids) < 0) {
		json_decref(ids);
		json_decref(lx);
		return NULL;
	}
	json_decref(ids);
	return lx;
}

json_t *mr_oci_spec(bool rootless)
{
	return json_pack("{s:s, s:o, s:{s:s, s:b}, s:s, s:o, s:o}",
	                 "ociVersion", "1.2.0",
	                 "process", spec_process(),
	                 "root", "path", "rootfs", "readonly", 1,
	                 "hostname", "minirun",
	                 "mounts", spec_mounts(rootless),
	                 "linux", spec_linux(rootless));
}
