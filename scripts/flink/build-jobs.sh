#!/usr/bin/env bash
# Builds the test jobs (test-jobs/, Java + Maven, Flink `provided`) against every installed Flink
# version, into the cache: ${FLINK_CACHE_DIR:-$HOME/.cache/flink-upgrade-action}/test-jobs/<hash>/<version>/
# <hash> covers the job sources and this script, so a build is reused until they change.
#
#   scripts/flink/build-jobs.sh          # prints the folder of the JARs on its last line
#   scripts/flink/build-jobs.sh --hash   # prints <hash> only (the tests look for that build)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${FLINK_CACHE_DIR:-$HOME/.cache/flink-upgrade-action}"

hash="$(cd "$repo" && { find test-jobs -type f ! -path '*/target/*' | LC_ALL=C sort; echo scripts/flink/build-jobs.sh; } |
  while read -r f; do echo "$f"; sha256sum < "$repo/$f"; done | sha256sum | cut -c1-16)"
if [ "${1:-}" = "--hash" ]; then
  echo "$hash"
  exit 0
fi

command -v mvn >/dev/null || { echo "build-jobs.sh: mvn not found (apt-get install maven)" >&2; exit 1; }
out="$cache/test-jobs/$hash"

versions=()
for f in "$here"/requirements/*.txt; do versions+=("$(basename "$f" .txt)"); done

for version in "${versions[@]}"; do
  dest="$out/$version"
  if [ -f "$dest/.built" ]; then
    echo "test jobs for Flink $version: already built in $dest"
    continue
  fi
  started=$(date +%s)
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cp -r "$repo/test-jobs/." "$work/"
  rm -rf "$dest.partial"
  mkdir -p "$dest.partial"
  mvn -q -B -f "$work/pom.xml" -Dflink.version="$version" package
  for jar in "$work"/target/test-jobs-1-*.jar; do
    name="$(basename "$jar" .jar)"
    cp "$jar" "$dest.partial/${name#test-jobs-1-}.jar"
  done
  # The SourceFunction job exists on Flink 1.x only (the API was removed in 2.0).
  if [ "${version%%.*}" = 1 ]; then
    mvn -q -B -f "$work/legacy/pom.xml" -Dflink.version="$version" package
    cp "$work/legacy/target/legacy-source-1.jar" "$dest.partial/legacy-source.jar"
  fi
  rm -rf "$work"
  trap - EXIT
  touch "$dest.partial/.built"
  rm -rf "$dest"
  mv "$dest.partial" "$dest"
  echo "test jobs for Flink $version: built in $dest ($(($(date +%s) - started)) s): $(cd "$dest" && ls ./*.jar | tr '\n' ' ')"
done
# builds of older sources are of no further use
find "$cache/test-jobs" -mindepth 1 -maxdepth 1 -type d ! -name "$hash" -exec rm -rf {} +
echo "$out"
