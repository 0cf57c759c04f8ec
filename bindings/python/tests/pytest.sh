#!/bin/sh
# make check's driver for one pytest file: runs it with the Python configure
# found, against the package assembled in the build tree (inplace/), the
# in-tree libmineralctl and the source tree's bundle. Ends with
# "N passed, N failed" (tests/conftest.py). Exit 77 (skip) without pytest.
set -u
: "${PYTHON:?}" "${top_srcdir:?}" "${top_builddir:?}" "${builddir:?}"
test_file=$1

if ! "$PYTHON" -c 'import pytest' 2>/dev/null; then
	echo "SKIP: pytest is not installed for $PYTHON (apt-get install python3-pytest)"
	exit 77
fi

# Under the sanitizers: the interpreter is not instrumented, so ASan's
# runtime must be loaded first (LD_PRELOAD). CPython does not free everything
# at exit: leaks whose allocating call is the interpreter's own are suppressed
# (lsan-python.supp; malloc_context_size=2 keeps each leak's stack to malloc and
# its caller, so anything libmineralctl, its libraries or the wrapper leak is
# still reported). ThreadSanitizer cannot run an uninstrumented interpreter.
case " ${SAN_CFLAGS:-} " in
*sanitize=thread*)
	echo "SKIP: the Python tests do not run under ThreadSanitizer"
	exit 77 ;;
*sanitize=address*)
	asan=$(${CC:-cc} -print-file-name=libasan.so)
	case $asan in /*) ;; *) echo "SKIP: cannot find libasan.so for LD_PRELOAD"; exit 77 ;; esac
	LD_PRELOAD="$asan${LD_PRELOAD:+ $LD_PRELOAD}"
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}malloc_context_size=2"
	LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$srcdir/tests/lsan-python.supp:print_suppressions=0"
	MINERALCTL_SANITIZERS=address
	export LD_PRELOAD ASAN_OPTIONS LSAN_OPTIONS MINERALCTL_SANITIZERS ;;
esac

PYTHONPATH="$builddir/inplace${PYTHONPATH:+:$PYTHONPATH}"
LD_LIBRARY_PATH="$top_builddir/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
MINERALCTL_POLICY="$top_srcdir/policies/cn"
MINERALCTL_CLI="$top_builddir/tools/mineralctl/mineralctl"
# Nothing is written into the (possibly read-only) source tree.
PYTHONDONTWRITEBYTECODE=1
export PYTHONPATH LD_LIBRARY_PATH MINERALCTL_POLICY MINERALCTL_CLI PYTHONDONTWRITEBYTECODE
exec "$PYTHON" -m pytest -q -p no:cacheprovider -o console_output_style=classic "$test_file"
