#!/bin/sh
# The shared library exports exactly the functions its public headers declare
# with MCTL_EXTERN, all prefixed mctl_, and nothing else.
set -eu
: "${top_srcdir:=.}" "${top_builddir:=.}"
lib="$top_builddir/.libs/libmineralctl.so"
[ -f "$lib" ] || { echo "SKIP: $lib not built (static build?)"; exit 77; }
command -v nm >/dev/null || { echo "SKIP: nm missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sed 's/@.*//' | sort -u > "$tmp/exported"
# every "MCTL_EXTERN <type> <name>(" in the public headers
cat "$top_srcdir"/include/mineralctl.h "$top_srcdir"/include/mineralctl/*.h |
	tr '\n' ' ' | grep -o 'MCTL_EXTERN [^;(]*(' | sed 's/($//; s/.*[ *]//' | grep '^mctl_' | sort -u > "$tmp/declared"
if ! diff -u "$tmp/declared" "$tmp/exported"; then
	echo "FAIL: exported symbols differ from the functions declared in include/ (- declared, + exported)"
	exit 1
fi
bad=$(grep -v '^mctl_' "$tmp/exported" || true)
[ -z "$bad" ] || { echo "FAIL: symbols without the mctl_ prefix: $bad"; exit 1; }
echo "PASS: $(wc -l < "$tmp/exported") exported symbols, all declared in include/"
