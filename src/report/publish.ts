/**
 * Writes what a run produced: outputs, the job summary (once, never failing the run) and the GitHub
 * deployment status. The sinks are @actions/core in the action and stdout in the CLI.
 */
import { toOutputs, type OutputName } from './outputs.js';
import { renderSummary } from './summary.js';
import type { UpgradeReport } from './types.js';

export interface PublishSinks {
  setOutput(name: OutputName, value: string): void;
  /** writes the Markdown summary; may throw (a warning, never a failure) */
  writeSummary?(markdown: string): Promise<void>;
  warn(message: string): void;
}

export async function publishReport(
  report: UpgradeReport,
  options: { summary: boolean },
  sinks: PublishSinks,
): Promise<string | undefined> {
  for (const [name, value] of Object.entries(toOutputs(report)) as [OutputName, string][])
    sinks.setOutput(name, value);
  if (!options.summary || !sinks.writeSummary) return undefined;
  let markdown: string | undefined;
  try {
    markdown = renderSummary(report);
    await sinks.writeSummary(markdown);
  } catch (err) {
    sinks.warn(`the job summary was not written: ${err instanceof Error ? err.message : String(err)}`);
  }
  return markdown;
}
