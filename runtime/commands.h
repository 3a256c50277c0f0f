/* One function per subcommand, each in its own file. Each returns the exit
 * status for minirun. */
#ifndef MR_COMMANDS_H
#define MR_COMMANDS_H

#include <stdbool.h>

/* The Docker-style launch and the tools */
int cmd_run(int argc, char **argv);      /* run.c: minirun [OPTIONS] ROOTFS CMD */
int cmd_caps(int argc, char **argv);     /* caps.c: minirun caps … */
int cmd_seccomp(int argc, char **argv);  /* seccomp.c: minirun seccomp … */

/* The OCI runtime CLI (runc's), on bundles. argv[0] is the subcommand. */
int cmd_spec(int argc, char **argv);     /* spec.c */
int cmd_create(int argc, char **argv);   /* create.c */
int cmd_start(int argc, char **argv);    /* start.c */
int cmd_state(int argc, char **argv);    /* state.c */
int cmd_kill(int argc, char **argv);     /* kill.c */
int cmd_delete(int argc, char **argv);   /* delete.c */
int cmd_bundle_run(int argc, char **argv); /* bundle_run.c: minirun run */
int cmd_exec(int argc, char **argv);     /* exec.c */
int cmd_list(int argc, char **argv);     /* list.c */
int cmd_features(int argc, char **argv); /* features.c */
int cmd_pause(int argc, char **argv);    /* pause.c */
int cmd_resume(int argc, char **argv);   /* pause.c: its mirror image */
int cmd_ps(int argc, char **argv);       /* ps.c */
int cmd_update(int argc, char **argv);   /* update.c */

/* The OCI subcommands, space-separated, from main.c's table: for messages
 * and `minirun features`. */
const char *mr_oci_commands(void);

/* The global options of the OCI CLI, before the subcommand:
 * minirun [--root DIR] [--log FILE] [--log-format text|json] [--debug]
 *         [--systemd-cgroup] [--rootless true|false|auto] SUBCOMMAND … */
struct mr_globals {
	const char *root;        /* state directory; NULL = mr_state_default_root() */
	const char *log;         /* where errors also go (engines read it) */
	const char *log_format;  /* "text" or "json" */
	bool debug;
	bool systemd_cgroup;     /* accepted; cgroupsPath "slice:prefix:name" */
};
extern struct mr_globals mr_globals;

#endif
