/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "render.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "env-util.h"
#include "fileio.h"
#include "strbuf.h"
#include "string-util.h"

bool render_name_is_valid(const char *name)
{
        size_t n = name ? strlen(name) : 0;

        if (n == 0 || n > RENDER_NAME_MAX || name[0] == '.')
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = name[i];
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == ':' || c == '@' || c == '-'))
                        return false;
        }
        return true;
}

static int fail(RenderError *err, unsigned line, const char *name, size_t n, const char *reason,
                int r)
{
        if (err) {
                err->line = line;
                err->reason = reason;
                n = MIN(n, (size_t) RENDER_NAME_MAX);
                memcpy(err->name, name ? name : "", name ? n : 0);
                err->name[name ? n : 0] = '\0';
        }
        return r;
}

int render_template(const char *tmpl, size_t size, RenderLookup lookup, void *userdata, char **ret,
                    size_t *ret_size, RenderError *err)
{
        StrBuf out = STRBUF_INIT;
        unsigned line = 1;
        size_t i = 0;
        int r;

        if (size > RENDER_TEMPLATE_MAX)
                return fail(err, 0, NULL, 0, "template too large", -EFBIG);
        if (memchr(tmpl, '\0', size))
                return fail(err, 0, NULL, 0, "template contains a NUL byte", -EINVAL);

        while (i < size) {
                const char *open = NULL;
                for (size_t k = i; k + 1 < size; k++) {
                        if (tmpl[k] == '{' && tmpl[k + 1] == '{') {
                                open = tmpl + k;
                                break;
                        }
                }
                size_t lit_end = open ? (size_t) (open - tmpl) : size;
                for (size_t k = i; k < lit_end; k++)
                        if (tmpl[k] == '\n')
                                line++;
                strbuf_putn(&out, tmpl + i, lit_end - i);
                if (!open)
                        break;

                /* the placeholder must close on the same line */
                size_t b = lit_end + 2, e = b;
                while (e + 1 < size && tmpl[e] != '\n' && !(tmpl[e] == '}' && tmpl[e + 1] == '}'))
                        e++;
                if (e + 1 >= size || tmpl[e] != '}') {
                        strbuf_done(&out);
                        return fail(err, line, NULL, 0, "unterminated \"{{\"", -EINVAL);
                }
                size_t nb = b, ne = e;
                while (nb < ne && (tmpl[nb] == ' ' || tmpl[nb] == '\t'))
                        nb++;
                while (ne > nb && (tmpl[ne - 1] == ' ' || tmpl[ne - 1] == '\t'))
                        ne--;
                char name[RENDER_NAME_MAX + 1];
                if (ne - nb == 0 || ne - nb > RENDER_NAME_MAX) {
                        strbuf_done(&out);
                        return fail(err, line, tmpl + nb, ne - nb, "invalid placeholder name",
                                    -EINVAL);
                }
                memcpy(name, tmpl + nb, ne - nb);
                name[ne - nb] = '\0';
                if (!render_name_is_valid(name)) {
                        strbuf_done(&out);
                        return fail(err, line, name, strlen(name), "invalid placeholder name",
                                    -EINVAL);
                }

                _cleanup_free_ char *value = NULL;
                size_t vsize = 0;
                r = lookup(name, userdata, &value, &vsize);
                if (r < 0) {
                        strbuf_done(&out);
                        return fail(err, line, name, strlen(name),
                                    r == -ENOENT ? "no credential or environment variable of "
                                                   "that name"
                                                 : "cannot read the credential",
                                    r);
                }
                strbuf_putn(&out, value, vsize);
                /* wipe the copy of the secret before freeing it */
                explicit_bzero(value, vsize);
                if (out.len > RENDER_OUTPUT_MAX) {
                        explicit_bzero(out.s, out.len);
                        strbuf_done(&out);
                        return fail(err, line, NULL, 0, "output too large", -EFBIG);
                }
                i = e + 2;
        }
        if (out.oom) {
                strbuf_done(&out);
                return -ENOMEM;
        }
        *ret_size = out.len;
        *ret = strbuf_steal(&out);
        if (!*ret) {
                *ret = strdup("");
                if (!*ret)
                        return -ENOMEM;
        }
        return 0;
}

static int read_credential(const char *dir, const char *name, char **ret, size_t *ret_size)
{
        _cleanup_close_ int dfd = -1, fd = -1;
        struct stat st;

        dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return errno == ENOENT ? -ENOENT : -errno;
        /* name has no '/' (render_name_is_valid) and O_NOFOLLOW refuses a planted symlink */
        fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (!S_ISREG(st.st_mode))
                return -EBADF;
        if ((size_t) st.st_size > RENDER_CREDENTIAL_MAX)
                return -EFBIG;
        int r = read_full_fd(fd, RENDER_CREDENTIAL_MAX, ret, ret_size);
        if (r < 0)
                return r;
        if (*ret_size > 0 && (*ret)[*ret_size - 1] == '\n')
                (*ret)[--*ret_size] = '\0';
        return 0;
}

int render_lookup_default(const char *name, void *userdata, char **ret, size_t *ret_size)
{
        const RenderSources *s = userdata;
        int r;

        if (s->credentials_directory) {
                r = read_credential(s->credentials_directory, name, ret, ret_size);
                if (r != -ENOENT)
                        return r;
        }
        const char *v = strv_env_get(s->env, name);
        if (!v)
                return -ENOENT;
        *ret = strdup(v);
        if (!*ret)
                return -ENOMEM;
        *ret_size = strlen(v);
        return 0;
}
