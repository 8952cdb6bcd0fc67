// A column profile as the server answers it (the client's ColumnProfile, bigint counts) for a trips-like result,
// turned into what the panel draws by the real adapter; and the 2,000-row result it describes.
import { Float64, Int64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import type { ColumnProfile } from '../../src/client/profile';
import { toProfileColumns } from '../../src/views/columnProfiles';
import type { ProfileRequest, SourceProfile } from '../../src/grid/gridSource';
import type { ProfileColumn } from '../../src/grid/shared/protocol';
import { tableTestSource, TestSource, XSS } from './fixtures';

const DAY0 = Date.UTC(2026, 10, 1) / 86_400_000;

/** Histogram heights of the fare column (one empty bucket). */
export const FARE_COUNTS = [5, 0, 120, 400, 800, 300, 200, 100, 30, 5];
/** Top values of the city column: a value that is HTML, and the NULL group. */
export const CITY_TOP: ReadonlyArray<[string | null, number]> = [['Berlin', 500], ['Lisbon', 480], ['Oslo', 460], [XSS[0], 300], [null, 100]];

/** What profileColumns returns for the trips result. */
export function tripsProfiles(): ColumnProfile[] {
  const base = { rows: 2000n, nulls: 0n, topValues: [], histogram: [] };
  return [
    {
      ...base, name: 'trip_id', dataType: 'bigint', distinctApprox: 1987n, min: '0', max: '1999', histogramScale: 'number',
      histogram: [200, 210, 190, 205, 195, 200, 180, 220, 200, 200].map((y, i) => ({ x: 99.5 + i * 200, y })),
    },
    {
      ...base, name: 'day', dataType: 'date', distinctApprox: 7n, min: '2026-11-01', max: '2026-11-07', histogramScale: 'days',
      histogram: [286, 286, 286, 286, 286, 285, 285].map((y, i) => ({ x: DAY0 + i, y })),
    },
    {
      ...base, name: 'city', dataType: 'string', nulls: 100n, distinctApprox: 4n, min: 'Berlin', max: XSS[0],
      topValues: CITY_TOP.map(([value, count]) => ({ value, count: BigInt(count) })),
    },
    {
      ...base, name: 'fare', dataType: 'decimal(10,2)', nulls: 40n, distinctApprox: 1540n, min: '3.50', max: '28.38', histogramScale: 'number',
      histogram: FARE_COUNTS.map((y, i) => ({ x: 4.75 + i * 2.5, y })),
    },
    { ...base, name: 'tags', dataType: 'map<string,int>', nulls: 2000n },
  ];
}

/** The panel's columns for the trips result. */
export function tripsProfileColumns(): ProfileColumn[] {
  return toProfileColumns(tripsProfiles(), 'UTC');
}

/** 2,000 rows the profile describes (only their count and columns matter to the panel). */
export function tripsTable(): Table {
  const n = 2000;
  const cities = ['Berlin', 'Lisbon', 'Oslo', XSS[0], null];
  return new Table({
    trip_id: vectorFromArray(Array.from({ length: n }, (_v, i) => BigInt(i)), new Int64()),
    city: vectorFromArray(Array.from({ length: n }, (_v, i) => cities[i % 5]), new Utf8()),
    fare: vectorFromArray(Array.from({ length: n }, (_v, i) => 3.5 + (i % 100) / 4), new Float64()),
  });
}

/** A trips source with a profile; `answer` decides each profile call (default: the trips profile). */
export function profiledSource(answer?: (request: ProfileRequest, call: number) => Promise<SourceProfile>): TestSource & { profileCalls: ProfileRequest[] } {
  const calls: ProfileRequest[] = [];
  const fallback = async (r: ProfileRequest): Promise<SourceProfile> => ({ columns: tripsProfileColumns(), scope: 'all rows of samples.trips', filtered: r.where !== undefined });
  const source = tableTestSource('SELECT * FROM samples.trips', tripsTable());
  return Object.assign(source, {
    profileCalls: calls,
    profile: (r: ProfileRequest) => {
      calls.push(r);
      return (answer ?? fallback)(r, calls.length);
    },
  });
}

/** A profile call that ends only when aborted (then rejects, as the client does). */
export function waitForAbort(r: ProfileRequest): Promise<SourceProfile> {
  return new Promise((_resolve, reject) => r.signal.addEventListener('abort', () => reject(new Error('cancelled')), { once: true }));
}
