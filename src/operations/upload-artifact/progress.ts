import type { Logger } from '../../logging/logger.js';

const MIB = 1024 * 1024;

/**
 * Logs files done/total, bytes, MiB/s and ETA every few seconds — and nothing for uploads that end
 * before the first interval, so short runs stay quiet.
 */
export class Progress {
  private bytes = 0;
  private files = 0;
  private readonly started = Date.now();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly logger: Logger,
    private readonly totalFiles: number,
    private readonly totalBytes: number,
    intervalMs = 5000,
  ) {
    if (totalFiles > 0) {
      this.timer = setInterval(() => this.report(), intervalMs);
      this.timer.unref();
    }
  }

  addBytes(n: number): void {
    this.bytes += n;
  }

  fileDone(): void {
    this.files++;
  }

  get elapsedSeconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  get bytesDone(): number {
    return this.bytes;
  }

  private report(): void {
    const seconds = this.elapsedSeconds;
    const rate = this.bytes / MIB / seconds;
    const left = this.totalBytes - this.bytes;
    const eta = rate > 0 ? Math.round(left / MIB / rate) : undefined;
    const percent = this.totalBytes ? Math.floor((100 * this.bytes) / this.totalBytes) : 100;
    this.logger.info(
      'upload.progress',
      `${this.files}/${this.totalFiles} files, ${(this.bytes / MIB).toFixed(1)}/${(this.totalBytes / MIB).toFixed(1)} MiB (${percent}%), ${rate.toFixed(1)} MiB/s${eta !== undefined ? `, ETA ${eta}s` : ''}`,
      {
        files: this.files,
        totalFiles: this.totalFiles,
        bytes: this.bytes,
        totalBytes: this.totalBytes,
        mibPerSecond: Number(rate.toFixed(2)),
        etaSeconds: eta,
      },
    );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
