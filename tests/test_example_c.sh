#!/bin/sh
# examples/c/classify.c (the README's example) builds against the library and answers right.
set -u
. "$(dirname "$0")/cli/lib.sh"
EX="$top_builddir/examples/c/classify"
expect_eq "example: prohibited to US" "$("$EX" "$MINIMAL" "高纯金属镓锭 99.99%" US 2026-12-01)" prohibited
expect_eq "example: licence elsewhere" "$("$EX" "$MINIMAL" "高纯金属镓锭 99.99%" JP 2026-12-01)" license_required
expect_eq "example: clear" "$("$EX" "$MINIMAL" "cotton shirts")" clear
out=$("$EX" "$top_srcdir/tests/data" "x"); expect_match "example: load error printed" "$out" 'error: '
finish
