/* user.c: who the workload runs as — --user and --group-add resolved
 * against the container's own /etc/passwd and /etc/group.
 *
 * This runs after pivot_root, so "/etc/passwd" is the container's file,
 * never the host's. The files are parsed with fgetpwent/fgetgrent, not
 * getpwnam: NSS would load host-configured modules into the container. */
#include "caps.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One /etc/passwd entry, copied out of libc's static buffer. */
struct account {
	uid_t uid;
	gid_t gid;
	char name[256];
	char home[PATH_MAX];
};

/* "1000" -> 1000. Ids are 32-bit and (uid_t)-1 means "unchanged" to the
 * set*id calls, so it is refused. */
static bool parse_id(const char *s, uint32_t *out)
{
	char *end;
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return false;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || v >= UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

/* Find a passwd entry by name (name != NULL) or by uid. Returns 1 found,
 * 0 not found, -1 when the file cannot be opened (errno set). */
static int find_account(const char *path, const char *name, uid_t uid, struct account *out)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	struct passwd *pw;
	int found = 0;
	while (!found && (pw = fgetpwent(f))) {
		if (name ? strcmp(pw->pw_name, name) != 0 : pw->pw_uid != uid)
			continue;
		out->uid = pw->pw_uid;
		out->gid = pw->pw_gid;
		snprintf(out->name, sizeof out->name, "%s", pw->pw_name);
		snprintf(out->home, sizeof out->home, "%s", pw->pw_dir ? pw->pw_dir : "");
		found = 1;
	}
	fclose(f);
	return found;
}

char *mr_user_name(const char *passwd_path, uid_t uid)
{
	struct account acct;
	char *s;
	if (find_account(passwd_path, NULL, uid, &acct) == 1)
		return strdup(acct.name);
	return asprintf(&s, "#%u", (unsigned)uid) < 0 ? NULL : s;
}

/* A group, numeric or a name looked up in the group file. */
static int resolve_group(const char *path, const char *flag, const char *spec,
                         gid_t *out, struct mr_error *err)
{
	uint32_t id;
	if (parse_id(spec, &id)) {
		*out = id;
		return 0;
	}
	FILE *f = fopen(path, "re");
	if (!f)
		return mr_fail(err, errno, "%s %s: cannot look the group up in the container's %s",
		               flag, spec, path);
	struct group *gr;
	bool found = false;
	while (!found && (gr = fgetgrent(f))) {
		if (strcmp(gr->gr_name, spec) == 0) {
			*out = gr->gr_gid;
			found = true;
		}
	}
	fclose(f);
	if (!found)
		return mr_fail(err, 0, "%s %s: no group \"%s\" in the container's %s", flag, spec,
		               spec, path);
	return 0;
}

/* The user part of --user: numeric, or a name that must be in passwd. */
static int resolve_account(const char *path, const char *spec, struct account *acct,
                           bool *listed, struct mr_error *err)
{
	uint32_t id;
	if (parse_id(spec, &id)) {
		/* A numeric uid need not exist anywhere; when listed, passwd
		 * supplies its primary group and home. */
		int rc = find_account(path, NULL, id, acct);
		*listed = rc == 1;
		acct->uid = id;
		return 0;
	}
	int rc = find_account(path, spec, 0, acct);
	if (rc < 0)
		return mr_fail(err, errno, "--user %s: cannot look the user up in the container's %s",
		               spec, path);
	if (rc == 0)
		return mr_fail(err, 0, "--user %s: no user \"%s\" in the container's %s", spec, spec,
		               path);
	*listed = true;
	return 0;
}

static int resolve_group_add(struct mr_config *cfg, const char *group_path,
                             struct mr_error *err)
{
	size_t n = 0;
	while (cfg->group_add && cfg->group_add[n])
		n++;
	cfg->n_groups = 0;
	if (!n)
		return 0;
	gid_t *groups = calloc(n, sizeof *groups);
	if (!groups)
		return mr_fail(err, ENOMEM, "--group-add");
	for (size_t i = 0; i < n; i++) {
		if (resolve_group(group_path, "--group-add", cfg->group_add[i], &groups[i], err)) {
			free(groups);
			return -1;
		}
	}
	cfg->groups = groups;
	cfg->n_groups = n;
	return 0;
}

/* HOME follows the user, as in Docker: the passwd entry's directory, "/"
 * for a uid passwd does not list. A HOME the caller set explicitly (-e)
 * is anything other than the clean environment's default, /root. */
static int set_home(struct mr_config *cfg, const struct account *acct, bool listed,
                    struct mr_error *err)
{
	const char *cur = mr_config_getenv(cfg, "HOME");
	if (cur && strcmp(cur, "/root") != 0)
		return 0;
	const char *home = listed && acct->home[0] ? acct->home : "/";
	if (mr_config_setenv(cfg, "HOME", home) < 0)
		return mr_fail(err, errno, "set HOME=%s", home);
	return 0;
}

int mr_user_resolve_files(struct mr_config *cfg, const char *passwd_path,
                          const char *group_path, struct mr_error *err)
{
	const char *spec = cfg->user && *cfg->user ? cfg->user : "0";
	char user[256];
	const char *colon = strchr(spec, ':');
	size_t ulen = colon ? (size_t)(colon - spec) : strlen(spec);

	if (ulen == 0 || ulen >= sizeof user || (colon && !colon[1]))
		return mr_fail(err, 0, "--user \"%s\": expected USER[:GROUP], names or numbers", spec);
	memcpy(user, spec, ulen);
	user[ulen] = 0;

	struct account acct = {0};
	bool listed = false;
	if (resolve_account(passwd_path, user, &acct, &listed, err))
		return -1;
	/* Docker's rule: a uid passwd does not list gets gid 0. */
	gid_t gid = listed ? acct.gid : 0;
	if (colon && resolve_group(group_path, "--user", colon + 1, &gid, err))
		return -1;
	if (resolve_group_add(cfg, group_path, err))
		return -1;
	cfg->uid = acct.uid;
	cfg->gid = gid;
	return set_home(cfg, &acct, listed, err);
}

int mr_user_resolve(struct mr_config *cfg, struct mr_error *err)
{
	return mr_user_resolve_files(cfg, "/etc/passwd", "/etc/group", err);
}
