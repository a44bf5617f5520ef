/** A validation issue as zod reports it: where in the input, and what is wrong there. */
export interface FieldIssue {
  path: readonly PropertyKey[];
  message?: string;
}

/**
 * Validation issues in the original's shape, `{"field": ["message"]}` (nested paths dotted, issues
 * about the whole input under `non_field_errors`). JSON bodies, query strings and multipart forms
 * all answer through here, so the same mistake reads the same wherever it is made.
 */
export function fieldErrorsOf(error: { issues: readonly FieldIssue[] }): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'non_field_errors';
    fields[field] = [...(fields[field] ?? []), messageOf(issue)];
  }
  return fields;
}

/** zod says "expected string, received undefined"; people are told the field is required. */
function messageOf(issue: FieldIssue): string {
  // The whole body missing (no body, or an empty one): Fastify hands the validator `null`.
  if (
    issue.path.map(String).join('') === '' &&
    /expected object, received (null|undefined)$/.test(issue.message ?? '')
  ) {
    return 'A JSON body is required.';
  }
  return /received undefined$/.test(issue.message ?? '')
    ? 'This field is required.'
    : (issue.message ?? 'Invalid value.');
}
