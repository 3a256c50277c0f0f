/* process.c: what the workload's process carries besides its namespaces,
 * credentials and filter: its resource limits (setrlimit), its OOM score,
 * and its terminal. Set in the container just before the capability step,
 * by the process that will exec the workload (launch.c; step 19 of
 * docs/ARCHITECTURE.md). */
#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const names[RLIMIT_NLIMITS] = {
	[RLIMIT_CPU] = "RLIMIT_CPU",         [RLIMIT_FSIZE] = "RLIMIT_FSIZE",
	[RLIMIT_DATA] = "RLIMIT_DATA",       [RLIMIT_STACK] = "RLIMIT_STACK",
	[RLIMIT_CORE] = "RLIMIT_CORE",       [RLIMIT_RSS] = "RLIMIT_RSS",
	[RLIMIT_NPROC] = "RLIMIT_NPROC",     [RLIMIT_NOFILE] = "RLIMIT_NOFILE",
	[RLIMIT_MEMLOCK] = "RLIMIT_MEMLOCK", [RLIMIT_AS] = "RLIMIT_AS",
	[RLIMIT_LOCKS] = "RLIMIT_LOCKS",     [RLIMIT_SIGPENDING] = "RLIMIT_SIGPENDING",
	[RLIMIT_MSGQUEUE] = "RLIMIT_MSGQUEUE", [RLIMIT_NICE] = "RLIMIT_NICE",
	[RLIMIT_RTPRIO] = "RLIMIT_RTPRIO",   [RLIMIT_RTTIME] = "RLIMIT_RTTIME",
};

const char *mr_rlimit_name(int resource)
{
	return resource >= 0 && resource < RLIMIT_NLIMITS ? names[resource] : NULL;
}

/* rlimits and the OOM score, while the process still has its
 * capabilities: raising a hard limit or lowering the OOM score needs
 * CAP_SYS_RESOURCE (in the initial user namespace). */
int mr_process_limits(const struct mr_config *cfg, struct mr_error *err)
{
	for (size_t i = 0; i < cfg->n_rlimits; i++) {
		const struct mr_rlimit *r = &cfg->rlimits[i];
		struct rlimit rl = {(rlim_t)r->soft, (rlim_t)r->hard};
		if (setrlimit(r->resource, &rl) < 0)
			return mr_fail(err, errno, "process.rlimits %s soft %llu hard %llu%s",
			               mr_rlimit_name(r->resource) ?: "?",
			               (unsigned long long)r->soft, (unsigned long long)r->hard,
			               errno == EPERM ? " (raising a hard limit needs CAP_SYS_RESOURCE, which minirun "
			                                "does not have here)" : "");
	}
	if (cfg->set_oom_score_adj) {
		char text[16];
		int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
		int len = snprintf(text, sizeof text, "%d", cfg->oom_score_adj);
		if (fd < 0 || write(fd, text, (size_t)len) != len) {
			int saved = errno;
			if (fd >= 0)
				close(fd);
			return mr_fail(err, saved, "process.oomScoreAdj %d%s", cfg->oom_score_adj,
			               saved == EACCES ? " (lowering it needs CAP_SYS_RESOURCE)" : "");
		}
		close(fd);
	}
	return 0;
}

/* process.terminal: a pty from the container's own devpts becomes the
 * process's stdio and controlling terminal; its master end goes to the
 * engine through the console socket (SCM_RIGHTS), as with runc. */
int mr_process_terminal(const struct mr_config *cfg, struct mr_error *err)
{
	if (!cfg->terminal || cfg->console_socket < 0)
		return 0;
	int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || unlockpt(master) < 0)
		return mr_fail(err, errno, "open a pty in the container's /dev/pts");
	int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	if (slave < 0 || setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		return mr_fail(err, errno, "make the pty the controlling terminal");
	/* /dev/console is the container's terminal too (runc binds it). */
	int console = open("/dev/console", O_CREAT | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (console >= 0) {
		close(console);
		char path[64];
		snprintf(path, sizeof path, "/proc/self/fd/%d", slave);
		mount(path, "/dev/console", NULL, MS_BIND, NULL);
	}
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return mr_fail(err, errno, "make the pty stdio");
	if (slave > 2)
		close(slave);
	char byte = 0;
	struct iovec iov = {&byte, 1};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl = {0};
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &master, sizeof master);
	ssize_t n = sendmsg(cfg->console_socket, &msg, MSG_NOSIGNAL);
	int saved = errno;
	close(master);
	close(cfg->console_socket);
	return n < 0 ? mr_fail(err, saved, "send the pty to the console socket") : 0;
}
