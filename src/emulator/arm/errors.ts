/**
 * ARM error answers: `{ "error": { code, message, target?, details? } }` with a status code.
 * Handlers throw `ArmError`; the server turns it into the answer.
 */

export interface ArmErrorBody {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
  readonly details?: readonly ArmErrorBody[];
}

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly details?: readonly ArmErrorBody[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }

  body(): { error: ArmErrorBody } {
    return { error: errorBody(this.code, this.message, this.target, this.details) };
  }
}

export function errorBody(
  code: string,
  message: string,
  target?: string,
  details?: readonly ArmErrorBody[],
): ArmErrorBody {
  return {
    code,
    message,
    ...(target !== undefined ? { target } : {}),
    ...(details !== undefined && details.length > 0 ? { details } : {}),
  };
}

/** A problem found while checking a request: becomes one 400 or one line of a validation answer. */
export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly target?: string;
}

/** One 400 for a list of problems: the first is the error, every one is in `details`. */
export function badRequest(problems: readonly Problem[]): ArmError {
  const [first] = problems;
  if (first === undefined) throw new Error('badRequest needs at least one problem');
  const details = problems.length > 1 ? problems.map((p) => errorBody(p.code, p.message, p.target)) : undefined;
  return new ArmError(400, first.code, first.message, first.target, details);
}

const NOT_FOUND_HINT = 'For more details please go to https://aka.ms/ARMResourceNotFoundFix';

export function subscriptionNotFound(subscription: string): ArmError {
  return new ArmError(404, 'SubscriptionNotFound', `The subscription '${subscription}' could not be found.`);
}

export function resourceGroupNotFound(resourceGroup: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
}

/** ARM's 404 for a resource under a resource group: `typePath` like `Microsoft.Kusto/clusters/c1`. */
export function resourceNotFound(typePath: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${typePath}' under resource group '${resourceGroup}' was not found. ${NOT_FOUND_HINT}`,
  );
}

export function invalidRequestUri(message: string): ArmError {
  return new ArmError(400, 'InvalidRequestUri', message);
}
