/* The launch sequence: one path for the Docker-style flags and for an OCI
 * config.json. docs/ARCHITECTURE.md walks through it step by step; the
 * comments here say why each step stands where it does. */
#include "caps.h"
#include "init.h"
#include "mounts.h"
#include "namespaces.h"
#include "net.h"
#include "mr_seccomp.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The stages of the protocol between minirun (the parent) and the
 * container, over a SOCK_SEQPACKET socketpair whose container end is
 * close-on-exec: a successful execve closes it, so the parent reads EOF
 * exactly when the workload is running, or an error record otherwise. */
enum mr_sync_stage {
	MR_SYNC_ERROR = 1, /* container → minirun: setup or exec failed (record follows) */
};

struct sync_msg {
	int stage;
	int exit_code;
	int errnum;
	char msg[sizeof(((struct mr_error *)0)->msg)];
};

/* ---- in the container --------------------------------------------------- */

/* Report err to minirun, which prints it once, and die with its code. */
static __attribute__((noreturn)) void child_fail(int sock, const struct mr_error *err)
{
	struct sync_msg m = {MR_SYNC_ERROR, err->exit_code, err->errnum, {0}};
	memcpy(m.msg, err->msg, sizeof m.msg);
	if (send(sock, &m, sizeof m, MSG_NOSIGNAL) < 0)
		mr_error_print(err);
	_exit(err->exit_code ? err->exit_code : MR_EXIT_RUNTIME);
}

/* The last steps, in the process that becomes the workload. */
static __attribute__((noreturn)) void exec_workload(const struct mr_config *cfg, int sock)
{
	struct mr_error err = MR_ERROR_INIT;
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	umask(cfg->umask);
	if (cfg->verbose)
		mr_caps_explain_exec(cfg);
	/* Without no_new_privs, loading a filter needs CAP_SYS_ADMIN, which
	 * the capability step is about to take away: load it first then. */
	if (!cfg->no_new_privs && mr_seccomp_apply(cfg, &err) < 0)
		child_fail(sock, &err);
	if (mr_caps_enter(cfg, &err) < 0)
		child_fail(sock, &err);
	/* A change of credentials clears the parent-death signal: arm it again
	 * (it matters when the workload itself is pid 1, with --no-init). */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (cfg->no_new_privs) {
		/* From here no execve can add privileges (setuid bits and file
		 * capabilities are ignored), and seccomp needs no CAP_SYS_ADMIN. */
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
			mr_fail(&err, errno, "set no_new_privs");
			child_fail(sock, &err);
		}
		if (mr_seccomp_apply(cfg, &err) < 0)
			child_fail(sock, &err);
	}
	environ = cfg->env;
	execvp(cfg->argv[0], cfg->argv);
	int code = errno == ENOENT || errno == ENOTDIR ? MR_EXIT_NOT_FOUND : MR_EXIT_CANNOT_EXEC;
	mr_fail_code(&err, code, errno, "exec %s", cfg->argv[0]);
	child_fail(sock, &err);
}

/* Set up the container from inside its new namespaces, then exec. */
static __attribute__((noreturn)) void container_main(struct mr_config *cfg, int sock)
{
	struct mr_error err = MR_ERROR_INIT;
	sigset_t fwd;
	mr_init_forwarded_signals(&fwd);
	/* minirun's forwarding handlers were inherited; they mean nothing
	 * here. The signals stay blocked: ones sent now wait for the init. */
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&fwd, sig) == 1)
			signal(sig, SIG_DFL);

	/* If minirun dies, so does the container (even on SIGKILL): the kernel
	 * kills the whole pid namespace when its pid 1 dies. minirun might have
	 * died before this line; then its end of the socket is already closed. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	struct pollfd p = {sock, POLLIN, 0};
	if (poll(&p, 1, 0) > 0 && (p.revents & POLLHUP))
		_exit(MR_EXIT_RUNTIME);

	/* The id maps first: until they exist we are "nobody" and can do
	 * nothing that checks ids (mounts, sethostname). */
	int rootfd = -1;
	if (mr_ns_write_idmaps(cfg, &err) < 0 || mr_ns_join(cfg, &err) < 0 || mr_ns_set_hostname(cfg, &err) < 0 ||
	    mr_mounts_enter_rootfs(cfg, &rootfd, &err) < 0 || mr_mounts_setup(cfg, rootfd, &err) < 0 ||
	    mr_mounts_pivot(cfg, rootfd, &err) < 0 || mr_net_lo_up(cfg, &err) < 0 || mr_user_resolve(cfg, &err) < 0)
		child_fail(sock, &err);
	close(rootfd);
	if (chdir(cfg->cwd) < 0) {
		mr_fail(&err, errno, "--workdir %s in the container", cfg->cwd);
		child_fail(sock, &err);
	}
	/* Only fds 0, 1 and 2 reach the workload. */
	syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);

	if (!cfg->init)
		exec_workload(cfg, sock);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid_t pid = fork();
	if (pid < 0) {
		mr_fail(&err, errno, "fork the workload");
		child_fail(sock, &err);
	}
	if (pid == 0)
		exec_workload(cfg, sock);
	close(sock);
	mr_verbose(cfg, "init: pid 1 forwards signals to the workload (pid %d) and reaps zombies", pid);
	_exit(mr_init_run(cfg, pid));
}

/* ---- in minirun ---------------------------------------------------------- */

static volatile pid_t forward_to;

/* Pass on signals a process sent us (not the terminal's, which reached the
 * container's processes directly through the shared process group). */
static void forward_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (forward_to > 0 && si->si_code <= 0)
		kill(forward_to, sig);
}

static int check_config(const struct mr_config *cfg, struct mr_error *err)
{
	struct stat st;
	if (!cfg->rootfs || stat(cfg->rootfs, &st) < 0)
		return mr_fail(err, cfg->rootfs ? errno : EINVAL, "rootfs %s", cfg->rootfs ? cfg->rootfs : "(none)");
	if (!S_ISDIR(st.st_mode))
		return mr_fail(err, ENOTDIR, "rootfs %s", cfg->rootfs);
	if (!cfg->argv || !cfg->argv[0])
		return mr_fail(err, 0, "no command to run");
	return 0;
}

static int wait_status(pid_t pid)
{
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return MR_EXIT_RUNTIME;
	return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

/* Read the container's report: 0 on EOF (the workload is running), or -1
 * with err filled from the record. */
static int read_report(int sock, struct mr_error *err)
{
	struct sync_msg m;
	ssize_t n;
	while ((n = recv(sock, &m, sizeof m, 0)) < 0 && errno == EINTR)
		;
	if (n == 0)
		return 0;
	if (n != (ssize_t)sizeof m || m.stage != MR_SYNC_ERROR)
		return mr_fail(err, n < 0 ? errno : EPROTO, "read the container's setup report");
	err->exit_code = m.exit_code;
	err->errnum = m.errnum;
	memcpy(err->msg, m.msg, sizeof err->msg);
	err->msg[sizeof err->msg - 1] = 0;
	return -1;
}

int mr_launch(struct mr_config *cfg, struct mr_error *err)
{
	if (check_config(cfg, err) < 0 || mr_ns_default_idmaps(cfg, err) < 0)
		return -1;
	/* Compile the seccomp filter here, before clone: an invalid profile
	 * fails before anything exists, and the container only loads it. */
	if (mr_seccomp_prepare(cfg, err) < 0)
		return -1;

	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return mr_fail(err, errno, "socketpair");

	/* Block the forwarded signals across clone(): the child inherits the
	 * mask, so a signal sent during setup waits for the init instead of
	 * being lost, and our handler cannot run before forward_to is set. */
	sigset_t fwd, old;
	mr_init_forwarded_signals(&fwd);
	sigprocmask(SIG_BLOCK, &fwd, &old);
	struct sigaction sa = {.sa_sigaction = forward_signal, .sa_flags = SA_SIGINFO | SA_RESTART};
	sigemptyset(&sa.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (sigismember(&fwd, sig) == 1)
			sigaction(sig, &sa, NULL);

	int flags = mr_ns_clone_flags(cfg);
	mr_verbose(cfg, "clone: new namespaces:%s%s%s%s%s%s%s", flags & CLONE_NEWUSER ? " user" : "",
	           flags & CLONE_NEWNS ? " mount" : "", flags & CLONE_NEWPID ? " pid" : "",
	           flags & CLONE_NEWUTS ? " uts" : "", flags & CLONE_NEWIPC ? " ipc" : "",
	           flags & CLONE_NEWNET ? " net" : "", flags & CLONE_NEWCGROUP ? " cgroup" : "");
	fflush(NULL);
	/* clone() like fork(): the child runs on a copy of our stack, and
	 * becomes pid 1 of its new pid namespace. */
	pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, NULL);
	if (pid == 0) {
		close(sv[0]);
		container_main(cfg, sv[1]);
	}
	int saved = errno;
	close(sv[1]);
	forward_to = pid;
	sigprocmask(SIG_SETMASK, &old, NULL);

	int status = -1;
	if (pid < 0) {
		mr_fail(err, saved, "clone the container's namespaces%s",
		        cfg->rootless && saved == EPERM ? " (are unprivileged user namespaces disabled? "
		                                          "see /proc/sys/user/max_user_namespaces)"
		                                        : "");
	} else {
		int report = read_report(sv[0], err);
		status = wait_status(pid);
		if (report < 0)
			status = -1;
	}
	forward_to = 0;
	close(sv[0]);
	return status;
}
