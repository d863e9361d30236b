/**
 * What the planner's steps pass along: a change being drafted with the consumer-group pairs it
 * frees and takes, what every decision reads, and what deciding each connection collects.
 */
import type { DesiredConnection, LiveConnection, ManagedDatabase } from '../../core/model.js';
import type { Change, ReplaceStrategy, ReportedConnection } from '../model.js';
import type { Selection } from '../rules/select.js';

export interface Draft {
  change: Change;
  /** The live connection's exclusive pair that this change gives up, if it does. */
  freesPair?: string;
  /** The pair this change takes. */
  takesPair?: string;
  desired?: DesiredConnection;
}

/** What every decision reads: the options and the two states, indexed. */
export interface Context {
  readonly selection: Selection;
  readonly defaultReplaceStrategy: ReplaceStrategy | undefined;
  /** ManagedDatabase documents by database key. */
  readonly managed: ReadonlyMap<string, ManagedDatabase>;
  /** Live connections by connection key. */
  readonly live: ReadonlyMap<string, LiveConnection>;
}

/** What deciding each connection collects. */
export interface Decisions {
  readonly drafts: Draft[];
  readonly noOps: string[];
  readonly inProgress: ReportedConnection[];
  readonly unmanaged: ReportedConnection[];
  /** Live connections that keep their exclusive pair through this plan, by pair. */
  readonly keptPairs: Map<string, string>;
  /** Of those, the ones with an operation still running: what they will hold next is not known yet. */
  readonly busyPairs: Map<string, string>;
}
