/**
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step; the rest are dropped
 * silently. One budget for the whole step keeps the important ones: one error stays free for the final
 * failure (core.setFailed); less important annotations may only use part of a level's places, so a
 * late important one (a rollback, a one-way upgrade) still finds one. Whatever is over budget goes to
 * the log as one plain line, so each fact is still printed once.
 */
import type { Annotation } from '../pipeline/deps.js';

export type AnnotationLevel = Annotation['level'];
export type Importance = NonNullable<Annotation['importance']>;

export const ANNOTATION_LIMITS: Record<AnnotationLevel, number> = { error: 9, warning: 10, notice: 10 };

/** Places of a level kept free for more important annotations. */
export const RESERVED: Record<Importance, number> = { high: 0, normal: 2, low: 5 };

export function annotationLine(a: Annotation): string {
  return `${a.level}: ${a.title}: ${a.message}`;
}

export function annotationBudget(
  emit: (a: Annotation) => void,
  overflow: (line: string) => void,
  limits: Record<AnnotationLevel, number> = ANNOTATION_LIMITS,
): (a: Annotation) => void {
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  return (a) => {
    const room = limits[a.level] - RESERVED[a.importance ?? 'normal'];
    if (used[a.level] < room) {
      used[a.level] += 1;
      emit(a);
    } else {
      overflow(annotationLine(a));
    }
  };
}
