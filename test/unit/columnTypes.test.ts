import assert from 'node:assert/strict';
import { nestedFields } from '../../src/views/columnTypes';

describe('nested columns from the type text', () => {
  it("lists a struct's fields, with nested types kept whole", () => {
    assert.deepEqual(nestedFields('struct<a:int,b:struct<c:string,d:array<map<string,decimal(10,2)>>>,e:decimal(38,18)>').map((f) => [f.name, f.dataType]),
      [['a', 'int'], ['b', 'struct<c:string,d:array<map<string,decimal(10,2)>>>'], ['e', 'decimal(38,18)']]);
  });

  it('reads quoted names, NOT NULL and comments', () => {
    assert.deepEqual(nestedFields("struct<`a b`:int NOT NULL,`x:y``z`:string COMMENT 'it\\'s, <odd>',c:bigint>"), [
      { name: 'a b', dataType: 'int', nullable: false, comment: undefined },
      { name: 'x:y`z', dataType: 'string', nullable: true, comment: "it's, <odd>" },
      { name: 'c', dataType: 'bigint', nullable: true, comment: undefined },
    ]);
  });

  it('looks through arrays and map values to the struct they hold; other types have no fields', () => {
    assert.deepEqual(nestedFields('array<struct<id:bigint,tags:array<string>>>').map((f) => f.name), ['id', 'tags']);
    assert.deepEqual(nestedFields('map<string,struct<k:int>>').map((f) => f.name), ['k']);
    for (const t of ['int', 'array<string>', 'map<string,int>', 'decimal(10,2)', 'STRUCT', 'struct<>', 'variant']) assert.deepEqual(nestedFields(t), [], t);
  });
});
