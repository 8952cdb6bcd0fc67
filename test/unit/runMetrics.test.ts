import assert from 'node:assert/strict';
import { create } from '@bufbuild/protobuf';
import { ExecutePlanResponse_MetricsSchema, ExecutePlanResponse_Metrics_MetricValueSchema } from '../../src/client/gen/spark/connect/base_pb';
import { metricsPlan, metricsText, metricText } from '../../src/client/runMetrics';

const value = (name: string, v: bigint, metricType: string) => ({ name, value: v, metricType });

describe('the metrics of a run as a plan tree', () => {
  const metrics = create(ExecutePlanResponse_MetricsSchema, {
    metrics: [
      { name: 'HashAggregate', planId: 10n, parent: -1n, executionMetrics: { numOutputRows: value('number of output rows', 3n, 'sum'), spill: value('spill size', 0n, 'size') } },
      { name: 'Exchange', planId: 11n, parent: 10n, executionMetrics: { dataSize: value('data size', 5_242_880n, 'size'), time: value('shuffle write time', 2_500_000n, 'nsTiming') } },
      { name: 'Scan parquet spark_catalog.default.trips', planId: 12n, parent: 11n, executionMetrics: { files: value('number of files read', 4n, 'sum'), scan: value('scan time', 1234n, 'timing') } },
      { name: 'Filter', planId: 13n, parent: 10n, executionMetrics: {} },
    ],
  });

  it('nests each operator under its parent, roots first, with its kind', () => {
    const section = metricsPlan(metrics)!;
    assert.deepEqual(section.roots.map((r) => r.name), ['HashAggregate']);
    const [agg] = section.roots;
    assert.equal(agg.kind, 'aggregate');
    assert.deepEqual(agg.children.map((c) => c.name), ['Exchange', 'Filter']);
    assert.equal(agg.children[0].kind, 'exchange');
    assert.equal(agg.children[0].children[0].kind, 'scan');
  });

  it('shows each metric as its type says, those with a value first', () => {
    const [agg] = metricsPlan(metrics)!.roots;
    assert.deepEqual(agg.attributes, [{ key: 'number of output rows', value: '3' }, { key: 'spill size', value: '0 bytes' }]);
    assert.deepEqual(agg.children[0].attributes, [{ key: 'data size', value: '5.0 MB' }, { key: 'shuffle write time', value: '2.5 ms' }]);
    assert.equal(metricText(create(ExecutePlanResponse_Metrics_MetricValueSchema, value('scan time', 1234n, 'timing'))), '1,234 ms');
  });

  it('writes the tree as indented text', () => {
    assert.equal(metricsText(metricsPlan(metrics)!).split('\n').slice(0, 4).join('\n'), 'HashAggregate\n  number of output rows: 3\n  spill size: 0 bytes\n  Exchange');
  });

  it('has no tree when the server sent no operator', () => {
    assert.equal(metricsPlan(undefined), undefined);
    assert.equal(metricsPlan(create(ExecutePlanResponse_MetricsSchema, {})), undefined);
  });
});
