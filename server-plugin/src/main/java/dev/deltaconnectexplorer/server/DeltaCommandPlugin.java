/*
 * Copyright 2026 The Delta Connect Explorer authors. Licensed under the Apache License, Version 2.0.
 *
 * Spark Connect command plugin speaking the Delta Connect protocol (delta.connect.DeltaCommand packed in
 * spark.connect.Command.extension). Register with
 *   spark.connect.extensions.command.classes=dev.deltaconnectexplorer.server.DeltaCommandPlugin
 *
 * Every command calls the Delta Lake API and sends no rows back (as Delta's own server plugin does).
 */
package dev.deltaconnectexplorer.server;

import static dev.deltaconnectexplorer.server.DeltaConnectSupport.deltaTable;
import static dev.deltaconnectexplorer.server.DeltaConnectSupport.sparkDataType;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.delta.connect.proto.CloneTable;
import io.delta.connect.proto.CreateDeltaTable;
import io.delta.connect.proto.DeltaCommand;
import io.delta.connect.proto.DropFeatureSupport;
import io.delta.connect.proto.VacuumTable;
import io.delta.tables.DeltaColumnBuilder;
import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.sql.connect.common.DataTypeProtoConverter;
import org.apache.spark.sql.connect.planner.SparkConnectPlanner;
import org.apache.spark.sql.connect.plugin.CommandPlugin;

public class DeltaCommandPlugin implements CommandPlugin {
  static final String TYPE_NAME = DeltaCommand.getDescriptor().getFullName(); // delta.connect.DeltaCommand

  @Override
  public boolean process(byte[] raw, SparkConnectPlanner planner) {
    DeltaCommand command;
    try {
      Any any = DeltaConnectSupport.parseAny(raw);
      if (!DeltaConnectSupport.isType(any, TYPE_NAME)) {
        return false;
      }
      com.google.protobuf.CodedInputStream in = any.getValue().newCodedInput();
      in.setSizeLimit(Integer.MAX_VALUE);
      in.setRecursionLimit(DeltaConnectSupport.recursionLimit());
      command = DeltaCommand.parseFrom(in);
      in.checkLastTagWas(0);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("Delta Connect: malformed delta.connect.DeltaCommand: " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Delta Connect: malformed delta.connect.DeltaCommand: " + e.getMessage(), e);
    }
    process(command, planner);
    return true;
  }

  private void process(DeltaCommand command, SparkConnectPlanner planner) {
    switch (command.getCommandTypeCase()) {
      case CLONE_TABLE:
        cloneTable(planner, command.getCloneTable());
        break;
      case VACUUM_TABLE: {
        VacuumTable msg = command.getVacuumTable();
        DeltaTable table = deltaTable(planner, msg.getTable());
        if (msg.hasRetentionHours()) {
          table.vacuum(msg.getRetentionHours());
        } else {
          table.vacuum();
        }
        break;
      }
      case UPGRADE_TABLE_PROTOCOL:
        deltaTable(planner, command.getUpgradeTableProtocol().getTable()).upgradeTableProtocol(
            command.getUpgradeTableProtocol().getReaderVersion(),
            command.getUpgradeTableProtocol().getWriterVersion());
        break;
      case GENERATE:
        deltaTable(planner, command.getGenerate().getTable()).generate(command.getGenerate().getMode());
        break;
      case CREATE_DELTA_TABLE:
        createDeltaTable(planner, command.getCreateDeltaTable());
        break;
      case ADD_FEATURE_SUPPORT:
        deltaTable(planner, command.getAddFeatureSupport().getTable())
            .addFeatureSupport(command.getAddFeatureSupport().getFeatureName());
        break;
      case DROP_FEATURE_SUPPORT: {
        DropFeatureSupport msg = command.getDropFeatureSupport();
        DeltaTable table = deltaTable(planner, msg.getTable());
        if (msg.hasTruncateHistory()) {
          table.dropFeatureSupport(msg.getFeatureName(), msg.getTruncateHistory());
        } else {
          table.dropFeatureSupport(msg.getFeatureName());
        }
        break;
      }
      default:
        throw new IllegalArgumentException("Delta Connect: unknown DeltaCommand type " + command.getCommandTypeCase()
            + " (this server speaks commands 1-7 of delta/connect/commands.proto)");
    }
  }

  private static void cloneTable(SparkConnectPlanner planner, CloneTable msg) {
    DeltaTable source = deltaTable(planner, msg.getTable());
    HashMap<String, String> properties = new HashMap<>(msg.getPropertiesMap());
    switch (msg.getVersionOrTimestampCase()) {
      case VERSION:
        source.cloneAtVersion(msg.getVersion(), msg.getTarget(), msg.getIsShallow(), msg.getReplace(), properties);
        break;
      case TIMESTAMP:
        source.cloneAtTimestamp(msg.getTimestamp(), msg.getTarget(), msg.getIsShallow(), msg.getReplace(), properties);
        break;
      default:
        source.clone(msg.getTarget(), msg.getIsShallow(), msg.getReplace(), properties);
    }
  }

  private static void createDeltaTable(SparkConnectPlanner planner, CreateDeltaTable msg) {
    SparkSession spark = planner.session();
    DeltaTableBuilder builder;
    switch (msg.getMode()) {
      case MODE_CREATE:
        builder = DeltaTable.create(spark);
        break;
      case MODE_CREATE_IF_NOT_EXISTS:
        builder = DeltaTable.createIfNotExists(spark);
        break;
      case MODE_REPLACE:
        builder = DeltaTable.replace(spark);
        break;
      case MODE_CREATE_OR_REPLACE:
        builder = DeltaTable.createOrReplace(spark);
        break;
      default:
        throw new IllegalArgumentException("Delta Connect: CreateDeltaTable.mode must be CREATE, CREATE_IF_NOT_EXISTS, "
            + "REPLACE or CREATE_OR_REPLACE, got " + msg.getMode());
    }
    if (msg.hasTableName()) {
      builder.tableName(msg.getTableName());
    }
    if (msg.hasLocation()) {
      builder.location(msg.getLocation());
    }
    if (msg.hasComment()) {
      builder.comment(msg.getComment());
    }
    for (CreateDeltaTable.Column column : msg.getColumnsList()) {
      DeltaColumnBuilder col = DeltaTable.columnBuilder(spark, column.getName()).nullable(column.getNullable());
      org.apache.spark.connect.proto.DataType type = sparkDataType(column.getDataType());
      if (type.getKindCase() == org.apache.spark.connect.proto.DataType.KindCase.UNPARSED) {
        col.dataType(type.getUnparsed().getDataTypeString());
      } else {
        col.dataType(DataTypeProtoConverter.toCatalystType(type));
      }
      if (column.hasGeneratedAlwaysAs()) {
        col.generatedAlwaysAs(column.getGeneratedAlwaysAs());
      }
      if (column.hasIdentityInfo()) {
        CreateDeltaTable.Column.IdentityInfo identity = column.getIdentityInfo();
        if (identity.getAllowExplicitInsert()) {
          col.generatedByDefaultAsIdentity(identity.getStart(), identity.getStep());
        } else {
          col.generatedAlwaysAsIdentity(identity.getStart(), identity.getStep());
        }
      }
      if (column.hasComment()) {
        col.comment(column.getComment());
      }
      builder.addColumn(col.build());
    }
    if (msg.getPartitioningColumnsCount() > 0) {
      builder.partitionedBy(msg.getPartitioningColumnsList().toArray(new String[0]));
    }
    if (msg.getClusteringColumnsCount() > 0) {
      builder.clusterBy(msg.getClusteringColumnsList().toArray(new String[0]));
    }
    for (Map.Entry<String, String> property : msg.getPropertiesMap().entrySet()) {
      builder.property(property.getKey(), property.getValue());
    }
    builder.execute();
  }
}
