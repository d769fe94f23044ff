/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "parsers.h"

DECLARE_PARSER(config_parse_exec)
{
        return 0;
}

DECLARE_PARSER(config_parse_environ)
{
        return 0;
}

DECLARE_PARSER(config_parse_environ_file)
{
        return 0;
}

DECLARE_PARSER(config_parse_pass_environ)
{
        return 0;
}

DECLARE_PARSER(config_parse_unset_environ)
{
        return 0;
}

DECLARE_PARSER(config_parse_load_credential)
{
        return 0;
}

DECLARE_PARSER(config_parse_set_credential)
{
        return 0;
}

DECLARE_PARSER(config_parse_import_credential)
{
        return 0;
}
