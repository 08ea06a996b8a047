import { describe, expect, it } from 'vitest';
import { ApiError, errorFromAnswer, redact } from './errors.ts';

const answer = (status: number, body: unknown, extra: Partial<Parameters<typeof errorFromAnswer>[0]> = {}) =>
  errorFromAnswer({
    status,
    body,
    endpoint: 'GET /contacts/:contactId',
    requiredScope: 'contacts.readonly',
    secrets: [],
    ...extra,
  });

describe('errorFromAnswer', () => {
  it('names the missing scope for HighLevel’s scope message', () => {
    const error = answer(401, { statusCode: 401, message: 'The token is not authorized for this scope.' });
    expect(error).toMatchObject({ kind: 'scope.missing', scope: 'contacts.readonly', status: 401 });
  });

  it('reads any other 401 as an expired session', () => {
    expect(answer(401, { message: 'Invalid JWT' }).kind).toBe('auth.expired');
  });

  it('reads 400 "Contact with id … not found" and 404 as not.found', () => {
    expect(answer(400, { message: 'Contact with id abc not found' }).kind).toBe('not.found');
    expect(answer(404, {}).kind).toBe('not.found');
  });

  it('keeps every message of a 422, which HighLevel sends as an array', () => {
    const error = answer(422, {
      statusCode: 422,
      message: ['property foo should not exist', 'title should not be empty'],
    });
    expect(error.kind).toBe('validation');
    expect(error.messages).toEqual(['property foo should not exist', 'title should not be empty']);
  });

  it('reads a plain 400 as validation with its single message', () => {
    expect(answer(400, { message: 'Bad email' })).toMatchObject({
      kind: 'validation',
      messages: ['Bad email'],
    });
  });

  it('maps 403, 408, 429 and 5xx to their kinds', () => {
    expect(answer(403, { message: 'The token does not have access to this location' }).kind).toBe(
      'location.forbidden',
    );
    expect(answer(408, {}).kind).toBe('timeout');
    expect(answer(429, {}, { rate: { daily: true, retryAt: 5 } })).toMatchObject({
      kind: 'rate.limited',
      daily: true,
      retryAt: 5,
    });
    expect(answer(502, 'Bad gateway').kind).toBe('server');
  });

  it('redacts the secrets it is given and anything shaped like a token from server text', () => {
    const secret = 'tok-1234567890abcdef';
    const error = answer(
      400,
      { message: `header ${secret} and Bearer xyz.abc and eyJhbGciOi.eyJzdWIiOi.sig` },
      { secrets: [secret] },
    );
    const text = JSON.stringify(error.toJSON());
    expect(text).not.toContain(secret);
    expect(text).not.toContain('eyJhbGciOi');
    expect(text).not.toContain('xyz.abc');
  });
});

describe('redact', () => {
  it('removes Private Integration Tokens', () => {
    expect(redact('token pit-3f1c9a7e-5b2d-4c8e-9a6f-0d1e2f3a4b5c refused')).toBe('token [redacted] refused');
  });
});

describe('ApiError', () => {
  it('serialises to the fields the messaging layer expects, and only those that are set', () => {
    const error = new ApiError({ kind: 'not.found', message: 'gone', status: 400, traceId: 't1' });
    expect(error.toJSON()).toEqual({ kind: 'not.found', message: 'gone', status: 400, traceId: 't1' });
    expect(structuredClone(error.toJSON())).toEqual(error.toJSON());
  });

  it('says which kinds are worth retrying later', () => {
    expect(new ApiError({ kind: 'server', message: '' }).transient).toBe(true);
    expect(new ApiError({ kind: 'validation', message: '' }).transient).toBe(false);
  });
});
