/* minirun kill: send a signal to a container's process, or all of them. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroups.h"
#include "commands.h"
#include "oci_common.h"

static const char usage[] =
"Usage: minirun [GLOBAL OPTIONS] kill [--all] ID [SIGNAL]\n"
"\n"
"Send SIGNAL (default SIGTERM; a name like KILL, SIGKILL or a number) to\n"
"container ID's process. With --all (-a), to every process in the\n"
"container's cgroup. A container's process is pid 1 of its pid namespace:\n"
"it ignores a signal it has no handler for, except SIGKILL.\n"
"A paused container stays paused and handles the signal when resumed;\n"
"SIGKILL kills it at once and thaws it (as runc), because a process frozen\n"
"by the v1 freezer dies only once thawed.\n";

/* "TERM", "SIGTERM", "sigterm", "15" -> 15. */
static int parse_signal(const char *s, struct mr_error *err)
{
	static const struct {
		const char *name;
		int sig;
	} names[] = {
		{"HUP", SIGHUP},   {"INT", SIGINT},   {"QUIT", SIGQUIT}, {"ABRT", SIGABRT}, {"KILL", SIGKILL},
		{"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"PIPE", SIGPIPE}, {"ALRM", SIGALRM}, {"TERM", SIGTERM},
		{"CHLD", SIGCHLD}, {"CONT", SIGCONT}, {"STOP", SIGSTOP}, {"TSTP", SIGTSTP}, {"TTIN", SIGTTIN},
		{"TTOU", SIGTTOU}, {"WINCH", SIGWINCH},
	};
	char *end;
	long n = strtol(s, &end, 10);
	if (*s && !*end)
		return n > 0 && n < NSIG ? (int)n : mr_fail(err, 0, "signal %s: expected 1 to %d", s, NSIG - 1);
	const char *name = strncasecmp(s, "SIG", 3) ? s : s + 3;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcasecmp(name, names[i].name))
			return names[i].sig;
	return mr_fail(err, 0, "unknown signal '%s' (expected a name like TERM or KILL, or a number)", s);
}

/* Signal the recorded process through a pidfd, after checking it is
 * still the container's (not a recycled pid). */
static int signal_process(const struct mr_state *st, int sig, struct mr_error *err)
{
	int fd = (int)syscall(SYS_pidfd_open, st->pid, 0);
	if (fd < 0 || strcmp(mr_state_status(st), "stopped") == 0) {
		if (fd >= 0)
			close(fd);
		return mr_fail(err, ESRCH, "container %s is not running", st->id);
	}
	int rc = (int)syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
	int saved = errno;
	close(fd);
	return rc < 0 ? mr_fail(err, saved, "signal %d to container %s (pid %d)", sig, st->id, (int)st->pid) : 0;
}

int cmd_kill(int argc, char **argv)
{
	static const struct option options[] = {
		{"all", no_argument, NULL, 'a'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	bool all = false;
	int opt;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long_only(argc, argv, "+ah", options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return 0;
		}
		if (opt != 'a') {
			fprintf(stderr, "minirun kill: unknown option '%s' (see minirun kill --help)\n", argv[optind - 1]);
			return MR_EXIT_RUNTIME;
		}
		all = true;
	}
	if (argc - optind < 1 || argc - optind > 2) {
		fputs("minirun kill: expected ID [SIGNAL] (see minirun kill --help)\n", stderr);
		return MR_EXIT_RUNTIME;
	}
	struct mr_error err = MR_ERROR_INIT;
	int sig = argc - optind == 2 ? parse_signal(argv[optind + 1], &err) : SIGTERM;
	if (sig < 0)
		return oci_report(&err);
	struct mr_state st;
	if (mr_state_open(oci_root(), argv[optind], &st, &err) < 0)
		return oci_report(&err);
	int rc;
	const char *status = mr_state_status(&st);
	if (!strcmp(status, "stopped"))
		rc = mr_fail(&err, 0, "container %s is not running", st.id);
	else if (all && st.cgroup)
		rc = mr_cgroup_kill(st.cgroup, sig, &err); /* thaws after SIGKILL itself */
	else
		rc = signal_process(&st, sig, &err);
	/* As kill --all does, and runc: a process frozen by the v1 freezer
	 * dies of SIGKILL only once thawed. */
	struct mr_error ignored = MR_ERROR_INIT;
	if (rc == 0 && !strcmp(status, "paused") && sig == SIGKILL && !all)
		mr_cgroup_freeze(st.cgroup, false, &ignored);
	mr_state_close(&st);
	return rc < 0 ? oci_report(&err) : 0;
}
