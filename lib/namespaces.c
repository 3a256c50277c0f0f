/* Namespaces: the kernel objects that give the container its own view of
 * mounts, pids, hostname, IPC, network, cgroups and (rootless) user ids. */
#include "namespaces.h"
#include "mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	int flag;
	const char *name;
} ns_info[MR_NS_COUNT] = {
	[MR_NS_USER] = {CLONE_NEWUSER, "user"},   [MR_NS_MOUNT] = {CLONE_NEWNS, "mount"},
	[MR_NS_PID] = {CLONE_NEWPID, "pid"},      [MR_NS_UTS] = {CLONE_NEWUTS, "uts"},
	[MR_NS_IPC] = {CLONE_NEWIPC, "ipc"},      [MR_NS_NET] = {CLONE_NEWNET, "network"},
	[MR_NS_CGROUP] = {CLONE_NEWCGROUP, "cgroup"},
};

int mr_ns_clone_flags(const struct mr_config *cfg)
{
	int flags = 0;
	for (int i = 0; i < MR_NS_COUNT; i++)
		if (cfg->ns[i] && !cfg->ns_path[i])
			flags |= ns_info[i].flag;
	return flags;
}

int mr_ns_default_idmaps(struct mr_config *cfg, struct mr_error *err)
{
	if (!cfg->ns[MR_NS_USER] || cfg->n_uid_map)
		return 0;
	cfg->uid_map = malloc(sizeof *cfg->uid_map);
	cfg->gid_map = malloc(sizeof *cfg->gid_map);
	if (!cfg->uid_map || !cfg->gid_map)
		return mr_fail(err, ENOMEM, "id maps");
	*cfg->uid_map = (struct mr_idmap){0, geteuid(), 1};
	*cfg->gid_map = (struct mr_idmap){0, getegid(), 1};
	cfg->n_uid_map = cfg->n_gid_map = 1;
	return 0;
}

static int write_file(const char *path, const char *text, struct mr_error *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return mr_fail(err, errno, "open %s", path);
	ssize_t n = write(fd, text, strlen(text));
	int saved = errno;
	close(fd);
	if (n != (ssize_t)strlen(text))
		return mr_fail(err, n < 0 ? saved : EIO, "write '%s' to %s", text, path);
	return 0;
}

static int write_map(const char *path, const struct mr_idmap *map, size_t n, struct mr_error *err)
{
	char text[4096];
	size_t len = 0;
	for (size_t i = 0; i < n && len < sizeof text; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%u %u %u\n",
		                        map[i].inside, map[i].outside, map[i].count);
	return write_file(path, text, err);
}

int mr_ns_parent_writes_maps(const struct mr_config *cfg)
{
	return cfg->ns[MR_NS_USER] && !cfg->ns_path[MR_NS_USER] && !cfg->rootless;
}

int mr_ns_write_idmaps(const struct mr_config *cfg, pid_t pid, struct mr_error *err)
{
	if (!cfg->ns[MR_NS_USER] || cfg->ns_path[MR_NS_USER])
		return 0;
	char path[64], proc[32] = "self";
	if (pid)
		snprintf(proc, sizeof proc, "%d", (int)pid);
	/* An unprivileged process may map only its own ids, and only after
	 * giving up setgroups(2) for good: otherwise it could drop a group
	 * that the host uses to deny it access (CVE-2014-8989). */
	snprintf(path, sizeof path, "/proc/%s/setgroups", proc);
	if (cfg->rootless && write_file(path, "deny", err) < 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%s/uid_map", proc);
	if (write_map(path, cfg->uid_map, cfg->n_uid_map, err) < 0)
		return -1;
	snprintf(path, sizeof path, "/proc/%s/gid_map", proc);
	return write_map(path, cfg->gid_map, cfg->n_gid_map, err);
}

int mr_ns_become_root(const struct mr_config *cfg, struct mr_error *err)
{
	if (!cfg->ns[MR_NS_USER] || cfg->ns_path[MR_NS_USER])
		return 0;
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return mr_fail(err, errno, "become root in the new user namespace (is uid 0 in uidMappings?)");
	return 0;
}

int mr_ns_join(const struct mr_config *cfg, struct mr_error *err)
{
	/* Open every path before joining any: once in another mount
	 * namespace, "/proc/PID/ns/net" would name something else. */
	int fds[MR_NS_COUNT];
	int rc = 0;
	for (int i = 0; i < MR_NS_COUNT; i++) {
		fds[i] = -1;
		if (rc == 0 && cfg->ns_path[i] && (fds[i] = open(cfg->ns_path[i], O_RDONLY | O_CLOEXEC)) < 0)
			rc = mr_fail(err, errno, "open %s namespace %s", ns_info[i].name, cfg->ns_path[i]);
	}
	for (int i = 0; rc == 0 && i < MR_NS_COUNT; i++) {
		if (fds[i] < 0)
			continue;
		if (setns(fds[i], ns_info[i].flag) < 0)
			rc = mr_fail(err, errno, "join %s namespace %s%s", ns_info[i].name, cfg->ns_path[i],
			             errno == EPERM && cfg->rootless
			                     ? " (rootless mode cannot join a namespace owned by the host)"
			                     : "");
		else
			mr_verbose(cfg, "joined %s namespace %s", ns_info[i].name, cfg->ns_path[i]);
	}
	for (int i = 0; i < MR_NS_COUNT; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	return rc;
}

int mr_ns_set_hostname(const struct mr_config *cfg, struct mr_error *err)
{
	if (!cfg->ns[MR_NS_UTS] || cfg->ns_path[MR_NS_UTS] || !cfg->hostname)
		return 0;
	if (sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		return mr_fail(err, errno, "set hostname '%s'", cfg->hostname);
	return 0;
}

/* Only these sysctls belong to a namespace the container has its own of;
 * any other would change the host (runc's list). */
static bool sysctl_namespaced(const struct mr_config *cfg, const char *key, const char **ns)
{
	static const char *const ipc[] = {"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
	                                  "kernel.shmall", "kernel.shmmax", "kernel.shmmni",
	                                  "kernel.shm_rmid_forced", NULL};
	for (const char *const *k = ipc; *k; k++)
		if (!strcmp(key, *k))
			return *ns = "ipc", cfg->ns[MR_NS_IPC];
	if (!strncmp(key, "fs.mqueue.", 10))
		return *ns = "ipc", cfg->ns[MR_NS_IPC];
	if (!strncmp(key, "net.", 4))
		return *ns = "network", cfg->ns[MR_NS_NET];
	if (!strcmp(key, "kernel.hostname") || !strcmp(key, "kernel.domainname"))
		return *ns = "uts", cfg->ns[MR_NS_UTS];
	*ns = NULL;
	return false;
}

int mr_ns_sysctl(const struct mr_config *cfg, int procfd_root, struct mr_error *err)
{
	for (size_t i = 0; i < cfg->n_sysctl; i++) {
		const struct mr_sysctl *sc = &cfg->sysctl[i];
		const char *ns;
		if (!sysctl_namespaced(cfg, sc->key, &ns))
			return mr_fail(err, 0, "linux.sysctl \"%s\": %s", sc->key,
			               ns ? "its namespace is shared with the host (add that namespace)"
			                  : "not a namespaced sysctl: it would change the host (allowed: net.*, "
			                    "fs.mqueue.*, kernel.msg*, kernel.sem, kernel.shm*, kernel.hostname, "
			                    "kernel.domainname)");
		char path[512];
		size_t n = (size_t)snprintf(path, sizeof path, "/proc/sys/%s", sc->key);
		for (char *c = path + 10; c < path + n; c++)
			if (*c == '.')
				*c = '/';
		int fd = mr_mounts_open_in_root(procfd_root, path, 0);
		char reopen[64];
		snprintf(reopen, sizeof reopen, "/proc/self/fd/%d", fd);
		int wfd = fd < 0 ? -1 : open(reopen, O_WRONLY | O_CLOEXEC);
		int saved = errno;
		if (fd >= 0)
			close(fd);
		ssize_t w = wfd < 0 ? -1 : write(wfd, sc->value, strlen(sc->value));
		if (w < 0)
			saved = errno;
		if (wfd >= 0)
			close(wfd);
		if (w < 0)
			return mr_fail(err, saved, "linux.sysctl \"%s\" = \"%s\"", sc->key, sc->value);
		mr_verbose(cfg, "sysctl: %s = %s", sc->key, sc->value);
	}
	return 0;
}
