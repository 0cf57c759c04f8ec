#!/bin/sh
# The Java binding's JUnit tests (bindings/java/tests/org/mineralctl/*Test.java), run by
# 'make check' with the build tree's jar and JNI library. Ends with "N passed, N failed"
# (tools/bootstrap.sh adds these up).
#
# The JVM runs with -Xcheck:jni, and any JNI warning it prints fails the run.
# Sanitizer builds: under ASan the JNI library needs the ASan runtime loaded before
# anything else in the process, so the JVM starts with LD_PRELOAD=libasan; the JVM
# handles SIGSEGV itself (handle_segv=0) and its own memory is not ours to leak-check
# (detect_leaks=0: leaks are checked by LSan/valgrind on the C tests and by
# 'make leakcheck' here). The JVM cannot run under ThreadSanitizer: skipped there.
set -u
: "${builddir:?}" "${top_srcdir:?}" "${top_builddir:?}" "${JAVA:?}" "${MINERALCTL_JNI:?}"
if [ "${HAVE_JUNIT:-no}" != yes ]; then
	echo "SKIP: JUnit 4 not found at configure time (Debian: apt-get install junit4)"
	exit 77
fi
case " ${SAN_CFLAGS:-} " in
*-fsanitize=thread*)
	echo "SKIP: the JVM does not run under ThreadSanitizer"
	exit 77 ;;
esac
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# What the CLI says, for CliEqualityTest (run before LD_PRELOAD is set).
mctl="$top_builddir/tools/mineralctl/mineralctl"
for f in declarations:examples/declarations.jsonl eval:tests/eval/records.jsonl; do
	"$mctl" screen --policy "$top_srcdir/policies/cn" "$top_srcdir/${f#*:}" > "$tmp/cli-${f%%:*}.jsonl" 2>"$tmp/cli.err" || {
		echo "FAIL: mineralctl screen ${f#*:}"; cat "$tmp/cli.err"; echo "0 passed, 1 failed"; exit 1; }
done

case " ${SAN_CFLAGS:-} " in
*-fsanitize=address*)
	asan=$(${CC:-cc} -print-file-name=libasan.so)
	LD_PRELOAD="$asan${LD_PRELOAD:+:$LD_PRELOAD}"
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:allow_user_segv_handler=1:detect_leaks=0"
	export LD_PRELOAD ASAN_OPTIONS
	echo "ASan build: JVM started with LD_PRELOAD=$asan ASAN_OPTIONS=$ASAN_OPTIONS" ;;
esac

classes=$(cd "$builddir/test-classes" && find . -name '*Test.class' ! -name '*$*' | sed 's|^\./||; s|\.class$||; s|/|.|g' | sort)
# File names outside ASCII in the tests need a UTF-8 locale for the JVM's file-name encoding.
LC_ALL=C.UTF-8 "$JAVA" -Xcheck:jni -Xss4m \
	-cp "$builddir/mineralctl.jar:$builddir/test-classes:$JUNIT_CP" \
	-Dmineralctl.jni="$MINERALCTL_JNI" \
	-Dmineralctl.test.srcdir="$top_srcdir" \
	-Dmineralctl.test.cli.declarations="$tmp/cli-declarations.jsonl" \
	-Dmineralctl.test.cli.eval="$tmp/cli-eval.jsonl" \
	org.junit.runner.JUnitCore $classes > "$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
# JUnit 4 ends with "OK (N tests)" or "Tests run: N,  Failures: M".
ok=$(sed -n 's/^OK (\([0-9]*\) tests*)$/\1/p' "$tmp/out" | tail -1)
if [ -n "$ok" ]; then passed=$ok; failed=0; else
	run=$(sed -n 's/^Tests run: \([0-9]*\), *Failures: \([0-9]*\).*/\1 \2/p' "$tmp/out" | tail -1)
	if [ -n "$run" ]; then failed=${run#* }; passed=$((${run%% *} - failed)); else passed=0; failed=1; fi
fi
if grep -q -E '^(WARNING|FATAL ERROR) in native method' "$tmp/out"; then
	echo "FAIL: -Xcheck:jni reported misuse of JNI (above)"
	failed=$((failed + 1)); rc=1
fi
if grep -q -E 'ERROR: AddressSanitizer|runtime error:' "$tmp/out"; then
	echo "FAIL: sanitizer report (above)"
	failed=$((failed + 1)); rc=1
fi
[ "$rc" = 0 ] && [ "$failed" = 0 ] || rc=1
echo "$passed passed, $failed failed"
exit $rc
