/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Capabilities, identity and mount-view rules: settings that other settings make ineffective
 * or that undo the sandbox. */
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "lint-internal.h"
#include "names.h"
#include "parse-util.h"
#include "path-util.h"
#include "strbuf.h"
#include "string-util.h"

#define CAP_BIT(c) (UINT64_C(1) << (c))

/* ---- capabilities ---- */

typedef struct CapReplay {
        uint64_t set;
        uint64_t denied;               /* named by '~' lines since the last replace */
        const Assignment *last_invert; /* last '~' assignment that replaced the set */
        const Assignment *last;        /* last assignment */
} CapReplay;

static void format_caps(uint64_t set, StrBuf *out)
{
        bool first = true;

        for (int i = 0; i <= CAP_LAST_KNOWN; i++)
                if (set & CAP_BIT(i)) {
                        strbuf_printf(out, "%s%s", first ? "" : " ", capability_to_name(i));
                        first = false;
                }
}

/* systemd's config_parse_capability_set(): an empty sum or an untouched set replaces,
 * otherwise '~' clears bits and a plain list ORs them in. */
static int replay_caps(LintContext *c, const char *key, uint64_t initial, bool report, CapReplay *s)
{
        const Unit *u = c->u;
        bool bounding = streq(key, "CapabilityBoundingSet");

        *s = (CapReplay){.set = initial};
        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const char *p;
                bool invert = false;
                uint64_t sum = 0;
                int r;

                if (!lint_is(a, key))
                        continue;
                s->last = a;
                p = a->value ? a->value : "";
                if (p[0] == '~') {
                        invert = true;
                        p++;
                }
                for (;;) {
                        _cleanup_free_ char *w = NULL;
                        unsigned col;
                        int cap;

                        r = lint_next_word(&p, a->value, a->column, &w, &col);
                        if (r < 0)
                                return r;
                        if (r == 0)
                                break;
                        cap = capability_from_name(w);
                        if (cap >= 0 && cap < 64) {
                                sum |= CAP_BIT(cap);
                                continue;
                        }
                        if (report && invert && bounding) {
                                r = lint_emit(c, a, col, "deny-list-unknown-name", NULL,
                                              "Unknown capability '%s' in a '~' list; systemd "
                                              "ignores it, so it is not removed",
                                              w);
                                if (r < 0)
                                        return r;
                        }
                }

                if (sum == 0 || s->set == initial) {
                        s->set = invert ? ~sum : sum;
                        s->denied = invert ? sum : 0;
                        s->last_invert = invert ? a : NULL;
                        continue;
                }
                if (invert) {
                        s->set &= ~sum;
                        s->denied |= sum;
                        continue;
                }
                if (report && bounding && s->last_invert) {
                        _cleanup_(strbuf_done) StrBuf m = STRBUF_INIT;
                        uint64_t readded = sum & s->denied;

                        if (readded) {
                                strbuf_puts(&m, ", re-enabling ");
                                format_caps(readded, &m);
                                strbuf_puts(&m, " that a '~' line removed");
                        }
                        if (m.oom)
                                return -ENOMEM;
                        r = lint_emit(c, a, 1, "capability-set-merge-trap",
                                      "one CapabilityBoundingSet= allow list with every needed "
                                      "capability, and no '~' line",
                                      "%s=%s follows the '~' assignment on line %u, so it is not "
                                      "an allow list: it adds these capabilities to the set%s",
                                      key, a->value, s->last_invert->line, strbuf_str(&m));
                        if (r < 0)
                                return r;
                }
                s->set |= sum;
        }
        return 0;
}

/* Bounding set after what PrivateDevices=, ProtectKernelModules=, ProtectKernelLogs= and
 * ProtectClock= drop (systemd's unit_patch_contexts()). */
static uint64_t effective_bounding(const Unit *u, uint64_t set)
{
        if (lint_bool(u, "PrivateDevices", false, NULL))
                set &= ~(CAP_BIT(CAP_MKNOD) | CAP_BIT(CAP_SYS_RAWIO));
        if (lint_bool(u, "ProtectKernelModules", false, NULL))
                set &= ~CAP_BIT(CAP_SYS_MODULE);
        if (lint_bool(u, "ProtectKernelLogs", false, NULL))
                set &= ~CAP_BIT(CAP_SYSLOG);
        if (lint_bool(u, "ProtectClock", false, NULL))
                set &= ~(CAP_BIT(CAP_SYS_TIME) | CAP_BIT(CAP_WAKE_ALARM));
        return set;
}

static int bounding_set(LintContext *c, bool report, uint64_t *ret)
{
        CapReplay b;
        int r = replay_caps(c, "CapabilityBoundingSet", UINT64_MAX, report, &b);
        if (r < 0)
                return r;
        *ret = effective_bounding(c->u, b.set);
        return 0;
}

int lint_rules_caps(LintContext *c)
{
        CapReplay amb;
        uint64_t bset, missing;
        int r;

        /* Reports the merge trap and deny-list typos once. */
        r = bounding_set(c, true, &bset);
        if (r < 0)
                return r;
        r = replay_caps(c, "AmbientCapabilities", 0, false, &amb);
        if (r < 0)
                return r;
        missing = amb.set & ~bset & ((UINT64_C(1) << (CAP_LAST_KNOWN + 1)) - 1);
        if (!missing || !amb.last)
                return 0;
        _cleanup_(strbuf_done) StrBuf m = STRBUF_INIT;
        format_caps(missing, &m);
        if (m.oom)
                return -ENOMEM;
        return lint_emit(c, amb.last, 0, "ambient-not-in-bounding-set", NULL,
                         "AmbientCapabilities= includes %s, which the bounding set does not "
                         "contain; the service cannot hold it",
                         strbuf_str(&m));
}

/* ---- identity ---- */

static bool is_root_name(const char *user)
{
        return user && (streq(user, "root") || streq(user, "0"));
}

/* Whether NAME has a line in ROOT/etc/passwd. Read errors mean "unknown": no finding. */
static bool passwd_has_user(const char *root, const char *name)
{
        _cleanup_free_ char *path = path_join(root, "etc/passwd"), *data = NULL;
        size_t size, len = strlen(name);

        if (!path || read_full_file(path, 4u * 1024u * 1024u, &data, &size) < 0)
                return false;
        for (const char *l = data; l && *l;) {
                if (strneq(l, name, len) && l[len] == ':')
                        return true;
                l = strchr(l, '\n');
                if (l)
                        l++;
        }
        return false;
}

typedef struct Forced {
        const char *key;
        const char *forced; /* what DynamicUser=yes makes it */
        bool (*weaker)(const char *value);
} Forced;

static bool weaker_bool(const char *v)
{
        return parse_boolean(v) == 0;
}

static bool weaker_protect_system(const char *v)
{
        return !streq(v, "strict") && (parse_boolean(v) >= 0 || streq(v, "full"));
}

static int check_dynamic_user(LintContext *c)
{
        static const Forced forced[] = {
                {"ProtectSystem", "strict", weaker_protect_system},
                {"ProtectHome", "read-only", weaker_bool},
                {"PrivateTmp", "yes", weaker_bool},
                {"RemoveIPC", "yes", weaker_bool},
                {"NoNewPrivileges", "yes", weaker_bool},
                {"RestrictSUIDSGID", "yes", weaker_bool},
        };
        const Unit *u = c->u;
        const Assignment *ua;
        const char *user = lint_string(u, "User", &ua);
        int r;

        if (!lint_bool(u, "DynamicUser", false, NULL))
                return 0;

        if (user && !strchr(user, '%') && passwd_has_user(c->root, user)) {
                r = lint_emit(c, ua, 0, "dynamic-user-static-user", NULL,
                              "DynamicUser=yes, but User=%s exists in %s/etc/passwd: systemd "
                              "runs the service as that static user and allocates no dynamic one",
                              user, streq(c->root, "/") ? "" : c->root);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < ELEMENTSOF(forced); i++) {
                const Assignment *a = lint_last(u, forced[i].key);
                _cleanup_free_ char *fix = NULL;

                if (!a || isempty(a->value) || !forced[i].weaker(a->value))
                        continue;
                fix = strjoin(forced[i].key, "=", forced[i].forced);
                if (!fix)
                        return -ENOMEM;
                r = lint_emit(c, a, 0, "dynamic-user-overrides", fix,
                              "%s=%s has no effect: DynamicUser=yes forces %s=%s", a->key, a->value,
                              a->key, forced[i].forced);
                if (r < 0)
                        return r;
        }
        /* Writable bind mounts: files there outlive the recycled UID. */
        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                if (!lint_is(a, "BindPaths"))
                        continue;
                if (isempty(a->value))
                        continue;
                r = lint_emit(c, a, 0, "bind-paths-dynamic-user",
                              "StateDirectory= (or BindReadOnlyPaths=)",
                              "BindPaths=%s with DynamicUser=yes: files the service creates "
                              "there belong to a UID that is recycled for other services",
                              a->value);
                if (r < 0)
                        return r;
        }
        return 0;
}

static bool has_fs_sandbox(const Unit *u)
{
        static const char *const bools[] = {"ProtectKernelTunables", "ProtectControlGroups",
                                            "ProtectKernelModules", "PrivateTmp", NULL};

        if (!streq(lint_protect_system(u), "no") || !streq(lint_protect_home(u), "no"))
                return true;
        if (lint_string(u, "ReadOnlyPaths", NULL) || lint_string(u, "InaccessiblePaths", NULL))
                return true;
        for (size_t i = 0; bools[i]; i++)
                if (lint_bool(u, bools[i], false, NULL))
                        return true;
        return false;
}

static bool private_users(const Unit *u)
{
        const char *v = lint_string(u, "PrivateUsers", NULL);
        return v && parse_boolean(v) != 0;
}

int lint_rules_identity(LintContext *c)
{
        const Unit *u = c->u;
        const Assignment *ua, *ga;
        const char *user = lint_string(u, "User", &ua);
        bool dynamic = lint_bool(u, "DynamicUser", false, NULL);
        uint64_t bset;
        int r;

        /* A user manager runs everything as its own user: no switching, no root to judge. */
        if (c->user)
                return 0;
        r = check_dynamic_user(c);
        if (r < 0)
                return r;
        if (dynamic)
                return 0;

        r = bounding_set(c, false, &bset);
        if (r < 0)
                return r;

        if (is_root_name(user) && (bset & CAP_BIT(CAP_SYS_ADMIN)) && has_fs_sandbox(u) &&
            !private_users(u)) {
                r = lint_emit(c, ua, 0, "root-user-sandbox",
                              "User=<service user> or DynamicUser=yes",
                              "User=%s keeps CAP_SYS_ADMIN, with which the service can unmount "
                              "or remount the read-only and inaccessible views of its "
                              "file-system sandbox",
                              user);
                if (r < 0)
                        return r;
        }
        if ((!user || is_root_name(user)) && lint_string(u, "SupplementaryGroups", &ga) &&
            (bset & CAP_BIT(CAP_DAC_OVERRIDE))) {
                r = lint_emit(c, ga, 0, "supplementary-groups-root", "User=<service user>",
                              "SupplementaryGroups= for a service running as root: root "
                              "bypasses group permissions (CAP_DAC_OVERRIDE), so the groups "
                              "grant nothing");
                if (r < 0)
                        return r;
        }
        return 0;
}
