/**
 * An in-memory AzurePort for applier tests: records every call, keeps a live map, and fails
 * calls on demand. Not a model of Azure (the emulator is that); just enough to observe the
 * applier.
 */
import { connectionKey, type ConnectionAddress, type DatabaseAddress, databaseKey } from '../../src/core/address.js';
import { AzureFailure, type AzurePort, type WriteOptions } from '../../src/core/ports/azure-port.js';
import type { ConnectionBody, LiveConnection } from '../../src/core/model.js';

export interface Call {
  readonly op: 'list' | 'put' | 'delete' | 'validate';
  readonly name: string;
  readonly body?: ConnectionBody;
}

type FailRule = { op: Call['op']; name: string; times: number; failure: AzureFailure };

export class FakePort implements AzurePort {
  readonly calls: Call[] = [];
  readonly live = new Map<string, LiveConnection>();
  private readonly failures: FailRule[] = [];
  private running = 0;
  maxConcurrent = 0;
  /** When set, every write waits for this before finishing. */
  gate: Promise<void> | undefined;

  failNext(op: Call['op'], name: string, failure: AzureFailure, times = 1): void {
    this.failures.push({ op, name, times, failure });
  }

  private async step(op: Call['op'], name: string, body: ConnectionBody | undefined, options: WriteOptions): Promise<void> {
    this.calls.push(body ? { op, name, body } : { op, name });
    this.running += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.running);
    try {
      const rule = this.failures.find((f) => f.op === op && f.name === name && f.times > 0);
      if (rule) {
        rule.times -= 1;
        throw rule.failure;
      }
      options.onAccepted?.();
      await Promise.resolve();
      if (this.gate) {
        const signal = options.signal;
        await Promise.race([
          this.gate,
          new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(new AzureFailure('aborted', 'aborted')), { once: true })),
        ]);
      }
    } finally {
      this.running -= 1;
    }
  }

  async listConnections(database: DatabaseAddress): Promise<LiveConnection[]> {
    this.calls.push({ op: 'list', name: database.database });
    return [...this.live.values()].filter((c) => databaseKey(c.address) === databaseKey(database));
  }

  async putConnection(address: ConnectionAddress, body: ConnectionBody, options: WriteOptions = {}): Promise<LiveConnection> {
    await this.step('put', address.name, body, options);
    const conn: LiveConnection = { address, id: `/x/${address.name}`, kind: body.kind, location: body.location, properties: { ...body.properties, provisioningState: 'Succeeded' } };
    this.live.set(connectionKey(address), conn);
    return conn;
  }

  async deleteConnection(address: ConnectionAddress, options: WriteOptions = {}): Promise<void> {
    await this.step('delete', address.name, undefined, options);
    this.live.delete(connectionKey(address));
  }

  async validateConnection(address: ConnectionAddress): Promise<string[]> {
    this.calls.push({ op: 'validate', name: address.name });
    return [];
  }
}
