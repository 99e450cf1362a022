#!/usr/bin/env bash
# End-to-end load benchmark of the HTTP API (benchmarks/README.md, "API").
#
# Builds caregap, starts `caregap serve` on 127.0.0.1 over a fresh data
# directory with a tokens file and the embedded default dataset, runs one
# forecast and one matching to completion, then runs wrk for $DURATION on
# loopback against
#   1. one placement lookup: GET /v1/matchings/{id}/candidates/{candidate}
#      (an officer of 1480 reading a run over every municipality)
#   2. one forecast-result query: GET /v1/forecasts/{id}/results filtered
#      by region, role and year, as JSON (a planner of 1480 and 1481)
# and prints requests/s, p50/p99 latency and errors for each. The server is
# stopped on exit, whatever happens. Goal: p99 <= 10 ms at >= 3000
# requests/s on 2 cores with 0 errors; measured, not asserted.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-4}"
THREADS="${THREADS:-2}"
PORT="${PORT:-18181}"
GO="${GO:-go}"
ADDR="127.0.0.1:${PORT}"
WORK="$(mktemp -d)"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update
  $SUDO apt-get install -y wrk
fi

"$GO" build -o "$WORK/caregap" "$ROOT/cmd/caregap"
BIN="$WORK/caregap"
token() { "$BIN" tokens add --tokens "$WORK/tokens.json" --role "$1" --scope "$2" 2>/dev/null | tail -n 1; }
ADMIN="$(token admin '*')"
OFFICER="$(token officer 1480)"
PLANNER="$(token planner 1480,1481)"

GOMAXPROCS="${GOMAXPROCS:-2}" "$BIN" serve --data-dir "$WORK/data" --tokens "$WORK/tokens.json" --addr "$ADDR" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do
  curl -sf "http://$ADDR/readyz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://$ADDR/readyz" >/dev/null || { echo "server not ready"; cat "$WORK/server.log"; exit 1; }

field() { python3 -c "import json,sys; print(json.load(sys.stdin)[sys.argv[1]])" "$1"; }
# start TOKEN PATH BODY: POST a job, wait until it succeeds, print its id.
start() {
  local id status
  id="$(curl -sf -H "Authorization: Bearer $1" -H "Content-Type: application/json" -d "$3" "http://$ADDR$2" | field id)"
  for _ in $(seq 600); do
    status="$(curl -sf -H "Authorization: Bearer $1" "http://$ADDR$2/$id" | field status)"
    case "$status" in
      succeeded) echo "$id"; return 0 ;;
      failed|cancelled) echo "job $id $status" >&2; return 1 ;;
    esac
    sleep 0.1
  done
  echo "job $id did not finish" >&2
  return 1
}
FORECAST="$(start "$PLANNER" /v1/forecasts '{"regions":["1480","1481"],"to_year":2040}')"
MATCHING="$(start "$ADMIN" /v1/matchings '{"solver":"flow"}')"

PLACEMENT="/v1/matchings/$MATCHING/candidates/C1480-0001"
RESULTS="/v1/forecasts/$FORECAST/results?region=1480&role=assistant_nurse&year=2030"
# One request each first: both must answer 200.
for q in "$OFFICER $PLACEMENT" "$PLANNER $RESULTS"; do
  set -- $q
  code="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $1" "http://$ADDR$2")"
  [ "$code" = 200 ] || { echo "GET $2: $code"; exit 1; }
done

echo "caregap API load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION on $ADDR, $(nproc) cores, GOMAXPROCS=${GOMAXPROCS:-2}"
bench() {
  echo "== $1"
  CAREGAP_TOKEN="$2" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/benchmarks/api/bearer.lua" "http://$ADDR$3" | grep -E 'Latency|50%|99%|Requests/sec|Non-2xx|Socket errors|RESULT'
}
bench "placement lookup: GET $PLACEMENT" "$OFFICER" "$PLACEMENT"
bench "forecast results: GET $RESULTS" "$PLANNER" "$RESULTS"
