/* The one config struct: secure defaults, the environment, freeing. */
#include "minirun.h"
#include "parse.h"
#include "mr_seccomp.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The paths Docker, runc and crun hide by default: kernel memory, keys,
 * timing side channels, firmware, hardware. Masked = reads as empty. */
const char *const mr_default_masked_paths[] = {
	"/proc/acpi", "/proc/asound", "/proc/interrupts", "/proc/kcore",
	"/proc/keys", "/proc/latency_stats", "/proc/timer_list",
	"/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
	"/sys/firmware", "/sys/devices/virtual/powercap", NULL,
};

/* Kernel knobs a container may read but must not write. */
const char *const mr_default_readonly_paths[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
	"/proc/sysrq-trigger", NULL,
};

void mr_config_init(struct mr_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	for (int i = 0; i < MR_NS_COUNT; i++)
		cfg->ns[i] = true;
	/* A user namespace only when we are not root: as root, the container's
	 * root is the host's root with every other namespace and no
	 * capabilities; unprivileged, the user namespace is what lets us
	 * create the others at all (rootless mode). */
	cfg->rootless = geteuid() != 0;
	cfg->ns[MR_NS_USER] = cfg->rootless;
	cfg->cwd = "/";
	cfg->hostname = "minirun";
	cfg->masked_paths = (char **)mr_default_masked_paths;
	cfg->readonly_paths = (char **)mr_default_readonly_paths;
	cfg->no_new_privs = true;
	cfg->umask = 022;
	cfg->init = true;
	cfg->console_socket = -1;
	cfg->env = calloc(1, sizeof *cfg->env);
	mr_config_setenv(cfg, "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	mr_config_setenv(cfg, "HOME", "/root");
	const char *term = getenv("TERM");
	if (term)
		mr_config_setenv(cfg, "TERM", term);
}

static char **find_env(const struct mr_config *cfg, const char *key, size_t klen)
{
	for (size_t i = 0; i < cfg->n_env; i++)
		if (!strncmp(cfg->env[i], key, klen) && cfg->env[i][klen] == '=')
			return &cfg->env[i];
	return NULL;
}

/* Put a malloc'd "KEY=VALUE" into the env, replacing an existing KEY. */
static int put_env(struct mr_config *cfg, char *kv)
{
	char **slot = find_env(cfg, kv, strcspn(kv, "="));
	if (slot) {
		free(*slot);
		*slot = kv;
		return 0;
	}
	char **env = realloc(cfg->env, (cfg->n_env + 2) * sizeof *env);
	if (!env)
		return -1;
	cfg->env = env;
	env[cfg->n_env++] = kv;
	env[cfg->n_env] = NULL;
	return 0;
}

void *mr_config_keep(struct mr_config *cfg, void *p)
{
	if (!p)
		return NULL;
	void **owned = realloc(cfg->owned, (cfg->n_owned + 1) * sizeof *owned);
	if (!owned) {
		free(p);
		return NULL;
	}
	cfg->owned = owned;
	owned[cfg->n_owned++] = p;
	return p;
}

int mr_config_setenv(struct mr_config *cfg, const char *key, const char *value)
{
	size_t kl = strlen(key), vl = strlen(value);
	char *kv = malloc(kl + vl + 2);
	if (!kv)
		return -1;
	memcpy(kv, key, kl);
	kv[kl] = '=';
	memcpy(kv + kl + 1, value, vl + 1);
	return put_env(cfg, kv);
}

int mr_config_putenv(struct mr_config *cfg, char *kv)
{
	return put_env(cfg, kv);
}

const char *mr_config_getenv(const struct mr_config *cfg, const char *key)
{
	size_t kl = strlen(key);
	char **slot = find_env(cfg, key, kl);
	return slot ? *slot + kl + 1 : NULL;
}

void mr_config_free(struct mr_config *cfg)
{
	for (size_t i = 0; i < cfg->n_env; i++)
		free(cfg->env[i]);
	free(cfg->env);
	for (size_t i = 0; i < cfg->n_mounts; i++)
		mr_mount_clear(&cfg->mounts[i]);
	free(cfg->mounts);
	free(cfg->uid_map);
	free(cfg->gid_map);
	free(cfg->groups);
	mr_seccomp_free(cfg->seccomp);
	free(cfg->rlimits);
	free(cfg->cgroup_name);
	free(cfg->sysctl);
	free(cfg->devices);
	free(cfg->resources.device_rules);
	for (int k = 0; k < MR_HOOK_COUNT; k++)
		free(cfg->hooks[k]);
	for (size_t i = 0; i < cfg->n_owned; i++)
		free(cfg->owned[i]);
	free(cfg->owned);
	memset(cfg, 0, sizeof *cfg);
	cfg->console_socket = -1;
}
