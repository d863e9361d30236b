/** A clock for the emulator that can be held still: while paused, no operation comes due. */
export class PausableClock {
  private frozen: number | undefined;
  now(): number {
    return this.frozen ?? Date.now();
  }
  pause(): void {
    this.frozen = Date.now();
  }
  resume(): void {
    this.frozen = undefined;
  }
}
