# The server matrix: which Spark and Delta each server of `npm test`'s matrix stage runs. Source it after lib.sh.
#
# Every version below was checked against what PyPI and Maven Central serve (2026-12):
#   pyspark on PyPI: 3.4.0, 3.5.0–3.5.9, 4.0.0–4.0.5, 4.1.0–4.1.4, 4.2.0–4.2.1, 4.3.0 (source distributions only, no wheels).
#   org.apache.spark:spark-connect_2.12 (Spark 3.5's Connect server, not inside pyspark 3.5): 3.5.0, 3.5.1, 3.5.4,
#     3.5.5, 3.5.7 are served; 3.5.8 and 3.5.9 are not (404), so the 3.5 server is Spark 3.5.7, not the newest 3.5.9.
#     Of 3.4 (the first Spark with Connect) only 3.4.0 is served (3.4.1–3.4.4: 404).
#   io.delta:delta-core_2.12: 2.4.0 (built for Spark 3.4; before Delta 3.0 the artifact is delta-core, not delta-spark).
#   io.delta:delta-spark_2.12: 3.3.0–3.3.3 (built for Spark 3.5); delta-spark_2.13: 4.0.0, 4.0.1 (Spark 4.0);
#     delta-spark_4.1_2.13: 4.1.0–4.4.0; delta-spark_4.2_2.13: 4.4.0; delta-spark_4.3_2.13: not served (no version),
#     so Spark 4.3.0 runs without Delta. io.delta:delta-connect-server*: not served under any name.
#   pysail on PyPI: 0.1.0–0.7.2 (Sail, a Spark Connect server written in Rust; no JVM); 0.6.6 is the last 0.6 release.
#   pyspark-client on PyPI: 4.0.0 onwards (the pure-Python Connect client Sail reads its Spark version from).
#
# id            what
# spark-4.2-dc  Spark 4.2.0 + Delta 4.4.0 + our Delta Connect plugin (the project's own server)
# spark-4.2     Spark 4.2.0 + Delta 4.4.0, no Delta Connect plugin (a plain server, as most are in the wild)
# spark-4.1     Spark 4.1.0 + Delta 4.1.0. Not the newest 4.1: every delta-spark_4.1 (4.1.0–4.4.0) is built against
#               Spark 4.1.0, and on Spark 4.1.4 reading a Delta table fails with NoSuchMethodError
#               (ParquetToSparkSchemaConverter.<init>), measured; the extension then says the server's jars do not fit.
# spark-4.0     Spark 4.0.5 + Delta 4.0.1
# spark-3.5     Spark 3.5.7 + Delta 3.3.2, Connect from org.apache.spark:spark-connect_2.12:3.5.7
# spark-3.4     Spark 3.4.0 + Delta 2.4.0, Connect from org.apache.spark:spark-connect_2.12:3.4.0 (the oldest Spark
#               with Connect)
# spark-4.3     Spark 4.3.0, no Delta (no Delta release is built for Spark 4.3)
# sail          Sail 0.7.2 (pysail)
# sail-0.6      Sail 0.6.6 (pysail), the older Sail line: it parses UPDATE but has no implementation of it
# cluster       spark-4.2-dc submitted to a standalone cluster: a master and two workers, separate JVMs on 127.0.0.1
#               (scripts/start-cluster.sh); the integration suite runs on it too
MATRIX_SERVERS="spark-4.2-dc spark-4.2 spark-4.1 spark-4.0 spark-3.5 spark-3.4 spark-4.3 sail sail-0.6 cluster"
SAIL_VERSION="0.7.2"
matrix_sail_version() { # sail | sail-0.6 -> the pysail version it runs
  case "$1" in
    sail) echo "$SAIL_VERSION" ;;
    sail-0.6) echo 0.6.6 ;;
    *) return 1 ;;
  esac
}
matrix_sail_client() { # pysail version -> the pyspark-client release installed next to it (Sail reports its version)
  case "$1" in
    0.7.2) echo 4.2.0 ;;
    0.6.6) echo 4.0.0 ;;
    *) return 1 ;;
  esac
}
sail_venv_dir() { echo "$DCE_CACHE_DIR/venv-pysail-$1"; } # pysail version -> its venv

# The Spark versions start-server.sh --spark accepts, with the Delta release each one runs (none: without Delta).
MATRIX_SPARK_VERSIONS="4.2.0 4.1.0 4.0.5 3.5.7 3.4.0 4.3.0"
matrix_delta_for() { # SPARK_VERSION -> DELTA_VERSION or "none"
  case "$1" in
    4.2.0) echo "$DELTA_VERSION" ;;
    4.1.0) echo 4.1.0 ;;
    4.0.5) echo 4.0.1 ;;
    3.5.7) echo 3.3.2 ;;
    3.4.0) echo 2.4.0 ;;
    4.3.0) echo none ;;
    *) return 1 ;;
  esac
}
# Maven coordinates of the jars a Spark version needs beyond pyspark's own: Delta, and for 3.5 and 3.4 the Connect
# server (delta-storage comes with delta-core as its dependency).
matrix_maven_deps() { # SPARK_VERSION -> "group:artifact:version" lines
  case "$1" in
    4.1.0) echo "io.delta:delta-spark_4.1_2.13:4.1.0" ;;
    4.0.5) echo "io.delta:delta-spark_2.13:4.0.1" ;;
    3.5.7) echo "io.delta:delta-spark_2.12:3.3.2"; echo "org.apache.spark:spark-connect_2.12:3.5.7" ;;
    3.4.0) echo "io.delta:delta-core_2.12:2.4.0"; echo "org.apache.spark:spark-connect_2.12:3.4.0" ;;
  esac
}
# Accepts 3.5 for 3.5.7 and so on.
matrix_full_spark_version() {
  local v
  for v in $MATRIX_SPARK_VERSIONS; do
    if [ "$1" = "$v" ] || [ "$1" = "${v%.*}" ]; then echo "$v"; return 0; fi
  done
  return 1
}
matrix_server_spark() { # matrix id -> Spark version ("" for Sail)
  case "$1" in
    spark-4.2-dc|spark-4.2|cluster) echo "$SPARK_VERSION" ;;
    spark-*) matrix_full_spark_version "${1#spark-}" ;;
    sail|sail-0.6) echo "" ;;
    *) return 1 ;;
  esac
}

# Where a provisioned Spark lives: for the project's own version the venv's pyspark, else a Spark home unpacked from
# the pyspark source distribution (bin/ and jars/ only) by provision-matrix.sh.
matrix_spark_home() {
  if [ "$1" = "$SPARK_VERSION" ]; then pyspark_home; else echo "$DCE_CACHE_DIR/spark-homes/spark-$1"; fi
}
matrix_jars_dir() { # SPARK_VERSION -> folder of the extra jars (jars.txt lists them); empty when none are needed
  local delta; delta=$(matrix_delta_for "$1")
  if [ "$1" = "$SPARK_VERSION" ]; then echo "$JARS_DIR"
  elif [ -n "$(matrix_maven_deps "$1")" ]; then echo "$DCE_CACHE_DIR/jars-matrix/delta-$delta-spark-$1"; fi
}
matrix_jars_csv() {
  local dir; dir=$(matrix_jars_dir "$1")
  [ -n "$dir" ] && [ -f "$dir/jars.txt" ] || return 0
  sed "s|^|$dir/|" "$dir/jars.txt" | paste -sd, -
}
