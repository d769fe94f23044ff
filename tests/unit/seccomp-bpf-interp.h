/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A tiny classic-BPF interpreter for seccomp programs (tests and bench only): evaluates what
 * the kernel would answer for (arch, nr, args), and emulates the kernel's verdict-cache check
 * (Linux 5.11 seccomp_is_const_allow(): a call is cacheable when every filter reaches
 * RET_ALLOW from arch and nr alone). */

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "seccomp-load.h"

#define BPF_INTERP_BAD UINT32_C(0xdeadbeef) /* malformed program */

static inline uint32_t bpf_arch_token(SeccompArch a)
{
        return a == SECCOMP_ARCH_X86 ? AUDIT_ARCH_I386 : AUDIT_ARCH_X86_64;
}

static inline bool bpf_load(const struct seccomp_data *d, uint32_t k, uint32_t *ret)
{
        if (k % 4 != 0 || k + 4 > sizeof(*d))
                return false;
        *ret = *(const uint32_t *) ((const char *) d + k);
        return true;
}

/* const_only: emulate the cache check; any load other than nr/arch makes it "not constant". */
static inline uint32_t bpf_run(const SeccompProgram *p, const struct seccomp_data *d,
                               bool const_only, bool *ret_const)
{
        uint32_t A = 0, X = 0, M[BPF_MEMWORDS] = {0};

        if (ret_const)
                *ret_const = true;
        for (unsigned pc = 0; pc < p->len; pc++) {
                const struct sock_filter *i = &p->insns[pc];
                uint32_t v;
                bool t;

                switch (i->code) {
                case BPF_LD | BPF_W | BPF_ABS:
                        if (const_only && i->k != offsetof(struct seccomp_data, nr) &&
                            i->k != offsetof(struct seccomp_data, arch)) {
                                *ret_const = false;
                                return BPF_INTERP_BAD;
                        }
                        if (!bpf_load(d, i->k, &A))
                                return BPF_INTERP_BAD;
                        break;
                case BPF_LD | BPF_IMM:
                        A = i->k;
                        break;
                case BPF_LDX | BPF_IMM:
                        X = i->k;
                        break;
                case BPF_LD | BPF_MEM:
                case BPF_LDX | BPF_MEM:
                case BPF_ST:
                case BPF_STX:
                        if (i->k >= BPF_MEMWORDS || const_only) {
                                if (ret_const)
                                        *ret_const = false;
                                return BPF_INTERP_BAD;
                        }
                        if (i->code == (BPF_LD | BPF_MEM))
                                A = M[i->k];
                        else if (i->code == (BPF_LDX | BPF_MEM))
                                X = M[i->k];
                        else if (i->code == BPF_ST)
                                M[i->k] = A;
                        else
                                M[i->k] = X;
                        break;
                case BPF_ALU | BPF_AND | BPF_K:
                        A &= i->k;
                        break;
                case BPF_MISC | BPF_TAX:
                        X = A;
                        break;
                case BPF_MISC | BPF_TXA:
                        A = X;
                        break;
                case BPF_JMP | BPF_JA:
                        pc += i->k;
                        break;
                case BPF_JMP | BPF_JEQ | BPF_K:
                case BPF_JMP | BPF_JGT | BPF_K:
                case BPF_JMP | BPF_JGE | BPF_K:
                case BPF_JMP | BPF_JSET | BPF_K:
                        v = i->k;
                        switch (BPF_OP(i->code)) {
                        case BPF_JEQ:
                                t = A == v;
                                break;
                        case BPF_JGT:
                                t = A > v;
                                break;
                        case BPF_JGE:
                                t = A >= v;
                                break;
                        default:
                                t = (A & v) != 0;
                                break;
                        }
                        pc += t ? i->jt : i->jf;
                        break;
                case BPF_RET | BPF_K:
                        return i->k;
                case BPF_RET | BPF_A:
                        return A;
                default:
                        if (ret_const)
                                *ret_const = false;
                        return BPF_INTERP_BAD;
                }
        }
        return BPF_INTERP_BAD; /* fell off the end */
}

/* The kernel's combined verdict over the stack: newest filter first, lowest (signed) action
 * wins, first seen wins ties. */
static inline uint32_t bpf_stack_verdict(const SeccompPrograms *ps, SeccompArch arch, int nr,
                                         const uint64_t args[6])
{
        struct seccomp_data d = {.nr = nr, .arch = bpf_arch_token(arch)};
        uint32_t ret = SECCOMP_RET_ALLOW;

        for (int i = 0; i < 6; i++)
                d.args[i] = args ? args[i] : 0;
        for (size_t i = ps->n; i-- > 0;) {
                uint32_t cur = bpf_run(&ps->items[i], &d, false, NULL);
                if (cur == BPF_INTERP_BAD)
                        return BPF_INTERP_BAD;
                if ((int32_t) (cur & SECCOMP_RET_ACTION_FULL) <
                    (int32_t) (ret & SECCOMP_RET_ACTION_FULL))
                        ret = cur;
        }
        return ret;
}

/* True if the kernel (>= 5.11) may cache ALLOW for this native call under the whole stack. */
static inline bool bpf_stack_cacheable(const SeccompPrograms *ps, int nr)
{
        struct seccomp_data d = {.nr = nr, .arch = AUDIT_ARCH_X86_64};

        for (size_t i = 0; i < ps->n; i++) {
                bool c;
                uint32_t v = bpf_run(&ps->items[i], &d, true, &c);
                if (!c || v != SECCOMP_RET_ALLOW)
                        return false;
        }
        return true;
}
