#!/bin/sh
# screen reads CSV and WCO declarations through the library's readers, and the
# real published declarations of ../shared/fixtures/wco-dec (when present).
. "$(dirname "$0")/lib.sh"

# CSV with a BOM-less header using aliases (hs_code, destination), quotes, a bad row.
printf 'id,description,hs_code,destination,date\nA1,"Gallium metal 4N ingots, ""high purity""",8112929090,us,2026-12-01\nA2,cotton T-shirts,6109100000,DE,2026-12-01\nA3,bad date row,8112929090,US,2026-02-30\n' > "$TMPD/in.csv"
out=$("$MCTL" screen --policy "$MINIMAL" "$TMPD/in.csv" 2> "$TMPD/err")
expect_eq "csv: exit 1 when a row is bad" "$?" 1
expect_match "csv: gallium metal to the US is prohibited (t.ga-metal)" "$(echo "$out" | sed -n 1p)" \
	'^\{"id":"A1","verdict":"prohibited","items":\[\{"id":"t.ga-metal"'
expect_match "csv: cotton is clear" "$(echo "$out" | sed -n 2p)" '^\{"id":"A2","verdict":"clear"'
expect_eq "csv: the bad row is reported with its line, the batch goes on" "$(echo "$out" | sed -n 3p)" \
	'{"line":4,"error":"date: '"'"'2026-02-30'"'"' is not a calendar date YYYY-MM-DD"}'
"$MCTL" screen --policy "$MINIMAL" --input csv - < "$TMPD/in.csv" > "$TMPD/stdin.out" 2>/dev/null
expect_eq "csv: --input csv reads standard input the same" "$(cat "$TMPD/stdin.out")" "$out"

# A hand-written DEC-DMS declaration: the MRN and item positions make the ids,
# IssueDateTime 20250315 (format 102) the date.
out=$("$MCTL" screen --policy "$SHIPPED" "$top_srcdir/tests/data/xml/dec-plain.xml" 2>/dev/null)
expect_eq "wco: one result per goods item, ids MRN/item" \
	"$(echo "$out" | sed 's/^{"id":"\([^"]*\)".*"date":"\([0-9-]*\)".*/\1 \2/' | tr '\n' ' ')" \
	"26GB0000000000001/1 2025-03-15 26GB0000000000001/2 2025-03-15 "
out=$("$MCTL" screen --policy "$SHIPPED" --input wco "$top_srcdir/tests/data/xml/xxe.xml" 2>/dev/null)
expect_eq "wco: a DOCTYPE is refused with its line" "$out" \
	'{"line":2,"error":"DOCTYPE not allowed (entity and DTD processing are disabled)"}'

shared="${MINERALCTL_SHARED:-$top_srcdir/../shared}"
if [ -d "$shared/fixtures/wco-dec" ]; then
	"$MCTL" screen --policy "$SHIPPED" --input wco "$shared/fixtures/wco-dec" > "$TMPD/wco.out" 2> "$TMPD/wco.err"
	expect_eq "fixtures: exit 1 (some files and items are bad)" "$?" 1
	expect_eq "fixtures: 295 goods items screened" "$(grep -c '"verdict"' "$TMPD/wco.out")" 295
	expect_eq "fixtures: 15 items with neither description nor code, each reported" \
		"$(grep -c 'a record needs a description or a code' "$TMPD/wco.out")" 15
	expect_eq "fixtures: the three malformed files, each with its line" \
		"$(grep 'not well-formed' "$TMPD/wco.out" | sed 's/.*wco-dec\/\([^"]*\)","line":\([0-9]*\).*/\1:\2/' | tr '\n' ' ')" \
		"TT_EX002a.xml:72 TT_EX022a_Declaration1__Step1_.xml:52 TT_IM084a.xml:164 "
	expect_eq "fixtures: the file whose namespace lost its colons is named" \
		"$(grep -c 'Step1_TT_IM222a.xml.*namespace' "$TMPD/wco.out")" 1
	expect_eq "fixtures: nothing else" "$(wc -l < "$TMPD/wco.out" | tr -d ' ')" $((295 + 15 + 3 + 1))
	"$MCTL" screen --policy "$SHIPPED" --input wco -j 2 "$shared/fixtures/wco-dec" > "$TMPD/wco2.out" 2>/dev/null
	expect_eq "fixtures: -j 2 gives the same report as -j 1" "$(cmp -s "$TMPD/wco.out" "$TMPD/wco2.out"; echo $?)" 0
else
	echo "skip - no $shared/fixtures/wco-dec (set MINERALCTL_SHARED): the real declarations were not screened"
fi
finish
