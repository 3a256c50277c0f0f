/* Container state between invocations of the OCI commands (state.h).
 *
 * ROOT/ID appears atomically, already locked: create builds the directory
 * under a hidden name (ROOT/.new-XXXXXX, with its lock file held and the
 * exec fifo made), then renames it to ROOT/ID with RENAME_NOREPLACE, which
 * is also the "already exists" check. Remove does the reverse: rename away
 * to a hidden name first, so the id is free at once and nobody can open a
 * half-removed directory. Names starting with '.' are never ids, so list
 * skips both kinds of hidden directory. */
#include "state.h"

#include "cgroups.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STATE_OCI_VERSION "1.2.0"
/* An id names a directory: NAME_MAX bytes at most. */
#define MAX_ID_LEN 255

static const char id_rule[] = "use letters, digits, '_', '.', '+' and '-', not starting "
                              "with '.' or '-', at most 255 characters";

const char *mr_state_default_root(void)
{
	static char buf[4096];
	if (geteuid() == 0)
		return "/run/minirun";
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	if (xdg && xdg[0] == '/')
		snprintf(buf, sizeof buf, "%s/minirun", xdg);
	else
		snprintf(buf, sizeof buf, "/tmp/minirun-%u", (unsigned)geteuid());
	return buf;
}

int mr_state_check_id(const char *id, struct mr_error *err)
{
	size_t n = strlen(id);
	if (n == 0)
		return mr_fail(err, 0, "the container id is empty: %s", id_rule);
	if (n > MAX_ID_LEN)
		return mr_fail(err, 0, "container id of %zu characters is too long (it names a "
		               "directory): at most %d", n, MAX_ID_LEN);
	if (strchr(id, '/'))
		return mr_fail(err, 0, "invalid container id \"%s\": '/' is not allowed (an id "
		               "names one directory); %s", id, id_rule);
	if (strstr(id, ".."))
		return mr_fail(err, 0, "invalid container id \"%s\": \"..\" is not allowed; %s",
		               id, id_rule);
	if (id[0] == '.' || id[0] == '-')
		return mr_fail(err, 0, "invalid container id \"%s\": it must not start with '%c'; %s",
		               id, id[0], id_rule);
	for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
		if (isascii(*p) && (isalnum(*p) || strchr("_.+-", *p)))
			continue;
		if (isascii(*p) && isprint(*p))
			return mr_fail(err, 0, "invalid container id \"%s\": character '%c' is not "
			               "allowed; %s", id, *p, id_rule);
		return mr_fail(err, 0, "invalid container id: byte 0x%02x is not allowed; %s", *p,
		               id_rule);
	}
	return 0;
}

static void state_init(struct mr_state *st)
{
	memset(st, 0, sizeof *st);
	st->dirfd = st->lockfd = -1;
}

void mr_state_close(struct mr_state *st)
{
	if (st->lockfd >= 0)
		close(st->lockfd);
	if (st->dirfd >= 0)
		close(st->dirfd);
	free(st->id);
	free(st->bundle);
	free(st->created);
	free(st->cgroup);
	free(st->status);
	free(st->dir);
	json_decref(st->annotations);
	state_init(st);
}

static int not_exist(const char *id, struct mr_error *err)
{
	return mr_fail(err, 0, "container \"%s\" does not exist", id);
}

static char *join(const char *dir, const char *name)
{
	char *p;
	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

char *mr_state_path(const struct mr_state *st, const char *name)
{
	return join(st->dir, name);
}

/* RFC 3339 in UTC with nanoseconds, as runc records "created". */
static char *now_rfc3339(void)
{
	struct timespec ts;
	struct tm tm;
	char date[32], *out;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	return asprintf(&out, "%s.%09ldZ", date, ts.tv_nsec) < 0 ? NULL : out;
}

/* mkdir -p ROOT: the parents 0755, ROOT itself 0700 (only the owner may
 * list the containers). An existing ROOT of another user is refused unless
 * we are root: it could hand us state files someone else wrote. */
static int make_root(const char *root, struct mr_error *err)
{
	char *path = strdup(root);
	if (!path)
		return mr_fail(err, ENOMEM, "state directory %s", root);
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			int e = errno;
			free(path);
			return mr_fail(err, e, "create the state directory %s: mkdir %s", root, root);
		}
		*p = '/';
	}
	free(path);
	if (mkdir(root, 0700) == 0)
		chmod(root, 0700); /* exactly, whatever the umask */
	else if (errno != EEXIST)
		return mr_fail(err, errno, "create the state directory %s", root);
	struct stat sb;
	if (stat(root, &sb) < 0)
		return mr_fail(err, errno, "state directory %s", root);
	if (!S_ISDIR(sb.st_mode))
		return mr_fail(err, ENOTDIR, "state directory %s", root);
	if (geteuid() != 0 && sb.st_uid != geteuid())
		return mr_fail(err, 0, "state directory %s belongs to uid %u, not to you (uid %u): "
		               "choose another with --root", root, (unsigned)sb.st_uid,
		               (unsigned)geteuid());
	return 0;
}

/* Wait for the lock. A POSIX record lock, not flock(2): it belongs to
 * the process, so the container's process (cloned while create holds the
 * lock, and waiting on exec.fifo with the fd still open) or a hook never
 * holds it, and `start` does not wait on its own container. The flip side:
 * closing any fd of the lock file drops the lock, so only this file opens
 * it, once per open state. */
static int lock_wait(int fd)
{
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
	int rc;
	while ((rc = fcntl(fd, F_SETLKW, &fl)) < 0 && errno == EINTR)
		;
	return rc;
}

/* Remove everything inside the directory dirfd (depth-limited). */
static int remove_contents(int dirfd, const char *where, int depth, struct mr_error *err)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		if (fd >= 0)
			close(fd);
		return mr_fail(err, errno, "remove %s: open", where);
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (unlinkat(dirfd, e->d_name, 0) == 0 || errno == ENOENT)
			continue;
		if (errno != EISDIR || depth >= 8) {
			rc = mr_fail(err, errno, "remove %s/%s", where, e->d_name);
			break;
		}
		int sub = openat(dirfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (sub < 0) {
			rc = mr_fail(err, errno, "remove %s/%s", where, e->d_name);
			break;
		}
		rc = remove_contents(sub, where, depth + 1, err);
		close(sub);
		if (rc == 0 && unlinkat(dirfd, e->d_name, AT_REMOVEDIR) < 0)
			rc = mr_fail(err, errno, "remove %s/%s", where, e->d_name);
	}
	closedir(d);
	return rc;
}

/* rename(2) that never replaces: -1 with EEXIST when `to` exists. */
static int rename_noreplace(const char *from, const char *to)
{
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
	/* A filesystem without RENAME_NOREPLACE: rename(2) still refuses to
	 * replace a non-empty directory, and ours are never empty. */
	struct stat sb;
	if (lstat(to, &sb) == 0) {
		errno = EEXIST;
		return -1;
	}
	if (rename(from, to) == 0)
		return 0;
	if (errno == ENOTEMPTY)
		errno = EEXIST;
	return -1;
}

static void already_or_errno(struct mr_error *err, int e, const struct mr_state *st)
{
	if (e == EEXIST)
		mr_fail(err, 0, "container \"%s\" already exists", st->id);
	else
		mr_fail(err, e, "create %s", st->dir);
}

int mr_state_create(const char *root, const char *id, struct mr_state *st, struct mr_error *err)
{
	state_init(st);
	if (mr_state_check_id(id, err) < 0 || make_root(root, err) < 0)
		return -1;
	char *tmp = join(root, ".new-XXXXXX");
	st->dir = join(root, id);
	st->id = strdup(id);
	st->owner = geteuid();
	if (!tmp || !st->dir || !st->id) {
		free(tmp);
		mr_state_close(st);
		return mr_fail(err, ENOMEM, "container \"%s\"", id);
	}
	if (access(st->dir, F_OK) == 0) {
		free(tmp);
		mr_state_close(st);
		return mr_fail(err, 0, "container \"%s\" already exists", id);
	}
	int rc = -1;
	if (!mkdtemp(tmp)) {
		mr_fail(err, errno, "create the directory of container \"%s\" in %s", id, root);
		free(tmp);
		mr_state_close(st);
		return -1;
	}
	st->dirfd = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->dirfd < 0 || fchmod(st->dirfd, 0711) < 0)
		mr_fail(err, errno, "set up %s", tmp);
	else if ((st->lockfd = openat(st->dirfd, "lock", O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC |
	                              O_NOFOLLOW, 0600)) < 0 || lock_wait(st->lockfd) < 0)
		mr_fail(err, errno, "lock %s/lock", tmp);
	else if (mkfifoat(st->dirfd, "exec.fifo", 0622) < 0 ||
	         fchmodat(st->dirfd, "exec.fifo", 0622, 0) < 0)
		mr_fail(err, errno, "make %s/exec.fifo", tmp);
	else if (rename_noreplace(tmp, st->dir) < 0)
		already_or_errno(err, errno, st);
	else
		rc = 0;
	if (rc < 0) {
		struct mr_error ignored = MR_ERROR_INIT;
		if (st->dirfd >= 0)
			remove_contents(st->dirfd, tmp, 0, &ignored);
		rmdir(tmp);
		mr_state_close(st);
	}
	free(tmp);
	return rc;
}

/* Is the open directory still ROOT/ID, with our lock file in it? A delete
 * that ran while we waited for the lock renamed it away and unlinked the
 * lock file. */
static bool still_there(const struct mr_state *st)
{
	struct stat now, ours, lock;
	if (stat(st->dir, &now) < 0 || fstat(st->dirfd, &ours) < 0)
		return false;
	if (now.st_dev != ours.st_dev || now.st_ino != ours.st_ino)
		return false;
	return st->lockfd < 0 || (fstat(st->lockfd, &lock) == 0 && lock.st_nlink > 0);
}

static int open_lock(struct mr_state *st, struct mr_error *err)
{
	st->lockfd = openat(st->dirfd, "lock", O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (st->lockfd < 0 && errno == ENOENT && still_there(st))
		/* the directory is ours but lost its lock file: make a new one */
		st->lockfd = openat(st->dirfd, "lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (st->lockfd < 0)
		return errno == ENOENT ? 1 : mr_fail(err, errno, "open %s/lock", st->dir);
	if (lock_wait(st->lockfd) < 0)
		return mr_fail(err, errno, "lock %s/lock", st->dir);
	return still_there(st) ? 0 : 1;
}

/* Open ROOT/ID (and lock it): 0, or -1 with err. */
static int open_dir(const char *root, const char *id, struct mr_state *st, bool lock,
                    struct mr_error *err)
{
	if (mr_state_check_id(id, err) < 0)
		return -1;
	st->id = strdup(id);
	st->dir = join(root, id);
	if (!st->id || !st->dir)
		return mr_fail(err, ENOMEM, "container \"%s\"", id);
	for (int tries = 0; tries < 16; tries++) {
		st->dirfd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (st->dirfd < 0)
			return errno == ENOENT ? not_exist(id, err)
			                       : mr_fail(err, errno, "open %s", st->dir);
		int rc = lock ? open_lock(st, err) : 0;
		if (rc <= 0)
			return rc;
		/* removed (and maybe made again) while we waited: look again */
		close(st->dirfd);
		if (st->lockfd >= 0)
			close(st->lockfd);
		st->dirfd = st->lockfd = -1;
	}
	return not_exist(id, err);
}

static int bad_state(const struct mr_state *st, const char *what, struct mr_error *err)
{
	return mr_fail(err, 0, "%s/state.json: %s", st->dir, what);
}

static int dup_str(char **dst, const char *src, struct mr_error *err)
{
	if (!(*dst = strdup(src)))
		return mr_fail(err, ENOMEM, "state.json");
	return 0;
}

static int parse_state(struct mr_state *st, json_t *doc, struct mr_error *err)
{
	const char *id, *bundle, *created, *status;
	json_int_t pid = 0, start_time = 0, owner = 0;
	json_t *annotations = NULL, *cgroup = NULL;
	json_error_t jerr;
	if (json_unpack_ex(doc, &jerr, 0, "{s:s, s:s, s?I, s?o, s:{s:I, s:s, s:s, s:I, s?o}}",
	                   "id", &id, "bundle", &bundle, "pid", &pid, "annotations", &annotations,
	                   "minirun", "start_time", &start_time, "created", &created, "status",
	                   &status, "owner", &owner, "cgroup", &cgroup) < 0)
		return bad_state(st, jerr.text, err);
	if (strcmp(id, st->id))
		return bad_state(st, "its id is not the directory's name", err);
	if (pid < 0 || pid > INT32_MAX || start_time < 0 || owner < 0 || owner > UINT32_MAX)
		return bad_state(st, "pid, start_time or owner out of range", err);
	if (annotations && !json_is_object(annotations) && !json_is_null(annotations))
		return bad_state(st, "\"annotations\" must be an object", err);
	if (cgroup && !json_is_string(cgroup) && !json_is_null(cgroup))
		return bad_state(st, "\"minirun.cgroup\" must be a string or null", err);
	st->pid = (pid_t)pid;
	st->start_time = (uint64_t)start_time;
	st->owner = (uid_t)owner;
	if (json_is_object(annotations))
		st->annotations = json_incref(annotations);
	if (json_is_string(cgroup) && dup_str(&st->cgroup, json_string_value(cgroup), err) < 0)
		return -1;
	if (dup_str(&st->bundle, bundle, err) < 0 || dup_str(&st->created, created, err) < 0 ||
	    dup_str(&st->status, status, err) < 0)
		return -1;
	return 0;
}

static int load(struct mr_state *st, struct mr_error *err)
{
	int fd = openat(st->dirfd, "state.json", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 && errno == ENOENT) {
		if (st->lockfd < 0) /* a create in progress: not there yet */
			return not_exist(st->id, err);
		/* We hold the lock, so no create is running: this one died
		 * before its first save. It is a stopped container that delete
		 * can remove. */
		if (dup_str(&st->bundle, "", err) < 0 || dup_str(&st->created, "", err) < 0 ||
		    dup_str(&st->status, "creating", err) < 0)
			return -1;
		return 0;
	}
	if (fd < 0)
		return mr_fail(err, errno, "open %s/state.json", st->dir);
	json_error_t jerr;
	json_t *doc = json_loadfd(fd, 0, &jerr);
	close(fd);
	if (!doc)
		return mr_fail(err, 0, "%s/state.json: line %d: %s", st->dir, jerr.line, jerr.text);
	int rc = parse_state(st, doc, err);
	json_decref(doc);
	return rc;
}

int mr_state_open(const char *root, const char *id, struct mr_state *st, struct mr_error *err)
{
	state_init(st);
	if (open_dir(root, id, st, true, err) < 0 || load(st, err) < 0) {
		mr_state_close(st);
		return -1;
	}
	return 0;
}

int mr_state_read(const char *root, const char *id, struct mr_state *st, struct mr_error *err)
{
	state_init(st);
	if (open_dir(root, id, st, false, err) < 0 || load(st, err) < 0) {
		mr_state_close(st);
		return -1;
	}
	return 0;
}

/* The spec's document; with `ours`, the "minirun" object state.json adds. */
static json_t *state_doc(const struct mr_state *st, const char *status, bool ours)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "ociVersion", json_string(STATE_OCI_VERSION));
	json_object_set_new(doc, "id", json_string(st->id));
	json_object_set_new(doc, "status", json_string(status));
	if (st->pid > 0 && strcmp(status, "stopped"))
		json_object_set_new(doc, "pid", json_integer(st->pid));
	json_object_set_new(doc, "bundle", json_string(st->bundle ? st->bundle : ""));
	if (st->annotations && json_object_size(st->annotations))
		json_object_set(doc, "annotations", st->annotations);
	if (ours) {
		char *now = st->created ? NULL : now_rfc3339();
		json_object_set_new(doc, "minirun", json_pack(
			"{s:I, s:s, s:s, s:I, s:o}", "start_time", (json_int_t)st->start_time,
			"created", st->created ? st->created : now ? now : "", "status", status,
			"owner", (json_int_t)st->owner,
			"cgroup", st->cgroup ? json_string(st->cgroup) : json_null()));
		free(now);
	}
	return doc;
}

char *mr_state_json(const struct mr_state *st, const char *status)
{
	json_t *doc = state_doc(st, status, false);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	return text;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Write dir/name as a whole or not at all: a temp file beside it, fsync,
 * rename over, fsync the directory. Readers never see half a file. */
static int write_atomic(int dirfd, const char *dir, const char *name, const char *text,
                        struct mr_error *err)
{
	char tmp[256];
	snprintf(tmp, sizeof tmp, ".%s.tmp", name);
	int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return mr_fail(err, errno, "write %s/%s", dir, tmp);
	int rc = fchmod(fd, 0600) < 0 || write_all(fd, text, strlen(text)) < 0 || fsync(fd) < 0;
	int e = errno;
	if (close(fd) < 0 && !rc) {
		rc = 1;
		e = errno;
	}
	if (!rc && renameat(dirfd, tmp, dirfd, name) < 0) {
		rc = 1;
		e = errno;
	}
	if (rc) {
		unlinkat(dirfd, tmp, 0);
		return mr_fail(err, e, "write %s/%s", dir, name);
	}
	fsync(dirfd); /* durability only: the rename is done either way */
	return 0;
}

int mr_state_write(const struct mr_state *st, const char *name, const char *text, struct mr_error *err)
{
	if (st->lockfd < 0 || st->dirfd < 0)
		return mr_fail(err, 0, "internal error: writing %s of container \"%s\" without holding its "
		               "lock (open it with mr_state_open, not mr_state_read)", name, st->id);
	return write_atomic(st->dirfd, st->dir, name, text, err);
}

int mr_state_save(const struct mr_state *st, struct mr_error *err)
{
	json_t *doc = state_doc(st, st->status ? st->status : "creating", true);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	if (!text)
		return mr_fail(err, ENOMEM, "%s/state.json", st->dir);
	int rc = mr_state_write(st, "state.json", text, err);
	free(text);
	return rc;
}

/* Field 3 (state) and 22 (starttime) of /proc/PID/stat. The command name
 * (field 2) may hold spaces and parentheses: parse after the last ')'. */
static int proc_stat(pid_t pid, char *state, uint64_t *start)
{
	char path[64], buf[4096];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	if (!p || p[1] != ' ')
		return -1;
	p += 2;
	*state = *p;
	for (int field = 3; field < 22; field++) {
		p = strchr(p, ' ');
		if (!p)
			return -1;
		p++;
	}
	*start = strtoull(p, NULL, 10);
	return 0;
}

uint64_t mr_proc_start_time(pid_t pid)
{
	char state;
	uint64_t start;
	if (pid <= 0 || proc_stat(pid, &state, &start) < 0)
		return 0;
	return start;
}

static bool has_fifo(const struct mr_state *st)
{
	struct stat sb;
	int rc = st->dirfd >= 0 ? fstatat(st->dirfd, "exec.fifo", &sb, AT_SYMLINK_NOFOLLOW) : -1;
	if (rc < 0 && st->dirfd < 0 && st->dir) {
		char *p = join(st->dir, "exec.fifo");
		rc = p ? lstat(p, &sb) : -1;
		free(p);
	}
	return rc == 0 && S_ISFIFO(sb.st_mode);
}

const char *mr_state_status(const struct mr_state *st)
{
	char state;
	uint64_t start;
	if (st->pid <= 0 || proc_stat(st->pid, &state, &start) < 0 || state == 'Z' ||
	    state == 'X' || (st->start_time && start != st->start_time))
		return "stopped";
	if (st->status && !strcmp(st->status, "creating"))
		return "creating";
	/* Live from the cgroup, as runc does, rather than recorded by pause:
	 * the cgroup's freezer is the truth, whoever wrote it. */
	if (st->cgroup && mr_cgroup_frozen(st->cgroup))
		return "paused";
	if (st->status && !strcmp(st->status, "created") && has_fifo(st))
		return "created";
	return "running";
}

int mr_state_remove(struct mr_state *st, struct mr_error *err)
{
	/* First out of the way under a hidden name: the id is free at once
	 * and no one opens a half-removed directory. */
	size_t root_len = strlen(st->dir) - strlen(st->id) - 1;
	char gone[4096];
	int rc = -1;
	for (unsigned n = 0; rc < 0 && n < 100; n++) {
		snprintf(gone, sizeof gone, "%.*s/.gone-%d-%u", (int)root_len, st->dir, (int)getpid(), n);
		rc = rename_noreplace(st->dir, gone);
		if (rc < 0 && errno != EEXIST)
			return errno == ENOENT ? not_exist(st->id, err)
			                       : mr_fail(err, errno, "remove %s", st->dir);
	}
	if (rc < 0)
		return mr_fail(err, EEXIST, "remove %s: rename to %s", st->dir, gone);
	if (remove_contents(st->dirfd, gone, 0, err) < 0)
		return -1;
	if (rmdir(gone) < 0)
		return mr_fail(err, errno, "remove %s", gone);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_dir(DIR *d, const struct dirent *e)
{
	if (e->d_type != DT_UNKNOWN)
		return e->d_type == DT_DIR;
	struct stat sb;
	return fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(sb.st_mode);
}

int mr_state_list(const char *root, char ***ids, size_t *n, struct mr_error *err)
{
	*n = 0;
	*ids = calloc(1, sizeof **ids);
	if (!*ids)
		return mr_fail(err, ENOMEM, "list %s", root);
	DIR *d = opendir(root);
	if (!d)
		return errno == ENOENT ? 0 : mr_fail(err, errno, "list the containers in %s", root);
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		struct mr_error ignored = MR_ERROR_INIT;
		/* hidden: ".", "..", creates and removes in progress */
		if (e->d_name[0] == '.' || mr_state_check_id(e->d_name, &ignored) < 0 || !is_dir(d, e))
			continue;
		if (*n + 1 >= cap) {
			cap = cap ? cap * 2 : 16;
			char **grown = realloc(*ids, cap * sizeof **ids);
			if (!grown)
				break;
			*ids = grown;
		}
		if (!((*ids)[*n] = strdup(e->d_name)))
			break;
		(*ids)[++*n] = NULL;
	}
	int e_errno = errno;
	closedir(d);
	if (e) {
		for (size_t i = 0; i < *n; i++)
			free((*ids)[i]);
		**ids = NULL;
		*n = 0;
		return mr_fail(err, e_errno, "list the containers in %s", root);
	}
	qsort(*ids, *n, sizeof **ids, cmp_str);
	return 0;
}
