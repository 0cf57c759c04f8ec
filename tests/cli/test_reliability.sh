#!/bin/sh
# Signed bundles through the CLI (keygen, sign, verify, --trust, --quorum) and
# screen --watch reloading a bundle between batches.
. "$(dirname "$0")/lib.sh"

# ---- signing ----
B="$TMPD/b"
cp -r "$MINIMAL" "$B"
"$MCTL" bundle seal "$B" > /dev/null || fail "seal"
"$MCTL" bundle keygen compliance "$TMPD/comp" > /dev/null
"$MCTL" bundle keygen legal "$TMPD/legal" > /dev/null
expect_eq "keygen: the secret key is readable by its owner only" "$(stat -c %a "$TMPD/comp.key")" 600
expect_match "keygen: a public key line" "$(cat "$TMPD/comp.pub")" '^mineralctl-ed25519 [A-Za-z0-9+/=]{44} compliance$'
"$MCTL" bundle keygen compliance "$TMPD/comp" > /dev/null 2>&1
expect_eq "keygen never overwrites a key" "$?" 1
"$MCTL" --trust "$TMPD/comp.pub" bundle verify "$B" > /dev/null 2> "$TMPD/err"
expect_eq "verify: an unsigned bundle fails" "$?" 1
expect_match "verify: and says so" "$(cat "$TMPD/err")" 'bundle is not signed'
"$MCTL" bundle sign "$B" "$TMPD/comp.key" > /dev/null
"$MCTL" --trust "$TMPD/comp.pub" bundle verify "$B" > "$TMPD/out"
expect_eq "verify: signed by the trusted key" "$?" 0
"$MCTL" --trust "$TMPD/comp.pub" --trust "$TMPD/legal.pub" --quorum 2 bundle verify "$B" > /dev/null 2> "$TMPD/err"
expect_eq "quorum 2 with one signature fails" "$?" 1
expect_match "and names who signed" "$(cat "$TMPD/err")" '1 valid signature from trusted keys \(compliance\), 2 required'
"$MCTL" bundle sign "$B" "$TMPD/legal.key" > /dev/null
MINERALCTL_TRUST="$TMPD/comp.pub:$TMPD/legal.pub" MINERALCTL_QUORUM=2 \
	"$MCTL" classify -p "$B" --to US --date 2026-12-01 "Gallium metal ingots" > "$TMPD/out" 2>&1
expect_eq "classify with trust from the environment: both signed" "$?" 0
expect_match "and it decides" "$(cat "$TMPD/out")" '^verdict: prohibited'
echo "# edited after signing" >> "$B/lexicon.yaml"
"$MCTL" --trust "$TMPD/comp.pub" screen -p "$B" "$top_srcdir/examples/declarations.jsonl" > /dev/null 2> "$TMPD/err"
expect_eq "screen refuses a bundle changed after signing" "$?" 2
expect_match "naming the file" "$(cat "$TMPD/err")" "lexicon.yaml' does not match its digest"
"$MCTL" bundle seal "$B" > /dev/null
"$MCTL" --trust "$TMPD/comp.pub" bundle verify "$B" > /dev/null 2> "$TMPD/err"
expect_eq "resealed: the old signatures no longer verify" "$?" 1
expect_match "and says why" "$(cat "$TMPD/err")" 'does not verify'
"$MCTL" --trust "$TMPD/comp.key" bundle verify "$B" > /dev/null 2> "$TMPD/err"
expect_match "a secret key given as trust is refused" "$(cat "$TMPD/err")" 'SECRET'

# ---- screen --watch ----
W="$TMPD/w"
cp -r "$MINIMAL" "$W"
mkfifo "$TMPD/feed"
# 64 records fill a batch: each batch is decided by one policy, taken when it starts
batch() { i=0; while [ $i -lt 64 ]; do echo '{"description":"Unwrought metal, other","code":"8112999000","to":"US","date":"2026-12-01"}'; i=$((i + 1)); done; }
"$MCTL" screen --watch -p "$W" "$TMPD/feed" > "$TMPD/watch.out" 2> "$TMPD/watch.err" &
pid=$!
exec 3> "$TMPD/feed"
batch >&3
n=0; while [ "$(wc -l < "$TMPD/watch.out")" -lt 64 ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
cp "$top_srcdir/tests/data/valid/minimal-v2/controls/items.yaml" "$W/controls/items.yaml" # v2 lists 8112999000
sleep 1.2
batch >&3
n=0; while [ "$(wc -l < "$TMPD/watch.out")" -lt 128 ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n + 1)); done
echo 'items: [ broken' > "$W/controls/thresholds.yaml"
sleep 1.2
batch >&3
exec 3>&-
wait $pid
expect_eq "watch: exit 0" "$?" 0
expect_eq "watch: the first batch, decided by the first version, is clear" \
	"$(sed -n 1,64p "$TMPD/watch.out" | grep -c '"verdict":"clear"')" 64
expect_eq "watch: after the change, the code is listed: prohibited" \
	"$(sed -n 65,128p "$TMPD/watch.out" | grep -c '"verdict":"prohibited"')" 64
expect_match "watch: the reload is reported" "$(cat "$TMPD/watch.err")" 'policy reloaded: test-minimal 1.0'
expect_match "watch: a broken bundle is not loaded, and says why" "$(cat "$TMPD/watch.err")" \
	'policy not reloaded \(syntax error\), still screening with test-minimal 1.0'
expect_eq "watch: the last batch is still decided by the good version" \
	"$(sed -n 129,192p "$TMPD/watch.out" | grep -c '"verdict":"prohibited"')" 64
d1=$(sed -n 1p "$TMPD/watch.out" | sed 's/.*"digest":"\([^"]*\)".*/\1/')
d2=$(sed -n 65p "$TMPD/watch.out" | sed 's/.*"digest":"\([^"]*\)".*/\1/')
d3=$(sed -n 129p "$TMPD/watch.out" | sed 's/.*"digest":"\([^"]*\)".*/\1/')
[ "$d1" != "$d2" ] && [ "$d2" = "$d3" ] && ok "watch: each result names the digest of the policy that decided it" \
	|| fail "watch: digests $d1 $d2 $d3"
finish
