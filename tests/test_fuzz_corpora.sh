#!/bin/sh
# Replays every fuzz target's seed corpus and kept regression inputs through
# the same entry point libFuzzer drives (without libFuzzer): a crash, a
# sanitizer report or a failed invariant fails the check.
. "$(dirname "$0")/cli/lib.sh"
for t in policy classify code normalize jsonl csv wco; do
	dirs="$top_srcdir/fuzz/corpus/$t"
	[ -d "$top_srcdir/fuzz/regressions/$t" ] && dirs="$dirs $top_srcdir/fuzz/regressions/$t"
	n=$(find $dirs -type f | wc -l)
	out=$(MINERALCTL_POLICY="$top_srcdir/policies/cn" "$top_builddir/fuzz/replay_$t" $dirs 2>&1)
	expect_eq "fuzz target $t replays its $n inputs cleanly" "$?:$(printf '%s\n' "$out" | tail -1)" "0:$n inputs replayed"
done
finish
