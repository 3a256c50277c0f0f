/* cgroups_int.h: what the cgroup files share, private to them: cgroups.c
 * (the host's trees, making, entering and removing the container's
 * cgroup), cgroups_limits.c (the limits) and cgroups_files.c (a cgroup's
 * files). The library's API is cgroups.h. */
#ifndef MR_CGROUPS_INT_H
#define MR_CGROUPS_INT_H

#include "cgroups.h"

/* Mount points are read with at most 511 characters and names are
 * shorter than 256 (check_name), so every path fits. */
#define CG_PATH 1024

/* The controllers minirun writes limits to, and the v1 freezer. The
 * device rules are the v1 devices controller's, or on cgroup2 (which has
 * no such controller) a BPF program attached to the cgroup. */
enum cg_ctrl { CG_MEMORY, CG_PIDS, CG_CPU, CG_CPUSET, CG_FREEZER, CG_DEVICES, CG_NCTRL };
#define BIT(c) (1u << (c))

struct cg_undo;

/* The container's cgroup in one tree (cgroups.c plans and makes it). */
struct cg_dir {
	char root[CG_PATH];   /* the tree's mount point */
	char path[CG_PATH];   /* root/name */
	bool v2;
	int key;              /* a controller of this v1 tree; -1 for cgroup2 */
	unsigned ctrls;       /* controllers whose limits are written here */
	int first_made;       /* first level of the name we created; -1: none */
	bool joined;          /* pid was moved in… */
	char origin[CG_PATH]; /* …from this cgroup */
	struct cg_undo *undo; /* an update: where writing a limit first saves
	                         what it overwrites; NULL at create */
};

/* What an update overwrote, in order, to be put back if a later write
 * fails. Each controller writes at most 3 files, into one tree. */
struct cg_undo {
	struct {
		const struct cg_dir *dir;
		const char *file;
		char old[1024];
	} w[16];
	size_t n;
};

/* ---- a cgroup's files (cgroups_files.c) -------------------------------- */

/* Format a path into buf[CG_PATH]; false if it did not fit (it always
 * does: see CG_PATH). */
bool cg_pathf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Read DIR/FILE into buf, NUL-terminated. Its length, or -1 with errno. */
ssize_t cg_read_file(const char *dir, const char *file, char *buf, size_t size);

/* Does DIR/FILE exist? */
bool cg_file_exists(const char *dir, const char *file);

/* What would help when writing `file` failed with e. */
const char *cg_write_hint(int e, const char *file);

/* Write value to DIR/FILE; an error names `what` (the limit), the value,
 * the file and what would help. */
int cg_write(const char *dir, const char *file, const char *value, const char *what, struct mr_error *err);

/* The pids in DIR/cgroup.procs and in the cgroups below DIR (malloc'd):
 * a container may make cgroups of its own inside its cgroup (systemd in a
 * container does), and its processes there are as much the container's.
 * Pids outside our pid namespace read as 0 and are left out. */
int cg_read_pids(const char *dir, pid_t **pids, size_t *n, struct mr_error *err);

/* rmdir, retried for a moment on EBUSY: a cgroup may take a few
 * milliseconds to notice that its last process is gone. */
int cg_rmdir_retry(const char *path);

/* The cgroups below path removed, deepest first, then path itself (with
 * cg_rmdir_retry): what the container made inside its cgroup goes with
 * it. 0, or -1 with errno from removing path. */
int cg_rmdir_tree(const char *path);

/* The freezer (pause, resume, and holding still while signalling): of
 * dirs, the one whose freezer stops the container: cgroup2's cgroup.freeze
 * (Linux 5.2; on a hybrid host too, where it needs no controller), else
 * the v1 freezer.state; NULL with neither. */
const struct cg_dir *cg_freezer_dir(const struct cg_dir *dirs, size_t n);

/* Was d asked to freeze (by anyone)? */
bool cg_asked_frozen(const struct cg_dir *d);

/* Freeze (on) or thaw d; returns once the kernel reports it done, or
 * ETIMEDOUT after ms milliseconds. */
int cg_set_frozen(const struct cg_dir *d, bool on, int ms, struct mr_error *err);

/* ---- the limits (cgroups_limits.c) ------------------------------------- */

/* The controllers cfg's limits need, one bit each. */
unsigned cg_needed_ctrls(const struct mr_resources *r);

/* Write r's limits for each controller in d->ctrls to d's files, v2 or v1
 * as d is (saving what they overwrite in d->undo, when set). */
int cg_write_limits(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err);

/* ---- the device rules (cgroups_devices.c) ------------------------------ */

/* Deny every device to d's cgroup, then allow r's rules and the usual
 * /dev nodes: the v1 devices files, or on cgroup2 a BPF program. */
int cg_set_devices(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err);

/* Put back what the writes saved in u, last first (best effort). */
void cg_undo_writes(const struct cg_undo *u);

#endif
