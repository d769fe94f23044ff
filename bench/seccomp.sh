#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# ns per call for getppid/read/close under no filter, a one-rule arch check (the floor), cordon's
# complete seccomp stack for the third stage of the examples, and the same directives built the
# straightforward way with libseccomp. Usage: bench/seccomp.sh PATH/TO/cordon [UNIT]
set -eu
CORDON=${1:?usage: bench/seccomp.sh CORDON [UNIT]}
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$(cd "$(dirname "$CORDON")/../.." && pwd)
BENCH=$BUILD/tests/seccomp-bench
UNIT=${2:-$HERE/../examples/dness-3-sandboxed.service}
[ -f "$UNIT" ] || UNIT=/work/shared/examples/dness-3-sandboxed.service
if [ ! -x "$BENCH" ]; then
        echo "seccomp bench: $BENCH not built (ninja -C $BUILD tests/seccomp-bench)" >&2
        exit 1
fi
exec "$BENCH" "$UNIT" "${ITERATIONS:-50000}"
