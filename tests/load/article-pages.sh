#!/usr/bin/env bash
# Server time and load for the read pages of one article: the article page, a person page, a topic page and the
# article's API answer, each at 1 connection for 10 s (server time per view) then at 50 connections for 20 s.
#
#   tests/load/article-pages.sh ROOT STORE.db PORT ARTICLE_ID
#
# ROOT is a checkout with a Release build of the web project (dotnet build src/ArabicNewsArchive.Web -c Release), so
# two builds can be compared on the same store within minutes. Loopback only, about 2.5 minutes; needs wrk.

set -uo pipefail
root=$1; store=$2; port=$3; article=$4
base="http://127.0.0.1:${port}"
dll="$root/src/ArabicNewsArchive.Web/bin/Release/net10.0/ArabicNewsArchive.Web.dll"
export ConnectionStrings__Archive="Data Source=$store" MALLOC_ARENA_MAX=2 ASPNETCORE_ENVIRONMENT=Production
(cd "$root/src/ArabicNewsArchive.Web" && exec dotnet "$dll" --urls "$base") > "$(mktemp)" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do curl -fs -o /dev/null "$base/" && break; sleep 1; done
person="$(curl -fs "$base/api/people?pageSize=1" | sed -n 's/^\[{"slug":"\([^"]*\)".*/\1/p')"
[ -z "$person" ] && person="$(curl -fs "$base/api/people?pageSize=1" | grep -o '"slug":"[^"]*"' | head -1 | cut -d'"' -f4)"
echo "uptime: $(uptime)"; echo "person: $person"
for page in "/articles/$article" "/people/$person" "/topics/military" "/api/articles/$article"; do
  curl -fs -o /dev/null "$base$page"
  one="$(wrk -t1 -c1 -d10s --timeout 10s --latency "$base$page")"
  many="$(wrk -t2 -c50 -d20s --timeout 10s --latency "$base$page")"
  printf '%s\n  1 conn: %s req/s, avg %s, p50 %s\n  50 conn: %s req/s, p50 %s, p99 %s, max %s, non2xx %s, timeouts %s\n' "$page" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$one")" "$(awk '$1=="Latency" {print $2; exit}' <<<"$one")" "$(awk '$1=="50%" {print $2}' <<<"$one")" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$many")" "$(awk '$1=="50%" {print $2}' <<<"$many")" "$(awk '$1=="99%" {print $2}' <<<"$many")" \
    "$(awk '$1=="Latency" {print $4; exit}' <<<"$many")" "$(awk '/Non-2xx/ {print $5}' <<<"$many")" "$(sed -n 's/.*timeout \([0-9]*\).*/\1/p' <<<"$many")"
done
echo "RSS: $(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' /proc/$server/status)"
