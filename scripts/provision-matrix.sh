#!/usr/bin/env bash
# Provisions the servers of the server matrix (scripts/matrix/servers.sh) into the per-user cache ($DCE_CACHE_DIR):
#   Spark X.Y.Z   the pyspark-X.Y.Z.tar.gz source distribution from PyPI (pip download), of which only bin/, jars/,
#                 LICENSE and NOTICE are unpacked, into spark-homes/spark-X.Y.Z/ (the archive is not kept)
#   extra jars    Delta for that Spark (and Spark 3.5's Connect server, org.apache.spark:spark-connect_2.12), resolved
#                 with Maven from Maven Central, minus every artifact pyspark already ships: jars-matrix/delta-D-spark-X/
#   Sail          a venv with pysail from PyPI: venv-pysail-<version>/
# Spark 4.2.0 + Delta 4.4.0 is the project's own server: provision-server.sh provides it.
# Each step is skipped when already done, builds into a temporary folder and renames it when complete.
#
# Usage: scripts/provision-matrix.sh [--quiet] [ID...]     (IDs from scripts/matrix/servers.sh; default: all)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
. "$DCE_REPO_DIR/scripts/matrix/servers.sh"

QUIET=0
IDS=()
for arg in "$@"; do
  case "$arg" in
    -q|--quiet) QUIET=1 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "provision-matrix.sh: unknown option '$arg' (try --help)" ;;
    *) matrix_server_spark "$arg" >/dev/null || die "provision-matrix.sh: unknown server '$arg' (one of: $MATRIX_SERVERS)"; IDS+=("$arg") ;;
  esac
done
[ ${#IDS[@]} -gt 0 ] || read -r -a IDS <<<"$MATRIX_SERVERS"
say() { [ "$QUIET" = 1 ] || log "$@"; }

# The project's own Spark first: its venv's Python is the one pip runs from, and it takes its own lock.
if [ "$QUIET" = 1 ]; then bash "$DCE_REPO_DIR/scripts/provision-server.sh" --quiet; else bash "$DCE_REPO_DIR/scripts/provision-server.sh"; fi

mkdir -p "$DCE_CACHE_DIR"
if command -v flock >/dev/null 2>&1; then
  exec 8>"$DCE_CACHE_DIR/.provision-matrix.lock"
  flock -w 3600 8 || die "timed out waiting for another provision-matrix.sh run (lock $DCE_CACHE_DIR/.provision-matrix.lock)"
fi
PY="$VENV_DIR/bin/python"

# ---- a Spark home from the pyspark source distribution -----------------------------------------------------------
provision_spark_home() {
  local v=$1 home; home=$(matrix_spark_home "$v")
  if [ -x "$home/bin/spark-submit" ] && [ -f "$home/.dce-provisioned" ]; then say "ok: Spark $v $home"; return 0; fi
  mkdir -p "$(dirname "$home")"
  local tmp; tmp=$(mktemp -d "$home.tmp.XXXXXX")
  log "downloading pyspark-$v.tar.gz from PyPI (300-450 MB) to unpack Spark $v into $home"
  # pip checks the archive against the sha256 PyPI lists. No pip cache: the unpacked home is the cached copy.
  if ! "$PY" -m pip download --disable-pip-version-check --no-input --no-cache-dir --progress-bar off -q \
      --no-deps --no-binary :all: -d "$tmp/dl" "pyspark==$v" >&2; then
    rm -rf "$tmp"; die "pip could not download pyspark==$v from PyPI"
  fi
  local archive="$tmp/dl/pyspark-$v.tar.gz"
  [ -f "$archive" ] || { rm -rf "$tmp"; die "pip did not deliver $archive"; }
  tar -xzf "$archive" -C "$tmp" --wildcards "pyspark-$v/deps/bin/*" "pyspark-$v/deps/jars/*" \
    || { rm -rf "$tmp"; die "could not unpack $archive"; }
  tar -xzf "$archive" -C "$tmp" --wildcards "pyspark-$v/LICENSE" "pyspark-$v/NOTICE" 2>/dev/null || true
  mkdir -p "$tmp/home"
  mv "$tmp/pyspark-$v/deps/bin" "$tmp/pyspark-$v/deps/jars" "$tmp/home/"
  for f in LICENSE NOTICE; do [ -f "$tmp/pyspark-$v/$f" ] && mv "$tmp/pyspark-$v/$f" "$tmp/home/"; done
  [ -x "$tmp/home/bin/spark-submit" ] && ls "$tmp/home/jars"/spark-core_*.jar >/dev/null 2>&1 \
    || { rm -rf "$tmp"; die "pyspark-$v.tar.gz has no deps/bin/spark-submit or Spark jars"; }
  echo "pyspark==$v" >"$tmp/home/.dce-provisioned"
  rm -rf "$home"; mv "$tmp/home" "$home"; rm -rf "$tmp"
  log "ok: Spark $v $home"
}

# ---- the jars a Spark needs beyond its own (Delta; Spark 3.5's Connect server) ------------------------------------
artifact_of() { local n=${1%.jar}; echo "${n%%-[0-9]*}"; }
pom_for() { # lines of group:artifact:version -> a pom that resolves them
  cat <<'HEAD'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>dev.delta-connect-explorer</groupId><artifactId>matrix-resolve</artifactId><version>0</version><packaging>pom</packaging>
<dependencies>
HEAD
  local g a v
  while IFS=: read -r g a v; do
    [ -n "$g" ] || continue
    # Spark ships the Scala library; commons-logging is jcl-over-slf4j there (the name filter below would miss it).
    printf '<dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version><exclusions>' "$g" "$a" "$v"
    printf '<exclusion><groupId>org.scala-lang</groupId><artifactId>*</artifactId></exclusion>'
    printf '<exclusion><groupId>commons-logging</groupId><artifactId>commons-logging</artifactId></exclusion>'
    printf '<exclusion><groupId>org.roaringbitmap</groupId><artifactId>shims</artifactId></exclusion>'
    printf '</exclusions></dependency>\n'
  done
  echo '</dependencies>'
  echo '<build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.6.1</version></plugin></plugins></build></project>'
}
provision_extra_jars() {
  local v=$1 deps dir home; deps=$(matrix_maven_deps "$v"); dir=$(matrix_jars_dir "$v"); home=$(matrix_spark_home "$v")
  [ -n "$deps" ] || return 0
  local spec; spec=$(echo "$deps" | sha256sum | cut -c1-16)
  if [ -f "$dir/.dce-provisioned" ] && [ "$(cat "$dir/.dce-provisioned")" = "$spec" ] && [ -s "$dir/jars.txt" ]; then
    say "ok: extra jars for Spark $v $dir ($(wc -l <"$dir/jars.txt") jars)"; return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to resolve jars from Maven Central; install it (Debian: apt-get install maven)."
  mkdir -p "$(dirname "$dir")"
  local tmp; tmp=$(mktemp -d "$dir.tmp.XXXXXX")
  log "resolving for Spark $v with Maven: $(echo "$deps" | paste -sd' ' -)"
  echo "$deps" | pom_for >"$tmp/pom.xml"
  if ! mvn -B -f "$tmp/pom.xml" ${DCE_MAVEN_REPO:+-Dmaven.repo.local="$DCE_MAVEN_REPO"} \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp/all" >"$tmp/mvn.log" 2>&1; then
    grep -E "ERROR" "$tmp/mvn.log" | head -20 | sed 's/^/  /' >&2 || true
    die "Maven could not resolve the jars for Spark $v (full log: $tmp/mvn.log)"
  fi
  declare -A have=()
  local j name
  for j in "$home"/jars/*.jar; do j=${j##*/}; have[$(artifact_of "$j")]=1; done
  : >"$tmp/jars.txt"
  for j in "$tmp"/all/*.jar; do
    name=${j##*/}
    [ -n "${have[$(artifact_of "$name")]:-}" ] && continue
    mv "$j" "$tmp/"; echo "$name" >>"$tmp/jars.txt"
  done
  rm -rf "$tmp/all" "$tmp/pom.xml"
  while IFS=: read -r _ a _; do
    grep -q "^$a-" "$tmp/jars.txt" || die "Maven did not deliver $a (see $tmp/mvn.log)"
  done <<<"$deps"
  sort -o "$tmp/jars.txt" "$tmp/jars.txt"
  echo "$spec" >"$tmp/.dce-provisioned"
  rm -rf "$dir"; mv "$tmp" "$dir"
  log "ok: extra jars for Spark $v $dir ($(wc -l <"$dir/jars.txt") jars)"
}

# ---- Sail ----------------------------------------------------------------------------------------------------------
provision_sail() { # PYSAIL_VERSION
  local version=$1 client venv spec
  client=$(matrix_sail_client "$version") || die "no pyspark-client release is known for pysail $version"
  venv=$(sail_venv_dir "$version")
  spec="pysail==$version pyspark-client==$client"
  if [ -x "$venv/bin/sail" ] && [ "$(cat "$venv/.dce-provisioned" 2>/dev/null)" = "$spec" ]; then
    say "ok: Sail $version $venv"; return 0
  fi
  local base="${DCE_PYTHON:-$(command -v python3 || true)}"
  [ -n "$base" ] || die "python3 is needed to install pysail"
  local tmp="$venv.tmp"
  rm -rf "$tmp"
  log "installing pysail==$version from PyPI into $venv"
  "$base" -m venv "$tmp" || die "could not create a venv with $base"
  "$tmp/bin/python" -m pip install --disable-pip-version-check --no-input --progress-bar off -q "pysail==$version" >&2 \
    || die "pip install pysail==$version failed"
  # Sail answers the Spark version with the version of the pyspark module next to it (it fails without one). The
  # pure-Python client is enough; its own dependencies serve Python UDFs only, which we never send.
  "$tmp/bin/python" -m pip install --disable-pip-version-check --no-input --progress-bar off -q --no-deps \
    "pyspark-client==$client" >&2 || die "pip install pyspark-client==$client failed"
  "$tmp/bin/sail" --version >/dev/null || die "the sail command of pysail $version does not run here"
  rm -rf "$venv"; mv "$tmp" "$venv"
  # The scripts of a moved venv still name the temporary folder in their #! line.
  for f in "$venv"/bin/*; do
    [ -f "$f" ] && [ ! -L "$f" ] && head -c 300 "$f" | grep -qF "$tmp/" && sed -i "s|$tmp/|$venv/|g" "$f"
  done
  echo "$spec" >"$venv/.dce-provisioned"
  log "ok: Sail $version $venv"
}

for id in "${IDS[@]}"; do
  if sv=$(matrix_sail_version "$id"); then provision_sail "$sv"; continue; fi
  [ "$id" = cluster ] && continue # the project's own Spark
  v=$(matrix_server_spark "$id")
  [ "$v" = "$SPARK_VERSION" ] && continue # provision-server.sh did it
  provision_spark_home "$v"
  provision_extra_jars "$v"
done
