#!/usr/bin/env bash
# Load test: every page of the archive at 50 connections for 30 s each with wrk, against a server it starts on
# loopback. Prints req/s, latency, errors and timeouts per page, and the server's RSS before and after.
#
#   tests/load/run-wrk.sh [STORE.db]        (default: the app's own store; needs `apt-get install -y wrk`)
#
# Environment: CONNECTIONS (50), DURATION (30s), THREADS (2), PORT (5399), ARTICLE (an id in the store; default
# the newest one). Loopback only, bounded: 11 pages x DURATION, about 6 minutes at the defaults. The server is the
# Release build of this checkout (built when missing); run it on a quiet machine, the figures are the machine's.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
store="${1:-}"
connections="${CONNECTIONS:-50}"
duration="${DURATION:-30s}"
threads="${THREADS:-2}"
port="${PORT:-5399}"
base="http://127.0.0.1:${port}"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }

dll="$root/src/ArabicNewsArchive.Web/bin/Release/net10.0/ArabicNewsArchive.Web.dll"
if [ ! -f "$dll" ]; then
  dotnet build "$root/src/ArabicNewsArchive.Web" -c Release >/dev/null
fi

if [ -n "$store" ]; then
  export ConnectionStrings__Archive="Data Source=$store"
fi
export MALLOC_ARENA_MAX=2 ASPNETCORE_ENVIRONMENT=Production
log="$(mktemp)"
# The project folder as content root, so the store path and the seeds resolve as with `dotnet run`.
(cd "$root/src/ArabicNewsArchive.Web" && exec dotnet "$dll" --urls "$base") >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$base/" && break
  sleep 1
done
curl -fs -o /dev/null "$base/" || { echo "server did not start:" >&2; cat "$log" >&2; exit 1; }

rss() { awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server/status"; }
ids=($(curl -fs "$base/api/articles?sort=date&pageSize=2" | grep -o '"id":"[^"]*"' | cut -d'"' -f4))
article="${ARTICLE:-${ids[0]}}"
other="${ids[1]:-$article}"
person="$(curl -fs "$base/api/people?pageSize=1" | sed -n 's/^\[{"slug":"\([^"]*\)".*/\1/p')"
q="$(printf 'الصين' | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')"

pages=(
  "/"
  "/?q=$q"
  "/articles/$article"
  "/people"
  "/people/$person"
  "/topics"
  "/topics/military"
  "/timeline"
  "/compare?a=$article&b=$other"
  "/docs"
  "/api/articles?q=$q"
)

echo "server RSS before: $(rss); $connections connections, $duration per page, $threads wrk threads"
printf '%-44s %10s %10s %10s %10s %8s %8s\n' page req/s p50 p99 max errors timeouts
for page in "${pages[@]}"; do
  out="$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s --latency "$base$page")"
  reqs="$(awk '/Requests\/sec/ { print $2 }' <<<"$out")"
  p50="$(awk '$1 == "50%" { print $2 }' <<<"$out")"
  p99="$(awk '$1 == "99%" { print $2 }' <<<"$out")"
  max="$(awk '$1 == "Latency" { print $4; exit }' <<<"$out")"
  errors="$(awk '/Non-2xx/ { print $5 }' <<<"$out")"
  timeouts="$(sed -n 's/.*timeout \([0-9]*\).*/\1/p' <<<"$out")"
  printf '%-44s %10s %10s %10s %10s %8s %8s\n' "${page:0:44}" "$reqs" "$p50" "$p99" "$max" "${errors:-0}" "${timeouts:-0}"
done
echo "server RSS after: $(rss)"
