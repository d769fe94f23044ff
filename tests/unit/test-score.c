/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The scorer against systemd 252 (expected values come from systemd-analyze security
 * --offline=true on equivalent unit files), the policy reader and the JSON parser. */
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "json-parse.h"
#include "names.h"
#include "report-security.h"
#include "score.h"
#include "security-policy.h"
#include "tests.h"

static Unit *new_root_service(void)
{
        Unit *u = unit_new("t.service");
        return u;
}

static const SecurityRow *find_row(const SecurityReport *r, const char *json_field)
{
        for (size_t i = 0; i < r->n_rows; i++)
                if (streq(r->rows[i].assessor->json_field, json_field))
                        return r->rows + i;
        return NULL;
}

TEST(table_shape)
{
        size_t n;
        const SecurityAssessor *t = security_assessors(&n);
        uint64_t sum = 0;

        ASSERT_EQ(n, 81);
        for (size_t i = 0; i < n; i++) {
                ASSERT_GT(t[i].range, 0);
                ASSERT_NOT_NULL(t[i].fix);
                sum += t[i].weight;
        }
        /* 56435 for the 80 checks of v252.0, plus 25 for CAP_BPF. */
        ASSERT_EQ(sum, 56460);
        ASSERT_NOT_NULL(security_assessor_by_json_field(
                "CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)"));
        ASSERT_TRUE(security_assessor_applies(
                security_assessor_by_json_field("CapabilityBoundingSet_CAP_BPF"), 252));
        ASSERT_FALSE(security_assessor_applies(
                security_assessor_by_json_field("CapabilityBoundingSet_CAP_BPF"), 251));
}

TEST(baseline_root_service)
{
        Unit *u = new_root_service();
        SecurityInfo info;
        SecurityReport r;

        ASSERT_NOT_NULL(u);
        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        ASSERT_EQ(r.n_rows, 81);
        /* SupplementaryGroups= and RemoveIPC= are N/A for root: 56460 - 300. */
        ASSERT_EQ(r.weight_sum, 56160);
        ASSERT_EQ(r.exposure, 96);
        ASSERT_EQ(r.verdict, SECURITY_UNSAFE);
        ASSERT_STREQ(security_verdict_to_string(r.verdict), "UNSAFE");

        const SecurityRow *pn = find_row(&r, "PrivateNetwork");
        ASSERT_NOT_NULL(pn);
        ASSERT_EQ(pn->set, 0);
        ASSERT_TRUE(pn->has_exposure);
        ASSERT_EQ(pn->exposure, 5); /* "0.5" */
        const SecurityRow *sg = find_row(&r, "SupplementaryGroups");
        ASSERT_EQ(sg->set, -1);
        ASSERT_FALSE(sg->has_exposure);
        ASSERT_STREQ(sg->description, "Service runs as root, option does not matter");
        ASSERT_EQ(find_row(&r, "KeyringMode")->set, 1);

        security_report_sort(&r);
        ASSERT_STREQ(r.rows[0].assessor->id, "RootDirectory=/RootImage=");
        ASSERT_STREQ(r.rows[1].assessor->id, "SupplementaryGroups=");
        ASSERT_STREQ(r.rows[80].assessor->id, "UMask=");

        /* systemd 251 has no CAP_BPF row: 80 rows, 56135 weight. */
        security_report_done(&r);
        ASSERT_OK(security_assess(&info, NULL, 251, &r));
        ASSERT_EQ(r.n_rows, 80);
        ASSERT_EQ(r.weight_sum, 56135);
        security_report_done(&r);
        unit_free(u);
}

TEST(partial_rows_without_description_sort_like_systemd)
{
        Unit *u = new_root_service();
        SecurityInfo info;
        SecurityReport r;

        u->exec.protect_proc = PROTECT_PROC_NOACCESS;
        u->exec.protect_home = PROTECT_HOME_TMPFS;
        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        ASSERT_EQ(r.exposure, 93);
        security_report_sort(&r);
        /* systemd prints the description-less ProtectProc= row second to last. */
        ASSERT_STREQ(r.rows[79].assessor->id, "ProtectProc=");
        ASSERT_NULL(r.rows[79].description);
        ASSERT_EQ(r.rows[79].set, 0);
        ASSERT_EQ(r.rows[79].exposure, 1);
        ASSERT_STREQ(r.rows[80].assessor->id, "UMask=");
        const SecurityRow *ph = find_row(&r, "ProtectHome");
        ASSERT_STREQ(ph->description, "Service has access to fake empty home directories");
        ASSERT_EQ(ph->badness, 1);

        StrBuf b = STRBUF_INIT;
        SecurityStyle st = {.utf8 = true, .emoji = true};
        security_format_table(&r, &st, &b);
        ASSERT_TRUE(strstr(strbuf_str(&b),
                           "\n✗ ProtectProc=                                                "
                           "                                                                "
                           "             0.1\n") != NULL);
        strbuf_truncate(&b, 0);
        security_format_overall(&r, &st, &b);
        ASSERT_STREQ(strbuf_str(&b), "\n→ Overall exposure level for t.service: 9.3 UNSAFE 😨\n");
        strbuf_truncate(&b, 0);
        st = (SecurityStyle){};
        security_format_overall(&r, &st, &b);
        ASSERT_STREQ(strbuf_str(&b), "\n-> Overall exposure level for t.service: 9.3 UNSAFE :-{\n");
        strbuf_done(&b);
        security_report_done(&r);
        unit_free(u);
}

TEST(user_and_privilege)
{
        Unit *u = new_root_service();
        SecurityInfo info;
        SecurityReport r;

        u->exec.dynamic_user = (TriBool){.value = true, .set = true};
        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        ASSERT_STREQ(find_row(&r, "UserOrDynamicUser")->description,
                     "Service runs under a transient non-root user identity");
        ASSERT_EQ(find_row(&r, "RemoveIPC")->set, 0); /* applies now, and is off */
        ASSERT_EQ(find_row(&r, "SupplementaryGroups")->set, 1);
        security_report_done(&r);

        info.user = "nobody";
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        ASSERT_EQ(find_row(&r, "UserOrDynamicUser")->badness, 9);
        security_report_done(&r);

        info.user = "root";
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        ASSERT_EQ(find_row(&r, "UserOrDynamicUser")->badness, 10);
        ASSERT_EQ(find_row(&r, "RemoveIPC")->set, -1);
        security_report_done(&r);
        unit_free(u);
}

TEST(default_dependencies_no)
{
        Unit *u = new_root_service();
        SecurityInfo info;
        SecurityReport r;

        u->unit.default_dependencies = (TriBool){.value = false, .set = true};
        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        const SecurityRow *pt = find_row(&r, "PrivateTmp");
        ASSERT_EQ(pt->set, -1);
        ASSERT_STREQ(pt->description,
                     "Service runs in special boot phase, option is not appropriate");
        ASSERT_EQ(find_row(&r, "ProtectSystem")->set, -1);
        ASSERT_EQ(find_row(&r, "ProtectHome")->set, -1);
        ASSERT_EQ(find_row(&r, "RootDirectoryOrRootImage")->set, -1);
        ASSERT_EQ(r.weight_sum, 56160 - 3200);
        security_report_done(&r);
        unit_free(u);
}

TEST(address_families_and_namespaces)
{
        Unit *u = new_root_service();
        SecurityInfo info;
        SecurityReport r;

        /* RestrictAddressFamilies=AF_UNIX AF_VSOCK: allow list, "other" is allowed. */
        u->exec.restrict_address_families.configured = true;
        u->exec.restrict_address_families.allow_list = true;
        u->exec.restrict_address_families.families =
                (UINT64_C(1) << AF_UNIX) | (UINT64_C(1) << 40 /* AF_VSOCK */);
        u->exec.restrict_namespaces_set = true;
        u->exec.restrict_namespaces = CLONE_NEWNET;
        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        ASSERT_EQ(find_row(&r, "RestrictAddressFamilies_AF_UNIX")->set, 0);
        ASSERT_EQ(find_row(&r, "RestrictAddressFamilies_OTHER")->set, 0);
        ASSERT_EQ(find_row(&r, "RestrictAddressFamilies_AF_INET_INET6")->set, 1);
        ASSERT_EQ(find_row(&r, "RestrictAddressFamilies_AF_PACKET")->set, 1);
        ASSERT_EQ(find_row(&r, "RestrictNamespaces_net")->set, 0);
        ASSERT_EQ(find_row(&r, "RestrictNamespaces_user")->set, 1);
        security_report_done(&r);
        unit_free(u);
}

TEST(umask_ip_devices_archs)
{
        Unit *u = new_root_service();
        SecurityInfo info;
        SecurityReport r;
        DeviceAllowEntry dev = {.path = (char *) "char-rtc", .access = "r"};
        IPAddressEntry lo = {.family = AF_INET, .address = {127, 0, 0, 1}, .prefixlen = 8};

        u->exec.umask = 0027;
        u->cgroup.device_policy = DEVICE_POLICY_CLOSED;
        u->cgroup.device_allow = &dev;
        u->cgroup.n_device_allow = 1;
        u->cgroup.ip_address_deny.any_v4 = u->cgroup.ip_address_deny.any_v6 = true;
        u->cgroup.ip_address_allow.items = &lo;
        u->cgroup.ip_address_allow.n = 1;
        ASSERT_OK(strv_with_origin_add(&u->exec.syscall_architectures, "native", ORIGIN_NULL));
        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        ASSERT_STREQ(find_row(&r, "UMask")->description,
                     "Files created by service are group-readable by default");
        ASSERT_EQ(find_row(&r, "UMask")->badness, 1);
        ASSERT_STREQ(find_row(&r, "DeviceAllow")->description,
                     "Service has a device ACL with some special devices: char-rtc:r");
        ASSERT_EQ(find_row(&r, "IPAddressDeny")->badness, 2);
        ASSERT_EQ(find_row(&r, "SystemCallArchitectures")->badness, 0);
        security_report_done(&r);

        info.n_syscall_archs = 2;
        info.syscall_archs_native_only = false;
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        ASSERT_EQ(find_row(&r, "SystemCallArchitectures")->badness, 8);
        security_report_done(&r);

        u->cgroup.device_allow = NULL;
        u->cgroup.n_device_allow = 0;
        u->cgroup.ip_address_allow.items = NULL;
        u->cgroup.ip_address_allow.n = 0;
        unit_free(u);
}

TEST(syscall_filter)
{
        Unit *u = new_root_service();
        SecurityInfo info;
        SecurityReport r;

        if (!syscall_group_lookup("@system-service") || syscall_from_name("chown") < 0)
                TEST_SKIP("syscall names table not available");
        ASSERT_OK(syscall_set_add(u->exec.syscall_filter.bits, "@system-service"));
        u->exec.syscall_filter.allow_list = true;
        u->exec.syscall_filter.configured = true;
        for (size_t i = 0; i < SYSCALL_TABLE_MAX; i++)
                u->exec.syscall_filter.errno_of[i] = SYSCALL_ERRNO_DEFAULT;
        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        const SecurityRow *priv = find_row(&r, "SystemCallFilter_privileged");
        ASSERT_EQ(priv->badness, 9);
        ASSERT_TRUE(strstr(priv->description, "System call allow list defined for service, and "
                                              "@privileged is included (e.g. ") != NULL);
        ASSERT_EQ(find_row(&r, "SystemCallFilter_swap")->badness, 0);
        ASSERT_EQ(find_row(&r, "SystemCallFilter_resources")->badness, 9);
        security_report_done(&r);

        /* Deny list ~@swap: only that group is good. */
        memset(u->exec.syscall_filter.bits, 0, sizeof(u->exec.syscall_filter.bits));
        ASSERT_OK(syscall_set_add(u->exec.syscall_filter.bits, "@swap"));
        u->exec.syscall_filter.allow_list = false;
        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        ASSERT_STREQ(find_row(&r, "SystemCallFilter_swap")->description,
                     "System call deny list defined for service, and @swap is included");
        ASSERT_EQ(find_row(&r, "SystemCallFilter_clock")->badness, 10);
        security_report_done(&r);
        unit_free(u);
}

TEST(policy)
{
        static const char doc[] = "{\"PrivateNetwork\":{\"weight\":0},"
                                  "\"UMask\":{\"description_bad\":\"x\",\"range\":20},"
                                  "\"NoNewPrivileges\":{\"weight\":\"heavy\"},"
                                  "\"ProtectClock\":5}";
        SecurityPolicy p = {};
        SecurityInfo info;
        SecurityReport r;
        DiagList diags = {};
        unsigned line = 0, col = 0;
        Unit *u = new_root_service();

        ASSERT_OK(security_policy_parse(doc, strlen(doc), &p, &line, &col, &diags, "p.json"));
        ASSERT_EQ(diags.n, 2); /* the string weight and the non-object item are ignored */
        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, &p, 252, &r));
        const SecurityRow *pn = find_row(&r, "PrivateNetwork");
        ASSERT_EQ(pn->set, -1);
        ASSERT_STREQ(pn->description, "Option excluded by policy, skipping");
        ASSERT_EQ(r.weight_sum, 56160 - 2500);
        /* UMask keeps its own description (the assessor provides one), range 20 halves it. */
        ASSERT_STREQ(find_row(&r, "UMask")->description,
                     "Files created by service are world-readable by default");
        ASSERT_EQ(find_row(&r, "UMask")->range, 20);
        ASSERT_EQ(find_row(&r, "NoNewPrivileges")->weight, 1000);
        security_report_done(&r);
        security_policy_done(&p);
        diag_list_done(&diags);

        ASSERT_ERROR(security_policy_parse("{\"x\":\n", 6, &p, &line, &col, NULL, NULL), EINVAL);
        ASSERT_EQ(line, 2);
        ASSERT_EQ(col, 1);
        static const char zero[] = "{\"UMask\":{\"range\":0}}";
        ASSERT_ERROR(security_policy_parse(zero, strlen(zero), &p, &line, &col, NULL, NULL),
                     ERANGE);
        unit_free(u);
}

TEST(fixes_rescore)
{
        Unit *u = new_root_service();
        SecurityInfo info;
        SecurityReport r;
        SecurityFix *fixes = NULL;

        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        ASSERT_OK(security_fixes_compute(&info, NULL, 252, &r, &fixes));
        for (size_t i = 0; i < r.n_rows; i++) {
                if (streq(r.rows[i].assessor->json_field, "PrivateNetwork")) {
                        ASSERT_STREQ(fixes[i].assessor->fix, "PrivateNetwork=yes");
                        ASSERT_LT(fixes[i].exposure_after, r.exposure);
                        /* re-scoring: the same result as assessing the fixed info */
                        SecurityInfo copy = info;
                        uint64_t e;
                        ASSERT_TRUE(security_info_apply_fix(&copy, r.rows[i].assessor));
                        ASSERT_OK(security_exposure(&copy, NULL, 252, &e));
                        ASSERT_EQ(e, fixes[i].exposure_after);
                }
                if (r.rows[i].badness == 0)
                        ASSERT_EQ(fixes[i].exposure_after, r.exposure);
        }
        security_fixes_free(fixes, r.n_rows);
        security_report_done(&r);
        unit_free(u);
}

TEST(json_output)
{
        Unit *u = new_root_service();
        SecurityInfo info;
        SecurityReport r;
        StrBuf b = STRBUF_INIT;

        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        security_report_sort(&r);
        security_format_json(&r, false, &b);
        ASSERT_TRUE(strncmp(strbuf_str(&b),
                            "[{\"set\":false,\"name\":\"RootDirectory=/RootImage=\",\"json_field\":"
                            "\"RootDirectoryOrRootImage\",\"description\":\"Service runs within "
                            "the host's root directory\",\"exposure\":\"0.1\"},{\"set\":null,",
                            180) == 0);
        ASSERT_TRUE(b.len > 2 && strbuf_str(&b)[b.len - 1] == '\n' &&
                    strbuf_str(&b)[b.len - 2] == ']');
        strbuf_truncate(&b, 0);
        security_format_json(&r, true, &b);
        ASSERT_TRUE(strncmp(strbuf_str(&b), "[\n\t{\n\t\t\"set\" : false,\n\t\t\"name\" : ", 31) ==
                    0);
        strbuf_truncate(&b, 0);
        security_json_string(&b, "a\"\\\n\x01…");
        ASSERT_STREQ(strbuf_str(&b), "\"a\\\"\\\\\\n\\u0001…\"");
        strbuf_done(&b);
        security_report_done(&r);
        unit_free(u);
}

TEST(json_parse)
{
        JsonValue *v = NULL;
        unsigned line, col;

        static const char doc[] = "{\"a\":[1,-2,3.0,1e2,\"\\u00e9\\ud83d\\ude00\",true,null]}";
        ASSERT_OK(json_parse(doc, strlen(doc), &v, &line, &col));
        const JsonValue *a = json_object_get(v, "a");
        ASSERT_NOT_NULL(a);
        ASSERT_EQ(a->n, 7);
        ASSERT_TRUE(a->items[0]->is_unsigned && a->items[0]->u == 1);
        ASSERT_FALSE(a->items[1]->is_unsigned);
        ASSERT_TRUE(a->items[2]->is_unsigned && a->items[2]->u == 3);
        ASSERT_TRUE(a->items[3]->is_unsigned && a->items[3]->u == 100);
        ASSERT_STREQ(a->items[4]->string, "é😀");
        json_value_free(v);

        ASSERT_ERROR(json_parse("[1,]", 4, &v, &line, &col), EINVAL);
        ASSERT_ERROR(json_parse("\"\\ud800\"", 8, &v, &line, &col), EINVAL);
        ASSERT_ERROR(json_parse("[1] x", 5, &v, &line, &col), EINVAL);
        ASSERT_EQ(col, 5);
        ASSERT_ERROR(json_parse("\"\xc0\xaf\"", 4, &v, &line, &col), EINVAL);

        char deep[200];
        memset(deep, '[', sizeof deep);
        ASSERT_ERROR(json_parse(deep, sizeof deep, &v, &line, &col), E2BIG);
}

TEST(diff_snapshots)
{
        Unit *u = new_root_service();
        SecurityInfo info;
        SecurityReport r1, r2;
        SecuritySnapshot a, b;
        StrBuf out = STRBUF_INIT;
        SecurityStyle st = {};

        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r1));
        info.b[SEC_PRIVATE_NETWORK] = true;
        ASSERT_OK(security_assess(&info, NULL, 252, &r2));
        ASSERT_OK(security_snapshot_from_report(&r1, &a));
        ASSERT_OK(security_snapshot_from_report(&r2, &b));
        ASSERT_EQ(security_format_diff(&a, &b, false, &st, &out), 0); /* b is better */
        ASSERT_TRUE(strstr(strbuf_str(&out), "better  PrivateNetwork=") != NULL);
        strbuf_truncate(&out, 0);
        ASSERT_EQ(security_format_diff(&b, &a, false, &st, &out), 1); /* a is worse */
        ASSERT_TRUE(strstr(strbuf_str(&out), "worse   PrivateNetwork=") != NULL);
        ASSERT_TRUE(strstr(strbuf_str(&out), "(+0.") != NULL);

        /* a cordon JSON baseline reads back to the same snapshot */
        SecurityUnitView v = {.report = &r1};
        SecuritySnapshotList l = {};
        unsigned line, col;
        strbuf_truncate(&out, 0);
        security_format_cordon_json(&v, 1, 252, &out);
        ASSERT_OK(security_snapshots_from_json(strbuf_str(&out), out.len, &l, &line, &col));
        ASSERT_EQ(l.n, 1);
        ASSERT_EQ(l.items[0].exposure, r1.exposure);
        ASSERT_EQ(l.items[0].n_rows, r1.n_rows);
        strbuf_truncate(&out, 0);
        ASSERT_EQ(security_format_diff(&a, l.items, true, &st, &out), 0);
        ASSERT_TRUE(strstr(strbuf_str(&out), "\"changes\" : []") != NULL);
        ASSERT_ERROR(security_snapshots_from_json("{\"units\":[]}", 12, &l, &line, &col), EBADMSG);

        security_snapshot_list_done(&l);
        security_snapshot_done(&a);
        security_snapshot_done(&b);
        security_report_done(&r1);
        security_report_done(&r2);
        strbuf_done(&out);
        unit_free(u);
}

TEST(origins_from_the_loader)
{
        static const char text[] = "[Service]\n"
                                   "ExecStart=/bin/true\n"
                                   "ProtectSystem=full\n"
                                   "DynamicUser=yes\n";
        DiagList diags = {};
        Unit *u = NULL;
        SecurityInfo info;
        SecurityReport r;

        ASSERT_OK(unit_load_buffer("o.service", "/x/o.service", text, strlen(text), NULL, &u,
                                   &diags));
        security_info_from_unit(u, &info);
        ASSERT_OK(security_assess(&info, NULL, 252, &r));
        security_report_set_origins(&r, u);
        const SecurityRow *ps = find_row(&r, "ProtectSystem");
        /* DynamicUser= forces ProtectSystem=strict; the origin says so */
        ASSERT_EQ(ps->badness, 0);
        ASSERT_TRUE(origin_is_set(&ps->origin));
        const SecurityRow *pt = find_row(&r, "PrivateTmp");
        ASSERT_EQ(pt->set, 1);
        ASSERT_TRUE(pt->origin.implied_by >= 0);
        const SecurityRow *nn = find_row(&r, "PrivateNetwork");
        ASSERT_FALSE(origin_is_set(&nn->origin)); /* never assigned: the built-in default */
        security_report_done(&r);
        unit_free(u);
        diag_list_done(&diags);
}

/* systemd's comparison of two rows, for glibc's qsort() (a merge sort in glibc ≤ 2.36, which is
 * what systemd 252 sorts its table with): descriptions reversed, then names, then positions;
 * a missing description compares by position. */
static int systemd_row_cmp(const void *a, const void *b)
{
        const SecurityRow *x = a, *y = b;
        int c;
        if (x->description && y->description)
                c = strcmp(x->description, y->description);
        else
                c = x->index < y->index ? -1 : x->index > y->index;
        if (c != 0)
                return -c;
        c = strcmp(x->assessor->id, y->assessor->id);
        if (c != 0)
                return c;
        return x->index < y->index ? -1 : x->index > y->index;
}

TEST(sort_matches_glibc_merge_sort_on_random_tables)
{
        /* texts not in the table: equal to a built-in one, between them, before and after all,
         * duplicates, prefixes of each other */
        static const char *const other[] = {
                "Service has no access to the host's network",
                "System call deny list defined for service, and @clock is included",
                "System call deny list defined for service, and @cpu-emulation is included",
                "System call deny list defined for service, and @clock is included",
                "Service",
                "",
                "zzz after everything",
                "Service has",
                "ÜTF-8 text",
        };
        size_t n_table;
        const SecurityAssessor *t = security_assessors(&n_table);
        unsigned seed = 1;

        for (int iter = 0; iter < 300; iter++) {
                size_t n = 1 + (size_t) rand_r(&seed) % n_table;
                SecurityReport r = {.n_rows = n};
                SecurityRow *ref = calloc(n, sizeof(SecurityRow));
                r.rows = calloc(n, sizeof(SecurityRow));
                ASSERT_NOT_NULL(ref);
                ASSERT_NOT_NULL(r.rows);
                for (size_t i = 0; i < n; i++) {
                        size_t k = (size_t) rand_r(&seed) % n_table;
                        const SecurityAssessor *a = t + k;
                        const char *d;
                        switch (rand_r(&seed) % 6) {
                        case 0:
                                d = a->description_good;
                                break;
                        case 1:
                                d = a->description_bad;
                                break;
                        case 2:
                                d = a->description_na;
                                break;
                        case 3:
                        case 4:
                                d = other[(size_t) rand_r(&seed) % ELEMENTSOF(other)];
                                break;
                        default: /* a missing description only now and then */
                                d = iter % 4 == 0 ? NULL : a->description_bad;
                        }
                        r.rows[i] = (SecurityRow){.assessor = a, .index = k, .description = d};
                        /* positions are unique and ascending in real reports */
                        r.rows[i].index = i;
                }
                memcpy(ref, r.rows, n * sizeof(SecurityRow));
                qsort(ref, n, sizeof(SecurityRow), systemd_row_cmp);
                security_report_sort(&r);
                for (size_t i = 0; i < n; i++) {
                        ASSERT_EQ(r.rows[i].index, ref[i].index);
                        ASSERT_TRUE(r.rows[i].assessor == ref[i].assessor);
                }
                free(ref);
                free(r.rows);
        }
}

TEST(overview_exposure_numbers)
{
        SecurityReport r[4] = {
                {.unit_id = (char *) "a.service", .exposure = 0, .verdict = SECURITY_PERFECT},
                {.unit_id = (char *) "b.service", .exposure = 7, .verdict = SECURITY_SAFE},
                {.unit_id = (char *) "c.service", .exposure = 96, .verdict = SECURITY_UNSAFE},
                {.unit_id = (char *) "d.service", .exposure = 100, .verdict = SECURITY_UNSAFE},
        };
        const SecurityReport *l[4] = {r, r + 1, r + 2, r + 3};
        SecurityStyle st = {};
        StrBuf b = STRBUF_INIT;

        security_format_overview(l, 4, &st, &b);
        ASSERT_STREQ(strbuf_str(&b), "UNIT      EXPOSURE PREDICATE HAPPY\n"
                                     "a.service      0.0 PERFECT   :-]\n"
                                     "b.service      0.7 SAFE      :-}\n"
                                     "c.service      9.6 UNSAFE    :-{\n"
                                     "d.service     10.0 UNSAFE    :-{\n");
        strbuf_done(&b);
}
