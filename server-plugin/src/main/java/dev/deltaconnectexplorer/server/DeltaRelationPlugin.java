/*
 * Copyright 2026 The Delta Connect Explorer authors. Licensed under the Apache License, Version 2.0.
 *
 * Spark Connect relation plugin speaking the Delta Connect protocol (delta.connect.DeltaRelation packed in
 * spark.connect.Relation.extension). Register with
 *   spark.connect.extensions.relation.classes=dev.deltaconnectexplorer.server.DeltaRelationPlugin
 *
 * Semantics follow Delta's own server plugin: scan/history/detail return analyzed (lazy) plans; every other
 * relation runs its Delta operation while it is planned and returns the operation's result rows.
 */
package dev.deltaconnectexplorer.server;

import static dev.deltaconnectexplorer.server.DeltaConnectSupport.deltaTable;
import static dev.deltaconnectexplorer.server.DeltaConnectSupport.none;
import static dev.deltaconnectexplorer.server.DeltaConnectSupport.seq;
import static dev.deltaconnectexplorer.server.DeltaConnectSupport.some;
import static dev.deltaconnectexplorer.server.DeltaConnectSupport.sparkDataType;
import static dev.deltaconnectexplorer.server.DeltaConnectSupport.sparkExpression;
import static dev.deltaconnectexplorer.server.DeltaConnectSupport.sparkRelation;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.delta.connect.proto.Assignment;
import io.delta.connect.proto.ConvertToDelta;
import io.delta.connect.proto.DeleteFromTable;
import io.delta.connect.proto.DeltaRelation;
import io.delta.connect.proto.MergeIntoTable;
import io.delta.connect.proto.OptimizeTable;
import io.delta.connect.proto.RestoreTable;
import io.delta.connect.proto.UpdateTable;
import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedStar;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.plans.logical.DeltaMergeInto$;
import org.apache.spark.sql.catalyst.plans.logical.DeltaMergeIntoClause;
import org.apache.spark.sql.catalyst.plans.logical.DeltaMergeIntoClause$;
import org.apache.spark.sql.catalyst.plans.logical.DeltaMergeIntoMatchedDeleteClause;
import org.apache.spark.sql.catalyst.plans.logical.DeltaMergeIntoMatchedUpdateClause;
import org.apache.spark.sql.catalyst.plans.logical.DeltaMergeIntoNotMatchedBySourceDeleteClause;
import org.apache.spark.sql.catalyst.plans.logical.DeltaMergeIntoNotMatchedBySourceUpdateClause;
import org.apache.spark.sql.catalyst.plans.logical.DeltaMergeIntoNotMatchedInsertClause;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.connect.common.DataTypeProtoConverter;
import org.apache.spark.sql.connect.planner.SparkConnectPlanner;
import org.apache.spark.sql.connect.plugin.RelationPlugin;
import org.apache.spark.sql.delta.commands.ConvertToDeltaCommand;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

public class DeltaRelationPlugin implements RelationPlugin {
  static final String TYPE_NAME = DeltaRelation.getDescriptor().getFullName(); // delta.connect.DeltaRelation

  @Override
  public Optional<LogicalPlan> transform(byte[] raw, SparkConnectPlanner planner) {
    Any any;
    DeltaRelation relation;
    try {
      any = DeltaConnectSupport.parseAny(raw);
      if (!DeltaConnectSupport.isType(any, TYPE_NAME)) {
        return Optional.empty();
      }
      com.google.protobuf.CodedInputStream in = any.getValue().newCodedInput();
      in.setSizeLimit(Integer.MAX_VALUE);
      in.setRecursionLimit(DeltaConnectSupport.recursionLimit());
      relation = DeltaRelation.parseFrom(in);
      in.checkLastTagWas(0);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Delta Connect: malformed delta.connect.DeltaRelation: " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Delta Connect: malformed delta.connect.DeltaRelation: " + e.getMessage(), e);
    }
    return Optional.of(transform(relation, planner));
  }

  private LogicalPlan transform(DeltaRelation relation, SparkConnectPlanner planner) {
    switch (relation.getRelationTypeCase()) {
      case SCAN:
        return deltaTable(planner, relation.getScan().getTable()).toDF().queryExecution().analyzed();
      case DESCRIBE_HISTORY:
        return deltaTable(planner, relation.getDescribeHistory().getTable()).history().queryExecution().analyzed();
      case DESCRIBE_DETAIL:
        return deltaTable(planner, relation.getDescribeDetail().getTable()).detail().queryExecution().analyzed();
      case CONVERT_TO_DELTA:
        return convertToDelta(planner, relation.getConvertToDelta());
      case RESTORE_TABLE:
        return restore(planner, relation.getRestoreTable());
      case IS_DELTA_TABLE: {
        SparkSession spark = planner.session();
        boolean result = DeltaTable.isDeltaTable(spark, relation.getIsDeltaTable().getPath());
        return spark.createDataset(Collections.<Object>singletonList(result), Encoders.scalaBoolean())
            .queryExecution().analyzed();
      }
      case DELETE_FROM_TABLE:
        return delete(planner, relation.getDeleteFromTable());
      case UPDATE_TABLE:
        return update(planner, relation.getUpdateTable());
      case MERGE_INTO_TABLE:
        return merge(planner, relation.getMergeIntoTable());
      case OPTIMIZE_TABLE:
        return optimize(planner, relation.getOptimizeTable());
      default:
        throw new IllegalArgumentException("Delta Connect: unknown DeltaRelation type "
            + relation.getRelationTypeCase() + " (this server speaks relations 1-10 of delta/connect/relations.proto)");
    }
  }

  private static LogicalPlan convertToDelta(SparkConnectPlanner planner, ConvertToDelta msg) {
    SparkSession spark = planner.session();
    TableIdentifier id;
    try {
      id = spark.sessionState().sqlParser().parseTableIdentifier(msg.getIdentifier());
    } catch (Exception e) { // the Scala parser declares a checked ParseException: pass it on unchanged
      throw DeltaConnectSupport.<RuntimeException>sneakyThrow(e);
    }
    scala.Option<StructType> partitionSchema;
    switch (msg.getPartitionSchemaCase()) {
      case PARTITION_SCHEMA_STRUCT: {
        DataType type = DataTypeProtoConverter.toCatalystType(sparkDataType(msg.getPartitionSchemaStruct()));
        if (!(type instanceof StructType)) {
          throw new IllegalArgumentException(
              "Delta Connect: ConvertToDelta.partition_schema_struct must be a struct, got " + type.simpleString());
        }
        partitionSchema = some((StructType) type);
        break;
      }
      case PARTITION_SCHEMA_STRING:
        partitionSchema = some(StructType.fromDDL(msg.getPartitionSchemaString()));
        break;
      default:
        partitionSchema = none();
    }
    ConvertToDeltaCommand command = new ConvertToDeltaCommand(id, partitionSchema, true, none());
    command.run(spark);
    String result = command.isCatalogTable(spark.sessionState().analyzer(), id)
        ? msg.getIdentifier()
        : "delta.`" + id.table() + "`";
    return spark.createDataset(Collections.singletonList(result), Encoders.STRING()).queryExecution().analyzed();
  }

  private static LogicalPlan restore(SparkConnectPlanner planner, RestoreTable msg) {
    DeltaTable table = deltaTable(planner, msg.getTable());
    Dataset<Row> df;
    switch (msg.getVersionOrTimestampCase()) {
      case VERSION:
        df = table.restoreToVersion(msg.getVersion());
        break;
      case TIMESTAMP:
        df = table.restoreToTimestamp(msg.getTimestamp());
        break;
      default:
        throw new IllegalArgumentException("Delta Connect: RestoreTable needs a version or a timestamp");
    }
    return df.queryExecution().commandExecuted();
  }

  private static LogicalPlan executed(SparkConnectPlanner planner, LogicalPlan plan) {
    return org.apache.spark.sql.classic.Dataset.ofRows(planner.session(), plan).queryExecution().commandExecuted();
  }

  private static LogicalPlan delete(SparkConnectPlanner planner, DeleteFromTable msg) {
    LogicalPlan target = planner.transformRelation(sparkRelation(msg.getTarget()));
    Expression condition = msg.hasCondition()
        ? planner.transformExpression(sparkExpression(msg.getCondition()))
        : Literal.TrueLiteral();
    return executed(planner, new org.apache.spark.sql.catalyst.plans.logical.DeleteFromTable(target, condition));
  }

  private static LogicalPlan update(SparkConnectPlanner planner, UpdateTable msg) {
    LogicalPlan target = planner.transformRelation(sparkRelation(msg.getTarget()));
    scala.Option<Expression> condition = msg.hasCondition()
        ? some(planner.transformExpression(sparkExpression(msg.getCondition())))
        : none();
    return executed(planner, new org.apache.spark.sql.catalyst.plans.logical.UpdateTable(
        target, seq(msg.getAssignmentsList(), a -> assignment(planner, a)), condition));
  }

  private static org.apache.spark.sql.catalyst.plans.logical.Assignment assignment(
      SparkConnectPlanner planner, Assignment a) {
    return new org.apache.spark.sql.catalyst.plans.logical.Assignment(
        planner.transformExpression(sparkExpression(a.getField())),
        planner.transformExpression(sparkExpression(a.getValue())));
  }

  private static scala.collection.immutable.Seq<Expression> mergeAssignments(
      SparkConnectPlanner planner, List<Assignment> assignments) {
    if (assignments.isEmpty()) {
      return seq(Collections.<Expression>emptyList());
    }
    return DeltaMergeIntoClause$.MODULE$.toActions(seq(assignments, a -> assignment(planner, a)));
  }

  private static scala.Option<Expression> actionCondition(SparkConnectPlanner planner, MergeIntoTable.Action a) {
    return a.hasCondition() ? some(planner.transformExpression(sparkExpression(a.getCondition()))) : none();
  }

  private static scala.collection.immutable.Seq<Expression> star() {
    return seq(Collections.<Expression>singletonList(new UnresolvedStar(none())));
  }

  private static DeltaMergeIntoClause whenMatched(SparkConnectPlanner planner, MergeIntoTable.Action a) {
    scala.Option<Expression> condition = actionCondition(planner, a);
    switch (a.getActionTypeCase()) {
      case DELETE_ACTION:
        return new DeltaMergeIntoMatchedDeleteClause(condition);
      case UPDATE_ACTION:
        return new DeltaMergeIntoMatchedUpdateClause(
            condition, mergeAssignments(planner, a.getUpdateAction().getAssignmentsList()));
      case UPDATE_STAR_ACTION:
        return new DeltaMergeIntoMatchedUpdateClause(condition, star());
      default:
        throw new IllegalArgumentException("Delta Connect: a WHEN MATCHED clause must delete, update or update *, got "
            + a.getActionTypeCase());
    }
  }

  private static DeltaMergeIntoClause whenNotMatched(SparkConnectPlanner planner, MergeIntoTable.Action a) {
    scala.Option<Expression> condition = actionCondition(planner, a);
    switch (a.getActionTypeCase()) {
      case INSERT_ACTION:
        return new DeltaMergeIntoNotMatchedInsertClause(
            condition, mergeAssignments(planner, a.getInsertAction().getAssignmentsList()));
      case INSERT_STAR_ACTION:
        return new DeltaMergeIntoNotMatchedInsertClause(condition, star());
      default:
        throw new IllegalArgumentException("Delta Connect: a WHEN NOT MATCHED clause must insert or insert *, got "
            + a.getActionTypeCase());
    }
  }

  private static DeltaMergeIntoClause whenNotMatchedBySource(SparkConnectPlanner planner, MergeIntoTable.Action a) {
    scala.Option<Expression> condition = actionCondition(planner, a);
    switch (a.getActionTypeCase()) {
      case DELETE_ACTION:
        return new DeltaMergeIntoNotMatchedBySourceDeleteClause(condition);
      case UPDATE_ACTION:
        return new DeltaMergeIntoNotMatchedBySourceUpdateClause(
            condition, mergeAssignments(planner, a.getUpdateAction().getAssignmentsList()));
      default:
        throw new IllegalArgumentException(
            "Delta Connect: a WHEN NOT MATCHED BY SOURCE clause must delete or update, got " + a.getActionTypeCase());
    }
  }

  private static LogicalPlan merge(SparkConnectPlanner planner, MergeIntoTable msg) {
    LogicalPlan target = planner.transformRelation(sparkRelation(msg.getTarget()));
    LogicalPlan source = planner.transformRelation(sparkRelation(msg.getSource()));
    Expression condition = planner.transformExpression(sparkExpression(msg.getCondition()));
    List<DeltaMergeIntoClause> clauses = new ArrayList<>();
    for (MergeIntoTable.Action a : msg.getMatchedActionsList()) {
      clauses.add(whenMatched(planner, a));
    }
    for (MergeIntoTable.Action a : msg.getNotMatchedActionsList()) {
      clauses.add(whenNotMatched(planner, a));
    }
    for (MergeIntoTable.Action a : msg.getNotMatchedBySourceActionsList()) {
      clauses.add(whenNotMatchedBySource(planner, a));
    }
    LogicalPlan merge = DeltaMergeInto$.MODULE$.apply(
        target, source, condition, seq(clauses), msg.getWithSchemaEvolution());
    return executed(planner, merge);
  }

  private static LogicalPlan optimize(SparkConnectPlanner planner, OptimizeTable msg) {
    DeltaOptimizeBuilder builder = deltaTable(planner, msg.getTable()).optimize();
    for (String filter : msg.getPartitionFiltersList()) {
      builder = builder.where(filter);
    }
    Dataset<Row> df = msg.getZorderColumnsCount() == 0
        ? builder.executeCompaction()
        : builder.executeZOrderBy(msg.getZorderColumnsList().toArray(new String[0]));
    return df.queryExecution().commandExecuted();
  }
}
