/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Name tables checked against systemd 252's own listings in tests/data/reference/. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "names.h"
#include "strbuf.h"
#include "tests.h"

/* Parses syscall-filter-252.txt: calls fn(group, help, member) for each member line. */
typedef struct Listing {
        char *groups[64];
        char *help[64];
        char **members[64];
        size_t n_members[64];
        size_t n;
} Listing;

static void listing_add(Listing *l, char *member)
{
        size_t g = l->n - 1;
        l->members[g] = realloc(l->members[g], (l->n_members[g] + 1) * sizeof(char *));
        l->members[g][l->n_members[g]++] = member;
}

static void listing_parse(Listing *l, char *text)
{
        bool in_group = false;

        memset(l, 0, sizeof(*l));
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
                if (line[0] == '@') {
                        l->groups[l->n++] = line;
                        in_group = true;
                } else if (line[0] == '#') {
                        in_group = false; /* trailer about the local kernel */
                } else if (in_group && strncmp(line, "    # ", 6) == 0) {
                        l->help[l->n - 1] = line + 6;
                } else if (in_group && strncmp(line, "    ", 4) == 0) {
                        listing_add(l, line + 4);
                }
        }
}

static void listing_free(Listing *l)
{
        for (size_t i = 0; i < l->n; i++)
                free(l->members[i]);
}

TEST(syscall_groups_match_listing)
{
        char *text = test_read_data("reference/syscall-filter-252.txt");
        Listing l;
        size_t n;
        const SyscallGroup *g = syscall_groups(&n);

        listing_parse(&l, text);
        ASSERT_EQ(l.n, n);
        ASSERT_GE(n, 28u);
        for (size_t i = 0; i < l.n; i++) {
                const SyscallGroup *t = syscall_group_lookup(l.groups[i]);
                size_t k = 0;

                ASSERT_NOT_NULL(t);
                ASSERT_TRUE(t == &g[i]); /* same order as the listing */
                ASSERT_STREQ(t->help, l.help[i]);
                for (; t->members[k]; k++) {
                        ASSERT_TRUE(k < l.n_members[i]);
                        ASSERT_STREQ(t->members[k], l.members[i][k]);
                }
                ASSERT_EQ(k, l.n_members[i]);
        }
        listing_free(&l);
        free(text);
}

/* Sets the bits of group g of the listing and (recursively) of the groups it names. */
static void listing_expand(const Listing *l, const char *group, uint64_t *bits, unsigned depth)
{
        ASSERT_LT(depth, 8u);
        for (size_t i = 0; i < l->n; i++) {
                if (!streq(l->groups[i], group))
                        continue;
                for (size_t k = 0; k < l->n_members[i]; k++) {
                        const char *m = l->members[i][k];
                        if (m[0] == '@')
                                listing_expand(l, m, bits, depth + 1);
                        else
                                syscall_set_put(bits, syscall_from_name(m), true);
                }
                return;
        }
        ASSERT_TRUE(false); /* a nested group missing from the listing */
}

/* The cached flattened sets equal the listing's own recursive expansion, and asking twice
 * gives the same (stable) set. */
TEST(syscall_group_set_matches_listing)
{
        char *text = test_read_data("reference/syscall-filter-252.txt");
        Listing l;

        listing_parse(&l, text);
        for (size_t i = 0; i < l.n; i++) {
                uint64_t want[SYSCALL_TABLE_MAX / 64] = {0}, via_add[SYSCALL_TABLE_MAX / 64] = {0};
                const SyscallGroup *g = syscall_group_lookup(l.groups[i]);
                const uint64_t *set;
                size_t n = 0;

                ASSERT_NOT_NULL(g);
                listing_expand(&l, l.groups[i], want, 0);
                set = syscall_group_set(g);
                ASSERT_TRUE(memcmp(set, want, sizeof(want)) == 0);
                ASSERT_TRUE(syscall_group_set(g) == set);
                ASSERT_OK(syscall_set_add(via_add, l.groups[i]));
                ASSERT_TRUE(memcmp(via_add, want, sizeof(want)) == 0);
                for (int k = 0; k < syscall_table_size(); k++)
                        n += syscall_set_test(set, k);
                ASSERT_GT(n, 0u);
        }
        /* Nested groups are included: @system-service names @basic-io. */
        {
                const uint64_t *svc = syscall_group_set(syscall_group_lookup("@system-service"));
                const uint64_t *io = syscall_group_set(syscall_group_lookup("@basic-io"));
                for (size_t w = 0; w < SYSCALL_TABLE_MAX / 64; w++)
                        ASSERT_EQ(svc[w] & io[w], io[w]);
        }
        ASSERT_FALSE(syscall_set_test(syscall_group_set(syscall_group_lookup("@default")),
                                      syscall_from_name("mount")));
        ASSERT_NULL(syscall_group_lookup("default"));
        ASSERT_ERROR(syscall_set_add((uint64_t[SYSCALL_TABLE_MAX / 64]){0}, "@nope"), ENOENT);
        listing_free(&l);
        free(text);
}

TEST(syscall_table_covers_listing)
{
        char *text = test_read_data("reference/syscall-filter-252.txt");
        Listing l;

        listing_parse(&l, text);
        ASSERT_LE(syscall_table_size(), SYSCALL_TABLE_MAX);
        for (size_t i = 0; i < l.n; i++)
                for (size_t k = 0; k < l.n_members[i]; k++) {
                        const char *m = l.members[i][k];
                        if (m[0] == '@')
                                ASSERT_NOT_NULL(syscall_group_lookup(m));
                        else {
                                int idx = syscall_from_name(m);
                                ASSERT_GE(idx, 0);
                                ASSERT_STREQ(syscall_name(idx), m);
                        }
                }
        /* Every table entry is in some group (the table has nothing extra). */
        for (int i = 0; i < syscall_table_size(); i++) {
                uint64_t bits[SYSCALL_TABLE_MAX / 64] = {0};
                bool found = false;
                for (size_t g = 0; g < l.n && !found; g++) {
                        ASSERT_OK(syscall_set_add(bits, l.groups[g]));
                        found = syscall_set_test(bits, i);
                }
                ASSERT_TRUE(found);
        }
        ASSERT_ERROR(syscall_from_name("no_such_call"), ENOENT);
        /* every row is found at its own index (names are unique), near misses are not */
        for (int i = 0; i < syscall_table_size(); i++) {
                char name[64];
                size_t k = strlen(syscall_name(i));
                ASSERT_EQ(syscall_from_name(syscall_name(i)), i);
                ASSERT_LT(k + 2, sizeof(name));
                memcpy(name, syscall_name(i), k);
                name[k] = '_';
                name[k + 1] = '\0';
                ASSERT_ERROR(syscall_from_name(name), ENOENT);
                name[k - 1] = '\0';
                ASSERT_TRUE(syscall_from_name(name) < 0 || syscall_from_name(name) != i);
        }
        ASSERT_ERROR(syscall_from_name(""), ENOENT);
        ASSERT_ERROR(syscall_from_name(NULL), ENOENT);
        ASSERT_NULL(syscall_name(-1));
        ASSERT_NULL(syscall_name(syscall_table_size()));
        listing_free(&l);
        free(text);
}

TEST(syscall_native_numbers)
{
        ASSERT_EQ(syscall_native_nr(syscall_from_name("read")), 0);
        ASSERT_EQ(syscall_native_nr(syscall_from_name("write")), 1);
        ASSERT_EQ(syscall_native_nr(syscall_from_name("execve")), 59);
        ASSERT_EQ(syscall_native_nr(syscall_from_name("mount_setattr")), 442);
        /* 32-bit only names do not exist on x86-64. */
        ASSERT_EQ(syscall_native_nr(syscall_from_name("_llseek")), -1);
        ASSERT_EQ(syscall_native_nr(syscall_from_name("mmap2")), -1);
}

static size_t bits_count(const uint64_t *bits)
{
        size_t n = 0;
        for (size_t i = 0; i < SYSCALL_TABLE_MAX / 64; i++)
                n += (size_t) __builtin_popcountll(bits[i]);
        return n;
}

TEST(syscall_set_add_recursive)
{
        uint64_t a[SYSCALL_TABLE_MAX / 64] = {0}, b[SYSCALL_TABLE_MAX / 64] = {0};
        const SyscallGroup *ss = syscall_group_lookup("@system-service");

        ASSERT_NOT_NULL(ss);
        ASSERT_OK(syscall_set_add(a, "@system-service"));
        /* Direct members that are groups are expanded: @system-service contains @basic-io,
         * whose "read" is not a direct member. */
        for (const char *const *m = ss->members; *m; m++)
                if (strcmp(*m, "read") == 0)
                        ASSERT_TRUE(false);
        ASSERT_TRUE(syscall_set_test(a, syscall_from_name("read")));
        ASSERT_TRUE(syscall_set_test(a, syscall_from_name("execve"))); /* @default */
        ASSERT_FALSE(syscall_set_test(a, syscall_from_name("reboot")));
        /* Union of the nested groups and direct names equals the recursive expansion. */
        for (const char *const *m = ss->members; *m; m++)
                ASSERT_OK(syscall_set_add(b, *m));
        ASSERT_EQ(memcmp(a, b, sizeof(a)), 0);
        /* @known nests @obsolete: 514 direct names plus the obsolete ones (536). A few names
         * (nfsservctl, set_tls, uretprobe) are in groups but not in systemd 252's @known. */
        memset(a, 0, sizeof(a));
        ASSERT_OK(syscall_set_add(a, "@known"));
        ASSERT_EQ(bits_count(a), 536u);
        ASSERT_FALSE(syscall_set_test(a, syscall_from_name("uretprobe")));
        ASSERT_TRUE(syscall_set_test(a, syscall_from_name("create_module"))); /* via @obsolete */
        ASSERT_ERROR(syscall_set_add(a, "@nonexistent"), ENOENT);
        ASSERT_ERROR(syscall_set_add(a, "nonexistent"), ENOENT);
        ASSERT_ERROR(syscall_set_add(a, ""), ENOENT);
}

TEST(capabilities_match_listing)
{
        char *text = test_read_data("reference/capability-252.txt");
        int n = 0;
        StrBuf b = STRBUF_INIT;

        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
                char name[64];
                int num;
                if (sscanf(line, "%63s %d", name, &num) != 2)
                        continue; /* header */
                ASSERT_STREQ(capability_to_name(num), name);
                ASSERT_EQ(capability_from_name(name), num);
                n++;
        }
        ASSERT_EQ(n, capability_last() + 1);
        ASSERT_EQ(capability_from_name("CAP_SYS_ADMIN"), 21);
        ASSERT_EQ(capability_from_name("Cap_Sys_Admin"), 21);
        ASSERT_EQ(capability_from_name("21"), 21);
        ASSERT_EQ(capability_from_name("63"), 63);
        ASSERT_ERROR(capability_from_name("64"), EINVAL);
        ASSERT_ERROR(capability_from_name("-1"), EINVAL);
        ASSERT_ERROR(capability_from_name("CAP_NOPE"), EINVAL);
        ASSERT_NULL(capability_to_name(41));
        capability_set_format((UINT64_C(1) << 0) | (UINT64_C(1) << 5) | (UINT64_C(1) << 40), &b);
        ASSERT_STREQ(strbuf_str(&b), "cap_chown cap_kill cap_checkpoint_restore");
        strbuf_done(&b);
        free(text);
}

TEST(errno_names)
{
        for (int e = 1; e <= 133; e++) {
                const char *n = errno_to_name(e);
                if (e == 41 || e == 58) { /* unused numbers on Linux */
                        ASSERT_NULL(n);
                        continue;
                }
                ASSERT_NOT_NULL(n);
                ASSERT_EQ(errno_from_name(n), e);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
                ASSERT_STREQ(n, strerrorname_np(e));
#endif
        }
        ASSERT_EQ(errno_from_name("eperm"), EPERM);
        ASSERT_EQ(errno_from_name("EWOULDBLOCK"), EAGAIN);
        ASSERT_EQ(errno_from_name("ENOTSUP"), EOPNOTSUPP);
        ASSERT_EQ(errno_from_name("EDEADLOCK"), EDEADLK);
        ASSERT_STREQ(errno_to_name(EAGAIN), "EAGAIN");
        ASSERT_EQ(errno_from_name("4095"), 4095);
        ASSERT_ERROR(errno_from_name("4096"), ERANGE);
        ASSERT_ERROR(errno_from_name("EFOO"), EINVAL);
        ASSERT_ERROR(errno_from_name(""), EINVAL);
}

TEST(address_families)
{
        static const struct {
                const char *name;
                int af;
        } t[] = {
                {"AF_UNIX", AF_UNIX},       {"AF_INET", AF_INET},     {"AF_INET6", AF_INET6},
                {"AF_NETLINK", AF_NETLINK}, {"AF_PACKET", AF_PACKET}, {"AF_BLUETOOTH", 31},
                {"AF_VSOCK", 40},           {"AF_XDP", 44},           {"AF_MCTP", 45},
                {"AF_DECnet", 12},          {"AF_ALG", 38},           {"AF_CAN", 29},
        };

        for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
                ASSERT_EQ(af_from_name(t[i].name), t[i].af);
                ASSERT_STREQ(af_to_name(t[i].af), t[i].name);
        }
        ASSERT_EQ(af_from_name("af_inet"), AF_INET);
        ASSERT_EQ(af_from_name("AF_LOCAL"), AF_UNIX);
        ASSERT_EQ(af_from_name("AF_ROUTE"), AF_NETLINK);
        ASSERT_STREQ(af_to_name(AF_UNIX), "AF_UNIX");
        ASSERT_ERROR(af_from_name("AF_UNSPEC"), EINVAL);
        ASSERT_ERROR(af_from_name("AF_MAX"), EINVAL);
        ASSERT_ERROR(af_from_name("INET"), EINVAL);
        ASSERT_NULL(af_to_name(0));
        /* Every number 1..AF_MAX-1 that glibc defines has a name. */
        for (int i = 1; i < af_max(); i++)
                ASSERT_EQ(af_from_name(af_to_name(i)), i);
        ASSERT_EQ(af_max(), AF_MAX);
}

TEST(archs)
{
        static const char *const ok[] = {"native", "x86",  "x86-64",   "x32",     "arm",
                                         "arm64",  "mips", "ppc64-le", "riscv64", "s390x"};
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
                ASSERT_TRUE(seccomp_arch_is_valid(ok[i]));
        ASSERT_FALSE(seccomp_arch_is_valid("x86_64"));
        ASSERT_FALSE(seccomp_arch_is_valid("amd64"));
        ASSERT_FALSE(seccomp_arch_is_valid(""));
}

TEST(namespaces)
{
        StrBuf b = STRBUF_INIT;

        ASSERT_EQ(namespace_flag_from_name("net"), 0x40000000UL);
        ASSERT_EQ(namespace_flag_from_name("mnt"), 0x00020000UL);
        ASSERT_EQ(namespace_flag_from_name("NET"), 0UL);
        ASSERT_STREQ(namespace_flag_to_name(0x10000000UL), "user");
        namespace_flags_format(NAMESPACE_FLAGS_ALL, &b);
        ASSERT_STREQ(strbuf_str(&b), "cgroup ipc net mnt pid user uts");
        strbuf_done(&b);
        namespace_flags_format(0x40000000UL | 0x04000000UL, &b);
        ASSERT_STREQ(strbuf_str(&b), "net uts");
        strbuf_done(&b);
}

TEST(signals)
{
        ASSERT_EQ(signal_from_name("SIGTERM"), SIGTERM);
        ASSERT_EQ(signal_from_name("TERM"), SIGTERM);
        ASSERT_EQ(signal_from_name("15"), 15);
        ASSERT_EQ(signal_from_name("SIGKILL"), SIGKILL);
        ASSERT_EQ(signal_from_name("RTMIN"), SIGRTMIN);
        ASSERT_EQ(signal_from_name("SIGRTMIN+2"), SIGRTMIN + 2);
        ASSERT_EQ(signal_from_name("RTMAX-1"), SIGRTMAX - 1);
        ASSERT_STREQ(signal_to_name(SIGHUP), "SIGHUP");
        ASSERT_STREQ(signal_to_name(SIGSYS), "SIGSYS");
        ASSERT_TRUE(signal_from_name("SIGFOO") < 0);
        ASSERT_TRUE(signal_from_name("SIG15") < 0); /* numbers only without the prefix */
        ASSERT_TRUE(signal_from_name("0") < 0);
        ASSERT_TRUE(signal_from_name("65") < 0);
        ASSERT_TRUE(signal_from_name("") < 0);
}

TEST(rlimits)
{
        ASSERT_EQ(rlimit_from_directive("LimitNOFILE"), RLIMIT_NOFILE);
        ASSERT_EQ(rlimit_from_directive("LimitCORE"), RLIMIT_CORE);
        ASSERT_EQ(rlimit_from_directive("LimitRTTIME"), RLIMIT_RTTIME);
        ASSERT_STREQ(rlimit_to_directive(RLIMIT_MEMLOCK), "LimitMEMLOCK");
        ASSERT_TRUE(rlimit_from_directive("LimitFOO") < 0);
        for (int i = 0; i < RLIMIT_COUNT; i++)
                ASSERT_EQ(rlimit_from_directive(rlimit_to_directive(i)), i);
}

TEST(systemd_analyze_agrees)
{
        /* Optional cross-check with the local systemd-analyze: every group it prints that
         * systemd 252 also has must list the same members (newer versions add names). */
        FILE *f = popen("systemd-analyze syscall-filter @default 2>/dev/null", "r");
        char line[256];
        int n = 0;

        if (!f)
                TEST_SKIP("no systemd-analyze");
        while (fgets(line, sizeof(line), f)) {
                char name[128];
                if (sscanf(line, " %127[a-z0-9_]", name) == 1 && line[0] == ' ' &&
                    !strchr(line, '#')) {
                        uint64_t bits[SYSCALL_TABLE_MAX / 64] = {0};
                        ASSERT_OK(syscall_set_add(bits, "@default"));
                        if (syscall_from_name(name) >= 0)
                                ASSERT_TRUE(syscall_set_test(bits, syscall_from_name(name)));
                        n++;
                }
        }
        pclose(f);
        if (n == 0)
                TEST_SKIP("systemd-analyze printed nothing");
}

TEST(syscall_group_versions)
{
        size_t n;
        const SyscallGroup *g = syscall_groups(&n);

        for (size_t i = 0; i < n; i++) {
                ASSERT_GE(g[i].since, 231);
                ASSERT_LE(g[i].since, 252);
        }
        ASSERT_EQ(syscall_group_lookup("@system-service")->since, 239);
        ASSERT_EQ(syscall_group_lookup("@known")->since, 247);
        ASSERT_EQ(syscall_group_lookup("@pkey")->since, 244);
}
