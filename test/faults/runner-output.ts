/**
 * The action's text channels wired as src/main.ts wires them (guardCore over @actions/core, the
 * annotation budget, the published report, setFailed), over a stand-in for @actions/core that writes
 * what the real one writes to the step's output: plain lines, `::group::`, `::warning title=…::…`
 * (data and properties escaped as @actions/core escapes them). The fault suite reads that output and
 * the job summary with the runner's own command parser.
 */
import type { Logger } from '../../src/log.js';
import type { Annotation } from '../../src/pipeline/deps.js';
import { coreLogger } from '../../src/log-adapters.js';
import { annotationBudget } from '../../src/report/annotations.js';
import { isFailure } from '../../src/report/outputs.js';
import { publishReport } from '../../src/report/publish.js';
import type { UpgradeReport } from '../../src/report/types.js';
import { guardCore, type AnnotationProps, type CoreModule } from '../../src/workflow-commands.js';

/** @actions/core's escapeData */
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** @actions/core's escapeProperty */
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export interface RunnerChannels {
  log: Logger;
  annotate: (a: Annotation) => void;
  /** publishes the report as the main step does (outputs, summary, setFailed) */
  publish(report: UpgradeReport): Promise<void>;
  /** the step's output so far */
  output(): string;
  /** the job summary */
  summary(): string;
}

export function runnerChannels(): RunnerChannels {
  const out: string[] = [];
  let summary = '';
  const command = (name: string, message: string, props?: AnnotationProps): void => {
    const p = Object.entries(props ?? {})
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
      .join(',');
    out.push(`::${name}${p ? ` ${p}` : ''}::${escapeData(message)}`);
  };
  const raw: CoreModule = {
    info: (m) => out.push(m),
    debug: (m) => command('debug', m),
    warning: (m, p) => command('warning', m, p),
    error: (m, p) => command('error', m, p),
    notice: (m, p) => command('notice', m, p),
    setFailed: (m) => command('error', m),
    group: async (name, fn) => {
      out.push(`::group::${name}`);
      try {
        return await fn();
      } finally {
        out.push('::endgroup::');
      }
    },
    summary: {
      addRaw: (text) => ({
        write: () => {
          summary += text;
          return Promise.resolve();
        },
      }),
    },
  };
  const core = guardCore(raw);
  const annotate = annotationBudget(
    (a) => {
      const props = { title: a.title, ...(a.file ? { file: a.file } : {}) };
      if (a.level === 'error') core.error(a.message, props);
      else if (a.level === 'warning') core.warning(a.message, props);
      else core.notice(a.message, props);
    },
    (line) => core.info(line),
  );
  return {
    log: coreLogger(core),
    annotate,
    async publish(report) {
      await publishReport(
        report,
        { summary: true },
        {
          setOutput: () => undefined,
          writeSummary: (markdown) => core.writeSummary(markdown),
          warn: (message) => annotate({ level: 'warning', title: 'Job summary', message }),
        },
      );
      if (isFailure(report)) core.setFailed(report.reason);
      else core.info(`${report.application}: ${report.result}: ${report.reason}`);
    },
    output: () => out.join('\n'),
    summary: () => summary,
  };
}
