/* Unit tests for lib/state.c: the container directory, its lock, the
 * atomic state.json, the status read from /proc, ids and listing. Each
 * test works in a fresh temp root. */
#include "state.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char base[64];
static char root[128];

static void make_root(void)
{
	strcpy(base, "/tmp/mr-unit-state-XXXXXX");
	cr_assert_not_null(mkdtemp(base));
	/* two levels that do not exist yet: create makes them */
	snprintf(root, sizeof root, "%s/run/minirun", base);
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void remove_root(void)
{
	nftw(base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

TestSuite(state, .init = make_root, .fini = remove_root);

static void create_ok(const char *id, struct mr_state *st)
{
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_state_create(root, id, st, &err), 0, "%s", err.msg);
}

static void open_ok(const char *id, struct mr_state *st)
{
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_state_open(root, id, st, &err), 0, "%s", err.msg);
}

static void save_ok(const struct mr_state *st)
{
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_state_save(st, &err), 0, "%s", err.msg);
}

static void set_str(char **field, const char *value)
{
	free(*field);
	*field = value ? strdup(value) : NULL;
}

static mode_t mode_of(const char *path)
{
	struct stat sb;
	cr_assert_eq(lstat(path, &sb), 0, "%s: %s", path, strerror(errno));
	return sb.st_mode;
}

/* ---- create ------------------------------------------------------------ */

Test(state, create_makes_the_directory_lock_and_fifo_with_exact_modes)
{
	umask(077); /* modes are set exactly, not through the umask */
	struct mr_state st;
	create_ok("web", &st);
	char path[256];
	cr_assert_eq(mode_of(root), S_IFDIR | 0700);
	snprintf(path, sizeof path, "%s/web", root);
	cr_assert_str_eq(st.dir, path);
	cr_assert_eq(mode_of(path), S_IFDIR | 0711);
	snprintf(path, sizeof path, "%s/web/exec.fifo", root);
	cr_assert_eq(mode_of(path), S_IFIFO | 0622);
	char *fifo = mr_state_path(&st, "exec.fifo");
	cr_assert_str_eq(fifo, path);
	free(fifo);
	snprintf(path, sizeof path, "%s/web/lock", root);
	cr_assert(S_ISREG(mode_of(path)));
	cr_assert_str_eq(st.id, "web");
	cr_assert_eq(st.owner, geteuid());
	cr_assert_geq(st.lockfd, 0);
	mr_state_close(&st);
}

Test(state, an_existing_id_is_refused)
{
	struct mr_state st, again;
	struct mr_error err = MR_ERROR_INIT;
	create_ok("dup", &st);
	save_ok(&st);
	mr_state_close(&st);
	cr_assert_eq(mr_state_create(root, "dup", &again, &err), -1);
	cr_assert_str_eq(err.msg, "container \"dup\" already exists");
	cr_assert_eq(err.exit_code, MR_EXIT_RUNTIME);
	cr_assert_eq(again.lockfd, -1);
	/* the first container is untouched */
	open_ok("dup", &st);
	mr_state_close(&st);
}

Test(state, a_missing_container_does_not_exist)
{
	struct mr_state st;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_state_open(root, "nope", &st, &err), -1);
	cr_assert_str_eq(err.msg, "container \"nope\" does not exist");
	cr_assert_eq(err.exit_code, MR_EXIT_RUNTIME);
	struct mr_error err2 = MR_ERROR_INIT;
	cr_assert_eq(mr_state_read(root, "nope", &st, &err2), -1);
	cr_assert_str_eq(err2.msg, "container \"nope\" does not exist");
	mr_state_close(&st); /* harmless after a failed open */
}

/* ---- the lock ----------------------------------------------------------- */

/* In a child: open `id` (waiting for the lock) and write its bundle, or
 * "ERR:<msg>", to fd. */
static pid_t opener(const char *id, int fd)
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlives a failed test */
	struct mr_state st;
	struct mr_error err = MR_ERROR_INIT;
	char out[1100];
	if (mr_state_open(root, id, &st, &err) == 0)
		snprintf(out, sizeof out, "%s", st.bundle);
	else
		snprintf(out, sizeof out, "ERR:%s", err.msg);
	_exit(write(fd, out, strlen(out)) > 0 ? 0 : 1);
}

static bool readable_within(int fd, int ms)
{
	struct pollfd p = {fd, POLLIN, 0};
	return poll(&p, 1, ms) == 1;
}

static void read_str(int fd, char *buf, size_t len)
{
	ssize_t n = read(fd, buf, len - 1);
	cr_assert_gt(n, 0);
	buf[n] = 0;
}

Test(state, a_second_opener_waits_until_the_first_closes)
{
	struct mr_state st;
	int p[2];
	char got[1100];
	cr_assert_eq(pipe(p), 0);
	create_ok("locked", &st);
	set_str(&st.bundle, "/first");
	save_ok(&st);

	pid_t child = opener("locked", p[1]);
	cr_assert_not(readable_within(p[0], 400), "the second opener did not wait for the lock");
	/* what the first writes before closing is what the second reads */
	set_str(&st.bundle, "/second");
	save_ok(&st);
	mr_state_close(&st);
	cr_assert(readable_within(p[0], 5000), "the second opener never got the lock");
	read_str(p[0], got, sizeof got);
	cr_assert_str_eq(got, "/second");
	int status;
	cr_assert_eq(waitpid(child, &status, 0), child);
	cr_assert_eq(status, 0);
}

Test(state, a_process_forked_while_open_does_not_hold_the_lock)
{
	/* The container's process is cloned by create while it holds the
	 * lock, and waits on exec.fifo with every fd still open: `start` must
	 * not wait for it. */
	struct mr_state st;
	int p[2];
	char got[1100];
	cr_assert_eq(pipe(p), 0);
	create_ok("forked", &st);
	set_str(&st.bundle, "/b");
	save_ok(&st);
	pid_t sleeper = fork();
	cr_assert_geq(sleeper, 0);
	if (sleeper == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		sleep(30);
		_exit(0);
	}
	mr_state_close(&st);
	pid_t child = opener("forked", p[1]);
	bool got_it = readable_within(p[0], 3000);
	kill(sleeper, SIGKILL);
	waitpid(sleeper, NULL, 0);
	cr_assert(got_it, "a forked child kept the container locked");
	read_str(p[0], got, sizeof got);
	cr_assert_str_eq(got, "/b");
	waitpid(child, NULL, 0);
}

Test(state, read_does_not_wait_for_the_lock)
{
	struct mr_state st;
	int p[2];
	cr_assert_eq(pipe(p), 0);
	create_ok("busy", &st);
	set_str(&st.bundle, "/busy");
	save_ok(&st);
	pid_t child = fork();
	cr_assert_geq(child, 0);
	if (child == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		struct mr_state rd;
		struct mr_error err = MR_ERROR_INIT;
		int rc = mr_state_read(root, "busy", &rd, &err);
		_exit(rc == 0 && !strcmp(rd.bundle, "/busy") && write(p[1], "ok", 2) == 2 ? 0 : 1);
	}
	bool quick = readable_within(p[0], 3000);
	mr_state_close(&st);
	int status;
	waitpid(child, &status, 0);
	cr_assert(quick, "mr_state_read waited for the lock");
	cr_assert_eq(status, 0);
}

Test(state, an_opener_waiting_through_a_delete_finds_nothing)
{
	struct mr_state st;
	struct mr_error err = MR_ERROR_INIT;
	int p[2];
	char got[1100];
	cr_assert_eq(pipe(p), 0);
	create_ok("doomed", &st);
	save_ok(&st);
	pid_t child = opener("doomed", p[1]);
	cr_assert_not(readable_within(p[0], 300));
	cr_assert_eq(mr_state_remove(&st, &err), 0, "%s", err.msg);
	mr_state_close(&st);
	cr_assert(readable_within(p[0], 5000));
	read_str(p[0], got, sizeof got);
	cr_assert_str_eq(got, "ERR:container \"doomed\" does not exist");
	waitpid(child, NULL, 0);
}

Test(state, an_opener_waiting_through_a_delete_and_a_new_create_gets_the_new_one)
{
	struct mr_state old, fresh;
	struct mr_error err = MR_ERROR_INIT;
	int p[2];
	char got[1100];
	cr_assert_eq(pipe(p), 0);
	create_ok("reborn", &old);
	set_str(&old.bundle, "/old");
	save_ok(&old);
	pid_t child = opener("reborn", p[1]);
	cr_assert_not(readable_within(p[0], 300));
	cr_assert_eq(mr_state_remove(&old, &err), 0, "%s", err.msg);
	create_ok("reborn", &fresh);
	mr_state_close(&old); /* the opener wakes up on the old directory... */
	set_str(&fresh.bundle, "/new");
	save_ok(&fresh);
	cr_assert_not(readable_within(p[0], 300), "the opener did not wait for the new lock");
	mr_state_close(&fresh); /* ...and must end up with the new one */
	cr_assert(readable_within(p[0], 5000));
	read_str(p[0], got, sizeof got);
	cr_assert_str_eq(got, "/new");
	waitpid(child, NULL, 0);
}

/* ---- state.json ----------------------------------------------------------- */

Test(state, save_and_open_round_trip_every_field)
{
	struct mr_state st, back;
	create_ok("rt", &st);
	set_str(&st.bundle, "/srv/bundle");
	set_str(&st.created, "2026-01-02T03:04:05.000000006Z");
	set_str(&st.cgroup, "minirun/rt");
	set_str(&st.status, "created");
	st.pid = getpid();
	st.start_time = mr_proc_start_time(getpid());
	st.owner = 1234;
	st.annotations = json_pack("{s:s, s:s}", "a", "1", "org.example/b", "two");
	save_ok(&st);
	mr_state_close(&st);

	open_ok("rt", &back);
	cr_assert_str_eq(back.id, "rt");
	cr_assert_str_eq(back.bundle, "/srv/bundle");
	cr_assert_str_eq(back.created, "2026-01-02T03:04:05.000000006Z");
	cr_assert_str_eq(back.cgroup, "minirun/rt");
	cr_assert_str_eq(back.status, "created");
	cr_assert_eq(back.pid, getpid());
	cr_assert_eq(back.start_time, mr_proc_start_time(getpid()));
	cr_assert_gt(back.start_time, 0);
	cr_assert_eq(back.owner, 1234);
	cr_assert_not_null(back.annotations);
	cr_assert_str_eq(json_string_value(json_object_get(back.annotations, "org.example/b")), "two");
	cr_assert_eq(json_object_size(back.annotations), 2);
	/* no cgroup, no annotations: NULL again */
	set_str(&back.cgroup, NULL);
	json_decref(back.annotations);
	back.annotations = NULL;
	save_ok(&back);
	mr_state_close(&back);
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_state_read(root, "rt", &back, &err), 0, "%s", err.msg);
	cr_assert_null(back.cgroup);
	cr_assert_null(back.annotations);
	cr_assert_str_eq(back.bundle, "/srv/bundle");
	mr_state_close(&back);
}

static int count_entries(const char *dir, char *names, size_t len)
{
	DIR *d = opendir(dir);
	cr_assert_not_null(d, "%s", dir);
	int n = 0;
	names[0] = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		n++;
		strncat(names, e->d_name, len - strlen(names) - 2);
		strcat(names, " ");
	}
	closedir(d);
	return n;
}

Test(state, save_replaces_state_json_leaving_no_temp_file)
{
	struct mr_state st;
	create_ok("atomic", &st);
	set_str(&st.bundle, "/b");
	for (int i = 0; i < 3; i++)
		save_ok(&st);
	char dir[256], names[512], path[300];
	snprintf(dir, sizeof dir, "%s/atomic", root);
	cr_assert_eq(count_entries(dir, names, sizeof names), 3, "entries: %s", names);
	cr_assert(strstr(names, "state.json ") && strstr(names, "lock ") &&
	          strstr(names, "exec.fifo "), "entries: %s", names);
	snprintf(path, sizeof path, "%s/state.json", dir);
	cr_assert_eq(mode_of(path), S_IFREG | 0600);
	/* the spec's fields, and ours under "minirun" */
	json_error_t jerr;
	json_t *doc = json_load_file(path, 0, &jerr);
	cr_assert_not_null(doc, "%s", jerr.text);
	cr_assert_str_eq(json_string_value(json_object_get(doc, "ociVersion")), "1.2.0");
	cr_assert_str_eq(json_string_value(json_object_get(doc, "bundle")), "/b");
	json_t *ours = json_object_get(doc, "minirun");
	cr_assert(json_is_object(ours));
	cr_assert_str_eq(json_string_value(json_object_get(ours, "status")), "creating");
	cr_assert(json_is_string(json_object_get(ours, "created")));
	cr_assert_gt(strlen(json_string_value(json_object_get(ours, "created"))), 20);
	json_decref(doc);
	/* nothing else appeared in the root either */
	cr_assert_eq(count_entries(root, names, sizeof names), 1, "root: %s", names);
	mr_state_close(&st);
}

Test(state, a_state_read_without_the_lock_cannot_be_saved)
{
	struct mr_state st;
	struct mr_error err = MR_ERROR_INIT;
	create_ok("ro", &st);
	save_ok(&st);
	mr_state_close(&st);
	cr_assert_eq(mr_state_read(root, "ro", &st, &err), 0, "%s", err.msg);
	cr_assert_eq(st.lockfd, -1);
	cr_assert_eq(mr_state_save(&st, &err), -1);
	cr_assert(strstr(err.msg, "without holding its lock"), "%s", err.msg);
	mr_state_close(&st);
}

Test(state, a_corrupt_state_json_names_the_file)
{
	struct mr_state st;
	struct mr_error err = MR_ERROR_INIT;
	create_ok("bad", &st);
	save_ok(&st);
	mr_state_close(&st);
	char path[256];
	snprintf(path, sizeof path, "%s/bad/state.json", root);
	FILE *f = fopen(path, "w");
	fputs("{\"id\": \"bad\", \"bundle\": 3}", f);
	fclose(f);
	cr_assert_eq(mr_state_open(root, "bad", &st, &err), -1);
	cr_assert(strstr(err.msg, path), "%s", err.msg);
	cr_assert_eq(err.exit_code, MR_EXIT_RUNTIME);
}

Test(state, a_create_that_died_before_saving_loads_as_stopped)
{
	struct mr_state st;
	struct mr_error err = MR_ERROR_INIT;
	create_ok("half", &st);
	mr_state_close(&st); /* no save: as if create had crashed */
	/* readers do not see it yet... */
	cr_assert_eq(mr_state_read(root, "half", &st, &err), -1);
	cr_assert_str_eq(err.msg, "container \"half\" does not exist");
	/* ...but delete can open and remove it */
	open_ok("half", &st);
	cr_assert_str_eq(mr_state_status(&st), "stopped");
	cr_assert_str_eq(st.bundle, "");
	cr_assert_eq(mr_state_remove(&st, &err), 0, "%s", err.msg);
	mr_state_close(&st);
	create_ok("half", &st);
	mr_state_close(&st);
}

/* ---- the state document ------------------------------------------------ */

Test(state, the_spec_document_is_compact_and_drops_pid_when_stopped)
{
	struct mr_state st = {.id = "web", .bundle = "/b", .pid = 42, .dirfd = -1, .lockfd = -1};
	char *s = mr_state_json(&st, "running");
	cr_assert_str_eq(s, "{\"ociVersion\":\"1.2.0\",\"id\":\"web\",\"status\":\"running\","
	                    "\"pid\":42,\"bundle\":\"/b\"}");
	free(s);
	s = mr_state_json(&st, "stopped");
	cr_assert_str_eq(s, "{\"ociVersion\":\"1.2.0\",\"id\":\"web\",\"status\":\"stopped\","
	                    "\"bundle\":\"/b\"}");
	free(s);
	st.annotations = json_pack("{s:s}", "k", "v");
	s = mr_state_json(&st, "created");
	cr_assert_str_eq(s, "{\"ociVersion\":\"1.2.0\",\"id\":\"web\",\"status\":\"created\","
	                    "\"pid\":42,\"bundle\":\"/b\",\"annotations\":{\"k\":\"v\"}}");
	free(s);
	json_decref(st.annotations);
}

/* ---- status --------------------------------------------------------------- */

static pid_t sleeper(void)
{
	pid_t pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		/* gone with the test, even one that failed before killing it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		alarm(60);
		pause();
		_exit(0);
	}
	return pid;
}

Test(state, status_of_a_live_process_created_then_running)
{
	struct mr_state st;
	create_ok("live", &st);
	pid_t child = sleeper();
	st.pid = child;
	st.start_time = mr_proc_start_time(child);
	cr_assert_gt(st.start_time, 0);
	set_str(&st.status, "created");
	cr_assert_str_eq(mr_state_status(&st), "created");
	/* start removes the fifo: running even though "created" is recorded */
	char *fifo = mr_state_path(&st, "exec.fifo");
	cr_assert_eq(unlink(fifo), 0);
	free(fifo);
	cr_assert_str_eq(mr_state_status(&st), "running");
	set_str(&st.status, "running");
	cr_assert_str_eq(mr_state_status(&st), "running");
	set_str(&st.status, "creating");
	cr_assert_str_eq(mr_state_status(&st), "creating");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	mr_state_close(&st);
}

Test(state, a_running_status_with_the_fifo_but_recorded_running)
{
	struct mr_state st;
	create_ok("fifo", &st);
	pid_t child = sleeper();
	st.pid = child;
	st.start_time = mr_proc_start_time(child);
	set_str(&st.status, "running");
	cr_assert_str_eq(mr_state_status(&st), "running");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	mr_state_close(&st);
}

Test(state, a_zombie_is_stopped)
{
	struct mr_state st;
	create_ok("zombie", &st);
	pid_t child = fork();
	cr_assert_geq(child, 0);
	if (child == 0)
		_exit(0);
	st.start_time = mr_proc_start_time(child);
	siginfo_t info;
	/* wait for the exit without reaping: a zombie */
	cr_assert_eq(waitid(P_PID, (id_t)child, &info, WEXITED | WNOWAIT), 0);
	st.pid = child;
	set_str(&st.status, "running");
	cr_assert_gt(mr_proc_start_time(child), 0, "the zombie is still in /proc");
	cr_assert_str_eq(mr_state_status(&st), "stopped");
	waitpid(child, NULL, 0);
	/* and once reaped, dead */
	cr_assert_eq(mr_proc_start_time(child), 0);
	cr_assert_str_eq(mr_state_status(&st), "stopped");
	mr_state_close(&st);
}

Test(state, a_recycled_pid_is_stopped)
{
	struct mr_state st;
	create_ok("recycled", &st);
	pid_t child = sleeper();
	st.pid = child;
	st.start_time = mr_proc_start_time(child) + 1; /* another process's start */
	set_str(&st.status, "running");
	cr_assert_str_eq(mr_state_status(&st), "stopped");
	st.start_time--;
	cr_assert_str_eq(mr_state_status(&st), "running");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	mr_state_close(&st);
}

Test(state, no_pid_is_stopped)
{
	struct mr_state st = {.id = "x", .status = "running", .dirfd = -1, .lockfd = -1};
	cr_assert_str_eq(mr_state_status(&st), "stopped");
}

Test(state, proc_start_time)
{
	uint64_t mine = mr_proc_start_time(getpid());
	cr_assert_gt(mine, 0);
	cr_assert_eq(mr_proc_start_time(getpid()), mine);
	cr_assert_geq(mine, mr_proc_start_time(1));
	cr_assert_eq(mr_proc_start_time(0), 0);
	cr_assert_eq(mr_proc_start_time(-1), 0);
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");
	long pid_max = 0;
	cr_assert(f && fscanf(f, "%ld", &pid_max) == 1);
	fclose(f);
	cr_assert_eq(mr_proc_start_time((pid_t)pid_max + 1), 0);
}

/* ---- list and remove ----------------------------------------------------- */

Test(state, list_is_sorted_and_skips_what_is_not_a_container)
{
	const char *ids[] = {"b", "a", "c10", "c9", "A"};
	for (size_t i = 0; i < 5; i++) {
		struct mr_state st;
		create_ok(ids[i], &st);
		mr_state_close(&st);
	}
	char path[256];
	snprintf(path, sizeof path, "%s/.new-abcdef", root); /* a create in progress */
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/not an id", root);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/zfile", root);
	fclose(fopen(path, "w"));

	char **list;
	size_t n;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_state_list(root, &list, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 5);
	const char *want[] = {"A", "a", "b", "c10", "c9"};
	for (size_t i = 0; i < n; i++) {
		cr_assert_str_eq(list[i], want[i]);
		free(list[i]);
	}
	cr_assert_null(list[n]);
	free(list);
}

Test(state, list_of_a_missing_root_is_empty)
{
	char **list;
	size_t n = 99;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_state_list("/nonexistent/minirun-root", &list, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 0);
	cr_assert_null(list[0]);
	free(list);
}

Test(state, remove_leaves_nothing_and_frees_the_id)
{
	struct mr_state st;
	struct mr_error err = MR_ERROR_INIT;
	create_ok("gone", &st);
	set_str(&st.bundle, "/b");
	save_ok(&st);
	char *extra = mr_state_path(&st, "config.json");
	fclose(fopen(extra, "w"));
	free(extra);
	cr_assert_eq(mr_state_remove(&st, &err), 0, "%s", err.msg);
	mr_state_close(&st);
	char names[512];
	cr_assert_eq(count_entries(root, names, sizeof names), 0, "left in root: %s", names);
	cr_assert_eq(mr_state_open(root, "gone", &st, &err), -1);
	cr_assert_str_eq(err.msg, "container \"gone\" does not exist");
	create_ok("gone", &st);
	mr_state_close(&st);
}

/* ---- ids ----------------------------------------------------------------- */

Test(state, ids_that_are_not_one_safe_name_are_refused)
{
	char longest[300];
	memset(longest, 'a', 256);
	longest[256] = 0;
	const char *bad[] = {"", "a/b", "/abs", "..", ".", ".hidden", "-flag", "a..b", "a b",
	                     "tab\there", "caf\xc3\xa9", "semi;colon", longest};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct mr_error err = MR_ERROR_INIT;
		cr_assert_eq(mr_state_check_id(bad[i], &err), -1, "accepted \"%s\"", bad[i]);
		cr_assert_eq(err.exit_code, MR_EXIT_RUNTIME);
		/* the message says what is allowed */
		cr_assert(strstr(err.msg, "letters, digits") || strstr(err.msg, "at most 255"),
		          "%s", err.msg);
		struct mr_state st;
		cr_assert_eq(mr_state_create(root, bad[i], &st, &err), -1);
	}
	cr_assert_eq(access(root, F_OK), -1, "a refused id made %s", root);
}

Test(state, ids_of_allowed_characters_up_to_255_are_accepted)
{
	char longest[300];
	memset(longest, 'z', 255);
	longest[255] = 0;
	const char *good[] = {"a", "web-1", "A.b_c+d-9", "0abc", "x.y", longest};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		struct mr_error err = MR_ERROR_INIT;
		cr_assert_eq(mr_state_check_id(good[i], &err), 0, "%s: %s", good[i], err.msg);
		struct mr_state st;
		create_ok(good[i], &st);
		mr_state_close(&st);
	}
}

Test(state, the_default_root)
{
	if (geteuid() != 0) {
		cr_assert(strstr(mr_state_default_root(), "minirun"));
		return;
	}
	cr_assert_str_eq(mr_state_default_root(), "/run/minirun");
	pid_t child = fork();
	cr_assert_geq(child, 0);
	if (child == 0) {
		if (setuid(65534) < 0)
			_exit(2);
		setenv("XDG_RUNTIME_DIR", "/run/user/65534", 1);
		if (strcmp(mr_state_default_root(), "/run/user/65534/minirun"))
			_exit(3);
		unsetenv("XDG_RUNTIME_DIR");
		_exit(strcmp(mr_state_default_root(), "/tmp/minirun-65534") ? 4 : 0);
	}
	int status;
	waitpid(child, &status, 0);
	cr_assert_eq(status, 0, "child failed with %d", WEXITSTATUS(status));
}
