#!/usr/bin/env bash
# The bench's reference for the self-managed Flink figure: the REST calls of an upgrade made by curl,
# nothing else (no checks, no health gate, no rollback). Upload the new JAR, stop the job with a
# savepoint, poll the savepoint until it completes and the job until it has ended, run the new JAR from
# the savepoint, poll the new job until it and all its tasks are RUNNING. Polls every POLL seconds, as
# the action does with the same poll-interval.
# Usage: flink-upgrade.sh URL JOB_ID JAR POLL [PROGRAM ARGS...]   Prints the new job's id.
set -euo pipefail
url=$1 job=$2 jar=$3 poll=$4
shift 4
args=$(jq -cn '$ARGS.positional' --args -- "$@")

jar_id=$(curl -sf -X POST -H 'Expect:' -F "jarfile=@${jar};type=application/x-java-archive" "$url/jars/upload" |
  jq -r '.filename | split("/") | last')

trigger=$(curl -sf -X POST -H 'Content-Type: application/json' -d '{"drain":false}' \
  "$url/jobs/$job/stop" | jq -r '."request-id"')
while :; do
  answer=$(curl -sf "$url/jobs/$job/savepoints/$trigger")
  case $(jq -r '.status.id' <<<"$answer") in
    COMPLETED) break ;;
    *) sleep "$poll" ;;
  esac
done
savepoint=$(jq -r '.operation.location // empty' <<<"$answer")
if [[ -z $savepoint ]]; then
  echo "stop-with-savepoint failed: $(jq -c '.operation."failure-cause"' <<<"$answer")" >&2
  exit 1
fi
until [[ $(curl -sf "$url/jobs/$job" | jq -r '.state') =~ ^(FINISHED|CANCELED|FAILED)$ ]]; do
  sleep 0.5
done

new=$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d "$(jq -cn --arg sp "$savepoint" --argjson a "$args" '{savepointPath: $sp, programArgsList: $a}')" \
  "$url/jars/$jar_id/run" | jq -r '.jobid')
until curl -sf "$url/jobs/$new" |
  jq -e '.state == "RUNNING" and (.vertices | length > 0 and all(.status == "RUNNING"))' >/dev/null; do
  sleep "$poll"
done
echo "$new"
