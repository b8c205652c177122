#!/usr/bin/env bash
# Live-update latency: the charge nurse's board in Chromium after an acknowledgment (median of 20), and the
# board's first load with an empty cache (bytes on the wire, time to a live circuit; median of 10).
# Needs what the test command installs (chromium, PostgreSQL binaries); prints a line each and writes TestResults/live-latency.txt and board-first-load.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Escalation.Tests -c Release -nologo -v quiet >&2
dotnet test Escalation.Tests -c Release --no-build --filter "Category=Benchmark" --logger "console;verbosity=detailed" \
    | grep -E "board update after ACK|board first load" | sort -u
