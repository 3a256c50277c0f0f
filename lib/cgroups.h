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
 * and in between, for the OCI commands: mr_cgroup_freeze (pause, resume),
 * mr_cgroup_frozen (state says "paused"), mr_cgroup_pids (ps),
 * mr_cgroup_update (update), mr_cgroup_kill (kill --all, delete --force).
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

/* The processes in the cgroup and in the cgroups the container made
 * inside it (systemd in a container does), as a malloc'd array. */
int mr_cgroup_pids(const char *name, pid_t **pids, size_t *n, struct mr_error *err);

/* Send sig to every process in the cgroup, those in cgroups below it too
 * (kill --all, delete --force).
 * SIGKILL returns once the cgroup is empty (at most about 5 s). A frozen
 * (paused) cgroup stays frozen, its processes handle the signal when
 * thawed (on cgroup2 a signal that kills without a handler kills at
 * once); SIGKILL thaws it, so that v1-frozen processes die too. */
int mr_cgroup_kill(const char *name, int sig, struct mr_error *err);

/* Pause (frozen) or resume every process in the cgroup: cgroup2's
 * cgroup.freeze (also on a hybrid host), else the v1 freezer; returns
 * once the kernel reports it done. A freeze that is not done within 5 s
 * (a process in an uninterruptible sleep) is undone and an error
 * (ETIMEDOUT); a host with no freezer is an error (ENOTSUP). */
int mr_cgroup_freeze(const char *name, bool frozen, struct mr_error *err);

/* Was the cgroup frozen (by mr_cgroup_freeze, or anyone writing the same
 * file)? false also when it or a freezer does not exist. Cheap enough for
 * every `state`: the mount table and one small file. */
bool mr_cgroup_frozen(const char *name);

/* Change the limits of the existing cgroup to r, the whole set (what
 * create would write: fields left 0 are not written). r is checked first
 * (mr_cgroup_check). The cgroup is made in a tree whose controller it did
 * not need until now, and every process moves in, the container frozen
 * meanwhile. A value the kernel refuses is an error naming the limit and
 * the file, after the files written before it got their old contents back
 * and the trees made for it were removed. */
int mr_cgroup_update(const char *name, const struct mr_resources *r, struct mr_error *err);

/* Remove the cgroup from every hierarchy, with any cgroups made inside
 * it; fails (EBUSY) while processes remain. A cgroup that does not exist is not an error. The "minirun"
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

/* What the kernel would refuse, said first: the swap limit against the
 * memory limit (mr_cgroup_swap_max), a cpu quota under 1000 us, a cpu
 * period outside 1000…1000000 us. 0, or -1 with err. */
int mr_cgroup_check(const struct mr_resources *r, struct mr_error *err);

/* Update's arithmetic: the limits set in change (not 0, not NULL) replace
 * those in cur. As runc, a memory limit lifted (-1) without a word on swap
 * lifts the swap limit too, which could not stand alone. */
void mr_cgroup_merge(struct mr_resources *cur, const struct mr_resources *change);

#endif
