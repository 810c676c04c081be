import type { Logger } from '../../logging/logger.js';

const MIB = 1024 * 1024;

/**
 * Logs files done/total and bytes sent every few seconds — and nothing for uploads that end before
 * the first interval, so short runs stay quiet. Bytes are counted as they are sent and a file only
 * when S3 has answered for it, so the percentage stays below 100 % until the last reply is in, and
 * the lines go on (saying how many replies are awaited) for as long as any request is open.
 */
export class Progress {
  private bytes = 0;
  private files = 0;
  private reported = false;
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
    this.reported = true;
    const seconds = this.elapsedSeconds;
    const rate = this.bytes / MIB / seconds;
    const left = Math.max(0, this.totalBytes - this.bytes);
    const eta = rate > 0 && left > 0 ? Math.round(left / MIB / rate) : undefined;
    const done = this.files >= this.totalFiles;
    const share = this.totalBytes ? this.bytes / this.totalBytes : this.files / this.totalFiles;
    const percent = done ? 100 : Math.min(99, Math.floor(100 * share));
    const waiting =
      !done && left === 0
        ? `, waiting for ${this.totalFiles - this.files} ${this.totalFiles - this.files === 1 ? 'reply' : 'replies'}`
        : '';
    this.logger.info(
      'upload.progress',
      `${this.files}/${this.totalFiles} files, ${(this.bytes / MIB).toFixed(1)}/${(this.totalBytes / MIB).toFixed(1)} MiB sent (${percent}%)${rate >= 0.1 ? `, ${rate.toFixed(1)} MiB/s` : ''}${eta !== undefined ? `, ETA ${eta}s` : ''}${waiting}`,
      {
        files: this.files,
        totalFiles: this.totalFiles,
        bytes: this.bytes,
        totalBytes: this.totalBytes,
        percent,
        mibPerSecond: Number(rate.toFixed(2)),
        etaSeconds: eta ?? null,
      },
    );
  }

  /** Ends the reporting; a run that reported along the way gets its last line, at 100 % when done. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.reported) this.report();
  }
}
