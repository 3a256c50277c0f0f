/* oci.c: an OCI bundle's config.json (runtime-spec 1.x) into the same
 * struct mr_config the Docker-style flags fill.
 *
 * One function per section of the spec (config.md, config-linux.md), read
 * top to bottom: version, root, process, hostname, mounts, linux, hooks,
 * annotations. This file reads the whole document and its small sections;
 * process, mounts and linux have a file each (oci_process.c, oci_mounts.c,
 * oci_linux.c), and all of them read with the typed readers of
 * oci_loader.c. Every value is checked for its type and range, and a wrong
 * one is reported with its JSON path and what would be right:
 *     linux.uidMappings[0].size: expected an integer from 1 to 4294967295, got 0
 * Unknown members are ignored, as the spec asks, so that a config written
 * for a newer runtime still loads.
 *
 * The semantics are the spec's, not the CLI's: the environment is exactly
 * process.env, nothing is masked unless listed, no seccomp filter unless
 * linux.seccomp, no_new_privs only when asked, no namespace unless listed,
 * and the workload is pid 1 itself (no minirun init), as with runc.
 *
 * Ownership: strings point into the JSON document where they can (the
 * caller keeps it until after mr_config_free); what is built here is
 * handed to the config (mr_config_keep, or the arrays mr_config_free
 * frees), so an error halfway leaves nothing that mr_config_free misses. */
#include "oci_loader.h"
#include "hooks.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- ociVersion, root, hostname ---------------------------------------- */

static int load_version(struct loader *l, const json_t *root)
{
	const json_t *v = ol_member(root, "ociVersion");
	if (!v || !json_is_string(v) || strncmp(json_string_value(v), "1.", 2) != 0)
		return v ? ol_mismatch(l, "ociVersion", "a runtime-spec 1.x version like \"1.2.0\"", v)
		         : ol_bad(l, "ociVersion", "missing: expected a runtime-spec 1.x version like \"1.2.0\"");
	return 0;
}

static int load_root(struct loader *l, const json_t *root)
{
	const json_t *r;
	const char *path = NULL;
	if (ol_get_object(l, root, NULL, "root", &r) < 0 || ol_get_string(l, r, "root", "path", &path) < 0 ||
	    ol_get_bool(l, r, "root", "readonly", &l->cfg->readonly_rootfs) < 0)
		return -1;
	if (!path || !*path)
		return ol_bad(l, "root.path", "missing: expected the root filesystem's directory, "
		              "absolute or relative to the bundle, e.g. \"rootfs\"");
	errno = ENOMEM;
	l->cfg->rootfs = mr_config_keep(l->cfg, ol_host_path(l->bundle, path));
	if (!l->cfg->rootfs)
		return mr_fail(l->err, errno, "root.path: resolve \"%s\" against the bundle %s", path, l->bundle);
	return 0;
}

static int load_hostname(struct loader *l, const json_t *root)
{
	const char *name = NULL;
	if (ol_get_string(l, root, NULL, "hostname", &name) < 0)
		return -1;
	l->cfg->hostname = (char *)name;
	return 0;
}

/* ---- hooks -------------------------------------------------------------- */

static int load_hook(struct loader *l, const json_t *j, const char *path, struct mr_hook *h)
{
	char p[JPATH];
	const json_t *args, *env;
	long long timeout = 0;
	if (!json_is_object(j))
		return ol_mismatch(l, path, "an object {\"path\", \"args\", \"env\", \"timeout\"}", j);
	if (ol_get_string(l, j, path, "path", &h->path) < 0 || ol_get_array(l, j, path, "args", "strings", &args) < 0 ||
	    ol_get_array(l, j, path, "env", "\"KEY=value\" strings", &env) < 0 ||
	    ol_get_int(l, j, path, "timeout", 1, INT_MAX, &timeout, NULL) < 0)
		return -1;
	if (!h->path || h->path[0] != '/')
		return ol_bad(l, ol_at_key(p, path, "path"), "expected the absolute path of the program on the host");
	if ((args && ol_string_list(l, args, ol_at_key(p, path, "args"), false, &h->args) < 0) ||
	    (env && ol_string_list(l, env, ol_at_key(p, path, "env"), false, &h->env) < 0))
		return -1;
	h->timeout = (int)timeout;
	return 0;
}

static int load_hook_kind(struct loader *l, const json_t *hooks, int kind)
{
	char p[JPATH], q[JPATH];
	const json_t *list, *j;
	size_t i;
	if (ol_get_array(l, hooks, "hooks", mr_hook_kind_name(kind), "hook objects", &list) < 0)
		return -1;
	if (!list || !json_array_size(list))
		return 0;
	ol_at_key(p, "hooks", mr_hook_kind_name(kind));
	free(l->cfg->hooks[kind]);
	l->cfg->n_hooks[kind] = 0;
	if (!(l->cfg->hooks[kind] = calloc(json_array_size(list), sizeof *l->cfg->hooks[kind])))
		return ol_oom(l, p);
	json_array_foreach(list, i, j) {
		if (load_hook(l, j, ol_at_index(q, p, i), &l->cfg->hooks[kind][i]) < 0)
			return -1;
		l->cfg->n_hooks[kind]++;
	}
	return 0;
}

static int load_hooks(struct loader *l, const json_t *root)
{
	const json_t *hooks;
	if (ol_get_object(l, root, NULL, "hooks", &hooks) < 0)
		return -1;
	for (int k = 0; k < MR_HOOK_COUNT; k++)
		if (load_hook_kind(l, hooks, k) < 0)
			return -1;
	return 0;
}

/* Not stored (the caller reads them from the document for the state), but
 * the spec says what they must be. */
static int check_annotations(struct loader *l, const json_t *root)
{
	const json_t *obj;
	const char *key;
	json_t *v;
	if (ol_get_object(l, root, NULL, "annotations", &obj) < 0)
		return -1;
	json_object_foreach((json_t *)obj, key, v) {
		char p[JPATH];
		snprintf(p, sizeof p, "annotations[\"%s\"]", key);
		if (!json_is_string(v))
			return ol_mismatch(l, p, "a string", v);
	}
	return 0;
}

/* What only makes sense together. Setting a host name without a UTS
 * namespace of the container's own would rename the host. */
static int check_combinations(struct loader *l)
{
	const struct mr_config *cfg = l->cfg;
	if (cfg->hostname && (!cfg->ns[MR_NS_UTS] || cfg->ns_path[MR_NS_UTS]))
		return ol_bad(l, "hostname", "needs a new uts namespace: add {\"type\": \"uts\"} without a path to "
		              "linux.namespaces, or remove hostname");
	if ((cfg->n_uid_map || cfg->n_gid_map) && !cfg->ns[MR_NS_USER])
		return ol_bad(l, cfg->n_uid_map ? "linux.uidMappings" : "linux.gidMappings",
		              "needs a user namespace: add {\"type\": \"user\"} to linux.namespaces");
	if ((cfg->n_uid_map || cfg->n_gid_map) && cfg->ns_path[MR_NS_USER])
		return ol_bad(l, cfg->n_uid_map ? "linux.uidMappings" : "linux.gidMappings",
		              "the user namespace is joined by path, so its mappings are already set: remove them");
	return 0;
}

/* ---- the whole document ------------------------------------------------- */

/* The spec's defaults where they differ from the CLI's. */
static void oci_defaults(struct mr_config *cfg)
{
	static char *no_paths[] = {NULL};
	cfg->hostname = NULL;
	cfg->masked_paths = no_paths;
	cfg->readonly_paths = no_paths;
	cfg->seccomp_unconfined = true;
	cfg->init = false;
	cfg->oci_mounts = true;
	cfg->want_cgroup = true;
	for (int i = 0; i < MR_NS_COUNT; i++) {
		cfg->ns[i] = false;
		cfg->ns_path[i] = NULL;
	}
}

int mr_oci_load_json(struct mr_config *cfg, const json_t *root, const char *bundle, struct mr_error *err)
{
	struct loader l = {.cfg = cfg, .bundle = bundle ? bundle : ".", .err = err};
	if (!json_is_object(root))
		return ol_mismatch(&l, "(top level)", "a JSON object", root);
	oci_defaults(cfg);
	const json_t *process = ol_member(root, "process");
	if (load_version(&l, root) < 0 || load_root(&l, root) < 0 ||
	    mr_oci_load_process(cfg, process, "process", err) < 0 || load_hostname(&l, root) < 0 ||
	    ol_load_mounts(&l, root) < 0 || ol_load_linux(&l, root) < 0 || load_hooks(&l, root) < 0 ||
	    check_annotations(&l, root) < 0 || check_combinations(&l) < 0)
		return -1;
	return 0;
}

json_t *mr_oci_parse_file(const char *path, json_error_t *je)
{
	json_t *doc = json_load_file(path, 0, je);
	if (!doc && json_error_code(je) == json_error_numeric_overflow)
		doc = json_load_file(path, JSON_DECODE_INT_AS_REAL, je);
	return doc;
}

int mr_oci_load(struct mr_config *cfg, const char *bundle, json_t **doc, struct mr_error *err)
{
	char path[PATH_MAX];
	*doc = NULL;
	snprintf(path, sizeof path, "%s/config.json", bundle);
	/* access(2) first, for the errno (jansson keeps only a message). */
	if (access(path, R_OK) < 0)
		return mr_fail(err, errno, "open %s (a bundle is a directory with config.json and the root "
		               "filesystem; `minirun spec` writes a starter config.json)", path);
	json_error_t je;
	json_t *root = mr_oci_parse_file(path, &je);
	if (!root)
		return mr_fail(err, 0, "%s:%d:%d: malformed JSON: %s", path, je.line, je.column, je.text);
	if (mr_oci_load_json(cfg, root, bundle, err) < 0) {
		/* cfg may point into root, but mr_config_free reads none of it. */
		char msg[sizeof err->msg];
		if (snprintf(msg, sizeof msg, "%s: %s", path, err->msg) > 0)
			memcpy(err->msg, msg, sizeof msg);
		json_decref(root);
		return -1;
	}
	*doc = root;
	return 0;
}
