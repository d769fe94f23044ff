/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Value parsers referenced by the directive table (settings.c). Each has the DirectiveParser
 * signature: (Unit *u, const Directive *d, const Assignment *a, const char *value, DiagList *)
 * where value is the assignment's value after specifier expansion (for directives flagged
 * DIRECTIVE_SPECIFIERS). Invalid values add an "invalid-value" diagnostic naming the offending
 * word and return 0 (systemd ignores the line, or keeps the words before the bad one where it
 * does so: the message says which). */

#include "settings.h"

#define DECLARE_PARSER(name)                                                                       \
        int name(Unit *u, const Directive *d, const Assignment *a, const char *value,              \
                 DiagList *diags)

/* ---- generic (config-parse.c) ---- */
DECLARE_PARSER(config_parse_raw);       /* keeps the raw value (RawSetting), any syntax */
DECLARE_PARSER(config_parse_raw_list);  /* raw, accumulating, "" resets */
DECLARE_PARSER(config_parse_nop);       /* accepted, ignored (legacy directives) */
DECLARE_PARSER(config_parse_unit_bool); /* generic boolean into a raw value, validated */
DECLARE_PARSER(config_parse_unit_string);
DECLARE_PARSER(config_parse_unit_path);
DECLARE_PARSER(config_parse_unit_sec);
DECLARE_PARSER(config_parse_unit_unsigned);
DECLARE_PARSER(config_parse_unit_names);     /* UNIT [...] lists */
DECLARE_PARSER(config_parse_typed);          /* typed model fields, dispatched on d->name */
DECLARE_PARSER(config_parse_rlimit);         /* Limit*=, ltype = RLIMIT_* */
DECLARE_PARSER(config_parse_exec_directory); /* *Directory=, ltype = ExecDirectoryType */
DECLARE_PARSER(config_parse_exec_directory_mode);

/* ---- security and exec (parse-security.c, parse-exec.c) ---- */
DECLARE_PARSER(config_parse_syscall_filter);      /* SystemCallFilter=, SystemCallLog= */
DECLARE_PARSER(config_parse_syscall_errno);       /* SystemCallErrorNumber= */
DECLARE_PARSER(config_parse_syscall_archs);       /* SystemCallArchitectures= */
DECLARE_PARSER(config_parse_capability_set);      /* CapabilityBoundingSet=, AmbientCapabilities= */
DECLARE_PARSER(config_parse_address_families);    /* RestrictAddressFamilies= */
DECLARE_PARSER(config_parse_restrict_namespaces); /* RestrictNamespaces= */
DECLARE_PARSER(config_parse_restrict_filesystems);
DECLARE_PARSER(config_parse_secure_bits);
DECLARE_PARSER(config_parse_namespace_path_list); /* Read*Paths=, Inaccessible*, Exec*Paths */
DECLARE_PARSER(config_parse_bind_paths);          /* BindPaths=, BindReadOnlyPaths= */
DECLARE_PARSER(config_parse_temporary_filesystems);
DECLARE_PARSER(config_parse_exec);            /* ExecStart= and friends, ltype = ExecCommandType */
DECLARE_PARSER(config_parse_environ);         /* Environment= */
DECLARE_PARSER(config_parse_environ_file);    /* EnvironmentFile= */
DECLARE_PARSER(config_parse_pass_environ);    /* PassEnvironment= */
DECLARE_PARSER(config_parse_unset_environ);   /* UnsetEnvironment= */
DECLARE_PARSER(config_parse_load_credential); /* LoadCredential(Encrypted)= */
DECLARE_PARSER(config_parse_set_credential);  /* SetCredential(Encrypted)= */
DECLARE_PARSER(config_parse_import_credential); /* ImportCredential= */
DECLARE_PARSER(config_parse_device_allow);
DECLARE_PARSER(config_parse_ip_address_list); /* IPAddressAllow=, IPAddressDeny= */
DECLARE_PARSER(config_parse_user_group);      /* User=, Group= (validated like systemd) */
DECLARE_PARSER(config_parse_supplementary_groups);
DECLARE_PARSER(config_parse_personality);
