/* cgroups_devices.c: which devices the container may open.
 *
 * A device node is only a name for a (type, major, minor) triple: whoever
 * holds CAP_MKNOD can make one for the host's disk anywhere it can write
 * (mknod /tmp/disk b 8 0) and read the disk through it. Mount options do
 * not help (a writable tmpfs without nodev is enough), the device cgroup
 * does: the kernel asks it on every open of a device node and every mknod.
 * So, as runc and crun do, the container's cgroup denies every device, then
 * allows the config's rules (linux.resources.devices, and the nodes of
 * linux.devices) and the usual /dev nodes. mknod of any node stays allowed
 * (the "m" rules): an image may carry nodes it never opens.
 *
 * Two kernel interfaces, one list of rules:
 *   v1  the devices controller's files: "a" into devices.deny, then each
 *       rule into devices.allow or devices.deny ("c 1:3 rwm").
 *   v2  no controller: a BPF program of type BPF_PROG_TYPE_CGROUP_DEVICE,
 *       attached to the cgroup, returns 1 (allow) or 0 for each access.
 *       The program is built here from the rules, the last rule first,
 *       the first that matches deciding; none matching denies. No library
 *       builds such programs (libseccomp's BPF is classic BPF, for seccomp
 *       only); crun writes them by hand the same way.
 *
 * A user namespace needs none of this: there mknod of a device fails, and
 * filesystems mounted inside one are nodev. */
#include "cgroups_int.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The nodes every container gets (runc's and crun's list), allowed after
 * the config's rules. */
static const struct mr_device_rule usual[] = {
	{true, 'c', -1, -1, "m"}, {true, 'b', -1, -1, "m"},       /* mknod of anything */
	{true, 'c', 1, 3, "rwm"}, {true, 'c', 1, 5, "rwm"},       /* null, zero */
	{true, 'c', 1, 7, "rwm"}, {true, 'c', 1, 8, "rwm"},       /* full, random */
	{true, 'c', 1, 9, "rwm"}, {true, 'c', 5, 0, "rwm"},       /* urandom, tty */
	{true, 'c', 5, 1, "rwm"}, {true, 'c', 5, 2, "rwm"},       /* console, ptmx */
	{true, 'c', 136, -1, "rwm"}, {true, 'c', 10, 200, "rwm"}, /* pts/N, net/tun */
};
#define N_USUAL (sizeof usual / sizeof usual[0])

/* The whole list, in order: "deny everything", r's rules, the usual. */
static const struct mr_device_rule deny_all = {false, 'a', -1, -1, "rwm"};

static const struct mr_device_rule *rule_at(const struct mr_resources *r, size_t i)
{
	if (i == 0)
		return &deny_all;
	if (i - 1 < r->n_device_rules)
		return &r->device_rules[i - 1];
	return &usual[i - 1 - r->n_device_rules];
}

static size_t n_rules(const struct mr_resources *r)
{
	return 1 + r->n_device_rules + N_USUAL;
}

/* ---- v1: the devices controller's files ---------------------------------- */

/* "c 1:3 rwm", "b *:* m", "a". */
static void rule_text(char *buf, size_t size, const struct mr_device_rule *d)
{
	char major[24] = "*", minor[24] = "*";
	if (d->type == 'a') {
		snprintf(buf, size, "a");
		return;
	}
	if (d->major >= 0)
		snprintf(major, sizeof major, "%lld", (long long)d->major);
	if (d->minor >= 0)
		snprintf(minor, sizeof minor, "%lld", (long long)d->minor);
	snprintf(buf, size, "%c %s:%s %s", d->type, major, minor, d->access);
}

static int set_v1(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	char text[64];
	for (size_t i = 0; i < n_rules(r); i++) {
		const struct mr_device_rule *rule = rule_at(r, i);
		rule_text(text, sizeof text, rule);
		if (cg_write(d->path, rule->allow ? "devices.allow" : "devices.deny", text, "device rules", err) < 0)
			return -1;
	}
	return 0;
}

/* ---- v2: a BPF program ----------------------------------------------------- */

/* The program's registers: r1 holds the context (struct bpf_cgroup_dev_ctx)
 * on entry, is loaded from, then reused as scratch. */
enum { R0, R1, R_TYPE, R_ACCESS, R_MAJOR, R_MINOR };

/* At most 8 instructions a rule, after 6 that load the context. */
#define MAX_INSNS(n) (8 * (n) + 6)

struct prog {
	struct bpf_insn *insn;
	size_t n;
};

static void emit(struct prog *p, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	p->insn[p->n++] = (struct bpf_insn){.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm};
}

static unsigned access_bits(const char *access)
{
	unsigned bits = 0;
	for (const char *c = access; *c; c++)
		bits |= *c == 'r' ? BPF_DEVCG_ACC_READ : *c == 'w' ? BPF_DEVCG_ACC_WRITE : BPF_DEVCG_ACC_MKNOD;
	return bits;
}

/* One rule: each test that fails jumps past the rule's end, to the next
 * one; if all pass, return its verdict. An allow rule matches an access
 * it covers entirely, a deny rule one it covers in part (as v1 does).
 * Unlike v1, two allow rules for one device are not merged: "r" then "w"
 * allow a read and a write, not a read-write open (engines write "rwm").
 * true when the rule tests nothing: it ends the program. */
static bool emit_rule(struct prog *p, const struct mr_device_rule *d)
{
	const unsigned all = BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD;
	unsigned acc = access_bits(d->access);
	bool by_type = d->type != 'a', by_access = acc != all, by_major = d->major >= 0, by_minor = d->minor >= 0;
	/* Its length first, for the jumps' offsets. */
	size_t len = by_type + 3 * by_access + by_major + by_minor + 2, end = p->n + len;
#define SKIP ((int16_t)(end - p->n - 1))
	if (by_type)
		emit(p, BPF_JMP | BPF_JNE | BPF_K, R_TYPE, 0, SKIP,
		     d->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
	if (by_access) {
		emit(p, BPF_ALU | BPF_MOV | BPF_X, R1, R_ACCESS, 0, 0);
		emit(p, BPF_ALU | BPF_AND | BPF_K, R1, 0, 0, d->allow ? (int32_t)(~acc & all) : (int32_t)acc);
		emit(p, BPF_JMP | (d->allow ? BPF_JNE : BPF_JEQ) | BPF_K, R1, 0, SKIP, 0);
	}
	if (by_major)
		emit(p, BPF_JMP | BPF_JNE | BPF_K, R_MAJOR, 0, SKIP, (int32_t)d->major);
	if (by_minor)
		emit(p, BPF_JMP | BPF_JNE | BPF_K, R_MINOR, 0, SKIP, (int32_t)d->minor);
#undef SKIP
	emit(p, BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, d->allow);
	emit(p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	return len == 2;
}

static void build(struct prog *p, const struct mr_resources *r)
{
	/* access_type is (access << 16) | device type; then major, minor. */
	emit(p, BPF_LDX | BPF_W | BPF_MEM, R_TYPE, R1, 0, 0);
	emit(p, BPF_ALU | BPF_MOV | BPF_X, R_ACCESS, R_TYPE, 0, 0);
	emit(p, BPF_ALU | BPF_AND | BPF_K, R_TYPE, 0, 0, 0xffff);
	emit(p, BPF_ALU | BPF_RSH | BPF_K, R_ACCESS, 0, 0, 16);
	emit(p, BPF_LDX | BPF_W | BPF_MEM, R_MAJOR, R1, 4, 0);
	emit(p, BPF_LDX | BPF_W | BPF_MEM, R_MINOR, R1, 8, 0);
	/* A rule that tests nothing ends the program (the verifier refuses
	 * code after it): at the latest the first, deny everything; earlier
	 * one that allows everything (a privileged container's). */
	for (size_t i = n_rules(r); i-- > 0;)
		if (emit_rule(p, rule_at(r, i)))
			break;
}

/* Load the program; on failure, again with the verifier's log, for the
 * error. */
static int load(const struct prog *p, struct mr_error *err)
{
	static char log[4096];
	union bpf_attr attr = {
		.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE,
		.insns = (uintptr_t)p->insn,
		.insn_cnt = (uint32_t)p->n,
		.license = (uintptr_t)"GPL",
	};
	int fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr);
	if (fd >= 0)
		return fd;
	int e = errno;
	attr.log_buf = (uintptr_t)log;
	attr.log_size = sizeof log;
	attr.log_level = 1;
	log[0] = 0;
	fd = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof attr);
	if (fd >= 0)
		return fd;
	return mr_fail(err, e, "device rules: load the BPF program (%zu instructions) that checks the "
	               "container's device accesses%s%s%s", p->n, e == EPERM ? " (needs CAP_SYS_ADMIN, or "
	               "CAP_BPF)" : "", log[0] ? "; the verifier said: " : "", log);
}

static int set_v2(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	struct prog p = {calloc(MAX_INSNS(n_rules(r)), sizeof *p.insn), 0};
	if (!p.insn)
		return mr_fail(err, ENOMEM, "device rules");
	build(&p, r);
	int prog = load(&p, err);
	free(p.insn);
	if (prog < 0)
		return -1;
	int dir = open(d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	union bpf_attr attach = {
		.target_fd = (uint32_t)dir,
		.attach_bpf_fd = (uint32_t)prog,
		.attach_type = BPF_CGROUP_DEVICE,
		.attach_flags = BPF_F_ALLOW_MULTI,
	};
	int rc = dir < 0 ? -1 : (int)syscall(SYS_bpf, BPF_PROG_ATTACH, &attach, sizeof attach);
	int e = errno;
	if (dir >= 0)
		close(dir);
	close(prog); /* the cgroup keeps it, until the cgroup is removed */
	return rc < 0 ? mr_fail(err, e, "device rules: attach the BPF program to %s", d->path) : 0;
}

int cg_set_devices(const struct cg_dir *d, const struct mr_resources *r, struct mr_error *err)
{
	return d->v2 ? set_v2(d, r, err) : set_v1(d, r, err);
}
