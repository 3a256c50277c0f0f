/* What the OCI subcommands share: the state root, the bundle-to-container
 * steps of create (also used by run), and the end of a container (delete,
 * and run after the workload exits). */
#ifndef MR_OCI_COMMON_H
#define MR_OCI_COMMON_H

#include <jansson.h>

#include "minirun.h"
#include "state.h"

/* --root, or the default for this user. */
const char *oci_root(void);

/* Print err once and return the exit code for it. */
int oci_report(const struct mr_error *err);

/* `minirun CMD ID` (start, pause, resume; CMD is argv[0]): -1 with the
 * container ID open and locked in *st; else the exit status, after
 * printing usage for --help, or the error. */
int oci_open_one(int argc, char **argv, const char *usage, struct mr_state *st);

/* 0 when the container has a cgroup of its own; else err saying why
 * `minirun CMD` cannot work without one (rootless, no delegation). */
int oci_need_cgroup(const struct mr_state *st, const char *cmd, struct mr_error *err);

/* create's options (and run's). */
struct oci_create_opts {
	const char *id;
	const char *bundle;          /* NULL: the current directory */
	const char *pid_file;
	const char *console_socket;
	int preserve_fds;
	bool detach;                 /* the container outlives minirun */
};

/* --preserve-fds N for `minirun CMD` (create, run, exec): a count of fds
 * from 0 to 2^20. False, with a message on stderr, for anything else. */
bool oci_parse_preserve_fds(const char *cmd, const char *arg, int *out);

/* Parse create's options (run's are the same) into *o; `help` is the
 * usage text. Returns 1 after printing --help, -1 on a bad option. */
int oci_parse_create_opts(int argc, char **argv, struct oci_create_opts *o, const char *help);

/* Everything `minirun create` does: read the bundle's config.json into
 * cfg, make the state directory, start the container up to the exec fifo,
 * record its state and write the pid file. On failure nothing is left
 * (no state dir, no process, no cgroup). On success st is open and
 * locked; *doc is the config (cfg's strings point into it). */
int oci_create(const struct oci_create_opts *o, struct mr_config *cfg, json_t **doc, struct mr_state *st,
               struct mr_error *err);

/* Release a created container and run the poststart hooks (a failing one
 * is a warning, as the runtime-spec says). st stays locked. */
int oci_start(struct mr_state *st, struct mr_error *err);

/* The container's config as create saved it (ROOT/ID/config.json). */
int oci_load_saved(const struct mr_state *st, struct mr_config *cfg, json_t **doc, struct mr_error *err);

/* Kill everything in the container with SIGKILL and wait until its
 * process is gone (delete --force). */
int oci_stop(struct mr_state *st, struct mr_error *err);

/* The end of a stopped container: remove its cgroup, run the poststop
 * hooks (failures are warnings), remove its state directory. */
int oci_destroy(struct mr_state *st, struct mr_error *err);

/* The state document for hooks (struct mr_config.state_json). */
char *oci_state_json(const struct mr_config *cfg, pid_t pid, const char *status);

/* Write "PID" to path atomically (temp file + rename), as engines read it. */
int oci_write_pid_file(const char *path, pid_t pid, struct mr_error *err);

/* Connect to the engine's console socket (a unix socket path). */
int oci_connect_console(const char *path, struct mr_error *err);

#endif
