/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The directive table against systemd 252's own --dump-configuration-items listing. */
#include "config-parse-internal.h"
#include "settings-internal.h"
#include "settings.h"
#include "string-util.h"
#include "strv.h"
#include "tests.h"
#include "unit.h"

/* Calls fn(section, name, syntax) for every [Unit]/[Service]/[Install] line of the reference
 * listing; returns how many lines were visited, or -1 after a failed assertion inside fn. */
typedef bool (*RefVisitor)(UnitSectionId section, const char *name, const char *syntax);

static int reference_foreach(RefVisitor fn)
{
        _cleanup_free_ char *text = test_read_data("reference/configuration-items-252.txt");
        UnitSectionId section = _SECTION_INVALID;
        int n = 0;

        for (char *line = text, *next; line && *line; line = next) {
                next = strchr(line, '\n');
                if (next)
                        *next++ = '\0';
                if (line[0] == '[') {
                        char *end = strchr(line, ']');
                        if (end)
                                *end = '\0';
                        section = unit_section_from_string(line + 1);
                        if (section != SECTION_UNIT && section != SECTION_SERVICE &&
                            section != SECTION_INSTALL)
                                section = _SECTION_INVALID;
                        continue;
                }
                char *eq = strchr(line, '=');
                if (section < 0 || !eq)
                        continue;
                *eq = '\0';
                if (!fn(section, line, eq + 1))
                        return -1;
                n++;
        }
        return n;
}

static bool check_covered(UnitSectionId section, const char *name, const char *syntax)
{
        const Directive *d = directive_lookup(section, name);
        if (!d) {
                fprintf(stderr, "# missing: [%s] %s\n", unit_section_to_string(section), name);
                return false;
        }
        if (!streq(d->syntax, syntax)) {
                fprintf(stderr, "# syntax of %s: \"%s\" vs \"%s\"\n", name, d->syntax, syntax);
                return false;
        }
        if (d->since == 0 || d->since > 252) {
                fprintf(stderr, "# %s is in 252 but since=%u\n", name, d->since);
                return false;
        }
        return true;
}

/* First in this file (constructors register in order), so that it runs before anything asks for
 * the whole table: rows handed out one by one (lookup, index, by_index) are the rows the full
 * table holds later, at the same address and with the same contents. */
TEST(rows_copied_on_demand_match_the_table)
{
        static const char *const names[] = {"ProtectSystem", "ExecStart", "Type", "PrivateTmp"};
        const Directive *early[4];
        size_t n = directive_count(), m;

        ASSERT_GT(n, 400);
        for (size_t i = 0; i < 4; i++) {
                int k = directive_index(SECTION_SERVICE, names[i]);
                ASSERT_GE(k, 0);
                early[i] = directive_lookup(SECTION_SERVICE, names[i]);
                ASSERT_NOT_NULL(early[i]);
                ASSERT_EQ(early[i]->index, k);
                ASSERT_STREQ(early[i]->name, names[i]);
                ASSERT_TRUE(directive_by_index(k) == early[i]);
        }
        /* a row only asked for by position */
        const Directive *last = directive_by_index((int) n - 1);
        ASSERT_NOT_NULL(last);
        ASSERT_EQ(last->index, (int) n - 1);
        ASSERT_NULL(directive_by_index((int) n));

        const Directive *t = directive_table(&m);
        ASSERT_EQ(m, n);
        ASSERT_TRUE(&t[n - 1] == last);
        for (size_t i = 0; i < 4; i++) {
                ASSERT_TRUE(&t[early[i]->index] == early[i]);
                ASSERT_TRUE(directive_lookup(SECTION_SERVICE, names[i]) == early[i]);
        }
        for (size_t i = 0; i < n; i++) {
                ASSERT_EQ(t[i].index, (int) i);
                ASSERT_TRUE(directive_by_index((int) i) == &t[i]);
                ASSERT_EQ(directive_index(t[i].section, t[i].name), (int) i);
        }
}

TEST(table_covers_reference)
{
        int n = reference_foreach(check_covered);
        ASSERT_GT(n, 350); /* 361 lines for [Unit], [Service] and [Install] in 252 */
}

static char **reference_names;

static bool collect(UnitSectionId section, const char *name, const char *syntax)
{
        char *k = strjoin(unit_section_to_string(section), ".", name);
        return k && strv_push(&reference_names, k) >= 0;
}

TEST(newer_rows_are_exactly_the_new_ones)
{
        size_t n;
        const Directive *t = directive_table(&n);

        reference_names = strv_free(reference_names);
        ASSERT_GT(reference_foreach(collect), 0);
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *k =
                        strjoin(unit_section_to_string(t[i].section), ".", t[i].name);
                ASSERT_NOT_NULL(k);
                bool in_252 = strv_contains(reference_names, k);
                if (in_252)
                        ASSERT_LE(t[i].since, 252);
                else if (t[i].flags & DIRECTIVE_NOP)
                        /* Legacy names systemd 252 accepts and ignores: not in its listing. */
                        ASSERT_LE(t[i].since, 252);
                else if (t[i].since <= 252) {
                        test_fail(__FILE__, __LINE__, "%s: since %u but not in 252's listing", k,
                                  t[i].since);
                        return;
                }
        }
        reference_names = strv_free(reference_names);
}

TEST(table_sorted_unique_complete_rows)
{
        size_t n;
        const Directive *t = directive_table(&n);

        ASSERT_GT(n, 400);
        ASSERT_LE(n, DIRECTIVES_MAX);
        ASSERT_EQ(n, directives_unit_rows_n + directives_service_rows_n);
        for (size_t i = 0; i < n; i++) {
                ASSERT_EQ(t[i].index, (int) i);
                ASSERT_NOT_NULL(t[i].parse);
                ASSERT_NOT_NULL(t[i].syntax);
                ASSERT_TRUE(!isempty(t[i].doc));
                ASSERT_GT(t[i].since, 0);
                ASSERT_LE(t[i].since, 258);
                ASSERT_TRUE(t[i].section == SECTION_UNIT || t[i].section == SECTION_SERVICE ||
                            t[i].section == SECTION_INSTALL);
                if (i > 0) {
                        /* Strictly increasing by (section, name): sorted and no duplicates. */
                        bool ordered = t[i - 1].section < t[i].section ||
                                       (t[i - 1].section == t[i].section &&
                                        strcmp(t[i - 1].name, t[i].name) < 0);
                        if (!ordered) {
                                test_fail(__FILE__, __LINE__, "order: %s then %s", t[i - 1].name,
                                          t[i].name);
                                return;
                        }
                }
                /* Aliases and deprecated rows point at something that exists. */
                if ((t[i].flags & DIRECTIVE_ALIAS) ||
                    ((t[i].flags & DIRECTIVE_DEPRECATED) && t[i].replacement))
                        ASSERT_NOT_NULL(directive_lookup_any(t[i].replacement));
                if (t[i].flags & DIRECTIVE_ALIAS)
                        ASSERT_NOT_NULL(t[i].replacement);
                /* A typed row has a typed home. */
                if (t[i].parse == config_parse_typed && !config_parse_typed_knows(t[i].name)) {
                        test_fail(__FILE__, __LINE__, "%s has no typed field", t[i].name);
                        return;
                }
        }
}

/* Every row is found by its own (section, name) and by nothing near it: the hashed lookup
 * agrees with the sorted table row by row. */
TEST(lookup_every_row)
{
        size_t n;
        const Directive *t = directive_table(&n);

        for (size_t i = 0; i < n; i++) {
                char name[256];
                size_t k = strlen(t[i].name);

                ASSERT_TRUE(directive_lookup(t[i].section, t[i].name) == &t[i]);
                ASSERT_LT(k, sizeof(name) - 1);
                memcpy(name, t[i].name, k + 1);
                name[k - 1] ^= 0x20; /* last letter's case flipped */
                ASSERT_NULL(directive_lookup(t[i].section, name));
                name[k - 1] ^= 0x20;
                name[k] = 'x';
                name[k + 1] = '\0';
                ASSERT_NULL(directive_lookup(t[i].section, name));
                name[k - 1] = '\0';
                ASSERT_TRUE(directive_lookup(t[i].section, name) == NULL ||
                            directive_lookup(t[i].section, name) != &t[i]);
                for (UnitSectionId s = 0; s < _SECTION_MAX; s++)
                        if (s != t[i].section) {
                                const Directive *o = directive_lookup(s, t[i].name);
                                ASSERT_TRUE(o == NULL ||
                                            (o->section == s && streq(o->name, t[i].name)));
                        }
        }
        ASSERT_NULL(directive_lookup(SECTION_SERVICE, ""));
}

TEST(lookup)
{
        const Directive *d = directive_lookup(SECTION_SERVICE, "ProtectSystem");
        ASSERT_NOT_NULL(d);
        ASSERT_STREQ(d->name, "ProtectSystem");
        ASSERT_TRUE(d->flags & DIRECTIVE_SANDBOX);
        ASSERT_TRUE(d->flags & DIRECTIVE_SCORED);
        ASSERT_EQ(directive_index(SECTION_SERVICE, "ProtectSystem"), d->index);
        ASSERT_TRUE(directive_by_index(d->index) == d);
        ASSERT_NULL(directive_by_index(-1));
        ASSERT_NULL(directive_by_index(100000));
        ASSERT_EQ(directive_index(SECTION_SERVICE, "NoSuchThing"), -ENOENT);

        /* Case-sensitive, per section. */
        ASSERT_NULL(directive_lookup(SECTION_SERVICE, "protectsystem"));
        ASSERT_NULL(directive_lookup(SECTION_UNIT, "ProtectSystem"));
        ASSERT_NULL(directive_lookup(SECTION_SOCKET, "ProtectSystem"));
        ASSERT_NULL(directive_lookup(SECTION_SERVICE, NULL));
        d = directive_lookup_any("WantedBy");
        ASSERT_NOT_NULL(d);
        ASSERT_EQ(d->section, SECTION_INSTALL);

        /* The same name in two sections is two rows. */
        const Directive *a = directive_lookup(SECTION_UNIT, "StartLimitInterval");
        const Directive *b = directive_lookup(SECTION_SERVICE, "StartLimitInterval");
        ASSERT_NOT_NULL(a);
        ASSERT_NOT_NULL(b);
        ASSERT_TRUE(a != b);
        ASSERT_TRUE(b->flags & DIRECTIVE_DEPRECATED);
}

TEST(flags_and_versions)
{
        const Directive *d;

        d = directive_lookup(SECTION_SERVICE, "ExecStart");
        ASSERT_TRUE(d && (d->flags & DIRECTIVE_LIST) && (d->flags & DIRECTIVE_SPECIFIERS));
        ASSERT_EQ(d->ltype, SERVICE_EXEC_START);
        d = directive_lookup(SECTION_SERVICE, "MemoryLimit");
        ASSERT_TRUE(d && (d->flags & DIRECTIVE_DEPRECATED) && (d->flags & DIRECTIVE_CGROUP));
        ASSERT_STREQ(d->replacement, "MemoryMax");
        d = directive_lookup(SECTION_UNIT, "BindTo");
        ASSERT_TRUE(d && (d->flags & DIRECTIVE_ALIAS));
        ASSERT_STREQ(d->replacement, "BindsTo");
        d = directive_lookup(SECTION_SERVICE, "ReadWriteDirectories");
        ASSERT_STREQ(d->replacement, "ReadWritePaths");
        d = directive_lookup(SECTION_SERVICE, "SetCredential");
        ASSERT_TRUE(d->flags & DIRECTIVE_SECRET);
        d = directive_lookup(SECTION_SERVICE, "LimitNOFILE");
        ASSERT_EQ(d->ltype, RLIMIT_NOFILE);
        d = directive_lookup(SECTION_SERVICE, "TimeoutStartSec");
        ASSERT_STREQ(d->property, "TimeoutStartUSec");

        /* A few introduction versions from the man pages' markers and the release notes. */
        struct {
                UnitSectionId s;
                const char *name;
                unsigned since;
        } v[] = {
                {SECTION_SERVICE, "ProtectSystem", 214},
                {SECTION_SERVICE, "PrivateIPC", 248},
                {SECTION_SERVICE, "RestrictFileSystems", 250},
                {SECTION_SERVICE, "OpenFile", 253},
                {SECTION_SERVICE, "RootEphemeral", 254},
                {SECTION_SERVICE, "SetLoginEnvironment", 255},
                {SECTION_UNIT, "SurviveFinalKillSignal", 255},
                {SECTION_UNIT, "WantsMountsFor", 256},
                {SECTION_SERVICE, "PrivatePIDs", 257},
                {SECTION_SERVICE, "PrivateBPF", 258},
                {SECTION_SERVICE, "ExecStart", 1},
                /* From the release tags' parser tables, where man page markers disagree. */
                {SECTION_UNIT, "ConditionArchitecture", 210},
                {SECTION_SERVICE, "ExecPaths", 248},
                {SECTION_SERVICE, "RemoveIPC", 236},
                {SECTION_UNIT, "StartLimitBurst", 229},
                {SECTION_SERVICE, "StartLimitBurst", 42},
        };
        for (size_t i = 0; i < ELEMENTSOF(v); i++) {
                d = directive_lookup(v[i].s, v[i].name);
                ASSERT_NOT_NULL(d);
                if (d->since != v[i].since) {
                        test_fail(__FILE__, __LINE__, "%s since %u, expected %u", v[i].name,
                                  d->since, v[i].since);
                        return;
                }
        }
}

TEST(suggest)
{
        const Directive *d = directive_suggest(SECTION_SERVICE, "ProtectKernalTunables");
        ASSERT_NOT_NULL(d);
        ASSERT_STREQ(d->name, "ProtectKernelTunables");
        d = directive_suggest(SECTION_SERVICE, "privatetmp");
        ASSERT_NOT_NULL(d);
        ASSERT_STREQ(d->name, "PrivateTmp");
        d = directive_suggest(SECTION_UNIT, "Descripton");
        ASSERT_NOT_NULL(d);
        ASSERT_STREQ(d->name, "Description");
        ASSERT_NULL(directive_suggest(SECTION_SERVICE, "Completely"));
        ASSERT_NULL(directive_suggest(SECTION_SERVICE, "X"));
        ASSERT_NULL(directive_suggest(SECTION_SERVICE, ""));
        /* Only within the section asked for. */
        d = directive_suggest(SECTION_INSTALL, "WantedBx");
        ASSERT_NOT_NULL(d);
        ASSERT_STREQ(d->name, "WantedBy");
        ASSERT_NULL(directive_suggest(SECTION_INSTALL, "ProtectSystm"));
}

TEST(canonical_rows)
{
        const Directive *bind_to = directive_lookup(SECTION_UNIT, "BindTo");
        const Directive *binds_to = directive_lookup(SECTION_UNIT, "BindsTo");
        const Directive *svc_burst = directive_lookup(SECTION_SERVICE, "StartLimitBurst");
        const Directive *unit_burst = directive_lookup(SECTION_UNIT, "StartLimitBurst");
        const Directive *rwd = directive_lookup(SECTION_SERVICE, "ReadWriteDirectories");
        const Directive *memory_limit = directive_lookup(SECTION_SERVICE, "MemoryLimit");
        const Directive *blockio = directive_lookup(SECTION_SERVICE, "BlockIOAccounting");

        ASSERT_TRUE(directive_canonical(bind_to) == binds_to);
        ASSERT_TRUE(directive_canonical(binds_to) == binds_to);
        ASSERT_TRUE(directive_canonical(svc_burst) == unit_burst);
        ASSERT_TRUE(directive_canonical(rwd) ==
                    directive_lookup(SECTION_SERVICE, "ReadWritePaths"));
        /* Deprecated but separate settings keep their own values (and properties). */
        ASSERT_TRUE(directive_canonical(memory_limit) == memory_limit);
        ASSERT_TRUE(directive_canonical(blockio) == blockio);
        ASSERT_NULL(directive_canonical(NULL));

        /* Every canonical row is itself canonical and in a [Unit]/[Service] section. */
        size_t n;
        const Directive *t = directive_table(&n);
        for (size_t i = 0; i < n; i++) {
                const Directive *c = directive_canonical(&t[i]);
                ASSERT_NOT_NULL(c);
                ASSERT_TRUE(directive_canonical(c) == c);
        }
}

/* A value newer than the emulated systemd: that systemd ignores the whole line (for it the value
 * is unknown), so the setting keeps its default and the score matches systemd-analyze 252. */
TEST(values_from_the_future_are_ignored)
{
        static const char text[] = "[Service]\nExecStart=/bin/true\nProtectControlGroups=private\n"
                                   "ProtectHostname=private:box\nPrivateTmp=disconnected\n";
        UnitLoadOptions o252 = {0}, o258 = {.systemd_version = 258};
        Unit *u = NULL;
        DiagList d = {0};

        ASSERT_EQ(directive_value_since("ProtectControlGroups", "private"), 257u);
        ASSERT_EQ(directive_value_since("ProtectHostname", "private:box"), 258u);
        ASSERT_EQ(directive_value_since("ProtectControlGroups", "yes"), 0u);
        ASSERT_OK(unit_load_buffer("t.service", "/u/t.service", text, strlen(text), &o252, &u, &d));
        ASSERT_EQ(u->exec.protect_control_groups, PROTECT_CONTROL_GROUPS_NO);
        ASSERT_EQ(u->exec.protect_hostname, PROTECT_HOSTNAME_NO);
        ASSERT_EQ(u->exec.private_tmp, PRIVATE_TMP_NO);
        size_t n = 0;
        for (size_t i = 0; i < d.n; i++)
                if (streq(d.items[i].rule, "invalid-value") && strstr(d.items[i].message, "since"))
                        n++;
        ASSERT_EQ(n, 3u);
        unit_free(u);
        diag_list_done(&d);
        u = NULL;
        ASSERT_OK(unit_load_buffer("t.service", "/u/t.service", text, strlen(text), &o258, &u, &d));
        ASSERT_EQ(u->exec.protect_control_groups, PROTECT_CONTROL_GROUPS_PRIVATE);
        ASSERT_EQ(u->exec.protect_hostname, PROTECT_HOSTNAME_PRIVATE);
        ASSERT_EQ(u->exec.private_tmp, PRIVATE_TMP_DISCONNECTED);
        unit_free(u);
        diag_list_done(&d);
}
