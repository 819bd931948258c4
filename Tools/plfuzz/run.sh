#!/bin/sh
# Builds the libFuzzer target over the JSON Lines reader, the event decoder and the rules, and runs it.
#
#   Tools/plfuzz/run.sh MINUTES [libFuzzer options…]
#
# Runs from the package root. The sanitized build lives in .build-fuzz (ignored by git), apart from .build.
# The seed corpus (Tools/plfuzz/corpus) is copied to a temporary folder, so the repository's stays small;
# findings (crash-*, timeout-*, oom-*) are written to Tools/plfuzz/findings/. A finding is reproduced
# without the fuzzer by `swift run plfuzz FILE`.
set -eu
minutes=${1:?usage: Tools/plfuzz/run.sh MINUTES [libFuzzer options...]}
shift
cd "$(dirname "$0")/../.."
swift build -c release --product plfuzz --scratch-path .build-fuzz \
    --sanitize=fuzzer --sanitize=address -Xswiftc -DPLFUZZ
binary=$(swift build -c release --product plfuzz --scratch-path .build-fuzz \
    --sanitize=fuzzer --sanitize=address -Xswiftc -DPLFUZZ --show-bin-path)/plfuzz
work=$(mktemp -d "${TMPDIR:-/tmp}/plfuzz.XXXXXX")
cp Tools/plfuzz/corpus/* "$work/"
mkdir -p Tools/plfuzz/findings
echo "plfuzz: corpus copy in $work, findings in Tools/plfuzz/findings, $minutes minute(s)"
# -timeout: an input taking over 10 s is a hang; -rss_limit_mb: over 2 GiB is an out-of-memory.
"$binary" -max_total_time=$((minutes * 60)) -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -artifact_prefix=Tools/plfuzz/findings/ -print_final_stats=1 "$@" "$work"
