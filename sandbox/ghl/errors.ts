/**
 * Error answers shaped like HighLevel's (NestJS): `{statusCode, message, error?, traceId}`. 422 carries `message`
 * as an ARRAY of strings; 400/401/403 as a string. Handlers throw `HighLevelError`; the API app turns it into JSON.
 */

export class HighLevelError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;

  constructor(status: number, message: string | string[], extra: Record<string, unknown> = {}) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.status = status;
    this.body = { statusCode: status, message, ...extra };
  }
}

export const badRequest = (message: string, extra: Record<string, unknown> = {}): HighLevelError =>
  new HighLevelError(400, message, extra);

export const unauthorized = (message: string): HighLevelError =>
  new HighLevelError(401, message, { error: 'Unauthorized' });

export const forbidden = (message = 'The token does not have access to this location'): HighLevelError =>
  new HighLevelError(403, message, { error: 'Forbidden' });

export const unprocessable = (messages: string[]): HighLevelError =>
  new HighLevelError(422, messages, { error: 'Unprocessable Entity' });

export const SCOPE_MESSAGE = 'The token is not authorized for this scope.';
export const INVALID_TOKEN_MESSAGE = 'Invalid token: access token is invalid';
export const EXPIRED_TOKEN_MESSAGE = 'Invalid JWT';
export const contactNotFound = (id: string): HighLevelError => badRequest(`Contact with id ${id} not found`);
export const taskNotFound = (id: string): HighLevelError => badRequest(`Task with id ${id} not found`);
export const noteNotFound = (id: string): HighLevelError => badRequest(`Note with id ${id} not found`);

/** The body every error answer carries, with its trace id. */
export function errorBody(error: HighLevelError, traceId: string): Record<string, unknown> {
  return { ...error.body, traceId };
}
