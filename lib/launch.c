/* The launch sequence: one path for the Docker-style flags and for an OCI
 * config.json, for `minirun ROOTFS CMD` as for create/start and exec.
 * docs/ARCHITECTURE.md walks through it step by step; the comments here
 * say why each step stands where it does. */
#include "caps.h"
#include "cgroups.h"
#include "hooks.h"
#include "init.h"
#include "mounts.h"
#include "namespaces.h"
#include "net.h"
#include "process.h"
#include "mr_seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The protocol between minirun (the parent) and the container, over a
 * SOCK_SEQPACKET socketpair whose container end is close-on-exec: a
 * successful execve closes it, so minirun reads EOF exactly when the
 * workload is running. The stages in between happen only when needed (a
 * plain `minirun ROOTFS CMD` as a user with no limits uses none of them):
 *
 *   container                          minirun
 *   SETUP       ------------------>    write the id maps, enter the cgroup
 *               <------------------    SETUP_DONE (pid: the host's pid)
 *   (mounts set up, before pivot_root)
 *   HOOKS       ------------------>    run prestart and createRuntime hooks
 *               <------------------    HOOKS_DONE
 *   (createContainer hooks, pivot_root, …)
 *   CREATED     ------------------>    create returns; `start` later opens
 *   (blocks on the exec fifo)           the fifo
 *   exec: EOF, or ERROR + record at any point. */
enum mr_sync_stage {
	MR_SYNC_ERROR = 1,  /* container → minirun: setup or exec failed (record follows) */
	MR_SYNC_SETUP,      /* container → minirun: in my namespaces; maps and cgroup, please */
	MR_SYNC_SETUP_DONE, /* minirun → container: done; .pid is your pid on the host */
	MR_SYNC_HOOKS,      /* container → minirun: mounts ready; run the runtime's hooks */
	MR_SYNC_HOOKS_DONE, /* minirun → container: they succeeded */
	MR_SYNC_PID,        /* exec: the joining process → minirun: the workload's pid */
	MR_SYNC_CREATED,    /* container → minirun: set up, waiting for start */
};

struct sync_msg {
	int stage;
	int exit_code;
	int errnum;
	int pid;
	char msg[sizeof(((struct mr_error *)0)->msg)];
};

/* What minirun must do for the container between clone and exec. */
static bool needs_setup_sync(const struct mr_config *cfg)
{
	for (int k = 0; k < MR_HOOK_COUNT; k++)
		if (cfg->n_hooks[k])
			return true; /* the hooks' state needs the host pid */
	return mr_ns_parent_writes_maps(cfg) || mr_cgroup_wanted(cfg);
}

static bool needs_hooks_sync(const struct mr_config *cfg)
{
	return cfg->n_hooks[MR_HOOK_PRESTART] || cfg->n_hooks[MR_HOOK_CREATE_RUNTIME];
}

static int send_stage(int sock, int stage, int pid)
{
	struct sync_msg m = {.stage = stage, .pid = pid};
	return send(sock, &m, sizeof m, MSG_NOSIGNAL) == (ssize_t)sizeof m ? 0 : -1;
}

/* Read one message; 0 on EOF. */
static ssize_t recv_msg(int sock, struct sync_msg *m)
{
	ssize_t n;
	while ((n = recv(sock, m, sizeof *m, 0)) < 0 && errno == EINTR)
		;
	return n;
}

static int run_hooks(const struct mr_config *cfg, enum mr_hook_kind kind, pid_t pid, const char *status,
                     struct mr_error *err)
{
	if (!cfg->n_hooks[kind])
		return 0;
	char *state = cfg->state_json ? cfg->state_json(cfg, pid, status) : NULL;
	int rc = mr_hooks_run(cfg, kind, state ? state : "{}", err);
	free(state);
	return rc;
}

/* ---- in the container --------------------------------------------------- */

/* Report err to minirun, which prints it once, and die with its code. */
static __attribute__((noreturn)) void child_fail(int sock, const struct mr_error *err)
{
	struct sync_msg m = {MR_SYNC_ERROR, err->exit_code, err->errnum, 0, {0}};
	memcpy(m.msg, err->msg, sizeof m.msg);
	/* After CREATED nobody may be listening (create has returned): then
	 * stderr, which the engine collects, is the only place left. */
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
	 * (it matters when the workload itself is pid 1, with --no-init) —
	 * unless the container outlives minirun (create). */
	if (!cfg->detach)
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

/* create: tell minirun we are ready, then block until `start` opens the
 * exec fifo. The fifo was opened (O_PATH) before pivot_root, while its
 * host path was reachable; reopening it through /proc/self/fd for writing
 * blocks until a reader comes. */
static int wait_for_start(const struct mr_config *cfg, int sock, int fifo, struct mr_error *err)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fifo);
	/* create returns when it reads CREATED: from then on the container
	 * must outlive it. */
	if (cfg->detach)
		prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
	if (send_stage(sock, MR_SYNC_CREATED, 0) < 0)
		return mr_fail(err, errno, "report the container created");
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return mr_fail(err, errno, "open the exec fifo (is /proc mounted in the container?)");
	ssize_t n = write(fd, "0", 1);
	close(fd);
	close(fifo);
	return n == 1 ? 0 : mr_fail(err, errno, "signal start on the exec fifo");
}

/* exec into a running container: join its namespaces (the caller set
 * cfg->ns_path from /proc/PID/ns), then fork the workload, because a new
 * pid namespace only applies to children. CLONE_PARENT makes it minirun's
 * own child, so minirun can wait for it; this process then leaves. */
static __attribute__((noreturn)) void exec_into(struct mr_config *cfg, int sock)
{
	struct mr_error err = MR_ERROR_INIT;
	if (mr_ns_join(cfg, &err) < 0 || mr_user_resolve(cfg, &err) < 0)
		child_fail(sock, &err);
	if (chdir(cfg->cwd) < 0) {
		mr_fail(&err, errno, "working directory %s in the container", cfg->cwd);
		child_fail(sock, &err);
	}
	syscall(SYS_close_range, 3 + cfg->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
	pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)CLONE_PARENT, NULL, NULL, NULL, NULL);
	if (pid == 0) {
		if (mr_process_terminal(cfg, &err) < 0 || mr_process_limits(cfg, &err) < 0)
			child_fail(sock, &err);
		exec_workload(cfg, sock);
	}
	if (pid < 0) {
		mr_fail(&err, errno, "fork into the container's pid namespace");
		child_fail(sock, &err);
	}
	send_stage(sock, MR_SYNC_PID, pid);
	_exit(0);
}

/* A cgroup namespace is rooted where the process is when it is made, so
 * with a cgroup of the container's own it is made only after minirun has
 * moved the process there (SETUP). */
static bool defer_cgroupns(const struct mr_config *cfg)
{
	return (mr_ns_clone_flags(cfg) & CLONE_NEWCGROUP) && mr_cgroup_wanted(cfg) && !cfg->join_pid;
}

struct workload_args {
	const struct mr_config *cfg;
	int sock;
};

static int workload_main(void *arg)
{
	const struct workload_args *a = arg;
	exec_workload(a->cfg, a->sock);
}

/* Start the workload beside the init the way posix_spawn starts a
 * program: clone(CLONE_VM | CLONE_VFORK) instead of fork(). fork would
 * copy the init's page tables only for execve to throw them away; here the
 * child borrows the init's memory and the init sleeps until the child has
 * exec'd (or died), so nothing is used by both at once. What the child
 * changes is per-process even so: credentials and capabilities, no_new_privs,
 * the seccomp filter, the signal mask and umask (CLONE_FS and CLONE_SIGHAND
 * are not shared). Its writes to memory land in the init's: libcap-ng's
 * state, which the init resets before its own drop, and `environ`, which
 * the init never reads. The child runs on its own stack, with a guard page
 * below it.
 *
 * The init drops its own privileges (init.c) once this returns, that is
 * just after the workload's execve: the child's credentials are copied
 * from the init's at clone, so the init cannot drop first. For that moment
 * pid 1 still has the capabilities minirun gave the container, but it runs
 * only minirun's code, and the workload cannot reach into it: ptrace and
 * /proc/1/mem need at least pid 1's capabilities, and pid 1 gets only the
 * signals it handles. */
static pid_t spawn_workload(const struct mr_config *cfg, int sock, struct mr_error *err)
{
	const size_t guard = 4096, size = 256 * 1024;
	char *stack = mmap(NULL, guard + size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED)
		return mr_fail(err, errno, "map a stack for the workload");
	mprotect(stack, guard, PROT_NONE);
	struct workload_args a = {cfg, sock};
	pid_t pid = clone(workload_main, stack + guard + size, CLONE_VM | CLONE_VFORK | SIGCHLD, &a);
	if (pid < 0)
		mr_fail(err, errno, "start the workload (clone)");
	munmap(stack, guard + size);
	return pid;
}

/* The steps that need minirun: the SETUP exchange. Returns the host pid. */
static pid_t sync_setup(const struct mr_config *cfg, int sock, struct mr_error *err)
{
	struct sync_msg m;
	if (send_stage(sock, MR_SYNC_SETUP, 0) < 0 || recv_msg(sock, &m) != (ssize_t)sizeof m ||
	    m.stage != MR_SYNC_SETUP_DONE)
		_exit(MR_EXIT_RUNTIME); /* minirun failed and says why */
	if (mr_ns_parent_writes_maps(cfg) && mr_ns_become_root(cfg, err) < 0)
		return -1;
	if (defer_cgroupns(cfg) && unshare(CLONE_NEWCGROUP) < 0)
		return mr_fail(err, errno, "unshare the cgroup namespace");
	return m.pid;
}

static void sync_hooks(int sock)
{
	struct sync_msg m;
	if (send_stage(sock, MR_SYNC_HOOKS, 0) < 0 || recv_msg(sock, &m) != (ssize_t)sizeof m ||
	    m.stage != MR_SYNC_HOOKS_DONE)
		_exit(MR_EXIT_RUNTIME);
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
	pid_t host_pid = 0;
	if (!mr_ns_parent_writes_maps(cfg) && !cfg->join_pid && mr_ns_write_idmaps(cfg, 0, &err) < 0)
		child_fail(sock, &err);
	/* The exec fifo lives in minirun's private state directory: open it
	 * while we are still minirun's uid (a mapped root is not). */
	int fifo = -1;
	if (cfg->exec_fifo && (fifo = open(cfg->exec_fifo, O_PATH | O_CLOEXEC)) < 0) {
		mr_fail(&err, errno, "open the exec fifo %s", cfg->exec_fifo);
		child_fail(sock, &err);
	}
	if (needs_setup_sync(cfg) && (host_pid = sync_setup(cfg, sock, &err)) < 0)
		child_fail(sock, &err);
	if (cfg->join_pid)
		exec_into(cfg, sock);
	int rootfd = -1;
	if (mr_ns_join(cfg, &err) < 0 || mr_ns_set_hostname(cfg, &err) < 0 ||
	    mr_mounts_enter_rootfs(cfg, &rootfd, &err) < 0 || mr_mounts_setup(cfg, rootfd, &err) < 0 ||
	    mr_ns_sysctl(cfg, rootfd, &err) < 0 || mr_mounts_protect(cfg, rootfd, &err) < 0)
		child_fail(sock, &err);
	/* Hooks that set the container up from outside (a network, say) run
	 * now: namespaces and mounts exist, nothing of the user's runs yet. */
	if (needs_hooks_sync(cfg))
		sync_hooks(sock);
	if (run_hooks(cfg, MR_HOOK_CREATE_CONTAINER, host_pid, "creating", &err) < 0 ||
	    mr_mounts_pivot(cfg, rootfd, &err) < 0 || mr_net_lo_up(cfg, &err) < 0 || mr_user_resolve(cfg, &err) < 0)
		child_fail(sock, &err);
	close(rootfd);
	if (chdir(cfg->cwd) < 0) {
		mr_fail(&err, errno, "working directory %s in the container", cfg->cwd);
		child_fail(sock, &err);
	}
	/* Only fds 0, 1 and 2 (and --preserve-fds more) reach the workload. */
	syscall(SYS_close_range, 3 + cfg->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC);
	if (mr_process_terminal(cfg, &err) < 0 || mr_process_limits(cfg, &err) < 0)
		child_fail(sock, &err);
	if (fifo >= 0 && (wait_for_start(cfg, sock, fifo, &err) < 0 ||
	                  run_hooks(cfg, MR_HOOK_START_CONTAINER, host_pid, "running", &err) < 0))
		child_fail(sock, &err);

	if (!cfg->init)
		exec_workload(cfg, sock);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid_t pid = spawn_workload(cfg, sock, &err);
	if (pid < 0)
		child_fail(sock, &err);
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
	if (!cfg->argv || !cfg->argv[0])
		return mr_fail(err, 0, "no command to run");
	if (cfg->join_pid)
		return 0;
	if (!cfg->rootfs || stat(cfg->rootfs, &st) < 0)
		return mr_fail(err, cfg->rootfs ? errno : EINVAL, "rootfs %s", cfg->rootfs ? cfg->rootfs : "(none)");
	if (!S_ISDIR(st.st_mode))
		return mr_fail(err, ENOTDIR, "rootfs %s", cfg->rootfs);
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

/* SETUP: what only minirun, outside, can do for the container. */
static int parent_setup(struct mr_config *cfg, pid_t pid, struct mr_error *err)
{
	if (mr_ns_parent_writes_maps(cfg) && mr_ns_write_idmaps(cfg, pid, err) < 0)
		return -1;
	if (!mr_cgroup_wanted(cfg))
		return 0;
	char *name = mr_cgroup_name(cfg, pid);
	if (!name)
		return mr_fail(err, ENOMEM, "cgroup name");
	/* 1: no cgroup after all (rootless without delegation, no limits) */
	int rc = cfg->join_pid ? mr_cgroup_join(name, pid, err) : mr_cgroup_enter(cfg, name, pid, err);
	if (rc == 0)
		cfg->cgroup_name = name;
	else
		free(name);
	return rc < 0 ? -1 : 0;
}

/* Serve the container's requests until it reports CREATED, execs (EOF) or
 * fails. *workload is the process exec_into forked, if any. */
static int parent_sync(struct mr_config *cfg, pid_t pid, int sock, pid_t *workload, struct mr_error *err)
{
	for (;;) {
		struct sync_msg m;
		ssize_t n = recv_msg(sock, &m);
		if (n == 0)
			return 0;
		if (n != (ssize_t)sizeof m)
			return mr_fail(err, n < 0 ? errno : EPROTO, "read the container's setup report");
		switch (m.stage) {
		case MR_SYNC_SETUP:
			if (parent_setup(cfg, pid, err) < 0)
				return -1;
			send_stage(sock, MR_SYNC_SETUP_DONE, pid);
			break;
		case MR_SYNC_HOOKS:
			if (run_hooks(cfg, MR_HOOK_PRESTART, pid, "creating", err) < 0 ||
			    run_hooks(cfg, MR_HOOK_CREATE_RUNTIME, pid, "creating", err) < 0)
				return -1;
			send_stage(sock, MR_SYNC_HOOKS_DONE, pid);
			break;
		case MR_SYNC_PID:
			*workload = m.pid;
			break;
		case MR_SYNC_CREATED:
			return 0;
		case MR_SYNC_ERROR:
			err->exit_code = m.exit_code;
			err->errnum = m.errnum;
			memcpy(err->msg, m.msg, sizeof err->msg);
			err->msg[sizeof err->msg - 1] = 0;
			return -1;
		default:
			return mr_fail(err, EPROTO, "unexpected message %d from the container", m.stage);
		}
	}
}

/* Undo a spawn that failed half-way: nothing may be left behind. */
static void abort_spawn(struct mr_config *cfg, pid_t pid, pid_t workload)
{
	if (workload > 0) {
		kill(workload, SIGKILL);
		waitpid(workload, NULL, 0);
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	if (cfg->cgroup_name && !cfg->join_pid) {
		struct mr_error ignored = MR_ERROR_INIT;
		mr_cgroup_kill(cfg->cgroup_name, SIGKILL, &ignored);
		mr_cgroup_destroy(cfg->cgroup_name, &ignored);
	}
	free(cfg->cgroup_name);
	cfg->cgroup_name = NULL;
}

int mr_spawn(struct mr_config *cfg, pid_t *out, struct mr_error *err)
{
	*out = 0;
	if (check_config(cfg, err) < 0 || (!cfg->join_pid && mr_ns_default_idmaps(cfg, err) < 0))
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

	int flags = cfg->join_pid ? 0 : mr_ns_clone_flags(cfg);
	if (defer_cgroupns(cfg))
		flags &= ~CLONE_NEWCGROUP;
	mr_verbose(cfg, "clone: new namespaces:%s%s%s%s%s%s%s", flags & CLONE_NEWUSER ? " user" : "",
	           flags & CLONE_NEWNS ? " mount" : "", flags & CLONE_NEWPID ? " pid" : "",
	           flags & CLONE_NEWUTS ? " uts" : "", flags & CLONE_NEWIPC ? " ipc" : "",
	           flags & CLONE_NEWNET ? " net" : "", defer_cgroupns(cfg) || flags & CLONE_NEWCGROUP ? " cgroup" : "");
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
	if (pid < 0) {
		close(sv[0]);
		forward_to = 0;
		return mr_fail(err, saved, "clone the container's namespaces%s",
		               cfg->rootless && saved == EPERM ? " (are unprivileged user namespaces disabled? "
		                                                 "see /proc/sys/user/max_user_namespaces)"
		                                               : "");
	}
	pid_t workload = 0;
	int rc = parent_sync(cfg, pid, sv[0], &workload, err);
	close(sv[0]);
	if (rc < 0) {
		abort_spawn(cfg, pid, workload);
		forward_to = 0;
		return -1;
	}
	if (cfg->join_pid) {
		/* The joining process has left; the workload is our child. */
		waitpid(pid, NULL, 0);
		pid = workload;
		forward_to = pid;
	}
	*out = pid;
	return 0;
}

int mr_wait(const struct mr_config *cfg, pid_t pid)
{
	(void)cfg;
	forward_to = pid;
	int status = wait_status(pid);
	forward_to = 0;
	return status;
}

int mr_launch(struct mr_config *cfg, struct mr_error *err)
{
	pid_t pid;
	if (mr_spawn(cfg, &pid, err) < 0)
		return -1;
	int status = mr_wait(cfg, pid);
	if (cfg->cgroup_name && !cfg->join_pid) {
		/* The pid namespace died with its pid 1; without one, stragglers
		 * are killed here, and the cgroup goes. */
		struct mr_error cg = MR_ERROR_INIT;
		if (mr_cgroup_kill(cfg->cgroup_name, SIGKILL, &cg) < 0 || mr_cgroup_destroy(cfg->cgroup_name, &cg) < 0)
			mr_notice("could not remove the cgroup %s: %s", cfg->cgroup_name, cg.msg);
	}
	return status;
}

/* Is pid alive and not a zombie? */
static bool alive(pid_t pid)
{
	char path[64], stat[512];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, stat, sizeof stat - 1);
	close(fd);
	if (n <= 0)
		return false;
	stat[n] = 0;
	const char *paren = strrchr(stat, ')');
	return paren && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X';
}

int mr_start(const char *exec_fifo, pid_t pid, struct mr_error *err)
{
	/* Non-blocking, so a container that died cannot hang us: poll for
	 * the byte it writes once our open has released it. */
	int fd = open(exec_fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return mr_fail(err, errno, "open the exec fifo %s (was the container started already?)", exec_fifo);
	int rc = -1;
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		int ready = poll(&p, 1, 100);
		if (ready < 0 && errno != EINTR) {
			mr_fail(err, errno, "wait on the exec fifo");
			break;
		}
		if (ready > 0) {
			char byte;
			ssize_t n = read(fd, &byte, 1);
			if (n == 1)
				rc = 0;
			else if (n < 0 && errno == EAGAIN)
				continue;
			else
				mr_fail(err, 0, "the container closed its exec fifo without starting");
			break;
		}
		if (ready == 0 && !alive(pid)) {
			mr_fail(err, 0, "the container's process %d exited before it could be started", (int)pid);
			break;
		}
	}
	close(fd);
	return rc;
}
