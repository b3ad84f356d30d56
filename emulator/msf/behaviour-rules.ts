/**
 * Pure: which job behaviour rule applies when a job starts. A rule names the application and optionally
 * the code key and runtime; among the matching rules the most specific wins (key and runtime > one of them
 * > application only), and among equally specific ones the most recently set.
 */
import type { BehaviourRule } from '../types.js';

function specificity(rule: BehaviourRule): number {
  return (rule.fileKey !== undefined ? 2 : 0) + (rule.runtime !== undefined ? 1 : 0);
}

export function matchBehaviourRule(
  rules: readonly BehaviourRule[],
  application: string,
  fileKey: string | undefined,
  runtime: string,
): BehaviourRule | undefined {
  let best: BehaviourRule | undefined;
  for (const rule of rules) {
    if (rule.application !== application) continue;
    if (rule.fileKey !== undefined && rule.fileKey !== fileKey) continue;
    if (rule.runtime !== undefined && rule.runtime !== runtime) continue;
    if (!best || specificity(rule) >= specificity(best)) best = rule;
  }
  return best;
}
