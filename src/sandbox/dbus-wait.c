/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A minimal D-Bus client (D-Bus specification: wire format, SASL EXTERNAL, the message bus
 * methods Hello, AddMatch, GetNameOwner, RequestName and the NameOwnerChanged signal). Only
 * what Type=dbus readiness needs: method calls with string/uint32 arguments out, and the
 * header fields plus string/uint32 bodies in. Every size read from the socket is checked. */
#include <endian.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "dbus-wait.h"
#include "env-util.h"
#include "plan.h"
#include "spawn-internal.h"
#include "strbuf.h"
#include "string-util.h"

enum { MSG_CALL = 1, MSG_RETURN = 2, MSG_ERROR = 3, MSG_SIGNAL = 4 };
enum {
        FIELD_PATH = 1,
        FIELD_INTERFACE = 2,
        FIELD_MEMBER = 3,
        FIELD_ERROR_NAME = 4,
        FIELD_REPLY_SERIAL = 5,
        FIELD_DESTINATION = 6,
        FIELD_SENDER = 7,
        FIELD_SIGNATURE = 8,
};
#define BUS_NAME  "org.freedesktop.DBus"
#define BUS_PATH  "/org/freedesktop/DBus"
#define NAME_MAX_ 255u /* D-Bus names are at most 255 bytes */

struct SbxBus {
        int fd;
        uint32_t serial;
        char *unique_name;
        char *watched;
        uint32_t owner_serial; /* pending GetNameOwner, 0 none */
        bool owned;
        uint8_t *in; /* bytes read, not yet parsed */
        size_t n_in;
};

/* A parsed incoming message; strings point into the buffer. */
typedef struct BusMsg {
        uint8_t type;
        uint32_t reply_serial;
        const char *member, *interface, *error, *signature, *sender;
        const char *args[4]; /* leading 's' arguments of the body */
        size_t n_args;
        uint32_t u32; /* a lone 'u' body */
} BusMsg;

int sbx_bus_address_default(bool privileged, char *const *env, char **ret)
{
        extern char **environ;
        char *const *e = env ? env : environ;
        const char *a;

        if (privileged) {
                a = strv_env_get(e, "DBUS_SYSTEM_BUS_ADDRESS");
                *ret = strdup(!isempty(a) ? a : "unix:path=/run/dbus/system_bus_socket");
                return *ret ? 0 : -ENOMEM;
        }
        a = strv_env_get(e, "DBUS_SESSION_BUS_ADDRESS");
        if (!isempty(a)) {
                *ret = strdup(a);
                return *ret ? 0 : -ENOMEM;
        }
        a = strv_env_get(e, "XDG_RUNTIME_DIR");
        if (isempty(a))
                return -ENXIO;
        *ret = strjoin("unix:path=", a, "/bus");
        return *ret ? 0 : -ENOMEM;
}

/* "%2f"-style unescaping of address values. */
static int addr_unescape(const char *s, size_t n, char *out, size_t outsz)
{
        size_t o = 0;
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                if (c == '%') {
                        unsigned v;
                        char hex[3] = {0};
                        if (i + 2 >= n)
                                return -EINVAL;
                        memcpy(hex, s + i + 1, 2);
                        if (sscanf(hex, "%2x", &v) != 1)
                                return -EINVAL;
                        c = (char) v;
                        i += 2;
                }
                if (o + 1 >= outsz)
                        return -ENAMETOOLONG;
                out[o++] = c;
        }
        out[o] = 0;
        return (int) o;
}

static int connect_one(const char *addr, int *ret_fd)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        const char *kv = startswith(addr, "unix:");
        socklen_t len;
        int r = -EINVAL;

        if (!kv)
                return -EAFNOSUPPORT;
        for (const char *p = kv; *p;) {
                size_t n = strcspn(p, ",");
                const char *v;
                if ((v = startswith(p, "path=")) && v <= p + n)
                        r = addr_unescape(v, (size_t) (p + n - v), sa.sun_path,
                                          sizeof(sa.sun_path));
                else if ((v = startswith(p, "abstract=")) && v <= p + n) {
                        r = addr_unescape(v, (size_t) (p + n - v), sa.sun_path + 1,
                                          sizeof(sa.sun_path) - 1);
                }
                p += n + (p[n] == ',');
        }
        if (r <= 0)
                return r < 0 ? r : -EINVAL;
        len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + (size_t) r + 1);
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        if (connect(fd, (struct sockaddr *) &sa, len) < 0) {
                r = -errno;
                close(fd);
                return r;
        }
        *ret_fd = fd;
        return 0;
}

static int wait_fd(int fd, short events, int timeout_ms)
{
        struct pollfd pf = {.fd = fd, .events = events};
        int r;
        do
                r = poll(&pf, 1, timeout_ms);
        while (r < 0 && errno == EINTR);
        if (r < 0)
                return -errno;
        return r == 0 ? -ETIMEDOUT : 0;
}

static int write_all(int fd, const void *data, size_t n, int timeout_ms)
{
        const uint8_t *p = data;
        while (n > 0) {
                ssize_t w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
                if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
                        int r = wait_fd(fd, POLLOUT, timeout_ms);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (w < 0)
                        return -errno;
                p += w;
                n -= (size_t) w;
        }
        return 0;
}

/* One "\r\n"-terminated SASL line (at most 512 bytes). */
static int read_line(int fd, char *buf, size_t size, int timeout_ms)
{
        size_t n = 0;
        while (n + 1 < size) {
                int r = wait_fd(fd, POLLIN, timeout_ms);
                if (r < 0)
                        return r;
                ssize_t k = recv(fd, buf + n, 1, MSG_DONTWAIT); /* byte-wise: nothing read ahead */
                if (k < 0 && (errno == EAGAIN || errno == EINTR))
                        continue;
                if (k < 0)
                        return -errno;
                if (k == 0)
                        return -ECONNRESET;
                n++;
                if (n >= 2 && buf[n - 2] == '\r' && buf[n - 1] == '\n') {
                        buf[n - 2] = 0;
                        return 0;
                }
        }
        return -EBADMSG;
}

static int authenticate(int fd, int timeout_ms)
{
        char uid[32], hex[64 + 1], line[512];
        int r;

        snprintf(uid, sizeof(uid), "%u", (unsigned) geteuid());
        for (size_t i = 0; uid[i]; i++)
                snprintf(hex + 2 * i, 3, "%02x", (unsigned char) uid[i]);
        _cleanup_free_ char *auth = strjoin("AUTH EXTERNAL ", hex, "\r\n");
        if (!auth)
                return -ENOMEM;
        r = write_all(fd, "", 1, timeout_ms); /* the credentials byte */
        if (r >= 0)
                r = write_all(fd, auth, strlen(auth), timeout_ms);
        if (r >= 0)
                r = read_line(fd, line, sizeof(line), timeout_ms);
        if (r < 0)
                return r;
        if (!startswith(line, "OK "))
                return -EACCES;
        return write_all(fd, "BEGIN\r\n", 7, timeout_ms);
}

/* ---- marshalling (little endian out) ---- */

static void pad(StrBuf *b, size_t align)
{
        while (b->len % align)
                strbuf_putc(b, 0);
}

static void put_u32(StrBuf *b, uint32_t v)
{
        pad(b, 4);
        uint8_t x[4] = {(uint8_t) v, (uint8_t) (v >> 8), (uint8_t) (v >> 16), (uint8_t) (v >> 24)};
        strbuf_putn(b, (const char *) x, 4);
}

static void put_str(StrBuf *b, const char *s)
{
        put_u32(b, (uint32_t) strlen(s));
        strbuf_putn(b, s, strlen(s) + 1);
}

static void put_sig(StrBuf *b, const char *s)
{
        strbuf_putc(b, (char) strlen(s));
        strbuf_putn(b, s, strlen(s) + 1);
}

static void put_field(StrBuf *b, uint8_t code, char type, const char *s)
{
        char sig[2] = {type, 0};
        pad(b, 8);
        strbuf_putc(b, (char) code);
        put_sig(b, sig);
        if (type == 'g')
                put_sig(b, s);
        else
                put_str(b, s);
}

/* Sends a method call to the bus driver with body signature sig ("", "s", "su"). */
static int bus_call(SbxBus *b, const char *member, const char *sig, const char *s, uint32_t u,
                    int timeout_ms, uint32_t *ret_serial)
{
        StrBuf body = STRBUF_INIT, m = STRBUF_INIT;
        int r;

        if (sig[0] == 's')
                put_str(&body, s);
        if (sig[0] && sig[1] == 'u')
                put_u32(&body, u);
        b->serial++;
        strbuf_putn(&m, "l\1\0\1", 4);
        put_u32(&m, (uint32_t) body.len);
        put_u32(&m, b->serial);
        put_u32(&m, 0); /* fields length, patched below */
        put_field(&m, FIELD_PATH, 'o', BUS_PATH);
        put_field(&m, FIELD_INTERFACE, 's', BUS_NAME);
        put_field(&m, FIELD_MEMBER, 's', member);
        put_field(&m, FIELD_DESTINATION, 's', BUS_NAME);
        if (sig[0])
                put_field(&m, FIELD_SIGNATURE, 'g', sig);
        uint32_t flen = (uint32_t) (m.len - 16);
        pad(&m, 8);
        if (body.len)
                strbuf_putn(&m, body.s, body.len);
        if (m.oom || body.oom) {
                strbuf_done(&m);
                strbuf_done(&body);
                return -ENOMEM;
        }
        memcpy(m.s + 12, &(uint32_t){htole32(flen)}, 4);
        r = write_all(b->fd, m.s, m.len, timeout_ms);
        strbuf_done(&m);
        strbuf_done(&body);
        if (r >= 0 && ret_serial)
                *ret_serial = b->serial;
        return r;
}

/* ---- parsing ---- */

static uint32_t rd32(const uint8_t *p, bool be)
{
        return be ? (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3]
                  : (uint32_t) p[3] << 24 | (uint32_t) p[2] << 16 | (uint32_t) p[1] << 8 | p[0];
}

static size_t align_up(size_t v, size_t a)
{
        return (v + a - 1) / a * a;
}

/* A string of type 's'/'o' (u32 length) or 'g' (byte length) at *off, NUL-checked. */
static const char *rd_str(const uint8_t *m, size_t end, size_t *off, char type, bool be)
{
        size_t len, o = *off;
        if (type == 'g') {
                if (o + 1 > end)
                        return NULL;
                len = m[o++];
        } else {
                o = align_up(o, 4);
                if (o + 4 > end)
                        return NULL;
                len = rd32(m + o, be);
                o += 4;
        }
        if (len > end || o + len + 1 > end || m[o + len] != 0 || memchr(m + o, 0, len))
                return NULL;
        *off = o + len + 1;
        return (const char *) m + o;
}

/* The fixed header of the message at m[0..n): 1 and its extent when it is complete, 0 when more
 * bytes are needed, -EBADMSG/-EMSGSIZE when it can never be valid. */
static int frame_msg(const uint8_t *m, size_t n, size_t *ret_total, size_t *ret_fields_end,
                     size_t *ret_body_start)
{
        if (n < 16)
                return 0;
        if ((m[0] != 'l' && m[0] != 'B') || m[3] != 1)
                return -EBADMSG;
        bool be = m[0] == 'B';
        size_t body = rd32(m + 4, be), flen = rd32(m + 12, be);
        if (body > SBX_BUS_MESSAGE_MAX || flen > SBX_BUS_MESSAGE_MAX)
                return -EMSGSIZE;
        size_t fields_end = 16 + flen, body_start = align_up(fields_end, 8);
        size_t total = body_start + body;
        if (total > SBX_BUS_MESSAGE_MAX)
                return -EMSGSIZE;
        if (n < total)
                return 0;
        *ret_total = total;
        *ret_fields_end = fields_end;
        *ret_body_start = body_start;
        return 1;
}

static int parse_msg(const uint8_t *m, size_t total, size_t fields_end, size_t body_start,
                     BusMsg *msg)
{
        bool be = m[0] == 'B';
        size_t off = 16;

        *msg = (BusMsg){.type = m[1]};
        while (off < fields_end) {
                off = align_up(off, 8);
                if (off + 2 > fields_end)
                        return -EBADMSG;
                uint8_t code = m[off++];
                const char *sig = rd_str(m, fields_end, &off, 'g', be);
                if (!sig || strlen(sig) != 1)
                        return -EBADMSG;
                if (sig[0] == 'u') {
                        off = align_up(off, 4);
                        if (off + 4 > fields_end)
                                return -EBADMSG;
                        if (code == FIELD_REPLY_SERIAL)
                                msg->reply_serial = rd32(m + off, be);
                        off += 4;
                        continue;
                }
                if (!strchr("sog", sig[0]))
                        return -EBADMSG; /* the header fields only use these */
                const char *v = rd_str(m, fields_end, &off, sig[0], be);
                if (!v)
                        return -EBADMSG;
                if (code == FIELD_MEMBER)
                        msg->member = v;
                else if (code == FIELD_INTERFACE)
                        msg->interface = v;
                else if (code == FIELD_ERROR_NAME)
                        msg->error = v;
                else if (code == FIELD_SIGNATURE)
                        msg->signature = v;
                else if (code == FIELD_SENDER)
                        msg->sender = v;
        }
        /* Body: leading strings, or one uint32. Alignment counts from the message start. */
        off = body_start;
        for (const char *s = msg->signature; s && *s && msg->n_args < ELEMENTSOF(msg->args); s++) {
                if (*s == 'u' && s == msg->signature) {
                        off = align_up(off, 4);
                        if (off + 4 > total)
                                return -EBADMSG;
                        msg->u32 = rd32(m + off, be);
                        break;
                }
                if (*s != 's')
                        break;
                const char *v = rd_str(m, total, &off, 's', be);
                if (!v)
                        return -EBADMSG;
                msg->args[msg->n_args++] = v;
        }
        return 0;
}

static void handle(SbxBus *b, const BusMsg *msg)
{
        if (!b->watched)
                return;
        if (msg->type == MSG_SIGNAL && msg->member && streq(msg->member, "NameOwnerChanged") &&
            msg->sender && streq(msg->sender, BUS_NAME) && msg->n_args == 3 &&
            streq(msg->args[0], b->watched))
                b->owned = !isempty(msg->args[2]);
        if (b->owner_serial && msg->reply_serial == b->owner_serial) {
                b->owner_serial = 0;
                if (msg->type == MSG_RETURN && msg->n_args >= 1 && !isempty(msg->args[0]))
                        b->owned = true;
        }
}

int sbx_bus_parse_message(const uint8_t *m, size_t n, const char *watched, size_t *ret_consumed,
                          bool *ret_owned)
{
        size_t total, fields_end, body_start;
        BusMsg msg;
        int r = frame_msg(m, n, &total, &fields_end, &body_start);
        if (r <= 0)
                return r;
        r = parse_msg(m, total, fields_end, body_start, &msg);
        if (r < 0)
                return r;
        /* what pump() does with it, on a bus that watches `watched` with GetNameOwner serial 1 */
        SbxBus b = {.fd = -1, .watched = (char *) watched, .owner_serial = 1};
        handle(&b, &msg);
        *ret_consumed = total;
        if (ret_owned)
                *ret_owned = b.owned;
        return 1;
}

/* Reads what is available. When want_serial is set, stops at its reply and copies it (strings
 * duplicated into *ret_keep). Returns 1 when that reply came, 0 otherwise, -errno. */
static int pump(SbxBus *b, uint32_t want_serial, BusMsg *ret_reply, char **ret_keep)
{
        for (;;) {
                /* Parse whole messages already buffered. */
                while (b->n_in >= 16) {
                        const uint8_t *m = b->in;
                        size_t total, fields_end, body_start;
                        int r = frame_msg(m, b->n_in, &total, &fields_end, &body_start);
                        if (r < 0)
                                return r;
                        if (r == 0)
                                break;
                        BusMsg msg;
                        r = parse_msg(m, total, fields_end, body_start, &msg);
                        if (r < 0)
                                return r;
                        handle(b, &msg);
                        bool done = want_serial && msg.reply_serial == want_serial &&
                                    (msg.type == MSG_RETURN || msg.type == MSG_ERROR);
                        if (done) {
                                *ret_keep = malloc(total);
                                if (!*ret_keep)
                                        return -ENOMEM;
                                memcpy(*ret_keep, m, total);
                                /* re-parse on the copy so the strings stay valid */
                                r = parse_msg((uint8_t *) *ret_keep, total, fields_end, body_start,
                                              ret_reply);
                        }
                        memmove(b->in, b->in + total, b->n_in - total);
                        b->n_in -= total;
                        if (done)
                                return r < 0 ? r : 1;
                }
                if (b->n_in >= SBX_BUS_MESSAGE_MAX)
                        return -EMSGSIZE;
                uint8_t buf[65536];
                ssize_t k = recv(b->fd, buf, sizeof(buf), MSG_DONTWAIT);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0 && errno == EAGAIN)
                        return 0;
                if (k < 0)
                        return -errno;
                if (k == 0)
                        return -ECONNRESET;
                uint8_t *n = realloc(b->in, b->n_in + (size_t) k);
                if (!n)
                        return -ENOMEM;
                b->in = n;
                memcpy(b->in + b->n_in, buf, (size_t) k);
                b->n_in += (size_t) k;
        }
}

/* A method call and its reply. Error replies give -EREMOTEIO, or -ENXIO for NameHasNoOwner. */
static int call_sync(SbxBus *b, const char *member, const char *sig, const char *s, uint32_t u,
                     int timeout_ms, BusMsg *ret, char **ret_keep)
{
        uint32_t serial;
        int r = bus_call(b, member, sig, s, u, timeout_ms, &serial);
        if (r < 0)
                return r;
        for (;;) {
                r = pump(b, serial, ret, ret_keep);
                if (r < 0)
                        return r;
                if (r > 0)
                        break;
                r = wait_fd(b->fd, POLLIN, timeout_ms);
                if (r < 0)
                        return r;
        }
        if (ret->type == MSG_ERROR)
                return ret->error && streq(ret->error, BUS_NAME ".Error.NameHasNoOwner")
                               ? -ENXIO
                               : -EREMOTEIO;
        return 0;
}

int sbx_bus_open(const char *address, int timeout_ms, SbxBus **ret)
{
        _cleanup_(sbx_bus_freep) SbxBus *b = calloc(1, sizeof(SbxBus));
        int r = -EINVAL;

        if (!b)
                return -ENOMEM;
        b->fd = -1;
        /* the first address we can connect to */
        for (const char *p = address; p && *p;) {
                size_t n = strcspn(p, ";");
                _cleanup_free_ char *one = strndup(p, n);
                if (!one)
                        return -ENOMEM;
                r = connect_one(one, &b->fd);
                if (r >= 0)
                        break;
                p += n + (p[n] == ';');
        }
        if (r < 0)
                return r;
        r = authenticate(b->fd, timeout_ms);
        if (r < 0)
                return r;
        BusMsg reply;
        _cleanup_free_ char *keep = NULL;
        r = call_sync(b, "Hello", "", NULL, 0, timeout_ms, &reply, &keep);
        if (r < 0)
                return r;
        if (reply.n_args < 1)
                return -EBADMSG;
        b->unique_name = strdup(reply.args[0]);
        if (!b->unique_name)
                return -ENOMEM;
        *ret = TAKE_PTR(b);
        return 0;
}

SbxBus *sbx_bus_free(SbxBus *b)
{
        if (!b)
                return NULL;
        if (b->fd >= 0)
                close(b->fd);
        free(b->unique_name);
        free(b->watched);
        free(b->in);
        free(b);
        return NULL;
}

int sbx_bus_fd(const SbxBus *b)
{
        return b->fd;
}

const char *sbx_bus_unique_name(const SbxBus *b)
{
        return b->unique_name;
}

/* D-Bus well-known names: 1–255 bytes of [A-Za-z0-9_-] elements separated by '.', at least two
 * elements, none starting with a digit. */
static bool bus_name_valid(const char *n)
{
        size_t len = strlen(n), elems = 1;
        if (len == 0 || len > NAME_MAX_ || n[0] == '.' || n[0] == ':')
                return false;
        for (size_t i = 0; i < len; i++) {
                char c = n[i];
                if (c == '.') {
                        if (n[i + 1] == '.' || n[i + 1] == 0 ||
                            (n[i + 1] >= '0' && n[i + 1] <= '9'))
                                return false;
                        elems++;
                } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                             (c >= '0' && c <= '9') || c == '_' || c == '-'))
                        return false;
        }
        return elems >= 2 && !(n[0] >= '0' && n[0] <= '9');
}

int sbx_bus_watch_name(SbxBus *b, const char *name)
{
        BusMsg reply;
        _cleanup_free_ char *keep = NULL, *rule = NULL;
        int r;

        if (!bus_name_valid(name))
                return -EINVAL;
        free(b->watched);
        b->watched = strdup(name);
        rule = strjoin("type='signal',sender='" BUS_NAME "',path='" BUS_PATH
                       "',interface='" BUS_NAME "',member='NameOwnerChanged',arg0='",
                       name, "'");
        if (!b->watched || !rule)
                return -ENOMEM;
        r = call_sync(b, "AddMatch", "s", rule, 0, 25000, &reply, &keep);
        if (r < 0)
                return r;
        return sbx_bus_poll_owner(b);
}

int sbx_bus_poll_owner(SbxBus *b)
{
        if (!b->watched)
                return -EINVAL;
        if (b->owner_serial)
                return 0; /* one query at a time */
        return bus_call(b, "GetNameOwner", "s", b->watched, 0, 25000, &b->owner_serial);
}

int sbx_bus_process(SbxBus *b)
{
        int r = pump(b, 0, NULL, NULL);
        if (r < 0)
                return r;
        return b->owned;
}

int sbx_bus_request_name(SbxBus *b, const char *name, int timeout_ms)
{
        BusMsg reply;
        _cleanup_free_ char *keep = NULL;

        if (!bus_name_valid(name))
                return -EINVAL;
        int r = call_sync(b, "RequestName", "su", name, 4 /* DO_NOT_QUEUE */, timeout_ms, &reply,
                          &keep);
        if (r < 0)
                return r;
        return reply.u32 == 1; /* PRIMARY_OWNER */
}

int sbx_dbus_fd(const SbxService *svc)
{
        return svc->bus ? svc->bus->fd : -1;
}

/* Whether pid runs (not gone, not a zombie): a name dropped by a dying process is its exit. */
static bool process_running(pid_t pid)
{
        char path[64], buf[512];
        FILE *f;
        size_t n;

        if (pid <= 0)
                return false;
        snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
        f = fopen(path, "re");
        if (!f)
                return false;
        n = fread(buf, 1, sizeof(buf) - 1, f);
        fclose(f);
        buf[n] = 0;
        const char *e = strrchr(buf, ')');
        return e && e[1] == ' ' && e[2] && !strchr("ZXx", e[2]);
}

int sbx_dbus_drain(SbxService *svc)
{
        int64_t now = sbx_now_ms();
        bool was = svc->bus_name_owned;
        int r;

        if (!svc->bus)
                return 0;
        if (svc->bus_polled == 0) {
                /* A new run (start_phase_begin() cleared svc): ask afresh rather than trust
                 * what the previous run's owner left behind. */
                svc->bus->owned = false;
                svc->bus_polled = now;
                r = sbx_bus_poll_owner(svc->bus);
                if (r < 0)
                        return r;
        }
        r = sbx_bus_process(svc->bus);
        if (r < 0)
                return r;
        svc->bus_name_owned = r > 0;
        if (was && !svc->bus_name_owned && process_running(svc->main_pid))
                /* systemd 252 (service_enter_running()): a Type=dbus service that gives up its
                 * name is stopped. */
                sbx_stop_requested = 1;
        if (!svc->bus_name_owned && now - svc->bus_polled >= 1000) {
                /* The polling fallback, should a signal not reach us. */
                svc->bus_polled = now;
                r = sbx_bus_poll_owner(svc->bus);
                if (r < 0)
                        return r;
        }
        return 0;
}
