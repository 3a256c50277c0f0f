/* Build-time program: compile the built-in default seccomp profile for a
 * container with no capabilities and write it as C (default_filter.h), so
 * that a launch does not pay for libseccomp's compiler
 * (seccomp_prepare.c). Usage: gen-default-filter OUTPUT.h */
#include <stdio.h>

#include "mr_seccomp.h"

int main(int argc, char **argv)
{
	struct mr_error err = MR_ERROR_INIT;
	struct mr_sc_profile p;
	struct mr_seccomp *f = NULL;
	const uint64_t caps = 0;
	if (argc != 2) {
		fprintf(stderr, "usage: gen-default-filter OUTPUT.h\n");
		return 2;
	}
	if (mr_seccomp_default(&p, caps, &err) < 0 || mr_seccomp_compile(&p, &f, &err) < 0) {
		mr_error_print(&err);
		return 1;
	}
	FILE *out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 1;
	}
	fprintf(out, "/* Generated at build time by gen_default_filter.c: the built-in default\n"
	             " * seccomp profile (%zu rules) for capabilities 0x%llx, as BPF. */\n"
	             "#include <linux/filter.h>\n\n"
	             "#define MR_DEFAULT_FILTER_CAPS UINT64_C(0x%llx)\n"
	             "static const unsigned int mr_default_filter_flags = %uU;\n"
	             "static const struct sock_filter mr_default_filter[] = {\n",
	        p.n_rules, (unsigned long long)caps, (unsigned long long)caps, f->flags);
	for (unsigned i = 0; i < f->prog.len; i++) {
		const struct sock_filter *in = &f->prog.filter[i];
		fprintf(out, "\t{0x%04x, %u, %u, 0x%08x},\n", in->code, in->jt, in->jf, in->k);
	}
	fprintf(out, "};\n");
	mr_seccomp_free(f);
	mr_sc_profile_free(&p);
	return fclose(out) == 0 ? 0 : 1;
}
