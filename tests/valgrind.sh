#!/bin/sh
# 'make check-valgrind': the unit tests and a real screen under valgrind (memcheck).
# Any invalid access, uninitialised read or definite leak fails the run.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
command -v valgrind >/dev/null || { echo "valgrind not installed (apt-get install valgrind)"; exit 1; }
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --trace-children=yes"
LT="$top_builddir/libtool --mode=execute"
passed=0; failed=0
run() { # NAME COMMAND...   (lint_* names expect exit status 1: the file has errors)
	name=$1; shift
	"$@" > "$top_builddir/valgrind-$name.log" 2>&1
	rc=$?
	case $name in lint*) [ $rc = 1 ] && rc=0 ;; esac
	if [ $rc = 0 ]; then
		passed=$((passed + 1)); echo "ok   - $name"
	else
		failed=$((failed + 1)); echo "FAIL - $name (see valgrind-$name.log)"; tail -30 "$top_builddir/valgrind-$name.log"
	fi
}
for t in util/test_util text/test_normalize match/test_code policy/test_load policy/test_yaml_suite policy/test_sign \
	policy/test_limits decide/test_classify report/test_json \
	record/test_record io/test_reader io/test_jsonl io/test_csv io/test_xml_safe io/test_wco; do
	run "$(basename "$t")" $LT $VG "$top_builddir/tests/unit/$t"
done
run test_api_alloc $LT $VG "$top_builddir/tests/test_api_alloc"
run screen $LT $VG "$top_builddir/tools/mineralctl/mineralctl" screen --policy "$top_srcdir/policies/cn" \
	"$top_srcdir/examples/declarations.jsonl"
run lint_five $LT $VG "$top_builddir/tools/mineralctl/mineralctl" lint "$top_srcdir/tests/data/lint/five-mistakes.yaml"
[ "$(grep -c 'error:' "$top_builddir/valgrind-lint_five.log")" -ge 5 ] || { echo "lint under valgrind gave no errors"; failed=$((failed + 1)); }
echo "valgrind: $passed passed, $failed failed"
[ "$failed" = 0 ]
