/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The scorer: any model must score without crashing, with 0 <= exposure <= 100, rows and fixes
 * consistent, and every rendering well-formed. The input bytes fill the model's scored fields
 * directly (enums reduced modulo their range, bitmaps taken as they come), so the scorer is
 * exercised independently of the parser; the first byte picks the systemd version. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "report-security.h"
#include "score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct Reader {
        const uint8_t *p;
        size_t n;
} Reader;

static uint64_t take(Reader *r, unsigned bytes)
{
        uint64_t v = 0;
        for (unsigned i = 0; i < bytes; i++) {
                v = (v << 8) | (r->n > 0 ? *r->p : 0);
                if (r->n > 0) {
                        r->p++;
                        r->n--;
                }
        }
        return v;
}

static TriBool tb(Reader *r)
{
        uint64_t v = take(r, 1);
        return (TriBool){.value = v & 1, .set = (v >> 1) & 1, .origin = ORIGIN_NULL};
}

static void fill(Unit *u, Reader *r, DeviceAllowEntry *dev, IPAddressEntry *ip)
{
        static const char *const users[] = {NULL, "root", "0", "nobody", "foo", ""};
        ExecSettings *c = &u->exec;

        c->user.value = (char *) users[take(r, 1) % 6];
        c->dynamic_user = tb(r);
        c->private_devices = tb(r);
        c->private_network = tb(r);
        c->private_mounts = tb(r);
        c->private_tmp = (PrivateTmp) (take(r, 1) % _PRIVATE_TMP_MAX);
        c->private_users = (PrivateUsers) (take(r, 1) % _PRIVATE_USERS_MAX);
        c->protect_home = (ProtectHome) (take(r, 1) % _PROTECT_HOME_MAX);
        c->protect_system = (ProtectSystem) (take(r, 1) % _PROTECT_SYSTEM_MAX);
        c->protect_proc = (ProtectProc) (take(r, 1) % _PROTECT_PROC_MAX);
        c->proc_subset = (ProcSubset) (take(r, 1) % _PROC_SUBSET_MAX);
        c->keyring_mode = (KeyringMode) (take(r, 1) % _KEYRING_MODE_MAX);
        c->protect_kernel_logs = tb(r);
        c->protect_clock = tb(r);
        c->no_new_privileges = tb(r);
        c->remove_ipc = tb(r);
        c->capability_bounding_set = take(r, 8);
        c->ambient_capabilities = take(r, 8) & 3;
        c->umask = (mode_t) (take(r, 2) & 0777);
        c->restrict_namespaces_set = take(r, 1) & 1;
        c->restrict_namespaces = (unsigned long) take(r, 4) << 16;
        c->restrict_address_families.allow_list = take(r, 1) & 1;
        c->restrict_address_families.families = take(r, 8);
        c->syscall_filter.allow_list = take(r, 1) & 1;
        for (size_t i = 0; i < SYSCALL_TABLE_MAX / 64; i++)
                c->syscall_filter.bits[i] = take(r, 1) & 1 ? take(r, 8) : 0;
        for (size_t i = 0; i < SYSCALL_TABLE_MAX; i++)
                c->syscall_filter.errno_of[i] = (int16_t) ((int) (take(r, 1) % 4) - 2);
        u->unit.default_dependencies = tb(r);
        u->service.notify_access = (NotifyAccess) (take(r, 1) % _NOTIFY_ACCESS_MAX);
        u->cgroup.delegate = tb(r);
        u->cgroup.device_policy = (DevicePolicy) (take(r, 1) % _DEVICE_POLICY_MAX);
        if (take(r, 1) & 1) {
                u->cgroup.device_allow = dev;
                u->cgroup.n_device_allow = 1;
        }
        u->cgroup.ip_address_deny.any_v4 = take(r, 1) & 1;
        u->cgroup.ip_address_deny.any_v6 = take(r, 1) & 1;
        ip->family = take(r, 1) & 1 ? 2 /* AF_INET */ : 10 /* AF_INET6 */;
        for (int i = 0; i < 16; i++)
                ip->address[i] = (uint8_t) take(r, 1);
        if (take(r, 1) & 1) {
                u->cgroup.ip_address_allow.items = ip;
                u->cgroup.ip_address_allow.n = 1;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static const unsigned versions[] = {252, 250, 251, 255, 257};
        Reader rd = {data, size};
        DeviceAllowEntry dev = {.path = (char *) "char-rtc", .access = "rw"};
        IPAddressEntry ip = {0};
        SecurityInfo info;
        SecurityReport rep;
        SecurityFix *fixes = NULL;
        unsigned version = versions[take(&rd, 1) % 5];
        Unit *u = unit_new("fuzz.service");

        if (!u)
                return 0;
        char *saved_user = u->exec.user.value;
        fill(u, &rd, &dev, &ip);
        security_info_from_unit(u, &info);
        if (security_assess(&info, NULL, version, &rep) >= 0) {
                if (rep.exposure > 100)
                        abort();
                security_report_set_origins(&rep, u);
                security_report_sort(&rep);
                if (security_fixes_compute(&info, NULL, version, &rep, &fixes) >= 0) {
                        StrBuf out = STRBUF_INIT;
                        SecurityStyle st = {.utf8 = true, .emoji = true};
                        SecurityUnitView v = {.report = &rep, .fixes = fixes};
                        for (size_t i = 0; i < rep.n_rows; i++)
                                if (fixes[i].exposure_after > 100)
                                        abort();
                        security_format_table(&rep, &st, &out);
                        security_format_overall(&rep, &st, &out);
                        security_format_json(&rep, true, &out);
                        security_format_cordon_json(&v, 1, version, &out);
                        security_format_prometheus(&v, 1, &out);
                        security_format_html(&v, 1, &out);
                        strbuf_done(&out);
                        security_fixes_free(fixes, rep.n_rows);
                }
                security_report_done(&rep);
        }
        /* the model's pointers above are borrowed: detach them before freeing */
        u->exec.user.value = saved_user;
        u->cgroup.device_allow = NULL;
        u->cgroup.n_device_allow = 0;
        u->cgroup.ip_address_allow.items = NULL;
        u->cgroup.ip_address_allow.n = 0;
        unit_free(u);
        return 0;
}
