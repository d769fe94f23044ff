/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "parsers.h"

DECLARE_PARSER(config_parse_raw)
{
        return 0;
}

DECLARE_PARSER(config_parse_raw_list)
{
        return 0;
}

DECLARE_PARSER(config_parse_nop)
{
        return 0;
}

DECLARE_PARSER(config_parse_unit_bool)
{
        return 0;
}

DECLARE_PARSER(config_parse_unit_string)
{
        return 0;
}

DECLARE_PARSER(config_parse_unit_path)
{
        return 0;
}

DECLARE_PARSER(config_parse_unit_sec)
{
        return 0;
}

DECLARE_PARSER(config_parse_unit_unsigned)
{
        return 0;
}

DECLARE_PARSER(config_parse_unit_names)
{
        return 0;
}

DECLARE_PARSER(config_parse_typed)
{
        return 0;
}

DECLARE_PARSER(config_parse_rlimit)
{
        return 0;
}

DECLARE_PARSER(config_parse_exec_directory)
{
        return 0;
}

DECLARE_PARSER(config_parse_exec_directory_mode)
{
        return 0;
}
