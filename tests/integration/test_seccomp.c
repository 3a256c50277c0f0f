/* Integration tests for seccomp and no_new_privs: the real minirun on the
 * real rootfs, with /bin/sysprobe reporting what each syscall got. Every
 * denial is also run with the filter off, so a test that passes only
 * because the kernel refuses anyway would show up. */
#include "../bundle.h"
#include "support.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_ARGS 64

/* Run minirun with OPTS… @ROOTFS CMD… where the two lists are given as
 * one NULL-separated, NULL-terminated list: opts, NULL, cmd, NULL. */
static int run_split(struct mr_run *r, uid_t as, const char *const *opts,
                     const char *const *cmd)
{
	char *argv[MAX_ARGS];
	size_t n = 0;
	for (; opts && *opts; opts++)
		argv[n++] = (char *)*opts;
	argv[n++] = "@ROOTFS";
	for (; *cmd; cmd++)
		argv[n++] = (char *)*cmd;
	argv[n] = NULL;
	cr_assert_lt(n, MAX_ARGS);
	return mrt_runv(r, as, argv);
}

/* The result sysprobe printed for `name` in "each" mode, or NULL. */
static char *result_of(const char *out, const char *name)
{
	static char res[64];
	size_t len = strlen(name);
	for (const char *line = out; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (!strncmp(line, name, len) && line[len] == ' ') {
			sscanf(line + len + 1, "%63s", res);
			return res;
		}
	}
	return NULL;
}

/* sysprobe each CALLS… under opts; asserts minirun exited 0. */
static void probe_each(struct mr_run *r, const char *const *opts, const char *const *calls)
{
	const char *cmd[MAX_ARGS] = {"/bin/sysprobe", "each"};
	size_t n = 2;
	for (; *calls; calls++)
		cmd[n++] = *calls;
	cmd[n] = NULL;
	run_split(r, MR_AS_ROOT, opts, cmd);
	cr_assert_eq(r->status, 0, "status %d, stderr: %s", r->status, r->err);
}

/* One call's result, as a fresh string. */
static char *probe_one(const char *const *opts, const char *call)
{
	struct mr_run r;
	const char *calls[] = {call, NULL};
	probe_each(&r, opts, calls);
	char name[64];
	snprintf(name, sizeof name, "%s", call);
	*strchrnul(name, '=') = 0;
	char *res = result_of(r.out, name);
	cr_assert_not_null(res, "no result for %s in: %s", call, r.out);
	res = strdup(res);
	mrt_run_free(&r);
	return res;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "%s", path);
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

/* This test process's directory for profile files, removed when it exits
 * (Criterion runs each test in a process of its own). */
static char *profile_dir;

static void remove_profile_dir(void)
{
	mrt_rm_rf(profile_dir);
}

/* A profile file of its own (one test may use several); returns its path
 * (static, until the next call). */
static const char *profile(const char *text)
{
	static char path[PATH_MAX];
	static int n;
	if (!profile_dir) {
		profile_dir = mrt_tmpdir();
		atexit(remove_profile_dir);
	}
	snprintf(path, sizeof path, "%s/profile-%d.json", profile_dir, ++n);
	write_file(path, text);
	return path;
}

/* ---- the default profile ---------------------------------------------- */

/* Every default denial, with sysprobe's harmless arguments. */
static const char *const denied_calls[] = {
	"keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
	"io_uring_setup", "io_uring_enter", "io_uring_register", "kexec_load",
	"kexec_file_load", "init_module", "finit_module", "delete_module",
	"open_by_handle_at", "swapon", "swapoff", "pivot_root", "acct",
	"lookup_dcookie", "unshare=0x10000000", "clone=0x10000000", "socket=38",
	"socket=40", "personality=0x0040000", "ioctl=0x5412", NULL,
};

static const char *call_name(const char *call, char *buf, size_t size)
{
	snprintf(buf, size, "%s", call);
	*strchrnul(buf, '=') = 0;
	return buf;
}

Test(default_profile, every_denial_is_eperm)
{
	struct mr_run r;
	probe_each(&r, NULL, denied_calls);
	for (const char *const *c = denied_calls; *c; c++) {
		char name[64];
		const char *res = result_of(r.out, call_name(*c, name, sizeof name));
		cr_expect(res && !strcmp(res, "EPERM"), "%s: %s", *c, res ? res : "(none)");
	}
	mrt_run_free(&r);
}

Test(default_profile, the_same_calls_are_not_eperm_unconfined)
{
	/* With every capability and no filter, the kernel itself must answer
	 * something else, or the test above would prove nothing. */
	const char *opts[] = {"--security-opt", "seccomp=unconfined", "--cap-add", "ALL", NULL};
	struct mr_run r;
	probe_each(&r, opts, denied_calls);
	for (const char *const *c = denied_calls; *c; c++) {
		char name[64];
		const char *res = result_of(r.out, call_name(*c, name, sizeof name));
		cr_expect(res && strcmp(res, "EPERM"), "%s: %s", *c, res ? res : "(none)");
	}
	cr_expect(strstr(r.err, "unconfined"), "a warning: %s", r.err);
	mrt_run_free(&r);
}

Test(default_profile, unknown_calls_enosys_and_plain_calls_work)
{
	const char *calls[] = {"clone3", "modify_ldt", "fork", "clone=0", "unshare=0x400",
	                       "socket=1", "personality=0xffffffff", "ioctl=0x5401",
	                       "getppid", NULL};
	struct mr_run r;
	probe_each(&r, NULL, calls);
	cr_expect_str_eq(result_of(r.out, "clone3"), "ENOSYS");
	cr_expect_str_eq(result_of(r.out, "modify_ldt"), "ENOSYS");
	cr_expect_str_eq(result_of(r.out, "fork"), "ok");
	cr_expect_str_eq(result_of(r.out, "clone"), "ok");
	cr_expect_str_eq(result_of(r.out, "unshare"), "ok", "CLONE_FILES is no namespace");
	cr_expect_str_eq(result_of(r.out, "socket"), "ok");
	cr_expect_str_eq(result_of(r.out, "personality"), "ok");
	cr_expect_str_eq(result_of(r.out, "ioctl"), "ENOTTY", "TCGETS on /dev/null");
	cr_expect_str_eq(result_of(r.out, "getppid"), "ok");
	mrt_run_free(&r);
}

Test(default_profile, status_shows_filter_and_no_new_privs)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "@ROOTFS", "cat", "/proc/self/status", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(mrt_status_long(r.out, "Seccomp"), 2);
	cr_expect_eq(mrt_status_long(r.out, "NoNewPrivs"), 1);
	mrt_run_free(&r);
	mrt_run(&r, MR_AS_ROOT, "--security-opt", "no-new-privileges=false", "@ROOTFS",
	        "cat", "/proc/self/status", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_eq(mrt_status_long(r.out, "Seccomp"), 2, "still filtered");
	cr_expect_eq(mrt_status_long(r.out, "NoNewPrivs"), 0);
	mrt_run_free(&r);
	mrt_run(&r, MR_AS_ROOT, "--security-opt", "seccomp=unconfined", "@ROOTFS",
	        "cat", "/proc/self/status", NULL);
	cr_expect_eq(mrt_status_long(r.out, "Seccomp"), 0);
	mrt_run_free(&r);
}

Test(default_profile, rootless_gets_the_filter_too)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_NOBODY, "@ROOTFS", "/bin/sysprobe", "each", "keyctl",
	        "unshare=0x10000000", "getppid", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(result_of(r.out, "keyctl"), "EPERM");
	cr_expect_str_eq(result_of(r.out, "unshare"), "EPERM");
	cr_expect_str_eq(result_of(r.out, "getppid"), "ok");
	mrt_run_free(&r);
}

Test(default_profile, a_capability_unlocks_its_syscalls)
{
	const char *none[] = {NULL};
	const char *admin[] = {"--cap-add", "SYS_ADMIN", NULL};
	const char *ptrace[] = {"--cap-add", "SYS_PTRACE", NULL};
	char *r1 = probe_one(none, "unshare=0x04000000");
	char *r2 = probe_one(admin, "unshare=0x04000000");
	char *r3 = probe_one(admin, "mount");
	char *r4 = probe_one(ptrace, "ptrace");
	char *r5 = probe_one(admin, "socket=38");
	cr_expect_str_eq(r1, "EPERM", "CLONE_NEWUTS without CAP_SYS_ADMIN");
	cr_expect_str_eq(r2, "ok", "CLONE_NEWUTS with CAP_SYS_ADMIN");
	cr_expect_str_eq(r3, "ENOENT", "mount reaches the kernel");
	cr_expect_str_eq(r4, "ESRCH", "ptrace reaches the kernel");
	cr_expect_str_eq(r5, "EPERM", "AF_ALG stays denied");
	free(r1), free(r2), free(r3), free(r4), free(r5);
}

/* ---- no_new_privs and setuid ------------------------------------------- */

/* A root-owned setuid copy of sysprobe in a fresh directory. */
static char *setuid_dir(void)
{
	char *dir = mrt_tmpdir();
	char src[PATH_MAX], dst[PATH_MAX], cmd[3 * PATH_MAX];
	snprintf(src, sizeof src, "%s/bin/sysprobe", mrt_rootfs());
	snprintf(dst, sizeof dst, "%s/sysprobe", dir);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", src, dst);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(chown(dst, 0, 0), 0);
	cr_assert_eq(chmod(dst, 04755), 0);
	return dir;
}

Test(no_new_privs, setuid_root_does_not_raise_privileges)
{
	char *dir = setuid_dir();
	char vol[PATH_MAX];
	snprintf(vol, sizeof vol, "%s:/suid", dir);
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--user", "1000", "-v", vol, "@ROOTFS", "/suid/sysprobe",
	        "euid", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "1000\n");
	mrt_run_free(&r);
	/* The same binary without no_new_privs does become root: the bit and
	 * the mount allow it, so the check above is a real one. */
	mrt_run(&r, MR_AS_ROOT, "--security-opt", "no-new-privileges=false", "--user", "1000",
	        "-v", vol, "@ROOTFS", "/suid/sysprobe", "euid", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "0\n");
	mrt_run_free(&r);
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	cr_expect_eq(system(cmd), 0);
	free(dir);
}

/* ---- JSON profiles in a container ---------------------------------------- */

/* defaultAction ALLOW, one rule on umask (or `name`) with action/extra. */
static const char *rule_profile(const char *name, const char *action, const char *extra)
{
	char text[1024];
	snprintf(text, sizeof text,
	         "{\"defaultAction\": \"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"%s\"],"
	         " \"action\": \"%s\"%s%s}]}", name, action, *extra ? ", " : "", extra);
	return profile(text);
}

static void run_profile(struct mr_run *r, const char *path, const char *const *cmd)
{
	char opt[PATH_MAX + 16];
	snprintf(opt, sizeof opt, "seccomp=%s", path);
	const char *opts[] = {"--security-opt", opt, NULL};
	run_split(r, MR_AS_ROOT, opts, cmd);
}

Test(json_profile, each_action)
{
	static const struct {
		const char *action, *extra;
		int status;
		const char *out;
	} cases[] = {
		{"SCMP_ACT_ERRNO", "\"errnoRet\": 33", 0, "EDOM\n"},
		{"SCMP_ACT_ERRNO", "", 0, "EPERM\n"},
		{"SCMP_ACT_ALLOW", "", 0, "ok\n"},
		{"SCMP_ACT_LOG", "", 0, "ok\n"},
		{"SCMP_ACT_TRACE", "", 0, "ENOSYS\n"},  /* no tracer attached */
		{"SCMP_ACT_TRAP", "", 0, "SIGSYS\n"},
		{"SCMP_ACT_KILL", "", 128 + 31, ""},
		{"SCMP_ACT_KILL_THREAD", "", 128 + 31, ""},
		{"SCMP_ACT_KILL_PROCESS", "", 128 + 31, ""},
	};
	const char *cmd[] = {"/bin/sysprobe", "umask", NULL};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct mr_run r;
		run_profile(&r, rule_profile("umask", cases[i].action, cases[i].extra), cmd);
		cr_expect_eq(r.status, cases[i].status, "%s: status %d, %s", cases[i].action,
		             r.status, r.err);
		cr_expect_str_eq(r.out, cases[i].out, "%s", cases[i].action);
		mrt_run_free(&r);
	}
}

Test(json_profile, default_errno_ret)
{
	/* ERRNO(EDOM) by default; allow only what a static binary needs to
	 * start and print. */
	const char *path = profile(
		"{\"defaultAction\": \"SCMP_ACT_ERRNO\", \"defaultErrnoRet\": 33, \"syscalls\": ["
		"{\"names\": [\"execve\", \"brk\", \"arch_prctl\", \"set_tid_address\","
		" \"set_robust_list\", \"rseq\", \"prlimit64\", \"readlink\", \"readlinkat\","
		" \"getrandom\", \"mprotect\", \"mmap\", \"munmap\", \"uname\", \"write\","
		" \"exit_group\", \"exit\", \"rt_sigaction\", \"rt_sigprocmask\", \"fstat\","
		" \"newfstatat\", \"ioctl\"], \"action\": \"SCMP_ACT_ALLOW\"}]}");
	const char *cmd[] = {"/bin/sysprobe", "getppid", NULL};
	struct mr_run r;
	run_profile(&r, path, cmd);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "EDOM\n");
	mrt_run_free(&r);
}

Test(json_profile, each_operator)
{
	static const struct {
		const char *op;
		unsigned long value, value2, match, miss;
	} cases[] = {
		{"SCMP_CMP_NE", 5, 0, 9, 5},
		{"SCMP_CMP_LT", 5, 0, 3, 9},
		{"SCMP_CMP_LE", 5, 0, 5, 6},
		{"SCMP_CMP_EQ", 5, 0, 5, 6},
		{"SCMP_CMP_GE", 5, 0, 5, 4},
		{"SCMP_CMP_GT", 5, 0, 6, 5},
		{"SCMP_CMP_MASKED_EQ", 0x70, 0x20, 0x27, 0x17},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char extra[256], match[32], miss[32];
		snprintf(extra, sizeof extra, "\"errnoRet\": 33, \"args\": [{\"index\": 0, "
		         "\"value\": %lu, \"valueTwo\": %lu, \"op\": \"%s\"}]",
		         cases[i].value, cases[i].value2, cases[i].op);
		snprintf(match, sizeof match, "%lu", cases[i].match);
		snprintf(miss, sizeof miss, "%lu", cases[i].miss);
		const char *cmd1[] = {"/bin/sysprobe", "umask", match, NULL};
		const char *cmd2[] = {"/bin/sysprobe", "umask", miss, NULL};
		const char *path = rule_profile("umask", "SCMP_ACT_ERRNO", extra);
		struct mr_run r;
		run_profile(&r, path, cmd1);
		cr_expect_str_eq(r.out, "EDOM\n", "%s matches %lu: %s", cases[i].op,
		                 cases[i].match, r.err);
		mrt_run_free(&r);
		run_profile(&r, path, cmd2);
		cr_expect_str_eq(r.out, "ok\n", "%s does not match %lu: %s", cases[i].op,
		                 cases[i].miss, r.err);
		mrt_run_free(&r);
	}
}

Test(json_profile, includes_and_excludes_by_caps)
{
	const char *inc = rule_profile("getppid", "SCMP_ACT_ERRNO",
	                               "\"errnoRet\": 33, \"includes\": {\"caps\": [\"CAP_SYS_NICE\"]}");
	char inc_opt[PATH_MAX + 16];
	snprintf(inc_opt, sizeof inc_opt, "seccomp=%s", inc);
	const char *exc = rule_profile("getppid", "SCMP_ACT_ERRNO",
	                               "\"errnoRet\": 33, \"excludes\": {\"caps\": [\"CAP_SYS_NICE\"]}");
	char exc_opt[PATH_MAX + 16];
	snprintf(exc_opt, sizeof exc_opt, "seccomp=%s", exc);
	const char *inc_without[] = {"--security-opt", inc_opt, NULL};
	const char *inc_with[] = {"--security-opt", inc_opt, "--cap-add", "SYS_NICE", NULL};
	const char *exc_without[] = {"--security-opt", exc_opt, NULL};
	const char *exc_with[] = {"--security-opt", exc_opt, "--cap-add", "SYS_NICE", NULL};
	char *a = probe_one(inc_without, "getppid"), *b = probe_one(inc_with, "getppid");
	char *c = probe_one(exc_without, "getppid"), *d = probe_one(exc_with, "getppid");
	cr_expect_str_eq(a, "ok", "includes CAP_SYS_NICE, not held");
	cr_expect_str_eq(b, "EDOM", "includes CAP_SYS_NICE, held");
	cr_expect_str_eq(c, "EDOM", "excludes CAP_SYS_NICE, not held");
	cr_expect_str_eq(d, "ok", "excludes CAP_SYS_NICE, held");
	free(a), free(b), free(c), free(d);
}

/* ---- bad profiles: exit 125, a clear message, nothing launched --------- */

/* Run `touch /out/ran` under `path`; assert 125, stderr has `want`, and
 * the workload never ran. */
static void expect_refused(const char *path, const char *want)
{
	char *dir = mrt_tmpdir();
	char vol[PATH_MAX + 8], opt[PATH_MAX + 16], marker[PATH_MAX + 8];
	snprintf(vol, sizeof vol, "%s:/out", dir);
	snprintf(opt, sizeof opt, "seccomp=%s", path);
	snprintf(marker, sizeof marker, "%s/ran", dir);
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "--security-opt", opt, "-v", vol, "@ROOTFS", "touch",
	        "/out/ran", NULL);
	cr_expect_eq(r.status, 125, "status %d", r.status);
	cr_expect(strstr(r.err, want), "want \"%s\" in: %s", want, r.err);
	cr_expect_neq(access(marker, F_OK), 0, "the workload ran");
	mrt_run_free(&r);
	rmdir(dir);
	free(dir);
}

Test(bad_profile, malformed_json_gives_line_and_column)
{
	const char *path = profile("{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n"
	                           "  \"syscalls\": [\n    {\"names\": [\"read\"]\n  ]\n}\n");
	char want[PATH_MAX + 8];
	snprintf(want, sizeof want, "%s:5:", path);
	expect_refused(path, want);
}

Test(bad_profile, unknown_action_operator_and_notify)
{
	expect_refused(rule_profile("read", "SCMP_ACT_MAYBE", ""), "syscalls[0].action");
	expect_refused(rule_profile("read", "SCMP_ACT_ERRNO",
	                            "\"args\": [{\"index\": 0, \"value\": 1, \"op\": \"SCMP_CMP_XOR\"}]"),
	               "SCMP_CMP_XOR");
	expect_refused(rule_profile("read", "SCMP_ACT_NOTIFY", ""), "not supported");
	expect_refused("/nonexistent/profile.json", "No such file");
}

Test(bad_profile, unknown_syscall_is_a_notice_not_an_error)
{
	const char *path = rule_profile("frobnicate", "SCMP_ACT_ERRNO", "");
	const char *cmd[] = {"/bin/sysprobe", "getppid", NULL};
	struct mr_run r;
	run_profile(&r, path, cmd);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect_str_eq(r.out, "ok\n");
	cr_expect(strstr(r.err, "notice") && strstr(r.err, "frobnicate"), "%s", r.err);
	mrt_run_free(&r);
}

/* ---- the published profiles -------------------------------------------- */

static const char *reference(const char *file)
{
	static char path[PATH_MAX];
	const char *dir = getenv("MINIRUN_SECCOMP_REFERENCE");
	if (!dir || !*dir)
		cr_skip_test("MINIRUN_SECCOMP_REFERENCE is not set");
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (access(path, R_OK))
		cr_skip_test("%s is absent", path);
	return path;
}

Test(reference_profile, docker_denies_what_it_denies)
{
	const char *calls[] = {"keyctl", "unshare=0x10000000", "clone=0x10000000", "clone3",
	                       "socket=40", "socket=38", "personality=0x0040000", "mount",
	                       "fork", "getppid", NULL};
	char opt[PATH_MAX + 16];
	snprintf(opt, sizeof opt, "seccomp=%s", reference("moby-default.json"));
	const char *opts[] = {"--security-opt", opt, NULL};
	struct mr_run r;
	probe_each(&r, opts, calls);
	cr_expect_str_eq(result_of(r.out, "keyctl"), "EPERM");
	cr_expect_str_eq(result_of(r.out, "unshare"), "EPERM");
	cr_expect_str_eq(result_of(r.out, "clone"), "EPERM");
	cr_expect_str_eq(result_of(r.out, "clone3"), "ENOSYS");
	cr_expect_str_eq(result_of(r.out, "personality"), "EPERM");
	cr_expect_str_eq(result_of(r.out, "mount"), "EPERM");
	cr_expect_str_eq(result_of(r.out, "fork"), "ok");
	cr_expect_str_eq(result_of(r.out, "getppid"), "ok");
	cr_expect(strstr(r.out, "socket EPERM\nsocket EPERM\n"), "%s", r.out);
	mrt_run_free(&r);
}

Test(reference_profile, podman_denies_what_it_denies)
{
	const char *calls[] = {"kexec_load", "open_by_handle_at", "io_uring_setup",
	                       "socket=40", "fork", "getppid", NULL};
	char opt[PATH_MAX + 16];
	snprintf(opt, sizeof opt, "seccomp=%s", reference("containers-common.json"));
	const char *opts[] = {"--security-opt", opt, NULL};
	struct mr_run r;
	probe_each(&r, opts, calls);
	cr_expect_str_eq(result_of(r.out, "kexec_load"), "EPERM");
	cr_expect_str_eq(result_of(r.out, "open_by_handle_at"), "EPERM");
	cr_expect_str_eq(result_of(r.out, "io_uring_setup"), "ENOSYS", "not named: ENOSYS");
	cr_expect_str_eq(result_of(r.out, "socket"), "EPERM", "AF_VSOCK");
	cr_expect_str_eq(result_of(r.out, "fork"), "ok");
	cr_expect_str_eq(result_of(r.out, "getppid"), "ok");
	mrt_run_free(&r);
}

/* ---- minirun seccomp ---------------------------------------------------- */

Test(seccomp_command, print_shows_the_table)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "seccomp", "--print", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "Allowed:"));
	cr_expect(strstr(r.out, "keyctl"));
	cr_expect(strstr(r.out, "ERRNO(EPERM) without CAP_SYS_ADMIN"), "%s", r.out);
	cr_expect(strstr(r.out, "Every other syscall: ERRNO(ENOSYS)"));
	cr_expect(strstr(r.out, "socket"));
	mrt_run_free(&r);
	mrt_run(&r, MR_AS_ROOT, "seccomp", "--print", "--cap-add", "SYS_ADMIN", NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "with CAP_SYS_ADMIN"), "%s", r.out);
	mrt_run_free(&r);
}

Test(seccomp_command, export_bpf_writes_the_program)
{
	char *dir = mrt_tmpdir();
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/filter.bpf", dir);
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "seccomp", "--export-bpf", path, NULL);
	cr_assert_eq(r.status, 0, "%s", r.err);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_expect_gt(st.st_size, 800);
	cr_expect_eq(st.st_size % 8, 0, "struct sock_filter is 8 bytes");
	mrt_run_free(&r);
	unlink(path);
	rmdir(dir);
	free(dir);
}

Test(seccomp_command, usage_errors_exit_125)
{
	struct mr_run r;
	mrt_run(&r, MR_AS_ROOT, "seccomp", NULL);
	cr_expect_eq(r.status, 125);
	cr_expect(strstr(r.err, "usage"), "%s", r.err);
	mrt_run_free(&r);
	mrt_run(&r, MR_AS_ROOT, "seccomp", "--print", "--frobnicate", NULL);
	cr_expect_eq(r.status, 125);
	cr_expect(strstr(r.err, "--frobnicate"), "%s", r.err);
	mrt_run_free(&r);
	const char *path = profile("{\"defaultAction\": }");
	mrt_run(&r, MR_AS_ROOT, "seccomp", "--print", path, NULL);
	cr_expect_eq(r.status, 125);
	cr_expect(strstr(r.err, ":1:"), "%s", r.err);
	mrt_run_free(&r);
}
