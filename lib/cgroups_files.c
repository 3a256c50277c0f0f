/* cgroups_files.c: reading and writing a cgroup's files, for cgroups.c and
 * cgroups_limits.c. A write is where the host says no, and its errno alone
 * (EACCES, ENOENT, EBUSY, EINVAL) does not tell a rootless user from a
 * missing controller or a value out of range: so each error names the
 * limit, the value and the file, and says what would help. The freezer
 * is a cgroup's files too: written, then read until the kernel says done. */
#include "cgroups_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROOTLESS_HINT \
	" (rootless: cgroups belong to root unless a subtree is delegated to your user, e.g. by systemd " \
	"with Delegate=yes on a cgroup v2 host, and the container's cgroupsPath lies inside it; run as " \
	"root to set resource limits)"

bool cg_pathf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, CG_PATH, fmt, ap);
	va_end(ap);
	return n >= 0 && n < CG_PATH;
}

ssize_t cg_read_file(const char *dir, const char *file, char *buf, size_t size)
{
	char path[CG_PATH];
	cg_pathf(path, "%s/%s", dir, file);
	buf[0] = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	int saved = errno;
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	errno = saved;
	return n;
}

bool cg_file_exists(const char *dir, const char *file)
{
	char path[CG_PATH];
	cg_pathf(path, "%s/%s", dir, file);
	return access(path, F_OK) == 0;
}

const char *cg_write_hint(int e, const char *file)
{
	if (e == EACCES || e == EPERM || e == EROFS)
		return geteuid() ? ROOTLESS_HINT : " (is /sys/fs/cgroup mounted read-only?)";
	if (e == ENOENT && strstr(file, "swap"))
		return " (this kernel does not account swap: it needs CONFIG_MEMCG_SWAP, and on cgroup v1 "
		       "swapaccount=1 on its command line)";
	if (e == ENOENT)
		return " (the controller is missing, or not enabled for this cgroup)";
	if (e == EBUSY && !strcmp(file, "cgroup.subtree_control"))
		return " (this cgroup has processes of its own: cgroup v2 hands controllers only from "
		       "cgroups without processes to their children)";
	if ((e == EINVAL || e == ERANGE) && !strncmp(file, "cpuset.", 7))
		return " (the kernel refused this value: are those CPUs or memory nodes online? "
		       "see /sys/devices/system/cpu/online)";
	if (e == EINVAL || e == ERANGE || e == EOVERFLOW)
		return " (the kernel refused this value)";
	return "";
}

int cg_write(const char *dir, const char *file, const char *value, const char *what, struct mr_error *err)
{
	char path[CG_PATH];
	cg_pathf(path, "%s/%s", dir, file);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = write(fd, value, strlen(value));
		int saved = errno;
		close(fd);
		if (n >= 0)
			return 0;
		errno = saved;
	}
	int e = errno;
	return mr_fail(err, e, "%s: write %s to %s%s", what, value, path, cg_write_hint(e, file));
}

/* Append the pids of DIR/cgroup.procs, then of every cgroup below DIR,
 * to *pids. A cgroup removed meanwhile is no error below the top. */
static int add_pids(const char *dir, bool top, pid_t **pids, size_t *n, size_t *cap, struct mr_error *err)
{
	char path[CG_PATH];
	cg_pathf(path, "%s/cgroup.procs", dir);
	FILE *f = fopen(path, "re");
	if (!f)
		return top || errno != ENOENT ? mr_fail(err, errno, "read %s", path) : 0;
	long v;
	while (fscanf(f, "%ld", &v) == 1) {
		if (v <= 0)
			continue;
		if (*n == *cap) {
			*cap = *cap * 2 + 16;
			pid_t *more = realloc(*pids, *cap * sizeof *more);
			if (!more) {
				fclose(f);
				return mr_fail(err, ENOMEM, "read %s", path);
			}
			*pids = more;
		}
		(*pids)[(*n)++] = (pid_t)v;
	}
	fclose(f);
	DIR *d = opendir(dir);
	int rc = 0;
	for (struct dirent *e; rc == 0 && d && (e = readdir(d));) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		cg_pathf(path, "%s/%s", dir, e->d_name);
		rc = add_pids(path, false, pids, n, cap, err);
	}
	if (d)
		closedir(d);
	return rc;
}

int cg_read_pids(const char *dir, pid_t **pids, size_t *n, struct mr_error *err)
{
	size_t cap = 0;
	*pids = NULL;
	*n = 0;
	if (add_pids(dir, true, pids, n, &cap, err) == 0)
		return 0;
	free(*pids);
	*pids = NULL;
	*n = 0;
	return -1;
}

int cg_rmdir_tree(const char *path)
{
	char sub[CG_PATH];
	DIR *d = opendir(path);
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		cg_pathf(sub, "%s/%s", path, e->d_name);
		cg_rmdir_tree(sub);
	}
	if (d)
		closedir(d);
	return cg_rmdir_retry(path);
}

int cg_rmdir_retry(const char *path)
{
	for (int i = 0;; i++) {
		if (rmdir(path) == 0)
			return 0;
		if (errno != EBUSY || i == 40)
			return -1;
		usleep(5000);
	}
}

/* ---- the freezer --------------------------------------------------------- */

/* The tree whose freezer stops the container: cgroup2's cgroup.freeze
 * (Linux 5.2; on a hybrid host too, where it needs no controller), else
 * the v1 freezer's freezer.state. NULL when neither is there. */
const struct cg_dir *cg_freezer_dir(const struct cg_dir *dirs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (cg_file_exists(dirs[i].path, dirs[i].v2 ? "cgroup.freeze" : "freezer.state"))
			return &dirs[i];
	return NULL;
}

/* Was d asked to freeze? cgroup.freeze holds what was asked; freezer.state
 * reads FREEZING on the way and FROZEN once done. */
bool cg_asked_frozen(const struct cg_dir *d)
{
	char buf[32];
	if (cg_read_file(d->path, d->v2 ? "cgroup.freeze" : "freezer.state", buf, sizeof buf) <= 0)
		return false;
	return d->v2 ? buf[0] == '1' : strncmp(buf, "THAWED", 6) != 0;
}

/* Freeze (on) or thaw d and wait, at most ms milliseconds, until the
 * kernel reports it done: "frozen 1" or "frozen 0" in cgroup.events,
 * FROZEN or THAWED in freezer.state. Asked again every 100 ms: a v1
 * freeze stalls on a task that was in an uninterruptible sleep when it
 * was asked, and runc retries the same way. */
int cg_set_frozen(const struct cg_dir *d, bool on, int ms, struct mr_error *err)
{
	const char *file = d->v2 ? "cgroup.freeze" : "freezer.state";
	const char *value = d->v2 ? (on ? "1" : "0") : (on ? "FROZEN" : "THAWED");
	const char *shows = d->v2 ? "cgroup.events" : "freezer.state";
	const char *done = d->v2 ? (on ? "frozen 1" : "frozen 0") : value;
	char buf[256];
	for (int i = 0; i < ms; i++) {
		if (i % 100 == 0 && cg_write(d->path, file, value, on ? "freeze" : "thaw", err) < 0)
			return -1;
		if (cg_read_file(d->path, shows, buf, sizeof buf) > 0 && strstr(buf, done))
			return 0;
		usleep(1000);
	}
	return mr_fail(err, ETIMEDOUT, "%s %s: its processes did not all %s within %d s (a process in an "
	               "uninterruptible sleep, such as one waiting on a hung NFS server, cannot be frozen)",
	               on ? "freeze" : "thaw", d->path, on ? "stop" : "go on", ms / 1000);
}
