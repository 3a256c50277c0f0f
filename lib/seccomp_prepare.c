/* mr_seccomp_prepare: the filter for a launch, off the container's path.
 *
 * The built-in default profile for a container without capabilities — the
 * common case — depends only on the rule table and this libseccomp, so it
 * is compiled once, at build time (gen_default_filter.c writes it into
 * default_filter.h), and a launch only copies it. Compiling it here would
 * cost about 3 ms per launch, half of minirun's start time
 * (docs/PERFORMANCE.md). Anything else (--cap-add, a JSON profile) is
 * compiled here, in minirun, before clone. */
#include "mr_seccomp.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "default_filter.h"

static int copy_default(struct mr_seccomp **out, struct mr_error *err)
{
	struct mr_seccomp *f = calloc(1, sizeof *f);
	size_t n = sizeof mr_default_filter / sizeof mr_default_filter[0];
	if (f)
		f->prog.filter = malloc(sizeof mr_default_filter);
	if (!f || !f->prog.filter) {
		free(f);
		return mr_fail(err, ENOMEM, "seccomp: the built-in filter");
	}
	memcpy(f->prog.filter, mr_default_filter, sizeof mr_default_filter);
	f->prog.len = (unsigned short)n;
	f->flags = mr_default_filter_flags;
	*out = f;
	return 0;
}

int mr_seccomp_prepare(struct mr_config *cfg, struct mr_error *err)
{
	/* The warning for "unconfined" is the CLI's (runtime/run.c). A filter
	 * already compiled by the caller (an OCI config's linux.seccomp, via
	 * mr_seccomp_load_json and mr_seccomp_compile) is kept as it is. */
	if (cfg->seccomp_unconfined || cfg->seccomp)
		return 0;
	if (!cfg->seccomp_profile && cfg->caps.bounding == MR_DEFAULT_FILTER_CAPS) {
		if (copy_default(&cfg->seccomp, err) < 0)
			return -1;
		mr_verbose(cfg, "seccomp: the built-in default profile, compiled at build time: %u BPF "
		           "instructions; loaded last, just before exec", (unsigned)cfg->seccomp->prog.len);
		return 0;
	}
	struct mr_sc_profile p;
	int rc = mr_seccomp_load_for(&p, cfg, err);
	if (rc == 0)
		rc = mr_seccomp_compile(&p, &cfg->seccomp, err);
	if (rc == 0)
		mr_verbose(cfg, "seccomp: compiled the %s profile: %zu rules, %u BPF "
		           "instructions; loaded last, just before exec",
		           p.source, p.n_rules, (unsigned)cfg->seccomp->prog.len);
	mr_sc_profile_free(&p);
	return rc;
}
