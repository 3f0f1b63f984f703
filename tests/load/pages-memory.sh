#!/usr/bin/env bash
# The figures of docs/performance.md, "Pages and web memory at 100k": page rates at 50 connections and the server's
# peak RSS (VmHWM), against a server it starts on STORE.
#
#   tests/load/pages-memory.sh ROOT STORE.db PORT ARTICLE_ID [pages|memory]
#
# pages (the default): after 5 s at one connection, `wrk -t2 -c50 -d20s` on the article, the search /?q=روسيا, the
# most-mentioned person's page, the conflict topic, /, /people and the article's API answer (about 3 minutes).
# memory: `wrk -t2 -c50` for MEMORY_SECONDS (40) each on /, that person's page, /, the prefix search /?q=رو*, /, with
# the RSS after each (about 3.5 minutes). ROOT is a checkout with a Release build of the web project, so two builds can
# be compared on copies of the same store. A copy on which no server has started measures the first start after an
# ingestion (the seeds are stored then). WEB_DLL runs another build of the app instead (a `dotnet publish` output, as
# deployed), still from ROOT's web folder. Loopback only; needs wrk.
set -uo pipefail
root=$1; store=$2; port=$3; article=$4; mode=${5:-pages}
base="http://127.0.0.1:${port}"
dll="${WEB_DLL:-$root/src/ArabicNewsArchive.Web/bin/Release/net10.0/ArabicNewsArchive.Web.dll}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
[ -f "$dll" ] || { echo "no Release build in $root: dotnet build src/ArabicNewsArchive.Web -c Release" >&2; exit 2; }

export ConnectionStrings__Archive="Data Source=$store" MALLOC_ARENA_MAX=2 ASPNETCORE_ENVIRONMENT=Production
log="$(mktemp)"
(cd "$root/src/ArabicNewsArchive.Web" && exec dotnet "$dll" --urls "$base") >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 240); do curl -fs -o /dev/null "$base/people" && break; sleep 1; done
curl -fs -o /dev/null "$base/people" || { echo "server did not start:" >&2; cat "$log" >&2; exit 1; }

encode() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g'; }
rss() { awk '/VmRSS/ { printf "RSS %.0f MB", $2 / 1024 }' "/proc/$server/status"; }
peak() { awk '/VmHWM/ { printf "peak %.0f MB", $2 / 1024 }' "/proc/$server/status"; }
person="$(curl -fs "$base/api/people?pageSize=1" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)"
echo "uptime: $(uptime)"
echo "after start: $(rss), $(peak); person: $person"

run() {
  local page=$1 seconds=$2 out failed
  out="$(wrk -t2 -c50 -d"${seconds}s" --timeout 10s --latency "$base$page")"
  failed="$(awk '/Non-2xx/ {print $5}' <<<"$out")"
  printf '%s: %s req/s, p99 %s, max %s, non-2xx %s; %s, %s\n' "$page" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" \
    "$(awk '$1=="Latency" {print $4; exit}' <<<"$out")" \
    "${failed:-0}" "$(rss)" "$(peak)"
}

if [ "$mode" = memory ]; then
  for page in "/" "/people/$person" "/" "/?q=$(encode 'رو*')" "/"; do
    run "$page" "${MEMORY_SECONDS:-40}"
  done
else
  for page in "/articles/$article" "/?q=$(encode 'روسيا')" "/people/$person" "/topics/conflict-war-peace" "/" "/people" "/api/articles/$article"; do
    wrk -t1 -c1 -d5s "$base$page" >/dev/null
    run "$page" 20
  done
fi
echo "server $(peak)"
