# Shared settings for the project's shell scripts. Source it; do not run it.
# Everything downloaded lives in one per-user cache folder outside the clone, so that
# every clone on this machine (CI's included) reuses it.
DCE_CACHE_DIR="${DCE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/delta-connect-explorer}"
SPARK_VERSION="4.2.0"
DELTA_VERSION="4.4.0"
SCALA_BINARY="2.13"
PROTOBUF_JAVA_VERSION="3.25.1"
PROTOC_VERSION="$PROTOBUF_JAVA_VERSION"
VENV_DIR="$DCE_CACHE_DIR/venv-pyspark-$SPARK_VERSION-delta-$DELTA_VERSION"
JARS_DIR="$DCE_CACHE_DIR/jars-delta-$DELTA_VERSION-spark-$SPARK_VERSION"
PLUGIN_DIR="$DCE_CACHE_DIR/plugin"
TOOLS_DIR="$DCE_CACHE_DIR/tools"
PROTOC_DIR="$TOOLS_DIR/protoc-$PROTOC_VERSION"
PROTOC="$PROTOC_DIR/bin/protoc"
# Maven Central, the only place jars and protoc come from. Maven itself keeps its usual cache (~/.m2/repository,
# or DCE_MAVEN_REPO when set).
MAVEN_CENTRAL="${DCE_MAVEN_CENTRAL:-https://repo.maven.apache.org/maven2}"

# The repository this lib.sh belongs to.
DCE_REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PLUGIN_SRC_DIR="$DCE_REPO_DIR/server-plugin"
PROTO_DIR="$DCE_REPO_DIR/proto"

# Our Delta Connect server plugin (server-plugin/), registered with Spark Connect's extension confs.
DELTA_RELATION_PLUGIN_CLASS="dev.deltaconnectexplorer.server.DeltaRelationPlugin"
DELTA_COMMAND_PLUGIN_CLASS="dev.deltaconnectexplorer.server.DeltaCommandPlugin"
PARAMETER_PARSER_EXTENSION_CLASS="dev.deltaconnectexplorer.server.ParameterParserExtension"
SPARK_CONNECT_SERVER_CLASS="org.apache.spark.sql.connect.service.SparkConnectServer"
DEFAULT_SERVER_PORT=15002

die() { echo "error: $*" >&2; exit 1; }
log() { echo "[dce] $*" >&2; }

# Prefer JAVA_HOME's java when set, like spark-submit does.
dce_java_bin() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/$1" ]; then echo "$JAVA_HOME/bin/$1"; else command -v "$1" || true; fi
}

require_java17() {
  local java; java=$(dce_java_bin java)
  [ -n "$java" ] || die "Java 17 or newer is needed to run the local Spark server, and 'java' is not on PATH. Install it (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME."
  local v
  v=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
  [ "${v%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or newer is needed; found Java ${v:-unknown} ($java)."
}

# javac and jar, for building the server plugin: a JDK, not only a JRE.
require_jdk17() {
  require_java17
  local javac; javac=$(dce_java_bin javac)
  [ -n "$javac" ] || die "a Java 17+ JDK (javac) is needed to build the Delta Connect server plugin; only a JRE was found. Install it (Debian: apt-get install openjdk-17-jdk-headless) or point JAVA_HOME at a JDK."
  local v; v=$("$javac" -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')
  [ "${v:-0}" -ge 17 ] 2>/dev/null || die "javac 17 or newer is needed; found '$("$javac" -version 2>&1)' ($javac)."
}

# The pyspark package folder inside the venv (holds bin/spark-submit and jars/). Empty if not installed.
pyspark_home() {
  local d
  for d in "$VENV_DIR"/lib/python3*/site-packages/pyspark; do
    [ -f "$d/bin/spark-submit" ] && { echo "$d"; return 0; }
  done
  return 0
}

# Hash of everything the plugin jar is built from: its Java sources, every .proto under proto/, the versions.
plugin_source_sha() {
  (
    cd "$DCE_REPO_DIR"
    echo "spark=$SPARK_VERSION delta=$DELTA_VERSION protobuf=$PROTOBUF_JAVA_VERSION"
    find server-plugin/src proto -type f \( -name '*.java' -o -name '*.proto' \) -print0 2>/dev/null \
      | LC_ALL=C sort -z | xargs -0 -r sha256sum
  ) | sha256sum | cut -c1-16
}
plugin_jar_path() { echo "$PLUGIN_DIR/delta-connect-plugin-$(plugin_source_sha).jar"; }

# The Delta runtime jars resolved by provision-server.sh, comma-separated for --jars.
delta_jars_csv() {
  [ -f "$JARS_DIR/jars.txt" ] || return 0
  sed "s|^|$JARS_DIR/|" "$JARS_DIR/jars.txt" | paste -sd, -
}

# Is something listening on 127.0.0.1:PORT?
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free TCP port on 127.0.0.1 (asks the kernel).
free_port() {
  local py="$VENV_DIR/bin/python"; [ -x "$py" ] || py=python3
  "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Is PID alive and a Spark Connect server (so a recycled pid is never signalled)? Sail (scripts/matrix) counts too.
is_connect_server_pid() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  [ -r "/proc/$pid/cmdline" ] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE "$SPARK_CONNECT_SERVER_CLASS|bin/sail spark server"
}
