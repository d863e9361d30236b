/**
 * Dates as the service writes them: UTC with seven fractional digits (.NET's round-trip
 * format), e.g. `2022-07-29T12:00:00.6554616Z`.
 */

const ISO = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;

/** The service's spelling of an ISO 8601 date-time, or undefined when it is not one. */
export function normalizeDateTime(value: string): string | undefined {
  const m = ISO.exec(value.trim());
  if (m === null) return undefined;
  const ms = Date.parse(value.trim());
  if (Number.isNaN(ms)) return undefined;
  // Offsets are whole minutes, so the fraction of a second is the same in UTC.
  const fraction = (m[2] ?? '').padEnd(7, '0').slice(0, 7);
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}Z`;
}

export function formatDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 23)}0000Z`;
}
