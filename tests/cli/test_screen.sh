#!/bin/sh
# mineralctl screen: several inputs, every report format, --only-flagged, -j N (same report as
# -j 1), the progress bar only on a terminal, and SIGINT (report closed at a record boundary).
set -u
. "$(dirname "$0")/lib.sh"
EX="$top_srcdir/examples/declarations.jsonl"
XSD="$top_srcdir/doc/report.xsd"

# --- several inputs, directories, JSON Lines unchanged for one input ---
mkdir "$TMPD/dir"
printf '%s\n' '{"id":"B1","description":"germanium","date":"2026-12-01"}' '{"id":"B2"}' > "$TMPD/dir/b.jsonl"
printf '%s\n' '{"id":"A1","description":"gallium ingots","to":"US","date":"2026-12-01"}' > "$TMPD/dir/a.jsonl"
printf 'not a record\n' > "$TMPD/dir/.hidden"
mkdir "$TMPD/dir/sub"
"$MCTL" screen --policy "$MINIMAL" "$TMPD/dir" > "$TMPD/dir.out" 2> "$TMPD/dir.err"; rc=$?
expect_eq "dir: exit 1 (one bad record)" "$rc" 1
expect_eq "dir: files in name order, hidden files and folders left out" \
	"$(sed 's/^\({"[a-z]*":"[A-Z0-9]*\).*/\1/' "$TMPD/dir.out" | tr '\n' ' ')" '{"id":"A1 {"id":"B1 {"file":" '
expect_match "dir: with several inputs an error names its file" "$(sed -n 3p "$TMPD/dir.out")" \
	'^\{"file":"[^"]*/dir/b\.jsonl","line":2,"error":"a record needs a description or a code"\}$'
expect_match "dir: so does the message on stderr" "$(cat "$TMPD/dir.err")" 'dir/b\.jsonl: line 2: a record needs'
"$MCTL" screen --policy "$MINIMAL" "$TMPD/dir/a.jsonl" - < "$TMPD/dir/b.jsonl" > "$TMPD/two.out" 2>/dev/null
expect_eq "a file and standard input, in the order given" "$(cut -c1-11 "$TMPD/two.out" | tr '\n' ' ')" \
	'{"id":"A1", {"id":"B1", {"line":2," '
"$MCTL" screen --policy "$MINIMAL" "$TMPD/dir/a.jsonl" "$TMPD/missing.jsonl" > /dev/null 2> "$TMPD/err"
expect_eq "a missing input is a usage error before anything is screened" "$?" 2
expect_match "and says which" "$(cat "$TMPD/err")" "missing\.jsonl"
"$MCTL" screen --policy "$MINIMAL" --input yaml "$EX" > /dev/null 2> "$TMPD/err"
expect_eq "--input of an unknown format is a usage error" "$?" 2
expect_match "with a message saying what is read" "$(cat "$TMPD/err")" 'the input format is jsonl, csv or wco'
"$MCTL" screen --policy "$MINIMAL" --input jsonl "$TMPD/dir/a.jsonl" > /dev/null 2>&1
expect_eq "--input jsonl" "$?" 0
for j in 0 x 257; do
	"$MCTL" screen --policy "$MINIMAL" -j "$j" "$EX" > /dev/null 2>&1; expect_eq "-j $j is a usage error" "$?" 2
done

# --- a report or audit trail that cannot be written is an error, not a silent loss ---
if [ -w /dev/full ]; then
	for j in 1 2; do
		"$MCTL" screen --policy "$MINIMAL" -j $j "$EX" > /dev/full 2> "$TMPD/err"; rc=$?
		expect_eq "-j $j: a full disk under the report -> 2" "$rc" 2
		expect_match "-j $j: says so" "$(cat "$TMPD/err")" 'cannot write the report'
	done
	"$MCTL" screen --policy "$MINIMAL" --audit /dev/full "$EX" > /dev/null 2> "$TMPD/err"; rc=$?
	expect_eq "a full disk under the audit trail -> 2" "$rc" 2
	expect_match "says so" "$(cat "$TMPD/err")" 'cannot write the audit trail'
fi

# --- -j N gives the report of -j 1, in every format ---
# 1,082 records: the example declarations, an error, the labelled evaluation set, and an export
# from elsewhere that is clear but flagged
cat "$EX" > "$TMPD/big.jsonl"; echo '{"broken' >> "$TMPD/big.jsonl"; cat "$top_srcdir/tests/eval/records.jsonl" >> "$TMPD/big.jsonl"
echo '{"id":"X1","description":"metal sample","code":"8112929090","from":"DE","date":"2026-12-01"}' >> "$TMPD/big.jsonl"
for fmt in jsonl csv xml table; do
	"$MCTL" screen --policy "$SHIPPED" --date 2026-12-01 -F $fmt -j 1 "$TMPD/big.jsonl" > "$TMPD/j1.$fmt" 2> "$TMPD/j1.err"
	"$MCTL" screen --policy "$SHIPPED" --date 2026-12-01 -F $fmt -j 2 "$TMPD/big.jsonl" > "$TMPD/j2.$fmt" 2> "$TMPD/j2.err"
	"$MCTL" screen --policy "$SHIPPED" --date 2026-12-01 -F $fmt -j 5 "$TMPD/big.jsonl" > "$TMPD/j5.$fmt" 2>/dev/null
	if cmp -s "$TMPD/j1.$fmt" "$TMPD/j2.$fmt" && cmp -s "$TMPD/j1.$fmt" "$TMPD/j5.$fmt"; then ok "$fmt: -j 2 and -j 5 give the report of -j 1"
	else fail "$fmt: -j 2 or -j 5 differ from -j 1" "$(diff "$TMPD/j1.$fmt" "$TMPD/j2.$fmt" | head -5)"; fi
done
expect_eq "jsonl: one line per record" "$(wc -l < "$TMPD/j1.jsonl" | tr -d ' ')" 1083
expect_eq "the summaries agree" "$(cat "$TMPD/j2.err")" "$(cat "$TMPD/j1.err")"

# --- many small inputs: with -j N the JSON Lines records are parsed by the workers after reading
# moved on to later files, so an input stays open until its records are written; past 64 such
# inputs reading waits (700 files: empty ones, blank ones, bad lines, a CSV among them) ---
mkdir "$TMPD/many"
cat "$EX" "$top_srcdir/tests/eval/records.jsonl" | head -n 300 > "$TMPD/first300"
k=0; while [ $k -lt 700 ]; do
	f=$(printf '%s/many/d%03d.jsonl' "$TMPD" $k); i=$((k % 290 + 1))
	case $((k % 5)) in
	0) : > "$f" ;;                                          # empty
	1) sed -n "${i}p" "$TMPD/first300" > "$f" ;;             # one record
	2) sed -n "${i},$((i + 2))p" "$TMPD/first300" > "$f"; echo '{"id": 5, "description": 7}' >> "$f" ;;
	3) printf '\n\n' > "$f" ;;                                # blank lines only
	4) sed -n "${i},$((i + 1))p" "$TMPD/first300" > "$f" ;;
	esac
	k=$((k + 1))
done
printf 'id,description,to\nCSV-1,gallium ingots,US\n' > "$TMPD/many/d350.csv"
for j in 1 2 3 8; do
	"$MCTL" screen --policy "$SHIPPED" --date 2026-12-01 -j $j "$TMPD/many" > "$TMPD/many.$j" 2> "$TMPD/many.$j.err"
	echo "rc=$?" >> "$TMPD/many.$j.err"
done
# by construction: 140 files of 1 record, 140 of 3 records and a bad line, 140 of 2, the CSV's 1
expect_eq "many inputs: one line per record or error" "$(wc -l < "$TMPD/many.1" | tr -d ' ')" $((140 + 140 * 4 + 140 * 2 + 1))
expect_eq "many inputs: the 140 bad lines are errors" "$(grep -c '"error"' "$TMPD/many.1")" 140
expect_match "many inputs: a bad line is cited in its file" "$(cat "$TMPD/many.1.err")" 'd697.jsonl: line 4: .description. must be a string'
for j in 2 3 8; do
	if cmp -s "$TMPD/many.1" "$TMPD/many.$j" && cmp -s "$TMPD/many.1.err" "$TMPD/many.$j.err"; then
		ok "many inputs: -j $j gives the report and the messages of -j 1"
	else fail "many inputs: -j $j differs from -j 1" "$(diff "$TMPD/many.1" "$TMPD/many.$j" | head -5; diff "$TMPD/many.1.err" "$TMPD/many.$j.err" | head -5)"; fi
done
expect_match "summary" "$(tail -1 "$TMPD/j1.err")" '1082 records screened: .*; 1 line errors$'

# --- XML: valid against doc/report.xsd, positions, summary ---
if command -v xmllint > /dev/null; then
	if xmllint --noout --schema "$XSD" "$TMPD/j1.xml" 2> "$TMPD/xerr"; then ok "xml: the report follows doc/report.xsd"
	else fail "xml: the report does not follow doc/report.xsd" "$(head -5 "$TMPD/xerr")"; fi
	expect_eq "xml: one result or error per record" "$(grep -c '<result \|<error ' "$TMPD/j1.xml")" 1083
	expect_match "xml: the error at its line" "$(cat "$TMPD/j1.xml")" '<error file="[^"]*big\.jsonl" line="41">invalid JSON'
	expect_match "xml: summary" "$(tail -2 "$TMPD/j1.xml" | tr -d '\n')" '<summary records="1082" .* errors="1"/></screening>$'
	"$MCTL" screen --policy "$MINIMAL" -F xml "$TMPD/dir" 2>/dev/null | xmllint --noout --schema "$XSD" - 2> "$TMPD/xerr"
	expect_eq "xml: a report with errors and several files is valid too" "$?" 0
	: > "$TMPD/empty.jsonl"
	"$MCTL" screen --policy "$MINIMAL" -F xml "$TMPD/empty.jsonl" 2>/dev/null | xmllint --noout --schema "$XSD" - 2>/dev/null
	expect_eq "xml: an empty report is valid" "$?" 0
else
	echo "# xmllint not installed (libxml2-utils): XML schema checks skipped"
fi

# --- CSV and table name the file; --only-flagged ---
expect_match "csv: the file column" "$(sed -n 2p "$TMPD/j1.csv")" '^1,DEC-2026-0001,[a-z_]+,.*,[^,]*big\.jsonl,20[0-9-]{8},cn-strategic-minerals,2026\.11\.1,sha256:[0-9a-f]{64}$'
expect_match "table: the file heading" "$(sed -n 2p "$TMPD/j1.table")" '^-- .*big\.jsonl$'
clear_re='"verdict":"clear",.*"flags":\[\],'
n_clear=$(grep -c "$clear_re" "$TMPD/j1.jsonl")
"$MCTL" screen --policy "$SHIPPED" --date 2026-12-01 --only-flagged "$TMPD/big.jsonl" > "$TMPD/flagged.jsonl" 2> "$TMPD/flagged.err"
expect_eq "--only-flagged leaves out exactly the clear records without flags" \
	"$(wc -l < "$TMPD/flagged.jsonl" | tr -d ' ')" "$((1083 - n_clear))"
expect_eq "--only-flagged: nothing clear and unflagged is left" "$(grep -c "$clear_re" "$TMPD/flagged.jsonl")" 0
expect_eq "--only-flagged: clear records with a flag are kept" "$(grep -c '"verdict":"clear",' "$TMPD/flagged.jsonl")" \
	"$(($(grep -c '"verdict":"clear",' "$TMPD/j1.jsonl") - n_clear))"
expect_eq "--only-flagged: errors are kept" "$(grep -c '^{"line":41,' "$TMPD/flagged.jsonl")" 1
expect_eq "--only-flagged: the summary still counts every record" "$(cat "$TMPD/flagged.err")" "$(cat "$TMPD/j1.err")"
"$MCTL" screen --policy "$SHIPPED" --date 2026-12-01 --only-flagged -F csv -j 2 "$TMPD/big.jsonl" > "$TMPD/flagged.csv" 2>/dev/null
expect_eq "--only-flagged csv: the same records" "$(wc -l < "$TMPD/flagged.csv" | tr -d ' ')" "$((1083 - n_clear + 1))"

# --- the progress bar: on a terminal only ---
if command -v script > /dev/null && script -qec true /dev/null > /dev/null 2>&1; then
	script -qec "'$MCTL' screen --policy '$MINIMAL' -j 2 '$TMPD/big.jsonl' > /dev/null" /dev/null > "$TMPD/tty" 2>&1
	expect_match "progress: records, rate, share and ETA on a terminal" "$(tr '\r' '\n' < "$TMPD/tty")" \
		'[0-9]+ records  [0-9]+ records/s  +[0-9]+%  ETA [0-9]+:[0-9]{2}:[0-9]{2}$'
	esc=$(printf '\033')
	expect_match "progress: the line is cleared before the summary" "$(tr '\r' '\n' < "$TMPD/tty" | grep -a . | tail -1)" \
		"^$esc\\[Kmineralctl: [0-9]+ records screened"
else
	echo "# script(1) cannot make a terminal here: progress bar on a terminal not checked"
fi
expect_eq "progress: nothing but the summary when stderr is a file" "$(grep -c 'records/s' "$TMPD/j2.err")" 0

# --- SIGINT: stop reading, write what is decided, close the report, exit 130 ---
# An endless input: the example declarations over and over, through a FIFO.
"$MCTL" screen --policy "$SHIPPED" --date 2026-12-01 "$EX" > "$TMPD/ref.jsonl" 2>/dev/null
interrupt() { # FORMAT [OPTIONS...]: screens the endless input with -j 2, interrupts it; leaves $TMPD/int.*
	fmt=$1; shift
	rm -f "$TMPD/fifo"; mkfifo "$TMPD/fifo"
	: > "$TMPD/int.out"; : > "$TMPD/int.err"
	(while cat "$EX" 2>/dev/null; do :; done) > "$TMPD/fifo" & feeder=$!
	"$MCTL" screen --policy "$SHIPPED" --date 2026-12-01 -j 2 -F "$fmt" "$@" "$TMPD/fifo" >> "$TMPD/int.out" 2>> "$TMPD/int.err" &
	pid=$!
	# the signal handler is in place once output appears (a background job of sh starts with SIGINT ignored)
	n=0
	while [ "$(wc -l < "$TMPD/int.out")" -lt 400 ] && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
	# a watchdog, so a screen that ignores the signal fails the test instead of hanging it
	(n=0; while [ $n -lt 600 ] && kill -0 $pid 2>/dev/null; do sleep 0.1; n=$((n + 1)); done; kill -KILL $pid 2>/dev/null) &
	kill -INT $pid
	wait $pid; int_rc=$?
	kill $feeder 2>/dev/null; wait $feeder 2>/dev/null
}
interrupt jsonl --audit "$TMPD/int.audit"
expect_eq "SIGINT: exit 130" "$int_rc" 130
expect_match "SIGINT: the summary says so" "$(tail -1 "$TMPD/int.err")" 'interrupted: [0-9]+ records screened'
lines=$(wc -l < "$TMPD/int.out" | tr -d ' ')
[ "$lines" -ge 400 ] && ok "SIGINT: $lines records written before the signal" || fail "SIGINT: only $lines records written"
expect_eq "SIGINT: output ends at a record boundary" "$(tail -c 1 "$TMPD/int.out" | od -An -c | tr -d ' ')" '\n'
expect_eq "SIGINT: every record decided is written" "$lines" "$(tail -1 "$TMPD/int.err" | sed 's/.*interrupted: \([0-9]*\) records.*/\1/')"
# line k of the output is line ((k-1) mod 40)+1 of the uninterrupted report: nothing lost, nothing reordered
bad=$(awk -v ref="$TMPD/ref.jsonl" 'BEGIN { while ((getline l < ref) > 0) r[n++] = l } $0 != r[(NR - 1) % n] { print NR; exit }' "$TMPD/int.out")
expect_eq "SIGINT: the records written are the input's first ones, in order" "$bad" ""
expect_eq "SIGINT: the audit trail has a line per decision written" "$(wc -l < "$TMPD/int.audit" | tr -d ' ')" "$lines"
if command -v xmllint > /dev/null; then
	interrupt xml
	expect_eq "SIGINT xml: exit 130" "$int_rc" 130
	if xmllint --noout --schema "$XSD" "$TMPD/int.out" 2> "$TMPD/xerr"; then ok "SIGINT xml: the report is closed and valid"
	else fail "SIGINT xml: the report is not closed or not valid" "$(tail -3 "$TMPD/int.out"; head -3 "$TMPD/xerr")"; fi
fi
interrupt csv
expect_eq "SIGINT csv: exit 130" "$int_rc" 130
expect_eq "SIGINT csv: a header and a row per record" "$(($(wc -l < "$TMPD/int.out") - 1))" \
	"$(tail -1 "$TMPD/int.err" | sed 's/.*interrupted: \([0-9]*\) records.*/\1/')"
finish
