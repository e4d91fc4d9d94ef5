#!/usr/bin/env bash
# What one more user costs: the app on the 100,000-company benchmark database and the bare
# `dotnet new blazor --interactivity Server` template, both published (Release) and started side by side on loopback,
# measured with ../shared/tools/circuit-load under the same load; prints each page's figures as ratios to the template.
#
#   Erhvervsdialog.Benchmarks/circuit-load/run.sh            # 100 circuits open, 5 clicking (about 15 minutes)
#   CIRCUITS=50 JOURNEYS="company-list-paging" Erhvervsdialog.Benchmarks/circuit-load/run.sh
#   TEMPLATE=0 JOURNEYS="company-page:overview" .../run.sh   # again for some pages, template figures from before
#
# Needs Node, /usr/bin/chromium and the .NET SDK; nothing leaves loopback. Output and the data folder go to $OUT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
OUT="${OUT:-${TMPDIR:-/tmp}/erhvervsdialog-circuit-load}"
TOOL_SOURCE="${CIRCUIT_LOAD:-$root/../shared/tools/circuit-load}"
CIRCUITS="${CIRCUITS:-100}"
JOURNEYS="${JOURNEYS:-company-list-paging:company-list-sorting contacts-paging:contacts-sorting company-page:overview}"
APP_PORT=5471
TEMPLATE_PORT=5472
mkdir -p "$OUT"

# The tool, its one npm package and the .NET diagnostics tools, in $OUT (the shared copy stays untouched).
tool="$OUT/tool"
if [ ! -d "$tool/node_modules" ]; then
  rm -rf "$tool" && cp -r "$TOOL_SOURCE" "$tool" && (cd "$tool" && npm ci --silent)
fi
for t in dotnet-gcdump dotnet-counters; do
  [ -x "$tool/.dntools/$t" ] || dotnet tool install "$t" --version 10.0.750501 --tool-path "$tool/.dntools" > /dev/null
done

echo "== publishing the app and the bare template (Release)"
dotnet publish "$root/Erhvervsdialog.Web" -c Release -o "$OUT/app" -v quiet -nologo > "$OUT/publish.log"
if [ ! -f "$OUT/template/BlazorTemplate.dll" ]; then
  rm -rf "$OUT/template-src"
  dotnet new blazor --interactivity Server -o "$OUT/template-src/BlazorTemplate" > /dev/null
  dotnet publish "$OUT/template-src/BlazorTemplate" -c Release -o "$OUT/template" -v quiet -nologo >> "$OUT/publish.log"
fi

echo "== data folder: the 100,000-company benchmark database, a year of history, one director"
export CL_USER=direktoer
CL_PASS="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')Aa1!"
export CL_PASS
(umask 077 && echo "$CL_PASS" > "$OUT/password") # for looking around by hand afterwards (user direktoer)
rm -rf "$OUT/data"
company="$(dotnet run -c Release --project "$root/Erhvervsdialog.Benchmarks" -- circuit-load-data "$OUT/data" "$CL_PASS" | sed -n 's/^company=//p')"
mkdir -p "$OUT/journeys"
for f in "$here"/journeys/*.json; do sed "s/COMPANY_ID/$company/" "$f" > "$OUT/journeys/$(basename "$f")"; done

pids=()
stop_all() { # each server, and wait until it has let go of its port and data folder
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; wait "$p" 2> /dev/null || true; done; pids=()
}
trap stop_all EXIT
wait_for() { # url: up to 90 s
  for _ in $(seq 1 180); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "not answering: $1" >&2; return 1
}
start_template() {
  (cd "$OUT/template" && exec env ASPNETCORE_URLS="http://127.0.0.1:$TEMPLATE_PORT" ASPNETCORE_ENVIRONMENT=Production \
    dotnet BlazorTemplate.dll) > "$OUT/template.log" 2>&1 &
  template_pid=$!; pids+=("$template_pid"); wait_for "http://127.0.0.1:$TEMPLATE_PORT/counter"
}
start_app() {
  (cd "$OUT/app" && exec env ASPNETCORE_URLS="http://127.0.0.1:$APP_PORT" ASPNETCORE_ENVIRONMENT=Production \
    Erhvervsdialog__DataFolder="$OUT/data" Erhvervsdialog__SignIn__TwoFactorRoles= Logging__LogLevel__Default=Warning \
    dotnet Erhvervsdialog.Web.dll) > "$OUT/app.log" 2>&1 &
  app_pid=$!; pids+=("$app_pid"); wait_for "http://127.0.0.1:$APP_PORT/log-ind"
}
measure() { # url pid journey [baseline]
  local args=(--url "$1" --pid "$2" --journey "$OUT/journeys/$3.json" --circuits "$CIRCUITS" --active 5
    --dotnet-tools "$tool/.dntools" --json-out "$results")
  [ -n "${4:-}" ] && args+=(--baseline "$OUT/journeys/$4.json")
  CIRCUIT_LOAD_TOOL="$tool" node "$tool/circuit-load.js" "${args[@]}" > "$OUT/$3.txt" 2> "$OUT/$3.log"
  sed -n '1,/^{/p' "$OUT/$3.txt" | grep -v '^{' || true
}

results="$OUT/results-$(date +%Y%m%d-%H%M%S).jsonl"
start_template
if [ "${TEMPLATE:-1}" = 1 ]; then # TEMPLATE=0 reuses an earlier run's template figures (summarize.js reads both files)
  echo "== the bare template's counter, $CIRCUITS circuits open"
  measure "http://127.0.0.1:$TEMPLATE_PORT" "$template_pid" template-counter
fi
for pair in $JOURNEYS; do
  # A fresh app per run: RSS figures need it, and no run inherits another's circuits.
  stop_all; start_template; start_app
  echo "== ${pair/:/ and }, $CIRCUITS circuits open"
  measure "http://127.0.0.1:$APP_PORT" "$app_pid" "${pair%%:*}" "$([ "$pair" != "${pair#*:}" ] && echo "${pair#*:}")"
done
echo "== sign-in → Overblik on a warm app"
CIRCUIT_LOAD_TOOL="$tool" node "$here/signin-timing.js" "http://127.0.0.1:$APP_PORT" 10
stop_all
echo
node "$here/summarize.js" "$CIRCUITS" "$OUT"/results-*.jsonl
echo "(all figures: $results)"
