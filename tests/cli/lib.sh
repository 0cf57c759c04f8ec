# Shared by the CLI tests: a tiny assertion kit that ends with "N passed, N failed".
: "${top_srcdir:=.}" "${top_builddir:=.}"
MCTL="$top_builddir/tools/mineralctl/mineralctl"
MINIMAL="$top_srcdir/tests/data/valid/minimal"
SHIPPED="$top_srcdir/policies/cn"
unset MINERALCTL_POLICY
TMPD=$(mktemp -d); trap 'rm -rf "$TMPD"' EXIT
passed=0; failed=0

ok()   { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/       /'; return 0; }

# expect_eq NAME GOT WANT
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "got:  $2
want: $3"; fi; }
# expect_match NAME TEXT PATTERN (grep -E)
expect_match() { if printf '%s\n' "$2" | grep -Eq -- "$3"; then ok "$1"; else fail "$1" "no match for /$3/ in:
$2"; fi; }

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
