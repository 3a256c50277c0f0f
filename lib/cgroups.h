/* cgroups.c: the container's own cgroup, its resource limits, and killing
 * or removing everything in it. Works on cgroup v2 (unified), v1 and
 * hybrid hosts (v1 controllers beside a cgroup2 mount at
 * /sys/fs/cgroup/unified): each limit goes to whichever hierarchy owns its
 * controller. */
#ifndef MR_CGROUPS_H
#define MR_CGROUPS_H

#include "minirun.h"

/* Does cfg need a cgroup (a limit is set, or cfg->want_cgroup)? */
bool mr_cgroup_wanted(const struct mr_config *cfg);

/* The cgroup's name, relative to the root of each hierarchy (malloc'd):
 * cfg->cgroup_path without its leading '/', else "minirun/<id>", else
 * "minirun/run-<pid>" for a container without an id. */
char *mr_cgroup_name(const struct mr_config *cfg, pid_t pid);

/* Create the cgroup `name` in every hierarchy minirun uses, write
 * cfg->resources into it, and move `pid` in. A limit the host cannot
 * enforce (controller missing, rootless without delegation) is an error
 * naming the limit and the file. On failure nothing is left behind. */
int mr_cgroup_enter(const struct mr_config *cfg, const char *name, pid_t pid, struct mr_error *err);

/* Add one more process to an existing cgroup (exec joins the container's). */
int mr_cgroup_join(const char *name, pid_t pid, struct mr_error *err);

/* The processes in the cgroup (malloc'd array). */
int mr_cgroup_pids(const char *name, pid_t **pids, size_t *n, struct mr_error *err);

/* Send sig to every process in the cgroup (kill --all, delete --force). */
int mr_cgroup_kill(const char *name, int sig, struct mr_error *err);

/* Remove the cgroup from every hierarchy; fails (EBUSY) while processes
 * remain. A cgroup that does not exist is not an error. */
int mr_cgroup_destroy(const char *name, struct mr_error *err);

#endif
