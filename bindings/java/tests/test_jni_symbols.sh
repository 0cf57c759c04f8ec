#!/bin/sh
# libmineralctl_jni exports exactly the native methods the generated mineralctlJNI.java
# declares, under their JNI names, and nothing else (the SWIG helpers stay local). A
# mismatch would surface only as an UnsatisfiedLinkError the first time a method is called.
set -u
: "${builddir:?}" "${top_srcdir:?}"
lib="$builddir/.libs/libmineralctl_jni.so"
jni="$top_srcdir/bindings/java/gen/org/mineralctl/swig/mineralctlJNI.java"
[ -f "$lib" ] || { echo "SKIP: $lib not built"; exit 77; }
command -v nm >/dev/null || { echo "SKIP: nm missing"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRW]$/ {print $3}' | sed 's/@.*//' | sort -u > "$tmp/exported"
# "public final static native long new_Policy(byte[] jarg1) ..." -> Java_..._new_1Policy
sed -n 's/.* native [^ ]* \([A-Za-z0-9_]*\)(.*/\1/p' "$jni" | sed 's/_/_1/g; s/^/Java_org_mineralctl_swig_mineralctlJNI_/' | sort -u > "$tmp/declared"
n=$(wc -l < "$tmp/declared")
if [ "$n" -lt 50 ]; then echo "FAIL: only $n native methods found in $jni"; echo "0 passed, 1 failed"; exit 1; fi
if diff -u "$tmp/declared" "$tmp/exported"; then
	echo "ok   - $n native methods, each exported under its JNI name, nothing else exported"
	echo "1 passed, 0 failed"
else
	echo "FAIL - exports differ from the native methods of mineralctlJNI.java (- declared, + exported)"
	echo "0 passed, 1 failed"; exit 1
fi
