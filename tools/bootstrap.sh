#!/bin/sh
# The README's two set-up commands, for a fresh Debian 12 machine:
#   sh tools/bootstrap.sh demo    install what is missing, build, screen the example declarations
#   sh tools/bootstrap.sh check   install what is missing, build, run the whole test suite
# Packages come from Debian only (apt-get, as root or through sudo).
set -eu
cd "$(dirname "$0")/.."
mode=${1:-}
case "$mode" in demo|check) ;; *) echo "usage: sh tools/bootstrap.sh demo|check" >&2; exit 2 ;; esac

PKGS="build-essential autoconf automake libtool pkg-config libyaml-dev libicu-dev libjansson-dev nettle-dev libsodium-dev libxml2-dev libxml2-utils libcriterion-dev valgrind swig default-jdk-headless junit4"
# The Python binding and its tests and examples (Debian's python3, whatever else is on PATH).
PKGS="$PKGS python3-dev python3-pytest python3-yaml python3-pandas python3-dask python3-distributed"
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
	# --enable-java/--enable-python: fail rather than quietly leave a binding and its tests out.
	(cd "$dir" && ../configure -q --enable-werror --enable-java --enable-python "$@" && make -s -j"$jobs")
}
[ -x configure ] || autoreconf -fi >/dev/null 2>&1 || autoreconf -fi

if [ "$mode" = demo ]; then
	build _build
	echo "== mineralctl screen examples/declarations.jsonl (policy: policies/cn)"
	_build/tools/mineralctl/mineralctl screen --format table examples/declarations.jsonl
	exit 0
fi

# check: the whole suite, again with ASan + UBSan, under valgrind, then the distribution tarball.
passed=0; failed=0
tally() { # DIR: add up individual tests (Criterion cases, CLI checks) of DIR's test logs
	for trs in $(find "$1/tests" "$1/examples" "$1/bindings" -name '*.trs' 2>/dev/null); do
		log=${trs%.trs}.log
		syn=$(grep -a 'Synthesis: Tested:' "$log" 2>/dev/null | tail -1)
		line=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$log" 2>/dev/null | tail -1)
		if [ -n "$syn" ]; then
			p=$(echo "$syn" | sed 's/.*Passing: \([0-9]*\).*/\1/')
			f=$(echo "$syn" | sed 's/.*Failing: \([0-9]*\).*Crashing: \([0-9]*\).*/\1 + \2/')
			passed=$((passed + p)); failed=$((failed + $f))
		elif [ -n "$line" ]; then
			passed=$((passed + ${line%% passed*})); f=${line#*passed, }; failed=$((failed + ${f%% failed*}))
		elif grep -q ':test-result: PASS' "$trs"; then passed=$((passed + 1))
		elif grep -q ':test-result: SKIP' "$trs"; then :
		else failed=$((failed + 1)); fi
	done
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
san=$(grep -l -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' $(find _build_asan/tests _build_asan/examples _build_asan/bindings -name '*.log' 2>/dev/null) /dev/null 2>/dev/null || true)
if [ -n "$san" ]; then
	echo "sanitizer reports in: $san"; failed=$((failed + 1)); status=1
	for f in $san; do echo "---- $f"; grep -E -A20 'Sanitizer|runtime error' "$f" | head -60; done
fi
echo "== ThreadSanitizer: the hot-reload stress test, and screen -j N (tests/cli/test_screen.sh)"
mkdir -p _build_tsan
if (cd _build_tsan && ../configure -q --enable-werror --enable-sanitizers=thread \
	&& make -s -j"$jobs" tests/test_holder tools/mineralctl/mineralctl \
	&& TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 ./tests/test_holder > tsan.log 2>&1 \
	&& TSAN_OPTIONS=halt_on_error=1:exitcode=66 top_srcdir=.. top_builddir=. sh ../tests/cli/test_screen.sh \
		> tsan-screen.log 2>&1 && ! grep -q ThreadSanitizer tsan-screen.log); then
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' _build_tsan/tsan.log | tail -1)
	passed=$((passed + ${line%% passed*})); echo "tsan: $line"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' _build_tsan/tsan-screen.log | tail -1)
	passed=$((passed + ${line%% passed*})); echo "tsan screen: $line"
else
	failed=$((failed + 1)); status=1; tail -40 _build_tsan/tsan.log _build_tsan/tsan-screen.log 2>/dev/null
fi
echo "== make check-valgrind (memcheck over the unit tests and a real screen)"
if (cd _build && make -s check-valgrind > valgrind.log 2>&1); then :; else status=1; fi
line=$(grep -E '^valgrind: [0-9]+ passed' _build/valgrind.log | tail -1)
p=${line#valgrind: }; p=${p%% passed*}; f=${line#*passed, }; f=${f%% failed*}
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))
grep -E '^(ok|FAIL)' _build/valgrind.log || tail -20 _build/valgrind.log
echo "== make distcheck"
if (cd _build && make -s distcheck >distcheck.log 2>&1); then
	passed=$((passed + 1)); echo "distcheck: OK"
else
	failed=$((failed + 1)); status=1; tail -40 _build/distcheck.log
fi
[ $status = 0 ] || for d in _build _build_asan; do
	for f in $(grep -l -E '^(FAIL|ERROR)' "$d"/tests/*.log "$d"/tests/*/*.log "$d"/tests/*/*/*.log "$d"/bindings/*/tests/*.log 2>/dev/null); do
		echo "---- $f"; tail -60 "$f"; done; done
echo "suite: $passed passed, $failed failed"
exit $status
