#!/usr/bin/env bash
# Runs every test in the solution and prints "N passed, N failed" (", N skipped" if any) as the last line.
# On a fresh Debian machine with the .NET SDK it first installs what the tests need (Chromium for the browser
# tests, poppler-utils for looking at PDFs, faketime for running the suite with the clock far ahead, nginx for the
# two-node test) when run as root,
# and starts a throwaway PostgreSQL cluster (scripts/throwaway-postgres.sh) for the tests that run on both providers.
set -uo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installerer ${missing[*]} …"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    # The package starts nginx on port 80; the two-node test runs its own on a loopback port.
    (service nginx stop || nginx -s quit) >/dev/null 2>&1 || true
  else
    echo "Mangler ${missing[*]}: kør som root, eller installér med: sudo apt-get install ${missing[*]}" >&2
    echo "Browsertestene fejler uden Chromium; de springes aldrig over." >&2
  fi
fi

results="test-output/results"
rm -rf "$results"
mkdir -p "$results"

dotnet tool restore >/dev/null
if ! dotnet build Erhvervsdialog.sln -nologo -v quiet; then
  echo "Bygningen fejlede." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# Code style is part of the build's rules (.editorconfig); dotnet format checks what the compiler does not.
format_failed=0
if ! dotnet format Erhvervsdialog.sln --verify-no-changes -v quiet; then
  echo "dotnet format --verify-no-changes fandt kode, der ikke følger .editorconfig (ret med: dotnet format)." >&2
  format_failed=1
fi

# A throwaway PostgreSQL cluster (installed from Debian's packages when missing), stopped and removed at the end.
postgres_failed=0
if pg_env="$(scripts/throwaway-postgres.sh start)"; then
  eval "$pg_env"
  trap 'scripts/throwaway-postgres.sh stop "$ERHVERVSDIALOG_PG_FOLDER"' EXIT
else
  echo "PostgreSQL kunne ikke startes; testene på PostgreSQL fejler." >&2
  postgres_failed=1
fi

# A test that hangs is stopped after 5 minutes and reported by name (the blame "Sequence" file lists it), so a hang is
# a failure, never a stalled run.
dotnet test Erhvervsdialog.sln --no-build -nologo --blame-hang-timeout 5m --blame-hang-dump-type none \
  --logger "trx;LogFileName=sqlite.trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?

# Core's database tests again, on PostgreSQL (the backup and the write gate are SQLite's own).
if [ "$postgres_failed" -eq 0 ]; then
  ERHVERVSDIALOG_TEST_PROVIDER=PostgreSql dotnet test Erhvervsdialog.Tests --no-build -nologo --blame-hang-timeout 5m \
    --blame-hang-dump-type none --filter "FullyQualifiedName~Erhvervsdialog.Tests.Core&Provider!=SqliteOnly" \
    --logger "trx;LogFileName=postgresql.trx" --logger "console;verbosity=minimal" --results-directory "$results"
  status=$((status | $?))
fi

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed)
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + total - executed))
done
failed=$((failed + format_failed + postgres_failed))
if [ "$files" -eq 0 ]; then
  echo "Ingen testresultater fundet." >&2
  failed=$((failed + 1))
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the run itself failed (e.g. a crashed test host)
fi

if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
