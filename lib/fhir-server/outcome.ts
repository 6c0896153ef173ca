/**
 * FHIR errors: every failure of the sandbox is an OperationOutcome with an HTTP status
 * (https://hl7.org/fhir/R4/operationoutcome.html). Mapped to a response in exactly one place (http.ts).
 */
import type { OperationOutcome, OperationOutcomeIssue } from 'fhir/r4';

export class FhirError extends Error {
  override name = 'FhirError';
  constructor(
    readonly status: number,
    readonly code: OperationOutcomeIssue['code'],
    message: string,
    readonly expression?: string[],
    readonly extraIssues: OperationOutcomeIssue[] = [],
  ) {
    super(message);
  }

  toOutcome(): OperationOutcome {
    return {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: this.code,
          diagnostics: this.message,
          ...(this.expression ? { expression: this.expression } : {}),
        },
        ...this.extraIssues,
      ],
    };
  }
}

export const badRequest = (message: string, expression?: string[]): FhirError =>
  new FhirError(400, 'invalid', message, expression);
export const notFound = (message: string): FhirError => new FhirError(404, 'not-found', message);
export const gone = (message: string): FhirError => new FhirError(410, 'deleted', message);
export const preconditionFailed = (message: string): FhirError => new FhirError(412, 'conflict', message);
export const unauthorized = (message: string): FhirError => new FhirError(401, 'login', message);
export const notSupported = (message: string, status = 404): FhirError =>
  new FhirError(status, 'not-supported', message);

export function informational(message: string): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'information', code: 'informational', diagnostics: message }],
  };
}
