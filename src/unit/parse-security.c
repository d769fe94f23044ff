/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "parsers.h"

DECLARE_PARSER(config_parse_syscall_filter)
{
        return 0;
}

DECLARE_PARSER(config_parse_syscall_errno)
{
        return 0;
}

DECLARE_PARSER(config_parse_syscall_archs)
{
        return 0;
}

DECLARE_PARSER(config_parse_capability_set)
{
        return 0;
}

DECLARE_PARSER(config_parse_address_families)
{
        return 0;
}

DECLARE_PARSER(config_parse_restrict_namespaces)
{
        return 0;
}

DECLARE_PARSER(config_parse_restrict_filesystems)
{
        return 0;
}

DECLARE_PARSER(config_parse_secure_bits)
{
        return 0;
}

DECLARE_PARSER(config_parse_namespace_path_list)
{
        return 0;
}

DECLARE_PARSER(config_parse_bind_paths)
{
        return 0;
}

DECLARE_PARSER(config_parse_temporary_filesystems)
{
        return 0;
}

DECLARE_PARSER(config_parse_device_allow)
{
        return 0;
}

DECLARE_PARSER(config_parse_ip_address_list)
{
        return 0;
}

DECLARE_PARSER(config_parse_user_group)
{
        return 0;
}

DECLARE_PARSER(config_parse_supplementary_groups)
{
        return 0;
}

DECLARE_PARSER(config_parse_personality)
{
        return 0;
}
