// Spark SQL names for the Arrow types Spark Connect sends, and how the grid lays each kind out.
import {
  DataType, Date_, Decimal, Dictionary, Field, Float, Int, Interval, IntervalUnit, Precision, Schema, Timestamp, Type,
} from 'apache-arrow';
import { isVariantType } from './shared/formatVariant';
import type { ColumnInfo, ColumnKind } from './shared/protocol';


const INT_NAMES: Record<number, string> = { 8: 'tinyint', 16: 'smallint', 32: 'int', 64: 'bigint' };

function childType(type: DataType, i = 0): DataType {
  return (type.children as Field[])[i].type;
}

/** Spark SQL type name of an Arrow type. */
export function sparkTypeName(type: DataType): string {
  switch (type.typeId) {
    case Type.Null: return 'void';
    case Type.Bool: return 'boolean';
    case Type.Int: {
      const int = type as Int;
      return int.isSigned ? INT_NAMES[int.bitWidth] : `uint${int.bitWidth}`;
    }
    case Type.Float: return (type as Float).precision === Precision.DOUBLE ? 'double' : 'float';
    case Type.Decimal: return `decimal(${(type as Decimal).precision},${(type as Decimal).scale})`;
    case Type.Utf8: case Type.LargeUtf8: case Type.Utf8View: return 'string';
    case Type.Binary: case Type.LargeBinary: case Type.FixedSizeBinary: case Type.BinaryView: return 'binary';
    case Type.Date: return (type as Date_).unit === 0 ? 'date' : 'date (ms)';
    case Type.Timestamp: return (type as Timestamp).timezone ? 'timestamp' : 'timestamp_ntz';
    case Type.Time: return 'time';
    case Type.Duration: return 'interval day to second';
    case Type.Interval:
      return (type as Interval).unit === IntervalUnit.YEAR_MONTH ? 'interval year to month' : 'interval';
    case Type.List: case Type.LargeList: case Type.FixedSizeList: return `array<${sparkTypeName(childType(type))}>`;
    case Type.Map: {
      const entries = childType(type);
      return `map<${sparkTypeName(childType(entries, 0))},${sparkTypeName(childType(entries, 1))}>`;
    }
    case Type.Struct:
      if (isVariantType(type)) return 'variant';
      return `struct<${(type.children as Field[]).map((f) => `${f.name}:${sparkTypeName(f.type)}`).join(',')}>`;
    case Type.Dictionary: return sparkTypeName((type as Dictionary).dictionary);
    default: return String(type).toLowerCase();
  }
}

/** Layout kind of an Arrow type. */
export function columnKind(type: DataType): ColumnKind {
  switch (type.typeId) {
    case Type.Int: case Type.Float: case Type.Decimal: return 'number';
    case Type.Bool: return 'boolean';
    case Type.Date: case Type.Timestamp: case Type.Time: case Type.Duration: case Type.Interval: return 'temporal';
    case Type.Binary: case Type.LargeBinary: case Type.FixedSizeBinary: case Type.BinaryView: return 'binary';
    case Type.List: case Type.LargeList: case Type.FixedSizeList: case Type.Map: case Type.Struct: return 'nested';
    case Type.Null: return 'null';
    case Type.Dictionary: return columnKind((type as Dictionary).dictionary);
    default: return 'text';
  }
}

/** The columns of a schema, with Spark type names. */
export function columnInfos(schema: Schema): ColumnInfo[] {
  return schema.fields.map((f) => ({ name: f.name, sparkType: sparkTypeName(f.type), kind: columnKind(f.type) }));
}
