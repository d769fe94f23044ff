/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Test helper: runs a command with ioctl(LOOP_CONFIGURE) failing with EINVAL, as on kernels
 * before 5.8, so the LOOP_SET_FD + LOOP_SET_STATUS64 fallback of src/sandbox/image.c runs (the
 * filter is inherited by every process cordon starts). With --no-set-fd, LOOP_SET_FD fails too
 * (EPERM): then no image can be attached, which shows that the filter reaches cordon's child.
 *   no-loop-configure [--no-set-fd] CMD [ARGS...]
 * Needs CAP_SYS_ADMIN (no no_new_privs, which would change what cordon may do). */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/loop.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_AUDIT_ARCH AUDIT_ARCH_AARCH64
#else
#error "no-loop-configure: add this architecture's AUDIT_ARCH"
#endif

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ARG1_LOW offsetof(struct seccomp_data, args[1])
#else
#define ARG1_LOW (offsetof(struct seccomp_data, args[1]) + 4)
#endif

int main(int argc, char **argv)
{
        int first = 1;
        unsigned set_fd_errno = 0;

        if (argc > 1 && strcmp(argv[1], "--no-set-fd") == 0) {
                set_fd_errno = EPERM;
                first = 2;
        }
        if (argc <= first) {
                fprintf(stderr, "usage: no-loop-configure [--no-set-fd] CMD [ARGS...]\n");
                return 2;
        }
        struct sock_filter f[] = {
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_AUDIT_ARCH, 0, 6),
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 4),
                BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARG1_LOW),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, LOOP_CONFIGURE, 3, 0),
                BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, LOOP_SET_FD, 0, 1),
                BPF_STMT(BPF_RET | BPF_K,
                         set_fd_errno ? SECCOMP_RET_ERRNO | set_fd_errno : SECCOMP_RET_ALLOW),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
                BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL),
        };
        struct sock_fprog prog = {.len = sizeof(f) / sizeof(f[0]), .filter = f};
        if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
                perror("no-loop-configure: seccomp");
                return 1;
        }
        execvp(argv[first], argv + first);
        perror("no-loop-configure: exec");
        return 127;
}
