/* caps.c: the five capability sets of the workload.
 *
 * Three layers, top to bottom of this file:
 *   1. pure helpers: names (libcap-ng's table), parsing of --cap-add and
 *      --cap-drop, the set arithmetic, decoding masks, /proc status text,
 *      file-capability xattrs, and a model of what execve does to the sets;
 *   2. mr_caps_from_flags (in minirun, before clone);
 *   3. mr_caps_enter and mr_caps_explain_exec (in the workload, just before
 *      no_new_privs, seccomp and exec) — where the order of every step
 *      matters and is explained. */
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

/* ---- names ------------------------------------------------------------ */

unsigned mr_cap_last(void)
{
	static unsigned last;
	static bool known;

	if (known)
		return last;
	last = CAP_LAST_CAP;
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	if (f) {
		unsigned v;
		if (fscanf(f, "%u", &v) == 1)
			last = v;
		fclose(f);
	}
	if (last > 63) /* the sets are 64-bit masks in every kernel interface */
		last = 63;
	known = true;
	return last;
}

uint64_t mr_cap_all(void)
{
	unsigned last = mr_cap_last();
	return last == 63 ? UINT64_MAX : BIT(last + 1) - 1;
}

static const char *strip_cap_prefix(const char *name)
{
	return strncasecmp(name, "cap_", 4) == 0 ? name + 4 : name;
}

int mr_cap_from_name(const char *name)
{
	const char *bare = strip_cap_prefix(name);
	if (!*bare)
		return -1;
	/* libcap-ng compares case-insensitively and without the prefix. */
	return capng_name_to_capability(bare);
}

const char *mr_cap_name(unsigned cap, char *buf, size_t len)
{
	const char *name = cap <= 63 ? capng_capability_to_name(cap) : NULL;
	/* Beyond libcap-ng's table it invents "cap_41": say CAP_41 instead. */
	if (!name || strncmp(name, "cap_", 4) == 0) {
		snprintf(buf, len, "CAP_%u", cap);
		return buf;
	}
	size_t n = snprintf(buf, len, "CAP_%s", name);
	for (size_t i = 4; i < n && i < len; i++)
		buf[i] = (char)toupper((unsigned char)buf[i]);
	return buf;
}

/* Edit distance (insertions, deletions, substitutions), case-insensitive;
 * names are short, one row of the table is enough. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t lb = strlen(b);
	size_t row[lb + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; a[i - 1]; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *mr_cap_suggest(const char *name, char *buf, size_t len)
{
	const char *bare = strip_cap_prefix(name);
	size_t best = SIZE_MAX;
	unsigned best_cap = 0;
	char cand[64];

	for (unsigned cap = 0; cap <= mr_cap_last(); cap++) {
		size_t d = edit_distance(bare, mr_cap_name(cap, cand, sizeof cand) + 4);
		if (d < best) {
			best = d;
			best_cap = cap;
		}
	}
	/* Past half the length it is a different word, not a typo. */
	if (best > strlen(bare) / 2 + 1)
		return NULL;
	mr_cap_name(best_cap, cand, sizeof cand);
	snprintf(buf, len, "%s", bare != name ? cand : cand + 4);
	return buf;
}

int mr_caps_decode(uint64_t mask, char *buf, size_t len)
{
	size_t used = 0;
	char name[64];

	if (len)
		buf[0] = 0;
	if (!mask)
		return snprintf(buf, len, "(none)") < (int)len ? 0 : -1;
	for (unsigned cap = 0; cap <= 63; cap++) {
		if (!(mask & BIT(cap)))
			continue;
		int n = snprintf(buf + used, len - used, "%s%s", used ? "," : "",
		                 mr_cap_name(cap, name, sizeof name));
		if (n < 0 || (size_t)n >= len - used)
			return -1;
		used += (size_t)n;
	}
	return 0;
}

int mr_caps_parse_hex(const char *text, uint64_t *mask)
{
	const char *p = text;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	size_t n = strspn(p, "0123456789abcdefABCDEF");
	if (n == 0 || p[n] != 0)
		return -1;
	while (n > 16 && *p == '0') { /* leading zeros are fine, more bits not */
		p++;
		n--;
	}
	if (n > 16)
		return -1;
	*mask = strtoull(p, NULL, 16);
	return 0;
}

/* ---- --cap-add / --cap-drop ------------------------------------------ */

static int unknown_cap(const char *flag, const char *value, const char *name,
                       struct mr_error *err)
{
	char hint[64];
	if (mr_cap_suggest(name, hint, sizeof hint))
		return mr_fail(err, 0, "%s %s: unknown capability \"%s\" (did you mean %s?)",
		               flag, value, name, hint);
	return mr_fail(err, 0, "%s %s: unknown capability \"%s\" (`minirun caps --list` shows the names)",
	               flag, value, name);
}

/* One name of a comma list: ALL (*all is set), or a capability this
 * kernel knows (added to *mask). */
static int parse_one(const char *flag, const char *value, const char *name,
                     uint64_t *mask, bool *all, struct mr_error *err)
{
	if (!*name)
		return mr_fail(err, 0, "%s \"%s\": empty capability name in the list", flag, value);
	if (strcasecmp(strip_cap_prefix(name), "all") == 0) {
		*all = true;
		return 0;
	}
	int cap = mr_cap_from_name(name);
	if (cap < 0)
		return unknown_cap(flag, value, name, err);
	if ((unsigned)cap > mr_cap_last())
		return mr_fail(err, 0, "%s %s: this kernel does not know %s (its last capability is %u)",
		               flag, value, name, mr_cap_last());
	*mask |= BIT(cap);
	return 0;
}

/* A whole flag value: "NET_ADMIN,cap_chown,All". */
static int parse_value(const char *flag, const char *value, uint64_t *mask,
                       bool *all, struct mr_error *err)
{
	char *copy = strdup(value);
	if (!copy)
		return mr_fail(err, ENOMEM, "%s %s", flag, value);
	int rc = 0;
	char *name = copy;
	for (;;) {
		char *comma = strchr(name, ',');
		if (comma)
			*comma = 0;
		rc = parse_one(flag, value, name, mask, all, err);
		if (rc || !comma)
			break;
		name = comma + 1;
	}
	free(copy);
	return rc;
}

int mr_caps_request(struct mr_cap_request *req, char *const *adds, size_t n_adds,
                    char *const *drops, size_t n_drops, bool privileged,
                    struct mr_error *err)
{
	bool add_all = privileged;

	*req = (struct mr_cap_request){0};
	for (size_t i = 0; i < n_adds; i++)
		if (parse_value("--cap-add", adds[i], &req->named, &add_all, err))
			return -1;
	for (size_t i = 0; i < n_drops; i++)
		if (parse_value("--cap-drop", drops[i], &req->drop, &req->drop_all, err))
			return -1;
	req->add = req->named | (add_all ? mr_cap_all() : 0);
	return 0;
}

int mr_caps_limit(const struct mr_cap_request *req, uint64_t bounding, bool privileged,
                  uint64_t *mask, uint64_t *skipped, struct mr_error *err)
{
	/* Docker's rule: drops apply after adds, so ALL minus X works; and
	 * "--cap-drop ALL" drops the defaults (none here) but not what
	 * --cap-add names. */
	uint64_t want = req->add & ~req->drop;
	if (req->drop_all)
		want &= req->named;
	uint64_t missing = want & ~bounding;

	/* Asked for by name and not grantable: refuse rather than launch a
	 * container that silently lacks what its user said it needs. */
	if (!privileged && (missing & req->named)) {
		char names[1024];
		mr_caps_decode(missing & req->named, names, sizeof names);
		return mr_fail(err, 0,
		               "cannot grant %s: not in minirun's own bounding set (CapBnd %016llx), "
		               "so this host cannot give it to a container",
		               names, (unsigned long long)bounding);
	}
	*skipped = missing;
	*mask = want & bounding;
	return 0;
}

uint64_t mr_caps_own_bounding(void)
{
	uint64_t mask = 0;
	for (unsigned cap = 0; cap <= mr_cap_last(); cap++)
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) > 0)
			mask |= BIT(cap);
	return mask;
}

static void warn_privileged(uint64_t mask)
{
	mr_notice("--privileged is dangerous: it grants all %d capabilities this host can give "
	          "(CAP_SYS_ADMIN, CAP_SYS_MODULE, CAP_SYS_RAWIO among them): the container can "
	          "mount, load kernel modules and write raw devices, as root on the host can",
	          __builtin_popcountll(mask));
}

int mr_caps_from_flags(struct mr_caps *caps, char *const *adds, size_t n_adds,
                       char *const *drops, size_t n_drops, bool privileged,
                       struct mr_error *err)
{
	struct mr_cap_request req;
	uint64_t mask, skipped;

	if (mr_caps_request(&req, adds, n_adds, drops, n_drops, privileged, err) ||
	    mr_caps_limit(&req, mr_caps_own_bounding(), privileged, &mask, &skipped, err))
		return -1;
	if (skipped) {
		char names[1024];
		mr_caps_decode(skipped, names, sizeof names);
		mr_notice("%s: skipping %s: not in minirun's own bounding set, the host cannot grant it",
		          privileged ? "--privileged" : "--cap-add ALL", names);
	}
	if (privileged)
		warn_privileged(mask);
	/* The same mask in all five sets: that is what makes a capability
	 * survive execve for root (bounding) and non-root (ambient) alike. */
	*caps = (struct mr_caps){mask, mask, mask, mask, mask};
	return 0;
}

/* ---- /proc/PID/status ------------------------------------------------- */

static const char *status_field(const char *text, const char *field)
{
	size_t fl = strlen(field);
	for (const char *line = text; line && *line;) {
		if (strncmp(line, field, fl) == 0 && line[fl] == ':')
			return line + fl + 1;
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return NULL;
}

static int status_hex(const char *text, const char *field, uint64_t *out,
                      struct mr_error *err)
{
	const char *v = status_field(text, field);
	char *end;
	if (!v)
		return mr_fail(err, 0, "/proc status has no %s line", field);
	errno = 0;
	*out = strtoull(v, &end, 16);
	if (errno || end == v)
		return mr_fail(err, 0, "/proc status: cannot read %s", field);
	return 0;
}

static int status_int(const char *text, const char *field)
{
	const char *v = status_field(text, field);
	return v ? atoi(v) : -1;
}

int mr_caps_parse_status(const char *text, struct mr_proc_caps *out, struct mr_error *err)
{
	struct mr_caps *c = &out->caps;
	if (status_hex(text, "CapInh", &c->inheritable, err) ||
	    status_hex(text, "CapPrm", &c->permitted, err) ||
	    status_hex(text, "CapEff", &c->effective, err) ||
	    status_hex(text, "CapBnd", &c->bounding, err) ||
	    status_hex(text, "CapAmb", &c->ambient, err))
		return -1;
	out->no_new_privs = status_int(text, "NoNewPrivs");
	out->seccomp = status_int(text, "Seccomp");
	return 0;
}

int mr_caps_read_status(pid_t pid, struct mr_proc_caps *out, struct mr_error *err)
{
	char path[64], text[16384];
	if (pid)
		snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	else
		snprintf(path, sizeof path, "/proc/self/status");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return mr_fail(err, errno, "open %s", path);
	size_t used = 0;
	ssize_t n;
	while (used < sizeof text - 1 &&
	       (n = read(fd, text + used, sizeof text - 1 - used)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			return mr_fail(err, e, "read %s", path);
		}
		used += (size_t)n;
	}
	close(fd);
	text[used] = 0;
	if (mr_caps_parse_status(text, out, err))
		return mr_fail(err, 0, "%s: %s", path, err->msg);
	return 0;
}

/* ---- file capabilities and what execve does --------------------------- */

int mr_caps_decode_xattr(const void *value, size_t len, struct mr_file_caps *out)
{
	uint32_t w[6] = {0};
	if (len < 4 || len > sizeof w || len % 4)
		return -1;
	memcpy(w, value, len);
	for (size_t i = 0; i < 6; i++)
		w[i] = le32toh(w[i]);

	*out = (struct mr_file_caps){.present = true};
	out->effective = w[0] & VFS_CAP_FLAGS_EFFECTIVE;
	switch (w[0] & VFS_CAP_REVISION_MASK) {
	case VFS_CAP_REVISION_1:
		if (len != XATTR_CAPS_SZ_1)
			return -1;
		out->permitted = w[1];
		out->inheritable = w[2];
		return 0;
	case VFS_CAP_REVISION_2:
	case VFS_CAP_REVISION_3:
		if (len != ((w[0] & VFS_CAP_REVISION_MASK) == VFS_CAP_REVISION_2
		            ? XATTR_CAPS_SZ_2 : XATTR_CAPS_SZ_3))
			return -1;
		out->permitted = w[1] | (uint64_t)w[3] << 32;
		out->inheritable = w[2] | (uint64_t)w[4] << 32;
		out->rootid = w[5];
		return 0;
	default:
		return -1;
	}
}

/* The kernel's rules (security/commoncap.c, cap_bprm_creds_from_file):
 *   P' = (P_inh & F_inh) | (F_perm & bounding) | P_amb'
 *   E' = F_eff ? P' : P_amb'
 *   I' = I, bounding' = bounding
 *   P_amb' = 0 for a setuid/setgid file or one with file capabilities
 * with root's special case (F_perm = F_inh = all, F_eff on) and
 * no_new_privs capping P' at the old P and ignoring setuid bits. */
int mr_caps_after_exec(const struct mr_caps *before, uid_t uid, gid_t gid, bool nnp,
                       const struct mr_exec_file *file, struct mr_caps *after)
{
	bool honored = !file->nosuid_mount; /* nosuid ignores bits and xattr */
	bool has_fcap = honored && file->fcaps.present;
	uint64_t fp = has_fcap ? file->fcaps.permitted : 0;
	uint64_t fi = has_fcap ? file->fcaps.inheritable : 0;
	bool eff = has_fcap && file->fcaps.effective;
	/* no_new_privs makes execve ignore setuid/setgid bits outright (the
	 * ids never change); file capabilities are still read, then capped. */
	bool setid_ok = honored && !nnp;
	uid_t euid = setid_ok && (file->mode & S_ISUID) ? file->uid : uid;
	gid_t egid = setid_ok && (file->mode & S_ISGID) ? file->gid : gid;
	bool is_setid = euid != uid || egid != gid;

	*after = *before;
	uint64_t p = (before->bounding & fp) | (before->inheritable & fi);
	/* A capability-dumb binary (effective bit) that would not get all its
	 * file-permitted capabilities is refused rather than run crippled. */
	if (eff && (fp & ~p))
		return EPERM;
	bool suid_root_with_fcaps = has_fcap && euid == 0 && uid != 0;
	if (!suid_root_with_fcaps && (euid == 0 || uid == 0)) {
		p = before->bounding | before->inheritable;
		eff = eff || euid == 0;
	}
	uint64_t amb = is_setid || has_fcap ? 0 : before->ambient;
	p |= amb;
	if (nnp && (is_setid || (p & ~before->permitted)))
		p &= before->permitted;
	after->permitted = p;
	after->effective = eff ? p : amb;
	after->ambient = amb;
	return 0;
}

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
