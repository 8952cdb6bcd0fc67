// Nested columns in the tree come from the type text the catalog gives: held against the server's own schema.
import assert from 'node:assert/strict';
import { session } from './hooks';
import { DB } from './fixtures';
import { nestedFields } from '../../src/views/columnTypes';

describe('Nested columns in the catalog tree', () => {
  it("lists the fields of struct columns (also inside arrays and maps) as the server's schema has them", async () => {
    const s = session();
    await s.sql(`CREATE OR REPLACE TABLE ${DB}.nested (id BIGINT, address STRUCT<street: STRING, \`zip-code\`: INT NOT NULL, geo: STRUCT<lat: DOUBLE, lon: DOUBLE>>,
      items ARRAY<STRUCT<sku: STRING, qty: INT>>, attrs MAP<STRING, STRUCT<v: DECIMAL(10,2)>>) USING delta`);
    const columns = await s.catalog.listColumns(`${DB}.nested`);
    const byName = new Map(columns.map((c) => [c.name, c.dataType]));
    assert.deepEqual(nestedFields(byName.get('id')!), []);
    const address = nestedFields(byName.get('address')!);
    assert.deepEqual(address.map((f) => f.name), ['street', 'zip-code', 'geo'], byName.get('address'));
    assert.deepEqual(nestedFields(address[2].dataType).map((f) => [f.name, f.dataType]), [['lat', 'double'], ['lon', 'double']]);
    assert.deepEqual(nestedFields(byName.get('items')!).map((f) => [f.name, f.dataType]), [['sku', 'string'], ['qty', 'int']]);
    assert.deepEqual(nestedFields(byName.get('attrs')!).map((f) => [f.name, f.dataType]), [['v', 'decimal(10,2)']]);
  });
});
