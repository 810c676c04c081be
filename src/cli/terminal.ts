import { inputsAsFlags } from './input-names.js';

const ERASE_LINE = '\r\u001b[2K';
const PROGRESS = /\bevent=upload\.progress\b/;

/**
 * stderr as a person at a terminal sees it: advice in flag form, and upload progress as one line
 * rewritten in place. When stderr is not a terminal (a CI log, a file) every line stays a line.
 */
export class Terminal {
  private progressShown = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly live: boolean,
  ) {}

  /** Text the host writes: whole lines, each ending in a newline. */
  print(text: string): void {
    const shown = inputsAsFlags(text);
    if (this.live && PROGRESS.test(shown)) {
      // The fields after the message are for log files; the live line keeps the message.
      const message = shown.replace(/\s+\[event=[^\]]*\]\s*$/, '').trimEnd();
      this.write(`${ERASE_LINE}${message}`);
      this.progressShown = true;
      return;
    }
    this.clearProgress();
    this.write(shown);
  }

  /** Leaves the cursor at the start of an empty line. */
  clearProgress(): void {
    if (!this.progressShown) return;
    this.write(ERASE_LINE);
    this.progressShown = false;
  }
}
