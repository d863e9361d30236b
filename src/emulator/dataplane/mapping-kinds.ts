/**
 * Ingestion mapping kinds and which data formats each serves, as Kusto defines them
 * (docs: "Data mappings" — a CSV mapping serves every ordinal format: CSV, TSV, PSV, SCSV,
 * SOHsv, TXT, RAW (and TSVE); a JSON mapping JSON, MULTIJSON, SINGLEJSON; an Avro mapping
 * AVRO and APACHEAVRO). A data connection whose mapping is of another kind than its format
 * fails every ingestion (`BadRequest_InvalidMappingReference`).
 */

export const MAPPING_KINDS = ['Csv', 'Json', 'Avro', 'ApacheAvro', 'Parquet', 'Orc', 'W3CLogFile'] as const;
export type MappingKind = (typeof MAPPING_KINDS)[number];

/** A kind in any casing (`csv`, `JSON`), or undefined. */
export function parseMappingKind(text: string): MappingKind | undefined {
  const lower = text.toLowerCase();
  return MAPPING_KINDS.find((k) => k.toLowerCase() === lower);
}

/** The kind a mapping name suggests (`Telemetry_JSON_Mapping` → Json); Json when it names none. */
export function kindFromName(name: string): MappingKind {
  const words = name.toLowerCase().split(/[^a-z0-9]+/);
  for (const word of words) {
    const kind = KIND_OF_FORMAT[word.toUpperCase()];
    if (kind?.[0] !== undefined) return kind[0];
  }
  return 'Json';
}

/** The mapping kinds each data connection format accepts (the first is the format's own). */
const KIND_OF_FORMAT: Readonly<Record<string, readonly MappingKind[]>> = {
  CSV: ['Csv'],
  TSV: ['Csv'],
  TSVE: ['Csv'],
  SCSV: ['Csv'],
  SOHSV: ['Csv'],
  PSV: ['Csv'],
  TXT: ['Csv'],
  RAW: ['Csv'],
  JSON: ['Json'],
  MULTIJSON: ['Json'],
  SINGLEJSON: ['Json'],
  AVRO: ['Avro', 'ApacheAvro'],
  APACHEAVRO: ['ApacheAvro', 'Avro'],
  PARQUET: ['Parquet'],
  ORC: ['Orc'],
  W3CLOGFILE: ['W3CLogFile'],
};

/** Whether a mapping of `kind` can be used with data format `format` (unknown formats: no). */
export function formatAcceptsKind(format: string, kind: MappingKind): boolean {
  return KIND_OF_FORMAT[format.toUpperCase()]?.includes(kind) ?? false;
}
