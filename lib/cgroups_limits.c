/* cgroups_limits.c: the resource limits (struct mr_resources) in cgroup
 * terms: which controllers they need, the arithmetic between what OCI and
 * Docker say and what cgroup v2 files take (pure, unit-tested), and one
 * writer per controller, for v2 or v1 files as the tree that carries the
 * controller is (cgroups.c finds it). */
#include "cgroups_int.h"

#include <stdio.h>

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

static int set_memory(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	char v[32];
	int64_t swap = 0;
	int has_swap = mr_cgroup_swap_max(r, &swap, err);
	if (has_swap < 0)
		return -1;
	if (r->memory) {
		limit_value(v, sizeof v, r->memory, d->v2 ? "max" : "-1");
		if (cg_write(d->path, d->v2 ? "memory.max" : "memory.limit_in_bytes", v, "memory limit", err) < 0)
			return -1;
	}
	if (!has_swap)
		return 0;
	/* v1 counts memory and swap together (as OCI does); v2 swap alone. */
	const char *file = d->v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes";
	if (swap < 0 && !cg_file_exists(d->path, file))
		return 0; /* unlimited swap where swap is not accounted at all */
	limit_value(v, sizeof v, d->v2 ? swap : r->memory_swap, d->v2 ? "max" : "-1");
	return cg_write(d->path, file, v, "memory+swap limit", err);
}

static int set_pids(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	char v[32];
	limit_value(v, sizeof v, r->pids, "max");
	return cg_write(d->path, "pids.max", v, "pids limit", err);
}

static int set_cpu_v2(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	char v[64];
	if (mr_cgroup_cpu_max(r->cpu_quota, r->cpu_period, v, sizeof v) &&
	    cg_write(d->path, "cpu.max", v, "cpu limit", err) < 0)
		return -1;
	snprintf(v, sizeof v, "%llu", (unsigned long long)mr_cgroup_cpu_weight(r->cpu_shares));
	return r->cpu_shares ? cg_write(d->path, "cpu.weight", v, "cpu shares", err) : 0;
}

static int set_cpu(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	char v[32];
	if (d->v2)
		return set_cpu_v2(d, r, err);
	/* The period first: the kernel checks the quota against it. */
	snprintf(v, sizeof v, "%llu", (unsigned long long)r->cpu_period);
	if (r->cpu_period && cg_write(d->path, "cpu.cfs_period_us", v, "cpu limit", err) < 0)
		return -1;
	limit_value(v, sizeof v, r->cpu_quota, "-1");
	if (r->cpu_quota && cg_write(d->path, "cpu.cfs_quota_us", v, "cpu limit", err) < 0)
		return -1;
	snprintf(v, sizeof v, "%llu", (unsigned long long)r->cpu_shares);
	return r->cpu_shares ? cg_write(d->path, "cpu.shares", v, "cpu shares", err) : 0;
}

static int set_cpuset(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	if (r->cpuset_cpus && cg_write(d->path, "cpuset.cpus", r->cpuset_cpus, "cpuset cpus", err) < 0)
		return -1;
	return r->cpuset_mems ? cg_write(d->path, "cpuset.mems", r->cpuset_mems, "cpuset mems", err) : 0;
}

static int (*const set_limits[CG_NCTRL])(const struct cg_dir *, const struct mr_resources *,
                                         struct mr_error *) = {set_memory, set_pids, set_cpu, set_cpuset, NULL};

int cg_write_limits(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	for (int c = 0; c < CG_NCTRL; c++)
		if ((d->ctrls & BIT(c)) && set_limits[c] && set_limits[c](d, r, err) < 0)
			return -1;
	return 0;
}
