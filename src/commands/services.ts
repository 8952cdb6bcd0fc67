// What commands need, passed in by activate().
import * as vscode from 'vscode';
import { sqlRelation, type SparkConnectSession } from '../client';
import type { ConnectionManager } from '../services/connections';
import type { Logger } from '../services/log';
import type { CatalogTreeProvider } from '../views/catalogTree';
import type { GridSource } from '../grid/gridSource';
import type { TableRead } from '../grid/openTables';
import type { FrontResult, ResultTabOptions } from '../views/grid/resultGridTabs';
import type { CommandRunner } from './runner';

export interface Services {
  readonly extensionUri: vscode.Uri;
  readonly connections: ConnectionManager;
  readonly tree: CatalogTreeProvider;
  readonly runner: CommandRunner;
  readonly log: Logger;
  /**
   * Shows a source in a result grid: in place of the most recent unpinned result tab, or a new one
   * (deltaExplorer.results.openIn); `openProfile` opens its Profile panel at once.
   */
  openGrid(source: GridSource, options?: ResultTabOptions): void;
  /** The result grid tab in front (the active editor), if one is: what Explain of a result explains. */
  frontResult(): FrontResult | undefined;
  /** Brings the result tab of a query history entry to the front; false when it is no longer open. */
  revealResult(history: string): boolean;
  /** The extension wrote `table` (a name as written, or a path) through `connection`: the catalog tree reloads and open grids of it are marked stale. */
  tableChanged(connection: string, table: string): void;
  /** Calls `onChanged` whenever the extension writes the table `read` names (what tableChanged marks); returns the unwatch function. */
  watchTable(read: TableRead, onChanged: () => void): () => void;
}

/** A table a command acts on: its connection and its name as safe SQL text. */
export interface TableTarget {
  connection: string;
  /** Backtick-quoted, fully or partly qualified name. */
  sqlName: string;
  /** How the user refers to it. */
  label: string;
}

/** The session of a connection plus its time zone, for commands. */
export async function sessionFor(services: Services, connection: string): Promise<{ session: SparkConnectSession; timeZone: string }> {
  const session = await services.connections.session(connection);
  return { session, timeZone: services.connections.get(connection)?.timeZone ?? 'UTC' };
}

/** Analyses a query on the connection's session (AnalyzePlan): it fails on what does not resolve, and runs nothing. */
export async function analysed(services: Services, connection: string, query: string): Promise<void> {
  const { session } = await sessionFor(services, connection);
  await session.dataFrame(sqlRelation(query)).schema();
}
