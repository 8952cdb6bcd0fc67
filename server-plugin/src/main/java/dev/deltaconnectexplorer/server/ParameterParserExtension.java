package dev.deltaconnectexplorer.server;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import scala.Function1;
import scala.runtime.BoxedUnit;

/**
 * Session extension that restores SQL parameter binding on a server that also runs Delta's SQL extension.
 *
 * <p>Delta 4.4.0's parser (built for Spark 4.2) does not override {@code parsePlanWithParameters}, so the
 * default implementation drops the parameters of {@code spark.sql(query, args)} and every parameterized query
 * fails with UNBOUND_SQL_PARAMETER, from any client (pyspark's too). Listed after Delta's extension in
 * {@code spark.sql.extensions}, this wraps Delta's parser and hands parameterized statements to Spark's own
 * parser, which binds them; everything else goes to Delta's parser unchanged.
 */
public final class ParameterParserExtension implements Function1<SparkSessionExtensions, BoxedUnit> {
  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectParser((session, delegate) -> (ParserInterface) new ParameterForwardingParser(delegate));
    return BoxedUnit.UNIT;
  }
}
