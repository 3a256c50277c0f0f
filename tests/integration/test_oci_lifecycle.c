/* The OCI runtime CLI (issue 6): create/start/state/kill/delete/run/exec
 * on real bundles, driven the way an engine drives runc, asserting what
 * the kernel and the state documents say. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "../bundle.h"
#include "../support.h"

static struct mr_run r;
static char *root, *bundle, *tmp;
static json_t *cfg;

static void setup(void)
{
	root = mrt_state_root();
	tmp = mrt_tmpdir();
}

static void teardown(void)
{
	mrt_run_free(&r);
	/* Nothing may outlive a test. */
	mrt_oci_delete_all(root);
	mrt_oci_free(&cfg, &bundle, &root, &tmp);
}

TestSuite(oci, .init = setup, .fini = teardown, .timeout = 60);

/* A bind of the host's dir at the same path inside, read-write. */
static void add_bind(json_t *c, const char *dir)
{
	json_array_append_new(json_object_get(c, "mounts"),
	                      json_pack("{s:s, s:s, s:s, s:[s, s]}", "destination", dir, "type", "bind", "source", dir,
	                                "options", "rbind", "rw"));
}

static void remove_namespace(json_t *c, const char *type)
{
	json_t *ns = json_object_get(json_object_get(c, "linux"), "namespaces");
	for (size_t i = 0; i < json_array_size(ns); i++)
		if (!strcmp(json_string_value(json_object_get(json_array_get(ns, i), "type")) ?: "", type))
			json_array_remove(ns, i--);
}

static void make_bundle(const char *const *args)
{
	cfg = mrt_spec(false, args);
	add_bind(cfg, tmp);
}

static void write_bundle(void)
{
	bundle = mrt_bundle(cfg);
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static char *tmp_path(const char *name)
{
	return mrt_in(tmp, name);
}

/* ---- create, start, state, delete ---------------------------------------- */

Test(oci, create_waits_before_the_program_and_start_releases_it)
{
	char script[1024];
	snprintf(script, sizeof script, "echo ran > %s; exec sleep 100", tmp_path("mark"));
	make_bundle((const char *[]){"/bin/sh", "-c", script, NULL});
	write_bundle();
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, "--pid-file",
	                              tmp_path("pid"), "c1", NULL),
	             0, "create: %s", r.err);
	/* The pid file exists when create returns, and names the process. */
	char *pidtext = mrt_read_file(tmp_path("pid"));
	cr_assert(pidtext, "no pid file after create");
	pid_t pid;
	cr_expect_str_eq(mrt_oci_status(root, "c1", &pid), "created");
	cr_expect_eq(pid, atoi(pidtext));
	free(pidtext);
	cr_expect_eq(kill(pid, 0), 0, "the created process must exist");
	usleep(200 * 1000);
	cr_expect(!exists(tmp_path("mark")), "the program ran before start");

	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "start", "c1", NULL), 0, "start: %s", r.err);
	cr_expect(mrt_oci_wait_status(root, "c1", "running"));
	for (int i = 0; i < 100 && !exists(tmp_path("mark")); i++)
		usleep(20 * 1000);
	cr_expect(exists(tmp_path("mark")), "the program did not run after start");

	/* A container starts once. */
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "start", "c1", NULL), 125);
	cr_expect(strstr(r.err, "running"), "stderr: %s", r.err);

	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "kill", "c1", "KILL", NULL), 0, "kill: %s", r.err);
	cr_expect(mrt_oci_wait_status(root, "c1", "stopped"));
	/* A stopped container keeps its state until delete. */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/c1", root);
	cr_expect(exists(dir));
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "delete", "c1", NULL), 0, "delete: %s", r.err);
	cr_expect(!exists(dir), "delete left %s", dir);
	cr_expect_str_eq(mrt_oci_status(root, "c1", NULL), "");
}

Test(oci, state_is_the_runtime_spec_document)
{
	make_bundle((const char *[]){"/bin/sleep", "100", NULL});
	json_object_set_new(cfg, "annotations", json_pack("{s:s}", "org.example.key", "value"));
	write_bundle();
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, "s1", NULL), 0,
	             "create: %s", r.err);
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "state", "s1", NULL), 0, "state: %s", r.err);
	json_error_t jerr;
	json_t *st = json_loads(r.out, 0, &jerr);
	cr_assert(st, "state is not JSON: %s", r.out);
	cr_expect(!strncmp(json_string_value(json_object_get(st, "ociVersion")) ?: "", "1.", 2));
	cr_expect_str_eq(json_string_value(json_object_get(st, "id")) ?: "", "s1");
	cr_expect_str_eq(json_string_value(json_object_get(st, "status")) ?: "", "created");
	cr_expect_gt(json_integer_value(json_object_get(st, "pid")), 1);
	char *real = realpath(bundle, NULL);
	cr_expect_str_eq(json_string_value(json_object_get(st, "bundle")) ?: "", real);
	free(real);
	cr_expect_str_eq(json_string_value(json_object_get(json_object_get(st, "annotations"), "org.example.key")) ?: "",
	                 "value");
	json_int_t pid = json_integer_value(json_object_get(st, "pid"));
	json_decref(st);

	/* list: the same container, and its owner by name from the host's
	 * /etc/passwd (root is uid 0 there). */
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "list", "--format", "json", NULL), 0, "list: %s", r.err);
	json_t *list = json_loads(r.out, 0, &jerr);
	cr_assert(json_is_array(list) && json_array_size(list) == 1, "list: %s", r.out);
	json_t *row = json_array_get(list, 0);
	cr_expect_str_eq(json_string_value(json_object_get(row, "id")) ?: "", "s1");
	cr_expect_str_eq(json_string_value(json_object_get(row, "status")) ?: "", "created");
	cr_expect_eq(json_integer_value(json_object_get(row, "pid")), pid);
	cr_expect_str_eq(json_string_value(json_object_get(row, "owner")) ?: "", "root");
	json_decref(list);
}

Test(oci, delete_of_a_running_container_needs_force)
{
	make_bundle((const char *[]){"/bin/sleep", "100", NULL});
	write_bundle();
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "run", "-d", "--bundle", bundle, "d1", NULL), 0,
	             "run -d: %s", r.err);
	pid_t pid;
	cr_assert_str_eq(mrt_oci_status(root, "d1", &pid), "running");
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "delete", "d1", NULL), 125);
	cr_expect(strstr(r.err, "d1 is running"), "stderr: %s", r.err);
	cr_expect_str_eq(mrt_oci_status(root, "d1", NULL), "running", "a refused delete must not touch it");
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "delete", "--force", "d1", NULL), 0, "%s", r.err);
	cr_expect_str_eq(mrt_oci_status(root, "d1", NULL), "");
	cr_expect(mrt_all_dead(&pid, 1), "pid %d survived delete --force", pid);
}

Test(oci, a_bad_preserve_fds_is_refused_by_every_command)
{
	/* create, run and exec read --preserve-fds the same way: a count, or a
	 * clear 125 before anything is touched. */
	const char *cmds[][6] = {{"create", "--preserve-fds", "3x", "p1", NULL},
	                         {"run", "--preserve-fds", "-1", "p1", NULL},
	                         {"exec", "--preserve-fds", "many", "p1", "/bin/true", NULL}};
	for (size_t i = 0; i < 3; i++) {
		mrt_run_free(&r);
		cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, cmds[i][0], cmds[i][1], cmds[i][2], cmds[i][3],
		                     cmds[i][4], NULL),
		             125, "%s", cmds[i][0]);
		cr_expect(strstr(r.err, "--preserve-fds") && strstr(r.err, "expected a number"), "%s: %s", cmds[i][0],
		          r.err);
		cr_expect_str_eq(mrt_oci_status(root, "p1", NULL), "", "%s left a container", cmds[i][0]);
	}
}

Test(oci, unknown_ids_are_errors)
{
	const char *cmds[] = {"state", "start", "kill", "delete"};
	for (size_t i = 0; i < 4; i++) {
		mrt_run_free(&r);
		cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, cmds[i], "nosuch", NULL), 125, "%s", cmds[i]);
		cr_expect(strstr(r.err, "nosuch") && strstr(r.err, "does not exist"), "%s: %s", cmds[i], r.err);
	}
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "state", "../etc", NULL), 125);
	/* delete --force means "make sure it is gone" (runc's rule, which
	 * engines rely on when they clean up after a failed create). */
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "delete", "--force", "nosuch", NULL), 0, "%s", r.err);
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "delete", "--force", "../etc", NULL), 125);
}

Test(oci, an_id_is_used_once)
{
	make_bundle((const char *[]){"/bin/sleep", "100", NULL});
	write_bundle();
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, "dup", NULL), 0,
	             "%s", r.err);
	pid_t pid;
	mrt_oci_status(root, "dup", &pid);
	mrt_run_free(&r);
	cr_expect_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, "dup", NULL), 125);
	cr_expect(strstr(r.err, "already exists"), "stderr: %s", r.err);
	pid_t again;
	cr_expect_str_eq(mrt_oci_status(root, "dup", &again), "created");
	cr_expect_eq(again, pid, "the second create must not touch the first container");
}

Test(oci, bad_config_is_a_clear_error_and_leaves_nothing)
{
	make_bundle((const char *[]){"/bin/true", NULL});
	json_object_set_new(json_object_get(json_object_get(cfg, "process"), "capabilities"), "bounding",
	                    json_pack("[s, s, s]", "CAP_CHOWN", "CAP_KILL", "CAP_FOO"));
	write_bundle();
	cr_expect_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, "bad", NULL), 125);
	cr_expect(strstr(r.err, "process.capabilities.bounding[2]") && strstr(r.err, "CAP_FOO"), "stderr: %s", r.err);
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/bad", root);
	cr_expect(!exists(dir), "a failed create left %s", dir);
}

Test(oci, setup_failure_leaves_no_state_process_or_cgroup)
{
	/* A mount whose source does not exist fails inside the container,
	 * after clone and after the cgroup was made. */
	make_bundle((const char *[]){"/bin/true", NULL});
	json_array_append_new(json_object_get(cfg, "mounts"),
	                      json_pack("{s:s, s:s, s:s, s:[s]}", "destination", "/mnt", "type", "bind", "source",
	                                "/nonexistent/source", "options", "rbind"));
	write_bundle();
	cr_expect_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, "half", NULL), 125);
	cr_expect(strstr(r.err, "/nonexistent/source"), "stderr: %s", r.err);
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/half", root);
	cr_expect(!exists(dir), "a failed create left %s", dir);
	cr_expect(!exists("/sys/fs/cgroup/unified/minirun/half") && !exists("/sys/fs/cgroup/pids/minirun/half") &&
	                  !exists("/sys/fs/cgroup/minirun/half"),
	          "a failed create left its cgroup");
}

/* ---- run ------------------------------------------------------------------- */

Test(oci, run_passes_the_exit_status_and_deletes)
{
	make_bundle((const char *[]){"/bin/sh", "-c", "exit 7", NULL});
	write_bundle();
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "run", "--bundle", bundle, "r1", NULL), 7, "%s", r.err);
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/r1", root);
	cr_expect(!exists(dir), "run left its state");
	mrt_run_free(&r);
	json_decref(cfg);
	mrt_rm_rf(bundle);
	free(bundle);
	/* Killed by a signal: 128+N. (Without a pid namespace: pid 1 of one
	 * cannot be sent SIGKILL from inside.) */
	make_bundle((const char *[]){"/bin/sh", "-c", "kill -9 $$", NULL});
	remove_namespace(cfg, "pid");
	write_bundle();
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "run", "--bundle", bundle, "r2", NULL), 137);
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "run", "--bundle", bundle, "bad/id", NULL), 125);
}

Test(oci, run_output_reaches_the_caller)
{
	make_bundle((const char *[]){"/bin/sh", "-c", "echo out; echo err >&2; hostname", NULL});
	write_bundle();
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "run", "--bundle", bundle, "io", NULL), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "out\nminirun\n");
	cr_expect_str_eq(r.err, "err\n");
}

/* ---- kill ------------------------------------------------------------------ */

Test(oci, kill_sends_the_signal)
{
	/* A shell as pid 1 with a TERM handler: the signal arrives. */
	char script[1024];
	snprintf(script, sizeof script, "trap 'echo term > %s; exit 3' TERM; echo ready > %s; while :; do sleep 0.1; done",
	         tmp_path("term"), tmp_path("ready"));
	make_bundle((const char *[]){"/bin/sh", "-c", script, NULL});
	write_bundle();
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "run", "-d", "--bundle", bundle, "k1", NULL), 0,
	             "%s", r.err);
	for (int i = 0; i < 200 && !exists(tmp_path("ready")); i++)
		usleep(20 * 1000);
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "kill", "k1", "SIGTERM", NULL), 0, "%s", r.err);
	cr_expect(mrt_oci_wait_status(root, "k1", "stopped"));
	cr_expect(exists(tmp_path("term")), "the TERM handler did not run");
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "kill", "k1", "KILL", NULL), 125);
	cr_expect(strstr(r.err, "not running"), "stderr: %s", r.err);
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "kill", "k1", "SIGFOO", NULL), 125);
}

Test(oci, kill_all_reaches_every_process)
{
	make_bundle((const char *[]){"/bin/sh", "-c", "sleep 100 & sleep 100 & wait", NULL});
	/* Without a pid namespace, killing pid 1 would not take the others. */
	remove_namespace(cfg, "pid");
	write_bundle();
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "run", "-d", "--bundle", bundle, "ka", NULL), 0,
	             "%s", r.err);
	usleep(300 * 1000);
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "kill", "--all", "ka", "KILL", NULL), 0, "%s", r.err);
	cr_expect(mrt_oci_wait_status(root, "ka", "stopped"));
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "delete", "ka", NULL), 0, "%s", r.err);
}

/* ---- exec ------------------------------------------------------------------ */

Test(oci, exec_joins_the_running_container)
{
	make_bundle((const char *[]){"/bin/sleep", "100", NULL});
	json_object_set_new(cfg, "hostname", json_string("inside"));
	write_bundle();
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "run", "-d", "--bundle", bundle, "e1", NULL), 0,
	             "%s", r.err);
	pid_t pid;
	mrt_oci_status(root, "e1", &pid);
	char host_ns[256], path[64];
	snprintf(path, sizeof path, "/proc/%d/ns/pid", pid);
	ssize_t n = readlink(path, host_ns, sizeof host_ns - 1);
	cr_assert_gt(n, 0);
	host_ns[n] = 0;

	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "exec", "e1", "/bin/sh", "-c",
	                     "readlink /proc/self/ns/pid; hostname", NULL),
	             0, "exec: %s", r.err);
	cr_expect(!strncmp(r.out, host_ns, strlen(host_ns)), "exec's pid ns %s, container's %s", r.out, host_ns);
	cr_expect(strstr(r.out, "\ninside\n"), "out: %s", r.out);

	/* The exit status comes back; the container is untouched. */
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "exec", "e1", "/bin/sh", "-c", "exit 3", NULL), 3);
	cr_expect_str_eq(mrt_oci_status(root, "e1", NULL), "running");
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "exec", "e1", "/nonexistent", NULL), 127);

	/* --process: an OCI process object. */
	char proc[512];
	snprintf(proc, sizeof proc, "%s/process.json", tmp);
	json_t *p = json_pack("{s:b, s:{s:i, s:i}, s:[s, s, s], s:[s], s:s}", "terminal", 0, "user", "uid", 1000, "gid",
	                      1000, "args", "/bin/sh", "-c", "id -u; echo $FOO; pwd", "env", "FOO=bar", "cwd", "/tmp");
	json_dump_file(p, proc, 0);
	json_decref(p);
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "exec", "--process", proc, "e1", NULL), 0, "%s", r.err);
	cr_expect_str_eq(r.out, "1000\nbar\n/tmp\n");
}

Test(oci, exec_into_a_stopped_container_is_an_error)
{
	make_bundle((const char *[]){"/bin/true", NULL});
	write_bundle();
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "run", "-d", "--bundle", bundle, "e2", NULL), 0);
	cr_expect(mrt_oci_wait_status(root, "e2", "stopped"));
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "exec", "e2", "/bin/true", NULL), 125);
	cr_expect(strstr(r.err, "stopped"), "stderr: %s", r.err);
}

/* ---- as an engine drives it -------------------------------------------- */

/* Receive one fd over a unix stream socket (SCM_RIGHTS). */
static int recv_fd(int sock)
{
	char byte;
	struct iovec iov = {&byte, 1};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
	if (recvmsg(sock, &msg, 0) <= 0)
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof fd);
	return fd;
}

Test(oci, end_to_end_with_pid_file_and_console_socket)
{
	make_bundle((const char *[]){"/bin/sh", "-c", "tty; echo hello from the pty", NULL});
	json_object_set_new(json_object_get(cfg, "process"), "terminal", json_true());
	write_bundle();
	/* The engine's console socket: listen, let create connect. */
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", tmp_path("console.sock"));
	int lsock = socket(AF_UNIX, SOCK_STREAM, 0);
	cr_assert_eq(bind(lsock, (struct sockaddr *)&addr, sizeof addr), 0);
	cr_assert_eq(listen(lsock, 1), 0);

	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "--log", tmp_path("log.json"), "--log-format",
	                              "json", "create", "--bundle", bundle, "--pid-file", tmp_path("pid"),
	                              "--console-socket", addr.sun_path, "e2e", NULL),
	             0, "create: %s", r.err);
	int conn = accept(lsock, NULL, NULL);
	cr_assert_geq(conn, 0);
	int master = recv_fd(conn);
	cr_assert_geq(master, 0, "no pty master on the console socket");
	char *pidtext = mrt_read_file(tmp_path("pid"));
	cr_assert(pidtext);
	pid_t pid;
	cr_expect_str_eq(mrt_oci_status(root, "e2e", &pid), "created");
	cr_expect_eq(pid, atoi(pidtext));
	free(pidtext);

	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "start", "e2e", NULL), 0, "start: %s", r.err);
	char out[4096] = {0};
	size_t len = 0;
	for (int i = 0; i < 100 && !strstr(out, "hello from the pty"); i++) {
		ssize_t n = read(master, out + len, sizeof out - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	cr_expect(strstr(out, "/dev/pts/"), "the program's stdio is not a pty: %s", out);
	cr_expect(strstr(out, "hello from the pty"), "pty output: %s", out);
	cr_expect(mrt_oci_wait_status(root, "e2e", "stopped"));
	mrt_run_free(&r);
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "delete", "e2e", NULL), 0, "%s", r.err);
	cr_expect_str_eq(mrt_oci_status(root, "e2e", NULL), "");
	close(master);
	close(conn);
	close(lsock);
}

Test(oci, errors_go_to_the_json_log_engines_read)
{
	cr_expect_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "--log", tmp_path("log.json"), "--log-format", "json",
	                     "state", "missing", NULL),
	             125);
	char *log = mrt_read_file(tmp_path("log.json"));
	cr_assert(log, "no log file");
	json_error_t jerr;
	json_t *line = json_loads(log, JSON_DISABLE_EOF_CHECK, &jerr);
	cr_assert(line, "log is not JSON lines: %s", log);
	cr_expect_str_eq(json_string_value(json_object_get(line, "level")) ?: "", "error");
	cr_expect(strstr(json_string_value(json_object_get(line, "msg")) ?: "", "missing"), "log: %s", log);
	json_decref(line);
	free(log);
}

/* ---- hooks ------------------------------------------------------------------ */

static json_t *hook(const char *name, const char *log)
{
	char script[1024];
	snprintf(script, sizeof script, "echo %s >> %s; cat >> %s; echo >> %s", name, log, log, log);
	return json_pack("[{s:s, s:[s, s, s], s:i}]", "path", "/bin/sh", "args", "sh", "-c", script, "timeout", 10);
}

Test(oci, hooks_run_in_the_documented_order_with_the_state)
{
	make_bundle((const char *[]){"/bin/true", NULL});
	const char *log = tmp_path("hooks.log");
	json_object_set_new(cfg, "hooks",
	                    json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "prestart", hook("prestart", log), "createRuntime",
	                              hook("createRuntime", log), "createContainer", hook("createContainer", log),
	                              "startContainer", hook("startContainer", log), "poststart", hook("poststart", log),
	                              "poststop", hook("poststop", log)));
	write_bundle();
	cr_assert_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, "hk", NULL), 0,
	             "create: %s", r.err);
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "start", "hk", NULL), 0, "start: %s", r.err);
	cr_expect(mrt_oci_wait_status(root, "hk", "stopped"));
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "delete", "hk", NULL), 0, "delete: %s", r.err);
	char *text = mrt_read_file(log);
	cr_assert(text, "no hook ran");
	const char *order[] = {"prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"};
	const char *at = text;
	for (size_t i = 0; i < 6; i++) {
		char want[64];
		snprintf(want, sizeof want, "%s\n{", order[i]);
		const char *found = strstr(at, want);
		cr_expect(found, "%s missing or out of order in:\n%s", order[i], text);
		if (found)
			at = found + 1;
	}
	cr_expect(strstr(text, "\"id\":\"hk\""), "hooks did not get the state on stdin:\n%s", text);
	free(text);
}

Test(oci, a_failing_prestart_hook_aborts_create)
{
	make_bundle((const char *[]){"/bin/true", NULL});
	json_object_set_new(cfg, "hooks", json_pack("{s:[{s:s}]}", "prestart", "path", "/bin/false"));
	write_bundle();
	cr_expect_eq(mrt_run_detached(&r, MR_AS_ROOT, "--root", root, "create", "--bundle", bundle, "hf", NULL), 125);
	cr_expect(strstr(r.err, "prestart") && strstr(r.err, "/bin/false"), "stderr: %s", r.err);
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/hf", root);
	cr_expect(!exists(dir), "a failed create left %s", dir);
}

/* ---- flags and config.json: one struct, one launch ---------------------- */

static char *status_lines(const char *status)
{
	static const char *const keep[] = {"Uid:", "Gid:", "Groups:", "NoNewPrivs:", "Seccomp:", "Seccomp_filters:",
	                                   "CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:"};
	char *outp = calloc(1, 4096), *copy = strdup(status);
	for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
		for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
			if (!strncmp(line, keep[i], strlen(keep[i])))
				strcat(strcat(outp, line), "\n");
	free(copy);
	return outp;
}

/* The status lines of `cat /proc/self/status` run by the flags and by a
 * config.json saying the same: uid 1000, only NET_BIND_SERVICE in all five
 * sets, no_new_privs, and the seccomp profile at `profile` (NULL: none). */
static void compare_flags_and_config(const char *profile, const char *id)
{
	char opt[1100];
	snprintf(opt, sizeof opt, "seccomp=%s", profile ? profile : "unconfined");
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--user", "1000", "--cap-drop", "ALL", "--cap-add", "NET_BIND_SERVICE",
	                     "--security-opt", opt, "@ROOTFS", "/bin/cat", "/proc/self/status", NULL),
	             0, "flags: %s", r.err);
	char *from_flags = status_lines(r.out);

	make_bundle((const char *[]){"/bin/cat", "/proc/self/status", NULL});
	json_t *proc = json_object_get(cfg, "process");
	json_object_set_new(proc, "user", json_pack("{s:i, s:i}", "uid", 1000, "gid", 1000));
	json_t *one = json_pack("[s]", "CAP_NET_BIND_SERVICE");
	json_object_set_new(proc, "capabilities",
	                    json_pack("{s:O, s:O, s:O, s:O, s:O}", "bounding", one, "effective", one, "permitted", one,
	                              "inheritable", one, "ambient", one));
	json_decref(one);
	json_t *linux_ = json_object_get(cfg, "linux");
	json_object_del(linux_, "seccomp");
	if (profile) {
		json_error_t jerr;
		json_t *sc = json_load_file(profile, 0, &jerr);
		cr_assert(sc);
		json_object_set_new(linux_, "seccomp", sc);
	}
	write_bundle();
	mrt_run_free(&r);
	cr_assert_eq(mrt_run(&r, MR_AS_ROOT, "--root", root, "run", "--bundle", bundle, id, NULL), 0, "run: %s", r.err);
	char *from_config = status_lines(r.out);
	cr_expect_str_eq(from_config, from_flags);
	cr_expect(strstr(from_flags, "CapAmb:\t0000000000000400"), "%s", from_flags);
	cr_expect(strstr(from_flags, profile ? "Seccomp:\t2" : "Seccomp:\t0"), "%s", from_flags);
	free(from_flags);
	free(from_config);
}

Test(oci, the_same_flags_and_config_give_the_same_process)
{
	compare_flags_and_config(NULL, "same");
}

Test(oci, the_same_flags_and_config_with_dockers_profile_give_the_same_process)
{
	char profile[1024];
	const char *ref = getenv("MINIRUN_SECCOMP_REFERENCE");
	snprintf(profile, sizeof profile, "%s/moby-default.json", ref ? ref : "/nonexistent");
	if (!exists(profile))
		cr_skip_test("no reference seccomp profile at %s", profile);
	compare_flags_and_config(profile, "same-seccomp");
}

/* ---- rootless ------------------------------------------------------------- */

Test(oci, rootless_lifecycle)
{
	cfg = mrt_spec(true, (const char *[]){"/bin/sh", "-c", "cat /proc/self/uid_map; id -u", NULL});
	/* spec --rootless maps the caller; here the caller is the test's
	 * unprivileged uid, not root who ran spec. */
	json_object_set_new(json_object_get(cfg, "linux"), "uidMappings",
	                    json_pack("[{s:i, s:i, s:i}]", "containerID", 0, "hostID", MR_AS_NOBODY, "size", 1));
	json_object_set_new(json_object_get(cfg, "linux"), "gidMappings",
	                    json_pack("[{s:i, s:i, s:i}]", "containerID", 0, "hostID", MR_AS_NOBODY, "size", 1));
	write_bundle();
	/* A state root of the user's own, made by minirun. */
	char own[600];
	snprintf(own, sizeof own, "%s/nobody", root);
	cr_assert_eq(mrt_run(&r, MR_AS_NOBODY, "--root", own, "run", "--bundle", bundle, "rl", NULL), 0, "run: %s",
	             r.err);
	unsigned inside, outside, count;
	cr_assert_eq(sscanf(r.out, "%u %u %u", &inside, &outside, &count), 3, "out: %s", r.out);
	cr_expect_eq(inside, 0);
	cr_expect_eq(outside, MR_AS_NOBODY);
	cr_expect(strstr(r.out, "\n0\n"), "out: %s", r.out);
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/rl", own);
	cr_expect(!exists(dir));
}
