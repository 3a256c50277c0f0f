/* minirun exec: run one more process in a running container (what
 * `podman exec` and `kubectl exec` come down to). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "commands.h"
#include "oci.h"
#include "oci_common.h"
#include "parse.h"

extern char **environ;

static const char usage[] =
"Usage: minirun [GLOBAL OPTIONS] exec [OPTIONS] ID [COMMAND [ARG...]]\n"
"\n"
"Run COMMAND in running container ID: the new process joins the\n"
"container's namespaces and cgroup and gets the container's user,\n"
"environment, capabilities, no_new_privs and seccomp filter, unless the\n"
"options below say otherwise. minirun waits for it and exits with its\n"
"status, unless --detach.\n"
"\n"
"  -p, --process FILE        an OCI `process` object (JSON) instead of\n"
"                            COMMAND and the options below\n"
"  -e, --env KEY=VAL         set a variable (repeatable)\n"
"      --cwd DIR             working directory in the container\n"
"  -u, --user UID[:GID]      run as this user\n"
"      --cap CAP             add a capability, in all five sets (repeatable)\n"
"      --no-new-privs        set no_new_privs\n"
"  -t, --tty                 a new pty (needs --console-socket with --detach)\n"
"  -d, --detach              do not wait for the process\n"
"      --pid-file FILE       write the new process's pid\n"
"      --console-socket SOCK receive the pty master\n"
"      --preserve-fds N      pass fds 3 .. 3+N-1 on\n";

struct exec_opts {
	const char *process, *pid_file, *console_socket, *cwd, *user;
	char **env, **caps;
	size_t n_env, n_caps;
	bool detach, tty, nnp;
	int preserve_fds;
	char **argv;
};

static void push(char ***list, size_t *n, char *value)
{
	*list = realloc(*list, (*n + 2) * sizeof **list);
	(*list)[(*n)++] = value;
	(*list)[*n] = NULL;
}

enum { OPT_CWD = 256, OPT_CAP, OPT_NNP, OPT_PID_FILE, OPT_CONSOLE, OPT_PRESERVE };

static int parse(int argc, char **argv, struct exec_opts *o)
{
	static const struct option options[] = {
		{"process", required_argument, NULL, 'p'}, {"env", required_argument, NULL, 'e'},
		{"cwd", required_argument, NULL, OPT_CWD},  {"user", required_argument, NULL, 'u'},
		{"cap", required_argument, NULL, OPT_CAP},  {"no-new-privs", no_argument, NULL, OPT_NNP},
		{"tty", no_argument, NULL, 't'},            {"detach", no_argument, NULL, 'd'},
		{"pid-file", required_argument, NULL, OPT_PID_FILE},
		{"console-socket", required_argument, NULL, OPT_CONSOLE},
		{"preserve-fds", required_argument, NULL, OPT_PRESERVE},
		{"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long_only(argc, argv, "+p:e:u:tdh", options, NULL)) != -1) {
		switch (opt) {
		case 'p': o->process = optarg; break;
		case 'e': push(&o->env, &o->n_env, optarg); break;
		case OPT_CWD: o->cwd = optarg; break;
		case 'u': o->user = optarg; break;
		case OPT_CAP: push(&o->caps, &o->n_caps, optarg); break;
		case OPT_NNP: o->nnp = true; break;
		case 't': o->tty = true; break;
		case 'd': o->detach = true; break;
		case OPT_PID_FILE: o->pid_file = optarg; break;
		case OPT_CONSOLE: o->console_socket = optarg; break;
		case OPT_PRESERVE:
			if (!oci_parse_preserve_fds("exec", optarg, &o->preserve_fds))
				return -1;
			break;
		case 'h': fputs(usage, stdout); return 1;
		default:
			fprintf(stderr, "minirun exec: unknown option '%s' (see minirun exec --help)\n", argv[optind - 1]);
			return -1;
		}
	}
	if (optind >= argc || (!o->process && optind + 1 >= argc)) {
		fputs("minirun exec: expected ID and COMMAND, or --process FILE and ID (see minirun exec --help)\n",
		      stderr);
		return -1;
	}
	o->argv = argv + optind;
	return 0;
}

/* The process: the container's own, changed by --process or the flags. */
static int process_from(const struct exec_opts *o, struct mr_config *cfg, json_t **proc, struct mr_error *err)
{
	if (o->process) {
		json_error_t jerr;
		*proc = mr_oci_parse_file(o->process, &jerr);
		if (!*proc)
			return mr_fail(err, 0, "--process %s: line %d column %d: %s", o->process, jerr.line, jerr.column,
			               jerr.text);
		return mr_oci_load_process(cfg, *proc, o->process, err);
	}
	cfg->argv = o->argv + 1;
	for (size_t i = 0; i < o->n_env; i++) {
		char *kv;
		if (mr_parse_env(o->env[i], environ, &kv, err) < 0)
			return -1;
		if (kv)
			mr_config_putenv(cfg, kv);
	}
	if (o->cwd)
		cfg->cwd = (char *)o->cwd;
	if (o->user)
		cfg->user = (char *)o->user;
	if (o->nnp)
		cfg->no_new_privs = true;
	if (o->tty)
		cfg->terminal = true;
	for (size_t i = 0; i < o->n_caps; i++) {
		int cap = mr_cap_from_name(o->caps[i]);
		if (cap < 0)
			return mr_fail(err, 0, "--cap %s: unknown capability", o->caps[i]);
		uint64_t bit = UINT64_C(1) << cap;
		cfg->caps.bounding |= bit, cfg->caps.effective |= bit, cfg->caps.permitted |= bit;
		cfg->caps.inheritable |= bit, cfg->caps.ambient |= bit;
	}
	return 0;
}

/* Join each namespace in which the container differs from us. */
static int target_namespaces(struct mr_config *cfg, pid_t pid, struct mr_error *err)
{
	static const char *const names[MR_NS_COUNT] = {
		[MR_NS_USER] = "user", [MR_NS_MOUNT] = "mnt", [MR_NS_PID] = "pid", [MR_NS_UTS] = "uts",
		[MR_NS_IPC] = "ipc",   [MR_NS_NET] = "net",   [MR_NS_CGROUP] = "cgroup",
	};
	for (int i = 0; i < MR_NS_COUNT; i++) {
		char theirs[64], ours[64];
		struct stat a, b;
		snprintf(theirs, sizeof theirs, "/proc/%d/ns/%s", (int)pid, names[i]);
		snprintf(ours, sizeof ours, "/proc/self/ns/%s", names[i]);
		if (stat(theirs, &a) < 0 || stat(ours, &b) < 0)
			return mr_fail(err, errno, "%s", theirs);
		bool differ = a.st_ino != b.st_ino || a.st_dev != b.st_dev;
		cfg->ns[i] = differ;
		cfg->ns_path[i] = differ ? mr_config_keep(cfg, strdup(theirs)) : NULL;
	}
	return 0;
}

static int exec_in(const struct exec_opts *o, struct mr_state *st, int *status, struct mr_error *err)
{
	struct mr_config cfg;
	json_t *doc = NULL, *proc = NULL;
	pid_t pid = 0;
	mr_config_init(&cfg);
	int rc = oci_load_saved(st, &cfg, &doc, err);
	if (rc == 0)
		rc = process_from(o, &cfg, &proc, err);
	if (rc == 0)
		rc = target_namespaces(&cfg, st->pid, err);
	if (rc == 0) {
		cfg.join_pid = st->pid;
		memset(&cfg.resources, 0, sizeof cfg.resources);
		cfg.want_cgroup = st->cgroup != NULL;
		cfg.cgroup_path = st->cgroup ? mr_config_keep(&cfg, strdup(st->cgroup)) : NULL;
		cfg.id = mr_config_keep(&cfg, strdup(st->id));
		/* exec runs no hooks; and st is closed before the spawn */
		for (int k = 0; k < MR_HOOK_COUNT; k++)
			cfg.n_hooks[k] = 0;
		cfg.state_json = NULL;
		cfg.state_ctx = NULL;
		cfg.detach = o->detach;
		cfg.preserve_fds = o->preserve_fds;
		if (cfg.terminal && o->console_socket)
			rc = (cfg.console_socket = oci_connect_console(o->console_socket, err)) < 0 ? -1 : 0;
		else if (cfg.terminal && o->detach)
			rc = mr_fail(err, 0, "a terminal with --detach needs --console-socket");
		else
			cfg.terminal = false; /* the process uses minirun's own stdio */
	}
	/* Unlocked while the process runs: state, kill and more exec work. */
	mr_state_close(st);
	if (rc == 0)
		rc = mr_spawn(&cfg, &pid, err);
	if (cfg.console_socket >= 0)
		close(cfg.console_socket);
	if (rc == 0 && o->pid_file)
		rc = oci_write_pid_file(o->pid_file, pid, err);
	if (rc == 0)
		*status = o->detach ? 0 : mr_wait(&cfg, pid);
	mr_config_free(&cfg);
	json_decref(proc);
	json_decref(doc);
	return rc;
}

int cmd_exec(int argc, char **argv)
{
	struct exec_opts o = {0};
	int rc = parse(argc, argv, &o);
	if (rc) {
		free(o.env);
		free(o.caps);
		return rc > 0 ? 0 : MR_EXIT_RUNTIME;
	}
	struct mr_error err = MR_ERROR_INIT;
	struct mr_state st;
	int status = 0;
	if (mr_state_open(oci_root(), o.argv[0], &st, &err) < 0) {
		rc = -1;
	} else if (strcmp(mr_state_status(&st), "running") && strcmp(mr_state_status(&st), "created")) {
		rc = mr_fail(&err, 0, "container %s is %s: exec needs a running container", st.id, mr_state_status(&st));
		mr_state_close(&st);
	} else {
		rc = exec_in(&o, &st, &status, &err);
	}
	free(o.env);
	free(o.caps);
	return rc < 0 ? oci_report(&err) : status;
}
