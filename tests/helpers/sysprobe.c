/* sysprobe: make one system call directly with syscall(2) and print what the
 * kernel (or the seccomp filter in front of it) answered: "ok", or the errno
 * name ("EPERM", "ENOSYS", …). A static helper copied into the test rootfs.
 *
 *   sysprobe NAME [VALUE]   NAME from the table below; VALUE (decimal or
 *                           0x hex, 64-bit) replaces the argument that
 *                           probe filters on, where it has one
 *   sysprobe each NAME[=VALUE]...
 *                           several calls, one "NAME RESULT" line each
 *   sysprobe euid           print the effective uid (for setuid tests)
 *
 * The arguments are chosen so that, with no filter and every capability,
 * the call still changes nothing: a bad flag, a missing path, fd -1. That
 * way "not EPERM without the filter" is safe to check even as root.
 * A SIGSYS (SCMP_ACT_TRAP) is reported as "SIGSYS". */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif

static uint64_t value;   /* VALUE from the command line */
static int have_value;

static uint64_t arg_or(uint64_t dflt)
{
	return have_value ? value : dflt;
}

/* fork-like calls: the child exits at once, the parent reaps it. */
static long reap(long pid)
{
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid((pid_t)pid, NULL, 0);
	return pid < 0 ? -1 : 0;
}

static long do_clone(uint64_t flags)
{
	return reap(syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0));
}

/* unshare in a child, so that later probes run in the original
 * namespaces: a user namespace without a uid map would make them fail. */
static long do_unshare(uint64_t flags)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(syscall(SYS_unshare, flags) < 0 ? errno : 0);
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	errno = WEXITSTATUS(status);
	return errno ? -1 : 0;
}

static long do_clone3(void)
{
	struct clone_args a = {.exit_signal = SIGCHLD};
	return reap(syscall(SYS_clone3, &a, sizeof a));
}

static long do_ptrace(void)
{
	/* PTRACE_PEEKDATA on a pid that does not exist: ESRCH when allowed. */
	return syscall(SYS_ptrace, 2 /* PTRACE_PEEKDATA */, 0x7ffffff0, 0, 0);
}

static long call(const char *name)
{
	static char buf[64];
	const char *nowhere = "/nonexistent-minirun-probe";
	if (!strcmp(name, "keyctl"))            /* KEYCTL_GET_KEYRING_ID, session */
		return syscall(SYS_keyctl, 0, -3, 0);
	if (!strcmp(name, "add_key"))           /* no such key type: ENODEV */
		return syscall(SYS_add_key, "minirun-no-type", "d", "x", 1, -2);
	if (!strcmp(name, "request_key"))
		return syscall(SYS_request_key, "user", "minirun-absent", NULL, 0);
	if (!strcmp(name, "bpf"))               /* no such command: EINVAL */
		return syscall(SYS_bpf, 9999, NULL, 0);
	if (!strcmp(name, "perf_event_open"))   /* attr NULL: EFAULT */
		return syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
	if (!strcmp(name, "userfaultfd"))       /* UFFD_USER_MODE_ONLY */
		return syscall(SYS_userfaultfd, 1);
	if (!strcmp(name, "io_uring_setup"))    /* params NULL: EFAULT */
		return syscall(SYS_io_uring_setup, 1, NULL);
	if (!strcmp(name, "io_uring_enter"))
		return syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 0);
	if (!strcmp(name, "io_uring_register"))
		return syscall(SYS_io_uring_register, -1, 0, NULL, 0);
	if (!strcmp(name, "kexec_load"))        /* too many segments, bad flag */
		return syscall(SYS_kexec_load, 0, 1000, NULL, 0x8000);
	if (!strcmp(name, "kexec_file_load"))   /* bad flag: EINVAL */
		return syscall(SYS_kexec_file_load, -1, -1, 0, "", 0x8000);
	if (!strcmp(name, "init_module"))       /* empty image */
		return syscall(SYS_init_module, buf, 0, "");
	if (!strcmp(name, "finit_module"))
		return syscall(SYS_finit_module, -1, "", 0);
	if (!strcmp(name, "delete_module"))
		return syscall(SYS_delete_module, "minirun_absent", O_NONBLOCK);
	if (!strcmp(name, "open_by_handle_at")) /* handle NULL */
		return syscall(SYS_open_by_handle_at, -1, NULL, 0);
	if (!strcmp(name, "swapon"))
		return syscall(SYS_swapon, nowhere, 0);
	if (!strcmp(name, "swapoff"))
		return syscall(SYS_swapoff, nowhere);
	if (!strcmp(name, "pivot_root"))
		return syscall(SYS_pivot_root, nowhere, nowhere);
	if (!strcmp(name, "acct"))
		return syscall(SYS_acct, nowhere);
	if (!strcmp(name, "lookup_dcookie"))
		return syscall(SYS_lookup_dcookie, 0, buf, sizeof buf);
	if (!strcmp(name, "mount"))
		return syscall(SYS_mount, "none", nowhere, "tmpfs", 0, NULL);
	if (!strcmp(name, "ptrace"))
		return do_ptrace();
	if (!strcmp(name, "reboot"))            /* bad magic: EINVAL */
		return syscall(SYS_reboot, 0, 0, 0, NULL);
	if (!strcmp(name, "unshare"))           /* VALUE: the flags */
		return do_unshare(arg_or(CLONE_NEWUSER));
	if (!strcmp(name, "clone"))             /* VALUE: the flags */
		return do_clone(arg_or(CLONE_NEWUSER));
	if (!strcmp(name, "clone3"))
		return do_clone3();
	if (!strcmp(name, "fork"))
		return do_clone(0);
	if (!strcmp(name, "socket")) {          /* VALUE: the family */
		long fd = syscall(SYS_socket, arg_or(AF_ALG), SOCK_SEQPACKET, 0);
		return fd < 0 ? fd : close((int)fd);
	}
	if (!strcmp(name, "personality"))       /* VALUE: the persona */
		return syscall(SYS_personality, arg_or(0x0040000)) < 0 ? -1 : 0;
	if (!strcmp(name, "ioctl"))             /* VALUE: the request, on fd 0 */
		return syscall(SYS_ioctl, 0, arg_or(TIOCSTI), buf);
	if (!strcmp(name, "umask"))             /* VALUE: the mask; JSON tests */
		return syscall(SYS_umask, arg_or(022)) < 0 ? -1 : 0;
	if (!strcmp(name, "getppid"))
		return syscall(SYS_getppid) < 0 ? -1 : 0;
	if (!strcmp(name, "modify_ldt"))        /* read the LDT */
		return syscall(SYS_modify_ldt, 0, buf, sizeof buf) < 0 ? -1 : 0;
	if (!strcmp(name, "sethostname"))
		return syscall(SYS_sethostname, "probe", 5);
	fprintf(stderr, "sysprobe: unknown call %s\n", name);
	exit(2);
}

static void on_sigsys(int sig)
{
	(void)sig;
	static const char msg[] = "SIGSYS\n";
	if (write(1, msg, sizeof msg - 1) < 0)
		_exit(3);
	_exit(0);
}

static const char *result(const char *name, const char *val)
{
	have_value = val != NULL;
	if (val)
		value = strtoull(val, NULL, 0);
	errno = 0;
	if (call(name) >= 0)
		return "ok";
	const char *e = strerrorname_np(errno);
	return e ? e : "E?";
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: sysprobe NAME [VALUE] | each NAME[=VALUE]... | euid\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);  /* lines out before a SIGSYS kill */
	signal(SIGSYS, on_sigsys);
	if (!strcmp(argv[1], "euid")) {
		printf("%d\n", (int)geteuid());
	} else if (!strcmp(argv[1], "each")) {
		for (int i = 2; i < argc; i++) {
			char *eq = strchr(argv[i], '=');
			if (eq)
				*eq++ = 0;
			const char *r = result(argv[i], eq);
			printf("%s %s\n", argv[i], r);
		}
	} else {
		printf("%s\n", result(argv[1], argc > 2 ? argv[2] : NULL));
	}
	return 0;
}
