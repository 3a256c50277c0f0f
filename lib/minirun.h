/* libminirun — the public header, and the manual.
 *
 * The general pattern of use:
 *
 *     struct mr_config cfg;
 *     struct mr_error err = MR_ERROR_INIT;
 *     mr_config_init(&cfg);               // secure defaults: every namespace,
 *                                         // no capabilities, NNP, default seccomp
 *     cfg.rootfs = "/srv/rootfs";          // then fill the struct, either from
 *     cfg.argv = (char *[]){"/bin/sh", 0}; //   Docker-style flags (runtime/run.c)
 *                                         //   or from an OCI config.json
 *     int status = mr_launch(&cfg, &err);  // one launch path for both
 *     if (status < 0) { mr_error_print(&err); exit(err.exit_code); }
 *
 * Layering (pure code at the bottom, the CLI thinnest at the top):
 *   - pure helpers, no side effects, unit-tested: parse.c, config.c, caps
 *     name/set arithmetic in caps.c, the seccomp rule table;
 *   - one file per kernel mechanism, each exposing a few functions over
 *     struct mr_config: namespaces.c, mounts.c, net.c, caps.c, user.c,
 *     seccomp.c, init.c;
 *   - launch.c strings the mechanisms together in the documented order
 *     (docs/ARCHITECTURE.md);
 *   - runtime/ turns a command line into a struct mr_config.
 *
 * Errors: library code never prints an error and never exits. A function
 * that fails returns -1 and records what failed and why in a struct
 * mr_error; the top of the program prints it once. */
#ifndef MINIRUN_H
#define MINIRUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define MINIRUN_VERSION "0.1.0"

/* Exit codes, as Docker uses them. */
enum {
	MR_EXIT_RUNTIME = 125,   /* minirun's own error: bad flag, failed mount… */
	MR_EXIT_CANNOT_EXEC = 126, /* COMMAND exists but cannot be executed */
	MR_EXIT_NOT_FOUND = 127, /* COMMAND not found */
};

/* ---- errors (error.c) ------------------------------------------------ */

struct mr_error {
	int exit_code;  /* what minirun should exit with; 0 = no error */
	int errnum;     /* errno of the failed call, 0 if not a syscall failure */
	char msg[1024]; /* what failed, naming the thing: "mount proc on /proc" */
};
#define MR_ERROR_INIT {0, 0, {0}}

/* Record an error and return -1, so callers can `return mr_fail(...)`. */
int mr_fail(struct mr_error *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Same, with an explicit exit code (126/127 for exec failures). */
int mr_fail_code(struct mr_error *err, int code, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* "minirun: <msg>: <strerror(errnum)>" on stderr, once. */
void mr_error_print(const struct mr_error *err);
/* Warnings and notices are not errors: "minirun: notice: …" on stderr. */
void mr_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the one config struct ------------------------------------------- */

/* Namespaces, in the order setns(2) should join them. */
enum mr_ns {
	MR_NS_USER, MR_NS_MOUNT, MR_NS_PID, MR_NS_UTS, MR_NS_IPC, MR_NS_NET,
	MR_NS_CGROUP, MR_NS_COUNT
};

struct mr_idmap {
	uint32_t inside, outside, count;
};

enum mr_mount_kind {
	MR_MOUNT_BIND,  /* source is a host path, bound (recursively) */
	MR_MOUNT_FS,    /* a fresh filesystem of `fstype` (tmpfs, proc…) */
};

struct mr_mount {
	enum mr_mount_kind kind;
	char *source;         /* host path for binds; fs source name otherwise */
	char *dest;           /* path inside the container */
	char *fstype;         /* for MR_MOUNT_FS */
	char *data;           /* fs options ("size=64m,mode=1777") or NULL */
	unsigned long flags;  /* MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC… */
	unsigned long propagation; /* MS_PRIVATE, MS_SLAVE… or 0 (private) */
};

/* The five capability sets, as 64-bit masks (bit N = capability N). */
struct mr_caps {
	uint64_t bounding, effective, permitted, inheritable, ambient;
};

struct mr_seccomp; /* a compiled filter, opaque (seccomp.c) */

struct mr_config {
	/* what to run */
	char *rootfs;        /* host path of the root filesystem */
	char **argv;         /* the workload, argv[0] searched in PATH */
	char **env;          /* NULL-terminated, KEY=VALUE; the whole env */
	size_t n_env;
	char *cwd;           /* inside the container, default "/" */
	char *hostname;
	bool readonly_rootfs;

	/* namespaces */
	bool ns[MR_NS_COUNT];          /* create a new one of each set here */
	char *ns_path[MR_NS_COUNT];    /* or join this one (setns) */
	bool rootless;                 /* caller is not root: map it to root */
	struct mr_idmap *uid_map, *gid_map;
	size_t n_uid_map, n_gid_map;
	/* network: a new namespace (lo brought up) unless ns[MR_NS_NET] is
	 * false (--net host) or ns_path[MR_NS_NET] joins one (--net ns:PATH) */

	/* filesystem */
	struct mr_mount *mounts;       /* user volumes and tmpfs, in order */
	size_t n_mounts;
	char **masked_paths;           /* NULL-terminated */
	char **readonly_paths;         /* NULL-terminated */

	/* the process */
	char *user;                    /* --user as given, resolved by user.c */
	char **group_add;              /* --group-add values, NULL-terminated */
	uid_t uid;
	gid_t gid;
	gid_t *groups;                 /* supplementary groups (--group-add) */
	size_t n_groups;
	struct mr_caps caps;           /* what the workload holds after exec */
	bool no_new_privs;
	mode_t umask;

	/* seccomp: profile == NULL means the built-in default */
	char *seccomp_profile;         /* path of a Docker/OCI JSON profile */
	bool seccomp_unconfined;
	struct mr_seccomp *seccomp;    /* compiled before clone (seccomp.c) */

	/* process model */
	bool init;                     /* a minimal init as pid 1 (default) */
	bool verbose;                  /* narrate each launch step on stderr */
};

/* config.c */
void mr_config_init(struct mr_config *cfg);
/* Free what the config owns: env, mounts, id maps, groups, the compiled
 * seccomp filter. Other strings are borrowed (argv, a parsed config.json)
 * and must outlive the config. */
void mr_config_free(struct mr_config *cfg);
/* Set KEY=VALUE in cfg->env, replacing an existing KEY. */
int mr_config_setenv(struct mr_config *cfg, const char *key, const char *value);
/* Same with a malloc'd "KEY=VALUE" string, which the config then owns. */
int mr_config_putenv(struct mr_config *cfg, char *kv);
const char *mr_config_getenv(const struct mr_config *cfg, const char *key);
/* The default masked and read-only paths (the OCI/Docker set). */
extern const char *const mr_default_masked_paths[];
extern const char *const mr_default_readonly_paths[];

/* verbose narration of launch steps, only when cfg->verbose */
void mr_verbose(const struct mr_config *cfg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* ---- the launch (launch.c) ------------------------------------------- */

/* Run cfg's workload to completion. Returns the exit status minirun should
 * exit with (the workload's own, 128+N if killed by signal N), or -1 with
 * err filled (err->exit_code is 125, 126 or 127). Leaves nothing behind. */
int mr_launch(struct mr_config *cfg, struct mr_error *err);

#endif
