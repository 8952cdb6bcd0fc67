// The Delta Connect view's path to a catalog, schema or table of the preset connection, expanded as a person does
// it (idempotent: rows already expanded stay so). Each returns the children of the last row.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { CONNECTION_NAME: CONN, CATALOG } = require('../lib/fixtureSpec.cjs');

/** Opens the view and expands connection › catalog. */
export async function expandToCatalog(d) {
  await d.openView('Delta Connect');
  await d.expandTreeItem(CONN, { level: 1, timeoutMs: 60_000 });
  return d.expandTreeItem(CATALOG, { level: 2 });
}

/** … › schema. */
export async function expandToSchema(d, schema) {
  await expandToCatalog(d);
  return d.expandTreeItem(schema, { level: 3 });
}

/** … › schema › table. */
export async function expandToTable(d, schema, table) {
  await expandToSchema(d, schema);
  return d.expandTreeItem(table, { level: 4 });
}
