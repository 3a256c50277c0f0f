/* Unit tests for the pure capability code in lib/caps.c: names, the
 * --cap-add/--cap-drop arithmetic, suggestions, decoding, /proc status
 * text, file-capability xattrs and the model of execve. */
#include "caps.h"

#include <criterion/criterion.h>
#include <endian.h>
#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/stat.h>

#define BIT(n) (UINT64_C(1) << (n))

/* Parse flags the way runtime/run.c hands them over, with the whole host
 * able to grant everything unless `bounding` says otherwise. */
static int fold(uint64_t *mask, char *const *adds, size_t n_adds, char *const *drops,
                size_t n_drops, bool privileged, uint64_t bounding, struct mr_error *err)
{
	struct mr_cap_request req;
	uint64_t skipped;
	if (mr_caps_request(&req, adds, n_adds, drops, n_drops, privileged, err))
		return -1;
	return mr_caps_limit(&req, bounding, privileged, mask, &skipped, err);
}

#define ADDS(...) (char *[]){__VA_ARGS__}, sizeof((char *[]){__VA_ARGS__}) / sizeof(char *)
#define NONE NULL, 0

Test(names, libcap_ng_table_any_case_with_or_without_prefix)
{
	cr_assert_eq(mr_cap_from_name("NET_BIND_SERVICE"), CAP_NET_BIND_SERVICE);
	cr_assert_eq(mr_cap_from_name("net_bind_service"), CAP_NET_BIND_SERVICE);
	cr_assert_eq(mr_cap_from_name("CAP_NET_BIND_SERVICE"), CAP_NET_BIND_SERVICE);
	cr_assert_eq(mr_cap_from_name("cap_Net_Bind_Service"), CAP_NET_BIND_SERVICE);
	cr_assert_eq(mr_cap_from_name("CHOWN"), CAP_CHOWN);
	cr_assert_eq(mr_cap_from_name("sys_admin"), CAP_SYS_ADMIN);
}

Test(names, unknown_and_empty_are_refused)
{
	cr_assert_eq(mr_cap_from_name("NET_BIND_SERVIC"), -1);
	cr_assert_eq(mr_cap_from_name(""), -1);
	cr_assert_eq(mr_cap_from_name("CAP_"), -1);
	cr_assert_eq(mr_cap_from_name("CAP_CAP_CHOWN"), -1);
}

Test(names, spelled_upper_case_with_prefix)
{
	char buf[64];
	cr_assert_str_eq(mr_cap_name(CAP_NET_BIND_SERVICE, buf, sizeof buf), "CAP_NET_BIND_SERVICE");
	cr_assert_str_eq(mr_cap_name(CAP_CHOWN, buf, sizeof buf), "CAP_CHOWN");
	/* beyond libcap-ng's table: a number, never a made-up name */
	cr_assert_str_eq(mr_cap_name(63, buf, sizeof buf), "CAP_63");
}

Test(names, every_known_name_round_trips)
{
	char buf[64];
	cr_assert_geq(mr_cap_last(), (unsigned)CAP_AUDIT_READ);
	cr_assert_leq(mr_cap_last(), 63u);
	for (unsigned cap = 0; cap <= mr_cap_last(); cap++)
		cr_assert_eq(mr_cap_from_name(mr_cap_name(cap, buf, sizeof buf)), (int)cap,
		             "%s", buf);
}

Test(names, all_covers_exactly_the_known_caps)
{
	uint64_t all = mr_cap_all();
	cr_assert_eq(__builtin_popcountll(all), (int)mr_cap_last() + 1);
	cr_assert(all & BIT(mr_cap_last()));
}

Test(suggest, closest_name_in_the_inputs_spelling)
{
	char buf[64];
	cr_assert_str_eq(mr_cap_suggest("NET_BIND_SERVIC", buf, sizeof buf), "NET_BIND_SERVICE");
	cr_assert_str_eq(mr_cap_suggest("CAP_NET_BIND_SERVIC", buf, sizeof buf),
	                 "CAP_NET_BIND_SERVICE");
	cr_assert_str_eq(mr_cap_suggest("sysadmin", buf, sizeof buf), "SYS_ADMIN");
	cr_assert_str_eq(mr_cap_suggest("chwon", buf, sizeof buf), "CHOWN");
	cr_assert_null(mr_cap_suggest("frobnicate_everything", buf, sizeof buf));
}

Test(flags, nothing_asked_nothing_granted)
{
	uint64_t mask = 1;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(fold(&mask, NONE, NONE, false, UINT64_MAX, &err), 0);
	cr_assert_eq(mask, 0);
}

Test(flags, one_name)
{
	uint64_t mask;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(fold(&mask, ADDS("NET_BIND_SERVICE"), NONE, false, UINT64_MAX, &err), 0);
	cr_assert_eq(mask, 0x400);
}

Test(flags, comma_lists_case_prefix_and_duplicates)
{
	uint64_t mask;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(fold(&mask, ADDS("chown,CAP_KILL", "Kill", "CHOWN,cap_chown"), NONE, false,
	                  UINT64_MAX, &err), 0, "%s", err.msg);
	cr_assert_eq(mask, BIT(CAP_CHOWN) | BIT(CAP_KILL));
}

Test(flags, all_minus_drop)
{
	uint64_t mask;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(fold(&mask, ADDS("ALL"), ADDS("SYS_ADMIN,net_raw"), false, UINT64_MAX, &err), 0);
	cr_assert_eq(mask, mr_cap_all() & ~BIT(CAP_SYS_ADMIN) & ~BIT(CAP_NET_RAW));
}

Test(flags, drops_apply_after_adds_whatever_the_order)
{
	uint64_t mask;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(fold(&mask, ADDS("CHOWN", "KILL"), ADDS("CHOWN"), false, UINT64_MAX, &err), 0);
	cr_assert_eq(mask, BIT(CAP_KILL));
}

Test(flags, docker_spelling_drop_all_then_add)
{
	uint64_t mask;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(fold(&mask, ADDS("NET_BIND_SERVICE"), ADDS("ALL"), false, UINT64_MAX, &err), 0);
	cr_assert_eq(mask, BIT(CAP_NET_BIND_SERVICE));
	cr_assert_eq(fold(&mask, ADDS("ALL"), ADDS("all"), false, UINT64_MAX, &err), 0);
	cr_assert_eq(mask, 0);
}

Test(flags, unknown_name_suggests_the_closest)
{
	uint64_t mask;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(fold(&mask, ADDS("CHOWN,NET_BIND_SERVIC"), NONE, false, UINT64_MAX, &err), -1);
	cr_assert_eq(err.exit_code, MR_EXIT_RUNTIME);
	cr_assert(strstr(err.msg, "unknown capability \"NET_BIND_SERVIC\""), "%s", err.msg);
	cr_assert(strstr(err.msg, "did you mean NET_BIND_SERVICE?"), "%s", err.msg);
}

Test(flags, unknown_drop_is_an_error_too)
{
	uint64_t mask;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(fold(&mask, NONE, ADDS("cap_sys_admn"), false, UINT64_MAX, &err), -1);
	cr_assert(strstr(err.msg, "--cap-drop"), "%s", err.msg);
	cr_assert(strstr(err.msg, "did you mean CAP_SYS_ADMIN?"), "%s", err.msg);
}

Test(flags, empty_element_is_an_error)
{
	uint64_t mask;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(fold(&mask, ADDS("CHOWN,,KILL"), NONE, false, UINT64_MAX, &err), -1);
	cr_assert(strstr(err.msg, "empty capability name"), "%s", err.msg);
	cr_assert_eq(fold(&mask, ADDS(""), NONE, false, UINT64_MAX, &err), -1);
}

Test(grantable, named_cap_outside_bounding_fails_naming_it)
{
	uint64_t mask;
	struct mr_error err = MR_ERROR_INIT;
	uint64_t host = mr_cap_all() & ~BIT(CAP_SYS_RESOURCE);
	cr_assert_eq(fold(&mask, ADDS("CHOWN,SYS_RESOURCE"), NONE, false, host, &err), -1);
	cr_assert_eq(err.exit_code, MR_EXIT_RUNTIME);
	cr_assert(strstr(err.msg, "CAP_SYS_RESOURCE"), "%s", err.msg);
	cr_assert_null(strstr(err.msg, "CAP_CHOWN"), "%s", err.msg);
}

Test(grantable, all_and_privileged_skip_what_the_host_lacks)
{
	struct mr_cap_request req;
	struct mr_error err = MR_ERROR_INIT;
	uint64_t mask, skipped, host = mr_cap_all() & ~BIT(CAP_SYS_RESOURCE);

	cr_assert_eq(mr_caps_request(&req, ADDS("ALL"), NONE, false, &err), 0);
	cr_assert_eq(mr_caps_limit(&req, host, false, &mask, &skipped, &err), 0);
	cr_assert_eq(mask, host);
	cr_assert_eq(skipped, BIT(CAP_SYS_RESOURCE));

	cr_assert_eq(mr_caps_request(&req, ADDS("SYS_RESOURCE"), NONE, true, &err), 0);
	cr_assert_eq(mr_caps_limit(&req, host, true, &mask, &skipped, &err), 0);
	cr_assert_eq(mask, host);
	cr_assert_eq(skipped, BIT(CAP_SYS_RESOURCE));
}

Test(grantable, privileged_then_drop)
{
	uint64_t mask;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(fold(&mask, NONE, ADDS("SYS_ADMIN"), true, UINT64_MAX, &err), 0);
	cr_assert_eq(mask, mr_cap_all() & ~BIT(CAP_SYS_ADMIN));
}

Test(decode, names_in_bit_order)
{
	char buf[4096];
	cr_assert_eq(mr_caps_decode(0, buf, sizeof buf), 0);
	cr_assert_str_eq(buf, "(none)");
	cr_assert_eq(mr_caps_decode(0x401, buf, sizeof buf), 0);
	cr_assert_str_eq(buf, "CAP_CHOWN,CAP_NET_BIND_SERVICE");
	cr_assert_eq(mr_caps_decode(mr_cap_all(), buf, sizeof buf), 0);
	cr_assert(strstr(buf, "CAP_SYS_ADMIN"));
	cr_assert_eq(mr_caps_decode(mr_cap_all(), buf, 16), -1, "truncation is reported");
}

Test(decode, hex_masks)
{
	uint64_t m;
	cr_assert_eq(mr_caps_parse_hex("000001fffeffffff", &m), 0);
	cr_assert_eq(m, UINT64_C(0x1fffeffffff));
	cr_assert_eq(mr_caps_parse_hex("0x400", &m), 0);
	cr_assert_eq(m, 0x400);
	cr_assert_eq(mr_caps_parse_hex("00000000000000000400", &m), 0);
	cr_assert_eq(m, 0x400);
	cr_assert_eq(mr_caps_parse_hex("1ffffffffffffffff", &m), -1);
	cr_assert_eq(mr_caps_parse_hex("", &m), -1);
	cr_assert_eq(mr_caps_parse_hex("0x", &m), -1);
	cr_assert_eq(mr_caps_parse_hex("40g", &m), -1);
}

Test(status, parses_the_five_sets_and_flags)
{
	const char *text = "Name:\tprobe\nUid:\t1000\t1000\t1000\t1000\n"
	                   "CapInh:\t0000000000000400\nCapPrm:\t0000000000000401\n"
	                   "CapEff:\t0000000000000001\nCapBnd:\t000001fffeffffff\n"
	                   "CapAmb:\t0000000000000000\nNoNewPrivs:\t1\nSeccomp:\t2\n";
	struct mr_proc_caps pc;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(mr_caps_parse_status(text, &pc, &err), 0);
	cr_assert_eq(pc.caps.inheritable, 0x400);
	cr_assert_eq(pc.caps.permitted, 0x401);
	cr_assert_eq(pc.caps.effective, 0x1);
	cr_assert_eq(pc.caps.bounding, UINT64_C(0x1fffeffffff));
	cr_assert_eq(pc.caps.ambient, 0);
	cr_assert_eq(pc.no_new_privs, 1);
	cr_assert_eq(pc.seccomp, 2);
	cr_assert_eq(mr_caps_parse_status("CapInh:\t0\n", &pc, &err), -1);
	cr_assert(strstr(err.msg, "CapPrm"), "%s", err.msg);
}

static size_t xattr_v2(uint32_t *w, uint32_t flags, uint64_t perm, uint64_t inh)
{
	w[0] = htole32(VFS_CAP_REVISION_2 | flags);
	w[1] = htole32((uint32_t)perm);
	w[2] = htole32((uint32_t)inh);
	w[3] = htole32((uint32_t)(perm >> 32));
	w[4] = htole32((uint32_t)(inh >> 32));
	return XATTR_CAPS_SZ_2;
}

Test(xattr, decodes_v2_and_v3)
{
	uint32_t w[6] = {0};
	struct mr_file_caps fc;
	size_t n = xattr_v2(w, VFS_CAP_FLAGS_EFFECTIVE, 0x401 | BIT(40), 0);
	cr_assert_eq(mr_caps_decode_xattr(w, n, &fc), 0);
	cr_assert(fc.present && fc.effective);
	cr_assert_eq(fc.permitted, 0x401 | BIT(40));
	cr_assert_eq(fc.inheritable, 0);

	w[0] = htole32(VFS_CAP_REVISION_3);
	w[5] = htole32(100000);
	cr_assert_eq(mr_caps_decode_xattr(w, XATTR_CAPS_SZ_3, &fc), 0);
	cr_assert(!fc.effective);
	cr_assert_eq(fc.rootid, 100000);
	cr_assert_eq(mr_caps_decode_xattr(w, 7, &fc), -1);
	cr_assert_eq(mr_caps_decode_xattr(w, XATTR_CAPS_SZ_2, &fc), -1, "v3 magic, v2 size");
}

/* ---- the execve model, checked against capabilities(7) ---- */

static const struct mr_exec_file plain = {.mode = S_IFREG | 0755};

static struct mr_caps all5(uint64_t m)
{
	return (struct mr_caps){m, m, m, m, m};
}

Test(exec, root_and_non_root_keep_the_mask_when_all_five_sets_hold_it)
{
	struct mr_caps before = all5(0x400), after;
	cr_assert_eq(mr_caps_after_exec(&before, 0, 0, true, &plain, &after), 0);
	cr_assert_eq(memcmp(&after, &before, sizeof after), 0);
	cr_assert_eq(mr_caps_after_exec(&before, 1000, 1000, true, &plain, &after), 0);
	cr_assert_eq(memcmp(&after, &before, sizeof after), 0);
}

Test(exec, non_root_without_ambient_loses_everything)
{
	struct mr_caps before = all5(0x400), after;
	before.ambient = 0;
	cr_assert_eq(mr_caps_after_exec(&before, 1000, 1000, true, &plain, &after), 0);
	cr_assert_eq(after.permitted, 0);
	cr_assert_eq(after.effective, 0);
}

Test(exec, root_gets_the_bounding_set_as_permitted)
{
	struct mr_caps before = {.bounding = 0x401}, after;
	cr_assert_eq(mr_caps_after_exec(&before, 0, 0, false, &plain, &after), 0);
	cr_assert_eq(after.permitted, 0x401);
	cr_assert_eq(after.effective, 0x401);
}

Test(exec, file_caps_limited_by_bounding)
{
	struct mr_exec_file f = plain;
	f.fcaps = (struct mr_file_caps){.present = true, .permitted = 0x401};
	struct mr_caps before = all5(0), after;
	cr_assert_eq(mr_caps_after_exec(&before, 1000, 1000, false, &f, &after), 0);
	cr_assert_eq(after.permitted, 0);
	before.bounding = 0x401;
	cr_assert_eq(mr_caps_after_exec(&before, 1000, 1000, false, &f, &after), 0);
	cr_assert_eq(after.permitted, 0x401);
	cr_assert_eq(after.effective, 0, "no effective bit");
	/* with no_new_privs nothing is gained */
	cr_assert_eq(mr_caps_after_exec(&before, 1000, 1000, true, &f, &after), 0);
	cr_assert_eq(after.permitted, 0);
}

Test(exec, effective_bit_without_the_caps_is_refused)
{
	struct mr_exec_file f = plain;
	f.fcaps = (struct mr_file_caps){.present = true, .effective = true, .permitted = 0x401};
	struct mr_caps before = all5(0x400), after;
	cr_assert_eq(mr_caps_after_exec(&before, 1000, 1000, false, &f, &after), EPERM);
	f.nosuid_mount = true;
	cr_assert_eq(mr_caps_after_exec(&before, 1000, 1000, false, &f, &after), 0);
	cr_assert_eq(after.permitted, 0x400, "nosuid: the xattr is ignored, ambient stays");
}

Test(exec, setuid_root_clears_ambient_and_nnp_ignores_it)
{
	struct mr_exec_file f = plain;
	f.mode |= S_ISUID;
	f.uid = 0;
	struct mr_caps before = all5(0x400), after;
	cr_assert_eq(mr_caps_after_exec(&before, 1000, 1000, false, &f, &after), 0);
	cr_assert_eq(after.ambient, 0);
	cr_assert_eq(after.permitted, 0x400, "root's rule: P' = bounding");
	/* no_new_privs: the bit is ignored, the ids stay, ambient survives */
	cr_assert_eq(mr_caps_after_exec(&before, 1000, 1000, true, &f, &after), 0);
	cr_assert_eq(after.ambient, 0x400);
	cr_assert_eq(after.permitted, 0x400);
}

Test(exec, file_caps_clear_ambient_even_under_nnp)
{
	struct mr_exec_file f = plain;
	f.fcaps = (struct mr_file_caps){.present = true, .permitted = BIT(CAP_CHOWN)};
	struct mr_caps before = all5(0x400), after;
	cr_assert_eq(mr_caps_after_exec(&before, 1000, 1000, true, &f, &after), 0);
	cr_assert_eq(after.ambient, 0);
	cr_assert_eq(after.permitted, 0, "CHOWN is outside bounding, NET_BIND_SERVICE was ambient");
}
