/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "caps.h"

#include <errno.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec-semantics.h"

#ifndef CAP_SETPCAP
#define CAP_SETPCAP 8
#endif

void caps_plan_from_unit(const Unit *u, bool have_cap_sys_admin, CapsPlan *ret)
{
        const ExecSettings *e = &u->exec;

        *ret = (CapsPlan){
                .bounding = e->capability_bounding_set & CAP_MASK_ALL,
                .ambient = e->ambient_capabilities & e->capability_bounding_set & CAP_MASK_ALL,
                .secure_bits = e->secure_bits,
                .no_new_privs = exec_needs_no_new_privs_full(u, have_cap_sys_admin),
                .drop_bounding = (e->capability_bounding_set & CAP_MASK_ALL) != CAP_MASK_ALL,
        };
}

int caps_set_no_new_privs(void)
{
        /* Why safe: only ever removes the ability to gain privileges through execve(). */
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return -errno;
        return 0;
}

int caps_last_cap(void)
{
        int c = 0;
        /* PR_CAPBSET_READ fails with EINVAL past the last capability the kernel knows. */
        while (c < 63 && prctl(PR_CAPBSET_READ, c + 1, 0, 0, 0) >= 0)
                c++;
        return c;
}

int caps_get(uint64_t *ret_effective, uint64_t *ret_permitted, uint64_t *ret_inheritable)
{
        struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
        struct __user_cap_data_struct d[2] = {0};

        if (syscall(SYS_capget, &h, d) < 0)
                return -errno;
        if (ret_effective)
                *ret_effective = d[0].effective | ((uint64_t) d[1].effective << 32);
        if (ret_permitted)
                *ret_permitted = d[0].permitted | ((uint64_t) d[1].permitted << 32);
        if (ret_inheritable)
                *ret_inheritable = d[0].inheritable | ((uint64_t) d[1].inheritable << 32);
        return 0;
}

static int caps_set(uint64_t eff, uint64_t prm, uint64_t inh)
{
        struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3};
        struct __user_cap_data_struct d[2] = {
                {(uint32_t) eff, (uint32_t) prm, (uint32_t) inh},
                {(uint32_t) (eff >> 32), (uint32_t) (prm >> 32), (uint32_t) (inh >> 32)},
        };

        /* Why safe: capset can only shrink permitted, and effective/inheritable must stay
         * within permitted (and the bounding set), which the kernel enforces. */
        if (syscall(SYS_capset, &h, d) < 0)
                return -errno;
        return 0;
}

int caps_bounding_drop(uint64_t keep)
{
        uint64_t eff, prm, inh;
        int r;

        r = caps_get(&eff, &prm, &inh);
        if (r < 0)
                return r;
        /* PR_CAPBSET_DROP needs CAP_SETPCAP in the effective set. */
        if ((prm & (UINT64_C(1) << CAP_SETPCAP)) && !(eff & (UINT64_C(1) << CAP_SETPCAP))) {
                eff |= UINT64_C(1) << CAP_SETPCAP;
                r = caps_set(eff, prm, inh);
                if (r < 0)
                        return r;
        }
        /* Only what must go: dropping a capability the set lacks already succeeds, and the
         * kernel answers EINVAL past its last capability, which ends the walk (no probing of
         * the last capability first: one call per dropped capability). */
        for (int c = 0; c < 64; c++) {
                if (keep & (UINT64_C(1) << c))
                        continue;
                if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) >= 0)
                        continue;
                if (errno == EINVAL)
                        break;
                r = -errno;
                /* Not having it in the first place is fine. */
                if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) != 0)
                        return r;
        }
        return caps_set(eff, prm, inh & keep);
}

int caps_ambient_apply(uint64_t set, bool also_inherit)
{
        int r;

        for (int c = 0; c < 64; c++)
                if ((set & (UINT64_C(1) << c)) && prctl(PR_CAPBSET_READ, c, 0, 0, 0) != 1)
                        set &= ~(UINT64_C(1) << c);

        if (also_inherit && set != 0) {
                uint64_t eff, prm, inh;
                r = caps_get(&eff, &prm, &inh);
                if (r < 0)
                        return r;
                r = caps_set(eff, prm, inh | set);
                if (r < 0)
                        return r;
        }
        /* Exactly `set`: clear the ambient set in one call, then raise what is wanted (instead
         * of asking about each capability the kernel knows). */
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
                return -errno;
        for (int c = 0; c < 64; c++)
                if ((set & (UINT64_C(1) << c)) &&
                    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
                        return -errno;
        return 0;
}

int caps_keep_caps_for_setuid(const CapsPlan *p, uid_t uid)
{
        int cur;

        if (uid == 0 || (p->ambient == 0 && p->secure_bits == 0))
                return 0;
        cur = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
        if (cur < 0)
                return -errno;
        if (cur & SECBIT_KEEP_CAPS)
                return 0;
        return caps_secure_bits_apply(cur | SECBIT_KEEP_CAPS);
}

int caps_secure_bits_apply(int bits)
{
        uint64_t eff, prm, inh;
        int cur, r;

        cur = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);
        if (cur < 0)
                return -errno;
        if (cur == bits)
                return 0;
        /* Setting secure bits needs CAP_SETPCAP in the effective set; execve() recomputes the
         * effective set, so raising it here grants the service nothing. */
        r = caps_get(&eff, &prm, &inh);
        if (r < 0)
                return r;
        if (!(eff & (UINT64_C(1) << CAP_SETPCAP)) && (prm & (UINT64_C(1) << CAP_SETPCAP))) {
                r = caps_set(eff | (UINT64_C(1) << CAP_SETPCAP), prm, inh);
                if (r < 0)
                        return r;
        }
        if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) < 0)
                return -errno;
        return 0;
}
