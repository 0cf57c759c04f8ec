#!/bin/sh
# The README's two set-up commands, for a fresh Debian 12 machine:
#   sh tools/bootstrap.sh demo    install what is missing, build, screen the example declarations
#   sh tools/bootstrap.sh check   install what is missing, build, run the whole test suite
# Packages come from Debian only (apt-get, as root or through sudo).
set -eu
cd "$(dirname "$0")/.."
mode=${1:-}
case "$mode" in demo|check) ;; *) echo "usage: sh tools/bootstrap.sh demo|check" >&2; exit 2 ;; esac

PKGS="build-essential autoconf automake libtool pkg-config libyaml-dev libicu-dev libjansson-dev libcriterion-dev"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "== installing:$missing"
	if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; else
		echo "need root (or sudo) to install:$missing" >&2; exit 1; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
build() { # DIR CONFIGURE-ARGS...
	dir=$1; shift
	mkdir -p "$dir"
	(cd "$dir" && ../configure -q --enable-werror "$@" && make -s -j"$jobs")
}
[ -x configure ] || autoreconf -fi >/dev/null 2>&1 || autoreconf -fi

if [ "$mode" = demo ]; then
	build _build
	echo "== mineralctl screen examples/declarations.jsonl (policy: policies/cn)"
	_build/tools/mineralctl/mineralctl screen --format table examples/declarations.jsonl
	exit 0
fi

# check: the whole suite, then again with ASan + UBSan, then the distribution tarball.
passed=0; failed=0
tally() { # DIR: add the automake test-suite counts of DIR
	p=$(sed -n 's/^# PASS: *//p' "$1/test-suite.log" | head -1)
	f=$(sed -n 's/^# FAIL: *//p' "$1/test-suite.log" | head -1)
	e=$(sed -n 's/^# ERROR: *//p' "$1/test-suite.log" | head -1)
	passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
}
status=0
echo "== build and make check"
build _build
(cd _build && make -s -j"$jobs" check) || status=1
tally _build
echo "== make check with --enable-sanitizers (ASan + UBSan)"
build _build_asan --enable-sanitizers
(cd _build_asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	make -s -j"$jobs" check) || status=1
tally _build_asan
# Criterion runs each test in a child process whose leak report does not change its exit
# status: read the logs for sanitizer reports instead.
san=$(grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' $(find _build_asan/tests _build_asan/examples -name '*.log' 2>/dev/null) /dev/null 2>/dev/null || true)
if [ -n "$san" ]; then
	echo "sanitizer reports in: $san"; failed=$((failed + 1)); status=1
	for f in $san; do echo "---- $f"; grep -E -A20 'Sanitizer|runtime error' "$f" | head -60; done
fi
echo "== make distcheck"
if (cd _build && make -s distcheck >distcheck.log 2>&1); then
	passed=$((passed + 1)); echo "distcheck: OK"
else
	failed=$((failed + 1)); status=1; tail -40 _build/distcheck.log
fi
[ $status = 0 ] || for d in _build _build_asan; do
	for f in $(grep -l -E '^(FAIL|ERROR)' "$d"/tests/*.log "$d"/tests/*/*.log "$d"/tests/*/*/*.log 2>/dev/null); do
		echo "---- $f"; tail -60 "$f"; done; done
echo "suite: $passed passed, $failed failed"
exit $status
