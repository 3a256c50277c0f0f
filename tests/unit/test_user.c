/* Unit tests for lib/user.c: --user and --group-add against a container's
 * /etc/passwd and /etc/group (written to a temporary directory here). */
#include "caps.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/mr-user-test-XXXXXX";
static char passwd[64], group[64];

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	cr_assert_not_null(mkdtemp(dir));
	snprintf(passwd, sizeof passwd, "%s/passwd", dir);
	snprintf(group, sizeof group, "%s/group", dir);
	write_file(passwd, "root:x:0:0:root:/root:/bin/sh\n"
	                   "user:x:1000:1001:user:/home/user:/bin/sh\n"
	                   "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
	write_file(group, "root:x:0:\nuser:x:1001:\nstaff:x:50:user\nnogroup:x:65534:\n");
}

static void teardown(void)
{
	unlink(passwd);
	unlink(group);
	rmdir(dir);
}

TestSuite(user, .init = setup, .fini = teardown);

static int resolve(struct mr_config *cfg, const char *user, char **group_add,
                   struct mr_error *err)
{
	mr_config_init(cfg);
	cfg->user = (char *)user;
	cfg->group_add = group_add;
	return mr_user_resolve_files(cfg, passwd, group, err);
}

Test(user, default_is_root_with_home_root)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(resolve(&cfg, NULL, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(cfg.uid, 0);
	cr_assert_eq(cfg.gid, 0);
	cr_assert_eq(cfg.n_groups, 0);
	cr_assert_str_eq(mr_config_getenv(&cfg, "HOME"), "/root");
	mr_config_free(&cfg);
}

Test(user, numeric_uid_listed_takes_gid_and_home_from_passwd)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(resolve(&cfg, "1000", NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(cfg.uid, 1000);
	cr_assert_eq(cfg.gid, 1001);
	cr_assert_str_eq(mr_config_getenv(&cfg, "HOME"), "/home/user");
	mr_config_free(&cfg);
}

Test(user, numeric_uid_not_listed_gets_gid_0_and_home_slash)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(resolve(&cfg, "4242", NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(cfg.uid, 4242);
	cr_assert_eq(cfg.gid, 0);
	cr_assert_str_eq(mr_config_getenv(&cfg, "HOME"), "/");
	mr_config_free(&cfg);
}

Test(user, uid_and_gid_numeric)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(resolve(&cfg, "1000:1000", NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(cfg.uid, 1000);
	cr_assert_eq(cfg.gid, 1000);
	mr_config_free(&cfg);
}

Test(user, names_for_user_and_group)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(resolve(&cfg, "nobody:staff", NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(cfg.uid, 65534);
	cr_assert_eq(cfg.gid, 50);
	cr_assert_str_eq(mr_config_getenv(&cfg, "HOME"), "/nonexistent");
	mr_config_free(&cfg);
}

Test(user, unknown_user_name_names_user_and_file)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(resolve(&cfg, "bob", NULL, &err), -1);
	cr_assert_eq(err.exit_code, MR_EXIT_RUNTIME);
	cr_assert(strstr(err.msg, "\"bob\""), "%s", err.msg);
	cr_assert(strstr(err.msg, passwd), "%s", err.msg);
	mr_config_free(&cfg);
}

Test(user, unknown_group_name_names_group_and_file)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	cr_assert_eq(resolve(&cfg, "user:wheel", NULL, &err), -1);
	cr_assert(strstr(err.msg, "\"wheel\""), "%s", err.msg);
	cr_assert(strstr(err.msg, group), "%s", err.msg);
	mr_config_free(&cfg);
}

Test(user, no_passwd_file_numeric_works_names_fail)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	unlink(passwd);
	cr_assert_eq(resolve(&cfg, "1000", NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(cfg.gid, 0);
	mr_config_free(&cfg);
	cr_assert_eq(resolve(&cfg, "user", NULL, &err), -1);
	cr_assert(strstr(err.msg, "cannot look the user up"), "%s", err.msg);
	mr_config_free(&cfg);
}

Test(user, malformed_specs)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	const char *bad[] = {":1000", "1000:", "-1", "4294967295"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int rc = resolve(&cfg, bad[i], NULL, &err);
		cr_assert_eq(rc, -1, "%s accepted", bad[i]);
		mr_config_free(&cfg);
	}
}

Test(user, group_add_numbers_and_names)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	char *adds[] = {"5", "staff", "nogroup", NULL};
	cr_assert_eq(resolve(&cfg, "1000", adds, &err), 0, "%s", err.msg);
	cr_assert_eq(cfg.n_groups, 3);
	cr_assert_eq(cfg.groups[0], 5);
	cr_assert_eq(cfg.groups[1], 50);
	cr_assert_eq(cfg.groups[2], 65534);
	mr_config_free(&cfg);
}

Test(user, group_add_unknown_fails)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	char *adds[] = {"nosuchgroup", NULL};
	cr_assert_eq(resolve(&cfg, NULL, adds, &err), -1);
	cr_assert(strstr(err.msg, "--group-add nosuchgroup"), "%s", err.msg);
	mr_config_free(&cfg);
}

Test(user, explicit_home_is_kept)
{
	struct mr_config cfg;
	struct mr_error err = MR_ERROR_INIT;
	mr_config_init(&cfg);
	mr_config_setenv(&cfg, "HOME", "/srv");
	cfg.user = "1000";
	cr_assert_eq(mr_user_resolve_files(&cfg, passwd, group, &err), 0, "%s", err.msg);
	cr_assert_str_eq(mr_config_getenv(&cfg, "HOME"), "/srv");
	mr_config_free(&cfg);
}

Test(user, name_of_a_uid_for_minirun_list)
{
	char *s = mr_user_name(passwd, 1000);
	cr_assert_str_eq(s, "user");
	free(s);
	s = mr_user_name(passwd, 4242);
	cr_assert_str_eq(s, "#4242", "a uid without an entry is printed as runc prints it");
	free(s);
	s = mr_user_name("/nonexistent/passwd", 0);
	cr_assert_str_eq(s, "#0");
	free(s);
}
