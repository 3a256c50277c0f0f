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
 *     seccomp.c, cgroups.c, init.c;
 *   - the OCI side: oci.c (config.json into struct mr_config, with
 *     oci_process.c, oci_mounts.c, oci_linux.c), state.c (a container's
 *     state directory), hooks.c;
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
/* Put "PREFIX: " before err's message, to say what a lower layer's error
 * was part of ("update container web: memory limit: write …"). -1. */
int mr_error_prefix(struct mr_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "minirun: <msg>: <strerror(errnum)>" on stderr, once. */
void mr_error_print(const struct mr_error *err);
/* Warnings and notices are not errors: "minirun: notice: …" on stderr. */
void mr_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* --log FILE --log-format text|json (runc's): from now on mr_error_print
 * and mr_notice also append each message to FILE, one line each: text
 * `time="2026-11-23T10:00:00Z" level=error msg="…"`, or JSON
 * {"level":"error","msg":"…","time":"2026-11-23T10:00:00Z"} (level
 * "warning" for notices), which engines such as containerd read to report
 * the runtime's errors. format NULL = text. stderr output is unchanged. */
int mr_log_open(const char *path, const char *format, struct mr_error *err);

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
	bool nonrecursive;    /* OCI "bind": only that mount, not the ones below it */
};

/* The five capability sets, as 64-bit masks (bit N = capability N). */
struct mr_caps {
	uint64_t bounding, effective, permitted, inheritable, ambient;
};

struct mr_seccomp; /* a compiled filter, opaque (seccomp.c) */

/* setrlimit(2): RLIMIT_NOFILE… with soft and hard values. */
struct mr_rlimit {
	int resource;
	uint64_t soft, hard;
};

/* A namespaced kernel parameter: "net.ipv4.ip_forward" = "1". */
struct mr_sysctl {
	const char *key, *value;
};

/* A device node made in the container's /dev (OCI linux.devices). */
struct mr_device {
	char type;              /* 'c' char, 'b' block, 'p' fifo */
	const char *path;       /* "/dev/fuse" */
	unsigned major, minor;
	mode_t mode;            /* permission bits, default 0666 */
	uid_t uid;
	gid_t gid;
};

/* OCI hooks, in the order the runtime-spec runs them. */
enum mr_hook_kind {
	MR_HOOK_PRESTART,         /* runtime namespace, before pivot_root (deprecated) */
	MR_HOOK_CREATE_RUNTIME,   /* runtime namespace, before pivot_root */
	MR_HOOK_CREATE_CONTAINER, /* container namespaces, before pivot_root */
	MR_HOOK_START_CONTAINER,  /* container, after start, before the program */
	MR_HOOK_POSTSTART,        /* runtime namespace, after the program started */
	MR_HOOK_POSTSTOP,         /* runtime namespace, at delete */
	MR_HOOK_COUNT
};

struct mr_hook {
	const char *path;         /* absolute path of the program */
	char **args;              /* argv, NULL-terminated; NULL = {path} */
	char **env;               /* NULL-terminated, or NULL = empty */
	int timeout;              /* seconds; 0 = none */
};

/* Resource limits. 0 means "not set" everywhere; -1 means "unlimited"
 * where the kernel has a max. */
/* One device cgroup rule (OCI linux.resources.devices): allow or deny the
 * accesses in `access` (letters r read, w write, m mknod) to the devices
 * of `type` ('a' all, 'c' char, 'b' block) numbered major:minor, -1 for
 * any. A later rule wins over an earlier one. */
struct mr_device_rule {
	bool allow;
	char type;
	int64_t major, minor;
	char access[4];
};

struct mr_resources {
	/* The device cgroup: with `devices`, the container may open no device
	 * but the usual /dev nodes (null, zero, full, random, urandom, tty,
	 * console, ptmx, pts, net/tun) and what device_rules allow (applied
	 * before the usual ones, as runc does); mknod stays allowed, opening
	 * what it made does not. What keeps a container holding CAP_MKNOD
	 * off the host's disks (cgroups_devices.c). */
	bool devices;
	struct mr_device_rule *device_rules; /* malloc'd, freed with the config */
	size_t n_device_rules;
	int64_t memory;           /* bytes: memory.max / memory.limit_in_bytes */
	int64_t memory_swap;      /* bytes of memory+swap, -1 unlimited */
	int64_t pids;             /* pids.max */
	uint64_t cpu_shares;      /* v1 cpu.shares (v2: converted to cpu.weight) */
	int64_t cpu_quota;        /* microseconds per period, -1 unlimited */
	uint64_t cpu_period;      /* microseconds, default 100000 */
	const char *cpuset_cpus;  /* "0-1" */
	const char *cpuset_mems;
};

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

	/* ---- what an OCI config.json adds (all optional for the CLI) ---- */
	const char *id;                /* container id (OCI), or NULL */
	bool oci_mounts;               /* `mounts` is the whole filesystem: no
	                                  built-in /proc /dev /sys (config.json
	                                  lists its own); default devices are
	                                  still made in /dev */
	unsigned long rootfs_propagation; /* MS_SLAVE, MS_SHARED…; 0 = private */
	struct mr_rlimit *rlimits;     /* setrlimit before exec */
	size_t n_rlimits;
	bool set_oom_score_adj;
	int oom_score_adj;
	bool terminal;                 /* a new pty for stdio (console socket) */
	struct mr_sysctl *sysctl;      /* written in the container's /proc/sys */
	size_t n_sysctl;
	struct mr_device *devices;     /* extra device nodes in /dev */
	size_t n_devices;
	struct mr_hook *hooks[MR_HOOK_COUNT];
	size_t n_hooks[MR_HOOK_COUNT];

	/* resources, in a cgroup of the container's own (cgroups.c) */
	struct mr_resources resources;
	const char *cgroup_path;       /* OCI linux.cgroupsPath, or NULL: picked
	                                  by cgroups.c ("minirun/<id>") */
	bool want_cgroup;              /* a cgroup even without limits (OCI:
	                                  kill --all, delete --force need one) */
	char *cgroup_name;             /* set by mr_spawn: the cgroup it made
	                                  (or joined), NULL if none; owned */

	/* ---- the lifecycle (OCI create/start/exec; launch.c) ---- */
	bool detach;                   /* create: return once the container is
	                                  set up (no PDEATHSIG, nobody waits) */
	const char *exec_fifo;         /* create: block on this fifo before the
	                                  user program, until `start` opens it */
	int console_socket;            /* fd for the pty master (terminal), -1 */
	int preserve_fds;              /* fds 3 .. 3+N-1 reach the workload */
	pid_t join_pid;                /* exec: enter this running container
	                                  (its namespaces and cgroup) instead of
	                                  making a new one; no mounts, no pivot */
	/* The OCI state document for hooks' stdin (malloc'd), built by the
	 * caller who knows the id, bundle and annotations. */
	char *(*state_json)(const struct mr_config *cfg, pid_t pid, const char *status);
	void *state_ctx;

	/* allocations the config owns and frees (mr_config_keep) */
	void **owned;
	size_t n_owned;
};

/* config.c */
void mr_config_init(struct mr_config *cfg);
/* Free what the config owns: env, mounts, id maps, groups, the compiled
 * seccomp filter, the arrays of rlimits, sysctls, devices and hooks, and
 * whatever was handed over with mr_config_keep. Other strings are borrowed
 * (argv, a parsed config.json) and must outlive the config. */
void mr_config_free(struct mr_config *cfg);
/* Hand p (malloc'd) to the config, which frees it in mr_config_free.
 * Returns p, or NULL (and frees p) when out of memory. */
void *mr_config_keep(struct mr_config *cfg, void *p);
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

/* The same in two halves, for the OCI lifecycle. mr_spawn starts the
 * container and returns once it is set up: waiting on cfg->exec_fifo for
 * `start` when that is set, else running the workload (its exec
 * succeeded). *pid is the container's process as the host sees it, a
 * child of the caller (also for exec into a running container). Setup
 * errors are reported here, with nothing left behind. */
int mr_spawn(struct mr_config *cfg, pid_t *pid, struct mr_error *err);
/* Forward signals to pid (a child mr_spawn made) until it exits, and
 * return its status like mr_launch. */
int mr_wait(const struct mr_config *cfg, pid_t pid);
/* OCI start: release container pid, waiting on its exec fifo. Fails if
 * it is not waiting (exited, or started already). */
int mr_start(const char *exec_fifo, pid_t pid, struct mr_error *err);

#endif
