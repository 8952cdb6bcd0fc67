// The fields inside a column's type, read from the type text the catalog gives (`struct<a:int,b:array<struct<c:string>>>`),
// so nested columns expand in the tree without asking the server again.

/** One field of a struct type, as the type text names it. */
export interface FieldOfType {
  readonly name: string;
  readonly dataType: string;
  readonly nullable: boolean;
  readonly comment?: string;
}

/**
 * The fields a column of this type shows under it: a struct's fields, or those of the struct an array or a map's
 * value holds (arrays of structs are common in Delta tables); none for any other type.
 */
export function nestedFields(dataType: string): FieldOfType[] {
  const type = dataType.trim();
  const inner = unwrap(type, 'struct');
  if (inner !== undefined) return topLevel(inner, ',').filter((f) => f.trim() !== '').map(field);
  const element = unwrap(type, 'array');
  if (element !== undefined) return nestedFields(element);
  const map = unwrap(type, 'map');
  if (map !== undefined) return nestedFields(topLevel(map, ',').slice(1).join(','));
  return [];
}

/** `inner` of `kind<inner>`, else undefined. */
function unwrap(type: string, kind: string): string | undefined {
  const lower = type.toLowerCase();
  return lower.startsWith(`${kind}<`) && type.endsWith('>') ? type.slice(kind.length + 1, -1) : undefined;
}

/** `name:type [NOT NULL] [COMMENT '…']`, the name possibly in backticks. */
function field(text: string): FieldOfType {
  const [rawName, ...rest] = topLevel(text.trim(), ':');
  let dataType = rest.join(':').trim();
  let comment: string | undefined;
  const commented = / COMMENT '((?:[^'\\]|\\.)*)'$/i.exec(dataType);
  if (commented) {
    comment = commented[1].replace(/\\(.)/g, '$1');
    dataType = dataType.slice(0, commented.index).trim();
  }
  const notNull = / NOT NULL$/i.test(dataType);
  if (notNull) dataType = dataType.slice(0, -' NOT NULL'.length).trim();
  const name = rawName.trim();
  return { name: name.startsWith('`') && name.endsWith('`') ? name.slice(1, -1).replace(/``/g, '`') : name, dataType, nullable: !notNull, comment };
}

/** Splits at `sep` outside <…>, (…), backticks and quotes. */
function topLevel(text: string, sep: ',' | ':'): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === "'") i++;
      else if (c === quote) quote = '';
    } else if (c === '`' || c === "'") quote = c;
    else if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
      if (sep === ':') break;
    }
  }
  out.push(text.slice(start));
  return out;
}
