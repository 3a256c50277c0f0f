/* seccomp_export.c: a rule list back to Docker/OCI JSON, so that
 * `minirun spec` can write the built-in profile into config.json's
 * linux.seccomp, where people can read and edit it.
 *
 * What is written here, seccomp_json.c reads back to the same rules in the
 * same order (tests/unit/test_oci.c compiles both and compares the BPF).
 * Consecutive rules with the same action, arguments and comment share one
 * syscalls[] entry, which keeps the table rows of seccomp_default.c
 * together. Capabilities are already decided in a rule list, so no
 * includes/excludes are written: the JSON is for the capabilities the
 * profile was built for. (A rule with two conditions on the same argument
 * would come back split in two, as the loader ORs those; the built-in
 * table has none.) */
#include "mr_seccomp.h"

#include <ctype.h>
#include <linux/seccomp.h>
#include <string.h>

static const char *action_name(uint32_t action)
{
	switch (action & ~0xffffU) {
	case SCMP_ACT_ERRNO(0): return "SCMP_ACT_ERRNO";
	case SCMP_ACT_TRACE(0): return "SCMP_ACT_TRACE";
	}
	switch (action) {
	case SCMP_ACT_ALLOW: return "SCMP_ACT_ALLOW";
	case SCMP_ACT_LOG: return "SCMP_ACT_LOG";
	case SCMP_ACT_TRAP: return "SCMP_ACT_TRAP";
	case SCMP_ACT_KILL_PROCESS: return "SCMP_ACT_KILL_PROCESS";
	case SCMP_ACT_KILL_THREAD: return "SCMP_ACT_KILL_THREAD";
	case SCMP_ACT_NOTIFY: return "SCMP_ACT_NOTIFY";
	}
	return NULL;
}

/* {"defaultAction": …, "defaultErrnoRet": …} style: the action, and its
 * errno (or trace message) under ret_key when it has one. */
static int set_action(json_t *obj, const char *key, const char *ret_key, uint32_t action)
{
	const char *name = action_name(action);
	if (!name || json_object_set_new(obj, key, json_string(name)) < 0)
		return -1;
	uint32_t kind = action & ~0xffffU;
	if (kind == SCMP_ACT_ERRNO(0) || kind == SCMP_ACT_TRACE(0))
		return json_object_set_new(obj, ret_key, json_integer(action & 0xffff));
	return 0;
}

static const char *op_name(enum scmp_compare op)
{
	switch (op) {
	case SCMP_CMP_NE: return "SCMP_CMP_NE";
	case SCMP_CMP_LT: return "SCMP_CMP_LT";
	case SCMP_CMP_LE: return "SCMP_CMP_LE";
	case SCMP_CMP_EQ: return "SCMP_CMP_EQ";
	case SCMP_CMP_GE: return "SCMP_CMP_GE";
	case SCMP_CMP_GT: return "SCMP_CMP_GT";
	case SCMP_CMP_MASKED_EQ: return "SCMP_CMP_MASKED_EQ";
	default: return NULL;
	}
}

/* libseccomp can resolve names to architecture tokens but not back: try
 * the names it knows. The JSON spelling is SCMP_ARCH_ and the upper case. */
static json_t *arch_json(uint32_t token)
{
	static const char *const names[] = {
		"x86_64", "x86", "x32", "aarch64", "arm", "loongarch64", "m68k", "mips", "mips64",
		"mips64n32", "mipsel", "mipsel64", "mipsel64n32", "ppc", "ppc64", "ppc64le", "s390",
		"s390x", "parisc", "parisc64", "riscv64", "sh", "sheb",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (seccomp_arch_resolve_name(names[i]) != token)
			continue;
		char upper[32] = "SCMP_ARCH_";
		for (size_t j = 0; names[i][j] && j + 11 < sizeof upper; j++)
			upper[10 + j] = (char)toupper((unsigned char)names[i][j]);
		return json_string(upper);
	}
	return NULL;
}

/* The native architecture first, then the others the filter covers. */
static json_t *arches_json(const struct mr_sc_profile *p)
{
	json_t *list = json_array();
	json_t *native = arch_json(seccomp_arch_native());
	if (!list || (native && json_array_append_new(list, native) < 0))
		goto fail;
	for (size_t i = 0; i < p->n_arches; i++) {
		json_t *a = arch_json(p->arches[i]);
		if (!a || json_array_append_new(list, a) < 0)
			goto fail;
	}
	return list;
fail:
	json_decref(list);
	return NULL;
}

static json_t *flags_json(unsigned int flags)
{
	static const struct {
		unsigned int flag;
		const char *name;
	} known[] = {
		{SECCOMP_FILTER_FLAG_TSYNC, "SECCOMP_FILTER_FLAG_TSYNC"},
		{SECCOMP_FILTER_FLAG_LOG, "SECCOMP_FILTER_FLAG_LOG"},
		{SECCOMP_FILTER_FLAG_SPEC_ALLOW, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"},
	};
	json_t *list = json_array();
	for (size_t i = 0; list && i < sizeof known / sizeof known[0]; i++)
		if ((flags & known[i].flag) && json_array_append_new(list, json_string(known[i].name)) < 0) {
			json_decref(list);
			return NULL;
		}
	return list;
}

static json_t *args_json(const struct mr_sc_rule *r)
{
	json_t *args = json_array();
	for (unsigned int i = 0; args && i < r->n_conds; i++) {
		const struct mr_sc_cond *c = &r->conds[i];
		const char *op = op_name(c->op);
		/* JSON integers are signed 64-bit: the loader takes a negative
		 * one as its two's complement again. */
		json_t *a = op ? json_pack("{s:I, s:I, s:I, s:s}", "index", (json_int_t)c->index,
		                           "value", (json_int_t)c->value, "valueTwo", (json_int_t)c->value2,
		                           "op", op)
		               : NULL;
		if (!a || json_array_append_new(args, a) < 0) {
			json_decref(args);
			return NULL;
		}
	}
	return args;
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Can rule b share a syscalls[] entry with rule a? */
static bool same_entry(const struct mr_sc_rule *a, const struct mr_sc_rule *b)
{
	if (a->action != b->action || a->n_conds != b->n_conds || !same_str(a->why, b->why))
		return false;
	for (unsigned int i = 0; i < a->n_conds; i++)
		if (a->conds[i].index != b->conds[i].index || a->conds[i].op != b->conds[i].op ||
		    a->conds[i].value != b->conds[i].value || a->conds[i].value2 != b->conds[i].value2)
			return false;
	return true;
}

/* One syscalls[] entry for rules[first .. end). */
static json_t *entry_json(const struct mr_sc_rule *rules, size_t first, size_t end)
{
	const struct mr_sc_rule *r = &rules[first];
	json_t *e = json_object(), *names = json_array();
	if (!e || !names || json_object_set(e, "names", names) < 0)
		goto fail;
	for (size_t i = first; i < end; i++)
		if (json_array_append_new(names, json_string(rules[i].name)) < 0)
			goto fail;
	if (set_action(e, "action", "errnoRet", r->action) < 0 ||
	    (r->n_conds && json_object_set_new(e, "args", args_json(r)) < 0) ||
	    (r->why && json_object_set_new(e, "comment", json_string(r->why)) < 0))
		goto fail;
	json_decref(names);
	return e;
fail:
	json_decref(names);
	json_decref(e);
	return NULL;
}

static json_t *syscalls_json(const struct mr_sc_profile *p)
{
	json_t *list = json_array();
	for (size_t first = 0, end; list && first < p->n_rules; first = end) {
		for (end = first + 1; end < p->n_rules && same_entry(&p->rules[first], &p->rules[end]); end++)
			;
		if (json_array_append_new(list, entry_json(p->rules, first, end)) < 0) {
			json_decref(list);
			return NULL;
		}
	}
	return list;
}

json_t *mr_seccomp_to_json(const struct mr_sc_profile *p)
{
	json_t *root = json_object();
	json_t *flags = flags_json(p->flags);
	if (!root || !flags || set_action(root, "defaultAction", "defaultErrnoRet", p->default_action) < 0 ||
	    json_object_set_new(root, "architectures", arches_json(p)) < 0 ||
	    (json_array_size(flags) && json_object_set(root, "flags", flags) < 0) ||
	    json_object_set_new(root, "syscalls", syscalls_json(p)) < 0) {
		json_decref(flags);
		json_decref(root);
		return NULL;
	}
	json_decref(flags);
	return root;
}
