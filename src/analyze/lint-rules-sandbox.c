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
#include "strv.h"

#define CAP_BIT(c) (UINT64_C(1) << (c))

/* ---- capabilities ---- */

typedef struct CapReplay {
        uint64_t set;
        uint64_t denied;               /* named by '~' lines since the last replace */
        const Assignment *last_invert; /* last '~' assignment that replaced the set */
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

/* CapabilityBoundingSet= replayed like systemd's config_parse_capability_set(): an empty sum or
 * an untouched set (all bits) replaces, otherwise '~' clears bits and a plain list ORs them in.
 * Reports the merge trap and unknown names in '~' lists. */
static int replay_bounding_set(LintContext *c)
{
        const Unit *u = c->u;
        const uint64_t initial = UINT64_MAX;
        CapReplay st = {.set = initial}, *s = &st;
        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const char *p;
                bool invert = false;
                uint64_t sum = 0;
                int r;

                if (!lint_is(a, "CapabilityBoundingSet"))
                        continue;
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
                        if (invert) {
                                const char *near = lint_closest_name(w, capability_last() + 1,
                                                                     capability_to_name, true);
                                _cleanup_free_ char *fix = near ? strdup(near) : NULL;

                                if (fix)
                                        ascii_strupper(fix);
                                r = lint_emit(c, a, col, "deny-list-unknown-name", fix,
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
                if (s->last_invert) {
                        _cleanup_(strbuf_done) StrBuf m = STRBUF_INIT;
                        _cleanup_free_ char *w = lint_where(s->last_invert, a);
                        uint64_t readded = sum & s->denied;

                        if (readded) {
                                strbuf_puts(&m, ", re-enabling ");
                                format_caps(readded, &m);
                                strbuf_puts(&m, " that a '~' line removed");
                        }
                        if (m.oom || !w)
                                return -ENOMEM;
                        r = lint_emit(c, a, 1, "capability-set-merge-trap",
                                      "one CapabilityBoundingSet= allow list with every needed "
                                      "capability, and no '~' line",
                                      "CapabilityBoundingSet=%s follows the '~' assignment on %s, "
                                      "so it is not an allow list: it adds these capabilities to "
                                      "the set%s",
                                      a->value, w, strbuf_str(&m));
                        if (r < 0)
                                return r;
                }
                s->set |= sum;
        }
        return 0;
}

int lint_rules_caps(LintContext *c)
{
        const ExecSettings *e = &c->u->exec;
        uint64_t missing;
        int r;

        /* The replay reports the merge trap and deny-list typos; the effective sets (with what
         * PrivateDevices=, ProtectClock=, … drop) come from the model. */
        r = replay_bounding_set(c);
        if (r < 0)
                return r;
        missing = e->ambient_capabilities & ~e->capability_bounding_set & CAP_MASK_ALL;
        if (!missing)
                return 0;
        _cleanup_(strbuf_done) StrBuf m = STRBUF_INIT;
        format_caps(missing, &m);
        if (m.oom)
                return -ENOMEM;
        return lint_emit_origin(c, &e->ambient_capabilities_origin, "ambient-not-in-bounding-set",
                                NULL,
                                "AmbientCapabilities= includes %s, which the bounding set does "
                                "not contain; systemd drops it silently at start",
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
        const StringSetting *user = &u->exec.user;
        int r;

        if (!u->exec.dynamic_user.value)
                return 0;

        /* Only a User= the unit names: the name derived from the unit is not "static". */
        if (user->value && user->origin.file && user->origin.implied_by < 0 &&
            passwd_has_user(c->root, user->value)) {
                r = lint_emit_origin(
                        c, &user->origin, "dynamic-user-static-user", NULL,
                        "DynamicUser=yes, but User=%s exists in %s/etc/passwd: systemd "
                        "runs the service as that static user and allocates no dynamic one",
                        user->value, streq(c->root, "/") ? "" : c->root);
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
        for (size_t i = 0; i < u->exec.bind_mounts.n; i++) {
                const BindMount *b = &u->exec.bind_mounts.items[i];

                if (b->read_only)
                        continue;
                r = lint_emit_origin(c, &b->origin, "bind-paths-dynamic-user",
                                     "StateDirectory= (or BindReadOnlyPaths=)",
                                     "BindPaths=%s with DynamicUser=yes: files the service creates "
                                     "there belong to a UID that is recycled for other services",
                                     b->source);
                if (r < 0)
                        return r;
        }
        return 0;
}

static bool has_fs_sandbox(const Unit *u)
{
        const ExecSettings *e = &u->exec;

        return e->protect_system != PROTECT_SYSTEM_NO || e->protect_home != PROTECT_HOME_NO ||
               e->read_only_paths.n > 0 || e->inaccessible_paths.n > 0 ||
               e->protect_kernel_tunables.value || e->protect_kernel_modules.value ||
               e->protect_control_groups != PROTECT_CONTROL_GROUPS_NO ||
               e->private_tmp != PRIVATE_TMP_NO;
}

int lint_rules_identity(LintContext *c)
{
        const Unit *u = c->u;
        const ExecSettings *e = &u->exec;
        const char *user = e->user.value;
        const StrvWithOrigin *groups = &e->supplementary_groups;
        int r;

        /* A user manager runs everything as its own user: no switching, no root to judge. */
        if (c->user)
                return 0;
        r = check_dynamic_user(c);
        if (r < 0)
                return r;
        if (e->dynamic_user.value)
                return 0;

        if (is_root_name(user) && e->user.origin.file && e->user.origin.implied_by < 0 &&
            (e->capability_bounding_set & CAP_BIT(CAP_SYS_ADMIN)) && has_fs_sandbox(u) &&
            e->private_users == PRIVATE_USERS_NO) {
                r = lint_emit_origin(c, &e->user.origin, "root-user-sandbox",
                                     "User=<service user> or DynamicUser=yes",
                                     "User=%s keeps CAP_SYS_ADMIN, with which the service can "
                                     "unmount or remount the read-only and inaccessible views of "
                                     "its file-system sandbox",
                                     user);
                if (r < 0)
                        return r;
        }
        if ((!user || is_root_name(user)) && groups->strv && groups->strv[0] && groups->origins &&
            (e->capability_bounding_set & CAP_BIT(CAP_DAC_OVERRIDE))) {
                size_t n = strv_length(groups->strv);

                r = lint_emit_origin(c, &groups->origins[n - 1], "supplementary-groups-root",
                                     "User=<service user>",
                                     "SupplementaryGroups= for a service running as root: root "
                                     "bypasses group permissions (CAP_DAC_OVERRIDE), so the "
                                     "groups grant nothing");
                if (r < 0)
                        return r;
        }
        return 0;
}
