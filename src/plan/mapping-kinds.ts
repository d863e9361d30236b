/**
 * Which kind of ingestion mapping serves a data format (Kusto docs, "Data mappings": a CSV
 * mapping serves every delimiter-separated format; JSON mappings serve JSON, MULTIJSON and
 * SINGLEJSON; Avro mappings serve AVRO and APACHEAVRO). The kind is what
 * `.show table T ingestion <kind> mappings` and `.create table T ingestion <kind> mapping` take.
 */
const KIND_OF_FORMAT: Readonly<Record<string, string>> = {
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
  AVRO: 'avro',
  APACHEAVRO: 'avro',
  PARQUET: 'parquet',
  ORC: 'orc',
  W3CLOGFILE: 'w3clogfile',
};

/** The mapping kind of a data format (any case), or undefined for one kustodian does not know. */
export function mappingKindOf(dataFormat: string): string | undefined {
  return KIND_OF_FORMAT[dataFormat.toUpperCase()];
}
