// Public API of the Spark Connect + Delta Connect client. Never imports vscode.
export { parseConnectionString, resolveRemote, redact, isLoopback, withToken, ConnectionStringError, DEFAULT_PORT, type ConnectionSettings, type ConnectionSecrets } from './connectionString';
export { SparkConnectError, asRefusal, explainMissingFile, isMissingDataFile, fromGrpcError, isRetryable, retryPolicyWith, DEFAULT_RETRY_POLICY, type RetryPolicy, type RetryPolicyOverrides } from './errors';
export { GrpcTransport, type SparkConnectTransport, type TlsOptions, type CallOptions, type ResponseStream } from './transport';
export { summarizeRequest, planKind, type RequestTrace } from './requestTrace';
export { SparkConnectSession, CLIENT_TYPE, type SessionOptions } from './session';
export { ArrowResult, type Progress } from './result';
export { DataFrame, DataFrameReader, sqlRelation, relation, type SqlParameters } from './dataframe';
export { Catalog, rowsOf, type TableInfo, type ColumnInfo, type DatabaseInfo, type CatalogInfo } from './catalog';
export { col, expr, lit, fn, alias, star, sortOrder, quoteIdentifier, quoteName, quoteString, type LiteralValue } from './expressions';
export type { ExecuteOptions, ExecutionStats } from './execution';
export * from './delta';
export { sqlLiteral, quoteTableName, quotePathTable } from './sqlQuote';
export { profileColumns, sparkline, type ColumnProfile, type HistogramScale } from './profile';
export { typeName, columnsOfStruct } from './typeNames';
export { explainSql, explainStatement, type ExplainLayout } from './explain';
export { metricsPlan, metricsText, metricText } from './runMetrics';
export { parsePlanText, operatorSummary, joinStrategy, allOperators, type PlanSection, type PlanOperator, type PlanAttribute, type OperatorKind } from './planText';
