#!/bin/sh
# policies/files.am and tests/data/files.am list every data file (else 'make dist' drops them).
set -eu
: "${top_srcdir:=.}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
[ -d "$top_srcdir/.git" ] || [ -f "$top_srcdir/.git" ] || { echo "SKIP: not a git checkout (the lists were checked before 'make dist')"; exit 77; }
cp -r "$top_srcdir/policies" "$top_srcdir/tools" "$tmp/"
mkdir -p "$tmp/tests"; cp -r "$top_srcdir/tests/data" "$tmp/tests/"
"$tmp/tools/gen-file-lists.sh"
fail=0
for f in policies/files.am tests/data/files.am; do
	if ! diff -u "$top_srcdir/$f" "$tmp/$f"; then
		echo "FAIL: $f is out of date: run tools/gen-file-lists.sh"
		fail=1
	fi
done
[ $fail = 0 ] && echo "PASS: file lists current"
exit $fail
