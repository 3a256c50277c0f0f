#include "bundle.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

json_t *mrt_spec(bool rootless, const char *const *args)
{
	char *dir = mrt_tmpdir();
	struct mr_run r;
	if (mrt_run(&r, MR_AS_ROOT, "spec", "--bundle", dir, rootless ? "--rootless" : NULL, NULL) != 0) {
		fprintf(stderr, "minirun spec failed: %s\n", r.err);
		abort();
	}
	mrt_run_free(&r);
	char path[4096];
	snprintf(path, sizeof path, "%s/config.json", dir);
	json_error_t jerr;
	json_t *cfg = json_load_file(path, 0, &jerr);
	if (!cfg)
		abort();
	mrt_rm_rf(dir);
	free(dir);
	json_object_set_new(json_object_get(cfg, "root"), "path", json_string(mrt_rootfs()));
	json_t *a = json_array();
	for (size_t i = 0; args && args[i]; i++)
		json_array_append_new(a, json_string(args[i]));
	json_object_set_new(json_object_get(cfg, "process"), "args", a);
	return cfg;
}

char *mrt_bundle(const json_t *cfg)
{
	char *dir = mrt_tmpdir();
	char path[4096];
	snprintf(path, sizeof path, "%s/config.json", dir);
	if (json_dump_file(cfg, path, JSON_INDENT(2)) != 0)
		abort();
	chmod(path, 0644);
	return dir;
}

char *mrt_in(const char *dir, const char *name)
{
	static char path[8][1024];
	static int i;
	i = (i + 1) % 8;
	snprintf(path[i], sizeof path[i], "%s/%s", dir, name);
	return path[i];
}

char *mrt_state_root(void)
{
	return mrt_tmpdir();
}

void mrt_rm_rf(const char *path)
{
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
}

void mrt_oci_free(json_t **cfg, char **bundle, char **root, char **tmp)
{
	json_decref(*cfg);
	*cfg = NULL;
	/* A test that bound tmp at the same path inside made that mount point
	 * in the shared test rootfs, as runtimes do: take it back. */
	if (*tmp) {
		char point[1024];
		snprintf(point, sizeof point, "%s%s", mrt_rootfs(), *tmp);
		rmdir(point);
	}
	char **dirs[] = {bundle, root, tmp};
	for (size_t i = 0; i < 3; i++) {
		if (*dirs[i])
			mrt_rm_rf(*dirs[i]);
		free(*dirs[i]);
		*dirs[i] = NULL;
	}
}

const char *mrt_oci_status(const char *root, const char *id, pid_t *pid)
{
	static char status[64];
	struct mr_run r;
	status[0] = 0;
	if (pid)
		*pid = 0;
	if (mrt_run(&r, MR_AS_ROOT, "--root", root, "state", id, NULL) == 0) {
		json_error_t jerr;
		json_t *st = json_loads(r.out, 0, &jerr);
		const char *s = json_string_value(json_object_get(st, "status"));
		snprintf(status, sizeof status, "%s", s ? s : "");
		if (pid)
			*pid = (pid_t)json_integer_value(json_object_get(st, "pid"));
		json_decref(st);
	}
	mrt_run_free(&r);
	return status;
}

bool mrt_oci_wait_status(const char *root, const char *id, const char *want)
{
	for (int i = 0; i < 200; i++) {
		if (!strcmp(mrt_oci_status(root, id, NULL), want))
			return true;
		struct timespec ts = {0, 50 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return false;
}

char *mrt_read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *buf = calloc(1, 65536);
	size_t n = fread(buf, 1, 65535, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static bool dead(pid_t pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	char *stat = mrt_read_file(path);
	const char *end = stat ? strrchr(stat, ')') : NULL;
	bool gone = !end || end[1] != ' ' || end[2] == 'Z' || end[2] == 'X';
	free(stat);
	return gone;
}

bool mrt_all_dead(const pid_t *pids, size_t n)
{
	for (int tries = 0; tries < 250; tries++) {
		size_t alive = 0;
		for (size_t i = 0; i < n; i++)
			alive += !dead(pids[i]);
		if (!alive)
			return true;
		usleep(20 * 1000);
	}
	return false;
}

void mrt_oci_delete_all(const char *root)
{
	struct mr_run l;
	if (mrt_run(&l, MR_AS_ROOT, "--root", root, "list", "-q", NULL) == 0)
		for (char *id = strtok(l.out, "\n"); id; id = strtok(NULL, "\n")) {
			struct mr_run d;
			mrt_run(&d, MR_AS_ROOT, "--root", root, "delete", "--force", id, NULL);
			mrt_run_free(&d);
		}
	mrt_run_free(&l);
}

const char *mrt_cgroup_dir(pid_t pid, const char *ctrl)
{
	static char dir[1024];
	dir[0] = 0;
	char path[64], cgpath[512] = "";
	snprintf(path, sizeof path, "/proc/%d/cgroup", pid);
	char *text = mrt_read_file(path), *save = NULL;
	if (!text)
		return dir;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char ctrls[256] = "";
		const char *colon = strchr(line, ':');
		const char *second = colon ? strchr(colon + 1, ':') : NULL;
		if (!second)
			continue;
		snprintf(ctrls, sizeof ctrls, "%.*s", (int)(second - colon - 1), colon + 1);
		char with_commas[260];
		snprintf(with_commas, sizeof with_commas, ",%s,", ctrls);
		char want[64];
		snprintf(want, sizeof want, ",%s,", ctrl ? ctrl : "");
		if (ctrl ? strstr(with_commas, want) != NULL : !ctrls[0])
			snprintf(cgpath, sizeof cgpath, "%s", second + 1);
	}
	free(text);
	if (!cgpath[0] || !strcmp(cgpath, "/"))
		return dir;
	char *mi = mrt_read_file("/proc/self/mountinfo");
	for (char *line = strtok_r(mi, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char point[512], fstype[64], super[512];
		const char *sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*s %*s %*s %*s %511s", point) != 1 ||
		    sscanf(sep + 3, "%63s %*s %511s", fstype, super) != 2)
			continue;
		char opts[520];
		snprintf(opts, sizeof opts, ",%s,", super);
		char want[64];
		snprintf(want, sizeof want, ",%s,", ctrl ? ctrl : "");
		if ((ctrl && !strcmp(fstype, "cgroup") && strstr(opts, want)) || (!ctrl && !strcmp(fstype, "cgroup2")))
			snprintf(dir, sizeof dir, "%s%s", point, cgpath);
	}
	free(mi);
	return dir;
}

bool mrt_cgroup_left(const char *name)
{
	const char *trees[] = {"", "/unified", "/memory", "/pids", "/cpu", "/cpuset", "/freezer", "/devices", "/systemd"};
	char path[512];
	for (size_t i = 0; i < sizeof trees / sizeof *trees; i++) {
		snprintf(path, sizeof path, "/sys/fs/cgroup%s/%s", trees[i], name);
		if (access(path, F_OK) == 0)
			return true;
	}
	return false;
}
