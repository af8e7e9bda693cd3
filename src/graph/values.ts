/**
 * Property values as HugeGraph checks and keeps them: each data type accepts only its own JSON
 * kinds (strings are never turned into numbers), DATE accepts HugeGraph's text formats or epoch
 * milliseconds and is kept as a Date, LIST/SET keys take arrays.
 */
import { illegalArgument } from './errors.js';
import type { DataType, PropertyKey } from './schema.js';

const DATE_FORMATS = '[yyyy-MM-dd, yyyy-MM-dd HH:mm:ss, yyyy-MM-dd HH:mm:ss.SSS]';
const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?)?$/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const INT_RANGE: Partial<Record<DataType, [number, number]>> = {
  BYTE: [-128, 127],
  INT: [-2147483648, 2147483647],
  LONG: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Reads a date in one of HugeGraph's input formats (server local time); null if it is none. */
/** `yyyy-MM-dd HH:mm:ss.SSS` in the server's time zone: how HugeGraph writes dates. */
export function formatDate(date: Date | number): string {
  const d = typeof date === 'number' ? new Date(date) : date;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function parseDateText(text: string): Date | null {
  const m = DATE_TEXT.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second, milli] = m.slice(1).map((part) => Number(part ?? 0)) as number[];
  const date = new Date(year!, month! - 1, day!, hour!, minute!, second!, milli!);
  // Reject dates that JavaScript silently rolls over (2020-02-31), as a strict parser would.
  if (date.getFullYear() !== year || date.getMonth() !== month! - 1 || date.getDate() !== day) return null;
  return date;
}

/** HugeGraph's date error, for a string that is in none of its formats. */
export function dateFormatMessage(text: string): string {
  return `Expected date format is: ${DATE_FORMATS}, but got '${text}'`;
}

/** A date from a JSON value (text in a known format, or epoch ms); throws HugeGraph's message. */
export function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return new Date(value);
  if (typeof value === 'string') {
    const date = parseDateText(value);
    if (date === null) throw illegalArgument(dateFormatMessage(value));
    return date;
  }
  return null;
}

/** Java's simple class name for a JSON value, as HugeGraph's messages print it. */
export function javaTypeOfValue(value: unknown): string {
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'Double';
    return value >= -2147483648 && value <= 2147483647 ? 'Integer' : 'Long';
  }
  if (Array.isArray(value)) return 'ArrayList';
  if (value instanceof Date) return 'Date';
  if (value === null || value === undefined) return 'null';
  return 'LinkedHashMap';
}

/** Java's toString of a JSON value: lists as `[a, b]`, maps as `{k=v}`. */
export function javaString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (value instanceof Date) return String(value.getTime());
  if (typeof value === 'object' && value !== null) {
    return `{${Object.entries(value).map(([k, v]) => `${k}=${javaString(v)}`).join(', ')}}`;
  }
  return String(value);
}

const JAVA_TYPES: Record<DataType, string> = {
  TEXT: 'String', BOOLEAN: 'Boolean', BYTE: 'Byte', INT: 'Integer', LONG: 'Long', FLOAT: 'Float',
  DOUBLE: 'Double', DATE: 'Date', UUID: 'UUID', BLOB: 'Blob', OBJECT: 'Object',
};

function expectedType(key: PropertyKey): string {
  const single = JAVA_TYPES[key.dataType] ?? 'Object';
  if (key.cardinality === 'LIST') return `List<${single}>`;
  if (key.cardinality === 'SET') return `Set<${single}>`;
  return single;
}

/** Converts one value of a key's data type, or returns undefined when it is of the wrong kind. */
function convertSingle(type: DataType, value: unknown, key: PropertyKey): unknown {
  switch (type) {
    case 'TEXT':
      return typeof value === 'string' ? value : undefined;
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : undefined;
    case 'BYTE':
    case 'INT':
    case 'LONG': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
      const [min, max] = INT_RANGE[type]!;
      return value >= min && value <= max ? value : undefined;
    }
    case 'FLOAT':
    case 'DOUBLE':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'DATE':
      try {
        return toDate(value) ?? undefined;
      } catch (err) {
        throw illegalArgument(`Invalid property value '${javaString(value)}' for key '${key.name}': ${(err as Error).message}`);
      }
    case 'UUID':
      return typeof value === 'string' && UUID_TEXT.test(value) ? value.toLowerCase() : undefined;
    default:
      return value;
  }
}

/**
 * Checks and converts a property value to its key's data type and cardinality, with HugeGraph's
 * messages. Scripts may give a Set or a single value for a collection key; REST clients must give
 * an array (`strictCollections`).
 */
export function convertPropertyValue(key: PropertyKey, value: unknown, strictCollections = false): unknown {
  const invalid = () => illegalArgument(
    `Invalid property value '${javaString(value)}' for key '${key.name}', expect a value of type ${expectedType(key)}, actual type ${javaTypeOfValue(value)}`,
  );
  if (key.cardinality === 'LIST' || key.cardinality === 'SET') {
    let items: unknown[];
    if (value instanceof Set) items = [...value];
    else if (Array.isArray(value)) items = value;
    else if (strictCollections) {
      throw illegalArgument(`Property value must be ${key.cardinality}, but got '${javaString(value)}'(${javaTypeOfValue(value)})`);
    } else items = [value];
    const converted = items.map((item) => {
      const one = convertSingle(key.dataType, item, key);
      if (one === undefined) throw invalid();
      return one;
    });
    if (key.cardinality === 'LIST') return converted;
    const seen = new Set<string>();
    return converted.filter((v) => {
      const id = v instanceof Date ? `d${v.getTime()}` : JSON.stringify(v);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }
  const converted = convertSingle(key.dataType, value, key);
  if (converted === undefined) throw invalid();
  return converted;
}

/** The form a property value is stored in: dates as epoch milliseconds, the rest as JSON. */
export function storedValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(storedValue);
  return value;
}

/** A stored value back in memory: DATE keys' epoch milliseconds become Dates again. */
export function loadedValue(key: PropertyKey | undefined, value: unknown): unknown {
  if (key?.dataType !== 'DATE') return value;
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'number' ? new Date(v) : v));
  return typeof value === 'number' ? new Date(value) : value;
}

export const UPDATE_STRATEGIES = ['SUM', 'BIGGER', 'SMALLER', 'UNION', 'INTERSECTION', 'APPEND', 'ELIMINATE', 'OVERRIDE'] as const;
export type UpdateStrategy = (typeof UPDATE_STRATEGIES)[number];

function typeName(value: unknown): string {
  return value instanceof Date ? 'Date' : Array.isArray(value) ? 'ArrayList' : javaTypeOfValue(value);
}

/** The value a batch update keeps for a property, from the stored and the given value (HugeGraph's strategies). */
export function mergeByStrategy(strategy: UpdateStrategy, stored: unknown, given: unknown): unknown {
  const wrongType = (expected: string) => illegalArgument(
    `Property type must be ${expected} for strategy ${strategy}, but got type ${typeName(stored)}, ${typeName(given)}`,
  );
  const numberOrDate = (v: unknown) => typeof v === 'number' || v instanceof Date;
  const ms = (v: unknown) => (v instanceof Date ? v.getTime() : (v as number));
  switch (strategy) {
    case 'SUM':
      if (typeof stored !== 'number' || typeof given !== 'number') throw wrongType('Number');
      return stored + given;
    case 'BIGGER':
    case 'SMALLER': {
      if (!numberOrDate(stored) || !numberOrDate(given)) throw wrongType('Number|Date');
      const givenWins = strategy === 'BIGGER' ? ms(given) > ms(stored) : ms(given) < ms(stored);
      return givenWins ? given : stored;
    }
    case 'UNION':
    case 'INTERSECTION':
    case 'APPEND':
    case 'ELIMINATE': {
      if (!Array.isArray(stored) || !Array.isArray(given)) throw wrongType('Set or List');
      const key = (v: unknown) => JSON.stringify(v instanceof Date ? v.getTime() : v);
      const givenKeys = new Set(given.map(key));
      if (strategy === 'APPEND') return [...stored, ...given];
      if (strategy === 'ELIMINATE') return stored.filter((v) => !givenKeys.has(key(v)));
      if (strategy === 'INTERSECTION') return stored.filter((v) => givenKeys.has(key(v)));
      const storedKeys = new Set(stored.map(key));
      return [...stored, ...given.filter((v) => !storedKeys.has(key(v)))];
    }
    default:
      return given;
  }
}
