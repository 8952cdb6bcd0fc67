// The statements run from this extension, newest first, kept across sessions. A click opens the statement in an
// editor; running it again is a separate action (and a write is confirmed first).
import * as vscode from 'vscode';
import { runFigures } from './runFigures';

export interface QueryRecord {
  sql: string;
  connection: string;
  at: number;
  ok: boolean;
  /** Milliseconds until the first rows (or the end) of the last statement. */
  durationMs?: number;
  /** Rows of the last statement's result, once it was read to the end. */
  rows?: number;
}

const KEY = 'deltaExplorer.queryHistory';

/** What names one history entry (its result tab is found by it). */
export function historyKey(r: Pick<QueryRecord, 'at' | 'connection' | 'sql'>): string {
  return `${r.at}|${r.connection}|${r.sql}`;
}
const MAX = 200;

export class QueryHistory implements vscode.TreeDataProvider<QueryRecord>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(private readonly state: vscode.Memento) {}

  list(): QueryRecord[] {
    return this.state.get<QueryRecord[]>(KEY, []);
  }

  async add(record: QueryRecord): Promise<void> {
    const rest = this.list().filter((r) => !(r.sql === record.sql && r.connection === record.connection));
    await this.state.update(KEY, [record, ...rest].slice(0, MAX));
    this.changeEmitter.fire();
  }

  /** Records the row count of a run once its result was read to the end. */
  async setRows(record: QueryRecord, rows: number): Promise<void> {
    const list = this.list().map((r) => (r.sql === record.sql && r.at === record.at ? { ...r, rows } : r));
    await this.state.update(KEY, list);
    this.changeEmitter.fire();
  }

  async remove(record: QueryRecord): Promise<void> {
    await this.state.update(KEY, this.list().filter((r) => !(r.sql === record.sql && r.at === record.at)));
    this.changeEmitter.fire();
  }

  async clear(): Promise<void> {
    await this.state.update(KEY, []);
    this.changeEmitter.fire();
  }

  getTreeItem(r: QueryRecord): vscode.TreeItem {
    const oneLine = r.sql.replace(/\s+/g, ' ');
    const item = new vscode.TreeItem(oneLine.length > 80 ? `${oneLine.slice(0, 77)}…` : oneLine);
    const figures = runFigures(r);
    item.description = `${r.connection}${figures ? ' · ' + figures : ''} · ${new Date(r.at).toLocaleString()}`;
    item.tooltip = new vscode.MarkdownString().appendCodeblock(r.sql, 'sql');
    item.iconPath = new vscode.ThemeIcon(r.ok ? 'history' : 'error');
    item.contextValue = 'query';
    item.command = { command: 'deltaExplorer.openQuery', title: 'Open in Editor', arguments: [r] };
    return item;
  }

  getChildren(element?: QueryRecord): QueryRecord[] {
    return element ? [] : this.list();
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }
}
