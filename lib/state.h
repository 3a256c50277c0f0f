/* state.c: where the OCI lifecycle commands keep a container between
 * invocations: ROOT/ID/ (ROOT is --root, default /run/minirun, or
 * $XDG_RUNTIME_DIR/minirun when unprivileged) holding
 *   state.json   what create recorded (written atomically: temp + rename)
 *   config.json  the bundle's config as it was at create (for poststop hooks,
 *                exec), with the limits `update` set since
 *   exec.fifo    present while the container waits for `start`
 *   lock         locked (fcntl F_SETLKW, a POSIX record lock) by every
 *                command acting on the container, so two minirun
 *                processes never act on one container at once: a
 *                second one waits (blocks in mr_state_open) until the first
 *                closes the state. Hold it for one action, never while
 *                waiting on the workload: `state` and `list` do not take it
 *                (mr_state_read) but kill, start and delete wait for it.
 *
 * The lock belongs to the process, not to the fd (unlike flock(2)): a
 * process forked or cloned while the state is open, such as the container
 * waiting on exec.fifo or a hook, never holds it, so `start` cannot wait on
 * the container it starts. Open one container's state once per process:
 * closing any fd of its lock file drops the lock.
 *
 * ROOT/ID appears atomically and already locked (built under a hidden name,
 * then renamed into place), and vanishes atomically (renamed away first),
 * so an opener that waited through a delete gets "does not exist". */
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
 * not starting with '.' or '-', without "..", at most 255 characters (it
 * names a directory: NAME_MAX). */
int mr_state_check_id(const char *id, struct mr_error *err);

/* Create ROOT/ID (error if it exists: "container \"ID\" already exists",
 * exit 125; ROOT is made 0700 if missing, ROOT/ID is 0711), lock it, and
 * make the exec fifo (mode 0622). st->id, dir and owner (geteuid) are set;
 * the rest is the caller's to fill before mr_state_save (a NULL created is
 * saved as now, a NULL status as "creating"). Nothing is saved yet: until
 * the first save, a reader (mr_state_read) finds no container. */
int mr_state_create(const char *root, const char *id, struct mr_state *st, struct mr_error *err);

/* Open and lock ROOT/ID and load its state.json ("container \"ID\" does
 * not exist" when it does not). Waits while another process holds the
 * lock. A directory whose create died before its first save loads as a
 * stopped container (pid 0, bundle "") so that delete can remove it. On
 * failure st is left closed (mr_state_close is harmless). */
int mr_state_open(const char *root, const char *id, struct mr_state *st, struct mr_error *err);

/* The same without the lock, for the read-only commands (state, list),
 * which must not wait behind a start or a create: a consistent snapshot
 * (state.json is replaced atomically) that can be stale at once. Cannot be
 * saved. A create that has not saved yet "does not exist". */
int mr_state_read(const char *root, const char *id, struct mr_state *st, struct mr_error *err);

/* Write state.json atomically (temp file, fsync, rename). Needs the lock
 * (mr_state_create or mr_state_open). state.json holds the spec's document
 * plus a "minirun" object: start_time, created, status (as recorded),
 * owner, cgroup. */
int mr_state_save(const struct mr_state *st, struct mr_error *err);

/* Replace ROOT/ID/NAME with text atomically, as mr_state_save does
 * state.json (needs the lock): update records new limits in config.json. */
int mr_state_write(const struct mr_state *st, const char *name, const char *text, struct mr_error *err);

/* The status now: "stopped" once the process is gone, a zombie, or its
 * pid was recycled (start time differs; not checked when start_time is 0);
 * else "creating" while that is the recorded status, "paused" while its
 * cgroup is frozen (mr_cgroup_frozen), "created" while the recorded status
 * is "created" and exec.fifo exists, else "running". */
const char *mr_state_status(const struct mr_state *st);

/* The runtime-spec state document (ociVersion, id, status, pid, bundle,
 * annotations), malloc'd text. pid is left out when stopped. */
char *mr_state_json(const struct mr_state *st, const char *status);

/* Path of a file in the container's directory: "ROOT/ID/exec.fifo". */
char *mr_state_path(const struct mr_state *st, const char *name);

/* Remove ROOT/ID and everything in it (needs it open; then close it). */
int mr_state_remove(struct mr_state *st, struct mr_error *err);

/* Unlock and free (does not remove anything). */
void mr_state_close(struct mr_state *st);

/* The ids under root, sorted (malloc'd array of malloc'd strings, also
 * NULL-terminated). A missing root is an empty list. */
int mr_state_list(const char *root, char ***ids, size_t *n, struct mr_error *err);

/* /proc/PID/stat's start time, 0 if the process does not exist. */
uint64_t mr_proc_start_time(pid_t pid);

#endif
