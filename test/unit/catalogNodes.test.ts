import assert from 'node:assert/strict';
import { nodeId, structuralParent, type CatalogNode } from '../../src/views/catalogNodes';

describe('catalog tree nodes', () => {
  const ref = { connection: 'prod', catalog: 'spark_catalog', schema: 'sales', table: 'orders' };
  const path: CatalogNode[] = [
    { kind: 'connection', connection: 'prod' },
    { kind: 'catalog', connection: 'prod', catalog: 'spark_catalog' },
    { kind: 'schema', connection: 'prod', catalog: 'spark_catalog', schema: 'sales' },
    { kind: 'table', ...ref, tableType: 'MANAGED', provider: 'delta', isTemporary: false },
    { kind: 'history', ...ref },
    { kind: 'version', ...ref, version: 3n, operation: 'MERGE', isLatest: true },
  ];

  it('name their parent from their own data, up to the connection (so reveal can walk the path)', () => {
    for (let i = 1; i < path.length; i++) {
      assert.equal(nodeId(structuralParent(path[i])!), nodeId(path[i - 1]), `parent of ${nodeId(path[i])}`);
    }
    const column: CatalogNode = { kind: 'column', ...ref, name: 'id', dataType: 'bigint', nullable: false, isPartition: false };
    assert.equal(nodeId(structuralParent(column)!), nodeId(path[3]));
  });

  it('have no parent of their own data at the top, or when they only report on a load', () => {
    assert.equal(structuralParent(path[0]), undefined);
    assert.equal(structuralParent({ kind: 'error', message: 'x', parentId: 'c/prod' }), undefined);
    assert.equal(structuralParent({ kind: 'message', text: 'No tables', parentId: 'c/prod' }), undefined);
  });
});
