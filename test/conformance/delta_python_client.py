"""Conformance check: Delta Lake's OWN Python Delta Connect client against our server plugin.

Proves that server-plugin/ speaks the Delta Connect protocol exactly as Delta's client expects: every DeltaTable
operation of delta.connect.tables goes over Spark Connect (delta.connect.DeltaRelation / DeltaCommand inside
google.protobuf.Any) and each check looks at the effect on the data (rows, counts, files, history), not just at
"no error".

Run:  scripts/with-server.sh "$VENV/bin/python" test/conformance/delta_python_client.py
      (needs SPARK_REMOTE; path-based tables go under $DCE_SERVER_DATA_DIR, which must be on the server's disk)
Prints one line per check and a closing "N passed, N failed"; exits non-zero on any failure.
"""

import os
import shutil
import sys
import tempfile
import time
import traceback
import uuid
import warnings

warnings.simplefilter("ignore", FutureWarning)  # pyspark on pandas 3

from pyspark.sql import SparkSession, functions as F  # noqa: E402
from pyspark.sql.types import IntegerType, LongType, StringType, StructField, StructType  # noqa: E402
from delta.connect.tables import DeltaTable  # noqa: E402
from delta.tables import IdentityGenerator  # noqa: E402

CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


def eq(actual, expected, what):
    assert actual == expected, f"{what}: expected {expected!r}, got {actual!r}"


class Ctx:
    def __init__(self, spark, base):
        self.spark = spark
        self.base = base

    def name(self, prefix):
        return f"{prefix}_{uuid.uuid4().hex[:8]}"

    def path(self, prefix):
        return os.path.join(self.base, self.name(prefix))

    def ops(self, dt):
        """History operations, oldest first."""
        return [r.operation for r in dt.history().orderBy("version").select("operation").collect()]

    def ids(self, dt, col="id"):
        return sorted(r[0] for r in dt.toDF().select(col).collect())

    def rows(self, dt, *cols):
        return sorted(tuple(r) for r in dt.toDF().select(*cols).collect())


def data_files(path):
    out = []
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if not d.startswith("_")]
        out += [os.path.join(root, f) for f in files if f.endswith(".parquet")]
    return out


# --------------------------------------------------------------------------------------------------------------
@check
def create_builder_with_generated_and_identity_columns(c):
    name = c.name("people")
    dt = (DeltaTable.create(c.spark)
          .tableName(name)
          .comment("people born somewhen")
          .addColumn("id", "BIGINT", nullable=False)                                  # unparsed data type
          .addColumn("name", StringType())                                             # typed data type
          .addColumn("birth", "DATE")
          .addColumn("birth_year", IntegerType(), generatedAlwaysAs="YEAR(birth)")     # generated column
          .addColumn("seq", LongType(), generatedAlwaysAs=IdentityGenerator(start=100, step=10))  # identity column
          .addColumn("note", "STRING", comment="free text")
          .property("delta.appendOnly", "false")
          .partitionedBy("birth_year")
          .execute())
    c.spark.sql(f"INSERT INTO {name} (id, name, birth, note) VALUES "
                "(1, 'ann', DATE'1990-05-01', 'a'), (2, 'bob', DATE'1985-01-31', 'b')")
    eq(c.rows(dt, "id", "name", "birth_year"), [(1, "ann", 1990), (2, "bob", 1985)], "rows with generated birth_year")
    seqs = sorted(r.seq for r in dt.toDF().collect())
    assert len(set(seqs)) == 2 and all(s >= 100 and (s - 100) % 10 == 0 for s in seqs), f"identity values {seqs}"
    d = dt.detail().collect()[0]
    eq(d.partitionColumns, ["birth_year"], "partition columns")
    eq(d.description, "people born somewhen", "table comment")
    fields = {f.name: f for f in dt.toDF().schema.fields}
    eq(fields["id"].nullable, False, "id nullable")
    eq(fields["note"].metadata.get("comment"), "free text", "column comment")
    ops = c.ops(dt)
    eq(ops[0], "CREATE TABLE", "first history operation")
    eq(ops[1], "WRITE", "second history operation")


@check
def create_if_not_exists_replace_create_or_replace_location_clustering(c):
    path = c.path("builders")
    dt = DeltaTable.create(c.spark).location(path).addColumn("a", "INT").addColumn("b", "STRING").execute()
    c.spark.createDataFrame([(1, "x"), (2, "y")], "a INT, b STRING").write.format("delta").mode("append").save(path)
    # createIfNotExists on an existing table changes nothing
    DeltaTable.createIfNotExists(c.spark).location(path).addColumn("a", "INT").addColumn("b", "STRING").execute()
    eq(dt.toDF().count(), 2, "rows after createIfNotExists")
    eq(len(c.ops(dt)), 2, "history length after createIfNotExists")
    # replace: new schema, liquid clustering, no rows
    DeltaTable.replace(c.spark).location(path).addColumn("a", "INT").addColumn("c", "DOUBLE").clusterBy("a").execute()
    dt = DeltaTable.forPath(c.spark, path)
    eq(dt.toDF().columns, ["a", "c"], "columns after replace")
    eq(dt.toDF().count(), 0, "rows after replace")
    eq(list(dt.detail().collect()[0].clusteringColumns), ["a"], "clustering columns after replace")
    eq(c.ops(dt), ["CREATE TABLE", "WRITE", "REPLACE TABLE"], "history of the path table")
    # createOrReplace by name: creates, then replaces
    name = c.name("cor")
    DeltaTable.createOrReplace(c.spark).tableName(name).addColumn("x", "INT").execute()
    c.spark.sql(f"INSERT INTO {name} VALUES (1), (2)")
    DeltaTable.createOrReplace(c.spark).tableName(name).addColumn("k", "INT").addColumn("v", "STRING") \
        .clusterBy("k").execute()
    dt = DeltaTable.forName(c.spark, name)
    eq(dt.toDF().columns, ["k", "v"], "columns after createOrReplace")
    eq(dt.toDF().count(), 0, "rows after createOrReplace")
    eq(list(dt.detail().collect()[0].clusteringColumns), ["k"], "clustering columns after createOrReplace")
    eq(c.ops(dt)[-1], "CREATE OR REPLACE TABLE", "last history operation")


@check
def for_name_for_path_to_df(c):
    name = c.name("named")
    c.spark.range(7).write.format("delta").saveAsTable(name)
    eq(c.ids(DeltaTable.forName(c.spark, name)), list(range(7)), "forName(...).toDF()")
    path = c.path("bypath")
    c.spark.range(3, 8).write.format("delta").save(path)
    dt = DeltaTable.forPath(c.spark, path)
    eq(c.ids(dt), list(range(3, 8)), "forPath(...).toDF()")
    eq(dt.toDF().where("id > 5").count(), 2, "filter on toDF()")
    eq(c.ids(DeltaTable.forName(c.spark, f"delta.`{path}`")), list(range(3, 8)), "forName(delta.`path`)")


@check
def history_and_detail(c):
    path = c.path("hist")
    c.spark.range(5).write.format("delta").save(path)
    c.spark.range(5, 8).write.format("delta").mode("append").save(path)
    dt = DeltaTable.forPath(c.spark, path)
    dt.delete("id = 0")
    h = dt.history().collect()
    eq([r.version for r in h], [2, 1, 0], "versions newest first")
    eq([r.operation for r in h], ["DELETE", "WRITE", "WRITE"], "operations")
    eq(h[1].operationParameters["mode"], "Append", "operationParameters of the append")
    eq(int(h[0].operationMetrics["numDeletedRows"]), 1, "numDeletedRows of the delete")
    eq([r.version for r in dt.history(1).collect()], [2], "history(limit=1)")
    d = dt.detail().collect()[0]
    eq(d.format, "delta", "detail.format")
    assert d.location.rstrip("/").endswith(os.path.basename(path)), f"detail.location {d.location}"
    assert d.numFiles >= 1 and d.sizeInBytes > 0, f"numFiles {d.numFiles}, sizeInBytes {d.sizeInBytes}"
    assert d.minReaderVersion >= 1 and d.minWriterVersion >= 2, (d.minReaderVersion, d.minWriterVersion)


@check
def delete_with_and_without_condition(c):
    path = c.path("del")
    c.spark.range(10).write.format("delta").save(path)
    dt = DeltaTable.forPath(c.spark, path)
    res = dt.delete("id < 3").collect()
    eq(res[0].num_affected_rows, 3, "num_affected_rows (string condition)")
    dt.delete(F.col("id") == 9)
    eq(c.ids(dt), [3, 4, 5, 6, 7, 8], "rows after delete(Column)")
    dt.alias("t").delete("t.id = 4")
    eq(c.ids(dt), [3, 5, 6, 7, 8], "rows after delete through an alias")
    dt.delete()
    eq(dt.toDF().count(), 0, "rows after delete() without condition")
    eq(c.ops(dt).count("DELETE"), 4, "DELETE entries in history")


@check
def update_with_conditions(c):
    path = c.path("upd")
    c.spark.createDataFrame([(i, f"n{i}", i * 1.5) for i in range(6)], "id LONG, name STRING, score DOUBLE") \
        .write.format("delta").save(path)
    dt = DeltaTable.forPath(c.spark, path)
    res = dt.update("id >= 4", {"name": "'big'", "score": "score * 2"}).collect()
    eq(res[0].num_affected_rows, 2, "num_affected_rows")
    dt.update(F.col("id") == 0, {"name": F.lit("zero")})
    dt.update(set={"score": F.col("score") + 1})  # no condition: every row
    eq(c.rows(dt, "id", "name", "score"),
       [(0, "zero", 1.0), (1, "n1", 2.5), (2, "n2", 4.0), (3, "n3", 5.5), (4, "big", 13.0), (5, "big", 16.0)],
       "rows after the updates")
    eq(c.ops(dt)[1:], ["UPDATE", "UPDATE", "UPDATE"], "history")


@check
def merge_with_every_clause_kind(c):
    path = c.path("merge")
    c.spark.createDataFrame([(i, i * 10, "old") for i in range(1, 7)], "id INT, v INT, tag STRING") \
        .write.format("delta").save(path)
    source = c.spark.createDataFrame([(1, 0, "s"), (2, 2, "s"), (3, 3, "s"), (7, 7, "s"), (8, 8, "s")],
                                     "id INT, v INT, tag STRING")
    dt = DeltaTable.forPath(c.spark, path)
    res = (dt.alias("t").merge(source.alias("s"), "t.id = s.id")
           .whenMatchedDelete(condition="s.id = 1")
           .whenMatchedUpdate(condition="s.id = 2", set={"v": "t.v * 10", "tag": "'upd'"})
           .whenMatchedUpdateAll()
           .whenNotMatchedInsert(condition="s.id = 7", values={"id": "s.id", "v": "70", "tag": "'ins'"})
           .whenNotMatchedInsertAll()
           .whenNotMatchedBySourceDelete(condition="t.id = 4")
           .whenNotMatchedBySourceUpdate(set={"v": "-1"})
           .execute()).collect()[0]
    eq((res.num_affected_rows, res.num_updated_rows, res.num_deleted_rows, res.num_inserted_rows), (8, 4, 2, 2),
       "merge metrics (affected, updated, deleted, inserted)")
    eq(c.rows(dt, "id", "v", "tag"),
       [(2, 200, "upd"), (3, 3, "s"), (5, -1, "old"), (6, -1, "old"), (7, 70, "ins"), (8, 8, "s")],
       "rows after merge")
    eq(c.ops(dt)[-1], "MERGE", "last history operation")


@check
def merge_with_schema_evolution(c):
    path = c.path("merge_evo")
    c.spark.createDataFrame([(1, "a")], "id INT, v STRING").write.format("delta").save(path)
    source = c.spark.createDataFrame([(1, "A", True), (2, "b", False)], "id INT, v STRING, flag BOOLEAN")
    dt = DeltaTable.forPath(c.spark, path)
    (dt.alias("t").merge(source.alias("s"), "t.id = s.id")
     .whenMatchedUpdateAll().whenNotMatchedInsertAll().withSchemaEvolution().execute())
    df = DeltaTable.forPath(c.spark, path).toDF()
    eq(df.columns, ["id", "v", "flag"], "columns after schema evolution")
    eq(sorted(tuple(r) for r in df.collect()), [(1, "A", True), (2, "b", False)], "rows after merge")


@check
def embedded_spark_messages_outside_our_proto_subset(c):
    # The merge source is an Aggregate over a SetOperation and the conditions use a lambda function: none of these
    # is in proto/spark/connect (our subset), so the plugin must pass them on to Spark as unknown fields intact.
    path = c.path("subset")
    c.spark.range(6).selectExpr("id", "0L AS n").write.format("delta").save(path)
    dt = DeltaTable.forPath(c.spark, path)
    source = (c.spark.range(3).union(c.spark.range(2, 8))
              .groupBy("id").agg(F.count(F.lit(1)).alias("n")))                  # id 2 appears twice
    (dt.alias("t").merge(source.alias("s"), F.exists(F.array(F.col("t.id")), lambda x: x == F.col("s.id")))
     .whenMatchedUpdate(set={"n": F.col("s.n")})
     .whenNotMatchedInsertAll().execute())
    eq(c.rows(dt, "id", "n"), [(0, 1), (1, 1), (2, 2), (3, 1), (4, 1), (5, 1), (6, 1), (7, 1)], "rows after merge")
    dt.delete(F.exists(F.array(F.col("id"), F.col("n")), lambda x: x == 7))
    eq(c.ids(dt), [0, 1, 2, 3, 4, 5, 6], "rows after delete with a lambda condition")


@check
def optimize_compaction_with_partition_filter(c):
    path = c.path("opt")
    for i in range(3):
        c.spark.range(i * 100, i * 100 + 100).withColumn("p", F.col("id") % 2) \
            .repartition(3).write.format("delta").mode("append").partitionBy("p").save(path)
    dt = DeltaTable.forPath(c.spark, path)
    files_before = dt.detail().collect()[0].numFiles
    res = dt.optimize().where("p = 0").executeCompaction().collect()[0]
    m = res.metrics
    assert m.numFilesRemoved > 1 and m.numFilesAdded == 1, f"metrics: removed {m.numFilesRemoved}, added {m.numFilesAdded}"
    eq(m.partitionsOptimized, 1, "partitionsOptimized with where('p = 0')")
    files_mid = dt.detail().collect()[0].numFiles
    eq(files_mid, files_before - m.numFilesRemoved + 1, "numFiles after the partition-filtered compaction")
    dt.optimize().executeCompaction()
    eq(dt.detail().collect()[0].numFiles, 2, "numFiles after full compaction (one per partition)")
    eq(dt.toDF().count(), 300, "rows after optimize")
    eq(c.ops(dt)[-2:], ["OPTIMIZE", "OPTIMIZE"], "history")


@check
def optimize_zorder(c):
    path = c.path("zorder")
    for i in range(3):
        c.spark.range(i * 50, i * 50 + 50).selectExpr("id", "id % 7 AS a", "id % 5 AS b") \
            .repartition(2).write.format("delta").mode("append").save(path)
    dt = DeltaTable.forPath(c.spark, path)
    res = dt.optimize().executeZOrderBy("a", "b").collect()[0]
    assert res.metrics.zOrderStats is not None, "zOrderStats missing"
    assert res.metrics.numFilesRemoved >= 2, f"numFilesRemoved {res.metrics.numFilesRemoved}"
    eq(dt.detail().collect()[0].numFiles, 1, "numFiles after Z-order")
    h = dt.history(1).collect()[0]
    eq(h.operation, "OPTIMIZE", "operation")
    eq(h.operationParameters["zOrderBy"], '["a","b"]', "zOrderBy parameter")
    eq(dt.toDF().count(), 150, "rows after Z-order")


@check
def restore_to_version_and_timestamp(c):
    path = c.path("restore")
    c.spark.range(5).write.format("delta").save(path)                                # v0: 5 rows
    c.spark.range(5, 10).write.format("delta").mode("append").save(path)            # v1: 10 rows
    dt = DeltaTable.forPath(c.spark, path)
    dt.delete("id % 2 = 0")                                                          # v2: 5 rows
    res = dt.restoreToVersion(0).collect()[0]
    assert res.num_restored_files >= 1 and res.num_removed_files >= 1, f"restore metrics {res}"
    eq(c.ids(dt), list(range(5)), "rows after restoreToVersion(0)")
    ts = dt.history().where("version = 1").selectExpr("CAST(timestamp AS STRING) AS ts").collect()[0].ts
    dt.restoreToTimestamp(ts)
    eq(c.ids(dt), list(range(10)), f"rows after restoreToTimestamp({ts!r})")
    eq(c.ops(dt)[-2:], ["RESTORE", "RESTORE"], "history")


@check
def vacuum_removes_unreferenced_files(c):
    c.spark.conf.set("spark.databricks.delta.retentionDurationCheck.enabled", "false")
    path = c.path("vacuum")
    c.spark.range(100).repartition(4).write.format("delta").save(path)
    dt = DeltaTable.forPath(c.spark, path)
    dt.optimize().executeCompaction()                                  # 4 files removed, 1 added
    files_before = len(data_files(path))
    eq(files_before, 5, "parquet files on disk before vacuum")
    dt.vacuum(100)                                                     # nothing that old: keeps all
    eq(len(data_files(path)), 5, "parquet files after vacuum(100 hours)")
    dt.vacuum(0)
    eq(len(data_files(path)), 1, "parquet files after vacuum(0)")
    eq(dt.toDF().count(), 100, "rows after vacuum")
    ops = c.ops(dt)
    assert "VACUUM END" in ops or len(ops) == 2, f"history {ops}"


@check
def shallow_clone_latest_and_at_version(c):
    src = c.name("clone_src")
    c.spark.range(4).write.format("delta").saveAsTable(src)                          # v0
    c.spark.range(4, 6).write.format("delta").mode("append").saveAsTable(src)        # v1
    dt = DeltaTable.forName(c.spark, src)
    clone = c.name("clone_latest")
    cl = dt.clone(clone, isShallow=True, properties={"dce.cloned": "yes"})
    eq(c.ids(cl), list(range(6)), "rows of the shallow clone")
    d = cl.detail().collect()[0]
    eq(d.properties.get("dce.cloned"), "yes", "clone property")
    eq(c.ops(cl), ["CLONE"], "history of the clone")
    at0 = dt.cloneAtVersion(0, c.name("clone_v0"), isShallow=True)
    eq(c.ids(at0), list(range(4)), "rows of cloneAtVersion(0)")
    # replace=True over an existing clone (Delta wants the destination emptied first)
    dt.delete("id = 0")
    cl.delete()
    cl2 = dt.clone(clone, isShallow=True, replace=True)
    eq(c.ids(cl2), list(range(1, 6)), "rows after clone(replace=True)")
    eq(c.ids(dt), list(range(1, 6)), "source rows (untouched by cloning)")


@check
def convert_to_delta_from_parquet(c):
    path = c.path("parquet")
    c.spark.range(10).write.parquet(path)
    assert not DeltaTable.isDeltaTable(c.spark, path), "plain parquet reported as Delta"
    dt = DeltaTable.convertToDelta(c.spark, f"parquet.`{path}`")
    assert DeltaTable.isDeltaTable(c.spark, path), "not Delta after convertToDelta"
    eq(c.ids(dt), list(range(10)), "rows of the converted table")
    eq(c.ops(dt), ["CONVERT"], "history")
    # partitioned, with the partition schema as a DDL string and as a StructType
    for i, schema in enumerate(["p INT", StructType([StructField("p", IntegerType())])]):
        ppath = c.path(f"parquet_part{i}")
        c.spark.range(6).withColumn("p", (F.col("id") % 3).cast("int")).write.partitionBy("p").parquet(ppath)
        pdt = DeltaTable.convertToDelta(c.spark, f"parquet.`{ppath}`", schema)
        eq(pdt.toDF().count(), 6, f"rows of the converted partitioned table ({type(schema).__name__})")
        eq(pdt.detail().collect()[0].partitionColumns, ["p"], "partition columns")


@check
def generate_symlink_manifest(c):
    path = c.path("manifest")
    c.spark.range(20).withColumn("p", F.col("id") % 2).write.format("delta").partitionBy("p").save(path)
    DeltaTable.forPath(c.spark, path).generate("symlink_format_manifest")
    manifests = sorted(os.path.relpath(os.path.join(r, f), path)
                       for r, _, fs in os.walk(os.path.join(path, "_symlink_format_manifest")) for f in fs
                       if f == "manifest")
    eq(manifests, ["_symlink_format_manifest/p=0/manifest", "_symlink_format_manifest/p=1/manifest"], "manifests")
    listed = open(os.path.join(path, manifests[0])).read().split()
    assert listed and all(x.endswith(".parquet") for x in listed), f"manifest content {listed}"


@check
def is_delta_table(c):
    path = c.path("isdelta")
    c.spark.range(1).write.format("delta").save(path)
    eq(bool(DeltaTable.isDeltaTable(c.spark, path)), True, "delta path")
    eq(bool(DeltaTable.isDeltaTable(c.spark, os.path.join(c.base, "does-not-exist"))), False, "missing path")
    ppath = c.path("notdelta")
    c.spark.range(1).write.parquet(ppath)
    eq(bool(DeltaTable.isDeltaTable(c.spark, ppath)), False, "parquet path")


@check
def upgrade_table_protocol(c):
    name = c.name("proto")
    (DeltaTable.create(c.spark).tableName(name).addColumn("id", "INT")
     .property("delta.minReaderVersion", "1").property("delta.minWriterVersion", "2").execute())
    dt = DeltaTable.forName(c.spark, name)
    d = dt.detail().collect()[0]
    eq((d.minReaderVersion, d.minWriterVersion), (1, 2), "protocol before")
    dt.upgradeTableProtocol(1, 4)
    d = dt.detail().collect()[0]
    eq((d.minReaderVersion, d.minWriterVersion), (1, 4), "protocol after upgradeTableProtocol(1, 4)")
    # Delta 4.4 records the upgrade as a protocol-only SET TBLPROPERTIES (older releases: UPGRADE PROTOCOL)
    assert c.ops(dt)[-1] in ("UPGRADE PROTOCOL", "SET TBLPROPERTIES"), f"history {c.ops(dt)}"


@check
def add_and_drop_feature_support(c):
    path = c.path("features")
    c.spark.range(3).write.format("delta").save(path)
    dt = DeltaTable.forPath(c.spark, path)
    dt.addFeatureSupport("deletionVectors")
    d = dt.detail().collect()[0]
    assert "deletionVectors" in d.tableFeatures, f"tableFeatures {d.tableFeatures}"
    assert d.minReaderVersion == 3 and d.minWriterVersion == 7, (d.minReaderVersion, d.minWriterVersion)
    dt.addFeatureSupport("checkConstraints")
    assert "checkConstraints" in dt.detail().collect()[0].tableFeatures, "checkConstraints not added"
    dt.dropFeatureSupport("checkConstraints")                       # writer feature, no truncateHistory
    feats = dt.detail().collect()[0].tableFeatures
    assert "checkConstraints" not in feats, f"checkConstraints still in {feats}"
    dt.dropFeatureSupport("deletionVectors", truncateHistory=False)  # reader-writer feature, explicit flag
    feats = dt.detail().collect()[0].tableFeatures
    assert "deletionVectors" not in feats, f"deletionVectors still in {feats}"
    eq(c.ids(dt), [0, 1, 2], "rows after the feature changes")
    ops = c.ops(dt)
    eq(ops.count("DROP FEATURE"), 2, f"DROP FEATURE entries in history {ops}")


@check
def sql_forms_return_the_same_typed_metrics(c):
    """What a server without a Delta Connect plugin answers (the SQL form) matches Delta Connect: names, types, values."""
    def twin(prefix):
        paths = [c.path(prefix), c.path(prefix)]
        for p in paths:
            c.spark.range(20).selectExpr("id", "CAST(id % 3 AS INT) AS g").repartition(2).write.format("delta").save(p)
        return DeltaTable.forPath(c.spark, paths[0]), f"delta.`{paths[1]}`"

    def same(what, connect_df, sql_text):
        sql_df = c.spark.sql(sql_text)
        eq([(f.name, f.dataType) for f in sql_df.schema.fields], [(f.name, f.dataType) for f in connect_df.schema.fields], f"{what}: schema")
        return connect_df.collect(), sql_df.collect()

    dt, sql_t = twin("sqlm")
    a, b = same("delete", dt.delete("id < 3"), f"DELETE FROM {sql_t} WHERE id < 3")
    eq(b, a, "delete metrics")
    a, b = same("update", dt.update("id < 6", {"g": "g + 10"}), f"UPDATE {sql_t} SET g = g + 10 WHERE id < 6")
    eq(b, a, "update metrics")
    src = c.spark.range(15, 25).selectExpr("id", "CAST(-1 AS INT) AS g")
    src.createOrReplaceTempView("conformance_merge_source")
    connect_merge = dt.alias("t").merge(src.alias("s"), "t.id = s.id").whenMatchedUpdateAll().whenNotMatchedInsertAll() \
        .whenNotMatchedBySourceDelete("t.id = 10").execute()
    a, b = same("merge", connect_merge, f"MERGE INTO {sql_t} AS t USING conformance_merge_source AS s ON t.id = s.id "
                "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT * WHEN NOT MATCHED BY SOURCE AND t.id = 10 THEN DELETE")
    eq(b, a, "merge metrics")
    a, b = same("restore", dt.restoreToVersion(1), f"RESTORE TABLE {sql_t} TO VERSION AS OF 1")
    eq([r.num_restored_files for r in b], [r.num_restored_files for r in a], "restore: restored files")
    # Delta's Python client rebuilds OPTIMIZE's rows through pandas (createDataFrame(df.toPandas())), which loses
    # nullability and types the null structs as NullType: compare the metric names and the counts.
    connect_opt, sql_opt = dt.optimize().executeCompaction(), c.spark.sql(f"OPTIMIZE {sql_t}")
    names = lambda df: [f.name for f in df.schema["metrics"].dataType.fields]  # noqa: E731
    eq(names(sql_opt), names(connect_opt), "optimize: metric names")
    a, b = connect_opt.collect(), sql_opt.collect()
    eq([(r.metrics.numFilesAdded, r.metrics.numFilesRemoved) for r in b], [(r.metrics.numFilesAdded, r.metrics.numFilesRemoved) for r in a], "optimize: files")
    eq(c.ops(DeltaTable.forPath(c.spark, sql_t[7:-1])), c.ops(dt), "the same history")


# --------------------------------------------------------------------------------------------------------------
def main():
    remote = os.environ.get("SPARK_REMOTE")
    if not remote:
        print("SPARK_REMOTE is not set; run me through scripts/with-server.sh", file=sys.stderr)
        return 2
    server_dir = os.environ.get("DCE_SERVER_DATA_DIR")
    base = tempfile.mkdtemp(prefix="conformance-", dir=server_dir) if server_dir else tempfile.mkdtemp(prefix="dce-conf-")
    only = set(sys.argv[1:])
    spark = SparkSession.builder.remote(remote).getOrCreate()
    ctx = Ctx(spark, base)
    passed = failed = 0
    try:
        for fn in CHECKS:
            if only and fn.__name__ not in only:
                continue
            t0 = time.monotonic()
            try:
                fn(ctx)
                passed += 1
                print(f"PASS {fn.__name__} ({time.monotonic() - t0:.1f}s)", flush=True)
            except Exception as e:  # noqa: BLE001 - report and go on
                failed += 1
                print(f"FAIL {fn.__name__} ({time.monotonic() - t0:.1f}s): {type(e).__name__}: {e}", flush=True)
                traceback.print_exc(file=sys.stderr)
    finally:
        try:
            spark.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)
    print(f"{passed} passed, {failed} failed", flush=True)
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
