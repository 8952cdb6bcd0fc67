// Resolving what a command acts on: a tree node when invoked from the tree, else prompts.
import * as vscode from 'vscode';
import { parseIdentifier, quoteName } from '../client';
import { qualifiedName, tableOf, type CatalogNode } from '../views/catalogNodes';
import { ask, pick } from './prompts';
import { Cancelled } from './runner';
import type { Services, TableTarget } from './services';

/** The connection to use: the node's, else the window's active one, else one the user picks (which becomes the active one). */
export async function resolveConnection(services: Services, node?: CatalogNode): Promise<string> {
  if (node && 'connection' in node) return node.connection;
  const all = services.connections.list();
  if (all.length === 0) {
    const choice = await vscode.window.showInformationMessage('No Spark Connect connection is configured.', 'Add Connection');
    if (choice === 'Add Connection') await vscode.commands.executeCommand('deltaExplorer.addConnection');
    throw new Cancelled();
  }
  const active = services.connections.active;
  if (active) return active.config.name;
  const chosen = await pickConnection(services, 'Connection for this window (change it in the status bar)');
  services.connections.choose(chosen);
  return chosen;
}

/** Asks for one of the connections, each with its URL and state. */
export async function pickConnection(services: Services, placeHolder: string): Promise<string> {
  const active = services.connections.active?.config.name;
  const items = services.connections.list().map((c) => ({
    label: c.config.name,
    description: c.config.url + (c.config.name === active ? ' (active)' : ''),
    detail: c.status === 'failed' ? `failed: ${c.error ?? ''}` : c.status,
  }));
  return (await pick(items, { placeHolder })).label;
}

/** The table to act on: from the tree node, or typed by the user (catalog.schema.table, any part quoted with backticks). */
export async function resolveTable(services: Services, node?: CatalogNode, purpose = 'Table'): Promise<TableTarget> {
  const ref = tableOf(node);
  if (ref) return { connection: ref.connection, sqlName: qualifiedName(ref), label: `${ref.catalog}.${ref.schema}.${ref.table}` };
  const connection = await resolveConnection(services, node);
  const typed = await ask({
    title: purpose,
    prompt: 'Table name: table, schema.table or catalog.schema.table (quote parts with backticks if needed)',
    placeHolder: 'spark_catalog.default.events',
    validateInput: (v) => validateName(v),
  });
  const parts = parseIdentifier(typed.trim());
  return { connection, sqlName: quoteName(parts), label: parts.join('.') };
}

/** Checks a typed table name; returns an error text or undefined. */
export function validateName(value: string): string | undefined {
  if (value.trim() === '') return 'Enter a table name.';
  try {
    const parts = parseIdentifier(value.trim());
    if (parts.length > 3) return 'At most catalog.schema.table.';
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
