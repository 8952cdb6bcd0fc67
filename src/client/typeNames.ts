// Spark DataType messages as the type names Spark prints (bigint, decimal(10,2), array<string>, …).
import type { DataType } from './gen/spark/connect/types_pb';

const SIMPLE: Record<string, string> = {
  null: 'void', binary: 'binary', boolean: 'boolean', byte: 'tinyint', short: 'smallint', integer: 'int', long: 'bigint',
  float: 'float', double: 'double', string: 'string', date: 'date', timestamp: 'timestamp', timestampNtz: 'timestamp_ntz',
  calendarInterval: 'interval', variant: 'variant', time: 'time',
};

/** The Spark SQL name of a type. */
export function typeName(t: DataType | undefined): string {
  const k = t?.kind;
  if (!k || k.case === undefined) return 'unknown';
  switch (k.case) {
    case 'decimal': return `decimal(${k.value.precision ?? 10},${k.value.scale ?? 0})`;
    case 'char': return `char(${k.value.length})`;
    case 'varChar': return `varchar(${k.value.length})`;
    case 'array': return `array<${typeName(k.value.elementType)}>`;
    case 'map': return `map<${typeName(k.value.keyType)},${typeName(k.value.valueType)}>`;
    case 'struct': return `struct<${k.value.fields.map((f) => `${f.name}:${typeName(f.dataType)}`).join(',')}>`;
    case 'unparsed': return k.value.dataTypeString;
    case 'udt': return k.value.type;
    case 'yearMonthInterval': return 'interval year to month';
    case 'dayTimeInterval': return 'interval day to second';
    default: return SIMPLE[k.case] ?? k.case;
  }
}

/** Top-level column names and type names of a struct type. */
export function columnsOfStruct(t: DataType | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (t?.kind.case === 'struct') for (const f of t.kind.value.fields) out.set(f.name, typeName(f.dataType));
  return out;
}
