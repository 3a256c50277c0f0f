/* cgroups.c (with cgroups_limits.c and cgroups_files.c): the container's
 * own cgroup, its resource limits, and killing or removing everything in
 * it. Works on cgroup v2 (unified), v1 and
 * hybrid hosts (v1 controllers beside a cgroup2 mount at
 * /sys/fs/cgroup/unified): each limit goes to whichever hierarchy owns its
 * controller.
 *
 * The life of a cgroup, as launch.c uses it:
 *
 *     name = mr_cgroup_name(cfg, pid);          // after clone
 *     mr_cgroup_enter(cfg, name, pid, &err);    // before the child goes on
 *     …                                         // the child unshares its
 *                                               // cgroup namespace
 *     mr_cgroup_destroy(name, &err);            // once everything exited
 *
 * Rootless: cgroups belong to root unless a subtree is delegated to the
 * user (systemd's Delegate=yes, cgroup v2). A rootless container that asks
 * for limits without one fails with an error that says so; one that only
 * wants a cgroup (cfg->want_cgroup) gets none: mr_cgroup_enter returns 1
 * (not an error; it says why with mr_verbose), and the caller should then
 * remember no cgroup: mr_cgroup_pids and mr_cgroup_kill would fail with
 * errnum ENOENT, so signal the container's init directly. */
#ifndef MR_CGROUPS_H
#define MR_CGROUPS_H

#include "minirun.h"

/* Does cfg need a cgroup (a limit is set, or cfg->want_cgroup)? */
bool mr_cgroup_wanted(const struct mr_config *cfg);

/* The cgroup's name, relative to the root of each hierarchy (malloc'd):
 * cfg->cgroup_path without its leading '/', else "minirun/<id>", else
 * "minirun/run-<pid>" for a container without an id. A systemd-style
 * path "SLICE:PREFIX:NAME" (what engines pass with --systemd-cgroup)
 * becomes the directory systemd would use, "SLICE/PREFIX-NAME.scope",
 * with the slice expanded: "a-b.slice" lives in "a.slice/a-b.slice". */
char *mr_cgroup_name(const struct mr_config *cfg, pid_t pid);

/* Create the cgroup `name` in every hierarchy minirun uses, write
 * cfg->resources into it, and move `pid` in: 0. A limit the host cannot
 * enforce (controller missing, rootless without delegation, a value the
 * kernel refuses) is an error naming the limit and the file: -1, with
 * nothing left behind (and pid back where it was). 1: no cgroup at all,
 * which is fine (rootless, no limits: see the top of this file). */
int mr_cgroup_enter(const struct mr_config *cfg, const char *name, pid_t pid, struct mr_error *err);

/* The functions below find the cgroup `name` wherever it exists. When it
 * exists in no hierarchy, pids and kill fail with err->errnum == ENOENT;
 * join and destroy have nothing to do and succeed. */

/* Add one more process to the cgroup (exec joins the container's). */
int mr_cgroup_join(const char *name, pid_t pid, struct mr_error *err);

/* The processes in the cgroup (malloc'd array). */
int mr_cgroup_pids(const char *name, pid_t **pids, size_t *n, struct mr_error *err);

/* Send sig to every process in the cgroup (kill --all, delete --force).
 * SIGKILL returns once the cgroup is empty (at most about 5 s). */
int mr_cgroup_kill(const char *name, int sig, struct mr_error *err);

/* Remove the cgroup from every hierarchy; fails (EBUSY) while processes
 * remain. A cgroup that does not exist is not an error. The "minirun"
 * parent goes too when nothing else is left in it. */
int mr_cgroup_destroy(const char *name, struct mr_error *err);

/* ---- pure helpers (unit-tested) -------------------------------------- */

/* v1 cpu.shares (2…262144, default 1024) as v2 cpu.weight (1…10000,
 * default 100), the conversion runc and crun use; 0 stays 0 (not set). */
uint64_t mr_cgroup_cpu_weight(uint64_t shares);

/* v2 cpu.max, "QUOTA PERIOD" or "max PERIOD", into buf. Returns 0 when
 * neither is set (nothing to write), else 1. */
int mr_cgroup_cpu_max(int64_t quota, uint64_t period, char *buf, size_t size);

/* OCI's memory_swap is memory+swap; v2's memory.swap.max is swap alone:
 * swap - memory (-1, unlimited, stays -1). Returns 0 when nothing is to
 * be written, 1 with *swap_max set, -1 with err for a swap limit without
 * a memory limit or one below it. */
int mr_cgroup_swap_max(const struct mr_resources *r, int64_t *swap_max, struct mr_error *err);

#endif
