#!/usr/bin/env bash
# Runs the engine benchmark (docs in BENCHMARKS.md) on SQLite and on a private PostgreSQL cluster started here
# (initdb + pg_ctl on a free loopback port, as the postgres user when run as root). Markdown goes to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 Logging__Console__LogToStandardErrorThreshold=Trace
dotnet build Escalation.Web -c Release -nologo -v quiet >&2

providers=${*:-Sqlite Postgres}
for provider in $providers; do
    if [ "$provider" = Sqlite ]; then
        dotnet Escalation.Web/bin/Release/net10.0/Escalation.Web.dll benchmark-engine --provider Sqlite
        continue
    fi
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    root=$(mktemp -d /tmp/escalation-bench-pg-XXXX)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    [ "$(id -u)" -eq 0 ] && chown postgres: "$root"
    run "$bin/initdb" -D "$root/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
    run "$bin/pg_ctl" -D "$root/data" -l "$root/log" -w -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    trap 'run "$bin/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null; rm -rf "$root"' EXIT
    run "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres escalation_bench
    dotnet Escalation.Web/bin/Release/net10.0/Escalation.Web.dll benchmark-engine --provider Postgres \
        --connection "Host=127.0.0.1;Port=$port;Username=postgres;Database=escalation_bench;Maximum Pool Size=100"
done
