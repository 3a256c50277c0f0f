/* The container's own cgroup: its resource limits, killing everything in
 * it, removing it.
 *
 * A cgroup is a directory in a cgroup filesystem. Writing a pid into its
 * cgroup.procs moves that process in (its children are born there), and
 * the controller files beside it limit all of them together. Linux has
 * two versions of these filesystems, and a host may use either or both:
 *
 *   v2 (unified)  one tree: cgroup2 at /sys/fs/cgroup. The root's
 *                 cgroup.controllers lists the controllers, and each
 *                 parent hands them to its children in its
 *                 cgroup.subtree_control ("+memory +pids"). Limits:
 *                 memory.max, memory.swap.max, pids.max, cpu.max,
 *                 cpu.weight, cpuset.cpus; "max" means unlimited.
 *                 cgroup.kill kills everything inside (Linux 5.14),
 *                 cgroup.freeze stops it.
 *   v1            one tree per controller (a few may share one, like
 *                 cpu,cpuacct): `cgroup` mounts at /sys/fs/cgroup/memory,
 *                 /sys/fs/cgroup/pids… The container joins a cgroup of the
 *                 same name in each tree whose controller limits it.
 *                 Limits: memory.limit_in_bytes, memory.memsw.limit_in_bytes,
 *                 pids.max, cpu.cfs_quota_us, cpu.shares, cpuset.cpus;
 *                 -1 means unlimited. Freezing is the freezer controller's.
 *   hybrid        v1 controllers as above, plus a cgroup2 without
 *                 controllers at /sys/fs/cgroup/unified (systemd's hybrid
 *                 mode; the machine minirun is tested on). The limits go
 *                 to v1; the container also joins the cgroup2 tree, whose
 *                 cgroup.procs lists its processes and whose cgroup.kill
 *                 and cgroup.freeze work without any controller. crun
 *                 refuses such hosts; minirun does not.
 *
 * So minirun never asks "which version is this host?" but, for each
 * controller, "which tree has it?": the cgroup2 root if its
 * cgroup.controllers lists it, else the v1 mount that carries it (both
 * read from /proc/self/mountinfo). The container's cgroup is made, under
 * one name, in the cgroup2 tree when there is one and in every tree a
 * limit needs; on a pure v1 host, in the freezer's too, to find and stop
 * its processes.
 *
 * This file is that mechanism: the host's trees, the plan, making the
 * cgroup, moving processes in, freezing them (pause, and while signalling
 * them one by one), changing the limits later (update), and killing and
 * removing them. What the limits are in each tree's files is
 * cgroups_limits.c; reading and writing a cgroup's files, with errors that
 * say what would help, and its freezer, cgroups_files.c. */
#include "cgroups_int.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Each controller by the kernel's name for it. */
static const char *const ctrl_name[CG_NCTRL] = {"memory", "pids", "cpu", "cpuset", "freezer", "devices"};
/* How an error names what could not be done. */
static const char *const ctrl_limit[CG_NCTRL] = {"memory limit", "pids limit", "cpu limit", "cpuset",
                                                 "freezer", "device rules"};

/* ---- pure helpers ------------------------------------------------------- */

/* "SLICE:PREFIX:NAME", what engines pass as cgroupsPath for systemd. */
static bool is_systemd_path(const char *p)
{
	const char *c1 = strchr(p, ':');
	const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
	return p[0] != '/' && c2 && !strchr(c2 + 1, ':');
}

/* systemd nests slices by their dashes: "a-b-c.slice" lives in
 * a.slice/a-b.slice/a-b-c.slice, "-.slice" is the root, and a container
 * without a slice goes to system.slice. The unit is PREFIX-NAME.scope. */
static char *systemd_name(const char *path)
{
	const char *c1 = strchr(path, ':'), *c2 = strchr(c1 + 1, ':');
	int slen = (int)(c1 - path), plen = (int)(c2 - c1 - 1);
	char *out = NULL;
	size_t size;
	FILE *f = open_memstream(&out, &size);
	if (!f)
		return NULL;
	if (!slen)
		fputs("system.slice/", f);
	else if (slen > 6 && !strncmp(path + slen - 6, ".slice", 6) && strncmp(path, "-.slice", 7)) {
		for (int i = 0; i < slen - 6; i++)
			if (path[i] == '-')
				fprintf(f, "%.*s.slice/", i, path);
		fprintf(f, "%.*s/", slen, path);
	} else if (strncmp(path, "-.slice", 7))
		fprintf(f, "%.*s/", slen, path);
	fprintf(f, "%.*s%s%s.scope", plen, c1 + 1, plen ? "-" : "", c2 + 1);
	fclose(f);
	return out;
}

char *mr_cgroup_name(const struct mr_config *cfg, pid_t pid)
{
	const char *path = cfg->cgroup_path;
	if (path && is_systemd_path(path))
		return systemd_name(path);
	while (path && *path == '/')
		path++;
	size_t len = path ? strlen(path) : 0;
	while (len && path[len - 1] == '/')
		len--;
	if (len)
		return strndup(path, len);
	char *name;
	int n = cfg->id && *cfg->id ? asprintf(&name, "minirun/%s", cfg->id)
	                            : asprintf(&name, "minirun/run-%d", (int)pid);
	return n < 0 ? NULL : name;
}

/* A name must stay inside each tree: relative, no empty, "." or ".."
 * parts, and short enough for our path buffers. */
static int check_name(const char *name, struct mr_error *err)
{
	size_t len = name ? strlen(name) : 0;
	bool ok = len > 0 && len < 256 && name[0] != '/' && name[len - 1] != '/';
	for (const char *p = name; ok && *p; p += *p == '/') {
		size_t n = strcspn(p, "/");
		ok = n > 0 && strncmp(p, ".", n) && strncmp(p, "..", n);
		p += n;
	}
	if (!ok)
		return mr_fail(err, EINVAL, "cgroup name '%s': expected a relative path like minirun/web, "
		               "without . or .. parts", name ? name : "");
	return 0;
}

/* Is word in list, between separators (or the ends)? */
static bool has_word(const char *list, const char *word, const char *seps)
{
	size_t len = strlen(word);
	for (const char *p = list; (p = strstr(p, word)); p += len)
		if ((p == list || strchr(seps, p[-1])) && (!p[len] || strchr(seps, p[len])))
			return true;
	return false;
}

/* ---- the host's trees ----------------------------------------------------- */

/* Where this host keeps each controller. */
struct cg_host {
	char unified[CG_PATH];      /* the cgroup2 mount point, "" if none */
	char v1[CG_NCTRL][CG_PATH]; /* the v1 mount carrying each controller */
	bool v2[CG_NCTRL];          /* listed in the cgroup2 root's cgroup.controllers */
};

/* One line of /proc/self/mountinfo:
 * "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory" */
static void host_add_mount(struct cg_host *h, const char *line)
{
	char mnt[CG_PATH], type[32], opts[256];
	const char *dash = strstr(line, " - ");
	if (!dash || sscanf(line, "%*s %*s %*s %*s %511s", mnt) != 1 ||
	    sscanf(dash + 3, "%31s %*s %255s", type, opts) != 2)
		return;
	if (!strcmp(type, "cgroup2") && !h->unified[0])
		memcpy(h->unified, mnt, sizeof mnt);
	if (strcmp(type, "cgroup"))
		return;
	for (int c = 0; c < CG_NCTRL; c++)
		if (has_word(opts, ctrl_name[c], ",") && !h->v1[c][0])
			memcpy(h->v1[c], mnt, sizeof mnt);
}

static int host_read(struct cg_host *h, struct mr_error *err)
{
	memset(h, 0, sizeof *h);
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return mr_fail(err, errno, "read /proc/self/mountinfo");
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0)
		host_add_mount(h, line);
	free(line);
	fclose(f);
	char list[512];
	if (h->unified[0] && cg_read_file(h->unified, "cgroup.controllers", list, sizeof list) >= 0)
		for (int c = 0; c < CG_NCTRL; c++)
			h->v2[c] = has_word(list, ctrl_name[c], " \n");
	/* cgroup2 has no devices controller, and needs none: a BPF program
	 * on the cgroup does it. The v1 controller where it is mounted. */
	h->v2[CG_DEVICES] = h->unified[0] && !h->v1[CG_DEVICES][0];
	return 0;
}

/* ---- the plan: the container's cgroup in each tree ----------------------- */

struct cg_plan {
	struct cg_dir dir[CG_NCTRL + 1];
	size_t n;
};

/* Add the tree of controller c (-1: the cgroup2 tree); its limits are to
 * be written there when `limits`. */
static void plan_add(struct cg_plan *p, const struct cg_host *h, int c, bool limits, const char *name)
{
	bool v2 = c < 0 || h->v2[c];
	const char *root = v2 ? h->unified : h->v1[c];
	struct cg_dir *d = NULL;
	for (size_t i = 0; i < p->n && !d; i++)
		if (!strcmp(p->dir[i].root, root))
			d = &p->dir[i];
	if (!d) {
		d = &p->dir[p->n++];
		memset(d, 0, sizeof *d);
		cg_pathf(d->root, "%s", root);
		cg_pathf(d->path, "%s/%s", root, name);
		d->v2 = v2;
		d->key = v2 ? -1 : c;
		d->first_made = -1;
	}
	if (limits)
		d->ctrls |= BIT(c);
}

/* The trees for r's limits. */
static int plan_limits(const struct cg_host *h, const struct mr_resources *r, const char *name,
                       struct cg_plan *p, struct mr_error *err)
{
	unsigned need = cg_needed_ctrls(r);
	for (int c = 0; c < CG_NCTRL; c++) {
		if (!(need & BIT(c)))
			continue;
		if (!h->v2[c] && !h->v1[c][0])
			return mr_fail(err, 0, "%s: this host has no %s controller (not listed in %s/cgroup.controllers, "
			               "not mounted as cgroup v1): enable it in the kernel, or drop the limit",
			               ctrl_limit[c], ctrl_name[c], h->unified[0] ? h->unified : "/sys/fs/cgroup");
		plan_add(p, h, c, true, name);
	}
	return 0;
}

/* The trees for cfg's limits first (so that an error names a limit), then
 * the cgroup2 tree, or on a pure v1 host the freezer's (or any one, to
 * find the processes). */
static int plan_for_limits(const struct cg_host *h, const struct mr_resources *r, const char *name,
                           struct cg_plan *p, struct mr_error *err)
{
	if (plan_limits(h, r, name, p, err) < 0)
		return -1;
	static const int trackers[] = {CG_PIDS, CG_MEMORY, CG_CPU, CG_CPUSET};
	if (h->unified[0])
		plan_add(p, h, -1, false, name);
	else if (h->v1[CG_FREEZER][0])
		plan_add(p, h, CG_FREEZER, false, name); /* for kill to stop them first */
	for (size_t i = 0; !p->n && i < sizeof trackers / sizeof *trackers; i++)
		if (h->v1[trackers[i]][0])
			plan_add(p, h, trackers[i], false, name);
	if (!p->n)
		return mr_fail(err, ENOENT, "the container's cgroup: no cgroup filesystem is mounted "
		                            "(expected cgroup2 at /sys/fs/cgroup, or v1 controllers below it)");
	return 0;
}

/* Every tree where the cgroup `name` exists, the cgroup2 one first. With
 * `must`, none is an error (ENOENT). */
static int find_cgroup(const char *name, struct cg_plan *p, bool must, struct mr_error *err)
{
	struct cg_host h;
	struct cg_plan all = {.n = 0};
	if (check_name(name, err) < 0 || host_read(&h, err) < 0)
		return -1;
	if (h.unified[0])
		plan_add(&all, &h, -1, false, name);
	for (int c = 0; c < CG_NCTRL; c++)
		if (h.v1[c][0])
			plan_add(&all, &h, c, false, name);
	struct stat st;
	p->n = 0;
	for (size_t i = 0; i < all.n; i++)
		if (stat(all.dir[i].path, &st) == 0 && S_ISDIR(st.st_mode))
			p->dir[p->n++] = all.dir[i];
	if (must && !p->n)
		return mr_fail(err, ENOENT, "cgroup %s: it exists in no cgroup hierarchy", name);
	return 0;
}

/* ---- making the cgroup ------------------------------------------------ */

static int count_levels(const char *name)
{
	int n = 1;
	for (const char *p = name; *p; p++)
		n += *p == '/';
	return n;
}

/* The path of level i of name in d's tree: with "minirun/web", level 0 is
 * root/minirun, level 1 root/minirun/web, and level -1 the root. */
static void level_path(char *buf, const struct cg_dir *d, const char *name, int i)
{
	const char *end = name;
	for (int k = 0; k <= i; k++)
		end += strcspn(end, "/") + (k < i);
	if (i < 0)
		cg_pathf(buf, "%s", d->root);
	else
		cg_pathf(buf, "%s/%.*s", d->root, (int)(end - name), name);
}

/* How errors about d name it: its first limit, or the cgroup itself. */
static const char *dir_what(const struct cg_dir *d)
{
	for (int c = 0; c < CG_NCTRL; c++)
		if (d->ctrls & BIT(c))
			return ctrl_limit[c];
	return "the container's cgroup";
}

/* mkdir -p, remembering the first level we made (to undo). Another
 * minirun may remove an empty "minirun" between our mkdirs: then the next
 * level fails with ENOENT, and we start again. */
static int make_levels(struct cg_dir *d, const char *name, struct mr_error *err)
{
	char path[CG_PATH];
	int n = count_levels(name), retries = 0;
	d->first_made = -1;
	for (int i = 0; i < n; i++) {
		level_path(path, d, name, i);
		if (mkdir(path, 0755) == 0) {
			if (d->first_made < 0)
				d->first_made = i;
		} else if (errno == ENOENT && i > 0 && ++retries < 10) {
			i = -1;
			d->first_made = -1;
		} else if (errno != EEXIST) {
			int e = errno;
			return mr_fail(err, e, "%s: create the cgroup %s%s", dir_what(d), path, cg_write_hint(e, ""));
		}
	}
	return 0;
}

/* cgroup v2 gives a cgroup a controller only when its parent lists it in
 * cgroup.subtree_control: switch on what the limits need, from the root
 * down to the leaf's parent. */
static int enable_controllers(const struct cg_dir *d, const char *name, struct mr_error *err)
{
	char dir[CG_PATH], list[512], word[16];
	for (int i = -1; i < count_levels(name) - 1; i++) {
		level_path(dir, d, name, i);
		cg_read_file(dir, "cgroup.subtree_control", list, sizeof list);
		for (int c = 0; c < CG_NCTRL; c++) {
			if (!(d->ctrls & BIT(c)) || c == CG_DEVICES || has_word(list, ctrl_name[c], " \n"))
				continue;
			snprintf(word, sizeof word, "+%s", ctrl_name[c]);
			if (cg_write(dir, "cgroup.subtree_control", word, ctrl_limit[c], err) < 0)
				return -1;
		}
	}
	return 0;
}

/* A new v1 cpuset cgroup starts with no CPUs and no memory nodes, and no
 * process may join it until it has some: copy the parent's, level by
 * level (cgroup v2 does this by itself). */
static int cpuset_inherit(const struct cg_dir *d, const char *name, struct mr_error *err)
{
	static const char *const files[] = {"cpuset.cpus", "cpuset.mems"};
	char parent[CG_PATH], dir[CG_PATH], have[1024], value[1024];
	for (int i = 0; i < count_levels(name); i++) {
		level_path(parent, d, name, i - 1);
		level_path(dir, d, name, i);
		for (size_t f = 0; f < 2; f++) {
			if (cg_read_file(dir, files[f], have, sizeof have) > 0 && have[0] != '\n')
				continue;
			if (cg_read_file(parent, files[f], value, sizeof value) < 0)
				return mr_fail(err, errno, "cpuset: read %s/%s", parent, files[f]);
			if (cg_write(dir, files[f], value, "cpuset", err) < 0)
				return -1;
		}
	}
	return 0;
}

/* Make d's cgroup and write its limits. */
static int prepare_dir(struct cg_dir *d, const struct mr_resources *r, const char *name, struct mr_error *err)
{
	if (make_levels(d, name, err) < 0)
		return -1;
	if (d->v2 && enable_controllers(d, name, err) < 0)
		return -1;
	if (!d->v2 && (d->ctrls & BIT(CG_CPUSET)) && cpuset_inherit(d, name, err) < 0)
		return -1;
	return cg_write_limits(d, r, err);
}

/* Where pid is in d's tree, from /proc/PID/cgroup: "0::/a/b" for cgroup2,
 * "4:memory:/a/b" for v1 (paths from the tree's root). */
static void find_origin(struct cg_dir *d, pid_t pid)
{
	char file[64], *line = NULL;
	size_t cap = 0;
	snprintf(file, sizeof file, "/proc/%d/cgroup", (int)pid);
	cg_pathf(d->origin, "%s", d->root);
	FILE *f = fopen(file, "re");
	while (f && getline(&line, &cap, f) > 0) {
		char *ctrls = strchr(line, ':');
		char *path = ctrls ? strchr(ctrls + 1, ':') : NULL;
		if (!path)
			continue;
		*path++ = 0;
		path[strcspn(path, "\n")] = 0;
		if (d->v2 ? !ctrls[1] : has_word(ctrls + 1, ctrl_name[d->key], ","))
			cg_pathf(d->origin, "%s%s", d->root, path);
	}
	free(line);
	if (f)
		fclose(f);
}

static int join_dir(struct cg_dir *d, pid_t pid, struct mr_error *err)
{
	char v[16];
	snprintf(v, sizeof v, "%d", (int)pid);
	if (cg_write(d->path, "cgroup.procs", v, "move the container into its cgroup", err) < 0)
		return -1;
	d->joined = true;
	return 0;
}

/* Write each pid into dir's cgroup.procs (which moves all its threads);
 * one that exited meanwhile is no error. */
static int move_pids(const char *dir, const pid_t *pids, size_t n, struct mr_error *err)
{
	char v[16];
	for (size_t i = 0; i < n; i++) {
		snprintf(v, sizeof v, "%d", (int)pids[i]);
		if (cg_write(dir, "cgroup.procs", v, "move the container into its cgroup", err) < 0 &&
		    err->errnum != ESRCH)
			return -1;
	}
	return 0;
}

/* Take back what mr_cgroup_enter or mr_cgroup_update did: the processes
 * moved in back where they were, and the levels we made removed, deepest
 * first. */
static void undo(struct cg_plan *p, const char *name)
{
	char path[CG_PATH];
	struct mr_error ignored;
	for (size_t i = p->n; i-- > 0;) {
		struct cg_dir *d = &p->dir[i];
		pid_t *pids;
		size_t n;
		if (d->joined && cg_read_pids(d->path, &pids, &n, &ignored) == 0) {
			move_pids(d->origin, pids, n, &ignored);
			free(pids);
		}
		for (int k = count_levels(name) - 1; d->first_made >= 0 && k >= d->first_made; k--) {
			level_path(path, d, name, k);
			cg_rmdir_retry(path);
		}
	}
}

/* Rootless, no limits, no tree we may write to: the container simply has
 * no cgroup of its own. */
static bool fine_without(const struct mr_config *cfg, struct mr_error *err)
{
	int e = err->errnum;
	if (!cfg->rootless || cg_needed_ctrls(&cfg->resources) ||
	    (e != EACCES && e != EPERM && e != EROFS && e != ENOENT))
		return false;
	mr_verbose(cfg, "cgroup: none for this rootless container (%s: %s); kill --all and delete --force "
	           "reach only its init", err->msg, strerror(e));
	*err = (struct mr_error)MR_ERROR_INIT;
	return true;
}

static void narrate(const struct mr_config *cfg, const struct cg_dir *d)
{
	char list[64] = "";
	for (int c = 0; c < CG_NCTRL; c++)
		if (d->ctrls & BIT(c))
			snprintf(list + strlen(list), sizeof list - strlen(list), " %s", ctrl_name[c]);
	mr_verbose(cfg, "cgroup: %s (cgroup %s%s%s)", d->path, d->v2 ? "v2" : "v1",
	           list[0] ? ", limits:" : ", to track the processes", list);
}

int mr_cgroup_enter(const struct mr_config *cfg, const char *name, pid_t pid, struct mr_error *err)
{
	struct cg_host h;
	struct cg_plan p = {.n = 0};
	if (check_name(name, err) < 0 || mr_cgroup_check(&cfg->resources, err) < 0 || host_read(&h, err) < 0)
		return -1;
	int rc = plan_for_limits(&h, &cfg->resources, name, &p, err);
	/* Everything made and limited before pid moves in anywhere: most
	 * failures then leave no process to move back. */
	for (size_t i = 0; rc == 0 && i < p.n; i++) {
		narrate(cfg, &p.dir[i]);
		rc = prepare_dir(&p.dir[i], &cfg->resources, name, err);
	}
	for (size_t i = 0; rc == 0 && i < p.n; i++) {
		find_origin(&p.dir[i], pid);
		rc = join_dir(&p.dir[i], pid, err);
	}
	if (rc == 0)
		return 0;
	undo(&p, name);
	return fine_without(cfg, err) ? 1 : -1;
}

/* The tree whose freezer stops the container (cg_freezer_dir). */
static const struct cg_dir *freezer_dir(const struct cg_plan *p)
{
	return cg_freezer_dir(p->dir, p->n);
}

/* ---- an existing cgroup: join, update, pause, list, kill, remove -------- */

int mr_cgroup_join(const char *name, pid_t pid, struct mr_error *err)
{
	struct cg_plan p;
	if (find_cgroup(name, &p, false, err) < 0)
		return -1;
	for (size_t i = 0; i < p.n; i++)
		if (join_dir(&p.dir[i], pid, err) < 0)
			return -1;
	return 0;
}

/* An update made the cgroup in trees it was not in (a limit set for the
 * first time, on a v1 or hybrid host): move every process of the
 * container (listed in its first tree) there too, the container frozen
 * meanwhile so that no child is born on the old side. */
static int move_in(const struct cg_plan *have, struct cg_plan *p, struct mr_error *err)
{
	const struct cg_dir *fz = freezer_dir(have);
	bool made = false, paused = fz && cg_asked_frozen(fz);
	for (size_t i = 0; i < p->n; i++)
		made |= p->dir[i].first_made >= 0;
	if (!made)
		return 0;
	pid_t *pids = NULL;
	size_t n = 0;
	struct mr_error ignored;
	if (fz && !paused)
		cg_set_frozen(fz, true, 1000, &ignored);
	int rc = cg_read_pids(have->dir[0].path, &pids, &n, err);
	for (size_t i = 0; rc == 0 && n && i < p->n; i++) {
		struct cg_dir *d = &p->dir[i];
		if (d->first_made < 0)
			continue;
		find_origin(d, pids[0]);
		d->joined = true;
		rc = move_pids(d->path, pids, n, err);
	}
	free(pids);
	if (fz && !paused)
		cg_set_frozen(fz, false, 1000, &ignored);
	return rc;
}

int mr_cgroup_update(const char *name, const struct mr_resources *r, struct mr_error *err)
{
	struct cg_host h;
	struct cg_plan have, p = {.n = 0};
	struct cg_undo saved = {.n = 0};
	if (mr_cgroup_check(r, err) < 0 || find_cgroup(name, &have, true, err) < 0 || host_read(&h, err) < 0 ||
	    plan_limits(&h, r, name, &p, err) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < p.n; i++) {
		p.dir[i].undo = &saved;
		rc = prepare_dir(&p.dir[i], r, name, err);
	}
	if (rc == 0 && move_in(&have, &p, err) == 0)
		return 0;
	cg_undo_writes(&saved);
	undo(&p, name);
	return -1;
}

int mr_cgroup_pids(const char *name, pid_t **pids, size_t *n, struct mr_error *err)
{
	struct cg_plan p;
	*pids = NULL;
	*n = 0;
	if (find_cgroup(name, &p, true, err) < 0)
		return -1;
	return cg_read_pids(p.dir[0].path, pids, n, err);
}

int mr_cgroup_freeze(const char *name, bool frozen, struct mr_error *err)
{
	struct cg_plan p;
	if (find_cgroup(name, &p, true, err) < 0)
		return -1;
	const struct cg_dir *d = freezer_dir(&p);
	if (!d)
		return mr_fail(err, ENOTSUP, "cgroup %s: this host has no freezer (cgroup2's cgroup.freeze needs "
		               "Linux 5.2; on cgroup v1 the freezer controller must be mounted)", name);
	if (cg_set_frozen(d, frozen, 5000, err) == 0)
		return 0;
	struct mr_error ignored;
	if (frozen) /* not half paused */
		cg_set_frozen(d, false, 1000, &ignored);
	return -1;
}

bool mr_cgroup_frozen(const char *name)
{
	struct cg_plan p;
	struct mr_error ignored;
	const struct cg_dir *d = find_cgroup(name, &p, false, &ignored) == 0 ? freezer_dir(&p) : NULL;
	return d && cg_asked_frozen(d);
}

static int signal_each(const struct cg_dir *d, int sig, struct mr_error *err)
{
	pid_t *pids;
	size_t n;
	int rc = cg_read_pids(d->path, &pids, &n, err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (kill(pids[i], sig) < 0 && errno != ESRCH)
			rc = mr_fail(err, errno, "send signal %d to process %d of cgroup %s", sig, (int)pids[i], d->path);
	free(pids);
	return rc;
}

/* One round: cgroup.kill for SIGKILL where the kernel has it, else freeze
 * (so that none can fork while we signal the list), signal each process
 * listed, thaw. Without a freezer, a process forked meanwhile may miss
 * one round. A paused container stays paused: its processes take the
 * signal when resumed (on cgroup2 one without a handler for it dies at
 * once: a fatal signal wakes a frozen task); but SIGKILL thaws it, since
 * a frozen v1 process dies only once thawed (runc thaws too). */
static int kill_round(const struct cg_plan *p, int sig, struct mr_error *err)
{
	const struct cg_dir *d = &p->dir[0], *fz = freezer_dir(p);
	bool paused = fz && cg_asked_frozen(fz);
	struct mr_error ignored;
	int rc;
	if (sig == SIGKILL && d->v2 && cg_file_exists(d->path, "cgroup.kill")) {
		rc = cg_write(d->path, "cgroup.kill", "1", "kill the container's processes", err);
	} else {
		if (fz && !paused)
			cg_set_frozen(fz, true, 1000, &ignored);
		rc = signal_each(d, sig, err);
	}
	if (fz && (!paused || sig == SIGKILL) && cg_asked_frozen(fz))
		cg_set_frozen(fz, false, 1000, &ignored);
	return rc;
}

int mr_cgroup_kill(const char *name, int sig, struct mr_error *err)
{
	struct cg_plan p;
	if (find_cgroup(name, &p, true, err) < 0)
		return -1;
	/* A frozen v1 process dies of SIGKILL only once thawed, and one may
	 * have forked before the freeze: for SIGKILL, again until empty. */
	for (int round = 0; round < 500; round++) {
		pid_t *pids;
		size_t n;
		if (kill_round(&p, sig, err) < 0)
			return -1;
		if (sig != SIGKILL)
			return 0;
		if (cg_read_pids(p.dir[0].path, &pids, &n, err) < 0)
			return -1;
		free(pids);
		if (!n)
			return 0;
		usleep(10000);
	}
	return mr_fail(err, EBUSY, "kill the processes of cgroup %s: some are left after 5 s of SIGKILL",
	               p.dir[0].path);
}

int mr_cgroup_destroy(const char *name, struct mr_error *err)
{
	struct cg_plan p;
	char parent[CG_PATH];
	if (find_cgroup(name, &p, false, err) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < p.n; i++) {
		if (cg_rmdir_tree(p.dir[i].path) == 0 || errno == ENOENT || rc < 0)
			continue;
		int e = errno;
		rc = mr_fail(err, e, "remove the cgroup %s%s", p.dir[i].path,
		             e == EBUSY ? " (processes are still in it)" : "");
	}
	/* minirun's own parent goes when it is empty; in use, it stays. */
	for (size_t i = 0; rc == 0 && !strncmp(name, "minirun/", 8) && i < p.n; i++) {
		level_path(parent, &p.dir[i], name, 0);
		rmdir(parent);
	}
	return rc;
}
