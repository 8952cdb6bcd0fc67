import assert from 'node:assert/strict';
import * as grpc from '@grpc/grpc-js';
import type { AnalyzePlanRequest } from '../../src/client/gen/spark/connect/base_pb';
import { parseConnectionString } from '../../src/client/connectionString';
import { DeltaTable, deltaSupport, DeltaUnavailableError, knownDeltaSupport } from '../../src/client/delta';
import * as sql from '../../src/client/delta/sqlStatements';
import { SparkConnectError } from '../../src/client/errors';
import { col, expr, lit } from '../../src/client/expressions';
import { explainUnknownSyntax, StatementNotUnderstoodError } from '../../src/client/delta/sqlDialect';
import { SparkConnectSession } from '../../src/client/session';
import { inlineParameters, parameterMarkers } from '../../src/client/sqlParameters';
import { FakeTransport } from '../support/fakeTransport';

describe('SQL forms of Delta operations', () => {
  it('embeds user conditions only as expressions to be parsed first, names and values quoted', () => {
    const del = sql.deleteFrom('`db`.`t`', 't', expr("id = 1 -- it's"));
    assert.equal(del.text, "DELETE FROM `db`.`t` AS `t` WHERE (\nid = 1 -- it's \n)");
    assert.deepEqual(del.expressions, ["id = 1 -- it's"]);
    const upd = sql.update('`t`', undefined, [{ field: col('`a``b`.c'), value: expr('c + 1') }, { field: col('`x.y`'), value: lit("it's") }], undefined);
    assert.equal(upd.text, "UPDATE `t` SET `a``b`.`c` = (\nc + 1 \n), `x.y` = 'it\\'s'");
    assert.deepEqual(upd.expressions, ['c + 1']);
  });

  it('writes every merge clause kind in Delta Connect order (matched, not matched, not matched by source)', () => {
    const m = sql.merge({
      table: '`t`', alias: 't', source: '`v`', sourceAlias: 's', condition: expr('t.id = s.id'), schemaEvolution: true,
      clauses: [
        { when: 'notMatchedBySource', action: 'delete', condition: expr('t.id = 1') },
        { when: 'notMatched', action: 'insert', assignments: [{ field: col('id'), value: expr('s.id') }] },
        { when: 'matched', action: 'updateAll' },
        { when: 'matched', action: 'delete', condition: expr('s.gone') },
        { when: 'notMatched', action: 'insertAll' },
      ],
    });
    assert.equal(m.text, [
      'MERGE WITH SCHEMA EVOLUTION INTO `t` AS `t`', 'USING `v` AS `s`', 'ON (\nt.id = s.id \n)',
      'WHEN MATCHED THEN UPDATE SET *', 'WHEN MATCHED AND (\ns.gone \n) THEN DELETE',
      'WHEN NOT MATCHED THEN INSERT (`id`) VALUES ((\ns.id \n))', 'WHEN NOT MATCHED THEN INSERT *',
      'WHEN NOT MATCHED BY SOURCE AND (\nt.id = 1 \n) THEN DELETE',
    ].join('\n'));
    assert.deepEqual(m.expressions, ['t.id = s.id', 's.gone', 's.id', 't.id = 1']);
    assert.throws(() => sql.merge({ table: '`t`', source: '`v`', condition: expr('x'), schemaEvolution: false, clauses: [{ when: 'notMatched', action: 'delete' }] }), /can only insert/);
  });

  it('writes maintenance statements with quoted names, literal timestamps and digits only', () => {
    assert.equal(sql.describeHistory('`t`', 5).text, 'DESCRIBE HISTORY `t` LIMIT 5');
    assert.equal(sql.vacuum('delta.`/p`', 0.5, true).text, 'VACUUM delta.`/p` RETAIN 0.5 HOURS DRY RUN');
    assert.equal(sql.restore('`t`', { timestamp: "2024-01-01'; DROP" }).text, "RESTORE TABLE `t` TO TIMESTAMP AS OF '2024-01-01\\'; DROP'");
    assert.equal(sql.restore('`t`', { version: 3n }).text, 'RESTORE TABLE `t` TO VERSION AS OF 3');
    assert.throws(() => sql.restore('`t`', { version: -1 }), /whole number/);
    assert.equal(sql.optimize('`t`', ["p = 'a'"], ['a.b', '`c``d`']).text, "OPTIMIZE `t` WHERE (\np = 'a' \n) ZORDER BY (`a`.`b`, `c``d`)");
    assert.equal(sql.optimize('`t`', [], [], true).text, 'OPTIMIZE `t` FULL');
    assert.throws(() => sql.optimize('`t`', ["p = 'a'"], [], true), /no partition filter/);
    assert.equal(sql.clone({ source: '`s`', target: 'delta.`s3://b/t`', isShallow: true, replace: true, at: { version: 2 }, properties: { "k'": 'v' } }).text,
      "CREATE OR REPLACE TABLE delta.`s3://b/t` SHALLOW CLONE `s` VERSION AS OF 2 TBLPROPERTIES ('k\\'' = 'v')");
    assert.equal(sql.dropFeature('`t`', 'deletionVectors', true).text, 'ALTER TABLE `t` DROP FEATURE `deletionVectors` TRUNCATE HISTORY');
    assert.equal(sql.generate('`t`', 'symlink_format_manifest').text, 'GENERATE `symlink_format_manifest` FOR TABLE `t`');
    assert.equal(sql.setProperties('`t`', { 'delta.feature.x': 'supported' }).text, "ALTER TABLE `t` SET TBLPROPERTIES ('delta.feature.x' = 'supported')");
  });
});

describe('SQL parameters as literals', () => {
  it('finds markers outside strings, identifiers and comments, and never a :: cast', () => {
    const q = "SELECT :a, ':b', `:c`, \"d:e\", x::int, r'f:g' -- :h\n/* :i /* :j */ :k */ ?, :l";
    assert.deepEqual(parameterMarkers(q).map((m) => m.name ?? '?'), ['a', '?', 'l']);
  });

  it('replaces each marker with the exact literal of its value', () => {
    assert.equal(inlineParameters('SELECT :s, :n FROM t WHERE x = :s', { s: "a'; DROP TABLE t; --", n: 5n }),
      "SELECT  'a\\'; DROP TABLE t; --' ,  5L  FROM t WHERE x =  'a\\'; DROP TABLE t; --' ");
    assert.equal(inlineParameters('SELECT ?, ?', [1.5, null]), 'SELECT  1.5D ,  NULL ');
    assert.throws(() => inlineParameters('SELECT :missing', {}), /No value for the parameter :missing/);
    assert.throws(() => inlineParameters('SELECT ?, ?', [1]), /more \? parameters/);
  });
});

/** A server answering the dialect probe: `extension` to a Delta relation, `read` to a read of the "delta" data source. */
class ProbedServer extends FakeTransport {
  analyzeCalls: AnalyzePlanRequest[] = [];
  constructor(private readonly extension: SparkConnectError, private readonly read: SparkConnectError) { super([]); }

  override async analyzePlan(req?: AnalyzePlanRequest) {
    if (!req || req.analyze.case !== 'schema') return super.analyzePlan();
    this.analyzeCalls.push(req);
    const root = req.analyze.value.plan?.opType.value as { relType: { case: string } };
    throw root.relType.case === 'extension' ? this.extension : this.read;
  }
}

/** A server without any Delta Lake: no handler for Delta relations, and no "delta" data source. */
const noDeltaServer = () => new ProbedServer(
  new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'CONNECT_INVALID_PLAN.NO_HANDLER_FOR_EXTENSION', serverMessage: 'No handler found for extension type: type.googleapis.com/delta.connect.DeltaRelation' }),
  new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'DATA_SOURCE_NOT_FOUND', serverMessage: 'Failed to find the data source: delta.' }));

/**
 * Sail's answers, as recorded from Sail 0.7.2: an extension relation is an UnsupportedOperationException, a missing
 * Delta table an ordinary error, and statements its parser lacks an IllegalArgumentException.
 */
const sailLikeServer = () => new ProbedServer(
  new SparkConnectError({ grpcCode: grpc.status.INTERNAL, classes: ['java.lang.UnsupportedOperationException'], serverMessage: 'extension relation' }),
  new SparkConnectError({ grpcCode: grpc.status.INTERNAL, classes: ['java.lang.RuntimeException'], serverMessage: 'Invalid table location: No commit files found in _delta_log' }));

describe('Delta dialect detection', () => {
  it('sends Delta operations as SQL to a server that is not Spark and has no extensions (Sail)', async () => {
    const session = new SparkConnectSession(parseConnectionString('sc://127.0.0.1:1'), { transport: sailLikeServer() });
    assert.equal(await deltaSupport(session), 'sql');
  });

  it("explains a Delta statement the server's parser lacks as an operation not available there, Spark's and Sail's alike", () => {
    const statement = sql.vacuum('`db`.`t`', 168, true);
    const sail = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, classes: ['java.lang.IllegalArgumentException'],
      serverMessage: "invalid argument: found VACUUM at 0:6 expected something else, ';', statement, or end of input" });
    const spark = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'PARSE_SYNTAX_ERROR', classes: ['org.apache.spark.sql.catalyst.parser.ParseException'], serverMessage: "Syntax error at or near 'VACUUM'." });
    for (const err of [sail, spark]) {
      const explained = explainUnknownSyntax(err, statement);
      assert.ok(explained instanceof StatementNotUnderstoodError);
      assert.equal(explained.keyword, 'VACUUM');
      assert.match(explained.message, /does not understand the VACUUM statement .* not available on this server/);
      assert.ok(explained.message.includes(err.serverMessage), 'the server\'s own words are kept');
    }
    assert.equal(explainUnknownSyntax(new SparkConnectError({ grpcCode: grpc.status.INTERNAL, classes: ['java.lang.IllegalArgumentException'], serverMessage: 'invalid argument: retention' }), statement) instanceof StatementNotUnderstoodError, false,
      'other invalid arguments are not parse errors');
    assert.equal((explainUnknownSyntax(new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'PARSE_SYNTAX_ERROR', serverMessage: 'x' }), sql.describeHistory('`db`.`t`')) as StatementNotUnderstoodError).keyword, 'DESCRIBE HISTORY');
  });

  it('explains a Delta statement the server parses but has no implementation of (Sail 0.6: UPDATE) as not available there', () => {
    const statement = sql.update('`db`.`t`', undefined, [{ field: col('v'), value: lit(2) }], expr('id = 1'));
    // As recorded from Sail 0.6.6: an UnsupportedOperationException naming its plan node, without an error class.
    const sail = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, classes: ['java.lang.UnsupportedOperationException'], serverMessage: 'CommandNode::Update' });
    const explained = explainUnknownSyntax(sail, statement);
    assert.ok(explained instanceof StatementNotUnderstoodError);
    assert.equal(explained.keyword, 'UPDATE');
    assert.equal(explained.refusal, 'unsupported');
    assert.match(explained.message, /parses the UPDATE statement .* but has no implementation of it .*: the operation is not available on this server/);
    assert.ok(explained.message.includes('CommandNode::Update'), "the server's own words are kept");
    // Spark's own unsupported features carry an error class: about this table or these arguments, left as they are.
    const spark = new SparkConnectError({ grpcCode: grpc.status.INTERNAL, errorClass: 'UNSUPPORTED_FEATURE.TABLE_OPERATION',
      classes: ['org.apache.spark.SparkUnsupportedOperationException', 'java.lang.UnsupportedOperationException'], serverMessage: 'The table does not support UPDATE.' });
    assert.equal(explainUnknownSyntax(spark, statement), spark);
  });

  it('tells a server without Delta Lake apart, and says so instead of sending Delta operations', async () => {
    const transport = noDeltaServer();
    const session = new SparkConnectSession(parseConnectionString('sc://127.0.0.1:1'), { transport });
    assert.equal(await deltaSupport(session), 'none');
    assert.equal(knownDeltaSupport(session), 'none');
    assert.equal(transport.analyzeCalls.length, 2, 'probed once: a Delta relation, then the delta data source');
    await assert.rejects(DeltaTable.forName(session, 'db.t').delete('id = 1'), DeltaUnavailableError);
    await assert.rejects(DeltaTable.forName(session, 'db.t').historyEntries(), /has no Delta Lake/);
    assert.equal(transport.executeCalls.length, 0, 'nothing was executed');
    assert.equal(transport.analyzeCalls.length, 2, 'the answer is kept for the session');
  });

  it('takes a forced dialect without probing', async () => {
    const transport = noDeltaServer();
    const session = new SparkConnectSession(parseConnectionString('sc://127.0.0.1:1'), { transport });
    assert.equal(await deltaSupport(session, 'sql'), 'sql');
    assert.equal(transport.analyzeCalls.length, 0);
  });
});
