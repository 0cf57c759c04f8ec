#!/bin/sh
# The README's main job: screening examples/declarations.jsonl with the shipped bundle gives
# the verdicts and flags worked out by hand in examples/declarations.expected.md.
set -u
. "$(dirname "$0")/lib.sh"
flags_re='code_description_mismatch|controlled_code_vague_description|ambiguous_code|obfuscated_text|transshipment_risk|invalid_code|invalid_utf8'
"$MCTL" screen --policy "$SHIPPED" --format csv "$top_srcdir/examples/declarations.jsonl" > "$TMPD/out.csv" 2>"$TMPD/err"; rc=$?
expect_eq "example screen exits 0" "$rc" 0
n=$(grep -c '^| DEC-' "$top_srcdir/examples/declarations.expected.md")
expect_eq "every example has an expectation" "$n" "$(grep -c . "$top_srcdir/examples/declarations.jsonl")"
grep '^| DEC-' "$top_srcdir/examples/declarations.expected.md" | while IFS='|' read -r _ id _ _ verdict _ flags _; do
	id=$(echo "$id" | tr -d ' ')
	want_v=$(echo "$verdict" | tr -d ' *')
	want_f=$(echo "$flags" | sed 's/(.*//' | grep -Eo "$flags_re" | sort | tr '\n' ';')
	row=$(grep "^[0-9]*,$id," "$TMPD/out.csv")
	got_v=$(echo "$row" | cut -d, -f3)
	got_f=$(echo "$row" | cut -d, -f7 | tr ';' '\n' | grep . | sort | tr '\n' ';')
	echo "$id|$got_v|$want_v|$got_f|$want_f"
done > "$TMPD/cmp"
while IFS='|' read -r id gv wv gf wf; do
	expect_eq "$id verdict" "$gv" "$wv"
	expect_eq "$id flags" "$gf" "$wf"
done < "$TMPD/cmp"
finish
