/* Unit tests for lib/seccomp*.c: the rule table, the JSON loader, and the
 * compiled filter as the kernel enforces it (each check forks a child that
 * loads the filter and makes one syscall). */
#include "mr_seccomp.h"

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define CAP(c) (UINT64_C(1) << (c))
#define EPERM_ACT SCMP_ACT_ERRNO(EPERM)

/* ---- helpers ---------------------------------------------------------- */

static struct mr_seccomp *compile_default(uint64_t caps)
{
	struct mr_sc_profile p;
	struct mr_seccomp *f = NULL;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_seccomp_default(&p, caps, &err), 0, "%s", err.msg);
	cr_assert_eq(mr_seccomp_compile(&p, &f, &err), 0, "%s", err.msg);
	mr_sc_profile_free(&p);
	return f;
}

/* Load a profile from JSON text; returns the loader's result. */
static int load_text(struct mr_sc_profile *p, const char *text, uint64_t caps,
                     struct mr_error *err)
{
	json_error_t je;
	json_t *root = json_loads(text, 0, &je);
	cr_assert(root, "test JSON is malformed: %s", je.text);
	int rc = mr_seccomp_load_json(p, root, "test", caps, err);
	json_decref(root);
	return rc;
}

static const struct mr_sc_rule *only_rule(const struct mr_sc_profile *p,
                                          const char *name)
{
	const struct mr_sc_rule *found = NULL;
	for (size_t i = 0; i < p->n_rules; i++) {
		if (!strcmp(p->rules[i].name, name)) {
			cr_assert_null(found, "two rules for %s", name);
			found = &p->rules[i];
		}
	}
	cr_assert_not_null(found, "no rule for %s", name);
	return found;
}

/* In a child that has set no_new_privs and loaded f, make syscall nr with
 * the first four args a; return 0 if it succeeded, the errno otherwise, 1000+N if the
 * child died by signal N. */
static int errno_under(const struct mr_seccomp *f, long nr, const uint64_t a[4])
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &f->prog))
			_exit(250);
		long rc = syscall(nr, a[0], a[1], a[2], a[3], 0, 0);
		if (rc == 0 && (nr == SYS_clone || nr == SYS_clone3))
			_exit(0);  /* the new child */
		_exit(rc < 0 ? errno : 0);
	}
	int status;
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	cr_assert_neq(WEXITSTATUS(status), 250, "the child could not load the filter");
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return WEXITSTATUS(status);
}

#define SYS(nr, ...) errno_under(f, nr, (const uint64_t[4]){__VA_ARGS__})
#define SYS0(nr) errno_under(f, nr, (const uint64_t[4]){0})

/* The reference profiles, beside the repository: <root>/../shared/… */
static const char *reference_dir(void)
{
	static char dir[PATH_MAX + 64];
	const char *env = getenv("MINIRUN_SECCOMP_REFERENCE");
	if (env && *env) {
		snprintf(dir, sizeof dir, "%s", env);
	} else {
		/* __FILE__ is <root>/tests/unit/test_seccomp.c, maybe relative
		 * to the build directory, which meson test runs us in. */
		char src[PATH_MAX];
		snprintf(src, sizeof src, "%s", __FILE__);
		char *cut = strstr(src, "tests/unit/test_seccomp.c");
		if (!cut)
			return NULL;
		*cut = 0;
		snprintf(dir, sizeof dir, "%s%s../shared/reference/seccomp", src,
		         *src ? "" : "./");
	}
	return access(dir, R_OK) == 0 ? dir : NULL;
}

static void load_reference(struct mr_sc_profile *p, const char *file, uint64_t caps)
{
	const char *dir = reference_dir();
	if (!dir)
		cr_skip_test("../shared/reference/seccomp is absent");
	char path[PATH_MAX + 128];
	snprintf(path, sizeof path, "%s/%s", dir, file);
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_seccomp_load_file(p, path, caps, &err), 0, "%s", err.msg);
}

/* ---- the built-in table ------------------------------------------------ */

Test(default_table, compiles_to_a_kernel_sized_program)
{
	struct mr_seccomp *f = compile_default(0);
	cr_assert_gt(f->prog.len, 100);
	cr_assert_leq(f->prog.len, BPF_MAXINSNS);
	mr_seccomp_free(f);
	f = compile_default(~UINT64_C(0));
	cr_assert_gt(f->prog.len, 100);
	mr_seccomp_free(f);
}

/* A launch without capabilities uses the filter compiled at build time
 * (seccomp_prepare.c); it must be exactly what compiling now gives. */
Test(default_table, build_time_filter_equals_a_fresh_compile)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	mr_config_init(&cfg);
	cr_assert_eq(mr_seccomp_prepare(&cfg, &err), 0, "%s", err.msg);
	struct mr_sc_profile p;
	struct mr_seccomp *fresh = NULL;
	cr_assert_eq(mr_seccomp_default(&p, 0, &err), 0, "%s", err.msg);
	cr_assert_eq(mr_seccomp_compile(&p, &fresh, &err), 0, "%s", err.msg);
	cr_assert_eq(cfg.seccomp->prog.len, fresh->prog.len);
	cr_expect_eq(memcmp(cfg.seccomp->prog.filter, fresh->prog.filter,
	                    fresh->prog.len * sizeof *fresh->prog.filter), 0);
	cr_expect_eq(cfg.seccomp->flags, fresh->flags);
	mr_seccomp_free(fresh);
	mr_sc_profile_free(&p);
	mr_config_free(&cfg);
}

Test(default_table, denies_the_issue_list_with_eperm)
{
	static const char *const names[] = {
		"keyctl", "add_key", "request_key", "bpf", "perf_event_open",
		"userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
		"kexec_load", "kexec_file_load", "init_module", "finit_module",
		"delete_module", "open_by_handle_at", "swapon", "swapoff",
		"pivot_root", "acct", "lookup_dcookie", "mount", "umount2", "setns",
		"ptrace", "reboot",
	};
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_seccomp_default(&p, 0, &err), 0);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const struct mr_sc_rule *r = mr_sc_profile_find(&p, names[i]);
		cr_assert_not_null(r, "%s is not in the table", names[i]);
		cr_assert_eq(r->action, EPERM_ACT, "%s is not EPERM", names[i]);
	}
	cr_assert_eq(p.default_action, SCMP_ACT_ERRNO(ENOSYS));
	cr_assert_eq(p.n_arches, 0, "the default filter is native-only");
	mr_sc_profile_free(&p);
}

Test(default_table, a_capability_unlocks_its_syscalls)
{
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_seccomp_default(&p, CAP(CAP_SYS_ADMIN) | CAP(CAP_SYS_PTRACE), &err), 0);
	cr_assert_eq(mr_sc_profile_find(&p, "mount")->action, SCMP_ACT_ALLOW);
	cr_assert_eq(mr_sc_profile_find(&p, "mount")->cap, CAP_SYS_ADMIN);
	cr_assert_eq(mr_sc_profile_find(&p, "ptrace")->action, SCMP_ACT_ALLOW);
	cr_assert_eq(mr_sc_profile_find(&p, "reboot")->action, EPERM_ACT);
	cr_assert_eq(mr_sc_profile_find(&p, "reboot")->cap, CAP_SYS_BOOT);
	/* with CAP_SYS_ADMIN, clone and unshare lose their flag filters */
	cr_assert_eq(only_rule(&p, "unshare")->n_conds, 0);
	cr_assert_eq(only_rule(&p, "clone")->action, SCMP_ACT_ALLOW);
	cr_assert_eq(only_rule(&p, "clone3")->action, SCMP_ACT_ALLOW);
	mr_sc_profile_free(&p);
}

Test(default_table, every_allowed_name_is_known_to_libseccomp_or_listed_as_skipped)
{
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_seccomp_default(&p, 0, &err), 0);
	for (size_t i = 0; i < p.n_rules; i++)
		cr_assert_neq(seccomp_syscall_resolve_name(p.rules[i].name), __NR_SCMP_ERROR,
		              "%s", p.rules[i].name);
	for (size_t i = 0; i < p.n_skipped; i++)
		cr_assert_eq(seccomp_syscall_resolve_name(p.skipped[i]), __NR_SCMP_ERROR);
	cr_assert_gt(p.n_rules, 250);
	mr_sc_profile_free(&p);
}

/* ---- the built-in filter, enforced by the kernel ------------------------ */

Test(default_filter, denied_calls_get_eperm)
{
	struct mr_seccomp *f = compile_default(0);
	cr_expect_eq(SYS(SYS_keyctl, 0, (uint64_t)-3), EPERM);
	cr_expect_eq(SYS(SYS_add_key, 0), EPERM);
	cr_expect_eq(SYS(SYS_bpf, 9999), EPERM);
	cr_expect_eq(SYS(SYS_userfaultfd, 1), EPERM);
	cr_expect_eq(SYS(SYS_io_uring_setup, 1), EPERM);
	cr_expect_eq(SYS(SYS_mount, 0), EPERM);
	cr_expect_eq(SYS(SYS_pivot_root, 0), EPERM);
	mr_seccomp_free(f);
}

Test(default_filter, namespace_flags_are_denied_other_flags_allowed)
{
	struct mr_seccomp *f = compile_default(0);
	cr_expect_eq(SYS(SYS_unshare, CLONE_NEWUSER), EPERM);
	cr_expect_eq(SYS(SYS_unshare, CLONE_NEWUTS | CLONE_FILES), EPERM);
	cr_expect_eq(SYS(SYS_unshare, CLONE_NEWTIME), EPERM);
	cr_expect_eq(SYS(SYS_unshare, CLONE_NEWNET | (UINT64_C(1) << 40)), EPERM);
	cr_expect_eq(SYS(SYS_unshare, CLONE_FILES), 0);
	cr_expect_eq(SYS(SYS_clone, CLONE_NEWUSER | SIGCHLD), EPERM);
	cr_expect_eq(SYS(SYS_clone, CLONE_NEWPID | SIGCHLD), EPERM);
	cr_expect_eq(SYS(SYS_clone, SIGCHLD), 0, "a plain fork must work");
	cr_expect_eq(SYS(SYS_clone3, 0), ENOSYS);
	mr_seccomp_free(f);
}

Test(default_filter, socket_families)
{
	struct mr_seccomp *f = compile_default(0);
	cr_expect_eq(SYS(SYS_socket, AF_ALG, SOCK_SEQPACKET), EPERM);
	cr_expect_eq(SYS(SYS_socket, AF_VSOCK, SOCK_STREAM), EPERM);
	cr_expect_eq(SYS(SYS_socket, AF_UNIX, SOCK_STREAM), 0);
	cr_expect_eq(SYS(SYS_socket, AF_INET, SOCK_DGRAM), 0);
	/* the kernel reads the family as an int: high bits must not smuggle
	 * AF_ALG past the filter */
	cr_expect_eq(SYS(SYS_socket, AF_ALG | (UINT64_C(1) << 32), SOCK_SEQPACKET), ENOSYS);
	mr_seccomp_free(f);
}

Test(default_filter, personality_only_harmless_values)
{
	struct mr_seccomp *f = compile_default(0);
	cr_expect_eq(SYS(SYS_personality, 0xffffffff), 0);
	cr_expect_eq(SYS(SYS_personality, 0), 0);
	cr_expect_eq(SYS(SYS_personality, 0x0040000 /* ADDR_NO_RANDOMIZE */), EPERM);
	cr_expect_eq(SYS(SYS_personality, 0x0400000 /* READ_IMPLIES_EXEC */), EPERM);
	cr_expect_eq(SYS(SYS_personality, UINT64_C(1) << 32), EPERM);
	mr_seccomp_free(f);
}

Test(default_filter, tiocsti_denied_other_ioctls_pass)
{
	struct mr_seccomp *f = compile_default(0);
	int fd = open("/dev/null", O_RDWR);
	cr_assert_geq(fd, 0);
	cr_expect_eq(SYS(SYS_ioctl, (uint64_t)fd, TIOCSTI), EPERM);
	cr_expect_eq(SYS(SYS_ioctl, (uint64_t)fd, TIOCSTI | (UINT64_C(1) << 32)), EPERM);
	cr_expect_eq(SYS(SYS_ioctl, (uint64_t)fd, TIOCLINUX), EPERM);
	cr_expect_eq(SYS(SYS_ioctl, (uint64_t)fd, TCGETS), ENOTTY);
	/* musl sign-extends the request: 0x80045430 arrives with high bits */
	cr_expect_eq(SYS(SYS_ioctl, (uint64_t)fd, UINT64_C(0xffffffff80045430)), ENOTTY);
	close(fd);
	mr_seccomp_free(f);
}

Test(default_filter, unknown_syscalls_get_enosys_and_basics_work)
{
	struct mr_seccomp *f = compile_default(0);
	cr_expect_eq(SYS0(SYS_modify_ldt), ENOSYS);
	cr_expect_eq(SYS0(SYS_getpid), 0);
	cr_expect_eq(SYS(SYS_capget, 0), EFAULT);
	mr_seccomp_free(f);
}

Test(default_filter, sys_admin_unlocks_unshare)
{
	struct mr_seccomp *f = compile_default(CAP(CAP_SYS_ADMIN));
	/* allowed by the filter: now the kernel decides (EPERM only if this
	 * test itself lacks CAP_SYS_ADMIN, so compare with a filterless run) */
	int expect = getuid() == 0 ? 0 : EPERM;
	cr_expect_eq(SYS(SYS_unshare, CLONE_NEWUTS), expect);
	cr_expect_eq(SYS(SYS_socket, AF_ALG, SOCK_SEQPACKET) == EPERM, 1,
	             "AF_ALG stays denied whatever the capabilities");
	mr_seccomp_free(f);
}

/* ---- JSON profiles: what each field turns into --------------------------- */

Test(json, actions_and_errno)
{
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	int rc = load_text(&p,
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 38, \"syscalls\": ["
		" {\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},"
		" {\"names\": [\"write\"], \"action\": \"SCMP_ACT_ERRNO\"},"
		" {\"names\": [\"open\"], \"action\": \"SCMP_ACT_ERRNO\", \"errnoRet\": 13},"
		" {\"names\": [\"close\"], \"action\": \"SCMP_ACT_KILL\"},"
		" {\"names\": [\"dup\"], \"action\": \"SCMP_ACT_KILL_PROCESS\"},"
		" {\"names\": [\"dup2\"], \"action\": \"SCMP_ACT_KILL_THREAD\"},"
		" {\"names\": [\"pipe\"], \"action\": \"SCMP_ACT_TRAP\"},"
		" {\"names\": [\"getpid\"], \"action\": \"SCMP_ACT_TRACE\", \"errnoRet\": 7},"
		" {\"name\": \"getuid\", \"action\": \"SCMP_ACT_LOG\"}]}", 0, &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_expect_eq(p.default_action, SCMP_ACT_ERRNO(38));
	cr_expect_eq(only_rule(&p, "read")->action, SCMP_ACT_ALLOW);
	cr_expect_eq(only_rule(&p, "write")->action, SCMP_ACT_ERRNO(EPERM));
	cr_expect_eq(only_rule(&p, "open")->action, SCMP_ACT_ERRNO(13));
	cr_expect_eq(only_rule(&p, "close")->action, SCMP_ACT_KILL_THREAD);
	cr_expect_eq(only_rule(&p, "dup")->action, SCMP_ACT_KILL_PROCESS);
	cr_expect_eq(only_rule(&p, "dup2")->action, SCMP_ACT_KILL_THREAD);
	cr_expect_eq(only_rule(&p, "pipe")->action, SCMP_ACT_TRAP);
	cr_expect_eq(only_rule(&p, "getpid")->action, SCMP_ACT_TRACE(7));
	cr_expect_eq(only_rule(&p, "getuid")->action, SCMP_ACT_LOG);
	struct mr_seccomp *f = NULL;
	cr_expect_eq(mr_seccomp_compile(&p, &f, &err), 0, "%s", err.msg);
	mr_seccomp_free(f);
	mr_sc_profile_free(&p);
}

Test(json, operators_and_masked_eq)
{
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	static const struct { const char *op; enum scmp_compare cmp; } ops[] = {
		{"SCMP_CMP_NE", SCMP_CMP_NE}, {"SCMP_CMP_LT", SCMP_CMP_LT},
		{"SCMP_CMP_LE", SCMP_CMP_LE}, {"SCMP_CMP_EQ", SCMP_CMP_EQ},
		{"SCMP_CMP_GE", SCMP_CMP_GE}, {"SCMP_CMP_GT", SCMP_CMP_GT},
		{"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
	};
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
		char text[512];
		snprintf(text, sizeof text,
		         "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
		         "[\"umask\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 2, "
		         "\"value\": 4294967296, \"valueTwo\": 5, \"op\": \"%s\"}]}]}", ops[i].op);
		cr_assert_eq(load_text(&p, text, 0, &err), 0, "%s", err.msg);
		const struct mr_sc_rule *r = only_rule(&p, "umask");
		cr_expect_eq(r->n_conds, 1);
		cr_expect_eq(r->conds[0].op, ops[i].cmp, "%s", ops[i].op);
		cr_expect_eq(r->conds[0].index, 2);
		cr_expect_eq(r->conds[0].value, UINT64_C(4294967296));
		cr_expect_eq(r->conds[0].value2, 5);
		mr_sc_profile_free(&p);
	}
}

Test(json, includes_and_excludes_by_caps_arches_kernel)
{
	const char *text =
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"syscalls\": ["
		" {\"names\": [\"mount\"], \"action\": \"SCMP_ACT_ALLOW\","
		"  \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},"
		" {\"names\": [\"umount2\"], \"action\": \"SCMP_ACT_ALLOW\","
		"  \"includes\": {\"caps\": [\"CAP_SYS_ADMIN\", \"CAP_SYS_BOOT\"]}},"
		" {\"names\": [\"unshare\"], \"action\": \"SCMP_ACT_ALLOW\","
		"  \"excludes\": {\"caps\": [\"CAP_SYS_ADMIN\"]}},"
		" {\"names\": [\"arch_prctl\"], \"action\": \"SCMP_ACT_ALLOW\","
		"  \"includes\": {\"arches\": [\"amd64\", \"x32\"]}},"
		" {\"names\": [\"chown\"], \"action\": \"SCMP_ACT_ALLOW\","
		"  \"includes\": {\"arches\": [\"arm64\"]}},"
		" {\"names\": [\"fchown\"], \"action\": \"SCMP_ACT_ALLOW\","
		"  \"excludes\": {\"arches\": [\"amd64\"]}},"
		" {\"names\": [\"ptrace\"], \"action\": \"SCMP_ACT_ALLOW\","
		"  \"includes\": {\"minKernel\": \"3.0\"}},"
		" {\"names\": [\"kcmp\"], \"action\": \"SCMP_ACT_ALLOW\","
		"  \"includes\": {\"minKernel\": \"99.0\"}}]}";
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(load_text(&p, text, CAP(CAP_SYS_ADMIN), &err), 0, "%s", err.msg);
	cr_expect_not_null(mr_sc_profile_find(&p, "mount"));
	cr_expect_eq(mr_sc_profile_find(&p, "mount")->cap, CAP_SYS_ADMIN);
	cr_expect_null(mr_sc_profile_find(&p, "umount2"), "needs both caps");
	cr_expect_null(mr_sc_profile_find(&p, "unshare"));
	cr_expect_not_null(mr_sc_profile_find(&p, "ptrace"), "minKernel 3.0");
	cr_expect_null(mr_sc_profile_find(&p, "kcmp"), "minKernel 99.0");
	if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
		cr_expect_not_null(mr_sc_profile_find(&p, "arch_prctl"));
		cr_expect_null(mr_sc_profile_find(&p, "chown"));
		cr_expect_null(mr_sc_profile_find(&p, "fchown"));
	}
	mr_sc_profile_free(&p);
	cr_assert_eq(load_text(&p, text, 0, &err), 0, "%s", err.msg);
	cr_expect_null(mr_sc_profile_find(&p, "mount"));
	cr_expect_not_null(mr_sc_profile_find(&p, "unshare"));
	mr_sc_profile_free(&p);
}

Test(json, arch_map_takes_the_native_entry)
{
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(load_text(&p,
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"archMap\": ["
		" {\"architecture\": \"SCMP_ARCH_AARCH64\", \"subArchitectures\": [\"SCMP_ARCH_ARM\"]},"
		" {\"architecture\": \"SCMP_ARCH_X86_64\", \"subArchitectures\": [\"SCMP_ARCH_X86\", \"SCMP_ARCH_X32\"]},"
		" {\"architecture\": \"SCMP_ARCH_LOONGARCH64\", \"subArchitectures\": null}]}",
		0, &err), 0, "%s", err.msg);
	if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
		cr_expect_eq(p.n_arches, 2);
		cr_expect_eq(p.arches[0], SCMP_ARCH_X86);
		cr_expect_eq(p.arches[1], SCMP_ARCH_X32);
	}
	mr_sc_profile_free(&p);
	cr_expect_eq(load_text(&p, "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
	             "\"architectures\": [\"SCMP_ARCH_X86\"], \"archMap\": [{\"architecture\":"
	             "\"SCMP_ARCH_X86_64\"}]}", 0, &err), -1);
	cr_expect(strstr(err.msg, "not both"), "%s", err.msg);
	mr_sc_profile_free(&p);
	cr_expect_eq(load_text(&p, "{\"defaultAction\": \"SCMP_ACT_ERRNO\","
	             "\"architectures\": [\"SCMP_ARCH_PDP11\"]}", 0, &err), -1);
	cr_expect(strstr(err.msg, "architectures[0]") && strstr(err.msg, "PDP11"), "%s", err.msg);
	mr_sc_profile_free(&p);
}

Test(json, conditions_on_one_argument_become_separate_rules)
{
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(load_text(&p,
		"{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"umask\"],"
		" \"action\": \"SCMP_ACT_ERRNO\", \"args\": ["
		"  {\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_EQ\"},"
		"  {\"index\": 0, \"value\": 2, \"op\": \"SCMP_CMP_EQ\"}]}]}", 0, &err), 0);
	cr_expect_eq(p.n_rules, 2);
	cr_expect_eq(p.rules[0].conds[0].value, 1);
	cr_expect_eq(p.rules[1].conds[0].value, 2);
	mr_sc_profile_free(&p);
}

/* ---- JSON profiles: errors that teach --------------------------------- */

static void expect_error(const char *text, const char *part1, const char *part2)
{
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	cr_expect_eq(load_text(&p, text, 0, &err), -1);
	cr_expect_eq(err.exit_code, MR_EXIT_RUNTIME);
	cr_expect(strstr(err.msg, part1) && strstr(err.msg, part2), "%s", err.msg);
	mr_sc_profile_free(&p);
}

Test(json_errors, unknown_action_names_it_and_its_path)
{
	expect_error("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
	             "{\"names\": [\"read\"], \"action\": \"SCMP_ACT_ALLOW\"},"
	             "{\"names\": [\"write\"], \"action\": \"SCMP_ACT_DENY\"}]}",
	             "syscalls[1].action", "SCMP_ACT_DENY");
	expect_error("{\"defaultAction\": \"SCMP_ACT_NOPE\"}", "defaultAction", "SCMP_ACT_NOPE");
	expect_error("{\"syscalls\": []}", "defaultAction", "missing");
}

Test(json_errors, unknown_operator_names_it_and_its_path)
{
	expect_error("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
	             "[\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0,"
	             "\"value\": 1, \"op\": \"SCMP_CMP_ABOUT\"}]}]}",
	             "syscalls[0].args[0].op", "SCMP_CMP_ABOUT");
}

Test(json_errors, notify_is_not_supported)
{
	expect_error("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
	             "[\"read\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}", "syscalls[0].action",
	             "not supported");
}

Test(json_errors, bad_types_and_ranges)
{
	expect_error("[1, 2]", "(top level)", "JSON object");
	expect_error("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
	             "\"read\", \"action\": \"SCMP_ACT_ALLOW\"}]}", "syscalls[0]", "array");
	expect_error("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"name\": "
	             "\"read\", \"names\": [\"write\"], \"action\": \"SCMP_ACT_ALLOW\"}]}",
	             "syscalls[0]", "both");
	expect_error("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
	             "[\"read\"], \"action\": \"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 6,"
	             "\"op\": \"SCMP_CMP_EQ\"}]}]}", "syscalls[0].args[0]", "index");
	expect_error("{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 5000}",
	             "defaultAction", "out of range");
	expect_error("{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": "
	             "[\"read\"], \"action\": \"SCMP_ACT_ALLOW\", \"includes\": "
	             "{\"minKernel\": \"new\"}}]}", "syscalls[0].includes", "minKernel");
}

Test(json_errors, unknown_syscall_is_skipped_with_a_notice, .init = cr_redirect_stderr)
{
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(load_text(&p, "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": ["
	             "{\"names\": [\"read\", \"frobnicate\"], \"action\": \"SCMP_ACT_ERRNO\"}]}",
	             0, &err), 0, "%s", err.msg);
	cr_expect_eq(p.n_rules, 1);
	cr_expect_eq(p.n_skipped, 1);
	cr_expect_str_eq(p.skipped[0], "frobnicate");
	mr_sc_profile_free(&p);
	fflush(stderr);
	char text[1024] = "";
	FILE *f = cr_get_redirected_stderr();
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = 0;
	cr_expect(strstr(text, "notice") && strstr(text, "frobnicate"), "stderr: %s", text);
}

Test(json_errors, malformed_file_reports_line_and_column)
{
	char path[] = "/tmp/minirun-seccomp-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	const char text[] = "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"syscalls\": [,]\n}\n";
	cr_assert_eq(write(fd, text, sizeof text - 1), (ssize_t)sizeof text - 1);
	close(fd);
	struct mr_sc_profile p;
	struct mr_error err = MR_ERROR_INIT;
	cr_expect_eq(mr_seccomp_load_file(&p, path, 0, &err), -1);
	char where[128];
	snprintf(where, sizeof where, "%s:3:", path);
	cr_expect(strstr(err.msg, where), "want %s in: %s", where, err.msg);
	cr_expect_eq(err.exit_code, MR_EXIT_RUNTIME);
	mr_sc_profile_free(&p);
	unlink(path);
	cr_expect_eq(mr_seccomp_load_file(&p, "/nonexistent/profile.json", 0, &err), -1);
	cr_expect_eq(err.errnum, ENOENT);
	mr_sc_profile_free(&p);
}

/* ---- the published profiles --------------------------------------------- */

Test(reference, docker_profile_loads_and_denies_what_it_denies, .init = cr_redirect_stderr)
{
	struct mr_sc_profile p;
	load_reference(&p, "moby-default.json", 0);
	cr_expect_eq(p.default_action, SCMP_ACT_ERRNO(EPERM));
	cr_expect_null(mr_sc_profile_find(&p, "mount"), "mount needs CAP_SYS_ADMIN");
	cr_expect_not_null(mr_sc_profile_find(&p, "read"));
	struct mr_seccomp *f = NULL;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_seccomp_compile(&p, &f, &err), 0, "%s", err.msg);
	cr_expect_eq(SYS(SYS_keyctl, 0, (uint64_t)-3), EPERM);
	cr_expect_eq(SYS(SYS_unshare, CLONE_NEWUSER), EPERM);
	cr_expect_eq(SYS(SYS_clone, CLONE_NEWUSER | SIGCHLD), EPERM);
	cr_expect_eq(SYS(SYS_clone, SIGCHLD), 0);
	cr_expect_eq(SYS(SYS_clone3, 0), ENOSYS);
	cr_expect_eq(SYS(SYS_socket, AF_VSOCK, SOCK_STREAM), EPERM);
	cr_expect_eq(SYS(SYS_socket, AF_UNIX, SOCK_STREAM), 0);
	cr_expect_eq(SYS(SYS_personality, 0x0040000), EPERM);
	mr_seccomp_free(f);
	mr_sc_profile_free(&p);
}

Test(reference, docker_profile_with_sys_admin_allows_mount)
{
	struct mr_sc_profile p;
	load_reference(&p, "moby-default.json", CAP(CAP_SYS_ADMIN));
	cr_expect_eq(mr_sc_profile_find(&p, "mount")->action, SCMP_ACT_ALLOW);
	cr_expect_eq(mr_sc_profile_find(&p, "mount")->cap, CAP_SYS_ADMIN);
	cr_expect_eq(p.n_arches, seccomp_arch_native() == SCMP_ARCH_X86_64 ? 2 : p.n_arches);
	mr_sc_profile_free(&p);
}

Test(reference, podman_profile_loads_and_denies_what_it_denies, .init = cr_redirect_stderr)
{
	struct mr_sc_profile p;
	load_reference(&p, "containers-common.json", 0);
	cr_expect_eq(p.default_action, SCMP_ACT_ERRNO(ENOSYS));
	struct mr_seccomp *f = NULL;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_seccomp_compile(&p, &f, &err), 0, "%s", err.msg);
	cr_expect_eq(SYS(SYS_kexec_load, 0, 1000, 0, 0x8000), EPERM);
	cr_expect_eq(SYS(SYS_open_by_handle_at, (uint64_t)-1), EPERM);
	cr_expect_eq(SYS(SYS_socket, AF_VSOCK, SOCK_STREAM), EPERM);
	cr_expect_eq(SYS(SYS_socket, AF_UNIX, SOCK_STREAM), 0);
	cr_expect_eq(SYS(SYS_io_uring_setup, 1), ENOSYS, "not named: the default, ENOSYS");
	cr_expect_eq(SYS0(SYS_getpid), 0);
	mr_seccomp_free(f);
	mr_sc_profile_free(&p);
}
