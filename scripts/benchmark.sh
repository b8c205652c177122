#!/usr/bin/env bash
# Runs the engine benchmark (docs in BENCHMARKS.md) on SQLite and on a private PostgreSQL cluster started here
# (initdb + pg_ctl on a free loopback port, as the postgres user when run as root). On that cluster, in the same
# run, pgbench commits the message-shaped transaction (scripts/pgbench-message.sql) from 16 clients, and the engine's
# figures are printed as a ratio of it; SQLite's own ceiling (one writer, WAL, synchronous=FULL) is measured by the
# command itself. Ends with the issue-17 targets table for every provider run. Markdown goes to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 Logging__Console__LogToStandardErrorThreshold=Trace
dotnet build Escalation.Web -c Release -nologo -v quiet >&2
app=Escalation.Web/bin/Release/net10.0/Escalation.Web.dll
summaries=$(mktemp -d /tmp/escalation-bench-summary-XXXX)
pg_root=
run() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    if [ -n "$pg_root" ]; then run "$bin/pg_ctl" -D "$pg_root/data" -m fast -w stop >/dev/null || true; rm -rf "$pg_root"; fi
    rm -rf "$summaries"
}
trap cleanup EXIT

providers=${*:-Sqlite Postgres}
for provider in $providers; do
    if [ "$provider" = Sqlite ]; then
        dotnet "$app" benchmark-engine --provider Sqlite --summary "$summaries/Sqlite.json"
        continue
    fi
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    pg_root=$(mktemp -d /tmp/escalation-bench-pg-XXXX)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    [ "$(id -u)" -eq 0 ] && chown postgres: "$pg_root"
    run "$bin/initdb" -D "$pg_root/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
    run "$bin/pg_ctl" -D "$pg_root/data" -l "$pg_root/log" -w -o "-p $port -k $pg_root -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    run "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres escalation_bench
    run "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres pgbench_message
    run "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d pgbench_message -v ON_ERROR_STOP=1 -c "
        CREATE TABLE message (id uuid PRIMARY KEY, tier text, subject text, body text, state text, created_at timestamptz, deadline_at timestamptz);
        CREATE INDEX ON message (state, deadline_at);
        CREATE TABLE delivery (id uuid PRIMARY KEY, message_id uuid, layer int, recipient text, channel text, at timestamptz);
        CREATE TABLE audit_entry (id bigserial PRIMARY KEY, at bigint, actor text, kind text, message_id uuid, detail text);
        CREATE TABLE outbox (id uuid PRIMARY KEY, idempotency_key text UNIQUE, message_id uuid, channel text, created_at timestamptz);" >&2
    cp scripts/pgbench-message.sql "$pg_root/message.sql" && chmod a+r "$pg_root/message.sql"
    pgbench_out=$(run "$bin/pgbench" -n -h 127.0.0.1 -p "$port" -U postgres -c 16 -j 2 -T 30 -f "$pg_root/message.sql" pgbench_message 2>&1)
    tps=$(echo "$pgbench_out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
    echo "pgbench (16 clients, 30 s, scripts/pgbench-message.sql) on the same cluster: $tps tx/s" >&2
    run "$bin/dropdb" -h 127.0.0.1 -p "$port" -U postgres pgbench_message
    dotnet "$app" benchmark-engine --provider Postgres --baseline-tps "$tps" --summary "$summaries/Postgres.json" \
        --connection "Host=127.0.0.1;Port=$port;Username=postgres;Database=escalation_bench;Maximum Pool Size=100"
done
dotnet "$app" benchmark-engine-summary "$summaries"/*.json
