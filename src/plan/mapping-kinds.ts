/**
 * Which kind of ingestion mapping serves a data format (Kusto docs, "Data mappings": a CSV
 * mapping serves every delimiter-separated format; JSON mappings serve JSON, MULTIJSON and
 * SINGLEJSON; Avro and ApacheAvro mappings serve AVRO and APACHEAVRO). The kind is what
 * `.show table T ingestion <kind> mappings` and `.create table T ingestion <kind> mapping` take.
 */
const KIND_OF_FORMAT: Readonly<Record<string, string | readonly string[]>> = {
  CSV: 'csv',
  TSV: 'csv',
  TSVE: 'csv',
  SCSV: 'csv',
  SOHSV: 'csv',
  PSV: 'csv',
  TXT: 'csv',
  RAW: 'csv',
  JSON: 'json',
  MULTIJSON: 'json',
  SINGLEJSON: 'json',
  AVRO: ['avro', 'apacheavro'],
  APACHEAVRO: ['apacheavro', 'avro'],
  PARQUET: 'parquet',
  ORC: 'orc',
  W3CLOGFILE: 'w3clogfile',
};

/** The mapping kinds that serve a data format (any case), its own first; empty for one kustodian does not know. */
export function mappingKindsOf(dataFormat: string): readonly string[] {
  const kinds = KIND_OF_FORMAT[dataFormat.toUpperCase()];
  return kinds === undefined ? [] : typeof kinds === 'string' ? [kinds] : kinds;
}
