#!/bin/sh
# The compose "load" profile: posts RATE events a second (in one request) to ingest, for
# LOAD_APPS apps, each call a successful GET on call-log or presence, timestamped now. A smoke
# load for the dashboard, not a benchmark (load-test/ has those).
set -eu
: "${INGEST_URL:=http://ingest:8080}" "${INGEST_TOKEN:?set INGEST_TOKEN}" "${RATE:=50}" "${LOAD_APPS:=20}"
n=0
while true; do
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  body="["
  i=0
  while [ "$i" -lt "$RATE" ]; do
    n=$((n + 1)); i=$((i + 1))
    app="load-app-$((n % LOAD_APPS))"
    if [ $((n % 2)) -eq 0 ]; then path="/restapi/v1.0/account/~/extension/~/call-log"; else path="/restapi/v1.0/account/~/extension/~/presence"; fi
    [ "$i" -gt 1 ] && body="$body,"
    body="$body{\"eventId\":\"load-$HOSTNAME-$n-$now\",\"appId\":\"$app\",\"timestamp\":\"$now\",\"method\":\"GET\",\"path\":\"$path\",\"status\":200,\"latencyMs\":35}"
  done
  curl -fsS -o /dev/null -H "Authorization: Bearer $INGEST_TOKEN" -H "Content-Type: application/json" \
    --data "$body]" "$INGEST_URL/v1/events" || echo "post failed; retrying"
  sleep 1
done
