/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The host-value parsers behind Condition*=/Assert*= (version comparison, ConditionKernelVersion=,
 * ConditionOSRelease=, the kernel command line, ConditionMemory=/CPUs=, PSI parameters and PSI
 * file lines, architecture names): any strings must be answered or refused cleanly.
 * Input: line 1 the directive's parameter, line 2 a host value (kernel release, command line or
 * PSI line), the rest an os-release file. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "condition.h"
#include "diag.h"
#include "env-util.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sign(int v)
{
        return (v > 0) - (v < 0);
}

/* The next line of text[*off..size) as a string (a NUL byte ends it early). */
static char *next_line(const char *text, size_t size, size_t *off)
{
        size_t b = *off, e = b;
        while (e < size && text[e] != '\n')
                e++;
        *off = e < size ? e + 1 : size;
        return strndup(text + b, e - b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        const char *text = (const char *) data;
        DiagList diags = {0};
        char **kv = NULL, *slice = NULL, *path = NULL;
        unsigned limit, window, avg[3];
        size_t off = 0;
        bool b;

        if (size > 64 * 1024)
                return 0;
        char *param = next_line(text, size, &off);
        char *host = next_line(text, size, &off);
        if (!param || !host)
                goto out;

        /* strverscmp_improved() is an order: antisymmetric, and reflexive */
        if (sign(cond_verscmp(param, host)) != -sign(cond_verscmp(host, param)) ||
            cond_verscmp(param, param) != 0)
                abort();
        (void) cond_kernel_version_test(host, param);
        (void) cond_cmdline_has(host, param);
        (void) cond_cmdline_get_bool(host, param, &b);
        (void) cond_memory_test(UINT64_C(8) << 30, param);
        (void) cond_cpus_test(4, param);
        if (cond_psi_parse(param, &slice, &limit, &window) >= 0 &&
            !(window == 10 || window == 60 || window == 300))
                abort();
        (void) cond_slice_to_path(param, &path);
        (void) cond_psi_line_parse(host, avg);
        (void) cond_architecture_from_uname(param);
        (void) cond_architecture_is_known(param);

        if (env_file_parse(text + off, strnlen(text + off, size - off), "/etc/os-release", &kv,
                           &diags) >= 0) {
                (void) cond_os_release_test(kv, param);
                (void) cond_environment_has(kv, param);
        }
out:
        free(param);
        free(host);
        free(slice);
        free(path);
        strv_free(kv);
        diag_list_done(&diags);
        return 0;
}
