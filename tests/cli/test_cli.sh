#!/bin/sh
# End-to-end tests of the mineralctl command line.
set -u
. "$(dirname "$0")/lib.sh"

out=$("$MCTL" version); expect_match "version prints the version" "$out" '^mineralctl [0-9]+\.[0-9]+\.[0-9]+'

# --- classify ---
out=$("$MCTL" classify --policy "$MINIMAL" --to US --date 2026-12-01 gallium ingot 4N); rc=$?
expect_eq "classify exits 0" "$rc" 0
expect_match "classify: prohibited to US after the suspension" "$out" '^verdict: prohibited$'
expect_match "classify: names the item" "$out" 't\.ga-metal'
expect_match "classify: shows evidence with byte offsets" "$out" 'description\[0\.\.7\] "gallium" -> gallium'
out=$("$MCTL" classify --policy "$MINIMAL" --format json --code 8112929090 'metal sample')
expect_match "classify json: verdict and flag" "$out" '"verdict":"license_required".*"flags":\["controlled_code_vague_description"\]'
out=$("$MCTL" classify --policy "$MINIMAL" --from DE --to US gallium)
expect_match "classify: export from elsewhere is clear, with a note" "$out" '^verdict: clear$'
expect_match "classify: note says why" "$out" 'export from DE'
"$MCTL" classify --policy "$MINIMAL" --to USA gallium >/dev/null 2>"$TMPD/err"; rc=$?
expect_eq "classify: bad country is a usage error" "$rc" 2
expect_match "classify: says what is wrong" "$(cat "$TMPD/err")" "USA"
"$MCTL" classify --policy "$MINIMAL" >/dev/null 2>&1; expect_eq "classify: no description nor code" "$?" 2
"$MCTL" classify --policy /nonexistent gallium >/dev/null 2>&1; expect_eq "classify: missing policy" "$?" 2

# --- screen: good and malformed lines, order kept, batch goes on ---
cat > "$TMPD/in.jsonl" <<'JSONL'
{"id": "A1", "description": "gallium ingots", "code": "8112929090", "to": "US", "date": "2026-12-01"}
{"id": "A2", "description": "broken json
{"id": "A3", "description": "cotton T-shirts", "code": "6109100000", "to": "US", "date": "2026-12-01"}
{"id": "A4", "to": "US"}

{"id": "A5", "description": "germanium", "to": "USA"}
[1, 2, 3]
{"id": "A6", "description": "germanium", "route": ["TH", "MX"], "quantity": 5, "unit": "kg", "value": 1200.5, "currency": "USD", "channel": "postal", "date": "2026-01-10"}
{"id": 7, "description": "氧化镓", "date": "2026-01-10", "description": "dup"}
JSONL
"$MCTL" screen --policy "$MINIMAL" "$TMPD/in.jsonl" > "$TMPD/out.jsonl" 2> "$TMPD/err"; rc=$?
expect_eq "screen: exit 1 when a line had an error" "$rc" 1
expect_eq "screen: one output line per non-blank input line" "$(wc -l < "$TMPD/out.jsonl" | tr -d ' ')" 8
expect_match "screen: line 1 prohibited" "$(sed -n 1p "$TMPD/out.jsonl")" '^\{"id":"A1","verdict":"prohibited"'
expect_match "screen: line 2 is an error with its line number" "$(sed -n 2p "$TMPD/out.jsonl")" '^\{"line":2,"error":"invalid JSON'
expect_match "screen: line 3 clear" "$(sed -n 3p "$TMPD/out.jsonl")" '^\{"id":"A3","verdict":"clear"'
expect_match "screen: line 4 needs a description or code" "$(sed -n 4p "$TMPD/out.jsonl")" '^\{"line":4,"error":"a record needs a description or a code"\}$'
expect_match "screen: blank line 5 skipped, line 6 bad country" "$(sed -n 5p "$TMPD/out.jsonl")" '^\{"line":6,"error":"to: .USA. is not an ISO 3166-1 alpha-2'
expect_match "screen: line 7 not an object" "$(sed -n 6p "$TMPD/out.jsonl")" '^\{"line":7,"error":"expected a JSON object per line"\}$'
expect_match "screen: line 8 with every field" "$(sed -n 7p "$TMPD/out.jsonl")" '^\{"id":"A6","verdict":"license_required"'
expect_match "screen: duplicate keys are an error" "$(sed -n 8p "$TMPD/out.jsonl")" '^\{"line":9,"error":"invalid JSON.*duplicate'
expect_match "screen: summary on stderr" "$(cat "$TMPD/err")" '3 records screened: 1 prohibited, 1 license_required, 0 review, 1 clear; 5 line errors'

head -1 "$TMPD/in.jsonl" | "$MCTL" screen --policy "$MINIMAL" - > "$TMPD/o2" 2>/dev/null; rc=$?
expect_eq "screen: stdin, all good -> exit 0" "$rc" 0
"$MCTL" screen --policy "$MINIMAL" --format csv "$TMPD/in.jsonl" > "$TMPD/o.csv" 2>/dev/null
expect_eq "screen csv: header" "$(head -1 "$TMPD/o.csv")" "line,id,verdict,items,minerals,actions,flags,error,file,date,bundle,bundle_version,bundle_digest"
digest=$("$MCTL" lint "$MINIMAL" | sed -n 's/.*digest //p')
expect_eq "screen csv: first row" "$(sed -n 2p "$TMPD/o.csv")" "1,A1,prohibited,t.ga-metal,gallium,prohibited,,,$TMPD/in.jsonl,2026-12-01,test-minimal,1.0,$digest"
expect_eq "screen csv: an error row" "$(sed -n 3p "$TMPD/o.csv")" "2,,error,,,,,\"invalid JSON at column 40: premature end of input near '\"\"broken json'\",$TMPD/in.jsonl,,,,"
expect_eq "screen csv: rows" "$(wc -l < "$TMPD/o.csv" | tr -d ' ')" 9
"$MCTL" screen --policy "$MINIMAL" --format table "$TMPD/in.jsonl" > "$TMPD/o.txt" 2>/dev/null
expect_match "screen table: prohibited row" "$(cat "$TMPD/o.txt")" '^1 +A1 +prohibited +t\.ga-metal'
"$MCTL" screen --policy "$MINIMAL" /nonexistent.jsonl >/dev/null 2>&1; expect_eq "screen: missing input -> 2" "$?" 2
"$MCTL" screen --policy "$MINIMAL" --format yaml "$TMPD/in.jsonl" >/dev/null 2>&1; expect_eq "screen: bad format -> 2" "$?" 2
"$MCTL" screen --policy "$TMPD" "$TMPD/in.jsonl" >/dev/null 2>&1; expect_eq "screen: broken policy -> 2" "$?" 2
printf '{"description":"gallium","date":"2026-02-30"}\n' | "$MCTL" screen --policy "$MINIMAL" >/dev/null 2>&1
expect_eq "screen: impossible date is a line error" "$?" 1
head -c 3000 /dev/urandom > "$TMPD/noise"; "$MCTL" screen --policy "$MINIMAL" "$TMPD/noise" >/dev/null 2>&1; rc=$?
expect_eq "screen: binary noise gives line errors, no crash" "$rc" 1

# components for extraterritorial rules (the shipped No. 61 item)
printf '%s\n' '{"id":"C1","description":"SmCo magnets","from":"JP","to":"FR","date":"2026-12-01","components":[{"material":"samarium","origin":"CN","value_share":0.2}]}' \
	'{"id":"C2","description":"SmCo magnets","components":[{"origin":"CN"}]}' \
	'{"id":"C3","description":"SmCo magnets","components":{"material":"samarium"}}' > "$TMPD/comp.jsonl"
"$MCTL" screen --policy "$SHIPPED" "$TMPD/comp.jsonl" > "$TMPD/comp.out" 2>/dev/null
expect_match "screen: a declared Chinese-origin component abroad" "$(sed -n 1p "$TMPD/comp.out")" '^\{"id":"C1","verdict":"license_required","items":\[\{"id":"cn\.2025-61\.1-1"'
expect_match "screen: a component needs a material" "$(sed -n 2p "$TMPD/comp.out")" '^\{"line":2,"error":".components. must be an array of \{material'
expect_match "screen: components is an array" "$(sed -n 3p "$TMPD/comp.out")" '^\{"line":3,"error":".components. must be an array'

# --- lint ---
out=$("$MCTL" lint "$MINIMAL"); expect_match "lint: clean bundle" "$out" 'OK: bundle test-minimal version 1.0 \(CN\), 9 items'
five="$top_srcdir/tests/data/lint/five-mistakes.yaml"
if [ -f "$five" ]; then
	"$MCTL" lint "$five" > /dev/null 2> "$TMPD/lint"; rc=$?
	expect_eq "lint: exit 1 on errors" "$rc" 1
	sed "s|@FILE@|$five|" "$top_srcdir/tests/data/lint/five-mistakes.expected" > "$TMPD/lint.want"
	expect_eq "lint: five mistakes, five errors at the right line:column" "$(grep ': error: ' "$TMPD/lint")" "$(cat "$TMPD/lint.want")"
else
	fail "lint: $five missing"
fi

# --- test ---
out=$("$MCTL" test --policy "$MINIMAL" "$top_srcdir/tests/data/policy-tests/mixed.yaml"); rc=$?
expect_eq "test: exit 1 when a test fails" "$rc" 1
expect_match "test: the passing one" "$out" '^ok   - .*mixed.yaml:3 gallium to Japan needs a licence$'
expect_match "test: the failing one says why" "$out" '^FAIL - .*mixed.yaml:6 deliberately wrong expectation: verdict clear, expected prohibited; item t.ga-metal did not fire'
expect_match "test: closing line" "$(printf '%s\n' "$out" | tail -1)" '^1 passed, 1 failed$'
"$MCTL" test --policy "$MINIMAL" /nonexistent.yaml >/dev/null 2>&1; expect_eq "test: missing file counts as a failure" "$?" 1

# --- explain, codes ---
out=$("$MCTL" explain --policy "$MINIMAL" t.ga-metal)
expect_match "explain: titles" "$out" '^t\.ga-metal  en: Gallium metal  zh-Hans: 金属镓$'
expect_match "explain: control code" "$out" 'control code: 9X001\.a'
expect_match "explain: codes" "$out" '^  code 8112929090$'
expect_match "explain: text condition" "$out" '^  text: all of \[gallium\] none of \[gallium-oxide\]$'
expect_match "explain: rule with its suspension" "$out" '^  control: prohibited to US from 2024-12-03; suspended 2025-11-09 \.\. 2026-11-27 by t\.suspend  \[rule t\.rule\.us\]$'
out=$("$MCTL" explain --policy "$MINIMAL" t.unconfirmed t.ga-oxide)
expect_match "explain: unconfirmed item says so" "$out" 'UNCONFIRMED: not seen in an official text'
expect_match "explain: unconfirmed code with its edition" "$out" '^  code 3818009020 UNCONFIRMED valid 2026-01-01 \.\. $'
out=$("$MCTL" explain --policy "$MINIMAL" --format json t.sb-oxide)
expect_match "explain json: parameter" "$out" '"name": "purity"'
"$MCTL" explain --policy "$MINIMAL" t.nothing >/dev/null 2>&1; expect_eq "explain: unknown item -> 1" "$?" 1
out=$("$MCTL" codes --policy "$MINIMAL" 811292 7106919001 2825909001)
expect_match "codes: ambiguous short code" "$out" '^811292: ambiguous: it covers listed codes'
expect_match "codes: under a listed 8-digit code" "$out" '^  t\.code-only +license_required +listed 71069190'
expect_match "codes: exact" "$out" '^  t\.ga-oxide +license_required +listed 2825909001'
"$MCTL" codes --policy "$MINIMAL" 81129 >/dev/null 2>&1; expect_eq "codes: not a code -> 1" "$?" 1

# --- diff ---
out=$("$MCTL" diff "$MINIMAL" "$top_srcdir/tests/data/valid/minimal-v2")
expect_match "diff: summary" "$out" '^# test-minimal 1\.0 -> test-minimal 1\.1: 1 added, 1 removed, 1 changed$'
expect_match "diff: added item" "$out" '^\+ t\.te-metal  Tellurium metal$'
expect_match "diff: removed item" "$out" '^- t\.cell  Battery cells of 300 Wh/kg or more$'
expect_match "diff: changed codes" "$out" '^    codes: \+8112999000$'
out=$("$MCTL" diff --format json "$MINIMAL" "$top_srcdir/tests/data/valid/minimal-v2")
expect_match "diff json" "$(printf '%s' "$out" | tr -d ' \n')" '"added":\["t\.te-metal"\],"removed":\["t\.cell"\]'
out=$("$MCTL" diff "$MINIMAL" "$MINIMAL"); expect_match "diff: same bundle" "$out" '0 added, 0 removed, 0 changed'

# --- bundle seal ---
cp -r "$MINIMAL" "$TMPD/b"; chmod -R u+w "$TMPD/b"
out=$("$MCTL" lint "$TMPD/b"); expect_match "seal: a fresh bundle is not sealed" "$out" 'not sealed, digest sha256:[0-9a-f]{64}$'
out=$("$MCTL" bundle seal "$TMPD/b"); rc=$?
expect_eq "seal: exit 0" "$rc" 0
expect_match "seal: says what it did" "$out" 'sealed 4 files; bundle test-minimal 1\.0, digest sha256:'
expect_match "seal: manifest lists a file" "$(cat "$TMPD/b/bundle.yaml")" '^  controls/items\.yaml: sha256:[0-9a-f]{64}$'
out=$("$MCTL" lint "$TMPD/b"); expect_match "seal: lint sees it sealed" "$out" 'sealed: every file matches its digest'
echo "# an edit" >> "$TMPD/b/lexicon.yaml"
"$MCTL" lint "$TMPD/b" > /dev/null 2> "$TMPD/seal.err"; rc=$?
expect_eq "seal: a changed file refuses the bundle" "$rc" 1
expect_match "seal: names the file" "$(cat "$TMPD/seal.err")" "lexicon.yaml: error: file 'lexicon.yaml' does not match its digest"
cp "$TMPD/b/controls/rules.yaml" "$TMPD/b/controls/zz-extra.yaml"; sed -i 's/id: t\.rule\./id: t.extra./' "$TMPD/b/controls/zz-extra.yaml"
"$MCTL" lint "$TMPD/b" > /dev/null 2> "$TMPD/seal.err"
expect_match "seal: an extra file is refused" "$(cat "$TMPD/seal.err")" "file 'controls/zz-extra.yaml' is not in the manifest's digests"
"$MCTL" bundle seal "$TMPD/b" > /dev/null; expect_eq "seal: reseal after edits" "$?" 0
rm "$TMPD/b/controls/zz-extra.yaml"
"$MCTL" lint "$TMPD/b" > /dev/null 2> "$TMPD/seal.err"
expect_match "seal: a missing file is refused" "$(cat "$TMPD/seal.err")" "sealed file 'controls/zz-extra.yaml' is not part of the bundle"
"$MCTL" bundle seal "$TMPD/b" > /dev/null
expect_eq "seal: one digests block after three seals" "$(grep -c '^digests:' "$TMPD/b/bundle.yaml")" 1
out=$("$MCTL" classify --policy "$TMPD/b" --format json gallium)
expect_match "seal: results carry the digest" "$out" '"digest":"sha256:[0-9a-f]{64}"'

# --- list, default policy, environment ---
out=$("$MCTL" list --policy "$MINIMAL" --date 2023-07-31); expect_match "list: nothing in force before 2023-08-01" "$out" '^# 0 of 9 items$'
out=$("$MCTL" list --policy "$MINIMAL" --date 2023-08-01); expect_match "list: all nine in force" "$out" '^# 9 of 9 items$'
expect_match "list: base action shown" "$out" '^t\.ga-metal +9X001\.a +license_required +Gallium metal$'
expect_match "list: with its source" "$out" '^ +source: Test base announcement$'
"$MCTL" list --policy "$MINIMAL" --date 2023-02-29 >/dev/null 2>&1; expect_eq "list: bad date -> 2" "$?" 2
out=$("$MCTL" list); expect_match "default policy from the build tree is the shipped bundle" "$out" '^# cn-strategic-minerals '
out=$(MINERALCTL_POLICY="$MINIMAL" "$MCTL" list); expect_match "MINERALCTL_POLICY overrides" "$out" '^# test-minimal 1\.0'
"$MCTL" frobnicate >/dev/null 2>&1; expect_eq "unknown command -> 2" "$?" 2

finish
