/**
 * A number of bytes shared by everything that holds file data in memory at once. Takers wait their
 * turn in order; a single request larger than the whole budget is granted when nothing else is held
 * (one part must always be able to go), so the budget bounds memory without ever deadlocking.
 */
export class ByteBudget {
  private held = 0;
  private readonly queue: Array<{ bytes: number; grant: () => void }> = [];
  /** The most bytes ever held at once (for tests and the debug log). */
  peak = 0;

  constructor(readonly total: number) {}

  get inUse(): number {
    return this.held;
  }

  /** Takes `bytes` at once if they are free and nobody is waiting before us. */
  tryTake(bytes: number): boolean {
    if (this.queue.length || !this.fits(bytes)) return false;
    this.grant(bytes);
    return true;
  }

  /** Waits until `bytes` are free, in the order of asking. */
  take(bytes: number): Promise<void> {
    if (this.tryTake(bytes)) return Promise.resolve();
    return new Promise((resolve) => this.queue.push({ bytes, grant: resolve }));
  }

  give(bytes: number): void {
    this.held -= bytes;
    while (this.queue.length && this.fits(this.queue[0]!.bytes)) {
      const next = this.queue.shift()!;
      this.grant(next.bytes);
      next.grant();
    }
  }

  private fits(bytes: number): boolean {
    return this.held + bytes <= this.total || this.held === 0;
  }

  private grant(bytes: number): void {
    this.held += bytes;
    this.peak = Math.max(this.peak, this.held);
  }
}
