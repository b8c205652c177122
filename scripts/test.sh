#!/usr/bin/env bash
# Runs the whole test suite on a fresh Debian machine with the .NET SDK: installs what the tests need
# (Debian's chromium for the browser tests, PostgreSQL server binaries for the integration tests, LibreOffice Calc
# to open the compliance workbooks), builds once,
# then runs each category and prints the counts. Exit status is non-zero if anything failed.
# The SqlServer category (the provider tests against a live SQL Server) runs only when
# ConnectionStrings__SqlServerTests is set: no SQL Server can run on our machines (README, "SQL Server").
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/soffice ] || missing+=(libreoffice-calc-nogui)   # opens the compliance workbooks in tests
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing ${missing[*]} from Debian's packages..."
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Escalation.sln -c Release -nologo -v quiet

categories=(Unit Sqlite Postgres Browser)
if [ -n "${ConnectionStrings__SqlServerTests:-}" ]; then
    categories+=(SqlServer)
else
    echo "Not running the SqlServer category: ConnectionStrings__SqlServerTests is not set (see README, \"SQL Server\")."
fi

results=$(mktemp -d)
failed=0
for category in "${categories[@]}"; do
    echo "== $category tests"
    if ! dotnet test Escalation.Tests/Escalation.Tests.csproj -c Release --no-build --nologo \
        --filter "Category=$category" --logger "trx;LogFileName=$category.trx" --results-directory "$results" \
        -- xUnit.DiagnosticMessages=false; then
        failed=1
    fi
done

# Every test must belong to a category, or it would silently never run. Benchmark measures and is run by
# scripts/benchmark-live.sh, whose figures go into BENCHMARKS.md.
listing=$(dotnet test Escalation.Tests/Escalation.Tests.csproj -c Release --no-build --nologo --list-tests \
    --filter "Category!=Unit&Category!=Sqlite&Category!=Postgres&Category!=SqlServer&Category!=Browser&Category!=Benchmark" 2>&1 || true)
if ! grep -q "No test matches the given testcase filter" <<<"$listing"; then
    echo "error: tests without a Category trait (Unit, Sqlite, Postgres, SqlServer, Browser or Benchmark):" >&2
    sed -n '/The following Tests are available/,$p' <<<"$listing" >&2
    failed=1
fi

total_passed=0
total_failed=0
echo
echo "Tests by category:"
for category in "${categories[@]}"; do
    trx="$results/$category.trx"
    passed=0; fails=0
    if [ -f "$trx" ]; then
        passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
        fails=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | grep -o '[0-9]*')
    else
        fails=1
    fi
    printf '  %-9s %4s passed, %s failed\n' "$category" "$passed" "$fails"
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + fails))
done
echo "Total: $total_passed passed, $total_failed failed"
[ -n "${ConnectionStrings__SqlServerTests:-}" ] || echo "  SqlServer   not run (ConnectionStrings__SqlServerTests not set)"
rm -rf "$results"

if [ "$failed" -ne 0 ] || [ "$total_failed" -ne 0 ] || [ "$total_passed" -eq 0 ]; then
    exit 1
fi
