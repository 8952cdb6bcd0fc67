# Shared settings for the project's shell scripts. Source it; do not run it.
# Everything downloaded lives in one per-user cache folder outside the clone, so that
# every clone on this machine (CI's included) reuses it.
DCE_CACHE_DIR="${DCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/delta-connect-explorer}"
SPARK_VERSION="4.2.0"
DELTA_VERSION="4.4.0"
SCALA_BINARY="2.13"
PROTOBUF_JAVA_VERSION="3.25.1"
VENV_DIR="$DCE_CACHE_DIR/venv-pyspark-$SPARK_VERSION-delta-$DELTA_VERSION"
JARS_DIR="$DCE_CACHE_DIR/jars-delta-$DELTA_VERSION-spark-$SPARK_VERSION"
PLUGIN_DIR="$DCE_CACHE_DIR/plugin"

die() { echo "error: $*" >&2; exit 1; }
log() { echo "[dce] $*" >&2; }

require_java17() {
  command -v java >/dev/null 2>&1 || die "Java 17 or newer is needed to run the local Spark server, and 'java' is not on PATH. Install it (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
  [ "${v%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or newer is needed; found Java $v ($(command -v java))."
}
