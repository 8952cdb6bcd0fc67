// The Spark and Delta Lake the local server runs, named once: jar paths, file and folder names and the messages
// that mention a version are built from these. (scripts/lib.sh names the same versions for the project's own
// server; the cache folder the two share, jars-delta-<delta>-spark-<spark>, is built the same way on both sides.)

export const SPARK_VERSION = '4.2.0';
/** The Spark line an existing installation must belong to: "4.2". */
export const SPARK_LINE = SPARK_VERSION.split('.').slice(0, 2).join('.');
export const SCALA_BINARY = '2.13';
export const DELTA_VERSION = '4.4.0';

/** Delta for this Spark and what it needs beyond the jars Spark ships (see server-plugin/README.md), as Maven paths. */
export const DELTA_JARS = [
  `io/delta/delta-spark_${SPARK_LINE}_${SCALA_BINARY}/${DELTA_VERSION}/delta-spark_${SPARK_LINE}_${SCALA_BINARY}-${DELTA_VERSION}.jar`,
  ...['delta-storage', 'delta-kernel-api', 'delta-kernel-defaults', 'delta-kernel-unitycatalog'].map((a) => `io/delta/${a}/${DELTA_VERSION}/${a}-${DELTA_VERSION}.jar`),
  'io/unitycatalog/unitycatalog-client/0.6.0/unitycatalog-client-0.6.0.jar',
  'io/unitycatalog/unitycatalog-hadoop/0.6.0/unitycatalog-hadoop-0.6.0.jar',
  'com/fasterxml/jackson/datatype/jackson-datatype-jdk8/2.13.5/jackson-datatype-jdk8-2.13.5.jar',
  'javax/annotation/javax.annotation-api/1.3.2/javax.annotation-api-1.3.2.jar',
  'com/google/protobuf/protobuf-java/3.25.1/protobuf-java-3.25.1.jar',
];

/** The Spark the local server runs, as PyPI publishes it (the pyspark sdist carries Spark's jars and scripts). */
export const SPARK_DIST = {
  version: SPARK_VERSION,
  project: 'pyspark',
  filename: `pyspark-${SPARK_VERSION}.tar.gz`,
  sha256: '5ad689d53570ee1674193fd4f9bda065f0db3be9363a27d2a3406cc457b70b61',
  /** Bytes downloaded. */
  size: 450_129_423,
  /** Bytes of what is unpacked (bin/, the server's jars/, licenses). */
  extractedSize: 418_000_000,
};

/** The project's cache folder of the Delta jars (scripts/lib.sh JARS_DIR). */
export const PROJECT_JARS_DIR = `jars-delta-${DELTA_VERSION}-spark-${SPARK_VERSION}`;
/** The folder of the Delta jars downloaded into the extension's storage. */
export const STORAGE_JARS_DIR = `delta-${DELTA_VERSION}`;
