#!/usr/bin/env bash
# Installs real Apache Flink (one folder per version with the distribution's lib/) into a cache outside
# the clone, for the real-cluster tests. Idempotent: a version already installed is skipped.
#
#   scripts/flink/install.sh            # every version of scripts/flink/requirements/*.txt
#   scripts/flink/install.sh 2.2.1      # one version
#
# Source: PyPI's apache-flink-libraries (the lib/, opt/ and plugins/ of the binary distribution; the
# download site is not reachable from CI, Maven Central has no flink-dist). pip checks each archive
# against the sha256 of the committed requirements file (--require-hashes) before anything is unpacked.
# Cache: ${FLINK_CACHE_DIR:-$HOME/.cache/flink-upgrade-action}/flink/<version>/lib
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${FLINK_CACHE_DIR:-$HOME/.cache/flink-upgrade-action}"
python="${PYTHON:-python3}"

command -v java >/dev/null || { echo "install.sh: java not found (Flink needs Java 17)" >&2; exit 1; }
"$python" -m pip --version >/dev/null 2>&1 || { echo "install.sh: $python -m pip not found" >&2; exit 1; }

versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  for f in "$here"/requirements/*.txt; do versions+=("$(basename "$f" .txt)"); done
fi

for version in "${versions[@]}"; do
  req="$here/requirements/$version.txt"
  [ -f "$req" ] || { echo "install.sh: no requirements/$version.txt (known: $(ls "$here/requirements" | sed 's/\.txt//' | tr '\n' ' '))" >&2; exit 1; }
  home="$cache/flink/$version"
  marker="$home/.installed"
  want="$(grep -o 'sha256:[0-9a-f]*' "$req")"
  if [ -f "$marker" ] && [ "$(cat "$marker")" = "$want" ] && [ -f "$home/lib/flink-dist-$version.jar" ]; then
    echo "Flink $version: already installed in $home"
    continue
  fi
  started=$(date +%s)
  downloads="$cache/downloads"
  mkdir -p "$downloads"
  echo "Flink $version: downloading apache-flink-libraries==$version from PyPI (hash-checked)"
  "$python" -m pip download --quiet --no-deps --no-binary :all: --require-hashes -r "$req" -d "$downloads"
  archive="$downloads/apache_flink_libraries-$version.tar.gz"
  [ -f "$archive" ] || { echo "install.sh: pip did not leave $archive" >&2; exit 1; }
  # pip checked the hash while downloading; check it again here, as the archive may have been there already.
  echo "${want#sha256:}  $archive" | sha256sum --check --quiet -
  rm -rf "$home.partial"
  mkdir -p "$home.partial"
  tar -xzf "$archive" -C "$home.partial" --strip-components=2 \
    "apache_flink_libraries-$version/deps/lib" "apache_flink_libraries-$version/deps/plugins"
  [ -f "$home.partial/lib/flink-dist-$version.jar" ] || { echo "install.sh: no lib/flink-dist-$version.jar in $archive" >&2; exit 1; }
  listing="$(unzip -l "$home.partial/lib/flink-dist-$version.jar")"
  if [[ "$listing" != *webmonitor/handlers/JarUploadHandler.class* ]]; then
    echo "install.sh: flink-dist-$version.jar has no web submission (JarUploadHandler)" >&2
    exit 1
  fi
  echo "$want" > "$home.partial/.installed"
  rm -rf "$home"
  mv "$home.partial" "$home"
  rm -f "$archive"
  echo "Flink $version: installed in $home ($(du -sh "$home" | cut -f1), $(($(date +%s) - started)) s)"
done
