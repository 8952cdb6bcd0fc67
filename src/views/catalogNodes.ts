// Tree nodes are plain data tagged by kind: catalogLoader.ts loads them, catalogItems.ts turns them into TreeItems.
import { quoteName, type VacuumedVersion } from '../client';

/** A table as the tree knows it. */
export interface TableRef {
  connection: string;
  catalog: string;
  schema: string;
  table: string;
}

export type CatalogNode =
  | { kind: 'connection'; connection: string }
  | { kind: 'catalog'; connection: string; catalog: string }
  | { kind: 'schema'; connection: string; catalog: string; schema: string }
  | ({ kind: 'table'; tableType: string; provider?: string; isTemporary: boolean; description?: string } & TableRef)
  /** A column, or (with `path`, the names of the columns it is inside) a field nested in one. */
  | ({ kind: 'column'; name: string; dataType: string; nullable: boolean; isPartition: boolean; isClustering?: boolean; comment?: string; path?: readonly string[] } & TableRef)
  | ({ kind: 'history' } & TableRef)
  /** A version of a Delta table; `vacuumed` when a VACUUM may have removed its data files. */
  | ({ kind: 'version'; version: bigint; timestamp?: Date; operation: string; isLatest: boolean; vacuumed?: VacuumedVersion } & TableRef)
  | { kind: 'error'; message: string; parentId: string }
  | { kind: 'message'; text: string; parentId: string };

/** The table's name as safe SQL text: every part backtick-quoted. */
export function qualifiedName(ref: TableRef): string {
  return quoteName([ref.catalog, ref.schema, ref.table]);
}

/** A stable id for a node: tree state (expansion, selection) survives refreshes. */
export function nodeId(node: CatalogNode): string {
  const parts = (...p: Array<string | bigint>) => p.map((x) => encodeURIComponent(String(x))).join('/');
  switch (node.kind) {
    case 'connection': return parts('c', node.connection);
    case 'catalog': return parts('c', node.connection, node.catalog);
    case 'schema': return parts('c', node.connection, node.catalog, node.schema);
    case 'table': return parts('c', node.connection, node.catalog, node.schema, 't', node.table);
    case 'column': return parts('c', node.connection, node.catalog, node.schema, 't', node.table, 'col', ...(node.path ?? []), node.name);
    case 'history': return parts('c', node.connection, node.catalog, node.schema, 't', node.table, 'h');
    case 'version': return parts('c', node.connection, node.catalog, node.schema, 't', node.table, 'h', node.version);
    case 'error': return `${node.parentId}/error`;
    case 'message': return `${node.parentId}/message`;
  }
}

/** True for Delta tables. */
export function isDelta(node: CatalogNode): boolean {
  return node.kind === 'table' && node.provider === 'delta';
}

/** The table a node belongs to, if any. */
export function tableOf(node: CatalogNode | undefined): TableRef | undefined {
  if (!node) return undefined;
  if (node.kind === 'table' || node.kind === 'column' || node.kind === 'history' || node.kind === 'version') {
    return { connection: node.connection, catalog: node.catalog, schema: node.schema, table: node.table };
  }
  return undefined;
}

/**
 * The parent a node's own data names: exact for catalogs, schemas, tables and versions; a column's or a History
 * node's table is known only by name here (the loader remembers the table node it was loaded under).
 */
export function structuralParent(node: CatalogNode): CatalogNode | undefined {
  switch (node.kind) {
    case 'connection': case 'error': case 'message': return undefined;
    case 'catalog': return { kind: 'connection', connection: node.connection };
    case 'schema': return { kind: 'catalog', connection: node.connection, catalog: node.catalog };
    case 'table': return { kind: 'schema', connection: node.connection, catalog: node.catalog, schema: node.schema };
    case 'column':
      if (node.path?.length) return { kind: 'column', ...refOf(node), name: node.path.at(-1)!, path: node.path.slice(0, -1), dataType: '', nullable: true, isPartition: false };
      return { kind: 'table', ...refOf(node), tableType: 'TABLE', isTemporary: false };
    case 'history':
      return { kind: 'table', ...refOf(node), tableType: 'TABLE', provider: 'delta', isTemporary: false };
    case 'version': return { kind: 'history', ...refOf(node) };
  }
}

/** Just the table of a node that belongs to one. */
export function refOf(ref: TableRef): TableRef {
  return { connection: ref.connection, catalog: ref.catalog, schema: ref.schema, table: ref.table };
}
