/* state.c: where the OCI lifecycle commands keep a container between
 * invocations: ROOT/ID/ (ROOT is --root, default /run/minirun, or
 * $XDG_RUNTIME_DIR/minirun when unprivileged) holding
 *   state.json   what create recorded (written atomically: temp + rename)
 *   config.json  the bundle's config as it was at create (for poststop hooks)
 *   exec.fifo    present while the container waits for `start`
 *   lock         flock(2)ed by every command acting on the container, so two
 *                minirun processes never act on one container at once. */
#ifndef MR_STATE_H
#define MR_STATE_H

#include "minirun.h"

#include <jansson.h>

struct mr_state {
	char *id;
	char *bundle;            /* absolute path */
	pid_t pid;               /* the container's process, as the host sees it */
	uint64_t start_time;     /* its start time (/proc/PID/stat field 22): a
	                            recycled pid is not the container */
	char *created;           /* RFC 3339 UTC */
	char *cgroup;            /* cgroup name (cgroups.h), or NULL */
	char *status;            /* as recorded: "creating", "created", "running" */
	uid_t owner;             /* uid that created it */
	json_t *annotations;     /* the config's annotations object, or NULL */

	/* not saved: the open container directory */
	char *dir;               /* ROOT/ID */
	int dirfd, lockfd;
};

/* The default --root for this user. */
const char *mr_state_default_root(void);

/* A container id must be a single path component of [A-Za-z0-9_.+-],
 * not starting with '.' or '-'. */
int mr_state_check_id(const char *id, struct mr_error *err);

/* Create ROOT/ID (error if it exists: "container ID already exists"),
 * lock it, and make the exec fifo. st->id is set, the rest is the
 * caller's to fill before mr_state_save. */
int mr_state_create(const char *root, const char *id, struct mr_state *st, struct mr_error *err);

/* Open and lock ROOT/ID and load its state.json ("container ID does not
 * exist" when it does not). */
int mr_state_open(const char *root, const char *id, struct mr_state *st, struct mr_error *err);

/* Write state.json atomically. */
int mr_state_save(const struct mr_state *st, struct mr_error *err);

/* The status now: "created" while the process waits for start, "running"
 * while it lives, "stopped" once it exited (or the pid was recycled). */
const char *mr_state_status(const struct mr_state *st);

/* The runtime-spec state document (ociVersion, id, status, pid, bundle,
 * annotations), malloc'd text. pid is left out when stopped. */
char *mr_state_json(const struct mr_state *st, const char *status);

/* Path of a file in the container's directory: "ROOT/ID/exec.fifo". */
char *mr_state_path(const struct mr_state *st, const char *name);

/* Remove ROOT/ID and everything in it. */
int mr_state_remove(struct mr_state *st, struct mr_error *err);

/* Unlock and free (does not remove anything). */
void mr_state_close(struct mr_state *st);

/* The ids under root, sorted (malloc'd array of malloc'd strings). */
int mr_state_list(const char *root, char ***ids, size_t *n, struct mr_error *err);

/* /proc/PID/stat's start time, 0 if the process does not exist. */
uint64_t mr_proc_start_time(pid_t pid);

#endif
