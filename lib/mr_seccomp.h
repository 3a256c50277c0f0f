/* seccomp.c: the syscall filter, the last thing installed before exec.
 * (This header is mr_seccomp.h because seccomp.h is libseccomp's.)
 *
 * The general pattern of use (launch.c):
 *
 *     mr_seccomp_prepare(cfg, &err);   // in minirun, before clone: load the
 *                                      // rules (built-in table or a JSON
 *                                      // profile) and compile them to BPF
 *     ... clone, namespaces, mounts, capabilities, uid switch, NNP ...
 *     mr_seccomp_apply(cfg, &err);     // in the workload: one seccomp(2)
 *     execve(...);
 *
 * In between sits a plain rule list, struct mr_sc_profile: the loaders fill
 * it (seccomp_default.c from the table, seccomp_json.c from Docker/OCI JSON)
 * with every capability and architecture condition already decided, so it
 * says exactly what the filter will do. `minirun seccomp --print` shows it;
 * mr_seccomp_compile turns it into BPF with libseccomp. */


#ifndef MR_SECCOMP_H
#define MR_SECCOMP_H

#include <seccomp.h> /* libseccomp */

#include "minirun.h"

#include <jansson.h>
#include <linux/filter.h>
#include <stdio.h>

/* In minirun, before clone: compile the filter for cfg (the built-in
 * default table, or the JSON profile cfg->seccomp_profile), with rules
 * gated on capabilities evaluated against cfg->caps.bounding. Sets
 * cfg->seccomp; leaves it NULL when cfg->seccomp_unconfined (the CLI
 * prints the warning for that), and keeps a filter the caller compiled
 * already (an OCI config's linux.seccomp). */
int mr_seccomp_prepare(struct mr_config *cfg, struct mr_error *err);

/* In the workload, immediately before exec: load the compiled filter with
 * one seccomp(SECCOMP_SET_MODE_FILTER) call. Without no_new_privs the
 * kernel requires CAP_SYS_ADMIN for this, so launch.c then calls it before
 * dropping capabilities. Fails if prepare was never called (unless
 * unconfined): a missing filter must not silently mean no filter. */
int mr_seccomp_apply(const struct mr_config *cfg, struct mr_error *err);

void mr_seccomp_free(struct mr_seccomp *filter);

/* ---- the compiled filter --------------------------------------------- */

struct mr_seccomp {
	struct sock_fprog prog;  /* what the kernel gets: len instructions */
	unsigned int flags;      /* SECCOMP_FILTER_FLAG_* for seccomp(2) */
};

/* ---- the rule list ---------------------------------------------------- */

#define MR_SC_MAX_ARCHES 8

/* One argument comparison, as libseccomp and the JSON format know it.
 * For SCMP_CMP_MASKED_EQ, value is the mask and value2 the datum:
 * (arg & value) == value2. */
struct mr_sc_cond {
	unsigned int index;    /* argument 0..5 */
	enum scmp_compare op;
	uint64_t value, value2;
};

/* When syscall `name` is called and every condition holds, take `action`
 * (SCMP_ACT_ALLOW, SCMP_ACT_ERRNO(n), …). */
struct mr_sc_rule {
	char *name;
	uint32_t action;
	unsigned int n_conds;
	struct mr_sc_cond conds[6];
	int cap;        /* the capability that decided this rule, or -1:
	                   held if the action allows, missing if it denies */
	char *why;      /* a comment for --print, or NULL */
	char *origin;   /* where the rule came from: "syscalls[3]", a table row */
};

struct mr_sc_profile {
	char *source;                 /* "built-in default" or the file path */
	uint32_t default_action;      /* for syscalls no rule names */
	uint32_t arches[MR_SC_MAX_ARCHES]; /* SCMP_ARCH_*, besides the native */
	size_t n_arches;
	unsigned int flags;           /* SECCOMP_FILTER_FLAG_* */
	uint64_t caps;                /* the capabilities it was built for */
	struct mr_sc_rule *rules;
	size_t n_rules, cap_rules;
	char **skipped;               /* syscall names libseccomp does not know */
	size_t n_skipped;
};

void mr_sc_profile_init(struct mr_sc_profile *p, const char *source,
                        uint32_t default_action, uint64_t caps);
void mr_sc_profile_free(struct mr_sc_profile *p);
/* Append a copy of *rule (name, why, origin are copied). -1 on ENOMEM. */
int mr_sc_profile_add(struct mr_sc_profile *p, const struct mr_sc_rule *rule,
                      struct mr_error *err);
/* Note a syscall name libseccomp does not know (once). */
int mr_sc_profile_skip(struct mr_sc_profile *p, const char *name,
                       struct mr_error *err);
/* The first rule for `name` without argument conditions, or NULL. */
const struct mr_sc_rule *mr_sc_profile_find(const struct mr_sc_profile *p,
                                            const char *name);

/* seccomp_default.c: the built-in profile for a capability set (bit N =
 * capability N). Syscall names this libseccomp does not know yet are left
 * out silently: the filter's default (ENOSYS) already covers them. */
int mr_seccomp_default(struct mr_sc_profile *p, uint64_t caps,
                       struct mr_error *err);

/* seccomp_json.c: a Docker/OCI JSON profile. The file form reports
 * malformed JSON with file, line and column; `where` names the object in
 * messages ("linux.seccomp" for an OCI config). Unknown syscall names are
 * skipped with one notice (mr_notice); unknown actions, operators,
 * architectures and wrongly typed members fail naming the JSON path
 * ("syscalls[3].action"). p is always initialised: free it either way. */
int mr_seccomp_load_file(struct mr_sc_profile *p, const char *path,
                         uint64_t caps, struct mr_error *err);
int mr_seccomp_load_json(struct mr_sc_profile *p, const json_t *root,
                         const char *where, uint64_t caps,
                         struct mr_error *err);

/* seccomp_export.c: the rule list as Docker/OCI JSON (defaultAction,
 * defaultErrnoRet, architectures, flags, syscalls[{names, action,
 * errnoRet, args, comment}]), which mr_seccomp_load_json reads back to the
 * same rules in the same order. Capabilities are already decided: the
 * JSON is for p->caps. NULL when out of memory. */
json_t *mr_seccomp_to_json(const struct mr_sc_profile *p);

/* The names the JSON reader accepts, from its own tables (for `minirun
 * features`): {"actions": [...], "operators": [...], "flags": [...]}. */
json_t *mr_seccomp_json_names(void);

/* The rules cfg asks for: the built-in table, or cfg->seccomp_profile. */
int mr_seccomp_load_for(struct mr_sc_profile *p, const struct mr_config *cfg,
                        struct mr_error *err);

/* Compile p with libseccomp into a filter context (for tests and the pfc
 * view), or all the way to BPF in memory. */
int mr_seccomp_build(const struct mr_sc_profile *p, scmp_filter_ctx *ctx,
                     struct mr_error *err);
int mr_seccomp_compile(const struct mr_sc_profile *p, struct mr_seccomp **out,
                       struct mr_error *err);

/* "ALLOW", "ERRNO(EPERM)", "KILL_PROCESS"… into buf. */
const char *mr_sc_action_str(uint32_t action, char *buf, size_t size);

/* The rule table, grouped for people: allowed, allowed with a capability,
 * denied and why, argument filters, the default action. */
void mr_seccomp_print(FILE *out, const struct mr_sc_profile *p);

#endif
