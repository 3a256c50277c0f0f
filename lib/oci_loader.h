/* oci_loader.h: what the parts of the config.json loader share, private to
 * them (oci.c, oci_process.c, oci_mounts.c, oci_linux.c; the helpers are
 * oci_loader.c). The library's API is oci.h.
 *
 * Every reader takes the loader and the JSON path of what it reads, so a
 * wrong value is reported where it is: on failure it records the path and
 * what would be right in l->err and returns -1. */
#ifndef MR_OCI_LOADER_H
#define MR_OCI_LOADER_H

#include "oci.h"

struct loader {
	struct mr_config *cfg;
	const char *bundle;
	struct mr_error *err;
};

/* ---- JSON paths and errors (oci_loader.c) ------------------------------ */

/* A JSON path for messages: "linux.devices[2].major". */
#define JPATH 256

/* base.key and base[i] into out[JPATH]; out is returned. */
const char *ol_at_key(char *out, const char *base, const char *key);
const char *ol_at_index(char *out, const char *base, size_t i);

/* Fail with "path: what". */
int ol_bad(struct loader *l, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Fail with ENOMEM at path. */
int ol_oom(struct loader *l, const char *path);

/* Fail with "path: expected …, got …", v being what was there. */
int ol_mismatch(struct loader *l, const char *path, const char *expected, const json_t *v);

/* ---- typed members (oci_loader.c) ---------------------------------------
 * Each reads obj[key] at path base.key. Absent or null means "not given":
 * the result is 0 and *out keeps its default. */

/* obj[key], NULL when obj is NULL or the member absent or null. */
const json_t *ol_member(const json_t *obj, const char *key);

int ol_get_string(struct loader *l, const json_t *obj, const char *base, const char *key,
                  const char **out);
int ol_get_bool(struct loader *l, const json_t *obj, const char *base, const char *key, bool *out);

/* v itself (at path), an integer from min to max. */
int ol_want_int(struct loader *l, const json_t *v, const char *path, long long min, long long max,
                long long *out);

/* *present (may be NULL) says whether the member was given. */
int ol_get_int(struct loader *l, const json_t *obj, const char *base, const char *key, long long min,
               long long max, long long *out, bool *present);

/* An optional object (*out NULL when absent). */
int ol_get_object(struct loader *l, const json_t *obj, const char *base, const char *key,
                  const json_t **out);

/* An optional array (*out NULL when absent); `of` says of what, for the
 * message. */
int ol_get_array(struct loader *l, const json_t *obj, const char *base, const char *key,
                 const char *of, const json_t **out);

/* A NULL-terminated array of the strings in arr (which stay in the
 * document); the array itself is the config's. Absolute paths only when
 * `absolute`. */
int ol_string_list(struct loader *l, const json_t *arr, const char *path, bool absolute, char ***out);

/* ---- paths on the host (oci_loader.c) ---------------------------------- */

/* path as given when absolute, else joined to the bundle (itself joined to
 * the current directory when relative): a new string, or NULL. */
char *ol_host_path(const char *bundle, const char *path);

/* ---- the sections, each read from the whole document ------------------- */

/* mounts (oci_mounts.c) */
int ol_load_mounts(struct loader *l, const json_t *root);

/* "rslave" and the like into MS_* flags; false for another word. Mount
 * options and linux.rootfsPropagation share it (oci_mounts.c). */
bool ol_propagation_word(const char *word, unsigned long *out);

/* linux: namespaces, id mappings, paths, sysctl, devices, seccomp,
 * resources (oci_linux.c). */
int ol_load_linux(struct loader *l, const json_t *root);

#endif
