/* caps_sets.c: the pure side of capabilities — names (libcap-ng's table),
 * parsing --cap-add and --cap-drop, the set arithmetic, decoding masks,
 * /proc/PID/status text, file-capability xattrs, and a model of what execve
 * does to the sets. No side effects beyond reading minirun's own status;
 * unit-tested in tests/unit/test_caps.c. The kernel side (entering the sets
 * in the workload) is caps.c. */
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
