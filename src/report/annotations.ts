/**
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step; the rest are dropped
 * silently. One budget for the whole step keeps the important ones: one error stays free for the final
 * failure (core.setFailed), and whatever is over budget goes to the log as a plain line.
 */
import type { Annotation } from '../pipeline/deps.js';

export type AnnotationLevel = Annotation['level'];

export const ANNOTATION_LIMITS: Record<AnnotationLevel, number> = { error: 9, warning: 10, notice: 10 };

export function annotationBudget(
  emit: (a: Annotation) => void,
  overflow: (line: string) => void,
  limits: Record<AnnotationLevel, number> = ANNOTATION_LIMITS,
): (a: Annotation) => void {
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  return (a) => {
    if (used[a.level] < limits[a.level]) {
      used[a.level] += 1;
      emit(a);
    } else {
      overflow(`${a.level}: ${a.title}: ${a.message}`);
    }
  };
}
