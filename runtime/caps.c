/* minirun caps: what does this process really hold?
 *
 *   minirun caps [--pid PID] [--json]   the five sets, NoNewPrivs, Seccomp
 *   minirun caps --decode HEX [--json]  a mask, decoded to names
 *   minirun caps --list [--json]        every capability this kernel knows
 *
 * Thin: the decoding lives in lib/caps.c. */
#include "caps.h"
#include "commands.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
	"usage: minirun caps [--pid PID] [--json]\n"
	"       minirun caps --decode HEX [--json]\n"
	"       minirun caps --list [--json]\n"
	"Print a process's capability sets (default: minirun itself) decoded to names,\n"
	"with NoNewPrivs and Seccomp, as /proc/PID/status reports them.\n";

struct caps_opts {
	pid_t pid;
	const char *decode;
	bool list, json;
};

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "minirun caps: %s%s%s\n%s", what, arg ? ": " : "", arg ? arg : "", usage);
	return MR_EXIT_RUNTIME;
}

/* Returns -1 to go on, or the exit status (help, usage error). */
static int parse_opts(int argc, char **argv, struct caps_opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--json")) {
			o->json = true;
		} else if (!strcmp(a, "--list")) {
			o->list = true;
		} else if (!strcmp(a, "--pid") || !strcmp(a, "--decode")) {
			if (i + 1 >= argc)
				return usage_error("missing value for", a);
			const char *v = argv[++i];
			if (!strcmp(a, "--decode")) {
				o->decode = v;
				continue;
			}
			char *end;
			long pid = strtol(v, &end, 10);
			if (*v == 0 || *end || pid <= 0 || pid > INT32_MAX)
				return usage_error("--pid wants a process id", v);
			o->pid = (pid_t)pid;
		} else {
			return usage_error("unknown argument", a);
		}
	}
	if (!!o->decode + o->list + !!o->pid > 1)
		return usage_error("--pid, --decode and --list exclude each other", NULL);
	return -1;
}

static json_t *mask_json(uint64_t mask)
{
	char hex[17], name[64];
	json_t *names = json_array();
	snprintf(hex, sizeof hex, "%016llx", (unsigned long long)mask);
	for (unsigned cap = 0; cap <= 63; cap++)
		if (mask & (UINT64_C(1) << cap))
			json_array_append_new(names, json_string(mr_cap_name(cap, name, sizeof name)));
	return json_pack("{s:s, s:o}", "hex", hex, "names", names);
}

static void print_json(json_t *obj)
{
	json_dumpf(obj, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(obj);
}

static void print_mask(const char *label, uint64_t mask)
{
	char names[2048];
	mr_caps_decode(mask, names, sizeof names);
	printf("%-12s %016llx %s\n", label, (unsigned long long)mask, names);
}

static const char *seccomp_mode(int mode)
{
	return mode == 0 ? "disabled" : mode == 1 ? "strict" : mode == 2 ? "filter" : "unknown";
}

static int show_process(const struct caps_opts *o)
{
	struct mr_error err = MR_ERROR_INIT;
	struct mr_proc_caps pc;
	if (mr_caps_read_status(o->pid, &pc, &err)) {
		mr_error_print(&err);
		return err.exit_code;
	}
	pid_t pid = o->pid ? o->pid : getpid();
	const struct mr_caps *c = &pc.caps;
	if (o->json) {
		print_json(json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, s:i, s:i}", "pid", (int)pid,
		                     "bounding", mask_json(c->bounding),
		                     "permitted", mask_json(c->permitted),
		                     "effective", mask_json(c->effective),
		                     "inheritable", mask_json(c->inheritable),
		                     "ambient", mask_json(c->ambient),
		                     "no_new_privs", pc.no_new_privs, "seccomp", pc.seccomp));
		return 0;
	}
	printf("pid %d%s\n", (int)pid, o->pid ? "" : " (minirun caps itself)");
	print_mask("bounding", c->bounding);
	print_mask("permitted", c->permitted);
	print_mask("effective", c->effective);
	print_mask("inheritable", c->inheritable);
	print_mask("ambient", c->ambient);
	printf("%-12s %d\n", "NoNewPrivs", pc.no_new_privs);
	printf("%-12s %d (%s)\n", "Seccomp", pc.seccomp, seccomp_mode(pc.seccomp));
	return 0;
}

static int show_decode(const struct caps_opts *o)
{
	uint64_t mask;
	if (mr_caps_parse_hex(o->decode, &mask))
		return usage_error("--decode wants a hex mask of at most 64 bits", o->decode);
	if (o->json) {
		print_json(mask_json(mask));
		return 0;
	}
	char names[2048];
	mr_caps_decode(mask, names, sizeof names);
	printf("%016llx=%s\n", (unsigned long long)mask, names);
	return 0;
}

static int show_list(const struct caps_opts *o)
{
	uint64_t bounding = mr_caps_own_bounding();
	json_t *arr = o->json ? json_array() : NULL;
	char name[64];
	for (unsigned cap = 0; cap <= mr_cap_last(); cap++) {
		bool grantable = bounding & (UINT64_C(1) << cap);
		mr_cap_name(cap, name, sizeof name);
		if (arr)
			json_array_append_new(arr, json_pack("{s:i, s:s, s:b}", "number", cap,
			                                     "name", name, "grantable", grantable));
		else if (grantable)
			printf("%2u %s\n", cap, name);
		else
			printf("%2u %-24s (not in minirun's bounding set: cannot be granted)\n", cap, name);
	}
	if (arr)
		print_json(arr);
	return 0;
}

int cmd_caps(int argc, char **argv)
{
	struct caps_opts o = {0};
	int rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.decode)
		return show_decode(&o);
	if (o.list)
		return show_list(&o);
	return show_process(&o);
}
