#!/bin/sh
# 'make check-valgrind': the unit tests and a real screen under valgrind (memcheck).
# Any invalid access, uninitialised read or definite leak fails the run.
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
command -v valgrind >/dev/null || { echo "valgrind not installed (apt-get install valgrind)"; exit 1; }
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --trace-children=yes"
LT="$top_builddir/libtool --mode=execute"
passed=0; failed=0
run() { # NAME COMMAND...   (lint_* names expect exit status 1: the file has errors; replay 1: decisions changed)
	name=$1; shift
	"$@" > "$top_builddir/valgrind-$name.log" 2>&1
	rc=$?
	case $name in lint*|replay*) [ $rc = 1 ] && rc=0 ;; esac
	if [ $rc = 0 ]; then
		passed=$((passed + 1)); echo "ok   - $name"
	else
		failed=$((failed + 1)); echo "FAIL - $name (see valgrind-$name.log)"; tail -30 "$top_builddir/valgrind-$name.log"
	fi
}
for t in util/test_util text/test_normalize match/test_code policy/test_load policy/test_yaml_suite policy/test_sign \
	policy/test_limits decide/test_classify report/test_json report/test_canon report/test_writer \
	record/test_record io/test_reader io/test_jsonl io/test_csv io/test_xml_safe io/test_wco; do
	run "$(basename "$t")" $LT $VG "$top_builddir/tests/unit/$t"
done
run test_api_alloc $LT $VG "$top_builddir/tests/test_api_alloc"
run screen $LT $VG "$top_builddir/tools/mineralctl/mineralctl" screen --policy "$top_srcdir/policies/cn" \
	"$top_srcdir/examples/declarations.jsonl"
# the threaded screen with every report, the audit trail and its replay
audit="$top_builddir/valgrind-screen.audit"; rm -f "$audit"
for fmt in xml csv table; do
	run "screen_j2_$fmt" $LT $VG "$top_builddir/tools/mineralctl/mineralctl" screen -j 2 -F $fmt --audit "$audit" --audit-records \
		--policy "$top_srcdir/policies/cn" "$top_srcdir/examples/declarations.jsonl"
done
run replay $LT $VG "$top_builddir/tools/mineralctl/mineralctl" replay --policy "$top_srcdir/policies/cn" --as-of 2027-01-01 "$audit"
case $(tail -3 "$top_builddir/valgrind-replay.log") in *"replay: 120 records"*) ;; *) echo "replay under valgrind did not replay the 120 audited decisions"; failed=$((failed + 1)) ;; esac
run lint_five $LT $VG "$top_builddir/tools/mineralctl/mineralctl" lint "$top_srcdir/tests/data/lint/five-mistakes.yaml"
[ "$(grep -c 'error:' "$top_builddir/valgrind-lint_five.log")" -ge 5 ] || { echo "lint under valgrind gave no errors"; failed=$((failed + 1)); }
echo "valgrind: $passed passed, $failed failed"
[ "$failed" = 0 ]
