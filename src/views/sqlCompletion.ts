// Completion of catalog, schema, table and column names in .sql files, from the live catalog of the
// active connection. Lookups are cached briefly and never block typing for long.
import * as vscode from 'vscode';
import { parseIdentifier, quoteName, type SparkConnectSession } from '../client';
import { statementRanges, tableAliases } from '../sql/sqlText';
import type { ConnectionManager } from '../services/connections';

const TTL_MS = 60_000;

export class SqlCompletionProvider implements vscode.CompletionItemProvider {
  private readonly cache = new Map<string, { at: number; value: Promise<string[]> }>();

  constructor(private readonly connections: ConnectionManager) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const state = this.connections.active;
    if (!state || state.status !== 'connected') return [];
    const prefix = /([\w`.]*)$/.exec(document.lineAt(position.line).text.slice(0, position.character))?.[1] ?? '';
    const typed = pathBefore(prefix);
    if (typed === undefined) return [];
    const path = typed.length === 1 ? aliasedTable(document, position, typed[0]) ?? typed : typed;
    const session = await this.connections.session(state.config.name);
    const [kind, names] = await this.namesFor(session, state.config.name, path);
    return names.map((n) => {
      const item = new vscode.CompletionItem(n, kind);
      item.insertText = /^[A-Za-z_]\w*$/.test(n) ? n : quoteName([n]);
      return item;
    });
  }

  private async namesFor(session: SparkConnectSession, connection: string, path: string[]): Promise<[vscode.CompletionItemKind, string[]]> {
    const K = vscode.CompletionItemKind;
    const catalogs = await this.cached(`${connection}|catalogs`, async () => (await session.catalog.listCatalogs()).map((c) => c.name));
    if (path.length === 0) {
      const schemas = await this.cached(`${connection}|schemas|`, async () => (await session.catalog.listDatabases()).map((d) => d.name));
      return [K.Module, [...catalogs, ...schemas]];
    }
    if (path.length === 1 && catalogs.includes(path[0])) {
      return [K.Module, await this.cached(`${connection}|schemas|${path[0]}`, async () => (await session.catalog.listDatabases(path[0])).map((d) => d.name))];
    }
    if (path.length === 1 || (path.length === 2 && catalogs.includes(path[0]))) {
      const [catalog, schema] = path.length === 2 ? path : [undefined, path[0]];
      const tables = await this.cached(`${connection}|tables|${catalog}|${schema}`, async () => (await session.catalog.listTables(schema, catalog)).map((t) => t.name)).catch(() => undefined);
      if (tables) return [K.Class, tables];
    }
    const columns = await this.cached(`${connection}|columns|${path.join('.')}`, async () => (await session.catalog.listColumns(quoteName(path))).map((c) => c.name)).catch(() => []);
    return [K.Field, columns];
  }

  private cached(key: string, load: () => Promise<string[]>): Promise<string[]> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    const value = load();
    this.cache.set(key, { at: Date.now(), value });
    value.catch(() => this.cache.delete(key));
    return value;
  }
}

/** The table a name stands for when the statement at the cursor defines it as an alias (`FROM e2e.trips t`). */
function aliasedTable(document: vscode.TextDocument, position: vscode.Position, name: string): string[] | undefined {
  const text = document.getText();
  const at = document.offsetAt(position);
  const statement = statementRanges(text).find((r) => at >= r.start && at <= r.end + 1)?.text ?? '';
  return tableAliases(statement).get(name.toLowerCase());
}

/** The qualifier before the word being typed: "a.b.c" → ['a', 'b'] (completing after "a.b."). */
export function pathBefore(prefix: string): string[] | undefined {
  const lastDot = prefix.lastIndexOf('.');
  if (lastDot < 0) return [];
  try {
    return parseIdentifier(prefix.slice(0, lastDot));
  } catch {
    return undefined;
  }
}
