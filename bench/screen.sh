#!/bin/sh
# make bench-screen (also run by make bench): mineralctl screen at scale, as ratios against
# baselines measured in the same run. Not part of make check: timings belong to the machine.
#
#  1. throughput: records/s of screen -j 2 (and -j 4) against screen -j 1 over the same
#     records (the example declarations and the labelled evaluation set, repeated);
#  2. streaming: a generated JSON Lines input of BENCH_GB gigabytes (default 1) screened with
#     -j 2, its peak resident memory against that of screening the first ~50 MB of it.
#
# usage: screen.sh MEASURE MINERALCTL POLICY SRCDIR [GB]
set -eu
measure=$1 mctl=$2 policy=$3 src=$4 gb=${5:-1}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mctl-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# RESULT of the last run(): wall seconds, CPU seconds (user + sys) and peak RSS (kB)
run() { # INPUT ARGS...
	input=$1; shift
	if ! "$measure" "$mctl" screen --policy "$policy" --date 2026-12-01 "$@" "$input" > /dev/null 2> "$tmp/err"; then
		cat "$tmp/err" >&2; echo "bench: screen failed" >&2; exit 1
	fi
	set -- $(grep '^measure:' "$tmp/err")
	wall=$3 cpu=$(awk -v u="$5" -v s="$7" 'BEGIN { print u + s }') rss=$9
}
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

cat "$src/examples/declarations.jsonl" "$src/tests/eval/records.jsonl" > "$tmp/corpus"
while [ "$(wc -l < "$tmp/corpus")" -lt 200000 ]; do
	cat "$tmp/corpus" "$tmp/corpus" > "$tmp/c2" && mv "$tmp/c2" "$tmp/corpus"
done
n=$(wc -l < "$tmp/corpus" | tr -d ' ')
mb=$(awk -v b="$(wc -c < "$tmp/corpus")" 'BEGIN { printf "%.0f", b / 1e6 }')

echo "mineralctl screen benchmark: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null); policy $(basename "$policy")"
echo "1. throughput: $n records ($mb MB of JSON Lines), report to /dev/null, best of 3"
echo "   (CPU: user + sys seconds of the best run; CPU ratio > 1 means threads cost extra work)"
printf '   %-18s %12s %8s %10s %10s\n' "" "records/s" "ratio" "CPU s" "CPU ratio"
best1= cpu1=
for j in 1 2 4; do
	best= bcpu=
	for k in 1 2 3; do
		run "$tmp/corpus" -j $j
		if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$wall bcpu=$cpu; fi
	done
	[ $j = 1 ] && best1=$best cpu1=$bcpu
	label="-j $j"; [ $j = 1 ] && label="-j 1 (baseline)"
	printf '   %-18s %12s %8s %10s %10s\n' "$label" "$(rate "$n" "$best")" "$(ratio "$best1" "$best")" "$bcpu" "$(ratio "$bcpu" "$cpu1")"
done

# 2. streaming: the corpus repeated to GB gigabytes
target=$(awk -v g="$gb" 'BEGIN { printf "%.0f", g * 1e9 }')
cp "$tmp/corpus" "$tmp/big"
while [ "$(wc -c < "$tmp/big")" -lt "$target" ]; do
	if [ $(( $(wc -c < "$tmp/big") * 2 )) -le "$target" ]; then cat "$tmp/big" "$tmp/big" > "$tmp/b2" && mv "$tmp/b2" "$tmp/big"
	else cat "$tmp/corpus" >> "$tmp/big"; fi
done
bn=$(wc -l < "$tmp/big" | tr -d ' ')
bmb=$(awk -v b="$(wc -c < "$tmp/big")" 'BEGIN { printf "%.0f", b / 1e6 }')
echo "2. streaming: $bn records ($bmb MB of JSON Lines), screen -j 2"
run "$tmp/corpus" -j 2
small_rss=$rss
run "$tmp/big" -j 2
printf '   %-32s %10s %10s\n' "" "peak RSS" "ratio"
printf '   %-32s %7s MB %10s\n' "$mb MB input (baseline)" "$(awk -v k="$small_rss" 'BEGIN { printf "%.1f", k / 1024 }')" "1.00"
printf '   %-32s %7s MB %10s\n' "$bmb MB input" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$(ratio "$rss" "$small_rss")"
echo "   $(rate "$bn" "$wall") records/s over the whole input ($wall s)"
