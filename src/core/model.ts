/**
 * The domain model shared by the manifest loader, the planner, the applier and the renderers.
 * Plain values only: no classes, no I/O.
 */
import type { ConnectionAddress, DatabaseAddress } from './address.js';
import type { ConnectionKind } from './kinds.js';

/** A property value as Azure represents it: strings, booleans and string lists only. */
export type PropertyValue = string | boolean | readonly string[];

/** Azure property name → value (property names as in the REST API, e.g. `consumerGroup`). */
export type Properties = Readonly<Record<string, PropertyValue>>;

/** Where something was written: file, and the 1-based line and column of the YAML node. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** A data connection as the manifests declare it (defaults and variables already applied). */
export interface DesiredConnection {
  readonly address: ConnectionAddress;
  readonly kind: ConnectionKind;
  readonly location: string;
  /**
   * The declared Azure properties. Enum values are in their canonical spelling (`csv` → `CSV`,
   * `BlobCreated` → `Microsoft.Storage.BlobCreated`); everything else is as written (resource-ID
   * casing, for instance, is left to the normaliser).
   */
  readonly properties: Properties;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /**
   * Position of the document, and of each spec field (`location` included) by field name; a
   * value taken from a Defaults document points into that document.
   */
  readonly source: SourcePosition;
  readonly fieldSources: Readonly<Record<string, SourcePosition>>;
}

/** A database whose data connections kustodian owns (a `ManagedDatabase` document). */
export interface ManagedDatabase {
  readonly address: DatabaseAddress;
  /** Live connections no manifest declares may be deleted. */
  readonly prune: boolean;
  /** Name globs of connections never touched (matched case-insensitively). */
  readonly ignore: readonly string[];
  /** Name globs of connections never deleted or replaced. */
  readonly protect: readonly string[];
  /** Pruning may delete every live connection of this database. */
  readonly allowEmpty: boolean;
  readonly source: SourcePosition;
}

/** Everything the manifests declare. */
export interface DesiredState {
  readonly connections: readonly DesiredConnection[];
  readonly databases: readonly ManagedDatabase[];
}

/** A data connection as the service reports it. */
export interface LiveConnection {
  readonly address: ConnectionAddress;
  /** The resource ID as the service answered it. */
  readonly id: string;
  /** The kind as answered; not necessarily one kustodian knows. */
  readonly kind: string;
  readonly location: string;
  /** Every property the service answered, read-only ones included. */
  readonly properties: Properties;
}

/** The live connections of one database, as one list call answered. */
export interface LiveDatabase {
  readonly address: DatabaseAddress;
  readonly connections: readonly LiveConnection[];
}

/** What a connection looks like on one side of a change: what is sent, or what was read. */
export interface ConnectionBody {
  readonly kind: string;
  readonly location: string;
  readonly properties: Properties;
}
