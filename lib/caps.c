/* caps.c: entering the five capability sets in the workload, just before
 * no_new_privs, seccomp and exec — where the order of every step matters and
 * is explained — and, for --verbose, saying what execve will do to them.
 * Names, parsing and the set arithmetic are in caps_sets.c. */
#include "caps.h"

#include <cap-ng.h>
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#define BIT(n) (UINT64_C(1) << (n))

/* ---- entering the sets (in the workload) ------------------------------- */

/* What this thread holds right now, from the kernel itself. */
static int current_sets(struct mr_caps *out, struct mr_error *err)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return mr_fail(err, errno, "capget");
	out->effective = data[0].effective | (uint64_t)data[1].effective << 32;
	out->permitted = data[0].permitted | (uint64_t)data[1].permitted << 32;
	out->inheritable = data[0].inheritable | (uint64_t)data[1].inheritable << 32;
	out->bounding = out->ambient = 0;
	for (unsigned cap = 0; cap <= mr_cap_last(); cap++) {
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) > 0)
			out->bounding |= BIT(cap);
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0) > 0)
			out->ambient |= BIT(cap);
	}
	return 0;
}

/* The kernel's own invariants, checked up front so a bad OCI config gets
 * a message instead of an EPERM from deep inside capset. */
static int check_sets(const struct mr_caps *c, struct mr_error *err)
{
	char names[1024];
	uint64_t bad;

	if ((bad = c->ambient & ~(c->permitted & c->inheritable))) {
		mr_caps_decode(bad, names, sizeof names);
		return mr_fail(err, 0, "ambient capabilities %s must also be permitted and inheritable", names);
	}
	if ((bad = c->effective & ~c->permitted)) {
		mr_caps_decode(bad, names, sizeof names);
		return mr_fail(err, 0, "effective capabilities %s must also be permitted", names);
	}
	if ((bad = c->inheritable & ~c->bounding)) {
		mr_caps_decode(bad, names, sizeof names);
		return mr_fail(err, 0, "inheritable capabilities %s must also be in the bounding set", names);
	}
	return 0;
}

/* Load libcap-ng's (thread-local) state with *c. We run in a child of
 * clone(), which libcap-ng's fork handler never saw: its cached thread id
 * may be the parent's, so point it at "this thread" (0) explicitly. */
static void capng_load(const struct mr_caps *c)
{
	capng_setpid(0);
	capng_clear(CAPNG_SELECT_ALL);
	for (unsigned cap = 0; cap <= mr_cap_last(); cap++) {
		if (c->bounding & BIT(cap))
			capng_update(CAPNG_ADD, CAPNG_BOUNDING_SET, cap);
		if (c->permitted & BIT(cap))
			capng_update(CAPNG_ADD, CAPNG_PERMITTED, cap);
		if (c->effective & BIT(cap))
			capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, cap);
		if (c->inheritable & BIT(cap))
			capng_update(CAPNG_ADD, CAPNG_INHERITABLE, cap);
		if (c->ambient & BIT(cap))
			capng_update(CAPNG_ADD, CAPNG_AMBIENT, cap);
	}
}

static int capng_step(const struct mr_caps *c, capng_select_t which, const char *what,
                      struct mr_error *err)
{
	capng_load(c);
	errno = 0;
	if (capng_apply(which) != 0)
		return mr_fail(err, errno ? errno : EPERM, "set the %s", what);
	return 0;
}

static int switch_groups(const struct mr_config *cfg, struct mr_error *err)
{
	if (setgroups(cfg->n_groups, cfg->groups) == 0)
		return 0;
	/* An unprivileged user may only write a user namespace's gid_map after
	 * denying setgroups(2) in it, so in rootless mode setgroups always
	 * fails. With no --group-add nothing is lost: the process keeps the
	 * caller's own groups (seen as nogroup inside), which it had anyway. */
	if (errno == EPERM && cfg->rootless && cfg->n_groups == 0)
		return 0;
	if (errno == EPERM && cfg->rootless)
		return mr_fail(err, 0, "--group-add: rootless mode cannot set supplementary groups "
		               "(the kernel denies setgroups(2) in a user namespace an unprivileged "
		               "user made); run minirun as root to use --group-add");
	return mr_fail(err, errno, "setgroups (%zu supplementary groups)", cfg->n_groups);
}

static int unmapped_user(const struct mr_config *cfg, const char *what, unsigned id,
                         struct mr_error *err)
{
	return mr_fail(err, 0, "--user %s: %s %u does not exist in the container: rootless mode "
	               "maps only uid 0 and gid 0 (to the caller); run minirun as root to use "
	               "other uids", cfg->user ? cfg->user : "", what, id);
}

/* setresgid before setresuid: changing the gid needs CAP_SETGID, which a
 * non-root uid would no longer have in its effective set. */
static int switch_ids(const struct mr_config *cfg, struct mr_error *err)
{
	if (switch_groups(cfg, err))
		return -1;
	if (setresgid(cfg->gid, cfg->gid, cfg->gid) < 0) {
		if (errno == EINVAL && cfg->rootless)
			return unmapped_user(cfg, "gid", cfg->gid, err);
		return mr_fail(err, errno, "setresgid %u", (unsigned)cfg->gid);
	}
	if (setresuid(cfg->uid, cfg->uid, cfg->uid) < 0) {
		if (errno == EINVAL && cfg->rootless)
			return unmapped_user(cfg, "uid", cfg->uid, err);
		return mr_fail(err, errno, "setresuid %u", (unsigned)cfg->uid);
	}
	return 0;
}

static int verify_sets(const struct mr_caps *want, struct mr_error *err)
{
	struct mr_caps got;
	if (current_sets(&got, err))
		return -1;
	if (memcmp(&got, want, sizeof got) == 0)
		return 0;
	/* Fail closed: a workload with other capabilities than asked for must
	 * not run. */
	return mr_fail(err, 0,
	               "capability sets differ from the requested ones after setting them "
	               "(bnd %016llx prm %016llx eff %016llx inh %016llx amb %016llx)",
	               (unsigned long long)got.bounding, (unsigned long long)got.permitted,
	               (unsigned long long)got.effective, (unsigned long long)got.inheritable,
	               (unsigned long long)got.ambient);
}

/* The order, and why:
 *  1. PR_SET_KEEPCAPS: when setresuid moves every uid away from 0 the
 *     kernel empties the permitted set, unless this flag is set. We need
 *     permitted intact until step 4 decides what stays. (execve resets it.)
 *  2. The bounding set first, while we are still root with a full
 *     effective set: dropping from it takes CAP_SETPCAP, which a non-root
 *     uid no longer has in effective after step 3.
 *  3. setgroups, setresgid, setresuid — groups and gid before uid, because
 *     changing them takes CAP_SETGID. Leaving uid 0 also clears effective
 *     and ambient (the kernel's "setuid drops privileges" emulation), which
 *     is why ambient must wait until after this step.
 *  4. permitted, effective, inheritable in one capset: lowering permitted
 *     to the mask is always allowed; inheritable may only grow within the
 *     bounding set, which step 2 already made equal to the mask.
 *  5. ambient last: a capability may be raised there only if it is both
 *     permitted and inheritable (step 4). Only what was asked for goes in
 *     inheritable and ambient (CVE-2022-24769: runc used to fill them).
 * Then the caller sets no_new_privs (capset is unaffected by it, but no
 * later execve may gain anything), loads seccomp (last, so the filter need
 * not allow the calls above) and execs. With no-new-privileges=false the
 * filter must instead be loaded before this function, while CAP_SYS_ADMIN
 * is still held, and must then allow these calls.
 * After execve a root process gets P' = bounding | inheritable and a
 * non-root one P' = ambient: with all five sets equal to the mask, both
 * end up with exactly the mask. */
int mr_caps_enter(const struct mr_config *cfg, struct mr_error *err)
{
	const struct mr_caps *want = &cfg->caps;

	if (check_sets(want, err))
		return -1;
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return mr_fail(err, errno, "prctl PR_SET_KEEPCAPS");
	if (capng_step(want, CAPNG_SELECT_BOUNDS, "bounding set (needs CAP_SETPCAP)", err))
		return -1;
	if (switch_ids(cfg, err))
		return -1;
	if (capng_step(want, CAPNG_SELECT_CAPS, "permitted, effective and inheritable sets", err))
		return -1;
	if (capng_step(want, CAPNG_SELECT_AMBIENT, "ambient set", err))
		return -1;
	return verify_sets(want, err);
}

/* ---- --verbose: what exec will do ------------------------------------ */

static int find_in_path(const char *cmd, const char *path, char *out, size_t len)
{
	if (strchr(cmd, '/')) {
		snprintf(out, len, "%s", cmd);
		return access(out, F_OK);
	}
	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	for (const char *dir = path; *dir;) {
		size_t n = strcspn(dir, ":");
		struct stat st;
		snprintf(out, len, "%.*s/%s", (int)n, n ? dir : ".", cmd);
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
			return 0;
		dir += n;
		if (*dir == ':')
			dir++;
	}
	return -1;
}

static void load_exec_file(const char *path, struct mr_exec_file *f)
{
	struct stat st;
	struct statvfs vfs;
	unsigned char xattr[32];

	*f = (struct mr_exec_file){0};
	if (stat(path, &st) == 0) {
		f->mode = st.st_mode;
		f->uid = st.st_uid;
		f->gid = st.st_gid;
	}
	f->nosuid_mount = statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_NOSUID);
	ssize_t n = getxattr(path, "security.capability", xattr, sizeof xattr);
	if (n > 0 && mr_caps_decode_xattr(xattr, (size_t)n, &f->fcaps) < 0)
		f->fcaps = (struct mr_file_caps){0};
}

static void say_set(const struct mr_config *cfg, const char *set, uint64_t mask)
{
	char names[1024];
	if (mr_caps_decode(mask, names, sizeof names) < 0)
		snprintf(names + sizeof names - 5, 5, "...");
	mr_verbose(cfg, "caps:   %-11s %016llx %s", set, (unsigned long long)mask, names);
}

static void say_file(const struct mr_config *cfg, const char *path,
                     const struct mr_exec_file *f)
{
	char p[1024], i[1024];
	if (f->fcaps.present) {
		mr_caps_decode(f->fcaps.permitted, p, sizeof p);
		mr_caps_decode(f->fcaps.inheritable, i, sizeof i);
		mr_verbose(cfg, "caps: %s has file capabilities: permitted %s, inheritable %s, "
		           "effective bit %s%s", path, p, i, f->fcaps.effective ? "on" : "off",
		           f->nosuid_mount ? " (ignored: its mount is nosuid)" : "");
	}
	if (f->mode & (S_ISUID | S_ISGID))
		mr_verbose(cfg, "caps: %s is%s%s%s", path,
		           f->mode & S_ISUID ? " setuid" : "", f->mode & S_ISGID ? " setgid" : "",
		           f->nosuid_mount ? " (ignored: its mount is nosuid)" : "");
	if ((f->fcaps.present || (f->mode & (S_ISUID | S_ISGID))) && !f->nosuid_mount)
		mr_verbose(cfg, "caps: %s", cfg->no_new_privs
		           ? "no_new_privs is set: exec cannot gain anything from them"
		           : "no_new_privs is off: exec may gain from them, within the bounding set");
}

void mr_caps_explain_exec(const struct mr_config *cfg)
{
	char path[PATH_MAX], names[1024];
	struct mr_exec_file f = {0};
	struct mr_caps after;

	if (!cfg->verbose || !cfg->argv || !cfg->argv[0])
		return;
	bool found = find_in_path(cfg->argv[0], mr_config_getenv(cfg, "PATH"), path,
	                          sizeof path) == 0;
	if (found)
		load_exec_file(path, &f);
	else
		snprintf(path, sizeof path, "%s", cfg->argv[0]);
	int refused = mr_caps_after_exec(&cfg->caps, cfg->uid, cfg->gid, cfg->no_new_privs,
	                                 &f, &after);
	if (found)
		say_file(cfg, path, &f);
	if (refused) {
		mr_caps_decode(f.fcaps.permitted & ~cfg->caps.bounding, names, sizeof names);
		mr_verbose(cfg, "caps: the kernel will refuse to exec %s (EPERM): its effective "
		           "bit demands %s, which the bounding set withholds", path, names);
		return;
	}
	mr_verbose(cfg, "caps: after exec, %s as uid %u gid %u holds:", path,
	           (unsigned)cfg->uid, (unsigned)cfg->gid);
	say_set(cfg, "bounding", after.bounding);
	say_set(cfg, "permitted", after.permitted);
	say_set(cfg, "effective", after.effective);
	say_set(cfg, "inheritable", after.inheritable);
	say_set(cfg, "ambient", after.ambient);
	if (cfg->rootless && after.permitted)
		mr_verbose(cfg, "caps: rootless: these count only inside minirun's user namespace "
		           "(over its own namespaces and mounts), never over the host");
	if (cfg->uid != 0 && cfg->caps.ambient)
		mr_verbose(cfg, "caps: uid %u is not root: execve empties its permitted set, the "
		           "ambient set carries the capabilities across", (unsigned)cfg->uid);
	uint64_t lost = cfg->caps.permitted & ~after.permitted;
	if (lost && mr_caps_decode(lost, names, sizeof names) == 0)
		mr_verbose(cfg, "caps: exec will lose %s (permitted but not ambient, or "
		           "dropped by a setuid/file-capability exec)", names);
}
