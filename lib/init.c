/* The container's pid 1.
 *
 * Pid 1 is special: the kernel delivers it only the signals it has asked
 * for, and every orphan in the namespace becomes its child. A shell or a
 * server that never expected to be pid 1 would ignore SIGTERM and leave
 * zombies. So by default pid 1 is this small loop (as tini is for Docker),
 * and the workload runs as its child. */
#include "init.h"

#include <cap-ng.h>
#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

static const int forwarded[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH};

void mr_init_forwarded_signals(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		sigaddset(set, forwarded[i]);
}

/* The init needs nothing but the right to signal the workload (which may
 * run as another uid): keep CAP_KILL, drop the rest and the bounding set,
 * so that the workload cannot use pid 1 as a way back to privileges. */
static void drop_privileges(const struct mr_config *cfg)
{
	/* We are the child of a raw clone(): libcap-ng's cached thread id may
	 * be minirun's, so point it at this thread (0) explicitly. */
	capng_setpid(0);
	capng_clear(CAPNG_SELECT_BOTH);
	capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_KILL);
	if (capng_apply(CAPNG_SELECT_BOTH) < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		mr_verbose(cfg, "init: could not drop its own privileges: %s", strerror(errno));
}

static int status_code(int ws)
{
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

int mr_init_run(const struct mr_config *cfg, pid_t workload)
{
	drop_privileges(cfg);
	sigset_t set;
	mr_init_forwarded_signals(&set);
	sigaddset(&set, SIGCHLD);
	for (;;) {
		/* Reap first: the workload may have exited before we got here. */
		int ws;
		pid_t pid;
		while ((pid = waitpid(-1, &ws, WNOHANG)) > 0)
			if (pid == workload)
				return status_code(ws);
		siginfo_t si;
		int sig = sigwaitinfo(&set, &si);
		/* Signals the terminal sent (SI_KERNEL) reached the workload
		 * directly, as it shares our process group: pass on only those a
		 * process sent (kill(2): si_code <= 0), or it would get two. */
		if (sig > 0 && sig != SIGCHLD && si.si_code <= 0)
			kill(workload, sig);
	}
}
