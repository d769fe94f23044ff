/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `cordon show`: systemctl show's spelling, filters, origins, JSON, and every data unit. */
#include <dirent.h>
#include <sys/stat.h>

#include "config-parse-internal.h"
#include "show-internal.h"
#include "show.h"
#include "string-util.h"
#include "strv.h"
#include "tests.h"

/* Loads text as /u/t.service and formats it with o; returns the output (caller frees). */
static char *show_text_version(const char *text, const ShowOptions *o, unsigned version)
{
        _cleanup_unit_free_ Unit *u = NULL;
        DiagList diags = {};
        StrBuf out = STRBUF_INIT;
        UnitLoadOptions lo = {.systemd_version = version};

        if (unit_load_buffer("t.service", "/u/t.service", text, strlen(text), &lo, &u, &diags) < 0)
                return NULL;
        diag_list_done(&diags);
        if (unit_show(u, o, &out) < 0) {
                strbuf_done(&out);
                return NULL;
        }
        return strbuf_steal(&out);
}

static char *show_text(const char *text, const ShowOptions *o)
{
        return show_text_version(text, o, 0);
}

/* Whether out has the exact line. */
static bool has_line(const char *out, const char *line)
{
        size_t n = strlen(line);
        for (const char *p = out; p && *p;) {
                const char *e = strchr(p, '\n');
                size_t l = e ? (size_t) (e - p) : strlen(p);
                if (l == n && strneq(p, line, n))
                        return true;
                p = e ? e + 1 : NULL;
        }
        return false;
}

static size_t count_lines(const char *out)
{
        size_t n = 0;
        for (const char *p = out; *p; p++)
                n += *p == '\n';
        return n;
}

#define ASSERT_LINE(out, line)                                                                     \
        do {                                                                                       \
                if (!has_line(out, line)) {                                                        \
                        test_fail(__FILE__, __LINE__, "missing line \"%s\" in:\n%s", line, out);   \
                        return;                                                                    \
                }                                                                                  \
        } while (0)
#define ASSERT_NO_LINE(out, line) ASSERT_FALSE(has_line(out, line))

static const char unit_text[] = "[Unit]\n"
                                "Description=Test unit\n"
                                "BindTo=a.service\n"
                                "After=b.target c.target\n"
                                "[Service]\n"
                                "ExecStart=-/usr/bin/foo -c x\n"
                                "ProtectSystem=strict\n"
                                "ProtectHome=read-only\n"
                                "UMask=0027\n"
                                "TimeoutStartSec=2min 5s\n"
                                "LimitNOFILE=4096:8192\n"
                                "CapabilityBoundingSet=CAP_KILL CAP_CHOWN\n"
                                "SystemCallFilter=write read\n"
                                "ReadWriteDirectories=/var/lib/t\n"
                                "StartLimitBurst=9\n"
                                "Environment=A=1 \"B=two words\"\n"
                                "KillSignal=SIGINT\n"
                                "[Install]\n"
                                "WantedBy=multi-user.target\n";

TEST(text_default)
{
        _cleanup_free_ char *out = show_text(unit_text, NULL);
        ASSERT_NOT_NULL(out);
        ASSERT_TRUE(startswith(out, "Id=t.service\n"));
        ASSERT_LINE(out, "Description=Test unit");
        ASSERT_LINE(out, "BindsTo=a.service"); /* the alias lands in its canonical property */
        ASSERT_NO_LINE(out, "BindTo=a.service");
        ASSERT_LINE(out, "After=b.target c.target");
        ASSERT_LINE(out, "ExecStart={ path=/usr/bin/foo ; argv[]=/usr/bin/foo -c x ; "
                         "ignore_errors=yes ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; "
                         "code=(null) ; status=0/0 }");
        ASSERT_LINE(out, "ProtectSystem=strict");
        ASSERT_LINE(out, "ProtectHome=read-only");
        ASSERT_LINE(out, "UMask=0027");
        ASSERT_LINE(out, "TimeoutStartUSec=2min 5s");
        ASSERT_LINE(out, "LimitNOFILE=8192");
        ASSERT_LINE(out, "LimitNOFILESoft=4096");
        ASSERT_LINE(out, "CapabilityBoundingSet=cap_chown cap_kill");
        /* An allow list starts from @default (systemd adds it implicitly). */
        ASSERT_TRUE(strstr(out, "\nSystemCallFilter=arch_prctl brk ") != NULL);
        ASSERT_TRUE(strstr(out, " read restart_syscall ") != NULL);
        ASSERT_TRUE(strstr(out, " time write\n") != NULL);
        ASSERT_LINE(out, "ReadWritePaths=/var/lib/t");
        ASSERT_LINE(out, "StartLimitBurst=9"); /* [Service] StartLimitBurst= moved to [Unit] */
        ASSERT_LINE(out, "Environment=A=1 \"B=two words\"");
        ASSERT_LINE(out, "KillSignal=2");
        ASSERT_LINE(out, "WantedBy=multi-user.target");
        /* Nothing unset without --all. */
        ASSERT_NO_LINE(out, "TimeoutStopUSec=1min 30s");
        ASSERT_NO_LINE(out, "PrivateTmp=no");
        ASSERT_LINE(out, "Type=simple"); /* implied: there is an ExecStart= */
        ASSERT_LINE(out, "ExecStartEx={ path=/usr/bin/foo ; argv[]=/usr/bin/foo -c x ; "
                         "flags=ignore-failure ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; "
                         "code=(null) ; status=0/0 }");
        ASSERT_LINE(out, "FragmentPath=/u/t.service");
        ASSERT_EQ(count_lines(out), 21);
}

TEST(all_shows_defaults)
{
        ShowOptions o = {.all = true};
        _cleanup_free_ char *out = show_text("[Service]\nExecStart=/bin/true\n", &o);
        ASSERT_NOT_NULL(out);
        ASSERT_LINE(out, "UMask=0022");
        ASSERT_LINE(out, "TimeoutStartUSec=1min 30s");
        ASSERT_LINE(out, "TimeoutStopUSec=1min 30s");
        ASSERT_LINE(out, "TimeoutAbortUSec=1min 30s");
        ASSERT_LINE(out, "RestartUSec=100ms");
        ASSERT_LINE(out, "RuntimeMaxUSec=infinity");
        ASSERT_LINE(out, "StartLimitIntervalUSec=10s");
        ASSERT_LINE(out, "StartLimitBurst=5");
        ASSERT_FALSE(has_line(out, "PrivateTmp=yes"));
        ASSERT_FALSE(has_line(out, "PrivateTmpEx=disconnected"));
        ASSERT_LINE(out, "ProtectSystem=no");
        ASSERT_LINE(out, "KeyringMode=private");
        ASSERT_LINE(out, "NotifyAccess=none");
        ASSERT_LINE(out, "KillMode=control-group");
        ASSERT_LINE(out, "KillSignal=15");
        ASSERT_LINE(out, "RestartKillSignal=15");
        ASSERT_LINE(out, "FinalKillSignal=9");
        ASSERT_LINE(out, "SendSIGKILL=yes");
        ASSERT_LINE(out, "IgnoreSIGPIPE=yes");
        ASSERT_LINE(out, "DefaultDependencies=yes");
        ASSERT_LINE(out, "StandardInput=null");
        ASSERT_LINE(out, "StandardOutput=journal");
        ASSERT_LINE(out, "StandardError=inherit");
        ASSERT_LINE(out, "LimitNOFILE=524288");
        ASSERT_LINE(out, "LimitNOFILESoft=1024");
        ASSERT_LINE(out, "RestrictNamespaces=no");
        ASSERT_LINE(out, "SystemCallErrorNumber=2147483646");
        ASSERT_LINE(out, "MemoryMax=infinity");
        ASSERT_LINE(out, "MemoryLow=0");
        ASSERT_LINE(out, "CPUWeight=[not set]");
        ASSERT_LINE(out, "CPUQuotaPerSecUSec=infinity");
        ASSERT_LINE(out, "IOSchedulingClass=2");
        ASSERT_LINE(out, "IOSchedulingPriority=4");
        ASSERT_LINE(out, "MountFlags=");
        ASSERT_LINE(out, "StateDirectoryMode=0755");
        ASSERT_LINE(out, "Slice=system.slice");
        ASSERT_LINE(out, "CollectMode=inactive");
        ASSERT_LINE(out, "SyslogLevel=6");
        ASSERT_TRUE(strstr(out, "\nCapabilityBoundingSet=cap_chown cap_dac_override ") != NULL);
        /* Ignored legacy names and TimeoutSec= have no property of their own. */
        ASSERT_NULL(strstr(out, "\nSysVStartPriority="));
        ASSERT_NULL(strstr(out, "\nTimeoutSec="));
        ASSERT_NULL(strstr(out, "\nBindTo="));
        ASSERT_NULL(strstr(out, "\nReadWriteDirectories="));
}

TEST(property_filter)
{
        char *const props[] = {(char *) "ProtectHome", (char *) "PrivateTmp", NULL};
        ShowOptions o = {.properties = props};
        _cleanup_free_ char *out = show_text(unit_text, &o);
        ASSERT_NOT_NULL(out);
        /* Named properties are printed even when unset; nothing else, not even Id=. */
        ASSERT_STREQ(out, "PrivateTmp=no\nProtectHome=read-only\n");
}

TEST(origins)
{
        static const char text[] = "[Service]\n"
                                   "ExecStart=/bin/true\n"
                                   "DynamicUser=yes\n"
                                   "ProtectSystem=full\n";
        ShowOptions o = {.origin = true};
        _cleanup_free_ char *out = show_text(text, &o);
        ASSERT_NOT_NULL(out);
        ASSERT_LINE(out, "DynamicUser=yes\t# /u/t.service:3");
        /* DynamicUser= forces ProtectSystem=strict over the explicit "full". */
        ASSERT_TRUE(strstr(out, "ProtectSystem=strict\t# ") != NULL);
        ASSERT_TRUE(strstr(out, "implied by DynamicUser= (/u/t.service:3)") != NULL);
        ASSERT_LINE(out, "RemoveIPC=yes\t# implied by DynamicUser= (/u/t.service:3)");
}

TEST(json)
{
        ShowOptions o = {.json = true, .origin = true};
        _cleanup_free_ char *out =
                show_text("[Service]\nExecStart=/bin/true\nPrivateTmp=yes\nDynamicUser=yes\n", &o);
        ASSERT_NOT_NULL(out);
        ASSERT_TRUE(startswith(out, "{\"unit\":\"t.service\",\"properties\":[{\"name\":\"Id\","));
        ASSERT_TRUE(strstr(out, "{\"name\":\"PrivateTmp\",\"value\":\"yes\",\"origin\":[{"
                                "\"file\":\"/u/t.service\",\"line\":3}]}") != NULL);
        ASSERT_TRUE(strstr(out, "\"implied_by\":\"DynamicUser\"") != NULL);
        ASSERT_TRUE(endswith(out, "]}\n"));
        ASSERT_EQ(count_lines(out), 1);
}

TEST(formats)
{
        static const char text[] = "[Service]\n"
                                   "ExecStart=/bin/true\n"
                                   "SystemCallFilter=~@clock\n"
                                   "SystemCallFilter=~ptrace:EPERM\n"
                                   "RestrictAddressFamilies=AF_UNIX AF_INET\n"
                                   "RestrictNamespaces=net ipc\n"
                                   "SuccessExitStatus=SIGUSR1 75 0\n"
                                   "BindReadOnlyPaths=/a:/b -/c\n"
                                   "TemporaryFileSystem=/t:size=1M\n"
                                   "DeviceAllow=/dev/null rw\n"
                                   "DeviceAllow=/dev/zero r\n"
                                   "StateDirectory=s s/x:link\n"
                                   "WorkingDirectory=-/srv\n"
                                   "CoredumpFilter=0x21\n"
                                   "MemoryMax=1G\n"
                                   "CPUQuota=50%\n"
                                   "PrivateTmp=disconnected\n"
                                   "StandardOutput=append:/var/log/t.log\n"
                                   "LogLevelMax=notice\n"
                                   "SyslogFacility=local3\n";
        _cleanup_free_ char *out = show_text(text, NULL);
        ASSERT_NOT_NULL(out);
        /* Sorted, native names only (no clock_settime64 on x86-64), errno kept. */
        ASSERT_LINE(out, "SystemCallFilter=~adjtimex clock_adjtime clock_settime ptrace:EPERM "
                         "settimeofday");
        ASSERT_LINE(out, "RestrictAddressFamilies=AF_INET AF_UNIX");
        ASSERT_LINE(out, "RestrictNamespaces=ipc net");
        ASSERT_LINE(out, "SuccessExitStatus=0 75 SIGUSR1");
        ASSERT_LINE(out, "BindReadOnlyPaths=/a:/b:rbind -/c:/c:rbind");
        ASSERT_LINE(out, "TemporaryFileSystem=/t:size=1M");
        ASSERT_LINE(out, "DeviceAllow=/dev/null rw");
        ASSERT_LINE(out, "DeviceAllow=/dev/zero r");
        ASSERT_LINE(out, "StateDirectory=s s/x");
        ASSERT_LINE(out, "StateDirectorySymlink=s/x:link");
        ASSERT_LINE(out, "WorkingDirectory=!/srv");
        ASSERT_LINE(out, "CoredumpFilter=0x21");
        ASSERT_LINE(out, "MemoryMax=1073741824");
        ASSERT_LINE(out, "CPUQuotaPerSecUSec=500ms");
        /* PrivateTmp=disconnected is systemd 257's: 252 ignores the line, 257 shows it as the
         * extended property next to the boolean one. */
        ASSERT_FALSE(has_line(out, "PrivateTmp=yes"));
        ASSERT_FALSE(has_line(out, "PrivateTmpEx=disconnected"));
        _cleanup_free_ char *out257 = show_text_version(text, NULL, 257);
        ASSERT_NOT_NULL(out257);
        ASSERT_LINE(out257, "PrivateTmp=yes");
        ASSERT_LINE(out257, "PrivateTmpEx=disconnected");
        ASSERT_LINE(out, "StandardOutput=append");
        ASSERT_LINE(out, "StandardOutputFile=/var/log/t.log");
        ASSERT_LINE(out, "LogLevelMax=5");
        ASSERT_LINE(out, "SyslogFacility=19");
}

TEST(deterministic)
{
        ShowOptions o = {.all = true, .origin = true};
        _cleanup_free_ char *a = show_text(unit_text, &o);
        _cleanup_free_ char *b = show_text(unit_text, &o);
        ASSERT_NOT_NULL(a);
        ASSERT_NOT_NULL(b);
        ASSERT_STREQ(a, b);
}

/* Every typed row has a show formatter (else it would fall back to an empty raw value). */
TEST(every_typed_row_shows)
{
        size_t n;
        const Directive *t = directive_table(&n);
        for (size_t i = 0; i < n; i++)
                if (t[i].parse == config_parse_typed && !show_typed_knows(t[i].name) &&
                    !streq(t[i].name, "TimeoutSec") && directive_canonical(&t[i]) == &t[i]) {
                        test_fail(__FILE__, __LINE__, "%s has no show formatter", t[i].name);
                        return;
                }
}

static void show_tree(const char *dir, unsigned *n, unsigned *bad, char *first_bad, size_t fbsz)
{
        DIR *d = opendir(dir);
        struct dirent *de;

        if (!d)
                return;
        while ((de = readdir(d))) {
                char p[2048];
                struct stat st;

                if (de->d_name[0] == '.' || streq(de->d_name, "_reference"))
                        continue;
                snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
                if (lstat(p, &st) < 0)
                        continue;
                if (S_ISDIR(st.st_mode) && !endswith(de->d_name, ".d"))
                        show_tree(p, n, bad, first_bad, fbsz);
                else if (S_ISREG(st.st_mode) && endswith(de->d_name, ".service")) {
                        UnitLoadOptions lo = {.hostname = "h"};
                        ShowOptions so[] = {{0}, {.all = true, .origin = true}, {.json = true}};
                        DiagList diags = {};
                        Unit *u = NULL;
                        int r = unit_load(p, &lo, &u, &diags);

                        (*n)++;
                        for (size_t i = 0; u && i < ELEMENTSOF(so); i++) {
                                StrBuf out = STRBUF_INIT;
                                int k = unit_show(u, &so[i], &out);
                                if (k < 0 || out.oom ||
                                    !startswith(strbuf_str(&out), so[i].json ? "{" : "Id="))
                                        r = k < 0 ? k : -EBADMSG;
                                strbuf_done(&out);
                        }
                        if ((r < 0 && r != -ERFKILL) || (!u && r != -ERFKILL)) {
                                if (!*bad)
                                        snprintf(first_bad, fbsz, "%s: %s", p, strerror(-r));
                                (*bad)++;
                        }
                        unit_free(u);
                        diag_list_done(&diags);
                }
        }
        closedir(d);
}

TEST(show_every_data_unit)
{
        char dir[1024], first_bad[2300] = "";
        unsigned n = 0, bad = 0;

        snprintf(dir, sizeof(dir), "%s/units", test_data_dir());
        show_tree(dir, &n, &bad, first_bad, sizeof(first_bad));
        ASSERT_GT(n, 100);
        if (bad)
                test_fail(__FILE__, __LINE__, "%u of %u units failed, first: %s", bad, n,
                          first_bad);
}
