#!/usr/bin/env bash
# Provisions everything the local Spark Connect + Delta server needs, into the per-user cache
# ($DCE_CACHE_DIR, default ~/.cache/delta-connect-explorer):
#   (a) a Python venv with pyspark[connect]==4.2.0 (Spark's jars, spark-submit) and delta-spark==4.4.0 (Delta's Python client)
#   (b) the Delta runtime jars (io.delta:delta-spark_4.2_2.13:4.4.0 + protobuf-java 3.25.1), resolved with Maven,
#       minus every artifact pyspark/jars already ships
#   (c) protoc 3.25.1 from Maven Central
#   (d) our Delta Connect server plugin jar, built from server-plugin/src + proto/ (rebuilt only when they change)
# Each step is skipped when already done; each builds into a *.tmp path and renames it at the end.
# Usage: scripts/provision-server.sh [--quiet]    (--quiet: print nothing when there is nothing to do)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

QUIET=0
for arg in "$@"; do
  case "$arg" in
    -q|--quiet) QUIET=1 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "provision-server.sh: unknown argument '$arg' (try --help)" ;;
  esac
done
say() { [ "$QUIET" = 1 ] || log "$@"; }

PIP_SPECS=("pyspark[connect]==$SPARK_VERSION" "delta-spark==$DELTA_VERSION")

mkdir -p "$DCE_CACHE_DIR"
# One provisioning at a time per cache (parallel CI jobs, two terminals).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$DCE_CACHE_DIR/.provision.lock"
  flock -w 1800 9 || die "timed out waiting for another provision-server.sh run (lock $DCE_CACHE_DIR/.provision.lock)"
fi

# download URL DEST WHAT: fetch one file from Maven Central, checking the .sha1 Maven Central publishes beside it.
download() {
  local url=$1 dest=$2 what=$3
  log "downloading $what"
  log "  from $url"
  log "  to   $dest"
  if ! curl -fsSL --retry 3 --connect-timeout 30 -o "$dest.part" "$url"; then
    rm -f "$dest.part"
    die "could not download $what from $url (is Maven Central reachable? set DCE_MAVEN_CENTRAL to use a mirror)"
  fi
  local want got
  if want=$(curl -fsSL --retry 3 --connect-timeout 30 "$url.sha1" 2>/dev/null); then
    want=${want%% *}; got=$(sha1sum "$dest.part" | cut -d' ' -f1)
    [ "$want" = "$got" ] || { rm -f "$dest.part"; die "checksum mismatch for $what from $url (sha1 $got, Maven Central says $want)"; }
  fi
  mv "$dest.part" "$dest"
}

# ---------------------------------------------------------------------------------------------------------------
# (a) Python venv with pyspark + delta-spark
# ---------------------------------------------------------------------------------------------------------------
venv_ok() { # the venv at $1 has the wanted pyspark and delta-spark, and Spark Connect's Python deps import
  [ -x "$1/bin/python" ] && "$1/bin/python" - "$SPARK_VERSION" "$DELTA_VERSION" >/dev/null 2>&1 <<'PY'
import sys, warnings, importlib.metadata as md
warnings.simplefilter("ignore")
import pyspark, delta
assert pyspark.__version__ == sys.argv[1], pyspark.__version__
assert md.version("delta-spark") == sys.argv[2], md.version("delta-spark")
import pyspark.sql.connect.session, delta.connect.tables  # pandas, pyarrow, grpcio, protobuf
PY
}
fix_venv_paths() { # scripts of a venv built at $1 and moved to $2 still name $1 in their #! line
  local from=$1 to=$2 f
  for f in "$to"/bin/*; do
    [ -f "$f" ] && [ ! -L "$f" ] || continue
    if head -c 300 "$f" | grep -qF "$from/"; then sed -i "s|$from/|$to/|g" "$f"; fi
  done
}

VENV_STAMP="$VENV_DIR/.dce-provisioned"
VENV_SPEC="${PIP_SPECS[*]}"
if [ -f "$VENV_STAMP" ] && [ "$(cat "$VENV_STAMP")" = "$VENV_SPEC" ]; then
  say "ok: Python venv $VENV_DIR ($VENV_SPEC)"
elif venv_ok "$VENV_DIR"; then
  # Made by an earlier run whose stamp is missing, or by hand: accept it, since it has what we need.
  fix_venv_paths "$VENV_DIR.tmp" "$VENV_DIR"
  echo "$VENV_SPEC" >"$VENV_STAMP"
  log "ok: accepted existing Python venv $VENV_DIR (has pyspark $SPARK_VERSION, delta-spark $DELTA_VERSION)"
else
  PY="${DCE_PYTHON:-$(command -v python3 || true)}"
  [ -n "$PY" ] || die "python3 (3.10 or newer) is needed to create the pyspark venv; install it (Debian: apt-get install python3 python3-venv) or set DCE_PYTHON."
  "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
    || die "Python 3.10 or newer is needed for delta-spark $DELTA_VERSION; $PY is $("$PY" -V 2>&1). Set DCE_PYTHON to a newer python3."
  rm -rf "$VENV_DIR.tmp"
  log "creating Python venv $VENV_DIR.tmp (with $PY, $("$PY" -V 2>&1))"
  "$PY" -m venv "$VENV_DIR.tmp" || die "could not create a venv with $PY (Debian: apt-get install python3-venv)"
  log "downloading from PyPI: ${PIP_SPECS[*]} (about 450 MB, mostly pyspark's jars) into $VENV_DIR.tmp"
  "$VENV_DIR.tmp/bin/python" -m pip install --disable-pip-version-check --no-input --progress-bar off -q "${PIP_SPECS[@]}" >&2 \
    || die "pip install ${PIP_SPECS[*]} from PyPI failed (see above; is https://pypi.org reachable?)"
  venv_ok "$VENV_DIR.tmp" || die "the new venv $VENV_DIR.tmp does not import pyspark $SPARK_VERSION + delta-spark $DELTA_VERSION"
  rm -rf "$VENV_DIR"
  mv "$VENV_DIR.tmp" "$VENV_DIR"
  fix_venv_paths "$VENV_DIR.tmp" "$VENV_DIR"
  echo "$VENV_SPEC" >"$VENV_STAMP"
  log "ok: Python venv $VENV_DIR"
fi
PYSPARK_HOME="$(pyspark_home)"
[ -n "$PYSPARK_HOME" ] || die "pyspark in $VENV_DIR has no bin/spark-submit; delete $VENV_DIR and run this script again"

# ---------------------------------------------------------------------------------------------------------------
# (b) Delta runtime jars
# ---------------------------------------------------------------------------------------------------------------
artifact_of() { local n=${1%.jar}; echo "${n%%-[0-9]*}"; }   # delta-spark_4.2_2.13-4.4.0.jar -> delta-spark_4.2_2.13
RESOLVE_POM="$PLUGIN_SRC_DIR/resolve-pom.xml"
[ -f "$RESOLVE_POM" ] || die "missing $RESOLVE_POM"
JARS_SPEC="pom=$(sha256sum <"$RESOLVE_POM" | cut -c1-16) pyspark-jars=$(ls "$PYSPARK_HOME/jars" | sha256sum | cut -c1-16)"
JARS_STAMP="$JARS_DIR/.dce-provisioned"
if [ -f "$JARS_STAMP" ] && [ "$(cat "$JARS_STAMP")" = "$JARS_SPEC" ] && [ -s "$JARS_DIR/jars.txt" ]; then
  say "ok: Delta jars $JARS_DIR ($(wc -l <"$JARS_DIR/jars.txt") jars)"
else
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to resolve the Delta jars from Maven Central; install it (Debian: apt-get install maven)."
  require_java17
  M2="${DCE_MAVEN_REPO:-$HOME/.m2/repository}"
  log "resolving io.delta:delta-spark_4.2_2.13:$DELTA_VERSION + com.google.protobuf:protobuf-java:$PROTOBUF_JAVA_VERSION with Maven"
  log "  (Maven downloads what it lacks from Maven Central into $M2)"
  TMP="$JARS_DIR.tmp"
  rm -rf "$TMP"; mkdir -p "$TMP/all"
  if ! mvn -B -f "$RESOLVE_POM" ${DCE_MAVEN_REPO:+-Dmaven.repo.local="$DCE_MAVEN_REPO"} \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$TMP/all" >"$TMP/mvn.log" 2>&1; then
    grep -E "Downloaded from|ERROR" "$TMP/mvn.log" | sed 's/^/  /' >&2 || true
    die "Maven could not resolve the Delta jars from Maven Central (full log: $TMP/mvn.log)"
  fi
  grep -E "^\[INFO\] Downloaded from" "$TMP/mvn.log" | sed 's/^\[INFO\] /  /' >&2 || true
  : >"$TMP/jars.txt"; : >"$TMP/dropped.txt"
  declare -A SPARK_ARTIFACTS=()
  for sj in "$PYSPARK_HOME"/jars/*.jar; do sj=${sj##*/}; SPARK_ARTIFACTS[$(artifact_of "$sj")]=$sj; done
  for jar in "$TMP"/all/*.jar; do
    name=${jar##*/}; spark_has=${SPARK_ARTIFACTS[$(artifact_of "$name")]:-}
    if [ -n "$spark_has" ]; then
      echo "$name $spark_has" >>"$TMP/dropped.txt"
    else
      mv "$jar" "$TMP/"; echo "$name" >>"$TMP/jars.txt"
    fi
  done
  rm -rf "$TMP/all"
  grep -q '^delta-spark_' "$TMP/jars.txt" || die "Maven did not deliver delta-spark (see $TMP/mvn.log)"
  grep -q '^protobuf-java-' "$TMP/jars.txt" || die "Maven did not deliver protobuf-java (see $TMP/mvn.log)"
  log "kept $(wc -l <"$TMP/jars.txt") jars; dropped $(wc -l <"$TMP/dropped.txt") that pyspark/jars already ships (Spark's versions win)"
  sort -o "$TMP/jars.txt" "$TMP/jars.txt"
  echo "$JARS_SPEC" >"$TMP/.dce-provisioned"
  rm -rf "$JARS_DIR"; mv "$TMP" "$JARS_DIR"
  log "ok: Delta jars $JARS_DIR"
fi

# The README writes the jar list down; say so when what Maven produced differs from it.
README="$PLUGIN_SRC_DIR/README.md"
if [ -f "$README" ]; then
  documented=$(sed -n '/<!-- jars:begin -->/,/<!-- jars:end -->/p' "$README" | grep '\.jar$' || true)
  if [ "$documented" != "$(cat "$JARS_DIR/jars.txt")" ]; then
    log "warning: $JARS_DIR/jars.txt differs from the list in server-plugin/README.md; update the README:"
    diff <(echo "$documented") "$JARS_DIR/jars.txt" | sed 's/^/  /' >&2 || true
  fi
fi

# ---------------------------------------------------------------------------------------------------------------
# (c) protoc (+ the well-known .proto files, taken from protobuf-java's jar)
# ---------------------------------------------------------------------------------------------------------------
if [ -x "$PROTOC" ] && [ -f "$PROTOC_DIR/include/google/protobuf/any.proto" ]; then
  say "ok: protoc $PROTOC_VERSION $PROTOC"
else
  case "$(uname -m)" in
    x86_64|amd64) PROTOC_CLASSIFIER=linux-x86_64 ;;
    aarch64|arm64) PROTOC_CLASSIFIER=linux-aarch_64 ;;
    *) die "no protoc build on Maven Central for $(uname -m)" ;;
  esac
  TMP="$PROTOC_DIR.tmp"
  rm -rf "$TMP"; mkdir -p "$TMP/bin" "$TMP/include"
  download "$MAVEN_CENTRAL/com/google/protobuf/protoc/$PROTOC_VERSION/protoc-$PROTOC_VERSION-$PROTOC_CLASSIFIER.exe" \
    "$TMP/bin/protoc" "protoc $PROTOC_VERSION ($PROTOC_CLASSIFIER)"
  chmod +x "$TMP/bin/protoc"
  "$TMP/bin/protoc" --version >/dev/null || die "the downloaded protoc ($TMP/bin/protoc) does not run on this machine"
  PB_JAR="$JARS_DIR/protobuf-java-$PROTOBUF_JAVA_VERSION.jar"
  [ -f "$PB_JAR" ] || die "missing $PB_JAR"
  (cd "$TMP/include" && unzip -q -o "$PB_JAR" 'google/protobuf/*.proto') \
    || die "could not extract the well-known .proto files from $PB_JAR"
  rm -rf "$PROTOC_DIR"; mv "$TMP" "$PROTOC_DIR"
  log "ok: protoc $PROTOC_VERSION $PROTOC"
fi

# ---------------------------------------------------------------------------------------------------------------
# (d) the Delta Connect server plugin jar
# ---------------------------------------------------------------------------------------------------------------
PLUGIN_JAR="$(plugin_jar_path)"
if [ -f "$PLUGIN_JAR" ]; then
  say "ok: plugin $PLUGIN_JAR"
else
  require_jdk17
  JAVAC=$(dce_java_bin javac); JAR=$(dce_java_bin jar)
  [ -n "$JAR" ] || die "the JDK's 'jar' tool is missing (JAVA_HOME=${JAVA_HOME:-unset})"
  for f in delta/connect/base.proto delta/connect/relations.proto delta/connect/commands.proto \
           spark/connect/expressions.proto spark/connect/relations.proto spark/connect/types.proto; do
    [ -f "$PROTO_DIR/$f" ] || die "the plugin needs proto/$f, which is missing"
  done
  mkdir -p "$PLUGIN_DIR"
  BUILD="$(mktemp -d "$PLUGIN_DIR/build.XXXXXX")"
  trap 'rm -rf "$BUILD"' EXIT
  log "building the Delta Connect server plugin $(basename "$PLUGIN_JAR")"
  mkdir -p "$BUILD/gen" "$BUILD/classes"
  mapfile -t PROTOS < <(cd "$PROTO_DIR" && find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort)
  "$PROTOC" -I "$PROTO_DIR" -I "$PROTOC_DIR/include" --java_out="$BUILD/gen" "${PROTOS[@]}" \
    || die "protoc failed on proto/ (see above)"
  mapfile -t SOURCES < <(find "$BUILD/gen" "$PLUGIN_SRC_DIR/src/main/java" -name '*.java' | LC_ALL=C sort)
  "$JAVAC" --release 17 -nowarn -encoding UTF-8 -proc:none \
    -cp "$PYSPARK_HOME/jars/*:$JARS_DIR/*" -d "$BUILD/classes" "${SOURCES[@]}" 2> >(grep -v '^Note: ' >&2) \
    || die "javac failed on the server plugin (see above)"
  printf 'Implementation-Title: Delta Connect Explorer server plugin\nImplementation-Version: %s\n' \
    "$(plugin_source_sha)" >"$BUILD/manifest.txt"
  "$JAR" --create --file "$BUILD/plugin.jar" --manifest "$BUILD/manifest.txt" -C "$BUILD/classes" . \
    || die "jar failed"
  mv "$BUILD/plugin.jar" "$PLUGIN_JAR.tmp"; mv "$PLUGIN_JAR.tmp" "$PLUGIN_JAR"
  log "ok: plugin $PLUGIN_JAR"
fi
