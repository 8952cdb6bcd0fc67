/*
 * Copyright 2026 The Delta Connect Explorer authors. Licensed under the Apache License, Version 2.0.
 *
 * Shared helpers of the two Delta Connect planner plugins: decoding the google.protobuf.Any payloads,
 * converting the Spark messages embedded in Delta messages into Spark's own proto classes, and
 * resolving a delta.connect.DeltaTable into an io.delta.tables.DeltaTable.
 */
package dev.deltaconnectexplorer.server;

import com.google.protobuf.Any;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.connect.planner.SparkConnectPlanner;

final class DeltaConnectSupport {
  /** Same key and default as Spark's Connect.CONNECT_GRPC_MARSHALLER_RECURSION_LIMIT. */
  private static final String RECURSION_LIMIT_KEY = "spark.connect.grpc.marshallerRecursionLimit";
  private static final int DEFAULT_RECURSION_LIMIT = 1024;

  private DeltaConnectSupport() {}

  static int recursionLimit() {
    SparkEnv env = SparkEnv.get();
    return env == null ? DEFAULT_RECURSION_LIMIT
        : env.conf().getInt(RECURSION_LIMIT_KEY, DEFAULT_RECURSION_LIMIT);
  }

  /** Parses the serialized google.protobuf.Any that Spark hands to a plugin. */
  static Any parseAny(byte[] raw) throws InvalidProtocolBufferException {
    CodedInputStream in = CodedInputStream.newInstance(raw);
    in.setSizeLimit(Integer.MAX_VALUE);
    in.setRecursionLimit(recursionLimit());
    try {
      Any any = Any.parseFrom(in);
      in.checkLastTagWas(0);
      return any;
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }

  /**
   * True when the Any's type URL names {@code fullName}. Like protobuf-java's Any.is(): only the part after the
   * last '/' counts, so any prefix (type.googleapis.com/, a custom host, none at all) is accepted.
   */
  static boolean isType(Any any, String fullName) {
    String url = any.getTypeUrl();
    return url.substring(url.lastIndexOf('/') + 1).equals(fullName);
  }

  interface Parser<T> {
    T parse(org.sparkproject.connect.protobuf.CodedInputStream in) throws IOException;
  }

  /** Re-reads one of our messages with Spark's (shaded-protobuf) classes; unknown fields survive the trip. */
  static <T> T toSpark(MessageLite ours, Parser<T> parser) {
    org.sparkproject.connect.protobuf.CodedInputStream in =
        org.sparkproject.connect.protobuf.CodedInputStream.newInstance(ours.toByteArray());
    in.setSizeLimit(Integer.MAX_VALUE);
    in.setRecursionLimit(recursionLimit());
    try {
      return parser.parse(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("Delta Connect: cannot re-read an embedded Spark Connect message as "
          + ours.getClass().getName() + ": " + e.getMessage(), e);
    }
  }

  static org.apache.spark.connect.proto.Relation sparkRelation(MessageLite ours) {
    return toSpark(ours, org.apache.spark.connect.proto.Relation::parseFrom);
  }

  static org.apache.spark.connect.proto.Expression sparkExpression(MessageLite ours) {
    return toSpark(ours, org.apache.spark.connect.proto.Expression::parseFrom);
  }

  static org.apache.spark.connect.proto.DataType sparkDataType(MessageLite ours) {
    return toSpark(ours, org.apache.spark.connect.proto.DataType::parseFrom);
  }

  /** delta.connect.DeltaTable (path or table/view name) to the Delta API object. */
  static DeltaTable deltaTable(SparkConnectPlanner planner, io.delta.connect.proto.DeltaTable table) {
    switch (table.getAccessTypeCase()) {
      case PATH:
        return DeltaTable.forPath(planner.session(), table.getPath().getPath(), table.getPath().getHadoopConfMap());
      case TABLE_OR_VIEW_NAME:
        return DeltaTable.forName(planner.session(), table.getTableOrViewName());
      default:
        throw new IllegalArgumentException(
            "Delta Connect: delta.connect.DeltaTable needs a path or a table_or_view_name");
    }
  }

  static <A, B> scala.collection.immutable.Seq<B> seq(List<A> items, Function<A, B> f) {
    List<B> out = new ArrayList<>(items.size());
    for (A a : items) {
      out.add(f.apply(a));
    }
    return scala.jdk.javaapi.CollectionConverters.asScala(out).toList();
  }

  static <A> scala.collection.immutable.Seq<A> seq(List<A> items) {
    return scala.jdk.javaapi.CollectionConverters.asScala(new ArrayList<>(items)).toList();
  }

  /** Rethrows a checked exception from Scala code (which declares them) without wrapping it. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> E sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  static <A> scala.Option<A> some(A a) {
    return scala.Option.apply(a);
  }

  static <A> scala.Option<A> none() {
    return scala.Option.empty();
  }
}
