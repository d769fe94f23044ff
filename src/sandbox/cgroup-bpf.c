/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* IPAddressAllow=/IPAddressDeny= as two BPF_PROG_TYPE_CGROUP_SKB programs on the run's cgroup v2
 * directory, written by hand (no libbpf) and checked by the kernel's verifier. Unlike systemd
 * (LPM-trie maps) each prefix is compared inline: a list is limited to CG_IP_RULES_MAX entries,
 * which keeps the program far below the verifier's limits. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"
#include "cleanup.h"

#define ACCESS_ALLOWED 1
#define ACCESS_DENIED  2
#define PROG_MAX       8192u

typedef struct Prog {
        struct bpf_insn *insn;
        size_t n, cap;
        bool oom;
} Prog;

static void emit(Prog *p, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
        if (p->oom)
                return;
        if (p->n >= PROG_MAX) {
                p->oom = true;
                return;
        }
        if (p->n == p->cap) {
                size_t cap = p->cap ? p->cap * 2 : 64;
                struct bpf_insn *t = realloc(p->insn, cap * sizeof(*t));
                if (!t) {
                        p->oom = true;
                        return;
                }
                p->insn = t;
                p->cap = cap;
        }
        p->insn[p->n++] = (struct bpf_insn){
                .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm};
}

/* Patches the offset of a forward jump emitted at index at, to land at the current end. */
static void land(Prog *p, size_t at)
{
        if (!p->oom)
                p->insn[at].off = (int16_t) (p->n - at - 1);
}

/* The 32-bit word k (0-based) of the prefix, and its mask, in the byte order the program sees
 * after loading the packet bytes into a register (memory order). */
static void word_of(const CgIPRule *r, unsigned k, uint32_t *ret_addr, uint32_t *ret_mask)
{
        uint8_t mask[4] = {};
        unsigned bits = r->prefixlen > 32 * k ? r->prefixlen - 32 * k : 0;

        for (unsigned i = 0; i < 4; i++) {
                unsigned b = bits > 8 * i ? bits - 8 * i : 0;
                mask[i] = b >= 8 ? 0xff : (uint8_t) (0xff00 >> b);
        }
        uint8_t addr[4];
        for (unsigned i = 0; i < 4; i++)
                addr[i] = r->address[4 * k + i] & mask[i];
        memcpy(ret_addr, addr, 4);
        memcpy(ret_mask, mask, 4);
}

/* For one address family: load the address once, then compare each prefix of the list. */
static void emit_family(Prog *p, const CgIPRule *rules, size_t n, int family, bool ingress,
                        int verdict)
{
        bool v4 = family == AF_INET;
        unsigned size = v4 ? 4 : 16, words = size / 4;
        /* iphdr: saddr 12, daddr 16; ipv6hdr: saddr 8, daddr 24 */
        int32_t offset = v4 ? (ingress ? 12 : 16) : (ingress ? 8 : 24);
        bool any = false;

        for (size_t i = 0; i < n; i++)
                any = any || rules[i].family == family;
        if (!any)
                return;

        /* if (r7 != protocol) skip */
        size_t skip = p->n;
        emit(p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_7, 0, 0,
             (int32_t) htons(v4 ? ETH_P_IP : ETH_P_IPV6));
        /* bpf_skb_load_bytes(skb, offset, fp - size, size) */
        emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_1, BPF_REG_6, 0, 0);
        emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_2, 0, 0, offset);
        emit(p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_3, BPF_REG_10, 0, 0);
        emit(p, BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_3, 0, 0, -(int32_t) size);
        emit(p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_4, 0, 0, (int32_t) size);
        emit(p, BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_skb_load_bytes);
        size_t failed = p->n;
        emit(p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 0, 0);

        for (size_t i = 0; i < n; i++) {
                const CgIPRule *r = &rules[i];
                size_t next[4], n_next = 0;
                if (r->family != family)
                        continue;
                for (unsigned k = 0; k < words; k++) {
                        uint32_t addr, mask;
                        if (r->prefixlen <= 32 * k)
                                break;
                        word_of(r, k, &addr, &mask);
                        emit(p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_0, BPF_REG_10,
                             (int16_t) (-(int) size + 4 * (int) k), 0);
                        emit(p, BPF_ALU | BPF_AND | BPF_K, BPF_REG_0, 0, 0, (int32_t) mask);
                        next[n_next++] = p->n;
                        emit(p, BPF_JMP32 | BPF_JNE | BPF_K, BPF_REG_0, 0, 0, (int32_t) addr);
                }
                emit(p, BPF_ALU | BPF_OR | BPF_K, BPF_REG_8, 0, 0, verdict);
                for (size_t j = 0; j < n_next; j++)
                        land(p, next[j]);
        }
        land(p, skip);
        land(p, failed);
}

int cg_bpf_firewall_build(const CgFirewall *fw, bool ingress, struct bpf_insn **ret, size_t *ret_n)
{
        Prog p = {};

        emit(&p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0);
        emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_7, BPF_REG_6,
             offsetof(struct __sk_buff, protocol), 0);
        emit(&p, BPF_ALU | BPF_MOV | BPF_K, BPF_REG_8, 0, 0, 0);
        emit_family(&p, fw->allow, fw->n_allow, AF_INET, ingress, ACCESS_ALLOWED);
        emit_family(&p, fw->allow, fw->n_allow, AF_INET6, ingress, ACCESS_ALLOWED);
        emit_family(&p, fw->deny, fw->n_deny, AF_INET, ingress, ACCESS_DENIED);
        emit_family(&p, fw->deny, fw->n_deny, AF_INET6, ingress, ACCESS_DENIED);
        /* r0 = 1; if (r8 == DENIED) r0 = 0: allow beats deny */
        emit(&p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1);
        emit(&p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_8, 0, 1, ACCESS_DENIED);
        emit(&p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
        emit(&p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
        if (p.oom) {
                free(p.insn);
                return p.n >= PROG_MAX ? -E2BIG : -ENOMEM;
        }
        *ret = p.insn;
        *ret_n = p.n;
        return 0;
}

static int sys_bpf(int cmd, union bpf_attr *attr)
{
        return (int) syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

#define LOG_SIZE 65536u

static int load_as(const struct bpf_insn *insn, size_t n, enum bpf_prog_type type,
                   enum bpf_attach_type expected, char **ret_log)
{
        _cleanup_free_ char *log = calloc(1, LOG_SIZE);
        union bpf_attr attr = {};
        int fd;

        attr.prog_type = type;
        attr.expected_attach_type = expected;
        attr.insns = (uint64_t) (uintptr_t) insn;
        attr.insn_cnt = (uint32_t) n;
        attr.license = (uint64_t) (uintptr_t) "GPL";
        if (log) {
                attr.log_buf = (uint64_t) (uintptr_t) log;
                attr.log_size = LOG_SIZE;
                attr.log_level = 1;
        }
        fd = sys_bpf(BPF_PROG_LOAD, &attr);
        if (fd < 0) {
                int e = errno;
                /* A log too small for a passing program fails the load with ENOSPC: retry
                 * without it. */
                if (e == ENOSPC) {
                        attr.log_buf = 0;
                        attr.log_size = 0;
                        attr.log_level = 0;
                        fd = sys_bpf(BPF_PROG_LOAD, &attr);
                        if (fd >= 0)
                                return fd;
                        e = errno;
                }
                if (ret_log && log && log[0])
                        *ret_log = TAKE_PTR(log);
                return -e;
        }
        return fd;
}

static int load(const struct bpf_insn *insn, size_t n, char **ret_log)
{
        return load_as(insn, n, BPF_PROG_TYPE_CGROUP_SKB, 0, ret_log);
}

int cg_bpf_firewall_attach(const CgFirewall *fw, int cgroup_fd, int ret_fds[2], char **ret_log)
{
        static const enum bpf_attach_type types[2] = {BPF_CGROUP_INET_INGRESS,
                                                      BPF_CGROUP_INET_EGRESS};
        int fds[2] = {-1, -1}, r = 0;

        for (int i = 0; i < 2 && r >= 0; i++) {
                _cleanup_free_ struct bpf_insn *insn = NULL;
                size_t n;
                r = cg_bpf_firewall_build(fw, i == 0, &insn, &n);
                if (r < 0)
                        break;
                r = fds[i] = load(insn, n, ret_log);
                if (r < 0)
                        break;
                union bpf_attr attr = {};
                attr.target_fd = (uint32_t) cgroup_fd;
                attr.attach_bpf_fd = (uint32_t) fds[i];
                attr.attach_type = types[i];
                attr.attach_flags = BPF_F_ALLOW_MULTI;
                if (sys_bpf(BPF_PROG_ATTACH, &attr) < 0)
                        r = -errno;
        }
        if (r < 0) {
                for (int i = 0; i < 2; i++)
                        if (fds[i] >= 0)
                                close(fds[i]);
                return r;
        }
        ret_fds[0] = fds[0];
        ret_fds[1] = fds[1];
        return 0;
}

int cg_bpf_firewall_test(const CgFirewall *fw, bool ingress, int family, const uint8_t *address,
                         int *ret_pass)
{
        _cleanup_free_ struct bpf_insn *insn = NULL;
        _cleanup_close_ int fd = -1;
        uint8_t pkt[14 + 40] = {};
        size_t n, len;
        int r;

        r = cg_bpf_firewall_build(fw, ingress, &insn, &n);
        if (r < 0)
                return r;
        fd = load(insn, n, NULL);
        if (fd < 0)
                return fd;
        /* Ethernet header (the kernel takes the protocol from it), then the IP header; only the
         * addresses matter to the program. */
        if (family == AF_INET) {
                pkt[12] = 0x08;
                pkt[13] = 0x00;
                pkt[14] = 0x45;
                memcpy(pkt + 14 + (ingress ? 12 : 16), address, 4);
                len = 14 + 20;
        } else {
                pkt[12] = 0x86;
                pkt[13] = 0xdd;
                pkt[14] = 0x60;
                memcpy(pkt + 14 + (ingress ? 8 : 24), address, 16);
                len = 14 + 40;
        }
        union bpf_attr attr = {};
        attr.test.prog_fd = (uint32_t) fd;
        attr.test.data_in = (uint64_t) (uintptr_t) pkt;
        attr.test.data_size_in = (uint32_t) len;
        attr.test.repeat = 1;
        if (sys_bpf(BPF_PROG_TEST_RUN, &attr) < 0)
                return -errno;
        *ret_pass = (int) attr.test.retval;
        return 0;
}

/* ---------------------------------------------------------------- SocketBindAllow=/Deny= */

/* Jumps to the allow/deny exits at the end, patched once their place is known. */
typedef struct Fixups {
        size_t at[2 * CG_BIND_RULES_MAX + 4];
        bool to_deny[2 * CG_BIND_RULES_MAX + 4];
        size_t n;
} Fixups;

static void emit_bind_rules(Prog *p, Fixups *f, const CgBindRule *rules, size_t n, int family,
                            bool deny)
{
        for (size_t i = 0; i < n; i++) {
                const CgBindRule *r = &rules[i];
                size_t next[3], n_next = 0;
                if (r->family != AF_UNSPEC && r->family != family)
                        continue;
                if (r->protocol != 0) { /* r8: protocol */
                        next[n_next++] = p->n;
                        emit(p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_8, 0, 0, r->protocol);
                }
                if (r->nr_ports != 0) { /* r7: port, host order */
                        uint32_t max = (uint32_t) r->port_min + r->nr_ports - 1;
                        next[n_next++] = p->n;
                        emit(p, BPF_JMP | BPF_JLT | BPF_K, BPF_REG_7, 0, 0, r->port_min);
                        next[n_next++] = p->n;
                        emit(p, BPF_JMP | BPF_JGT | BPF_K, BPF_REG_7, 0, 0, (int32_t) max);
                }
                if (f->n < ELEMENTSOF(f->at)) {
                        f->at[f->n] = p->n;
                        f->to_deny[f->n++] = deny;
                }
                emit(p, BPF_JMP | BPF_JA, 0, 0, 0, 0);
                for (size_t j = 0; j < n_next; j++)
                        land(p, next[j]);
        }
}

int cg_bpf_socket_bind_build(const CgSocketBind *sb, int family, struct bpf_insn **ret,
                             size_t *ret_n)
{
        Fixups f = {};
        Prog p = {};

        if (sb->n_allow > CG_BIND_RULES_MAX || sb->n_deny > CG_BIND_RULES_MAX)
                return -E2BIG;
        /* Only binds of this hook's family are judged (as systemd: user_family and family). */
        emit(&p, BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_6, BPF_REG_1, 0, 0);
        emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_6,
             offsetof(struct bpf_sock_addr, user_family), 0);
        f.at[f.n] = p.n;
        f.to_deny[f.n++] = false;
        emit(&p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, 0, family);
        emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_6,
             offsetof(struct bpf_sock_addr, family), 0);
        f.at[f.n] = p.n;
        f.to_deny[f.n++] = false;
        emit(&p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, 0, family);
        /* r7 = ntohs(user_port), r8 = protocol */
        emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_7, BPF_REG_6,
             offsetof(struct bpf_sock_addr, user_port), 0);
        emit(&p, BPF_ALU | BPF_END | BPF_TO_BE, BPF_REG_7, 0, 0, 16);
        emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_8, BPF_REG_6,
             offsetof(struct bpf_sock_addr, protocol), 0);
        emit_bind_rules(&p, &f, sb->allow, sb->n_allow, family, false);
        emit_bind_rules(&p, &f, sb->deny, sb->n_deny, family, true);
        /* allow: */
        size_t allow = p.n;
        emit(&p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1);
        emit(&p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
        /* deny: */
        size_t deny = p.n;
        emit(&p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
        emit(&p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
        if (p.oom) {
                free(p.insn);
                return p.n >= PROG_MAX ? -E2BIG : -ENOMEM;
        }
        for (size_t i = 0; i < f.n; i++)
                p.insn[f.at[i]].off = (int16_t) ((f.to_deny[i] ? deny : allow) - f.at[i] - 1);
        *ret = p.insn;
        *ret_n = p.n;
        return 0;
}

int cg_bpf_socket_bind_attach(const CgSocketBind *sb, int cgroup_fd, int ret_fds[2], char **ret_log)
{
        static const enum bpf_attach_type types[2] = {BPF_CGROUP_INET4_BIND, BPF_CGROUP_INET6_BIND};
        int fds[2] = {-1, -1}, r = 0;

        for (int i = 0; i < 2 && r >= 0; i++) {
                _cleanup_free_ struct bpf_insn *insn = NULL;
                size_t n;
                r = cg_bpf_socket_bind_build(sb, i == 0 ? AF_INET : AF_INET6, &insn, &n);
                if (r < 0)
                        break;
                r = fds[i] = load_as(insn, n, BPF_PROG_TYPE_CGROUP_SOCK_ADDR, types[i], ret_log);
                if (r < 0)
                        break;
                union bpf_attr attr = {};
                attr.target_fd = (uint32_t) cgroup_fd;
                attr.attach_bpf_fd = (uint32_t) fds[i];
                attr.attach_type = types[i];
                attr.attach_flags = BPF_F_ALLOW_MULTI;
                if (sys_bpf(BPF_PROG_ATTACH, &attr) < 0)
                        r = -errno;
        }
        if (r < 0) {
                for (int i = 0; i < 2; i++)
                        if (fds[i] >= 0)
                                close(fds[i]);
                return r;
        }
        ret_fds[0] = fds[0];
        ret_fds[1] = fds[1];
        return 0;
}

/* ---------------------------------------------------------------- DevicePolicy= on cgroup v2 */

/* One devices.allow line ("c 1:3 rwm", "b 8:* r", "c *:* m") as the program's operands:
 * major/minor -1 = any. Returns 0 or -EINVAL. */
static int parse_device_line(const char *s, int *ret_type, int64_t *ret_major, int64_t *ret_minor,
                             int *ret_access)
{
        char type, maj[16], min[16], acc[8];
        int access = 0;

        if (sscanf(s, "%c %15[0-9*]:%15[0-9*] %7s", &type, maj, min, acc) != 4 ||
            (type != 'c' && type != 'b'))
                return -EINVAL;
        for (const char *a = acc; *a; a++)
                access |= *a == 'r'   ? BPF_DEVCG_ACC_READ
                          : *a == 'w' ? BPF_DEVCG_ACC_WRITE
                          : *a == 'm' ? BPF_DEVCG_ACC_MKNOD
                                      : 0;
        *ret_type = type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK;
        *ret_major = streq(maj, "*") ? -1 : strtoll(maj, NULL, 10);
        *ret_minor = streq(min, "*") ? -1 : strtoll(min, NULL, 10);
        *ret_access = access;
        return 0;
}

int cg_bpf_devices_build(char *const *lines, struct bpf_insn **ret, size_t *ret_n)
{
        Prog p = {};

        /* r2 = type, r3 = requested access, r4 = major, r5 = minor */
        emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1,
             offsetof(struct bpf_cgroup_dev_ctx, access_type), 0);
        emit(&p, BPF_ALU | BPF_MOV | BPF_X, BPF_REG_3, BPF_REG_2, 0, 0);
        emit(&p, BPF_ALU | BPF_AND | BPF_K, BPF_REG_2, 0, 0, 0xffff);
        emit(&p, BPF_ALU | BPF_RSH | BPF_K, BPF_REG_3, 0, 0, 16);
        emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_4, BPF_REG_1,
             offsetof(struct bpf_cgroup_dev_ctx, major), 0);
        emit(&p, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_5, BPF_REG_1,
             offsetof(struct bpf_cgroup_dev_ctx, minor), 0);
        for (char *const *l = lines; l && *l; l++) {
                int type, access;
                int64_t maj, min;
                size_t next[4], n_next = 0;
                if (parse_device_line(*l, &type, &maj, &min, &access) < 0) {
                        free(p.insn);
                        return -EINVAL;
                }
                next[n_next++] = p.n;
                emit(&p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_2, 0, 0, type);
                if (maj >= 0) {
                        next[n_next++] = p.n;
                        emit(&p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_4, 0, 0, (int32_t) maj);
                }
                if (min >= 0) {
                        next[n_next++] = p.n;
                        emit(&p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_5, 0, 0, (int32_t) min);
                }
                /* every requested access must be allowed: (requested & ~allowed) == 0 */
                emit(&p, BPF_ALU | BPF_MOV | BPF_X, BPF_REG_0, BPF_REG_3, 0, 0);
                emit(&p, BPF_ALU | BPF_AND | BPF_K, BPF_REG_0, 0, 0, ~access & 7);
                next[n_next++] = p.n;
                emit(&p, BPF_JMP | BPF_JNE | BPF_K, BPF_REG_0, 0, 0, 0);
                emit(&p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 1);
                emit(&p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
                for (size_t j = 0; j < n_next; j++)
                        land(&p, next[j]);
        }
        emit(&p, BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0);
        emit(&p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
        if (p.oom) {
                free(p.insn);
                return p.n >= PROG_MAX ? -E2BIG : -ENOMEM;
        }
        *ret = p.insn;
        *ret_n = p.n;
        return 0;
}

int cg_bpf_devices_attach(char *const *lines, int cgroup_fd, int *ret_fd, char **ret_log)
{
        _cleanup_free_ struct bpf_insn *insn = NULL;
        size_t n;
        int r = cg_bpf_devices_build(lines, &insn, &n);

        if (r < 0)
                return r;
        _cleanup_close_ int fd = load_as(insn, n, BPF_PROG_TYPE_CGROUP_DEVICE, 0, ret_log);
        if (fd < 0)
                return fd;
        union bpf_attr attr = {};
        attr.target_fd = (uint32_t) cgroup_fd;
        attr.attach_bpf_fd = (uint32_t) fd;
        attr.attach_type = BPF_CGROUP_DEVICE;
        attr.attach_flags = BPF_F_ALLOW_MULTI;
        if (sys_bpf(BPF_PROG_ATTACH, &attr) < 0)
                return -errno;
        *ret_fd = TAKE_FD(fd);
        return 0;
}
