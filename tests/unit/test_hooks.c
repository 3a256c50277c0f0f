/* Unit tests for lib/hooks.c: real hooks, /bin/sh scripts written into a
 * temp dir, run the way the lifecycle runs them. */
#include "hooks.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char dir[64];
static char out_env[128]; /* "OUT=<dir>": where the hooks write */

static void make_dir(void)
{
	strcpy(dir, "/tmp/mr-unit-hooks-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(out_env, sizeof out_env, "OUT=%s", dir);
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void remove_dir(void)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(hooks, .init = make_dir, .fini = remove_dir);

/* DIR/name, a /bin/sh script of body, mode 0755. Returns a static path. */
static const char *script(const char *name, const char *body)
{
	static char paths[8][128];
	static int next;
	char *path = paths[next++ % 8];
	snprintf(path, 128, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	cr_assert_eq(chmod(path, 0755), 0);
	return path;
}

/* The contents of DIR/name, or NULL if it does not exist (malloc'd). */
static char *slurp(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 1 << 16);
	size_t n = fread(buf, 1, (1 << 16) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

/* A config with only these hooks, of one kind. */
static void with_hooks(struct mr_config *cfg, enum mr_hook_kind kind, struct mr_hook *hooks,
                       size_t n)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->hooks[kind] = hooks;
	cfg->n_hooks[kind] = n;
}

static const char state[] = "{\"ociVersion\":\"1.2.0\",\"id\":\"web\",\"status\":\"created\","
                            "\"pid\":42,\"bundle\":\"/b\"}";

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

Test(hooks, the_hook_reads_the_state_on_stdin_and_gets_its_args_and_env)
{
	const char *path = script("h", "/bin/cat > \"$OUT/stdin\"\n"
	                               "printf '%s\\n' \"$@\" > \"$OUT/args\"\n"
	                               "/usr/bin/env > \"$OUT/env\"");
	setenv("MR_TEST_LEAK", "leaked", 1); /* minirun's env must not reach the hook */
	struct mr_hook h = {.path = path,
	                    .args = (char *[]){"my-hook", "one", "two words", NULL},
	                    .env = (char *[]){out_env, "FOO=bar baz", NULL}};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_CREATE_RUNTIME, &h, 1);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_CREATE_RUNTIME, state, &err), 0, "%s", err.msg);
	char *in = slurp("stdin"), *args = slurp("args"), *env = slurp("env");
	cr_assert_str_eq(in, state);
	cr_assert_str_eq(args, "one\ntwo words\n");
	cr_assert(strstr(env, "FOO=bar baz\n"), "env: %s", env);
	cr_assert(strstr(env, out_env), "env: %s", env);
	cr_assert_null(strstr(env, "MR_TEST_LEAK"), "env: %s", env);
	cr_assert_null(strstr(env, "HOME="), "env: %s", env);
	free(in);
	free(args);
	free(env);
}

Test(hooks, argv0_is_the_hooks_own)
{
	/* a program, not a script: the kernel keeps args[0] as given */
	struct mr_hook h = {.path = "/bin/sh",
	                    .args = (char *[]){"custom-argv0", "-c",
	                                       "/usr/bin/tr '\\0' '\\n' < /proc/$$/cmdline > \"$OUT/cmdline\"",
	                                       NULL},
	                    .env = (char *[]){out_env, NULL}};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_POSTSTART, &h, 1);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_POSTSTART, state, &err), 0, "%s", err.msg);
	char *cmdline = slurp("cmdline");
	cr_assert_not_null(cmdline);
	cr_assert_eq(strncmp(cmdline, "custom-argv0\n-c\n", 16), 0, "cmdline: %s", cmdline);
	free(cmdline);
}

Test(hooks, without_args_or_env_the_hook_gets_no_arguments_and_an_empty_env)
{
	const char *p = script("bare", "/usr/bin/env > \"$0.env\"; printf '%s' \"$#\" > \"$0.argc\"");
	struct mr_hook h = {.path = p};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_POSTSTOP, &h, 1);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_POSTSTOP, state, &err), 0, "%s", err.msg);
	char *argc_s = slurp("bare.argc"), *env = slurp("bare.env");
	cr_assert_str_eq(argc_s, "0");
	/* nothing but what the shell itself sets (PWD) */
	cr_assert_null(strstr(env, "PATH="), "env: %s", env);
	cr_assert_null(strstr(env, "HOME="), "env: %s", env);
	free(argc_s);
	free(env);
}

Test(hooks, hooks_run_in_order)
{
	struct mr_hook h[3];
	char *env[] = {out_env, NULL};
	for (int i = 0; i < 3; i++) {
		char name[16], body[128];
		snprintf(name, sizeof name, "h%d", i);
		snprintf(body, sizeof body, "echo %d >> \"$OUT/order\"", i);
		h[i] = (struct mr_hook){.path = script(name, body), .env = env};
	}
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_PRESTART, h, 3);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_PRESTART, state, &err), 0, "%s", err.msg);
	char *order = slurp("order");
	cr_assert_str_eq(order, "0\n1\n2\n");
	free(order);
	/* another kind has no hooks: nothing runs */
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_POSTSTOP, state, &err), 0);
}

Test(hooks, a_failing_hook_is_named_and_stops_the_rest)
{
	char *env[] = {out_env, NULL};
	struct mr_hook h[3] = {
		{.path = script("ok", "exit 0"), .env = env},
		{.path = script("fails", "exit 3"), .env = env},
		{.path = script("after", "touch \"$OUT/after-ran\""), .env = env},
	};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_POSTSTART, h, 3);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_POSTSTART, state, &err), -1);
	char want[256];
	snprintf(want, sizeof want, "poststart hook 1 (%s): exited with status 3", h[1].path);
	cr_assert_str_eq(err.msg, want);
	cr_assert_eq(err.errnum, 0);
	cr_assert_eq(err.exit_code, MR_EXIT_RUNTIME);
	char *ran = slurp("after-ran");
	cr_assert_null(ran, "the hook after the failing one ran");
}

Test(hooks, a_hook_killed_by_a_signal)
{
	struct mr_hook h = {.path = script("term", "kill -TERM $$; sleep 5")};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_CREATE_CONTAINER, &h, 1);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_CREATE_CONTAINER, state, &err), -1);
	char want[256];
	snprintf(want, sizeof want, "createContainer hook 0 (%s): was killed by SIGTERM", h.path);
	cr_assert_str_eq(err.msg, want);
}

Test(hooks, the_hook_starts_with_default_signal_handling)
{
	/* the caller ignores SIGTERM and blocks SIGINT; the hook must not */
	signal(SIGTERM, SIG_IGN);
	sigset_t set, before, after;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, &before);
	struct mr_hook h = {.path = script("term2", "kill -TERM $$; exit 0")};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_START_CONTAINER, &h, 1);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_START_CONTAINER, state, &err), -1,
	             "SIGTERM stayed ignored in the hook");
	cr_assert(strstr(err.msg, "killed by SIGTERM"), "%s", err.msg);
	/* and the caller's own mask is as it was */
	sigprocmask(SIG_SETMASK, NULL, &after);
	cr_assert(sigismember(&after, SIGINT));
	cr_assert_not(sigismember(&after, SIGPIPE));
}

Test(hooks, a_hook_past_its_timeout_is_killed_in_time)
{
	struct mr_hook h = {.path = script("slow", "echo $$ > \"$OUT/pid\"; exec /bin/sleep 30"),
	                    .env = (char *[]){out_env, NULL},
	                    .timeout = 1};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_CREATE_RUNTIME, &h, 1);
	double t0 = now_s();
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_CREATE_RUNTIME, state, &err), -1);
	double took = now_s() - t0;
	cr_assert_lt(took, 2.0, "took %.2f s", took);
	cr_assert_geq(took, 0.9, "took %.2f s", took);
	char want[256];
	snprintf(want, sizeof want, "createRuntime hook 0 (%s): timed out after 1 s and was killed",
	         h.path);
	cr_assert_str_eq(err.msg, want);
	/* killed and reaped: no such process any more */
	char *pid = slurp("pid");
	cr_assert_not_null(pid);
	cr_assert_eq(kill(atoi(pid), 0), -1);
	cr_assert_eq(errno, ESRCH);
	free(pid);
}

Test(hooks, no_timeout_waits_as_long_as_it_takes)
{
	struct mr_hook h = {.path = script("patient", "/bin/sleep 1.2")};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_POSTSTOP, &h, 1);
	double t0 = now_s();
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_POSTSTOP, state, &err), 0, "%s", err.msg);
	cr_assert_geq(now_s() - t0, 1.1);
}

Test(hooks, a_missing_program_cannot_be_executed)
{
	struct mr_hook h = {.path = "/nonexistent/hook"};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_CREATE_CONTAINER, &h, 1);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_CREATE_CONTAINER, state, &err), -1);
	cr_assert_str_eq(err.msg, "createContainer hook 0 (/nonexistent/hook): cannot be executed");
	cr_assert_eq(err.errnum, ENOENT);
}

Test(hooks, a_file_without_exec_permission_cannot_be_executed)
{
	const char *path = script("noexec", "exit 0");
	cr_assert_eq(chmod(path, 0644), 0);
	struct mr_hook h = {.path = path};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_PRESTART, &h, 1);
	/* even root execs only files with an x bit */
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_PRESTART, state, &err), -1);
	cr_assert(strstr(err.msg, "cannot be executed"), "%s", err.msg);
	cr_assert_eq(err.errnum, EACCES);
}

Test(hooks, a_relative_path_is_refused)
{
	struct mr_hook h = {.path = "bin/hook"};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_POSTSTART, &h, 1);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_POSTSTART, state, &err), -1);
	cr_assert_str_eq(err.msg, "poststart hook 0 (bin/hook): the path must be absolute");
}

Test(hooks, a_hook_that_does_not_read_its_stdin_is_fine)
{
	/* a state much bigger than a pipe holds, and a hook that closes its
	 * stdin at once: the writes fail with EPIPE, and the SIGPIPE they
	 * raise must neither kill us nor stay pending */
	size_t len = 1 << 20;
	char *big = malloc(len + 1);
	memset(big, ' ', len);
	big[0] = '{';
	big[len - 1] = '}';
	big[len] = 0;
	struct mr_hook h = {.path = script("deaf", "exec 0<&-; /bin/sleep 0.2")};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_POSTSTART, &h, 1);
	sigset_t before, after, pending;
	sigprocmask(SIG_SETMASK, NULL, &before);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_POSTSTART, big, &err), 0, "%s", err.msg);
	sigprocmask(SIG_SETMASK, NULL, &after);
	sigpending(&pending);
	cr_assert_not(sigismember(&pending, SIGPIPE));
	cr_assert_eq(sigismember(&after, SIGPIPE), sigismember(&before, SIGPIPE));
	/* and one that exits without reading */
	h.path = script("deaf2", "exit 0");
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_POSTSTART, big, &err), 0, "%s", err.msg);
	free(big);
}

Test(hooks, the_hook_inherits_no_other_fd)
{
	int fd = open("/dev/null", O_RDONLY); /* no O_CLOEXEC, on purpose */
	cr_assert_geq(fd, 0);
	cr_assert_eq(dup2(fd, 57), 57);
	struct mr_hook h = {.path = script("fds", "ls /proc/$$/fd > \"$OUT/fds\"; "
	                                          "[ -e /proc/$$/fd/57 ] && echo leaked > \"$OUT/leak\"; "
	                                          "exit 0"),
	                    .env = (char *[]){out_env, NULL}};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_CREATE_RUNTIME, &h, 1);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_CREATE_RUNTIME, state, &err), 0, "%s", err.msg);
	char *leak = slurp("leak"), *fds = slurp("fds");
	cr_assert_null(leak, "fd 57 reached the hook; its fds: %s", fds);
	cr_assert_not_null(fds);
	free(fds);
	/* ours are untouched */
	cr_assert_neq(fcntl(57, F_GETFD), -1);
	close(57);
	close(fd);
}

Test(hooks, works_with_stdin_closed_in_the_caller)
{
	/* the container's process may run with fd 0 closed: the pipes must
	 * not land on it and be clobbered */
	close(0);
	struct mr_hook h = {.path = script("cat", "/bin/cat > \"$OUT/stdin\""),
	                    .env = (char *[]){out_env, NULL}};
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	with_hooks(&cfg, MR_HOOK_START_CONTAINER, &h, 1);
	cr_assert_eq(mr_hooks_run(&cfg, MR_HOOK_START_CONTAINER, state, &err), 0, "%s", err.msg);
	char *in = slurp("stdin");
	cr_assert_str_eq(in, state);
	free(in);
}

Test(hooks, kind_names_as_the_runtime_spec_spells_them)
{
	cr_assert_str_eq(mr_hook_kind_name(MR_HOOK_PRESTART), "prestart");
	cr_assert_str_eq(mr_hook_kind_name(MR_HOOK_CREATE_RUNTIME), "createRuntime");
	cr_assert_str_eq(mr_hook_kind_name(MR_HOOK_CREATE_CONTAINER), "createContainer");
	cr_assert_str_eq(mr_hook_kind_name(MR_HOOK_START_CONTAINER), "startContainer");
	cr_assert_str_eq(mr_hook_kind_name(MR_HOOK_POSTSTART), "poststart");
	cr_assert_str_eq(mr_hook_kind_name(MR_HOOK_POSTSTOP), "poststop");
}
