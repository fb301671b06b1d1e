// When a form field, document or fee applies: the same rule as the Go
// catalog.Condition.Holds (a unit test keeps them in step).

export interface Condition {
  field: string;
  equals?: unknown;
  in?: unknown[];
  filled?: boolean;
}

function filled(v: unknown, present: boolean): boolean {
  if (!present || v === null || v === undefined) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

export function holds(c: Condition | null | undefined, answers: Record<string, unknown>): boolean {
  if (!c) return true;
  const present = Object.prototype.hasOwnProperty.call(answers, c.field);
  const v = answers[c.field];
  if (c.filled !== undefined && c.filled !== null) return filled(v, present) === c.filled;
  if (c.equals !== undefined && c.equals !== null) return present && v === c.equals;
  return present && (c.in ?? []).some((w) => w === v);
}
