/* cgroups_limits.c: the resource limits (struct mr_resources) in cgroup
 * terms: which controllers they need, the arithmetic between what OCI and
 * Docker say and what cgroup v2 files take (pure, unit-tested), and one
 * writer per controller, for v2 or v1 files as the tree that carries the
 * controller is (cgroups.c finds it). */
#include "cgroups_int.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- pure helpers ------------------------------------------------------- */

uint64_t mr_cgroup_cpu_weight(uint64_t shares)
{
	if (!shares)
		return 0;
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}

int mr_cgroup_cpu_max(int64_t quota, uint64_t period, char *buf, size_t size)
{
	if (!quota && !period)
		return 0;
	if (!period)
		period = 100000;
	if (quota > 0)
		snprintf(buf, size, "%lld %llu", (long long)quota, (unsigned long long)period);
	else
		snprintf(buf, size, "max %llu", (unsigned long long)period);
	return 1;
}

int mr_cgroup_swap_max(const struct mr_resources *r, int64_t *swap_max, struct mr_error *err)
{
	if (!r->memory_swap)
		return 0;
	if (r->memory_swap == -1) {
		*swap_max = -1;
		return 1;
	}
	if (r->memory_swap < -1)
		return mr_fail(err, 0, "memory+swap limit %lld: expected bytes, or -1 for unlimited swap",
		               (long long)r->memory_swap);
	if (r->memory <= 0)
		return mr_fail(err, 0, "memory+swap limit: a swap limit needs a memory limit too "
		                       "(--memory with --memory-swap)");
	if (r->memory_swap < r->memory)
		return mr_fail(err, 0, "memory+swap limit %lld is below the memory limit %lld: it counts memory "
		               "and swap together, so it must be at least as large (equal: no swap)",
		               (long long)r->memory_swap, (long long)r->memory);
	*swap_max = r->memory_swap - r->memory;
	return 1;
}

int mr_cgroup_check(const struct mr_resources *r, struct mr_error *err)
{
	int64_t swap;
	if (mr_cgroup_swap_max(r, &swap, err) < 0)
		return -1;
	/* The kernel's bounds for CFS bandwidth (kernel/sched/core.c). */
	if (r->cpu_quota && r->cpu_quota != -1 && r->cpu_quota < 1000)
		return mr_fail(err, 0, "cpu quota %lld: expected at least 1000 microseconds (the kernel's smallest, "
		               "1 ms), or -1 for unlimited", (long long)r->cpu_quota);
	if (r->cpu_period && (r->cpu_period < 1000 || r->cpu_period > 1000000))
		return mr_fail(err, 0, "cpu period %llu: expected 1000 to 1000000 microseconds (1 ms to 1 s)",
		               (unsigned long long)r->cpu_period);
	return 0;
}

void mr_cgroup_merge(struct mr_resources *cur, const struct mr_resources *change)
{
	/* runc's rule: lifting the memory limit lifts a swap limit with it,
	 * which could not stand alone. */
	if (change->memory == -1 && !change->memory_swap && cur->memory_swap)
		cur->memory_swap = -1;
	if (change->memory)
		cur->memory = change->memory;
	if (change->memory_swap)
		cur->memory_swap = change->memory_swap;
	if (change->pids)
		cur->pids = change->pids;
	if (change->cpu_shares)
		cur->cpu_shares = change->cpu_shares;
	if (change->cpu_quota)
		cur->cpu_quota = change->cpu_quota;
	if (change->cpu_period)
		cur->cpu_period = change->cpu_period;
	if (change->cpuset_cpus)
		cur->cpuset_cpus = change->cpuset_cpus;
	if (change->cpuset_mems)
		cur->cpuset_mems = change->cpuset_mems;
}

unsigned cg_needed_ctrls(const struct mr_resources *r)
{
	unsigned c = 0;
	if (r->memory || r->memory_swap)
		c |= BIT(CG_MEMORY);
	if (r->pids)
		c |= BIT(CG_PIDS);
	if (r->cpu_shares || r->cpu_quota || r->cpu_period)
		c |= BIT(CG_CPU);
	if (r->cpuset_cpus || r->cpuset_mems)
		c |= BIT(CG_CPUSET);
	if (r->devices)
		c |= BIT(CG_DEVICES);
	return c;
}

bool mr_cgroup_wanted(const struct mr_config *cfg)
{
	return cfg->want_cgroup || cg_needed_ctrls(&cfg->resources);
}

/* ---- the limits, per controller, in v2 or v1 files ----------------------- */

/* -1 is "unlimited", spelled by the file's own word for it. */
static void limit_value(char *buf, size_t size, int64_t v, const char *unlimited)
{
	if (v < 0)
		snprintf(buf, size, "%s", unlimited);
	else
		snprintf(buf, size, "%lld", (long long)v);
}

/* Write one limit, first saving what it overwrites when d->undo is set. */
static int put(const struct cg_dir *d, const char *file, const char *value, const char *what, struct mr_error *err)
{
	struct cg_undo *u = d->undo;
	if (u && u->n < sizeof u->w / sizeof u->w[0] &&
	    cg_read_file(d->path, file, u->w[u->n].old, sizeof u->w[u->n].old) > 0) {
		u->w[u->n].dir = d;
		u->w[u->n].file = file;
		u->n++;
	}
	return cg_write(d->path, file, value, what, err);
}

void cg_undo_writes(const struct cg_undo *u)
{
	struct mr_error ignored;
	for (size_t i = u->n; i-- > 0;)
		cg_write(u->w[i].dir->path, u->w[i].file, u->w[i].old, "restore", &ignored);
}

/* memory+swap: v1 counts them together (as OCI does); v2 swap alone. */
static int set_swap(const struct cg_dir *d, const struct mr_resources *r, int64_t swap, struct mr_error *err)
{
	char v[32];
	const char *file = d->v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes";
	if (swap < 0 && !cg_file_exists(d->path, file))
		return 0; /* unlimited swap where swap is not accounted at all */
	limit_value(v, sizeof v, d->v2 ? swap : r->memory_swap, d->v2 ? "max" : "-1");
	return put(d, file, v, "memory+swap limit", err);
}

/* v1 keeps memory.limit_in_bytes at most memory.memsw.limit_in_bytes at
 * every moment: an update raising memory above the memsw limit in force
 * raises memsw first. (A new cgroup's memsw is unlimited.) */
static bool swap_first(const struct cg_dir *d, const struct mr_resources *r)
{
	char now[32];
	if (d->v2 || !r->memory || cg_read_file(d->path, "memory.memsw.limit_in_bytes", now, sizeof now) <= 0)
		return false;
	return (r->memory < 0 ? UINT64_MAX : (uint64_t)r->memory) > strtoull(now, NULL, 10);
}

static int set_memory(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	char v[32];
	int64_t swap = 0;
	int has_swap = mr_cgroup_swap_max(r, &swap, err);
	if (has_swap < 0)
		return -1;
	bool early = has_swap && swap_first(d, r);
	if (early && set_swap(d, r, swap, err) < 0)
		return -1;
	if (r->memory) {
		limit_value(v, sizeof v, r->memory, d->v2 ? "max" : "-1");
		if (put(d, d->v2 ? "memory.max" : "memory.limit_in_bytes", v, "memory limit", err) < 0)
			return -1;
	}
	return has_swap && !early ? set_swap(d, r, swap, err) : 0;
}

static int set_pids(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	char v[32];
	limit_value(v, sizeof v, r->pids, "max");
	return put(d, "pids.max", v, "pids limit", err);
}

static int set_cpu_v2(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	char v[64];
	if (mr_cgroup_cpu_max(r->cpu_quota, r->cpu_period, v, sizeof v) &&
	    put(d, "cpu.max", v, "cpu limit", err) < 0)
		return -1;
	snprintf(v, sizeof v, "%llu", (unsigned long long)mr_cgroup_cpu_weight(r->cpu_shares));
	return r->cpu_shares ? put(d, "cpu.weight", v, "cpu shares", err) : 0;
}

static int set_cpu(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	char v[32];
	if (d->v2)
		return set_cpu_v2(d, r, err);
	/* The period first: the kernel checks the quota against it. */
	snprintf(v, sizeof v, "%llu", (unsigned long long)r->cpu_period);
	if (r->cpu_period && put(d, "cpu.cfs_period_us", v, "cpu limit", err) < 0)
		return -1;
	limit_value(v, sizeof v, r->cpu_quota, "-1");
	if (r->cpu_quota && put(d, "cpu.cfs_quota_us", v, "cpu limit", err) < 0)
		return -1;
	snprintf(v, sizeof v, "%llu", (unsigned long long)r->cpu_shares);
	return r->cpu_shares ? put(d, "cpu.shares", v, "cpu shares", err) : 0;
}

static int set_cpuset(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	if (r->cpuset_cpus && put(d, "cpuset.cpus", r->cpuset_cpus, "cpuset cpus", err) < 0)
		return -1;
	return r->cpuset_mems ? put(d, "cpuset.mems", r->cpuset_mems, "cpuset mems", err) : 0;
}

static int (*const set_limits[CG_NCTRL])(const struct cg_dir *, const struct mr_resources *, struct mr_error *) = {
	set_memory, set_pids, set_cpu, set_cpuset, NULL, cg_set_devices,
};

int cg_write_limits(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	for (int c = 0; c < CG_NCTRL; c++)
		if ((d->ctrls & BIT(c)) && set_limits[c] && set_limits[c](d, r, err) < 0)
			return -1;
	return 0;
}
