/* Mounts: the container's filesystem.
 *
 * Everything is mounted under the rootfs *before* pivot_root, while host
 * paths (volume sources, the host's device nodes) are still reachable.
 * Targets are never looked up as plain strings: each is resolved with
 * openat2(RESOLVE_IN_ROOT) relative to the rootfs, so a rootfs whose /proc
 * is a symlink to /etc cannot make us mount over the host's /etc. The
 * mount then happens on the resolved file descriptor. */
#include "mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Resolve path inside the rootfs; absolute paths start at the rootfs. */
static int resolve(int rootfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(O_PATH | O_CLOEXEC | flags),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	return (int)syscall(SYS_openat2, rootfd, path, &how, sizeof how);
}

/* Create one missing component in an already resolved parent directory:
 * mkdirat/openat on a single name never follow a symlink out. */
static int create_component(int parent, const char *name, bool dir)
{
	if (dir)
		return mkdirat(parent, name, 0755) < 0 && errno != EEXIST ? -1 : 0;
	int fd = openat(parent, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	close(fd);
	return 0;
}

/* Open the mount target `path` in the rootfs, creating it and its missing
 * parents (directories; the last one a file when !dir) like mkdir -p. */
static int open_target(int rootfd, const char *path, bool dir, struct mr_error *err)
{
	int fd = resolve(rootfd, path, 0);
	if (fd >= 0 || errno != ENOENT)
		return fd >= 0 ? fd : mr_fail(err, errno, "resolve %s in the rootfs", path);

	char prefix[PATH_MAX];
	if (strlen(path) >= sizeof prefix)
		return mr_fail(err, ENAMETOOLONG, "mount target %s", path);
	int parent = resolve(rootfd, "/", O_DIRECTORY);
	const char *p = path;
	while (parent >= 0) {
		p += strspn(p, "/");
		size_t len = strcspn(p, "/");
		if (len == 0)
			return parent;
		bool last = p[len + strspn(p + len, "/")] == 0;
		char name[NAME_MAX + 1];
		snprintf(name, sizeof name, "%.*s", (int)len, p);
		snprintf(prefix, sizeof prefix, "%.*s", (int)(p + len - path), path);
		fd = resolve(rootfd, prefix, 0);
		if (fd < 0 && errno == ENOENT) {
			if (create_component(parent, name, dir || !last) < 0) {
				int saved = errno;
				close(parent);
				return mr_fail(err, saved, "create mount point %s in the rootfs", prefix);
			}
			fd = resolve(rootfd, prefix, 0);
		}
		close(parent);
		if (fd < 0)
			return mr_fail(err, errno, "resolve %s in the rootfs", prefix);
		parent = fd;
		p += len;
	}
	return mr_fail(err, errno, "resolve / in the rootfs");
}

/* mount(2) onto a resolved target: the kernel follows /proc/self/fd/N to
 * exactly the file we resolved, never re-walking the path. */
static int mount_on(int fd, const char *src, const char *type, unsigned long flags, const char *data)
{
	char target[64];
	snprintf(target, sizeof target, "/proc/self/fd/%d", fd);
	return mount(src, target, type, flags, data);
}

static unsigned int attr_from_flags(unsigned long flags)
{
	return (flags & MS_RDONLY ? MOUNT_ATTR_RDONLY : 0) | (flags & MS_NOSUID ? MOUNT_ATTR_NOSUID : 0) |
	       (flags & MS_NODEV ? MOUNT_ATTR_NODEV : 0) | (flags & MS_NOEXEC ? MOUNT_ATTR_NOEXEC : 0);
}

/* Bind (recursively) the tree at dirfd/src onto the resolved target, with
 * extra attributes applied to the whole copy before it becomes visible. */
static int bind_tree(int dirfd, const char *src, int target, unsigned int attrs, bool recursive)
{
	int tree = open_tree(dirfd, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0) |
	                                         (*src ? 0 : AT_EMPTY_PATH));
	if (tree < 0)
		return -1;
	struct mount_attr attr = {.attr_set = attrs};
	int rc = attrs ? mount_setattr(tree, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr, sizeof attr)
	               : 0;
	if (rc == 0)
		rc = move_mount(tree, "", target, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
	int saved = errno;
	close(tree);
	errno = saved;
	return rc;
}

static int bind_on(int dirfd, const char *src, int target, unsigned int attrs)
{
	return bind_tree(dirfd, src, target, attrs, true);
}

/* A new filesystem at path in the rootfs (created if missing). */
static int mount_fs(int rootfd, const char *path, const char *type, unsigned long flags,
                    const char *data, struct mr_error *err)
{
	int fd = open_target(rootfd, path, true, err);
	if (fd < 0)
		return -1;
	int rc = mount_on(fd, type, type, flags, data);
	int saved = errno;
	close(fd);
	if (rc < 0)
		return mr_fail(err, saved, "mount %s on %s%s%s", type, path, data ? " with " : "", data ? data : "");
	return 0;
}

int mr_mounts_enter_rootfs(const struct mr_config *cfg, int *rootfd, struct mr_error *err)
{
	/* Private first: without it our mounts could propagate to the host's
	 * mount namespace through a shared peer group (systemd makes / shared).
	 * An OCI rootfsPropagation of shared or slave wants mounts the host
	 * makes later to appear inside: then the host's mounts become our
	 * slaves instead (receive, never send); shared is set after pivot. */
	unsigned long prop = cfg->rootfs_propagation & (MS_SHARED | MS_SLAVE) ? MS_SLAVE : MS_PRIVATE;
	if (mount(NULL, "/", NULL, MS_REC | prop, NULL) < 0)
		return mr_fail(err, errno, "make / %s in the new mount namespace", prop == MS_SLAVE ? "a slave" : "private");
	/* pivot_root needs the new root to be a mount point. */
	if (mount(cfg->rootfs, cfg->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return mr_fail(err, errno, "bind the rootfs %s onto itself", cfg->rootfs);
	*rootfd = open(cfg->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*rootfd < 0)
		return mr_fail(err, errno, "open the rootfs %s", cfg->rootfs);
	mr_verbose(cfg, "mounts: / made private, rootfs %s bound onto itself", cfg->rootfs);
	return 0;
}

/* ---- /dev --------------------------------------------------------------- */

/* The devices every container gets (the runtime-spec's default devices). */
static const struct mr_device default_devices[] = {
	{'c', "/dev/null", 1, 3, 0666, 0, 0},    {'c', "/dev/zero", 1, 5, 0666, 0, 0},
	{'c', "/dev/full", 1, 7, 0666, 0, 0},    {'c', "/dev/random", 1, 8, 0666, 0, 0},
	{'c', "/dev/urandom", 1, 9, 0666, 0, 0}, {'c', "/dev/tty", 5, 0, 0666, 0, 0},
};

static const struct {
	const char *name, *target;
} dev_links[] = {
	{"ptmx", "pts/ptmx"},         {"fd", "/proc/self/fd"},         {"stdin", "/proc/self/fd/0"},
	{"stdout", "/proc/self/fd/1"}, {"stderr", "/proc/self/fd/2"},
};

/* One device node at d->path in the rootfs. As root, mknod it. In a user
 * namespace (rootless, or root with uidMappings) we may not: mknod needs
 * CAP_MKNOD in the initial user namespace, and a tmpfs mounted in a user
 * namespace is nodev anyway. So bind the host's node onto an empty file
 * instead, as bubblewrap and runc do. */
static int make_device(const struct mr_config *cfg, int rootfd, const struct mr_device *d, struct mr_error *err)
{
	const char *slash = strrchr(d->path, '/');
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - d->path) : 0, d->path);
	int dirfd = open_target(rootfd, *dir ? dir : "/", true, err);
	if (dirfd < 0)
		return -1;
	const char *name = slash ? slash + 1 : d->path;
	mode_t type = d->type == 'b' ? S_IFBLK : d->type == 'p' ? S_IFIFO : S_IFCHR;
	mode_t mode = d->mode & 07777 ? d->mode & 07777 : 0666;
	int rc;
	if (!(cfg->rootless || cfg->ns[MR_NS_USER]) || d->type == 'p') {
		unlinkat(dirfd, name, 0); /* a device node config.json lists replaces a file */
		rc = mknodat(dirfd, name, type | mode, makedev(d->major, d->minor));
		if (rc == 0)
			rc = fchmodat(dirfd, name, mode, 0);
		if (rc == 0 && (d->uid || d->gid))
			rc = fchownat(dirfd, name, d->uid, d->gid, AT_SYMLINK_NOFOLLOW);
	} else {
		int fd = create_component(dirfd, name, false) < 0 ? -1
		                                                    : openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		rc = fd < 0 ? -1 : bind_on(AT_FDCWD, d->path, fd, 0);
		int saved = errno;
		if (fd >= 0)
			close(fd);
		errno = saved;
	}
	int saved = errno;
	close(dirfd);
	if (rc < 0)
		return mr_fail(err, saved, "%s device %s (%u:%u)",
		               cfg->rootless || cfg->ns[MR_NS_USER] ? "bind the host's" : "mknod", d->path,
		               d->major, d->minor);
	return 0;
}

/* The default devices and the usual links in a fresh /dev. */
static int populate_dev(const struct mr_config *cfg, int rootfd, struct mr_error *err)
{
	for (size_t i = 0; i < sizeof default_devices / sizeof default_devices[0]; i++)
		if (make_device(cfg, rootfd, &default_devices[i], err) < 0)
			return -1;
	int devfd = resolve(rootfd, "/dev", O_DIRECTORY);
	if (devfd < 0)
		return mr_fail(err, errno, "open /dev in the rootfs");
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof dev_links / sizeof dev_links[0]; i++)
		if (symlinkat(dev_links[i].target, devfd, dev_links[i].name) < 0 && errno != EEXIST)
			rc = mr_fail(err, errno, "symlink /dev/%s", dev_links[i].name);
	close(devfd);
	return rc;
}

static int setup_dev(const struct mr_config *cfg, int rootfd, struct mr_error *err)
{
	if (mount_fs(rootfd, "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=65536k", err) < 0 ||
	    populate_dev(cfg, rootfd, err) < 0)
		return -1;
	/* A private devpts instance: the container's ptys are its own. Group
	 * tty (5) exists only when ids are not remapped. */
	if (mount_fs(rootfd, "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
	             cfg->rootless ? "newinstance,ptmxmode=0666,mode=0620"
	                           : "newinstance,ptmxmode=0666,mode=0620,gid=5", err) < 0 ||
	    mount_fs(rootfd, "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k", err) < 0 ||
	    mount_fs(rootfd, "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, err) < 0)
		return -1;
	mr_verbose(cfg, "mounts: /dev is a tmpfs with null zero full random urandom tty (%s), pts, shm, mqueue",
	           cfg->rootless ? "bound from the host" : "mknod");
	return 0;
}

/* ---- /proc and /sys -------------------------------------------------------- */

/* sysfs can only be mounted by whoever owns the network namespace; with
 * --net host in rootless mode that is the host, so bind the host's /sys
 * read-only instead (it then shows the host's devices, as with runc). */
static int setup_sys(const struct mr_config *cfg, int rootfd, struct mr_error *err)
{
	const unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int fd = open_target(rootfd, "/sys", true, err);
	if (fd < 0)
		return -1;
	int rc = mount_on(fd, "sysfs", "sysfs", ro, NULL);
	if (rc < 0 && errno == EPERM) {
		rc = bind_on(AT_FDCWD, "/sys", fd, attr_from_flags(ro));
		close(fd);
		if (rc < 0)
			return mr_fail(err, errno, "bind the host's /sys read-only");
		mr_verbose(cfg, "mounts: /sys bound read-only from the host (sysfs needs our own netns)");
		return 0;
	}
	close(fd);
	if (rc < 0)
		return mr_fail(err, errno, "mount sysfs on /sys");
	/* The container's own cgroup subtree (its cgroup namespace's root). */
	if (mount_fs(rootfd, "/sys/fs/cgroup", "cgroup2", ro, NULL, err) < 0)
		return -1;
	mr_verbose(cfg, "mounts: /sys and /sys/fs/cgroup read-only");
	return 0;
}

/* ---- the user's mounts (volumes, tmpfs; an OCI config's whole list) ---- */

/* A filesystem mount. Two kinds get the same care as the built-in ones:
 * sysfs falls back to a read-only bind of the host's /sys where the kernel
 * refuses it (rootless without our own network namespace), and "cgroup"
 * (v1 in most config.json files) becomes the cgroup2 view of the
 * container's own cgroup namespace. */
static int fs_mount(const struct mr_config *cfg, int fd, const struct mr_mount *m)
{
	if (!strcmp(m->fstype, "cgroup"))
		return mount_on(fd, "cgroup2", "cgroup2", m->flags, NULL);
	int rc = mount_on(fd, m->source ? m->source : m->fstype, m->fstype, m->flags, m->data);
	if (rc < 0 && errno == EPERM && !strcmp(m->fstype, "sysfs")) {
		mr_verbose(cfg, "mounts: %s bound read-only from the host's /sys (sysfs needs our own netns)", m->dest);
		return bind_on(AT_FDCWD, "/sys", fd, attr_from_flags(m->flags | MS_RDONLY));
	}
	return rc;
}

static int user_mount(const struct mr_config *cfg, int rootfd, const struct mr_mount *m, struct mr_error *err)
{
	bool dir = true;
	if (m->kind == MR_MOUNT_BIND) {
		struct stat st;
		if (stat(m->source, &st) < 0)
			return mr_fail(err, errno, "mount source %s (for %s)", m->source, m->dest);
		dir = S_ISDIR(st.st_mode);
	}
	int fd = open_target(rootfd, m->dest, dir, err);
	if (fd < 0)
		return -1;
	int rc = m->kind == MR_MOUNT_FS ? fs_mount(cfg, fd, m)
	                                : bind_tree(AT_FDCWD, m->source, fd, attr_from_flags(m->flags), !m->nonrecursive);
	int saved = errno;
	if (rc == 0 && m->propagation) {
		/* The new mount sits on top of the fd's mount: reopen to reach it. */
		int top = resolve(rootfd, m->dest, 0);
		rc = top < 0 ? -1 : mount_on(top, NULL, NULL, m->propagation, NULL);
		saved = errno;
		if (top >= 0)
			close(top);
	}
	close(fd);
	if (rc < 0)
		return mr_fail(err, saved, "mount %s on %s%s%s", m->kind == MR_MOUNT_FS ? m->fstype : m->source, m->dest,
		               m->data ? " with " : "", m->data ? m->data : "");
	mr_verbose(cfg, "mounts: %s on %s%s", m->kind == MR_MOUNT_FS ? m->fstype : m->source, m->dest,
	           m->flags & MS_RDONLY ? " (read-only)" : "");
	return 0;
}

/* An OCI config lists /dev itself; a fresh filesystem there (not a bind
 * of the host's /dev) still needs the default devices. */
static bool oci_fresh_dev(const struct mr_config *cfg)
{
	bool fresh = false;
	for (size_t i = 0; i < cfg->n_mounts; i++)
		if (!strcmp(cfg->mounts[i].dest, "/dev"))
			fresh = cfg->mounts[i].kind == MR_MOUNT_FS;
	return fresh;
}

/* ---- masked and read-only paths ----------------------------------------- */

/* Masked: a directory gets an empty read-only tmpfs, a file the host's
 * /dev/null. A path the kernel does not have is skipped. */
static int mask_path(int rootfd, const char *path, struct mr_error *err)
{
	int fd = resolve(rootfd, path, 0);
	if (fd < 0)
		return errno == ENOENT ? 0 : mr_fail(err, errno, "resolve masked path %s", path);
	struct stat st;
	int rc = fstat(fd, &st);
	if (rc == 0)
		rc = S_ISDIR(st.st_mode) ? mount_on(fd, "tmpfs", "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		                                    "size=0,mode=555")
		                         : bind_on(AT_FDCWD, "/dev/null", fd, 0);
	int saved = errno;
	close(fd);
	return rc < 0 ? mr_fail(err, saved, "mask %s", path) : 0;
}

static int readonly_path(int rootfd, const char *path, struct mr_error *err)
{
	int fd = resolve(rootfd, path, 0);
	if (fd < 0)
		return errno == ENOENT ? 0 : mr_fail(err, errno, "resolve read-only path %s", path);
	int rc = bind_on(fd, "", fd, MOUNT_ATTR_RDONLY);
	int saved = errno;
	close(fd);
	return rc < 0 ? mr_fail(err, saved, "make %s read-only", path) : 0;
}

int mr_mounts_setup(const struct mr_config *cfg, int rootfd, struct mr_error *err)
{
	if (!cfg->oci_mounts) {
		if (mount_fs(rootfd, "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL, err) < 0)
			return -1;
		mr_verbose(cfg, "mounts: /proc for the new pid namespace");
		if (setup_dev(cfg, rootfd, err) < 0 || setup_sys(cfg, rootfd, err) < 0)
			return -1;
	}
	for (size_t i = 0; i < cfg->n_mounts; i++)
		if (user_mount(cfg, rootfd, &cfg->mounts[i], err) < 0)
			return -1;
	if (cfg->oci_mounts && oci_fresh_dev(cfg) && populate_dev(cfg, rootfd, err) < 0)
		return -1;
	for (size_t i = 0; i < cfg->n_devices; i++)
		if (make_device(cfg, rootfd, &cfg->devices[i], err) < 0)
			return -1;
	return 0;
}

int mr_mounts_protect(const struct mr_config *cfg, int rootfd, struct mr_error *err)
{
	/* Last, so that no mount above hides them. */
	for (char **p = cfg->masked_paths; p && *p; p++)
		if (mask_path(rootfd, *p, err) < 0)
			return -1;
	for (char **p = cfg->readonly_paths; p && *p; p++)
		if (readonly_path(rootfd, *p, err) < 0)
			return -1;
	mr_verbose(cfg, "mounts: masked paths read as empty, read-only paths refuse writes");
	if (cfg->readonly_rootfs) {
		struct mount_attr attr = {.attr_set = MOUNT_ATTR_RDONLY};
		if (mount_setattr(rootfd, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0)
			return mr_fail(err, errno, "make the rootfs read-only");
		mr_verbose(cfg, "mounts: rootfs read-only");
	}
	return 0;
}

int mr_mounts_open_in_root(int rootfd, const char *path, int flags)
{
	return resolve(rootfd, path, flags);
}

int mr_mounts_pivot(const struct mr_config *cfg, int rootfd, struct mr_error *err)
{
	int oldroot = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (oldroot < 0)
		return mr_fail(err, errno, "open the old root");
	/* pivot_root(".", "."): the old root ends up mounted on top of the new
	 * one; detaching it (MNT_DETACH) then leaves only the new root, with
	 * no directory anywhere through which the host stays reachable. */
	int rc = fchdir(rootfd);
	if (rc == 0 && (rc = (int)syscall(SYS_pivot_root, ".", ".")) < 0)
		rc = mr_fail(err, errno, "pivot_root into %s", cfg->rootfs);
	else if (rc == 0 && (fchdir(oldroot) < 0 || umount2(".", MNT_DETACH) < 0))
		rc = mr_fail(err, errno, "detach the old root");
	else if (rc < 0)
		rc = mr_fail(err, errno, "chdir into the rootfs");
	close(oldroot);
	if (rc < 0)
		return -1;
	if (chdir("/") < 0)
		return mr_fail(err, errno, "chdir /");
	if (cfg->rootfs_propagation && mount(NULL, "/", NULL, MS_REC | cfg->rootfs_propagation, NULL) < 0)
		return mr_fail(err, errno, "set the rootfs propagation (rootfsPropagation)");
	mr_verbose(cfg, "pivot_root: %s is now /, the host's root is detached", cfg->rootfs);
	return 0;
}
