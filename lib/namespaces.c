/* Namespaces: the kernel objects that give the container its own view of
 * mounts, pids, hostname, IPC, network, cgroups and (rootless) user ids. */
#include "namespaces.h"

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

int mr_ns_write_idmaps(const struct mr_config *cfg, struct mr_error *err)
{
	if (!cfg->ns[MR_NS_USER] || cfg->ns_path[MR_NS_USER])
		return 0;
	/* An unprivileged process may map only its own ids, and only after
	 * giving up setgroups(2) for good: otherwise it could drop a group
	 * that the host uses to deny it access (CVE-2014-8989). */
	if (cfg->rootless && write_file("/proc/self/setgroups", "deny", err) < 0)
		return -1;
	if (write_map("/proc/self/uid_map", cfg->uid_map, cfg->n_uid_map, err) < 0)
		return -1;
	return write_map("/proc/self/gid_map", cfg->gid_map, cfg->n_gid_map, err);
}

int mr_ns_join(const struct mr_config *cfg, struct mr_error *err)
{
	for (int i = 0; i < MR_NS_COUNT; i++) {
		if (!cfg->ns_path[i])
			continue;
		int fd = open(cfg->ns_path[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return mr_fail(err, errno, "open %s namespace %s", ns_info[i].name, cfg->ns_path[i]);
		int rc = setns(fd, ns_info[i].flag);
		int saved = errno;
		close(fd);
		if (rc < 0)
			return mr_fail(err, saved, "join %s namespace %s%s", ns_info[i].name, cfg->ns_path[i],
			               saved == EPERM && cfg->rootless
			                       ? " (rootless mode cannot join a namespace owned by the host)"
			                       : "");
		mr_verbose(cfg, "joined %s namespace %s", ns_info[i].name, cfg->ns_path[i]);
	}
	return 0;
}

int mr_ns_set_hostname(const struct mr_config *cfg, struct mr_error *err)
{
	if (!cfg->ns[MR_NS_UTS] || cfg->ns_path[MR_NS_UTS] || !cfg->hostname)
		return 0;
	if (sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		return mr_fail(err, errno, "set hostname '%s'", cfg->hostname);
	return 0;
}
