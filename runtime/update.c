/* minirun update: change the resource limits of a container that runs,
 * as runc update does (podman and containerd pass `-r -` with a
 * linux.resources object on stdin).
 *
 * Thin: the flags are read by lib/parse.c (as the Docker-style launch
 * reads them), the JSON by lib/oci_linux.c (as create reads
 * linux.resources), and the limits written by lib/cgroups.c (as create
 * writes them). Here: the limits saved with the container, the change on
 * top, and the result recorded for the next update. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroups.h"
#include "commands.h"
#include "oci.h"
#include "oci_common.h"
#include "parse.h"

static const char usage[] =
"Usage: minirun [GLOBAL OPTIONS] update [OPTIONS] ID\n"
"\n"
"Change the resource limits of container ID (created, running or paused)\n"
"while it runs: the same limits as linux.resources in config.json, written\n"
"to its cgroup the same way. Limits not named stay as they are. Every value\n"
"is checked before any is written; if the kernel refuses one (CPUs that are\n"
"not online), those written before it get their old values back. A limit\n"
"the container had none of gets a cgroup for it, and its processes move in.\n"
"The new limits are recorded with the container: the next update starts\n"
"from them.\n"
"\n"
"  -r, --resources FILE    a linux.resources object (JSON; - reads stdin), as\n"
"                          engines pass it, e.g. {\"memory\": {\"limit\":\n"
"                          536870912, \"swap\": -1}, \"pids\": {\"limit\": 100},\n"
"                          \"cpu\": {\"shares\": 512, \"quota\": 50000, \"period\":\n"
"                          100000, \"cpus\": \"0-1\", \"mems\": \"0\"}}; other\n"
"                          members (devices, blockIO…) are ignored, 0 and \"\"\n"
"                          mean unchanged. The options below apply on top.\n"
"      --memory BYTES      memory limit, e.g. 512m or 2g; -1 lifts it (and a\n"
"                          swap limit with it)\n"
"      --memory-swap BYTES memory plus swap, at least the memory limit; -1:\n"
"                          unlimited swap\n"
"      --pids-limit N      at most N processes and threads; -1: unlimited\n"
"      --cpus DECIMAL      CPU time, e.g. 1.5 = 150 ms of every 100 ms\n"
"      --cpu-quota N       microseconds of CPU time per period (at least 1000;\n"
"                          -1: unlimited)\n"
"      --cpu-period N      the period, 1000 to 1000000 microseconds\n"
"      --cpu-shares N      relative weight when CPUs are busy, 2 to 262144\n"
"                          (runc's spelling --cpu-share too)\n"
"      --cpuset-cpus LIST  run only on these CPUs, e.g. 0-1,3\n"
"      --cpuset-mems LIST  allocate memory only on these NUMA nodes\n"
"  -h, --help              this text\n"
"\n"
"Exit status: 0; 125 for a bad value (nothing is changed), a container that\n"
"does not exist, has stopped or has no cgroup of its own (rootless without\n"
"a delegated cgroup), or a value the kernel refuses.\n"
"Example: minirun update --memory 1g --memory-swap 1g --pids-limit 500 web\n";

enum { OPT_LIMIT = 256 };

static const struct option options[] = {
	{"resources", required_argument, NULL, 'r'},
	{"memory", required_argument, NULL, OPT_LIMIT},
	{"memory-swap", required_argument, NULL, OPT_LIMIT},
	{"pids-limit", required_argument, NULL, OPT_LIMIT},
	{"cpus", required_argument, NULL, OPT_LIMIT},
	{"cpu-quota", required_argument, NULL, OPT_LIMIT},
	{"cpu-period", required_argument, NULL, OPT_LIMIT},
	{"cpu-shares", required_argument, NULL, OPT_LIMIT},
	{"cpu-share", required_argument, NULL, OPT_LIMIT},
	{"cpuset-cpus", required_argument, NULL, OPT_LIMIT},
	{"cpuset-mems", required_argument, NULL, OPT_LIMIT},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* The options into *flags and the -r file's name. 1 after --help. */
static int parse(int argc, char **argv, const char **file, struct mr_resources *flags, struct mr_error *err)
{
	int opt, at = -1;
	opterr = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+:r:h", options, &at)) != -1) {
		if (opt == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		if (opt == 'r')
			*file = optarg;
		else if (opt == OPT_LIMIT && mr_parse_resource(options[at].name, optarg, flags, err) < 0)
			return -1;
		else if (opt != OPT_LIMIT)
			return mr_fail(err, 0, "update: %s '%s' (see minirun update --help)",
			               opt == ':' ? "missing value for" : "unknown option", argv[optind - 1]);
	}
	if (argc - optind != 1)
		return mr_fail(err, 0, "update: expected one container ID after the options (see minirun update --help)");
	return 0;
}

/* -r FILE (or - for stdin) into *change; *doc holds its strings. */
static int read_file(const char *file, json_t **doc, struct mr_resources *change, struct mr_error *err)
{
	json_error_t je;
	const char *path = strcmp(file, "-") ? file : "/dev/stdin";
	/* access(2) first, for the errno (jansson keeps only a message). */
	if (access(path, R_OK) < 0)
		return mr_fail(err, errno, "--resources %s", file);
	*doc = mr_oci_parse_file(path, &je);
	if (!*doc)
		return mr_fail(err, 0, "--resources %s:%d:%d: malformed JSON: %s", file, je.line, je.column, je.text);
	if (mr_oci_load_resources(*doc, "", change, err) < 0)
		return mr_error_prefix(err, "--resources %s", file);
	return 0;
}

/* The limits config.json holds (create's, and earlier updates'), with
 * change on top, into the cgroup and back into config.json. */
static int apply(struct mr_state *st, const struct mr_resources *change, struct mr_error *err)
{
	char *path = mr_state_path(st, "config.json");
	json_error_t je;
	json_t *doc = path ? mr_oci_parse_file(path, &je) : NULL;
	json_t *lx = json_object_get(doc, "linux"), *res = json_object_get(lx, "resources");
	struct mr_resources now = {0};
	int rc = 0;
	if (!doc)
		rc = mr_fail(err, 0, "read the saved config %s: %s", path ? path : "config.json", path ? je.text : "");
	else if (json_is_object(res) && mr_oci_load_resources(res, "linux.resources", &now, err) < 0)
		rc = mr_error_prefix(err, "the saved config %s", path);
	if (rc == 0) {
		mr_cgroup_merge(&now, change);
		rc = mr_cgroup_update(st->cgroup, &now, err);
	}
	if (rc == 0) {
		if (!json_is_object(lx))
			json_object_set_new(doc, "linux", lx = json_object());
		if (!json_is_object(res))
			json_object_set_new(lx, "resources", res = json_object());
		char *text = mr_oci_store_resources(res, &now) == 0 ? json_dumps(doc, JSON_COMPACT) : NULL;
		rc = text ? mr_state_write(st, "config.json", text, err) : mr_fail(err, ENOMEM, "config.json");
		if (rc < 0)
			mr_error_prefix(err, "the new limits are in force, but recording them failed");
		free(text);
	}
	json_decref(doc);
	free(path);
	return rc;
}

static int update(const char *id, const struct mr_resources *change, struct mr_error *err)
{
	struct mr_state st;
	if (mr_state_open(oci_root(), id, &st, err) < 0)
		return -1;
	const char *status = mr_state_status(&st);
	int rc;
	if (!strcmp(status, "stopped") || !strcmp(status, "creating"))
		rc = mr_fail(err, 0, "container %s is %s: only a created, running or paused container can be updated",
		             st.id, status);
	else if ((rc = oci_need_cgroup(&st, "update", err)) == 0 && (rc = apply(&st, change, err)) < 0)
		mr_error_prefix(err, "update container %s", st.id);
	mr_state_close(&st);
	return rc;
}

int cmd_update(int argc, char **argv)
{
	struct mr_error err = MR_ERROR_INIT;
	struct mr_resources flags = {0}, change = {0};
	const char *file = NULL;
	json_t *doc = NULL;
	int rc = parse(argc, argv, &file, &flags, &err);
	if (rc > 0)
		return 0;
	if (rc == 0 && file)
		rc = read_file(file, &doc, &change, &err);
	if (rc == 0) {
		mr_cgroup_merge(&change, &flags);
		rc = update(argv[argc - 1], &change, &err);
	}
	json_decref(doc);
	return rc < 0 ? oci_report(&err) : 0;
}
