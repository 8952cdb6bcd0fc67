// The EXPLAIN parser on plan texts captured from Spark 4.2 + Delta 4.4 (fixtures/plans; only the warehouse path
// was made stable).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allOperators, explainStatement, operatorSummary, parsePlanText, type PlanOperator } from '../../src/client';

const plan = (name: string) => parsePlanText(readFileSync(join(__dirname, 'fixtures', 'plans', `${name}.txt`), 'utf8'));
const attr = (op: PlanOperator | undefined, key: string) => op?.attributes.find((a) => a.key === key)?.value;
const shape = (op: PlanOperator): unknown => (op.children.length ? { [op.name]: op.children.map(shape) } : op.name);

describe('parsePlanText', () => {
  it('reads a FORMATTED scan with its partition and pushed filters, and codegen stages', () => {
    const [section] = plan('filter');
    assert.equal(section.title, 'Physical Plan');
    assert.deepEqual(shape(section.roots[0]), { Project: [{ Filter: [{ ColumnarToRow: ['Scan parquet spark_catalog.default.pe'] }] }] });
    const scan = allOperators([section]).find((o) => o.kind === 'scan');
    assert.equal(scan?.id, 1);
    assert.equal(attr(scan, 'PartitionFilters'), '[isnotnull(region#429), (region#429 = eu)]');
    assert.equal(attr(scan, 'PushedFilters'), '[IsNotNull(amount), GreaterThan(amount,1.0)]');
    assert.equal(attr(scan, 'Location'), 'PreparedDeltaFileIndex [file:/tmp/dce-server/warehouse/pe]');
    assert.equal(attr(scan, 'ReadSchema'), 'struct<id:bigint,amount:double>');
    const filter = section.roots[0].children[0];
    assert.equal(filter.codegen, true);
    assert.equal(attr(filter, 'Condition'), '(isnotnull(amount#430) AND (amount#430 > 1.0))');
    assert.equal(attr(filter, 'Codegen id'), '1');
    assert.match(operatorSummary(scan!), /^PartitionFilters: \[isnotnull\(region#429\), \(region#429 = eu\)\] · PushedFilters: \[IsNotNull/);
  });

  it('reads a broadcast hash join with both sides in order and its exchange', () => {
    const [section] = plan('join');
    const root = section.roots[0];
    assert.equal(root.name, 'AdaptiveSparkPlan');
    assert.equal(attr(root, 'Arguments'), 'isFinalPlan=false');
    const join = allOperators([section]).find((o) => o.kind === 'join')!;
    assert.equal(join.name, 'BroadcastHashJoin Inner BuildRight');
    assert.deepEqual(join.children.map((c) => c.name), ['Scan parquet spark_catalog.default.pe', 'BroadcastExchange']);
    assert.equal(join.children[1].kind, 'exchange');
    assert.equal(attr(join, 'Join type'), 'Inner');
    assert.equal(attr(join, 'Left keys'), '[region#702]');
    assert.equal(operatorSummary(join), 'broadcast hash join · Join type: Inner');
  });

  it('reads a sort-merge join with a shuffle on each side', () => {
    const ops = allOperators(plan('smj'));
    const join = ops.find((o) => o.kind === 'join')!;
    assert.match(operatorSummary(join), /^sort-merge join/);
    assert.deepEqual(shape(join), { 'SortMergeJoin Inner': [
      { Sort: [{ Exchange: ['Scan parquet spark_catalog.default.pe'] }] },
      { Sort: [{ Exchange: [{ Filter: ['Scan parquet spark_catalog.default.pr'] }] }] },
    ] });
    const exchanges = ops.filter((o) => o.kind === 'exchange');
    assert.equal(exchanges.length, 2);
    assert.match(attr(exchanges[0], 'Arguments') ?? '', /^hashpartitioning\(region#1219, 4\), ENSURE_REQUIREMENTS/);
  });

  it('reads a two-stage aggregate with its keys and functions', () => {
    const ops = allOperators(plan('agg'));
    const aggs = ops.filter((o) => o.kind === 'aggregate');
    assert.deepEqual(aggs.map((a) => attr(a, 'Functions')), ['[sum(amount#1383)]', '[partial_sum(amount#1383)]']);
    assert.deepEqual(ops.map((o) => o.id), [7, 6, 5, 4, 3, 2, 1]);
  });

  it('reads the plan of a Delta DELETE, UPDATE and MERGE as commands over their relation', () => {
    const del = plan('delete')[0].roots[0];
    assert.deepEqual(shape(del), { 'Execute DeleteCommand': [{ DeleteCommand: [{ SubqueryAlias: ['LogicalRelation'] }] }] });
    assert.equal(del.kind, 'command');
    assert.match(attr(del.children[0], 'Arguments') ?? '', /`spark_catalog`\.`default`\.`pe`.*\(id#1474L = 1\)$/);
    assert.equal(attr(del, 'Output'), '[num_affected_rows#1482L]');
    assert.equal(plan('update')[0].roots[0].name, 'Execute UpdateCommand');
    const merge = plan('merge')[0].roots[0];
    assert.deepEqual(shape(merge), { 'Execute MergeIntoCommand': ['MergeIntoCommand'] });
    assert.match(attr(merge.children[0], 'Arguments') ?? '', /\(region#1507 = region#1509\), \[Delete \[\]\]/);
  });

  it('reads every stage of EXTENDED, with inline scan arguments and without the schema line', () => {
    const sections = plan('extended');
    assert.deepEqual(sections.map((s) => s.title), ['Parsed Logical Plan', 'Analyzed Logical Plan', 'Optimized Logical Plan', 'Physical Plan']);
    assert.deepEqual(sections[1].roots.map((r) => r.name), ['Project']);
    assert.deepEqual(shape(sections[1].roots[0]), { Project: [{ Filter: [{ 'SubqueryAlias spark_catalog.default.pe': ['Relation'] }] }] });
    const scan = allOperators([sections[3]]).find((o) => o.kind === 'scan')!;
    assert.equal(scan.name, 'FileScan parquet spark_catalog.default.pe');
    assert.equal(scan.codegen, false);
    assert.equal(attr(scan, 'PartitionFilters'), '[isnotnull(region#1538), (region#1538 = eu)]');
    assert.equal(attr(scan, 'PushedFilters'), '[]');
    assert.equal(attr(scan, 'Location'), 'PreparedDeltaFileIndex(1 paths)[file:/tmp/dce-server/warehouse/pe]');
    assert.equal(sections[3].roots[0].codegen, true);
    assert.equal(attr(sections[3].roots[0], 'Arguments'), '[id#1537L]');
  });

  it('reads EXTENDED of a DELETE down to its relation', () => {
    const physical = plan('extendedDelete').find((s) => s.title === 'Physical Plan')!;
    assert.deepEqual(shape(physical.roots[0]), { 'Execute DeleteCommand': [{ DeleteCommand: [{ 'SubqueryAlias spark_catalog.default.pe': ['Relation'] }] }] });
  });

  it('reads AQE group lines and text without headers', () => {
    const [section] = parsePlanText('AdaptiveSparkPlan isFinalPlan=true\n+- == Final Plan ==\n   *(1) Project [id#1L]\n   +- Range (0, 3, step=1, splits=2)\n+- == Initial Plan ==\n   Project [id#1L]\n');
    assert.equal(section.title, 'Plan');
    assert.deepEqual(section.roots[0].children.map((c) => [c.kind, c.name]), [['group', 'Final Plan'], ['group', 'Initial Plan']]);
    assert.deepEqual(shape(section.roots[0].children[0]), { 'Final Plan': [{ Project: ['Range'] }] });
    assert.deepEqual(parsePlanText(''), []);
  });
});

describe('explainStatement', () => {
  it('puts EXPLAIN before one statement, dropping its semicolon', () => {
    assert.equal(explainStatement(' DELETE FROM t WHERE id = 1;\n'), 'EXPLAIN FORMATTED DELETE FROM t WHERE id = 1');
    assert.equal(explainStatement('SELECT 1', 'extended'), 'EXPLAIN EXTENDED SELECT 1');
    assert.equal(explainStatement('explain cost SELECT 1'), 'explain cost SELECT 1');
    assert.throws(() => explainStatement(' ; '), /no SQL statement/);
  });
});
