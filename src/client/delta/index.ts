// Delta Connect API: DeltaTable and its builders.
export { DeltaTable, OptimizeBuilder, type CloneOptions } from './deltaTable';
export type { Assignments } from './conditions';
export { MergeBuilder } from './merge';
export { DeltaTableBuilder, type ColumnSpec, type CreateMode } from './builder';
export { parseIdentifier, sqlTableName, sqlPathTable, deltaTableName } from './identifiers';
export type { HistoryEntry, TableDetail, DeleteMetrics, UpdateMetrics, MergeMetrics, RestoreMetrics, OptimizeResult } from './results';
export { diffVersions, diffRows, type VersionDiff } from './diff';
export { deltaSupport, deltaDialect, knownDeltaSupport, forgetDeltaSupport, DeltaUnavailableError, DELTA_DIALECT_LABELS, type DeltaDialect, type DeltaSupport, type DeltaDialectSetting } from './dialect';
export { isHadoopPath } from './paths';
export { VacuumDryRun } from './vacuum';
export { StatementNotUnderstoodError } from './sqlDialect';
export { changeDataFeedEnabled, changeFeedStartVersion, fromVersionChoices, toVersionChoices, CHANGE_DATA_FEED_PROPERTY, type VersionRangeRule } from './changeFeed';
export { optimizeSummary, formatBytes, relativeToTable } from './maintenanceSummary';
export { clusterByStatement, clusteringColumnNames, setClusteringColumns } from './clustering';
export { computeTableHealth, healthFindings, healthFigures, historyFacts, partitionSkew, targetFileSize, bucketBounds, bucketOf, fileScanQuery, partitionPredicate, type TableHealth, type HealthFinding, type HealthFix, type HealthFigure } from './health';
export { vacuumedVersions, vacuumRuns, vacuumedNote, versionAt, utcTime, retentionText, type VacuumedVersion, type VacuumRun, type VacuumHistoryEntry } from './vacuumedVersions';
