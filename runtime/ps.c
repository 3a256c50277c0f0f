/* minirun ps: the processes of a container, as runc lists them: a JSON
 * array of host pids (what containerd reads), or ps(1)'s own table cut
 * down to them.
 *
 * Thin: the pids are lib/cgroups.c's, the cutting lib/parse.c's. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroups.h"
#include "commands.h"
#include "oci_common.h"
#include "parse.h"

static const char usage[] =
"Usage: minirun [GLOBAL OPTIONS] ps [-f table|json] ID [PS-OPTIONS...]\n"
"\n"
"List the processes of container ID: every process in its cgroup, by its\n"
"pid as the host sees it.\n"
"\n"
"  -f, --format table   run ps(1) with PS-OPTIONS (default -ef) and print its\n"
"                       header and the lines of the container's processes\n"
"                       (the default, as runc). PS-OPTIONS must keep the PID\n"
"                       column; a \"--\" before them is optional.\n"
"  -f, --format json    a JSON array of the pids, as containerd reads it\n"
"  -h, --help           this text\n"
"\n"
"Exit status: 0; 125 if there is no container ID, it has no cgroup of its\n"
"own (rootless without a delegated cgroup), or ps fails.\n"
"Example: minirun ps web -o pid,user,etime,args\n";

static const struct option options[] = {
	{"format", required_argument, NULL, 'f'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* Runs `ps ARGS…` and returns what it printed, stdout and stderr together
 * (as runc takes it, so a failing ps explains itself): malloc'd, or NULL
 * with err. */
static char *run_ps(char **args, struct mr_error *err)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		mr_fail(err, errno, "run ps: pipe");
		return NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		mr_fail(err, errno, "run ps: fork");
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		execvp("ps", args);
		fprintf(stderr, "cannot run ps: %s (is procps installed?)", strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	char *out = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&out, &size);
	char buf[4096];
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0 && f)
			fwrite(buf, 1, (size_t)n, f);
	close(fds[0]);
	if (f)
		fclose(f);
	int ws;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (out && WIFEXITED(ws) && WEXITSTATUS(ws) == 0)
		return out;
	mr_fail(err, 0, "ps failed (%s %d): %s", WIFEXITED(ws) ? "exit status" : "signal",
	        WIFEXITED(ws) ? WEXITSTATUS(ws) : WTERMSIG(ws), out ? out : "");
	free(out);
	return NULL;
}

static int print_table(pid_t *pids, size_t n, char **ps_args, struct mr_error *err)
{
	char *all = run_ps(ps_args, err);
	char *mine = all ? mr_ps_filter(all, pids, n, err) : NULL;
	if (mine)
		fputs(mine, stdout);
	free(all);
	free(mine);
	return mine ? 0 : -1;
}

static void print_json(const pid_t *pids, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(pids[i]));
	json_dumpf(arr, stdout, JSON_COMPACT);
	putchar('\n');
	json_decref(arr);
}

int cmd_ps(int argc, char **argv)
{
	bool json = false;
	int opt;
	opterr = 0;
	optind = 1;
	/* '+': the options after ID are ps's. */
	while ((opt = getopt_long(argc, argv, "+:f:h", options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (opt == 'f' && (!strcmp(optarg, "table") || !strcmp(optarg, "json"))) {
			json = !strcmp(optarg, "json");
			continue;
		}
		if (opt == 'f')
			fprintf(stderr, "minirun ps: --format '%s': use table or json\n", optarg);
		else
			fprintf(stderr, "minirun ps: %s '%s' (see minirun ps --help)\n",
			        opt == ':' ? "missing value for" : "unknown option", argv[optind - 1]);
		return MR_EXIT_RUNTIME;
	}
	if (optind >= argc) {
		fputs("minirun ps: expected a container ID (see minirun ps --help)\n", stderr);
		return MR_EXIT_RUNTIME;
	}
	/* ps's argv: "ps", then PS-OPTIONS (without a leading "--") or -ef,
	 * in place of ID and what follows it. */
	const char *id = argv[optind];
	char **ps_args = argv + optind;
	int n_args = argc - optind - 1;
	if (n_args && !strcmp(ps_args[1], "--"))
		ps_args++, n_args--;
	char *defaults[] = {"ps", "-ef", NULL};
	if (!n_args)
		ps_args = defaults;
	else
		ps_args[0] = "ps";

	struct mr_error err = MR_ERROR_INIT;
	struct mr_state st;
	if (mr_state_read(oci_root(), id, &st, &err) < 0)
		return oci_report(&err);
	pid_t *pids = NULL;
	size_t n = 0;
	int rc = oci_need_cgroup(&st, "ps", &err);
	if (rc == 0 && (rc = mr_cgroup_pids(st.cgroup, &pids, &n, &err)) < 0)
		mr_error_prefix(&err, "ps container %s", st.id);
	mr_state_close(&st);
	if (rc == 0 && json)
		print_json(pids, n);
	else if (rc == 0)
		rc = print_table(pids, n, ps_args, &err);
	free(pids);
	return rc < 0 ? oci_report(&err) : 0;
}
