// Dates, times and timestamps as Spark prints them ("2024-03-01 12:30:00.123456"), in the session time zone.
// Arithmetic is done on integers; Intl is asked only for a zone's UTC offset, cached per hour.

const SECONDS_PER_DAY = 86_400;

/** Days since 1970-01-01 → [year, month 1–12, day 1–31] in the proleptic Gregorian calendar. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "YYYY-MM-DD" for a day number (years below 1000 zero-padded, negative years with a sign). */
export function dateText(days: number): string {
  const [y, m, d] = civilFromDays(days);
  const year = y < 0 ? `-${pad(-y, 4)}` : pad(y, 4);
  return `${year}-${pad(m)}-${pad(d)}`;
}

/** "HH:MM:SS" for seconds since midnight. */
function clockText(secondsOfDay: number): string {
  const h = Math.floor(secondsOfDay / 3600);
  const m = Math.floor((secondsOfDay % 3600) / 60);
  return `${pad(h)}:${pad(m)}:${pad(secondsOfDay % 60)}`;
}

/** ".123" for a sub-second remainder, trailing zeros trimmed; "" when zero. */
export function fractionText(remainder: bigint, digits: number): string {
  if (remainder === 0n || digits === 0) return '';
  return '.' + remainder.toString().padStart(digits, '0').replace(/0+$/, '');
}

/** Sub-second digits for an Arrow TimeUnit (0 = s, 1 = ms, 2 = µs, 3 = ns). */
export function unitDigits(unit: number): number {
  return unit * 3;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** Time of day ("HH:MM:SS.ffffff") for a count of `unit` since midnight. */
export function timeText(value: bigint, unit: number): string {
  const scale = 10n ** BigInt(unitDigits(unit));
  const seconds = floorDiv(value, scale);
  return clockText(Number(seconds)) + fractionText(value - seconds * scale, unitDigits(unit));
}

/** Timestamp text for a count of `unit` since the epoch, as wall-clock time in `timeZone` (null: no conversion). */
export function timestampText(value: bigint, unit: number, timeZone: string | null): string {
  const scale = 10n ** BigInt(unitDigits(unit));
  const seconds = floorDiv(value, scale);
  const epochSeconds = Number(seconds);
  const local = epochSeconds + (timeZone ? zoneOffsetSeconds(epochSeconds, timeZone) : 0);
  const days = Math.floor(local / SECONDS_PER_DAY);
  const time = clockText(local - days * SECONDS_PER_DAY);
  return `${dateText(days)} ${time}${fractionText(value - seconds * scale, unitDigits(unit))}`;
}

const FIXED_OFFSET = /^(?:UTC|GMT|Z)?(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i;
const formatters = new Map<string, Intl.DateTimeFormat | null>();
const hourOffsets = new Map<string, number>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      formatter = null; // unknown zone: shown as UTC rather than failing every cell
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of `timeZone` from UTC in seconds at an instant, from Intl (exact to the second). */
function intlOffset(epochSeconds: number, formatter: Intl.DateTimeFormat): number {
  const parts: Record<string, string> = {};
  for (const p of formatter.formatToParts(new Date(epochSeconds * 1000))) parts[p.type] = p.value;
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round(wall.getTime() / 1000) - epochSeconds;
}

/** Offset of `timeZone` from UTC in seconds at an instant; fixed offsets ("+05:30", "UTC") need no Intl. */
export function zoneOffsetSeconds(epochSeconds: number, timeZone: string): number {
  const fixed = FIXED_OFFSET.exec(timeZone);
  if (fixed) return fixed[1] ? (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 3600 + Number(fixed[3] ?? 0) * 60) : 0;
  const formatter = zoneFormatter(timeZone);
  if (!formatter || !Number.isFinite(epochSeconds) || Math.abs(epochSeconds) > 8.64e12) return 0;
  // Zones change offset at most once an hour: equal offsets at both ends of the hour hold for all of it.
  const hour = Math.floor(epochSeconds / 3600);
  const key = `${timeZone}|${hour}`;
  const cached = hourOffsets.get(key);
  if (cached !== undefined) return cached;
  const start = intlOffset(hour * 3600, formatter);
  if (start !== intlOffset(hour * 3600 + 3599, formatter)) return intlOffset(epochSeconds, formatter);
  if (hourOffsets.size > 50_000) hourOffsets.clear();
  hourOffsets.set(key, start);
  return start;
}

/** Spark's text for a day-time interval held as an Arrow Duration. */
export function durationText(value: bigint, unit: number): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(unitDigits(unit));
  const seconds = abs / scale;
  const days = seconds / BigInt(SECONDS_PER_DAY);
  const clock = clockText(Number(seconds % BigInt(SECONDS_PER_DAY)));
  const body = `${negative ? '-' : ''}${days} ${clock}${fractionText(abs % scale, unitDigits(unit))}`;
  return `INTERVAL '${body}' DAY TO SECOND`;
}

/** Spark's text for a year-month interval held as a count of months. */
export function yearMonthText(months: number): string {
  const sign = months < 0 ? '-' : '';
  const abs = Math.abs(months);
  return `INTERVAL '${sign}${Math.floor(abs / 12)}-${abs % 12}' YEAR TO MONTH`;
}
