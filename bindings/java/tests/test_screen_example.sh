#!/bin/sh
# examples/java/Screen.java, compiled by 'make check', screens examples/java/declarations.csv
# with the shipped policy; the verdicts below are the ones worked out by hand for the same
# declarations in examples/declarations.expected.md (plus a quoted field and a bad country).
set -u
: "${builddir:?}" "${top_srcdir:?}" "${JAVA:?}" "${MINERALCTL_JNI:?}"
case " ${SAN_CFLAGS:-} " in
*-fsanitize=thread*) echo "SKIP: the JVM does not run under ThreadSanitizer"; exit 77 ;;
*-fsanitize=address*)
	LD_PRELOAD="$(${CC:-cc} -print-file-name=libasan.so)${LD_PRELOAD:+:$LD_PRELOAD}"
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:allow_user_segv_handler=1:detect_leaks=0"
	export LD_PRELOAD ASAN_OPTIONS ;;
esac
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
passed=0; failed=0
ok()   { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

# The policy comes from MINERALCTL_POLICY (the driver sets the source tree's policies/cn).
LC_ALL=C.UTF-8 "$JAVA" -Xcheck:jni -cp "$builddir/mineralctl.jar:$builddir/example-classes" \
	-Dmineralctl.jni="$MINERALCTL_JNI" Screen "$top_srcdir/examples/java/declarations.csv" \
	> "$tmp/out" 2> "$tmp/err"
rc=$?
cat "$tmp/out" "$tmp/err"
[ "$rc" = 1 ] && ok "exit status 1: one record refused" || fail "exit status $rc, expected 1"
if grep -q -E '^(WARNING|FATAL ERROR) in native method|ERROR: AddressSanitizer|runtime error:' "$tmp/out" "$tmp/err"; then
	fail "JNI check or sanitizer report"; else ok "no JNI or sanitizer report"; fi

tab=$(printf '\t')
while IFS= read -r want; do
	if grep -qxF "$want" "$tmp/out"; then ok "$(echo "$want" | cut -f1-2)"; else
		fail "expected: $want"; echo "       got: $(grep "^$(echo "$want" | cut -f1)$tab" "$tmp/out")"; fi
done <<EOF2
DEC-2026-0001	license_required	cn.2023-23.ga-1:license_required	-
DEC-2026-0002	license_required	cn.2023-23.ga-1:license_required	-
DEC-2026-0009	clear	-	-
DEC-2026-0013	license_required	cn.2023-23.ga-1:license_required	controlled_code_vague_description
DEC-2026-0016	review	-	ambiguous_code
DEC-2026-0018	prohibited	cn.2023-23.ge-5:prohibited	-
DEC-2026-0020	prohibited	cn.2023-23.ge-1:prohibited	-
DEC-2026-0022	clear	cn.2023-23.ge-1:none	-
DEC-2026-0026	license_required	cn.2023-23.ge-1:license_required	-
DEC-2026-0036	prohibited	cn.2023-23.ge-1:prohibited	-
CSV-QUOTES	license_required	cn.2023-23.ga-1:license_required	-
CSV-BAD-COUNTRY	error	to: 'XX' is not an ISO 3166-1 alpha-2 country code
EOF2
n=$(grep -c . "$tmp/out")
[ "$n" = 12 ] && ok "one line per record" || fail "$n lines for 12 records"
grep -q 'Screen: {CLEAR=2, REVIEW=1, LICENSE_REQUIRED=5, PROHIBITED=3}, 1 refused' "$tmp/err" \
	&& ok "summary" || fail "summary"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
