#!/usr/bin/env bash
# The browser-side figures of this tree against one or more baseline commits, run side by side on this machine,
# alternating: the board after an acknowledgment (median of 20), the board's first load with an empty cache (median
# of 10: bytes on the wire, time to a live circuit), a critical lab result's POST to the nurse's open inbox (20) and
# the FHIR intake's throughput (a 50-result bundle POSTed 20 times: results/s, p50, p99).
# The baseline gets this tree's Benchmarks/ files, so both sides measure the same way.
# Usage: bash scripts/benchmark-compare.sh <baseline-commit>[,<another>...] [rounds, default 2]
# Needs what scripts/test.sh installs (chromium). Prints one line per figure, side and round.
set -euo pipefail
cd "$(dirname "$0")/.."
bases=${1:?usage: benchmark-compare.sh <baseline-commit>[,<baseline-commit>...] [rounds]}
rounds=${2:-2}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
tmp=$(mktemp -d)
IFS=, read -ra commits <<<"$bases"
trap 'for c in "${commits[@]}"; do git worktree remove --force "$tmp/$c" >/dev/null 2>&1 || true; done; rm -rf "$tmp"' EXIT
for c in "${commits[@]}"; do
    git worktree add -q --detach "$tmp/$c" "$c"
    cp Escalation.Tests/Benchmarks/*.cs "$tmp/$c/Escalation.Tests/Benchmarks/"
done

for side in "${commits[@]/#/$tmp/}" .; do
    (cd "$side" && dotnet build Escalation.Tests -c Release -nologo -v quiet >&2)
done

measure() { # directory, label
    (
        cd "$1"
        rm -f TestResults/live-latency.txt TestResults/board-first-load.txt TestResults/fhir-to-inbox-latency.txt TestResults/fhir-intake-throughput.txt
        dotnet test Escalation.Tests -c Release --no-build --nologo \
            --filter "Category=Benchmark|FullyQualifiedName~FhirToInboxLatencyTests" >/dev/null 2>&1 || echo "$2: a run failed" >&2
        for figure in live-latency board-first-load fhir-to-inbox-latency fhir-intake-throughput; do
            if [ -f "TestResults/$figure.txt" ]; then echo "$2 | $(cut -c1-220 "TestResults/$figure.txt")"; else echo "$2 | $figure: no result"; fi
        done
    )
}

for round in $(seq 1 "$rounds"); do
    for c in "${commits[@]}"; do
        measure "$tmp/$c" "baseline $c round $round"
    done
    measure . "current round $round"
done
