/* What the OCI subcommands share (oci_common.h). */
#include "oci_common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroups.h"
#include "commands.h"
#include "hooks.h"
#include "oci.h"

const char *oci_root(void)
{
	return mr_globals.root ? mr_globals.root : mr_state_default_root();
}

int oci_report(const struct mr_error *err)
{
	mr_error_print(err);
	return err->exit_code ? err->exit_code : MR_EXIT_RUNTIME;
}

int oci_open_one(int argc, char **argv, const char *usage, struct mr_state *st)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "minirun %s: expected one container ID (see minirun %s --help)\n", argv[0], argv[0]);
		return MR_EXIT_RUNTIME;
	}
	struct mr_error err = MR_ERROR_INIT;
	return mr_state_open(oci_root(), argv[1], st, &err) < 0 ? oci_report(&err) : -1;
}

int oci_need_cgroup(const struct mr_state *st, const char *cmd, struct mr_error *err)
{
	if (st->cgroup)
		return 0;
	return mr_fail(err, 0, "%s container %s: it has no cgroup of its own, which %s needs: it was created "
	               "rootless, and the cgroup trees belong to root unless a subtree is delegated to your user "
	               "(systemd's Delegate=yes, cgroup v2) with the container's linux.cgroupsPath inside it; "
	               "create it that way, or as root", cmd, st->id, cmd);
}

char *oci_state_json(const struct mr_config *cfg, pid_t pid, const char *status)
{
	struct mr_state *st = cfg->state_ctx;
	st->pid = pid;
	return mr_state_json(st, status);
}

int oci_write_pid_file(const char *path, pid_t pid, struct mr_error *err)
{
	char tmp[PATH_MAX], text[16];
	if (snprintf(tmp, sizeof tmp, "%s.minirun-tmp", path) >= (int)sizeof tmp)
		return mr_fail(err, ENAMETOOLONG, "--pid-file %s", path);
	int len = snprintf(text, sizeof text, "%d", (int)pid);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return mr_fail(err, errno, "--pid-file %s", path);
	bool ok = write(fd, text, (size_t)len) == len;
	int saved = errno;
	close(fd);
	if (!ok || rename(tmp, path) < 0) {
		saved = ok ? errno : saved;
		unlink(tmp);
		return mr_fail(err, saved, "--pid-file %s", path);
	}
	return 0;
}

int oci_connect_console(const char *path, struct mr_error *err)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	if (strlen(path) >= sizeof addr.sun_path)
		return mr_fail(err, ENAMETOOLONG, "--console-socket %s", path);
	strcpy(addr.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		int saved = errno;
		if (fd >= 0)
			close(fd);
		return mr_fail(err, saved, "--console-socket %s: connect", path);
	}
	return fd;
}

static char *now_rfc3339(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char buf[64];
	size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, sizeof buf - n, ".%09ldZ", ts.tv_nsec);
	return strdup(buf);
}

/* The terminal: with create, the pty goes to the engine's console socket;
 * run in the foreground without one keeps minirun's own stdio. */
static int console_for(const struct oci_create_opts *o, struct mr_config *cfg, struct mr_error *err)
{
	if (!cfg->terminal)
		return 0;
	if (!o->console_socket) {
		if (o->detach)
			return mr_fail(err, 0, "process.terminal is true: pass --console-socket SOCKET to receive the "
			                       "container's terminal (or set terminal to false)");
		cfg->terminal = false; /* the workload uses minirun's own terminal */
		return 0;
	}
	cfg->console_socket = oci_connect_console(o->console_socket, err);
	return cfg->console_socket < 0 ? -1 : 0;
}

/* Everything a state.json records about a new container, before it runs. */
static int describe(struct mr_state *st, const char *bundle, const json_t *doc, struct mr_error *err)
{
	st->bundle = strdup(bundle);
	st->created = now_rfc3339();
	st->status = strdup("creating");
	st->owner = geteuid();
	json_t *ann = json_object_get(doc, "annotations");
	st->annotations = json_is_object(ann) ? json_incref(ann) : NULL;
	char *path = mr_state_path(st, "config.json");
	int rc = path && json_dump_file(doc, path, JSON_COMPACT) == 0 ? 0 : mr_fail(err, errno, "save config.json in %s", st->dir);
	free(path);
	return rc;
}

/* After mr_spawn: record the running container, write the pid file. */
static int record(const struct oci_create_opts *o, struct mr_config *cfg, struct mr_state *st, pid_t pid,
                  struct mr_error *err)
{
	st->pid = pid;
	st->start_time = mr_proc_start_time(pid);
	st->cgroup = cfg->cgroup_name ? strdup(cfg->cgroup_name) : NULL;
	free(st->status);
	st->status = strdup("created");
	if (mr_state_save(st, err) < 0)
		return -1;
	return o->pid_file ? oci_write_pid_file(o->pid_file, pid, err) : 0;
}

int oci_create(const struct oci_create_opts *o, struct mr_config *cfg, json_t **doc, struct mr_state *st,
               struct mr_error *err)
{
	*doc = NULL;
	memset(st, 0, sizeof *st);
	st->dirfd = st->lockfd = -1;
	char *bundle = realpath(o->bundle ? o->bundle : ".", NULL);
	if (!bundle)
		return mr_fail(err, errno, "--bundle %s", o->bundle ? o->bundle : ".");
	mr_config_keep(cfg, bundle);
	if (mr_state_check_id(o->id, err) < 0 || mr_oci_load(cfg, bundle, doc, err) < 0)
		return -1;
	cfg->id = o->id;
	cfg->detach = o->detach;
	cfg->preserve_fds = o->preserve_fds;
	cfg->state_json = oci_state_json;
	cfg->state_ctx = st;
	if (console_for(o, cfg, err) < 0)
		return -1;
	if (mr_state_create(oci_root(), o->id, st, err) < 0)
		return -1;
	cfg->exec_fifo = mr_config_keep(cfg, mr_state_path(st, "exec.fifo"));
	pid_t pid = 0;
	int rc = describe(st, bundle, *doc, err);
	if (rc == 0)
		rc = mr_spawn(cfg, &pid, err);
	if (rc == 0 && (rc = record(o, cfg, st, pid, err)) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		struct mr_error ignored = MR_ERROR_INIT;
		if (cfg->cgroup_name)
			mr_cgroup_destroy(cfg->cgroup_name, &ignored);
	}
	if (cfg->console_socket >= 0) {
		close(cfg->console_socket);
		cfg->console_socket = -1;
	}
	if (rc < 0) {
		struct mr_error ignored = MR_ERROR_INIT;
		mr_state_remove(st, &ignored);
		mr_state_close(st);
	}
	return rc;
}

int oci_load_saved(const struct mr_state *st, struct mr_config *cfg, json_t **doc, struct mr_error *err)
{
	char *path = mr_state_path(st, "config.json");
	json_error_t jerr;
	*doc = path ? mr_oci_parse_file(path, &jerr) : NULL;
	if (!*doc) {
		mr_fail(err, 0, "read the saved config %s: %s", path ? path : "config.json", path ? jerr.text : "");
		free(path);
		return -1;
	}
	free(path);
	if (mr_oci_load_json(cfg, *doc, st->bundle, err) < 0)
		return -1;
	cfg->id = st->id;
	cfg->state_json = oci_state_json;
	cfg->state_ctx = (void *)st;
	return 0;
}

/* Hooks after the container started or stopped: failures are warnings. */
static void run_late_hooks(struct mr_state *st, enum mr_hook_kind kind, const char *status)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	json_t *doc = NULL;
	mr_config_init(&cfg);
	if (oci_load_saved(st, &cfg, &doc, &err) == 0 && cfg.n_hooks[kind]) {
		char *state = mr_state_json(st, status);
		if (mr_hooks_run(&cfg, kind, state ? state : "{}", &err) < 0)
			mr_notice("%s (the container goes on)", err.msg);
		free(state);
	} else if (err.msg[0]) {
		mr_notice("%s hooks not run: %s", mr_hook_kind_name(kind), err.msg);
	}
	mr_config_free(&cfg);
	json_decref(doc);
}

int oci_start(struct mr_state *st, struct mr_error *err)
{
	char *fifo = mr_state_path(st, "exec.fifo");
	if (!fifo)
		return mr_fail(err, ENOMEM, "start");
	int rc = mr_start(fifo, st->pid, err);
	if (rc == 0)
		unlink(fifo);
	free(fifo);
	if (rc < 0)
		return -1;
	free(st->status);
	st->status = strdup("running");
	if (mr_state_save(st, err) < 0)
		return -1;
	run_late_hooks(st, MR_HOOK_POSTSTART, "running");
	return 0;
}

int oci_stop(struct mr_state *st, struct mr_error *err)
{
	if (!strcmp(mr_state_status(st), "stopped"))
		return 0;
	if (st->cgroup) {
		if (mr_cgroup_kill(st->cgroup, SIGKILL, err) < 0)
			return -1;
	} else if (kill(st->pid, SIGKILL) < 0 && errno != ESRCH) {
		return mr_fail(err, errno, "kill container %s (pid %d)", st->id, (int)st->pid);
	}
	/* The process is someone else's child (an engine's shim, or init):
	 * wait for it to be gone or a zombie. */
	for (int i = 0; i < 1000; i++) {
		if (!strcmp(mr_state_status(st), "stopped"))
			return 0;
		waitpid(st->pid, NULL, WNOHANG); /* ours, after `run` */
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return mr_fail(err, ETIMEDOUT, "container %s (pid %d) did not die from SIGKILL", st->id, (int)st->pid);
}

int oci_destroy(struct mr_state *st, struct mr_error *err)
{
	if (st->cgroup) {
		/* Processes leave a cgroup a moment after they die. */
		int rc = -1;
		for (int i = 0; i < 200 && rc < 0; i++) {
			struct mr_error cg = MR_ERROR_INIT;
			rc = mr_cgroup_destroy(st->cgroup, &cg);
			if (rc < 0 && i == 199) {
				*err = cg;
				return -1;
			}
			if (rc < 0) {
				struct timespec ts = {0, 10 * 1000 * 1000};
				nanosleep(&ts, NULL);
			}
		}
	}
	run_late_hooks(st, MR_HOOK_POSTSTOP, "stopped");
	return mr_state_remove(st, err);
}

bool oci_parse_preserve_fds(const char *cmd, const char *arg, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (errno || end == arg || *end || n < 0 || n > 1 << 20) {
		fprintf(stderr, "minirun %s: --preserve-fds '%s': expected a number of fds (0 to %d)\n", cmd, arg,
		        1 << 20);
		return false;
	}
	*out = (int)n;
	return true;
}
