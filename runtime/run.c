/* minirun [OPTIONS] ROOTFS COMMAND [ARG...]: Docker-style flags into the
 * one struct mr_config, then mr_launch(). Parsing only; no mechanism. */
#include <getopt.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "commands.h"
#include "minirun.h"
#include "parse.h"

extern char **environ;

static const char usage[] =
"Usage: minirun [OPTIONS] ROOTFS COMMAND [ARG...]\n"
"       minirun caps [--pid PID] [--json] | caps --decode HEX | caps --list\n"
"       minirun seccomp --print [PROFILE] | seccomp --export-bpf FILE [PROFILE]\n"
"       minirun [--root DIR] spec|create|start|state|kill|delete|run|exec|list|features|\n"
"                            pause|resume|ps|update\n"
"               the OCI runtime CLI on bundles, as runc's (each has --help)\n"
"\n"
"Run COMMAND with ROOTFS as its root directory, isolated the way a container is:\n"
"  namespaces   new mount, pid, uts, ipc, network and cgroup namespaces; when run\n"
"               as a normal user also a user namespace mapping you to root inside\n"
"               (rootless mode)\n"
"  filesystem   ROOTFS becomes / by pivot_root (the host's root is detached);\n"
"               fresh /proc, a small /dev, read-only /sys; kernel files that leak\n"
"               host secrets are masked, kernel knobs are read-only\n"
"  privileges   no capabilities unless --cap-add, no_new_privs, a seccomp filter\n"
"  pid 1        a tiny init that forwards signals and reaps zombies\n"
"\n"
"Process:\n"
"  -e, --env KEY=VAL        set a variable (KEY alone copies the host's value);\n"
"                           the environment otherwise holds only PATH, HOME,\n"
"                           TERM and HOSTNAME\n"
"  -w, --workdir DIR        working directory inside the container (default /)\n"
"  -u, --user UID[:GID]     run as this user (names are looked up in ROOTFS's\n"
"                           /etc/passwd and /etc/group)\n"
"      --group-add GID      an extra supplementary group (repeatable)\n"
"      --no-init            run COMMAND itself as pid 1 (it then ignores signals\n"
"                           it has no handler for, like any pid 1)\n"
"\n"
"Privileges:\n"
"      --cap-add CAPS       give back capabilities: a comma list like\n"
"                           NET_BIND_SERVICE,chown or ALL; they are set in all\n"
"                           five sets, so they survive exec, also for --user\n"
"                           (with MKNOD, a device cgroup lets the container open\n"
"                           only the usual /dev nodes, not those it makes)\n"
"      --cap-drop CAPS      remove capabilities (applied after --cap-add)\n"
"      --privileged         every capability the host can grant, every device\n"
"                           (dangerous)\n"
"      --security-opt seccomp=PROFILE.json | seccomp=unconfined\n"
"      --security-opt no-new-privileges[=true|false]\n"
"\n"
"Filesystem:\n"
"  -v, --volume SRC:DST[:OPTS]  bind the host's SRC at DST; OPTS: ro, nosuid,\n"
"                           nodev, noexec\n"
"      --tmpfs DST[:OPTS]   a tmpfs at DST (nosuid,nodev,noexec unless exec, suid,\n"
"                           dev; size=64m, mode=1777 go to the kernel)\n"
"      --read-only          mount ROOTFS read-only\n"
"\n"
"Namespaces:\n"
"      --hostname NAME      the container's hostname (default minirun)\n"
"      --net MODE           none: a new network namespace with only lo (default)\n"
"                           host: share the host's network\n"
"                           ns:PATH: join a namespace, e.g. ns:/run/netns/blue\n"
"\n"
"Resources: the container gets a cgroup of its own, removed when it exits; its\n"
"limits hold for all the container's processes together. As a normal user\n"
"(rootless) they need a cgroup delegated to you (see README).\n"
"      --memory BYTES       memory limit, e.g. 512m or 2g; at the limit the kernel\n"
"                           reclaims what it can, then the OOM killer kills a\n"
"                           process of the container (exit status 137)\n"
"      --memory-swap BYTES  memory plus swap: at least --memory; equal to it, no\n"
"                           swap; -1, unlimited swap\n"
"      --pids-limit N       at most N processes and threads: beyond that fork()\n"
"                           and clone() fail with EAGAIN (-1: unlimited)\n"
"      --cpus DECIMAL       CPU time, e.g. 1.5 = one and a half CPUs' worth of\n"
"                           every 100 ms; at the limit the container is\n"
"                           throttled (made to wait), never killed\n"
"      --cpu-shares N       relative weight when CPUs are busy (default 1024;\n"
"                           2048 = twice the default's share); an idle CPU is\n"
"                           anyone's\n"
"      --cpuset-cpus LIST   run only on these CPUs, e.g. 0-1,3\n"
"\n"
"Other:\n"
"      --verbose            narrate every launch step on stderr\n"
"  -h, --help               this text\n"
"      --version            minirun's version\n"
"\n"
"Exit status: COMMAND's own; 128+N if a signal N killed it; 125 if minirun\n"
"itself failed (bad flag, missing ROOTFS, a mount that failed); 126 if COMMAND\n"
"cannot be executed; 127 if COMMAND was not found.\n";

enum {
	OPT_HOSTNAME = 256, OPT_TMPFS, OPT_READONLY, OPT_NET, OPT_NO_INIT, OPT_VERBOSE,
	OPT_VERSION, OPT_CAP_ADD, OPT_CAP_DROP, OPT_PRIVILEGED, OPT_GROUP_ADD, OPT_SECURITY_OPT,
	OPT_RESOURCE, /* read by mr_parse_resource, by name */
};

static const struct option options[] = {
	{"env", required_argument, NULL, 'e'},
	{"workdir", required_argument, NULL, 'w'},
	{"user", required_argument, NULL, 'u'},
	{"volume", required_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{"hostname", required_argument, NULL, OPT_HOSTNAME},
	{"tmpfs", required_argument, NULL, OPT_TMPFS},
	{"read-only", no_argument, NULL, OPT_READONLY},
	{"net", required_argument, NULL, OPT_NET},
	{"network", required_argument, NULL, OPT_NET},
	{"no-init", no_argument, NULL, OPT_NO_INIT},
	{"verbose", no_argument, NULL, OPT_VERBOSE},
	{"version", no_argument, NULL, OPT_VERSION},
	{"cap-add", required_argument, NULL, OPT_CAP_ADD},
	{"cap-drop", required_argument, NULL, OPT_CAP_DROP},
	{"privileged", no_argument, NULL, OPT_PRIVILEGED},
	{"group-add", required_argument, NULL, OPT_GROUP_ADD},
	{"security-opt", required_argument, NULL, OPT_SECURITY_OPT},
	{"memory", required_argument, NULL, OPT_RESOURCE},
	{"memory-swap", required_argument, NULL, OPT_RESOURCE},
	{"pids-limit", required_argument, NULL, OPT_RESOURCE},
	{"cpus", required_argument, NULL, OPT_RESOURCE},
	{"cpu-shares", required_argument, NULL, OPT_RESOURCE},
	{"cpuset-cpus", required_argument, NULL, OPT_RESOURCE},
	{NULL, 0, NULL, 0},
};

/* What the flags say before they become a config: the lists that are only
 * meaningful once all flags are read (drops apply after adds). */
struct flags {
	char **cap_add, **cap_drop, **group_add;
	size_t n_cap_add, n_cap_drop, n_group_add;
	bool privileged;
};

static void push(char ***list, size_t *n, char *value)
{
	*list = realloc(*list, (*n + 2) * sizeof **list);
	(*list)[(*n)++] = value;
	(*list)[*n] = NULL;
}

static int add_mount(struct mr_config *cfg, int (*parse)(const char *, struct mr_mount *, struct mr_error *),
                     const char *spec, struct mr_error *err)
{
	cfg->mounts = realloc(cfg->mounts, (cfg->n_mounts + 1) * sizeof *cfg->mounts);
	if (parse(spec, &cfg->mounts[cfg->n_mounts], err) < 0)
		return -1;
	cfg->n_mounts++;
	return 0;
}

static int security_opt(struct mr_config *cfg, const char *opt, struct mr_error *err)
{
	if (!strcmp(opt, "seccomp=unconfined") || !strcmp(opt, "seccomp:unconfined")) {
		cfg->seccomp_unconfined = true;
	} else if (!strncmp(opt, "seccomp=", 8) || !strncmp(opt, "seccomp:", 8)) {
		cfg->seccomp_profile = (char *)opt + 8;
	} else if (!strcmp(opt, "no-new-privileges") || !strcmp(opt, "no-new-privileges=true") ||
	           !strcmp(opt, "no-new-privileges:true")) {
		cfg->no_new_privs = true;
	} else if (!strcmp(opt, "no-new-privileges=false") || !strcmp(opt, "no-new-privileges:false")) {
		cfg->no_new_privs = false;
	} else {
		return mr_fail(err, 0,
		               "--security-opt '%s': expected seccomp=PROFILE.json, seccomp=unconfined or "
		               "no-new-privileges[=true|false]", opt);
	}
	return 0;
}

static int net_opt(struct mr_config *cfg, const char *spec, struct mr_error *err)
{
	enum mr_net_mode mode;
	char *path;
	if (mr_parse_net(spec, &mode, &path, err) < 0)
		return -1;
	cfg->ns[MR_NS_NET] = mode != MR_NET_HOST;
	free(cfg->ns_path[MR_NS_NET]);
	cfg->ns_path[MR_NS_NET] = path;
	return 0;
}

/* One option into cfg (or into f, for what needs all flags first); `name`
 * is the long option's (getopt's longindex). */
static int apply_option(struct mr_config *cfg, struct flags *f, int opt, const char *name, char *arg,
                        struct mr_error *err)
{
	char *kv;
	switch (opt) {
	case 'e':
		if (mr_parse_env(arg, environ, &kv, err) < 0)
			return -1;
		return kv ? mr_config_putenv(cfg, kv) : 0;
	case 'w':
		if (arg[0] != '/')
			return mr_fail(err, 0, "--workdir '%s': expected an absolute path in the container", arg);
		cfg->cwd = arg;
		return 0;
	case 'u': cfg->user = arg; return 0;
	case 'v': return add_mount(cfg, mr_parse_volume, arg, err);
	case OPT_TMPFS: return add_mount(cfg, mr_parse_tmpfs, arg, err);
	case OPT_HOSTNAME: cfg->hostname = arg; return 0;
	case OPT_READONLY: cfg->readonly_rootfs = true; return 0;
	case OPT_NET: return net_opt(cfg, arg, err);
	case OPT_NO_INIT: cfg->init = false; return 0;
	case OPT_VERBOSE: cfg->verbose = true; return 0;
	case OPT_CAP_ADD: push(&f->cap_add, &f->n_cap_add, arg); return 0;
	case OPT_CAP_DROP: push(&f->cap_drop, &f->n_cap_drop, arg); return 0;
	case OPT_GROUP_ADD: push(&f->group_add, &f->n_group_add, arg); return 0;
	case OPT_PRIVILEGED: f->privileged = true; return 0;
	case OPT_SECURITY_OPT: return security_opt(cfg, arg, err);
	case OPT_RESOURCE: return mr_parse_resource(name, arg, &cfg->resources, err); /* as `minirun update` */
	}
	return mr_fail(err, 0, "unknown option (see minirun --help)");
}

/* Fill cfg from the command line. Returns 1 when there is nothing to run
 * (--help, --version), 0 to launch, -1 on a bad flag. */
static int parse_args(int argc, char **argv, struct mr_config *cfg, struct flags *f, struct mr_error *err)
{
	int opt, at = 0;
	opterr = 0;
	/* '+': stop at ROOTFS, so COMMAND's own options stay COMMAND's. */
	while ((opt = getopt_long(argc, argv, "+:e:w:u:v:h", options, &at)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		if (opt == OPT_VERSION) {
			printf("minirun %s\n", MINIRUN_VERSION);
			return 1;
		}
		if (opt == '?' || opt == ':')
			return mr_fail(err, 0, "%s '%s' (see minirun --help)",
			               opt == ':' ? "missing value for option" : "unknown option", argv[optind - 1]);
		if (apply_option(cfg, f, opt, options[at].name, optarg, err) < 0)
			return -1;
	}
	if (argc - optind < 2)
		return mr_fail(err, 0, "expected ROOTFS and COMMAND, e.g. minirun ./rootfs /bin/sh (see minirun --help)");
	cfg->rootfs = argv[optind];
	cfg->argv = argv + optind + 1;
	if (!mr_config_getenv(cfg, "HOSTNAME") && cfg->ns[MR_NS_UTS])
		mr_config_setenv(cfg, "HOSTNAME", cfg->hostname);
	cfg->group_add = f->group_add;
	if (mr_caps_from_flags(&cfg->caps, f->cap_add, f->n_cap_add, f->cap_drop, f->n_cap_drop, f->privileged, err) < 0)
		return -1;
	/* A container that may mknod gets the device cgroup, lest it make a
	 * node for the host's disk and open it (rootless, the user namespace
	 * forbids both). --privileged means every device, as Docker's. */
	cfg->resources.devices = !cfg->rootless && !f->privileged && (cfg->caps.bounding >> CAP_MKNOD & 1);
	return 0;
}

int cmd_run(int argc, char **argv)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	struct flags f = {0};
	mr_config_init(&cfg);
	int rc = parse_args(argc, argv, &cfg, &f, &err);
	if (rc == 0) {
		if (cfg.seccomp_unconfined)
			mr_notice("seccomp=unconfined: every system call is allowed, including those that have "
			          "been used to escape containers");
		rc = mr_launch(&cfg, &err);
	} else if (rc > 0) {
		rc = 0;
	}
	if (rc < 0) {
		mr_error_print(&err);
		rc = err.exit_code ? err.exit_code : MR_EXIT_RUNTIME;
	}
	free(f.cap_add);
	free(f.cap_drop);
	free(f.group_add);
	free(cfg.ns_path[MR_NS_NET]);
	mr_config_free(&cfg);
	return rc;
}
