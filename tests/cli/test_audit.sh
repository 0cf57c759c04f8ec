#!/bin/sh
# The audit trail of mineralctl screen and its replay against a changed policy or date.
# Expected changes are worked out by hand from tests/data/valid/minimal and minimal-v2:
# v2 adds code 8112999000 to t.ga-metal, adds t.te-metal (code 2804500001, licence) and drops
# t.cell (battery cells of 300 Wh/kg or more); t.rule.us prohibits gallium to the US except
# while suspended, 2025-11-09 to 2026-11-27.
set -u
. "$(dirname "$0")/lib.sh"
V2="$top_srcdir/tests/data/valid/minimal-v2"
cat > "$TMPD/in.jsonl" <<'JSONL'
{"id":"R1","description":"gallium ingots","code":"8112929090","to":"US","date":"2026-12-01"}
{"id":"R2","description":"metal sample","code":"8112999000","date":"2026-12-01"}
{"id":"R3","description":"tellurium ingots","code":"2804500001","date":"2026-12-01"}
{"id":"R4","description":"battery cells 350 Wh/kg","date":"2026-12-01"}
{"broken
{"id":"R5","description":"cotton T-shirts","code":"6109100000","date":"2026-12-01","quantity":12.5,"route":["TH"]}
JSONL

# --- the audit trail ---
"$MCTL" screen --policy "$MINIMAL" --audit "$TMPD/a.audit" --audit-records "$TMPD/in.jsonl" > /dev/null 2>&1
expect_eq "audit: one line per decision (not for the bad record)" "$(wc -l < "$TMPD/a.audit" | tr -d ' ')" 5
l1=$(sed -n 1p "$TMPD/a.audit")
expect_match "audit: time, position, id" "$l1" '^\{"time":"20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z","file":"[^"]*in\.jsonl","line":1,"id":"R1",'
expect_match "audit: the deciding bundle and library" "$l1" '"bundle":"test-minimal","bundle_version":"1\.0","bundle_digest":"sha256:[0-9a-f]{64}","library":"[0-9.]+"'
expect_match "audit: the decision" "$l1" '"date":"2026-12-01","verdict":"prohibited","items":\[\{"id":"t\.ga-metal","action":"prohibited"\}\],"flags":\[\]'
expect_match "audit: the canonical record with --audit-records" "$l1" \
	',"record":\{"code":"8112929090","date":"2026-12-01","description":"gallium ingots","id":"R1","to":"US"\}\}$'
expect_match "audit: the 6th line's record is the 5th decision" "$(sed -n 5p "$TMPD/a.audit")" \
	'"line":6,"id":"R5",.*"record":\{"code":"6109100000","date":"2026-12-01","description":"cotton T-shirts","id":"R5","quantity":12\.5,"route":\["TH"\]\}\}$'
# anyone can recompute the digest from the stored record
ok_sha=0
while IFS= read -r line; do
	want=$(printf '%s\n' "$line" | sed 's/.*"record_sha256":"\([0-9a-f]*\)".*/\1/')
	got=$(printf '%s' "${line#*,\"record\":}" | sed 's/}$//' | tr -d '\n' | sha256sum | cut -d' ' -f1)
	[ "$want" = "$got" ] && ok_sha=$((ok_sha + 1))
done < "$TMPD/a.audit"
expect_eq "audit: sha256sum of each stored record is its record_sha256" "$ok_sha" 5
# appending, and no record without --audit-records
"$MCTL" screen --policy "$MINIMAL" --audit "$TMPD/a.audit" "$TMPD/in.jsonl" > /dev/null 2>&1
expect_eq "audit: a second screen appends" "$(wc -l < "$TMPD/a.audit" | tr -d ' ')" 10
expect_eq "audit: records only with --audit-records" "$(grep -c '"record":' "$TMPD/a.audit")" 5
expect_eq "audit: the same record, the same digest" \
	"$(sed -n 1p "$TMPD/a.audit" | sed 's/.*"record_sha256":"\([0-9a-f]*\)".*/\1/')" \
	"$(sed -n 6p "$TMPD/a.audit" | sed 's/.*"record_sha256":"\([0-9a-f]*\)".*/\1/')"
"$MCTL" screen --policy "$MINIMAL" --audit-records "$TMPD/in.jsonl" > /dev/null 2>&1
expect_eq "audit: --audit-records needs --audit" "$?" 2
"$MCTL" screen --policy "$MINIMAL" --audit "$TMPD/no/such/dir/a" "$TMPD/in.jsonl" > /dev/null 2>&1
expect_eq "audit: an audit trail that cannot be opened is an error" "$?" 2

# --- replay against the same policy: nothing changes ---
head -5 "$TMPD/a.audit" > "$TMPD/stored.audit"
"$MCTL" replay --policy "$MINIMAL" "$TMPD/stored.audit" > "$TMPD/out" 2>&1; rc=$?
expect_eq "replay, same policy: exit 0" "$rc" 0
expect_match "replay, same policy: summary" "$(cat "$TMPD/out")" '^replay: 5 records, 5 unchanged, 0 changed, 0 not replayed$'

# --- replay against v2: the changes worked out by hand ---
"$MCTL" replay --policy "$V2" "$TMPD/stored.audit" > "$TMPD/out" 2>&1; rc=$?
expect_eq "replay v2: exit 1 (decisions changed)" "$rc" 1
cat > "$TMPD/want" <<EOF
$TMPD/in.jsonl:2 R2: clear -> license_required
  + item t.ga-metal (license_required)
  + flag controlled_code_vague_description
$TMPD/in.jsonl:3 R3: clear -> license_required
  + item t.te-metal (license_required)
  + flag controlled_code_vague_description
$TMPD/in.jsonl:4 R4: license_required -> clear
  - item t.cell (license_required)
replay: 5 records, 2 unchanged, 3 changed (license_required -> clear: 1, clear -> license_required: 2), 0 not replayed
EOF
expect_eq "replay v2: every change, and only those" "$(head -9 "$TMPD/out")" "$(cat "$TMPD/want")"
expect_match "replay v2: names the policy" "$(tail -1 "$TMPD/out")" '^policy: test-minimal 1\.1 \(sha256:[0-9a-f]{64}\), as of the date each record was first evaluated$'

# --- without stored records: read again from the input file, checked by sha256 ---
sed -n '6,10p' "$TMPD/a.audit" > "$TMPD/plain.audit"
"$MCTL" replay --policy "$V2" "$TMPD/plain.audit" > "$TMPD/out2" 2>&1; rc=$?
expect_eq "replay from the input file: exit 1" "$rc" 1
expect_eq "replay from the input file: the same changes" "$(head -9 "$TMPD/out2")" "$(cat "$TMPD/want")"
# records screened with --date carry that date: found again all the same
sed 's/,"date":"2026-12-01"//' "$TMPD/in.jsonl" > "$TMPD/nodate.jsonl"
"$MCTL" screen --policy "$MINIMAL" --date 2026-12-01 --audit "$TMPD/nodate.audit" "$TMPD/nodate.jsonl" > /dev/null 2>&1
"$MCTL" replay --policy "$V2" "$TMPD/nodate.audit" > "$TMPD/out3" 2>&1
expect_match "replay: records dated by --date are found" "$(cat "$TMPD/out3")" 'replay: 5 records, 2 unchanged, 3 changed .*, 0 not replayed'
# a record edited since: never re-decided from the wrong value
sed 's/metal sample/metal samples/' "$TMPD/in.jsonl" > "$TMPD/edited" && cp "$TMPD/edited" "$TMPD/in.jsonl"
"$MCTL" replay --policy "$V2" "$TMPD/plain.audit" > "$TMPD/out4" 2> "$TMPD/err4"; rc=$?
expect_eq "replay: a record that changed since -> exit 3" "$rc" 3
expect_match "replay: says which and why" "$(cat "$TMPD/err4")" 'in\.jsonl:2\): cannot replay: the record in the input file changed since it was screened'
expect_match "replay: the others are still replayed" "$(cat "$TMPD/out4")" 'replay: 5 records, 2 unchanged, 2 changed .*, 1 not replayed'
# a tampered stored record
sed '1s/gallium ingots/gallium oxide/' "$TMPD/stored.audit" > "$TMPD/tampered.audit"
"$MCTL" replay --policy "$MINIMAL" "$TMPD/tampered.audit" > /dev/null 2> "$TMPD/err5"; rc=$?
expect_eq "replay: a stored record that does not match its sha256 -> exit 3" "$rc" 3
expect_match "replay: says so" "$(cat "$TMPD/err5")" 'tampered\.audit:1 .*the stored record does not match its record_sha256'
printf 'not json\n{"verdict":"clear"}\n' > "$TMPD/junk.audit"
"$MCTL" replay --policy "$MINIMAL" "$TMPD/junk.audit" > "$TMPD/out6" 2>&1; rc=$?
expect_eq "replay: lines that are not audit lines -> exit 3" "$rc" 3
expect_match "replay: counted" "$(cat "$TMPD/out6")" 'replay: 2 records, 0 unchanged, 0 changed, 2 not replayed'
"$MCTL" replay --policy "$MINIMAL" "$TMPD/none.audit" > /dev/null 2>&1; expect_eq "replay: a missing audit file -> 2" "$?" 2
"$MCTL" replay --policy "$MINIMAL" > /dev/null 2>&1; expect_eq "replay: no audit file -> 2" "$?" 2
"$MCTL" replay --as-of 2026-02-30 "$TMPD/stored.audit" > /dev/null 2>&1; expect_eq "replay: a bad --as-of -> 2" "$?" 2

# --- --as-of: the end of the US suspension shows its effect ---
printf '%s\n' '{"id":"S1","description":"gallium ingots","to":"US","date":"2026-06-01"}' \
	'{"id":"S2","description":"gallium ingots","to":"DE","date":"2026-06-01"}' > "$TMPD/susp.jsonl"
"$MCTL" screen --policy "$MINIMAL" --audit "$TMPD/s.audit" --audit-records "$TMPD/susp.jsonl" > "$TMPD/s.out" 2>/dev/null
expect_match "suspended on 2026-06-01: a licence only" "$(sed -n 1p "$TMPD/s.out")" '"verdict":"license_required"'
"$MCTL" replay --policy "$MINIMAL" "$TMPD/s.audit" > "$TMPD/out7" 2>&1
expect_eq "replay as of the date evaluated: unchanged" "$?" 0
"$MCTL" replay --policy "$MINIMAL" --as-of 2026-11-27 "$TMPD/s.audit" > "$TMPD/out8" 2>&1
expect_eq "replay as of the suspension's last day: unchanged" "$?" 0
"$MCTL" replay --policy "$MINIMAL" --as-of 2026-11-28 "$TMPD/s.audit" > "$TMPD/out9" 2>&1; rc=$?
expect_eq "replay as of the day after: exit 1" "$rc" 1
expect_eq "replay as of the day after: S1 becomes prohibited, S2 (to DE) does not change" "$(head -3 "$TMPD/out9")" \
"$TMPD/susp.jsonl:1 S1: license_required -> prohibited
  ~ item t.ga-metal: license_required -> prohibited
replay: 2 records, 1 unchanged, 1 changed (license_required -> prohibited: 1), 0 not replayed"
expect_match "replay --as-of: says the date" "$(tail -1 "$TMPD/out9")" ', as of 2026-11-28$'

# --- standard input is audited but cannot be read again ---
head -1 "$TMPD/susp.jsonl" | "$MCTL" screen --policy "$MINIMAL" --audit "$TMPD/stdin.audit" > /dev/null 2>&1
expect_match "audit: standard input is file -" "$(cat "$TMPD/stdin.audit")" '"file":"-","line":1,'
"$MCTL" replay --policy "$MINIMAL" "$TMPD/stdin.audit" > /dev/null 2> "$TMPD/err10"; rc=$?
expect_eq "replay: a record read from standard input and not stored -> 3" "$rc" 3
expect_match "replay: and says to store records" "$(cat "$TMPD/err10")" 'standard input and not stored \(screen with --audit-records\)'
finish
