import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Progress } from '../../src/operations/upload-artifact/progress.js';
import { testLogger } from './upload-support.js';

afterEach(() => {
  jest.useRealTimers();
});

describe('upload progress', () => {
  it('stays below 100 % while a reply is awaited, says so, and ends with a last line at 100 %', () => {
    jest.useFakeTimers();
    const { logger, host } = testLogger();
    const progress = new Progress(logger, 1, 5 * 1024 * 1024, 1000);
    progress.addBytes(5 * 1024 * 1024);
    jest.advanceTimersByTime(1000);
    jest.advanceTimersByTime(1000);
    // Still reporting while the request is open, never 100 % before S3 answered.
    expect(host.lines).toHaveLength(2);
    expect(host.lines[0]).toContain('0/1 files, 5.0/5.0 MiB sent (99%)');
    expect(host.lines[0]).toContain('waiting for 1 reply');
    progress.fileDone();
    progress.stop();
    expect(host.lines).toHaveLength(3);
    expect(host.lines[2]).toContain('1/1 files, 5.0/5.0 MiB sent (100%)');
    expect(host.lines[2]).not.toContain('waiting');
  });

  it('a run shorter than the interval stays quiet', () => {
    jest.useFakeTimers();
    const { logger, host } = testLogger();
    const progress = new Progress(logger, 2, 10, 1000);
    progress.addBytes(10);
    progress.fileDone();
    progress.fileDone();
    progress.stop();
    expect(host.lines).toEqual([]);
  });
});
