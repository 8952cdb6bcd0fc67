#!/usr/bin/env bash
# Starts a local Spark Connect server (Spark 4.2.0 from pip) with Delta Lake 4.4.0 and our Delta Connect plugin,
# waits until it answers, and prints on stdout (everything else goes to stderr):
#   PORT=<port>  PID=<pid>  DATA_DIR=<dir>  LOG=<file>
#
# Usage: scripts/start-server.sh [--port N] [--data-dir DIR] [--conf key=value]... [--driver-memory 4g] [--timeout SECONDS]
#                                [--spark VERSION] [--no-delta-connect] [--master URL]
#   --port N        gRPC port on 127.0.0.1. Default 15002, or a free port when 15002 is taken.
#                   An explicit --port that is taken is an error.
#   --data-dir DIR  warehouse/, the Derby metastore, spark-local/, server.log and server.pid live here; the
#                   server's cwd. Default: a fresh temporary folder. Reuse a folder to keep tables across restarts.
#   --conf k=v      extra Spark conf, passed through (wins over ours), e.g. spark.sql.session.timeZone=UTC,
#                   spark.connect.authenticate.token=SECRET, spark.connect.execute.reattachable.senderMaxStreamDuration=1s
#   --spark VERSION another Spark of the server matrix (scripts/matrix/servers.sh; 4.1, 4.0, 3.5, 3.4, 4.3 or a full
#                   version), provisioned by scripts/provision-matrix.sh, with the Delta release built for it (none for
#                   4.3) and without our Delta Connect plugin. Default: 4.2.0 with Delta 4.4.0 and the plugin.
#   --no-delta-connect  a stock delta-spark server, as most installations are: Spark 4.2.0 + Delta 4.4.0 with the
#                   same confs, but none of our classes (no Delta Connect plugin, no SQL parameter fix). Delta
#                   operations then go over SQL. Same as env DCE_SERVER_DELTA_CONNECT=0.
#   --master URL    the Spark master the server runs its jobs on, e.g. spark://127.0.0.1:7077 (scripts/start-cluster.sh).
#                   Default local[*]. The data dir must then be a folder every worker can reach.
# Env: DCE_SERVER_DRIVER_MEMORY (4g), DCE_SERVER_START_TIMEOUT (120), DCE_SERVER_LOG_LEVEL (warn; Spark's log
#      level in server.log), DCE_SKIP_PROVISION=1 (do not run provision-server.sh --quiet first), DCE_CACHE_DIR,
#      DCE_SERVER_DELTA_CONNECT (1; 0 = --no-delta-connect).
# Stop it with scripts/stop-server.sh --data-dir DIR.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT=""
DATA_DIR=""
EXTRA_CONFS=()
DRIVER_MEMORY="${DCE_SERVER_DRIVER_MEMORY:-4g}"
TIMEOUT="${DCE_SERVER_START_TIMEOUT:-120}"
SERVER_SPARK="$SPARK_VERSION"
DELTA_CONNECT="${DCE_SERVER_DELTA_CONNECT:-1}"
MASTER_URL="local[*]"
usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//' >&2; }
need() { [ $# -ge 2 ] && [ -n "$2" ] || die "start-server.sh: $1 needs a value"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --port) need "$@"; PORT=$2; shift 2 ;;
    --port=*) PORT=${1#*=}; shift ;;
    --data-dir) need "$@"; DATA_DIR=$2; shift 2 ;;
    --data-dir=*) DATA_DIR=${1#*=}; shift ;;
    --conf) need "$@"; EXTRA_CONFS+=("$2"); shift 2 ;;
    --conf=*) EXTRA_CONFS+=("${1#*=}"); shift ;;
    --driver-memory) need "$@"; DRIVER_MEMORY=$2; shift 2 ;;
    --timeout) need "$@"; TIMEOUT=$2; shift 2 ;;
    --spark) need "$@"; SERVER_SPARK=$2; shift 2 ;;
    --spark=*) SERVER_SPARK=${1#*=}; shift ;;
    --no-delta-connect) DELTA_CONNECT=0; shift ;;
    --master) need "$@"; MASTER_URL=$2; shift 2 ;;
    --master=*) MASTER_URL=${1#*=}; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage; die "start-server.sh: unknown argument '$1'" ;;
  esac
done
for c in ${EXTRA_CONFS[@]+"${EXTRA_CONFS[@]}"}; do
  [[ "$c" == *=* ]] || die "start-server.sh: --conf expects key=value, got '$c'"
done
if [ -n "$PORT" ]; then
  [[ "$PORT" =~ ^[0-9]+$ ]] && [ "$PORT" -ge 1 ] && [ "$PORT" -le 65535 ] || die "start-server.sh: bad --port '$PORT'"
fi

[[ "$DELTA_CONNECT" =~ ^[01]$ ]] || die "start-server.sh: DCE_SERVER_DELTA_CONNECT must be 0 or 1, got '$DELTA_CONNECT'"
. "$DCE_REPO_DIR/scripts/matrix/servers.sh"
SERVER_SPARK=$(matrix_full_spark_version "$SERVER_SPARK") || die "start-server.sh: --spark must be one of: $MATRIX_SPARK_VERSIONS"
[ "$SERVER_SPARK" = "$SPARK_VERSION" ] || DELTA_CONNECT=0
SERVER_DELTA=$(matrix_delta_for "$SERVER_SPARK")
[[ "$MASTER_URL" =~ ^(local(\[[0-9*]+\])?|spark://127\.0\.0\.1:[0-9]+)$ ]] \
  || die "start-server.sh: --master must be local[*] or spark://127.0.0.1:PORT (got '$MASTER_URL')"

require_java17
if [ "${DCE_SKIP_PROVISION:-0}" != 1 ]; then
  if [ "$SERVER_SPARK" = "$SPARK_VERSION" ]; then bash "$DCE_REPO_DIR/scripts/provision-server.sh" --quiet
  else bash "$DCE_REPO_DIR/scripts/provision-matrix.sh" --quiet "spark-${SERVER_SPARK%.*}"; fi
fi
PYSPARK_HOME="$(matrix_spark_home "$SERVER_SPARK")"
PLUGIN_JAR="$(plugin_jar_path)"
EXTRA_JARS="$(matrix_jars_csv "$SERVER_SPARK")"
[ -x "$PYSPARK_HOME/bin/spark-submit" ] && { [ "$SERVER_DELTA" = none ] || [ -n "$EXTRA_JARS" ]; } \
  && { [ "$DELTA_CONNECT" = 0 ] || [ -f "$PLUGIN_JAR" ]; } \
  || die "Spark $SERVER_SPARK is not provisioned (or the plugin sources changed); run scripts/provision-matrix.sh"

# ---- data dir ---------------------------------------------------------------------------------------------------
if [ -z "$DATA_DIR" ]; then
  DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/dce-server.XXXXXX")"
else
  mkdir -p "$DATA_DIR"
  DATA_DIR="$(cd "$DATA_DIR" && pwd)"
fi
PID_FILE="$DATA_DIR/server.pid"
LOG_FILE="$DATA_DIR/server.log"
if [ -f "$PID_FILE" ]; then
  old_pid=$(sed -n 's/^\([0-9]*\).*/\1/p' "$PID_FILE" | head -1)
  if is_connect_server_pid "$old_pid"; then
    die "a server already runs on $DATA_DIR (pid $old_pid, $(sed -n 2p "$PID_FILE")); stop it with scripts/stop-server.sh --data-dir $DATA_DIR"
  fi
  rm -f "$PID_FILE"
fi
mkdir -p "$DATA_DIR/warehouse" "$DATA_DIR/spark-local" "$DATA_DIR/conf"
# Our own SPARK_CONF_DIR: no stray spark-defaults.conf from the machine, and a quieter log (Spark's default is INFO
# for everything, one line per task). The "server started" line we wait for stays.
cat >"$DATA_DIR/conf/log4j2.properties" <<LOG4J
rootLogger.level = ${DCE_SERVER_LOG_LEVEL:-warn}
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss.SSS} %p %c{1}: %m%n%ex
logger.connectserver.name = org.apache.spark.sql.connect.service.SparkConnectServer
logger.connectserver.level = info
logger.connectservice.name = org.apache.spark.sql.connect.service.SparkConnectService
logger.connectservice.level = info
logger.nativecode.name = org.apache.hadoop.util.NativeCodeLoader
logger.nativecode.level = error
LOG4J

# ---- port -------------------------------------------------------------------------------------------------------
if [ -n "$PORT" ]; then
  port_in_use "$PORT" && die "port $PORT on 127.0.0.1 is already in use"
else
  PORT=$DEFAULT_SERVER_PORT
  if port_in_use "$PORT"; then
    PORT=$(free_port)
    log "port $DEFAULT_SERVER_PORT is taken; using $PORT"
  fi
fi

# ---- launch -----------------------------------------------------------------------------------------------------
CONFS=(
  spark.connect.grpc.binding.address=127.0.0.1
  "spark.connect.grpc.binding.port=$PORT"
  # Tables persist in the data dir: a Hive catalog backed by an embedded Derby metastore there.
  spark.sql.catalogImplementation=hive
  "spark.sql.warehouse.dir=$DATA_DIR/warehouse"
  "spark.hadoop.javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=$DATA_DIR/metastore_db;create=true"
  "spark.driver.extraJavaOptions=-Dderby.system.home=$DATA_DIR -Dderby.stream.error.file=$DATA_DIR/derby.log"
  "spark.local.dir=$DATA_DIR/spark-local"
  # A small local box: no web UI, few shuffle partitions, few partitions for Delta's log replay (default 50) and
  # for parallel file listing (default 10000 tasks: VACUUM on a tiny table took a minute).
  spark.ui.enabled=false
  spark.sql.shuffle.partitions=4
  spark.databricks.delta.snapshotPartitions=2
  spark.sql.sources.parallelPartitionDiscovery.parallelism=4
)
JARS=""
if [ "$SERVER_DELTA" != none ]; then
  CONFS+=(spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog)
  JARS="$EXTRA_JARS"
  if [ "$DELTA_CONNECT" = 1 ]; then
    CONFS+=(
      # Ours comes second: it wraps Delta's parser to restore SQL parameter binding (server-plugin/README.md).
      "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension,$PARAMETER_PARSER_EXTENSION_CLASS"
      "spark.connect.extensions.relation.classes=$DELTA_RELATION_PLUGIN_CLASS"
      "spark.connect.extensions.command.classes=$DELTA_COMMAND_PLUGIN_CLASS"
    )
    JARS="$JARS,$PLUGIN_JAR"
  else
    CONFS+=(spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension)
  fi
fi
if [[ "$MASTER_URL" == spark://* ]]; then
  # Executors in the workers' JVMs: small ones, and the driver reachable on 127.0.0.1.
  CONFS+=(spark.driver.host=127.0.0.1 spark.driver.bindAddress=127.0.0.1
          "spark.executor.memory=${DCE_SERVER_EXECUTOR_MEMORY:-768m}" spark.executor.cores=1 spark.cores.max=2)
fi
ARGS=(--master "$MASTER_URL" --class "$SPARK_CONNECT_SERVER_CLASS" --name "Spark Connect server"
      --driver-memory "$DRIVER_MEMORY")
[ -z "$JARS" ] || ARGS+=(--jars "$JARS")
# Secrets (spark.connect.authenticate.token, *password*, *secret*) go to a private spark-defaults.conf in our
# SPARK_CONF_DIR instead of the command line: never in `ps`, never in the spark-submit line logged below.
SECRETS_FILE="$DATA_DIR/conf/spark-defaults.conf"
rm -f "$SECRETS_FILE"
for c in "${CONFS[@]}" ${EXTRA_CONFS[@]+"${EXTRA_CONFS[@]}"}; do
  if [[ "${c%%=*}" =~ [Tt][Oo][Kk][Ee][Nn]|[Ss][Ee][Cc][Rr][Ee][Tt]|[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd] ]]; then
    (umask 077; printf '%s %s\n' "${c%%=*}" "${c#*=}" >>"$SECRETS_FILE")
  else
    ARGS+=(--conf "$c")
  fi
done

{
  echo "=== $(date -u +%FT%TZ) start-server.sh: port $PORT, data dir $DATA_DIR"
  echo "=== spark-submit ${ARGS[*]}"
} >>"$LOG_FILE"
WHAT="Spark Connect $SERVER_SPARK$([ "$SERVER_DELTA" = none ] && echo ' without Delta' || echo " + Delta $SERVER_DELTA")"
[ "$DELTA_CONNECT" = 1 ] || [ "$SERVER_DELTA" = none ] || WHAT="$WHAT (no Delta Connect plugin)"
[ "$MASTER_URL" = "local[*]" ] || WHAT="$WHAT on $MASTER_URL"
log "starting $WHAT on 127.0.0.1:$PORT (data dir $DATA_DIR, log $LOG_FILE)"
START_NS=$(date +%s%N)
(
  cd "$DATA_DIR"
  export SPARK_HOME="$PYSPARK_HOME" SPARK_CONF_DIR="$DATA_DIR/conf" SPARK_LOCAL_IP=127.0.0.1
  export PYSPARK_PYTHON="$VENV_DIR/bin/python" SPARK_LOG_DIR="$DATA_DIR"
  unset SPARK_REMOTE SPARK_CONNECT_MODE_ENABLED MASTER SPARK_MASTER
  # Own session and process group (pgid = pid), so stop-server.sh can signal the whole group.
  exec setsid "$PYSPARK_HOME/bin/spark-submit" "${ARGS[@]}" </dev/null >>"$LOG_FILE" 2>&1
) &
PID=$!
printf '%s\n%s\n' "$PID" "$PORT" >"$PID_FILE"

# ---- wait until it answers --------------------------------------------------------------------------------------
deadline=$(( $(date +%s) + TIMEOUT ))
while :; do
  if ! kill -0 "$PID" 2>/dev/null; then
    wait "$PID" 2>/dev/null && rc=0 || rc=$?
    rm -f "$PID_FILE"
    echo "---- last lines of $LOG_FILE ----" >&2; tail -n 40 "$LOG_FILE" >&2
    die "the Spark Connect server exited during startup (exit code $rc); full log: $LOG_FILE"
  fi
  # "Spark Connect server started at: ..." since Spark 3.5; 3.4 logs "Spark Connect server started." only.
  if grep -qE "Spark Connect server started( at|\.)" "$LOG_FILE" && port_in_use "$PORT"; then
    break
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "---- last lines of $LOG_FILE ----" >&2; tail -n 40 "$LOG_FILE" >&2
    bash "$DCE_REPO_DIR/scripts/stop-server.sh" --data-dir "$DATA_DIR" >&2 || true
    die "the Spark Connect server did not come up within ${TIMEOUT}s (stopped it); full log: $LOG_FILE"
  fi
  sleep 0.25
done
elapsed_ms=$(( ($(date +%s%N) - START_NS) / 1000000 ))
log "Spark Connect server ready on sc://127.0.0.1:$PORT after $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000)))s (pid $PID)"
echo "PORT=$PORT"
echo "PID=$PID"
echo "DATA_DIR=$DATA_DIR"
echo "LOG=$LOG_FILE"
