// activate(): build the services, register views and commands. Nothing slow happens here.
import * as vscode from 'vscode';
import { registerBrowseCommands } from './commands/browseCommands';
import { registerDdlCommands } from './commands/ddlCommands';
import { registerConnectionCommands } from './commands/connectionCommands';
import { registerClusteringCommands } from './commands/deltaClustering';
import { registerCreateCommands } from './commands/deltaCreate';
import { registerDmlCommands } from './commands/deltaDml';
import { registerMaintenanceCommands } from './commands/deltaMaintenance';
import { registerTableHealthCommands } from './commands/tableHealth';
import { CommandRunner } from './commands/runner';
import type { Services } from './commands/services';
import { registerInsightCommands } from './commands/insightCommands';
import { registerLocalServerCommands } from './commands/localServerCommands';
import { registerPlanCommands } from './commands/planCommands';
import { registerSqlCommands } from './commands/sqlCommands';
import { ConnectionManager } from './services/connections';
import { Logger } from './services/log';
import { SECTION } from './services/settings';
import type { CatalogNode } from './views/catalogNodes';
import { CatalogTreeProvider } from './views/catalogTree';
import { ResultGridTabs } from './views/grid/resultGridTabs';
import { QueryHistory } from './views/queryHistory';
import { PLAN_SCHEME, QueryPlanProvider } from './views/queryPlanView';
import { registerSqlCodeLens } from './views/sqlCodeLens';
import { SqlCompletionProvider } from './views/sqlCompletion';
import { ConnectionStatusBar } from './views/statusBar';
import { OpenTables } from './grid/openTables';

/** What activate() returns: used by the e2e tests to look inside. */
export interface ExtensionApi {
  readonly connections: ConnectionManager;
  readonly tree: CatalogTreeProvider;
  readonly catalogView: vscode.TreeView<CatalogNode>;
  readonly openGrids: () => number;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = new Logger();
  const connections = new ConnectionManager(context.secrets, log);
  const tree = new CatalogTreeProvider(connections, context.extensionUri, log);
  const runner = new CommandRunner(log);
  const openTables = new OpenTables();
  const grids = new ResultGridTabs(context.extensionUri, log, openTables);
  const services: Services = {
    extensionUri: context.extensionUri,
    connections,
    tree,
    runner,
    log,
    openGrid: (source, options) => { grids.open(source, options); },
    frontResult: () => grids.front(),
    revealResult: (history) => grids.reveal(history),
    tableChanged: (connection, table) => {
      tree.refresh();
      openTables.tableChanged(connection, table);
    },
    watchTable: (read, onChanged) => openTables.register(read, onChanged),
  };
  const history = new QueryHistory(context.globalState);
  const view = vscode.window.createTreeView('deltaExplorer.catalog', { treeDataProvider: tree, showCollapseAll: true });
  const plans = new QueryPlanProvider();
  const sqlFiles: vscode.DocumentSelector = [{ language: 'sql' }];
  context.subscriptions.push(
    log, connections, tree, view, history, new ConnectionStatusBar(connections),
    vscode.window.registerTreeDataProvider('deltaExplorer.queryHistory', history),
    plans, vscode.window.registerTreeDataProvider('deltaExplorer.queryPlan', plans),
    vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, plans),
    registerSqlCodeLens(sqlFiles),
    vscode.languages.registerCompletionItemProvider(sqlFiles, new SqlCompletionProvider(connections), '.'),
    grids,
    ...registerConnectionCommands(services),
    ...registerBrowseCommands(services),
    ...registerDdlCommands(services),
    ...registerSqlCommands(services, history, plans),
    ...registerPlanCommands(services, plans),
    ...registerInsightCommands(services),
    ...registerLocalServerCommands(services, context),
    ...registerDmlCommands(services),
    ...registerMaintenanceCommands(services),
    ...registerTableHealthCommands(services),
    ...registerCreateCommands(services),
    ...registerClusteringCommands(services),
    runner.register('deltaExplorer.openLog', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.connections`)) offerReconnect(connections.reload());
      if (e.affectsConfiguration(`${SECTION}.deltaDialect`)) void connections.applyDeltaDialect();
    }),
  );
  void vscode.commands.executeCommand('setContext', 'deltaExplorer.hasConnections', connections.list().length > 0);
  connections.onDidChange(() => void vscode.commands.executeCommand('setContext', 'deltaExplorer.hasConnections', connections.list().length > 0));
  log.info(`Delta Connect Explorer activated in ${vscode.env.appName} ${vscode.version}`);
  return { connections, tree, catalogView: view, openGrids: () => grids.size };
}

export function deactivate(): void {
  // Disposables in context.subscriptions close every session.
}

function offerReconnect(changed: string[]): void {
  for (const name of changed) {
    void vscode.window.showInformationMessage(`The settings of "${name}" changed.`, 'Reconnect').then((choice) => {
      if (choice === 'Reconnect') void vscode.commands.executeCommand('deltaExplorer.connect', { kind: 'connection', connection: name });
    });
  }
}
