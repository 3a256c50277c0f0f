/* OCI hooks (hooks.h): fork, exec the hook with the state on its stdin,
 * wait for it with its timeout.
 *
 * Called from the runtime process and from the container's process (before
 * and after pivot_root), so it assumes nothing about the cwd, the signal
 * dispositions or the fds it is handed: the hook gets exactly stdin (a
 * pipe carrying the state), the caller's stdout and stderr, default signal
 * handling, and no other fd. The wait is a poll(2) on a pidfd, so no
 * signal handler or SIGCHLD mask of the caller is touched; only SIGPIPE is
 * blocked while the state is written (a hook may exit without reading). */
#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *mr_hook_kind_name(enum mr_hook_kind kind)
{
	static const char *const names[MR_HOOK_COUNT] = {
		[MR_HOOK_PRESTART] = "prestart",
		[MR_HOOK_CREATE_RUNTIME] = "createRuntime",
		[MR_HOOK_CREATE_CONTAINER] = "createContainer",
		[MR_HOOK_START_CONTAINER] = "startContainer",
		[MR_HOOK_POSTSTART] = "poststart",
		[MR_HOOK_POSTSTOP] = "poststop",
	};
	return (unsigned)kind < MR_HOOK_COUNT ? names[kind] : "unknown";
}

/* One hook being run. */
struct hook_run {
	const struct mr_hook *hook;
	const char *kind;
	size_t index;
	pid_t pid;
	int pidfd;        /* -1 on kernels without pidfd_open (< 5.3) */
	int in;           /* write end of the hook's stdin, -1 once done */
	int exec_err;     /* read end: the child's errno if execve failed */
	const char *state;
	size_t state_len, written;
};

static int hook_fail(const struct hook_run *h, struct mr_error *err, int errnum,
                     const char *what)
{
	return mr_fail(err, errnum, "%s hook %zu (%s): %s", h->kind, h->index,
	               h->hook->path ? h->hook->path : "(no path)", what);
}

/* Move fd above stdio, so that setting up 0 in the child cannot clobber it
 * (the caller may run with 0, 1 or 2 closed). */
static int above_stdio(int fd)
{
	if (fd > 2)
		return fd;
	int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return moved;
}

static int cloexec_pipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	fds[0] = above_stdio(fds[0]);
	fds[1] = above_stdio(fds[1]);
	if (fds[0] < 0 || fds[1] < 0) {
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		return -1;
	}
	return 0;
}

/* In the child, between fork and execve: async-signal-safe calls only. */
static __attribute__((noreturn)) void exec_hook(const struct mr_hook *hook, int in, int errfd)
{
	char *default_args[] = {(char *)hook->path, NULL};
	char *empty_env[] = {NULL};
	sigset_t none;
	/* the hook starts with default signal handling, whatever the caller set */
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(in, 0) < 0)
		goto fail;
	/* every other fd of the caller closes at exec, errfd included (which
	 * tells the parent that exec succeeded) */
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		for (int fd = 3; fd < 65536; fd++)
			fcntl(fd, F_SETFD, FD_CLOEXEC);
	execve(hook->path, hook->args && hook->args[0] ? hook->args : default_args,
	       hook->env ? hook->env : empty_env);
fail:;
	int e = errno;
	if (write(errfd, &e, sizeof e) < 0)
		_exit(127);
	_exit(127);
}

static int start(struct hook_run *h, struct mr_error *err)
{
	int in[2], ex[2];
	if (cloexec_pipe(in) < 0)
		return hook_fail(h, err, errno, "pipe");
	if (cloexec_pipe(ex) < 0) {
		int e = errno;
		close(in[0]);
		close(in[1]);
		return hook_fail(h, err, e, "pipe");
	}
	h->pid = fork();
	if (h->pid == 0)
		exec_hook(h->hook, in[0], ex[1]);
	int e = errno;
	close(in[0]);
	close(ex[1]);
	h->in = in[1];
	h->exec_err = ex[0];
	if (h->pid < 0) {
		close(h->in);
		close(h->exec_err);
		return hook_fail(h, err, e, "fork");
	}
	h->pidfd = pidfd_open(h->pid, 0);
	fcntl(h->in, F_SETFL, O_NONBLOCK);
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Write what the pipe takes of the state; done (closed) at the end, or
 * when the hook closed its stdin (EPIPE: it need not read it). SIGPIPE is
 * blocked by the caller of this. */
static void feed(struct hook_run *h)
{
	while (h->in >= 0 && h->written < h->state_len) {
		ssize_t n = write(h->in, h->state + h->written, h->state_len - h->written);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n < 0)
			break; /* EPIPE */
		h->written += (size_t)n;
	}
	close(h->in);
	h->in = -1;
}

/* Has the hook exited? Reaps it. */
static bool reaped(struct hook_run *h, int *status)
{
	pid_t r;
	while ((r = waitpid(h->pid, status, WNOHANG)) < 0 && errno == EINTR)
		;
	return r == h->pid || (r < 0 && errno == ECHILD);
}

/* Feed the state and wait for the exit, at most until deadline (ms, 0 =
 * none). Returns 0 with *status, 1 on timeout, -1 with errno if poll
 * fails (the hook still runs in both cases). */
static int wait_hook(struct hook_run *h, long long deadline, int *status)
{
	for (;;) {
		if (reaped(h, status))
			return 0;
		struct pollfd p[2] = {{h->pidfd, POLLIN, 0}, {h->in, POLLOUT, 0}};
		int timeout = -1;
		if (deadline) {
			long long left = deadline - now_ms();
			if (left <= 0)
				return 1;
			timeout = left > 60000 ? 60000 : (int)left;
		}
		if (h->pidfd < 0) /* no pidfd: look again every 10 ms */
			timeout = timeout < 0 || timeout > 10 ? 10 : timeout;
		if (poll(p, 2, timeout) < 0 && errno != EINTR)
			return -1;
		if (p[1].revents)
			feed(h);
	}
}

static const char *signal_name(int sig, char *buf, size_t len)
{
	const char *abbrev = sigabbrev_np(sig);
	if (abbrev)
		snprintf(buf, len, "SIG%s", abbrev);
	else
		snprintf(buf, len, "%d", sig);
	return buf;
}

static int run_one(const struct mr_hook *hook, const char *kind, size_t index,
                   const char *state, struct mr_error *err)
{
	struct hook_run h = {.hook = hook, .kind = kind, .index = index, .pidfd = -1, .in = -1,
	                     .exec_err = -1, .state = state ? state : "",
	                     .state_len = state ? strlen(state) : 0};
	if (!hook->path || hook->path[0] != '/')
		return hook_fail(&h, err, 0, "the path must be absolute");
	if (start(&h, err) < 0)
		return -1;

	sigset_t pipe_set, old_mask, pending;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigpending(&pending);
	bool was_pending = sigismember(&pending, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old_mask);

	feed(&h);
	long long deadline = hook->timeout > 0 ? now_ms() + hook->timeout * 1000LL : 0;
	int status = 0;
	int waited = wait_hook(&h, deadline, &status);
	int wait_errno = errno;
	bool timed_out = waited == 1;
	if (waited != 0) {
		kill(h.pid, SIGKILL);
		while (waitpid(h.pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (h.in >= 0)
		close(h.in);

	/* a SIGPIPE our writes raised is consumed, not left to the caller */
	if (!was_pending) {
		struct timespec zero = {0, 0};
		sigtimedwait(&pipe_set, NULL, &zero);
	}
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	if (h.pidfd >= 0)
		close(h.pidfd);

	int exec_errno = 0;
	ssize_t n;
	while ((n = read(h.exec_err, &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR)
		;
	close(h.exec_err);

	char what[128], sig[32];
	if (n == (ssize_t)sizeof exec_errno)
		return hook_fail(&h, err, exec_errno, "cannot be executed");
	if (waited < 0)
		return hook_fail(&h, err, wait_errno, "wait for it (it was killed)");
	if (timed_out) {
		snprintf(what, sizeof what, "timed out after %d s and was killed", hook->timeout);
		return hook_fail(&h, err, 0, what);
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFEXITED(status))
		snprintf(what, sizeof what, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(what, sizeof what, "was killed by %s",
		         signal_name(WTERMSIG(status), sig, sizeof sig));
	else
		snprintf(what, sizeof what, "ended with wait status 0x%x", (unsigned)status);
	return hook_fail(&h, err, 0, what);
}

int mr_hooks_run(const struct mr_config *cfg, enum mr_hook_kind kind, const char *state_json,
                 struct mr_error *err)
{
	if ((unsigned)kind >= MR_HOOK_COUNT)
		return mr_fail(err, EINVAL, "hook kind %d", (int)kind);
	for (size_t i = 0; i < cfg->n_hooks[kind]; i++)
		if (run_one(&cfg->hooks[kind][i], mr_hook_kind_name(kind), i, state_json, err) < 0)
			return -1;
	return 0;
}
