/* seccomp_default.c: the built-in profile, as tables people can read.
 *
 * An allow-list in the spirit of Docker's default profile: a syscall not
 * named in these tables fails with ENOSYS ("this kernel has no such call"),
 * which is what programs expect for calls newer than their kernel and lets
 * libc fall back to older ones. Syscalls named here but refused fail with
 * EPERM, so that people (and programs) can tell "forbidden" from "absent".
 *
 * Four tables, read top to bottom:
 *   allowed[]  always allowed; the kernel's own permission checks still apply;
 *   gated[]    allowed only when the container holds the capability — the
 *              kernel would refuse most of them anyway, but the filter also
 *              removes their code from the attack surface;
 *   denied[]   EPERM whatever the capabilities;
 *   argrules[] decided on an argument (namespace flags, socket families,
 *              personalities, terminal ioctls).
 *
 * Knowingly left out (ENOSYS), and why:
 *   - modify_ldt: 16-bit segments for DOS emulators; a history of kernel
 *     bugs (CVE-2015-5157, CVE-2017-17053) and no use in containers;
 *   - obsolete calls: uselib, nfsservctl, sysfs, ustat, _sysctl, vm86,
 *     create_module, get_kernel_syms, query_module, bdflush, and the
 *     never-implemented tuxcall, security, vserver, afs_syscall, …;
 *   - 32-bit and x32 entry points: the filter lists only the native
 *     architecture, so an i386 or x32 process is killed at its first
 *     syscall. The i386 socketcall(2) and ipc(2) multiplexers pass their
 *     arguments in memory, where seccomp cannot see them, so the socket
 *     family filters below could not be enforced for them. Load Docker's
 *     profile (--security-opt seccomp=…) to run 32-bit binaries.
 * Syscalls newer than the installed libseccomp cannot be named in a filter
 * yet; they are left out silently and fall to the ENOSYS default. */
#include "mr_seccomp.h"

#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define EPERM_ACT SCMP_ACT_ERRNO(EPERM)

/* ---- always allowed --------------------------------------------------- */

static const struct {
	const char *what;
	const char *names;
} allowed[] = {
	{"processes", "fork vfork execve execveat exit exit_group wait4 waitid "
	 "kill tkill tgkill getpid getppid gettid getpgid getpgrp setpgid getsid "
	 "setsid set_tid_address set_robust_list get_robust_list rseq arch_prctl "
	 "prctl seccomp membarrier restart_syscall pidfd_open pidfd_send_signal "
	 "process_mrelease getrusage times getrlimit setrlimit prlimit64"},
	{"scheduling", "sched_yield sched_getaffinity sched_setaffinity "
	 "sched_getattr sched_setattr sched_getparam sched_setparam "
	 "sched_getscheduler sched_setscheduler sched_get_priority_max "
	 "sched_get_priority_min sched_rr_get_interval getpriority setpriority "
	 "ioprio_get ioprio_set getcpu"},
	{"identity (the kernel checks CAP_SETUID, CAP_SETGID, CAP_SETPCAP)",
	 "getuid geteuid getgid getegid getresuid getresgid getgroups setuid "
	 "setgid setreuid setregid setresuid setresgid setfsuid setfsgid "
	 "setgroups capget capset"},
	{"signals", "rt_sigaction rt_sigprocmask rt_sigreturn rt_sigsuspend "
	 "rt_sigpending rt_sigtimedwait rt_sigqueueinfo rt_tgsigqueueinfo "
	 "sigaltstack signalfd signalfd4 pause alarm"},
	{"memory", "brk mmap munmap mremap mprotect madvise mincore mlock mlock2 "
	 "munlock mlockall munlockall msync remap_file_pages memfd_create "
	 "memfd_secret pkey_alloc pkey_free pkey_mprotect map_shadow_stack"},
	{"threads and futexes", "futex futex_waitv futex_wake futex_wait "
	 "futex_requeue set_thread_area get_thread_area"},
	{"time (setting the clock is gated)", "clock_gettime clock_getres "
	 "clock_nanosleep nanosleep gettimeofday time adjtimex clock_adjtime "
	 "getitimer setitimer timer_create timer_delete timer_getoverrun "
	 "timer_gettime timer_settime timerfd_create timerfd_gettime "
	 "timerfd_settime"},
	{"file I/O", "open openat openat2 creat close close_range read write readv "
	 "writev pread64 pwrite64 preadv pwritev preadv2 pwritev2 lseek dup dup2 "
	 "dup3 fcntl flock fsync fdatasync sync syncfs sync_file_range fallocate "
	 "fadvise64 readahead sendfile splice tee vmsplice copy_file_range "
	 "ftruncate truncate cachestat pipe pipe2"},
	{"file metadata and directories", "stat fstat lstat newfstatat statx "
	 "statfs fstatfs access faccessat faccessat2 chmod fchmod fchmodat "
	 "fchmodat2 chown fchown lchown fchownat umask utime utimes utimensat "
	 "futimesat getcwd chdir fchdir mkdir mkdirat rmdir rename renameat "
	 "renameat2 link linkat symlink symlinkat unlink unlinkat readlink "
	 "readlinkat mknod mknodat getdents getdents64 name_to_handle_at"},
	{"extended attributes", "getxattr lgetxattr fgetxattr setxattr lsetxattr "
	 "fsetxattr listxattr llistxattr flistxattr removexattr lremovexattr "
	 "fremovexattr getxattrat setxattrat listxattrat removexattrat"},
	{"waiting for events", "select pselect6 poll ppoll epoll_create "
	 "epoll_create1 epoll_ctl epoll_wait epoll_pwait epoll_pwait2 eventfd "
	 "eventfd2 inotify_init inotify_init1 inotify_add_watch inotify_rm_watch "
	 "fanotify_mark"},
	{"asynchronous I/O (not io_uring)", "io_setup io_destroy io_submit "
	 "io_cancel io_getevents io_pgetevents"},
	{"sockets (socket() itself is filtered by family)", "socketpair bind "
	 "listen accept accept4 connect getsockname getpeername getsockopt "
	 "setsockopt sendto recvfrom sendmsg recvmsg sendmmsg recvmmsg shutdown"},
	{"System V and POSIX IPC (namespaced)", "shmget shmat shmdt shmctl "
	 "semget semop semtimedop semctl msgget msgsnd msgrcv msgctl mq_open "
	 "mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr"},
	{"system information and self-sandboxing", "uname sysinfo getrandom "
	 "landlock_create_ruleset landlock_add_rule landlock_restrict_self"},
};

/* ---- allowed only with a capability, EPERM without -------------------- */

static const struct {
	int cap;
	const char *names;
	const char *why;
} gated[] = {
	{CAP_SYS_ADMIN, "mount umount2 fsopen fsconfig fsmount fspick move_mount "
	 "open_tree mount_setattr setns sethostname setdomainname quotactl "
	 "quotactl_fd fanotify_init",
	 "mounts, joining namespaces, the host name: minirun set these up already"},
	{CAP_SYS_PTRACE, "ptrace process_vm_readv process_vm_writev kcmp "
	 "pidfd_getfd process_madvise",
	 "read or change another process's memory"},
	{CAP_SYS_BOOT, "reboot", "reboot or halt the kernel"},
	{CAP_SYS_CHROOT, "chroot", "change the root directory"},
	{CAP_SYS_MODULE, "init_module finit_module delete_module",
	 "load kernel modules: code in the host kernel"},
	{CAP_SYS_PACCT, "acct", "process accounting is host-wide"},
	{CAP_DAC_READ_SEARCH, "open_by_handle_at",
	 "opens files by handle outside the container's root (the 2014 \"shocker\" escape)"},
	{CAP_SYS_RAWIO, "iopl ioperm", "raw I/O port access"},
	{CAP_SYS_TIME, "settimeofday clock_settime",
	 "the clock is not namespaced: this sets the host's"},
	{CAP_SYS_TTY_CONFIG, "vhangup", "hang up the terminal"},
	{CAP_SYS_NICE, "mbind set_mempolicy get_mempolicy set_mempolicy_home_node "
	 "migrate_pages move_pages", "NUMA memory placement, also of other processes"},
	{CAP_SYSLOG, "syslog", "the kernel log leaks kernel addresses"},
	{CAP_BPF, "bpf", "eBPF runs code in the kernel: a frequent source of exploits"},
	{CAP_PERFMON, "perf_event_open",
	 "observes the whole system; side channels and many kernel bugs"},
};

/* ---- EPERM whatever the capabilities ---------------------------------- */

static const struct {
	const char *names;
	const char *why;
} denied[] = {
	{"keyctl add_key request_key",
	 "the kernel keyring is not namespaced: keys would be shared with the host"},
	{"userfaultfd", "stalls kernel page faults: a standard exploit primitive for races"},
	{"io_uring_setup io_uring_enter io_uring_register",
	 "a large attack surface whose operations bypass seccomp"},
	{"kexec_load kexec_file_load", "replaces the running kernel"},
	{"swapon swapoff", "swap is host-wide"},
	{"pivot_root", "minirun fixed the container's root; it must not move again"},
	{"lookup_dcookie", "oprofile's interface; leaks kernel paths"},
};

/* ---- decided on an argument ------------------------------------------- */

/* Every namespace flag: a new namespace of any kind is the first step of
 * many escapes (a user namespace grants a full capability set inside it:
 * CVE-2022-0492, CVE-2022-0185). CLONE_NEWTIME is unshare-only: for clone
 * the low byte is the exit signal. */
#define NS_CLONE (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | \
                  CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)
#define NS_UNSHARE (NS_CLONE | CLONE_NEWTIME)

/* A rule on one argument (none if cond.op is 0); with capability `unless`
 * held the syscall is instead allowed outright. */
struct argrule {
	const char *name;
	int unless;
	uint32_t action;
	struct mr_sc_cond cond;
	const char *why;
};

#define FLAG(sys, flag) {sys, CAP_SYS_ADMIN, EPERM_ACT, \
	{0, SCMP_CMP_MASKED_EQ, flag, flag}, #flag ": a new namespace needs CAP_SYS_ADMIN"}
#define NS_RULES(sys, mask) \
	FLAG(sys, CLONE_NEWUSER), FLAG(sys, CLONE_NEWNS), FLAG(sys, CLONE_NEWPID), \
	FLAG(sys, CLONE_NEWNET), FLAG(sys, CLONE_NEWUTS), FLAG(sys, CLONE_NEWIPC), \
	FLAG(sys, CLONE_NEWCGROUP), \
	{sys, CAP_SYS_ADMIN, SCMP_ACT_ALLOW, {0, SCMP_CMP_MASKED_EQ, mask, 0}, \
	 "no namespace flag: processes and threads"}
/* personality(2) values that change nothing dangerous: PER_LINUX,
 * PER_LINUX32, UNAME26 and both, and 0xffffffff (query). Others, such as
 * ADDR_NO_RANDOMIZE and READ_IMPLIES_EXEC, switch off ASLR or NX. */
#define PERSONA(v) {"personality", -1, SCMP_ACT_ALLOW, {0, SCMP_CMP_EQ, v, 0}, \
	"a harmless personality"}
/* ioctl's request is an unsigned int: the kernel ignores the upper 32 bits,
 * so the filter must too (mask), or TIOCSTI | 1 << 32 would slip past it
 * (CVE-2019-10063 in flatpak). */
#define IOCTL(req, why) {"ioctl", -1, EPERM_ACT, \
	{1, SCMP_CMP_MASKED_EQ, 0xffffffffU, req}, #req ": " why}

static const struct argrule argrules[] = {
	NS_RULES("clone", NS_CLONE),
	NS_RULES("unshare", NS_UNSHARE),
	FLAG("unshare", CLONE_NEWTIME),
	/* clone3 passes its flags in memory, which seccomp cannot read: make
	 * it "not implemented" so glibc falls back to the filterable clone. */
	{"clone3", CAP_SYS_ADMIN, SCMP_ACT_ERRNO(ENOSYS), {0},
	 "flags in memory, unfilterable: glibc falls back to clone"},
	/* Families compared as exact 64-bit values: a family with high bits
	 * set matches neither rule and falls to ENOSYS, never to ALLOW. */
	{"socket", -1, EPERM_ACT, {0, SCMP_CMP_EQ, AF_ALG, 0},
	 "AF_ALG: the kernel crypto API, a long list of CVEs (CVE-2021-3609…)"},
	{"socket", -1, EPERM_ACT, {0, SCMP_CMP_EQ, AF_VSOCK, 0},
	 "AF_VSOCK: talks to the hypervisor (CVE-2021-26708)"},
	{"socket", -1, SCMP_ACT_ALLOW, {0, SCMP_CMP_LE, 0xffffffffU, 0},
	 "every other address family"},
	PERSONA(0), PERSONA(8), PERSONA(0x20000), PERSONA(0x20008),
	PERSONA(0xffffffffU),
	{"personality", -1, EPERM_ACT, {0, SCMP_CMP_GE, 0, 0},
	 "any other personality (ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC…)"},
	IOCTL(TIOCSTI, "pushes input into the terminal (CVE-2017-5226)"),
	IOCTL(TIOCLINUX, "can also push input into a virtual console (CVE-2023-1523)"),
	/* libseccomp tests higher argument numbers first, so this catch-all on
	 * argument 0 comes after the TIOCSTI checks on argument 1. */
	{"ioctl", -1, SCMP_ACT_ALLOW, {0, SCMP_CMP_GE, 0, 0}, "every other request"},
};

/* ---- turning the tables into rules ------------------------------------ */

static bool has_cap(uint64_t caps, int cap)
{
	return cap >= 0 && cap < 64 && (caps >> cap & 1);
}

/* Add one rule per name in the space-separated `names`. */
static int add_names(struct mr_sc_profile *p, const char *names, uint32_t action,
                     int cap, const char *why, const char *origin,
                     struct mr_error *err)
{
	char name[64];
	for (const char *s = names; *s;) {
		size_t n = strcspn(s, " ");
		if (n > 0 && n < sizeof name) {
			memcpy(name, s, n);
			name[n] = 0;
			struct mr_sc_rule r = {.name = name, .action = action, .cap = cap,
			                       .why = (char *)why, .origin = (char *)origin};
			/* Named syscalls newer than this libseccomp: the filter's
			 * ENOSYS default already covers them. */
			int rc = seccomp_syscall_resolve_name(name) == __NR_SCMP_ERROR
			         ? mr_sc_profile_skip(p, name, err)
			         : mr_sc_profile_add(p, &r, err);
			if (rc < 0)
				return -1;
		}
		s += n;
		s += strspn(s, " ");
	}
	return 0;
}

static int add_argrule(struct mr_sc_profile *p, const struct argrule *a,
                       uint64_t caps, struct mr_error *err)
{
	if (has_cap(caps, a->unless)) {
		if (mr_sc_profile_find(p, a->name))
			return 0;
		return add_names(p, a->name, SCMP_ACT_ALLOW, a->unless,
		                 "allowed outright with the capability", "argrules[]", err);
	}
	struct mr_sc_rule r = {.name = (char *)a->name, .action = a->action,
	                       .n_conds = a->cond.op ? 1 : 0, .conds = {a->cond}, .cap = -1,
	                       .why = (char *)a->why, .origin = "argrules[]"};
	if (a->unless >= 0 && a->action != SCMP_ACT_ALLOW)
		r.cap = a->unless;
	return mr_sc_profile_add(p, &r, err);
}

int mr_seccomp_default(struct mr_sc_profile *p, uint64_t caps,
                       struct mr_error *err)
{
	mr_sc_profile_init(p, "built-in default", SCMP_ACT_ERRNO(ENOSYS), caps);
	for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
		if (add_names(p, allowed[i].names, SCMP_ACT_ALLOW, -1, allowed[i].what,
		              "allowed[]", err) < 0)
			return -1;
	for (size_t i = 0; i < sizeof gated / sizeof *gated; i++) {
		bool held = has_cap(caps, gated[i].cap);
		if (add_names(p, gated[i].names, held ? SCMP_ACT_ALLOW : EPERM_ACT,
		              gated[i].cap, gated[i].why, "gated[]", err) < 0)
			return -1;
	}
	for (size_t i = 0; i < sizeof denied / sizeof *denied; i++)
		if (add_names(p, denied[i].names, EPERM_ACT, -1, denied[i].why,
		              "denied[]", err) < 0)
			return -1;
	for (size_t i = 0; i < sizeof argrules / sizeof *argrules; i++)
		if (add_argrule(p, &argrules[i], caps, err) < 0)
			return -1;
	return 0;
}
