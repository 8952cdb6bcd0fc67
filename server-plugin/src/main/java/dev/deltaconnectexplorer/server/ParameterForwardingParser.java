package dev.deltaconnectexplorer.server;

import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.NamedParameterContext;
import org.apache.spark.sql.catalyst.parser.ParameterContext;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.parser.PositionalParameterContext;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.Seq;

/** Delegates everything to the wrapped (Delta) parser, except parameterized plans: see ParameterParserExtension. */
final class ParameterForwardingParser implements ParserInterface {
  private final ParserInterface delegate;
  private final SparkSqlParser sparkParser = new SparkSqlParser();

  ParameterForwardingParser(ParserInterface delegate) {
    this.delegate = delegate;
  }

  @Override
  public LogicalPlan parsePlanWithParameters(String sqlText, ParameterContext context) throws ParseException {
    // Spark routes every statement through here; without parameters Delta's parser must see it (DESCRIBE DETAIL …).
    if (!hasParameters(context)) return delegate.parsePlan(sqlText);
    try {
      return sparkParser.parsePlanWithParameters(sqlText, context);
    } catch (Exception sparkCannotParse) {
      // Spark's parser rejects Delta's own statements (VACUUM, OPTIMIZE, …), which take no parameters.
      if (!(sparkCannotParse instanceof ParseException)) throw sparkCannotParse;
      return delegate.parsePlan(sqlText);
    }
  }

  private static boolean hasParameters(ParameterContext context) {
    if (context instanceof NamedParameterContext) return !((NamedParameterContext) context).params().isEmpty();
    if (context instanceof PositionalParameterContext) return !((PositionalParameterContext) context).params().isEmpty();
    return context != null;
  }

  @Override public LogicalPlan parsePlan(String sqlText) throws ParseException { return delegate.parsePlan(sqlText); }
  @Override public Expression parseExpression(String sqlText) throws ParseException { return delegate.parseExpression(sqlText); }
  @Override public TableIdentifier parseTableIdentifier(String sqlText) throws ParseException { return delegate.parseTableIdentifier(sqlText); }
  @Override public FunctionIdentifier parseFunctionIdentifier(String sqlText) throws ParseException { return delegate.parseFunctionIdentifier(sqlText); }
  @Override public Seq<String> parseMultipartIdentifier(String sqlText) throws ParseException { return delegate.parseMultipartIdentifier(sqlText); }
  @Override public LogicalPlan parseQuery(String sqlText) throws ParseException { return delegate.parseQuery(sqlText); }
  @Override public StructType parseRoutineParam(String sqlText) throws ParseException { return delegate.parseRoutineParam(sqlText); }
  @Override public StructType parseTableSchema(String sqlText) throws ParseException { return delegate.parseTableSchema(sqlText); }
  @Override public DataType parseDataType(String sqlText) throws ParseException { return delegate.parseDataType(sqlText); }
}
