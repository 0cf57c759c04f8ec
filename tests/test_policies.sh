#!/bin/sh
# The shipped bundle's own tests (policies/cn/tests/*.yaml) pass.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
unset MINERALCTL_POLICY
exec "$top_builddir/tools/mineralctl/mineralctl" test "$top_srcdir/policies/cn"
