// Completion of catalog, schema, table and column names in .sql files, from the live catalog of the
// active connection. Lookups are cached briefly and never block typing for long.
import * as vscode from 'vscode';
import { parseIdentifier, quoteName, type SparkConnectSession } from '../client';
import { statementRanges, statementTables, tableAliases } from '../sql/sqlText';
import { readSettings } from '../services/settings';
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
    const statement = statementAt(document, position);
    const path = typed.length === 1 ? tableNamed(statement, typed[0]) ?? typed : typed;
    const session = await this.connections.session(state.config.name);
    const groups = [await this.namesFor(session, state.config.name, path)];
    // Without a qualifier, the columns of every table the statement reads (the SELECT list before an alias is typed).
    if (path.length === 0) groups.unshift(...await Promise.all(statementTables(statement).map((t) => this.columnsOf(session, state.config.name, t))));
    const seen = new Set<string>();
    return groups.flatMap(([kind, names]) => names.filter((n) => !seen.has(`${kind}|${n}`) && seen.add(`${kind}|${n}`)).map((n) => {
      const item = new vscode.CompletionItem(n, kind);
      item.insertText = /^[A-Za-z_]\w*$/.test(n) ? n : quoteName([n]);
      return item;
    }));
  }

  private async columnsOf(session: SparkConnectSession, connection: string, path: string[]): Promise<[vscode.CompletionItemKind, string[]]> {
    const columns = await this.cached(`${connection}|columns|${path.join('.')}`, async () => (await session.catalog.listColumns(quoteName(path))).map((c) => c.name)).catch(() => []);
    return [vscode.CompletionItemKind.Field, columns];
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
    return this.columnsOf(session, connection, path);
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

/** The text of the statement the cursor is in. */
function statementAt(document: vscode.TextDocument, position: vscode.Position): string {
  const at = document.offsetAt(position);
  const ranges = statementRanges(document.getText(), { blankLines: readSettings().blankLinesSeparateStatements });
  return ranges.find((r) => at >= r.start && at <= r.end + 1)?.text ?? '';
}

/**
 * The table a name stands for in the statement: an alias it defines (`FROM e2e.trips t`), else the last part of a
 * table it reads (`trips` of `FROM e2e.trips`).
 */
export function tableNamed(statement: string, name: string): string[] | undefined {
  const lower = name.toLowerCase();
  return tableAliases(statement).get(lower) ?? statementTables(statement).find((t) => t.length > 1 && t.at(-1)!.toLowerCase() === lower);
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
