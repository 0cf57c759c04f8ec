#!/bin/sh
# Every public header compiles on its own, as C99 and as C++ (when a C++ compiler exists).
set -eu
: "${top_srcdir:=.}" "${top_builddir:=.}" "${CC:=cc}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
inc="-I$top_builddir/include -I$top_srcdir/include"
n=0
for h in "$top_srcdir"/include/mineralctl.h "$top_srcdir"/include/mineralctl/*.h "$top_builddir"/include/mineralctl/version.h; do
	name=${h#"$top_srcdir"/include/}; name=${name#"$top_builddir"/include/}
	printf '#include <%s>\n#include <%s>\nint main(void) { return 0; }\n' "$name" "$name" > "$tmp/t.c"
	$CC -std=c99 -Wall -Wextra -Werror -pedantic $inc -c "$tmp/t.c" -o "$tmp/t.o" || { echo "FAIL: $name is not self-contained C99"; exit 1; }
	if command -v c++ >/dev/null 2>&1; then
		cp "$tmp/t.c" "$tmp/t.cc"
		c++ -Wall -Wextra -Werror $inc -c "$tmp/t.cc" -o "$tmp/t.o" || { echo "FAIL: $name does not compile as C++"; exit 1; }
	fi
	n=$((n + 1))
done
echo "PASS: $n headers self-contained"
