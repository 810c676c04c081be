import type { Host } from '../host/host.js';
import type { CommonSettings } from '../inputs/common.js';
import type { Logger } from '../logging/logger.js';
import type { Redactor } from '../logging/redactor.js';
import { renderMarkdown, type ReportStatus } from './markdown.js';
import { commentContext, COMMENT_LIMIT_CHARS, prCommentTarget, upsertPrComment } from './pr-comment.js';
import type { Report } from './report.js';

/**
 * One renderer, three places: the step outputs, the job summary and (on pull requests, when asked)
 * the sticky PR comment. Everything passes through the redactor on its way out.
 */
export class Publisher {
  private title = 'aws-task-pack';
  private common?: CommonSettings;

  constructor(
    private readonly host: Host,
    private readonly redactor: Redactor,
    private readonly logger: Logger,
  ) {}

  /** Before Markdown escaping: an escaped secret would no longer match. */
  private readonly redact = (text: string): string => this.redactor.redact(text);

  /** Called once the inputs are known; before that, only the outputs and the summary are written. */
  configure(title: string, common?: CommonSettings): void {
    this.title = title;
    this.common = common;
  }

  /** Sets the outputs, in order. The runner masks nothing here: values are redacted where printed. */
  writeOutputs(outputs: Record<string, string>): void {
    for (const [name, value] of Object.entries(outputs)) this.host.setOutput(name, value);
    // Names only: an output may hold a bearer URL (`urls` with presigned links) no log may show.
    this.logger.debug('outputs', 'Outputs set', { names: Object.keys(outputs) });
  }

  async publish(report: Report, status: ReportStatus, overflowDir?: string): Promise<void> {
    const title = this.title;
    if (this.common?.jobSummary ?? true)
      await this.host.appendSummary(
        this.redactor.redact(renderMarkdown(report, { title, status, overflowDir, redact: this.redact })),
      );
    if (!this.common?.prComment) return;
    const target = prCommentTarget(this.host.env);
    if (!target) {
      this.logger.debug(
        'pr-comment.skipped',
        'pr-comment only acts on pull_request and pull_request_target events',
      );
      return;
    }
    if (!this.common.githubToken) {
      this.logger.warning(
        'pr-comment.no-token',
        'pr-comment is on but there is no `github-token`; no comment was posted',
      );
      return;
    }
    const body = renderMarkdown(report, {
      redact: this.redact,
      title,
      status,
      limitBytes: COMMENT_LIMIT_CHARS,
      elsewhere: 'the job summary',
      context: commentContext(this.host.env, target, new Date()),
      publicOnly: true,
    });
    await upsertPrComment(target, this.redactor.redact(body), this.common.githubToken, this.logger);
  }
}
