/* seccomp.c: compile the rule list to BPF before clone, load it before exec.
 *
 * Why compile in the parent: libseccomp allocates, resolves syscall names
 * per architecture and optimises the decision tree — thousands of
 * instructions of work that can fail. Done in minirun before clone(), a
 * bad profile is reported before anything is created, and the workload's
 * critical path is a single seccomp(2) call on a ready buffer.
 *
 * Why load it last: the filter applies to everything the process does
 * afterwards, including minirun's own setup. Loaded after the capability
 * and uid changes, it only has to allow what the workload needs, plus
 * execve. (Without no_new_privs the kernel demands CAP_SYS_ADMIN to load a
 * filter, so launch.c then loads it before the capability drop, and the
 * default table allows capset, prctl and the set*id calls for that.) */
#include "mr_seccomp.h"
#include "caps.h"

#include <ctype.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cap-ng.h>

/* ---- the rule list ---------------------------------------------------- */

void mr_sc_profile_init(struct mr_sc_profile *p, const char *source,
                        uint32_t default_action, uint64_t caps)
{
	memset(p, 0, sizeof *p);
	p->source = strdup(source);
	p->default_action = default_action;
	p->caps = caps;
}

void mr_sc_profile_free(struct mr_sc_profile *p)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		free(p->rules[i].name);
		free(p->rules[i].why);
		free(p->rules[i].origin);
	}
	for (size_t i = 0; i < p->n_skipped; i++)
		free(p->skipped[i]);
	free(p->rules);
	free(p->skipped);
	free(p->source);
	memset(p, 0, sizeof *p);
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

int mr_sc_profile_add(struct mr_sc_profile *p, const struct mr_sc_rule *rule,
                      struct mr_error *err)
{
	if (p->n_rules == p->cap_rules) {
		size_t n = p->cap_rules ? p->cap_rules * 2 : 64;
		struct mr_sc_rule *r = realloc(p->rules, n * sizeof *r);
		if (!r)
			return mr_fail(err, ENOMEM, "seccomp: rule list");
		p->rules = r;
		p->cap_rules = n;
	}
	struct mr_sc_rule *r = &p->rules[p->n_rules];
	*r = *rule;
	r->name = strdup(rule->name);
	r->why = dup_or_null(rule->why);
	r->origin = dup_or_null(rule->origin);
	if (!r->name)
		return mr_fail(err, ENOMEM, "seccomp: rule list");
	p->n_rules++;
	return 0;
}

int mr_sc_profile_skip(struct mr_sc_profile *p, const char *name,
                       struct mr_error *err)
{
	for (size_t i = 0; i < p->n_skipped; i++)
		if (!strcmp(p->skipped[i], name))
			return 0;
	char **s = realloc(p->skipped, (p->n_skipped + 1) * sizeof *s);
	if (!s)
		return mr_fail(err, ENOMEM, "seccomp: rule list");
	p->skipped = s;
	if (!(s[p->n_skipped] = strdup(name)))
		return mr_fail(err, ENOMEM, "seccomp: rule list");
	p->n_skipped++;
	return 0;
}

const struct mr_sc_rule *mr_sc_profile_find(const struct mr_sc_profile *p,
                                            const char *name)
{
	for (size_t i = 0; i < p->n_rules; i++)
		if (p->rules[i].n_conds == 0 && !strcmp(p->rules[i].name, name))
			return &p->rules[i];
	return NULL;
}

int mr_seccomp_load_for(struct mr_sc_profile *p, const struct mr_config *cfg,
                        struct mr_error *err)
{
	if (cfg->seccomp_profile)
		return mr_seccomp_load_file(p, cfg->seccomp_profile, cfg->caps.bounding, err);
	return mr_seccomp_default(p, cfg->caps.bounding, err);
}

/* ---- libseccomp: rules → filter → BPF ---------------------------------- */

static int add_rule(scmp_filter_ctx ctx, const struct mr_sc_profile *p,
                    const struct mr_sc_rule *r, struct mr_error *err)
{
	/* libseccomp refuses (EACCES) a rule that only repeats the default
	 * action; it would change nothing, so it is left out. */
	if (r->action == p->default_action)
		return 0;
	int nr = seccomp_syscall_resolve_name(r->name);
	if (nr == __NR_SCMP_ERROR)
		return mr_fail(err, 0, "seccomp: %s: libseccomp does not know the syscall \"%s\"",
		               r->origin ? r->origin : p->source, r->name);
	struct scmp_arg_cmp cmp[6];
	for (unsigned int i = 0; i < r->n_conds; i++)
		cmp[i] = (struct scmp_arg_cmp){r->conds[i].index, r->conds[i].op,
		                               r->conds[i].value, r->conds[i].value2};
	int rc = seccomp_rule_add_array(ctx, r->action, nr, r->n_conds, cmp);
	if (rc < 0)
		return mr_fail(err, -rc, "seccomp: %s: libseccomp rejected the rule for %s%s",
		               r->origin ? r->origin : p->source, r->name,
		               rc == -EEXIST ? " (it conflicts with an earlier rule for the same syscall)" : "");
	return 0;
}

static int set_attrs(scmp_filter_ctx ctx, struct mr_error *err)
{
	/* minirun sets no_new_privs itself (or not, on request) and loads the
	 * BPF with seccomp(2); libseccomp must not decide about NNP. A process
	 * of an architecture the filter does not list is killed outright;
	 * the binary-tree layout keeps a 350-syscall allow-list fast. */
	int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
	if (rc == 0)
		rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc < 0)
		return mr_fail(err, -rc, "seccomp: setting libseccomp filter attributes");
	return 0;
}

int mr_seccomp_build(const struct mr_sc_profile *p, scmp_filter_ctx *out,
                     struct mr_error *err)
{
	char act[64];
	scmp_filter_ctx ctx = seccomp_init(p->default_action);
	if (!ctx)
		return mr_fail(err, 0, "seccomp: %s: libseccomp refused the default action %s",
		               p->source, mr_sc_action_str(p->default_action, act, sizeof act));
	if (set_attrs(ctx, err) < 0)
		goto fail;
	/* Architectures first: libseccomp only applies a rule to the
	 * architectures the filter has when the rule is added. */
	for (size_t i = 0; i < p->n_arches; i++) {
		int rc = seccomp_arch_add(ctx, p->arches[i]);
		if (rc < 0 && rc != -EEXIST) {
			mr_fail(err, -rc, "seccomp: %s: adding architecture 0x%x", p->source,
			        p->arches[i]);
			goto fail;
		}
	}
	for (size_t i = 0; i < p->n_rules; i++)
		if (add_rule(ctx, p, &p->rules[i], err) < 0)
			goto fail;
	*out = ctx;
	return 0;
fail:
	seccomp_release(ctx);
	return -1;
}

/* libseccomp 2.5 can only export BPF to a file descriptor: give it a memfd
 * and read the program back into memory. */
static int export_bpf(scmp_filter_ctx ctx, struct sock_fprog *prog,
                      struct mr_error *err)
{
	int fd = memfd_create("minirun-seccomp", MFD_CLOEXEC);
	if (fd < 0)
		return mr_fail(err, errno, "seccomp: memfd_create for the compiled filter");
	int rc = seccomp_export_bpf(ctx, fd);
	if (rc < 0) {
		close(fd);
		return mr_fail(err, -rc, "seccomp: compiling the filter to BPF");
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || st.st_size % sizeof(struct sock_filter)) {
		close(fd);
		return mr_fail(err, errno, "seccomp: reading back the compiled filter");
	}
	size_t len = (size_t)st.st_size / sizeof(struct sock_filter);
	if (len > BPF_MAXINSNS) {
		close(fd);
		return mr_fail(err, 0, "seccomp: the compiled filter has %zu instructions, "
		               "more than the kernel's limit of %d", len, BPF_MAXINSNS);
	}
	struct sock_filter *insns = malloc((size_t)st.st_size);
	ssize_t n = insns ? pread(fd, insns, (size_t)st.st_size, 0) : -1;
	int saved = errno;
	close(fd);
	if (n != st.st_size) {
		free(insns);
		return mr_fail(err, n < 0 ? saved : EIO, "seccomp: reading back the compiled filter");
	}
	prog->len = (unsigned short)len;
	prog->filter = insns;
	return 0;
}

int mr_seccomp_compile(const struct mr_sc_profile *p, struct mr_seccomp **out,
                       struct mr_error *err)
{
	scmp_filter_ctx ctx;
	if (mr_seccomp_build(p, &ctx, err) < 0)
		return -1;
	struct mr_seccomp *f = calloc(1, sizeof *f);
	if (!f) {
		seccomp_release(ctx);
		return mr_fail(err, ENOMEM, "seccomp: compiled filter");
	}
	int rc = export_bpf(ctx, &f->prog, err);
	seccomp_release(ctx);
	if (rc < 0) {
		free(f);
		return -1;
	}
	f->flags = p->flags;
	*out = f;
	return 0;
}

void mr_seccomp_free(struct mr_seccomp *filter)
{
	if (!filter)
		return;
	free(filter->prog.filter);
	free(filter);
}

/* ---- prepare and apply ------------------------------------------------ */

int mr_seccomp_apply(const struct mr_config *cfg, struct mr_error *err)
{
	if (cfg->seccomp_unconfined)
		return 0;
	const struct mr_seccomp *f = cfg->seccomp;
	if (!f)
		return mr_fail(err, 0, "seccomp: no filter was prepared before the launch");
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, f->flags, &f->prog) == 0)
		return 0;
	if (errno == EACCES)
		return mr_fail(err, errno, "loading the seccomp filter: without no_new_privs "
		               "the kernel requires CAP_SYS_ADMIN");
	return mr_fail(err, errno, "loading the seccomp filter (%u instructions)",
	               (unsigned)f->prog.len);
}

/* ---- names for people ------------------------------------------------- */

const char *mr_sc_action_str(uint32_t action, char *buf, size_t size)
{
	uint32_t data = action & 0xffff;
	switch (action & ~0xffffU) {
	case SCMP_ACT_ERRNO(0): {
		const char *name = strerrorname_np((int)data);
		if (name)
			snprintf(buf, size, "ERRNO(%s)", name);
		else
			snprintf(buf, size, "ERRNO(%u)", data);
		return buf;
	}
	case SCMP_ACT_TRACE(0):
		snprintf(buf, size, "TRACE(%u)", data);
		return buf;
	}
	const char *name = "UNKNOWN";
	switch (action) {
	case SCMP_ACT_ALLOW: name = "ALLOW"; break;
	case SCMP_ACT_LOG: name = "LOG"; break;
	case SCMP_ACT_TRAP: name = "TRAP"; break;
	case SCMP_ACT_KILL_PROCESS: name = "KILL_PROCESS"; break;
	case SCMP_ACT_KILL_THREAD: name = "KILL_THREAD"; break;
	case SCMP_ACT_NOTIFY: name = "NOTIFY"; break;
	}
	snprintf(buf, size, "%s", name);
	return buf;
}

/* ---- the table for people (minirun seccomp --print) ------------------- */

static const char *cmp_str(enum scmp_compare op)
{
	switch (op) {
	case SCMP_CMP_NE: return "!=";
	case SCMP_CMP_LT: return "<";
	case SCMP_CMP_LE: return "<=";
	case SCMP_CMP_EQ: return "==";
	case SCMP_CMP_GE: return ">=";
	case SCMP_CMP_GT: return ">";
	default: return "?";
	}
}

static void print_num(FILE *out, uint64_t v)
{
	fprintf(out, v < 4096 ? "%llu" : "0x%llx", (unsigned long long)v);
}

static void print_conds(FILE *out, const struct mr_sc_rule *r)
{
	for (unsigned int i = 0; i < r->n_conds; i++) {
		const struct mr_sc_cond *c = &r->conds[i];
		fprintf(out, "%sarg%u ", i ? " && " : "", c->index);
		if (c->op == SCMP_CMP_MASKED_EQ) {
			fputs("& ", out);
			print_num(out, c->value);
			fputs(" == ", out);
			print_num(out, c->value2);
		} else {
			fprintf(out, "%s ", cmp_str(c->op));
			print_num(out, c->value);
		}
	}
}

/* Words wrapped at 78 columns, each line indented by 4. */
static void print_wrapped(FILE *out, const char *const *words, size_t n)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(words[i]);
		if (col && col + 1 + len > 74) {
			fputc('\n', out);
			col = 0;
		}
		fprintf(out, "%s%s", col ? " " : "    ", words[i]);
		col += len + 1;
	}
	if (col)
		fputc('\n', out);
}

static bool same_group(const struct mr_sc_rule *a, const struct mr_sc_rule *b)
{
	return a->action == b->action && a->cap == b->cap &&
	       !strcmp(a->why ? a->why : "", b->why ? b->why : "");
}

/* The heading of one group: "ERRNO(EPERM) without CAP_SYS_ADMIN — why". */
static void print_heading(FILE *out, const struct mr_sc_rule *r)
{
	char act[48], name[64];
	bool allow = r->action == SCMP_ACT_ALLOW;
	if (allow && r->cap < 0 && !r->why)
		return;  /* plain allowed names need no heading */
	fputs("  ", out);
	if (!allow)
		fputs(mr_sc_action_str(r->action, act, sizeof act), out);
	if (r->cap >= 0)
		fprintf(out, "%s%s", allow ? "with " : " without ", mr_cap_name((unsigned)r->cap, name, sizeof name));
	if (r->why)
		fprintf(out, "%s%s", allow && r->cap < 0 ? "" : " — ", r->why);
	fputc('\n', out);
}

/* Rules without conditions whose action is (allow) or is not (!allow)
 * ALLOW, grouped by action, capability and reason, in table order.
 * Returns how many groups were printed. */
static size_t print_groups(FILE *out, const struct mr_sc_profile *p, bool allow,
                           bool with_cap)
{
	size_t groups = 0;
	bool *done = calloc(p->n_rules, sizeof *done);
	const char **words = calloc(p->n_rules, sizeof *words);
	if (!done || !words)
		goto out;
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct mr_sc_rule *r = &p->rules[i];
		if (done[i] || r->n_conds || (r->action == SCMP_ACT_ALLOW) != allow ||
		    (r->cap >= 0) != with_cap)
			continue;
		size_t n = 0;
		for (size_t j = i; j < p->n_rules; j++) {
			if (!done[j] && !p->rules[j].n_conds && same_group(r, &p->rules[j])) {
				done[j] = true;
				words[n++] = p->rules[j].name;
			}
		}
		print_heading(out, r);
		print_wrapped(out, words, n);
		groups++;
	}
out:
	free(done);
	free(words);
	if (!groups)
		fputs("  (none)\n", out);
	return groups;
}

static void print_arg_rules(FILE *out, const struct mr_sc_profile *p)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		const struct mr_sc_rule *r = &p->rules[i];
		if (!r->n_conds)
			continue;
		char act[48];
		fprintf(out, "  %-12s %-13s if ", r->name,
		        mr_sc_action_str(r->action, act, sizeof act));
		print_conds(out, r);
		fputc('\n', out);
		if (r->why)
			fprintf(out, "      %s\n", r->why);
	}
}

static const char *arch_name(uint32_t arch)
{
	static char hex[16];
	switch (arch) {
	case SCMP_ARCH_X86_64: return "x86_64";
	case SCMP_ARCH_X86: return "x86";
	case SCMP_ARCH_X32: return "x32";
	case SCMP_ARCH_AARCH64: return "aarch64";
	case SCMP_ARCH_ARM: return "arm";
	case SCMP_ARCH_PPC64LE: return "ppc64le";
	case SCMP_ARCH_S390X: return "s390x";
	case SCMP_ARCH_S390: return "s390";
	case SCMP_ARCH_RISCV64: return "riscv64";
	}
	snprintf(hex, sizeof hex, "0x%x", arch);
	return hex;
}

static void print_caps(FILE *out, uint64_t caps)
{
	if (!caps) {
		fputs("none", out);
		return;
	}
	const char *sep = "";
	char name[64];
	for (int c = 0; c < 64; c++) {
		if (caps >> c & 1) {
			fprintf(out, "%s%s", sep, mr_cap_name((unsigned)c, name, sizeof name));
			sep = " ";
		}
	}
}

void mr_seccomp_print(FILE *out, const struct mr_sc_profile *p)
{
	char act[48];
	fprintf(out, "Seccomp profile: %s\nFor capabilities: ", p->source);
	print_caps(out, p->caps);
	fprintf(out, "\nArchitectures: %s", arch_name(seccomp_arch_native()));
	for (size_t i = 0; i < p->n_arches; i++)
		fprintf(out, " %s", arch_name(p->arches[i]));
	fprintf(out, "%s\n\nAllowed:\n", p->n_arches ? "" : " only (other ABIs are killed)");
	print_groups(out, p, true, false);
	fputs("\nAllowed because the container holds a capability:\n", out);
	print_groups(out, p, true, true);
	fputs("\nDenied because a capability is missing (--cap-add unlocks them):\n", out);
	print_groups(out, p, false, true);
	fputs("\nDenied (or another action) whatever the capabilities:\n", out);
	print_groups(out, p, false, false);
	fputs("\nDecided on an argument:\n", out);
	print_arg_rules(out, p);
	fprintf(out, "\nEvery other syscall: %s\n",
	        mr_sc_action_str(p->default_action, act, sizeof act));
	if (p->n_skipped) {
		fputs("\nNamed but unknown to this libseccomp (so they get the default):\n", out);
		print_wrapped(out, (const char *const *)p->skipped, p->n_skipped);
	}
}
