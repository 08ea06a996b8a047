import { describe, expect, it } from 'vitest';
import { findOperation, requestBodyErrors, validateRequest, validateResponse } from './openapi.ts';

const HEADERS = { Version: '2021-07-28', Authorization: 'Bearer token', 'Content-Type': 'application/json' };
const API = 'https://services.leadconnectorhq.com';

describe('validateRequest', () => {
  it('accepts a conformant request and names its operation', () => {
    const result = validateRequest('POST', `${API}/contacts/abc/tasks`, HEADERS, {
      title: 'Call',
      dueDate: '2030-01-01T10:00:00Z',
      completed: false,
    });
    expect(result.errors).toEqual([]);
    expect(result.operation).toMatchObject({ operationId: 'create-task', scopes: ['contacts.write'] });
    expect(result.pathParams).toEqual({ contactId: 'abc' });
  });

  it('rejects undeclared body fields, as HighLevel does with 422', () => {
    const result = validateRequest('PUT', `${API}/contacts/abc`, HEADERS, {
      firstName: 'A',
      locationId: 'x',
    });
    expect(result.errors).toEqual(['property locationId should not exist']);
  });

  it('rejects undeclared fields in nested objects too', () => {
    const body = { locationId: 'x', dndSettings: { SMS: { status: 'active', reason: 'x' } } };
    expect(validateRequest('POST', `${API}/contacts/`, HEADERS, body).errors).toEqual([
      'property dndSettings.SMS.reason should not exist',
    ]);
  });

  it('requires the fields a task needs and reports each', () => {
    expect(validateRequest('POST', `${API}/contacts/abc/tasks`, HEADERS, { title: 'x' }).errors).toEqual([
      'dueDate should not be empty',
      'completed should not be empty',
    ]);
  });

  it('requires the Version header with the documented value, and a bearer token', () => {
    expect(validateRequest('GET', `${API}/contacts/abc`, {}).errors).toEqual([
      'header Version is required',
      'header Authorization must be "Bearer <token>"',
    ]);
    const sdkDefault = validateRequest('GET', `${API}/contacts/abc`, { ...HEADERS, Version: '2023-02-21' });
    expect(sdkDefault.errors).toEqual(['header parameter Version must be one of 2021-07-28']);
  });

  it('requires query parameters and refuses undeclared ones', () => {
    expect(validateRequest('GET', `${API}/contacts/?limit=10&page=2`, HEADERS).errors).toEqual([
      'query parameter page is not declared',
      'query parameter locationId is required',
    ]);
    expect(validateRequest('GET', `${API}/contacts/?locationId=x&limit=ten`, HEADERS).errors).toEqual([
      'query parameter limit must be a number',
    ]);
    expect(validateRequest('GET', `${API}/contacts/?locationId=x&limit=101`, HEADERS).errors).toEqual([
      'query parameter limit must not be greater than 100',
    ]);
  });

  it('checks search bodies against the documented search shape', () => {
    expect(validateRequest('POST', `${API}/contacts/search`, HEADERS, { locationId: 'x' }).errors).toEqual([
      'pageLimit should not be empty',
    ]);
    const nested = {
      locationId: 'x',
      pageLimit: 10,
      filters: [{ group: 'OR', filters: [{ field: 'email', operator: 'equals', value: 'a' }] }],
    };
    expect(validateRequest('POST', `${API}/contacts/search`, HEADERS, nested).errors).toEqual([
      'filters.0.filters.0.operator must be one of the following values: eq, not_eq, contains, not_contains, exists, not_exists, range',
    ]);
  });

  it('accepts birth dates and numeric custom field values, which the document types as objects', () => {
    const body = {
      locationId: 'x',
      dateOfBirth: '1990-09-25',
      customFields: [{ id: 'cf', field_value: 100 }],
    };
    expect(validateRequest('POST', `${API}/contacts/`, HEADERS, body).errors).toEqual([]);
  });

  it('refuses unknown paths, wrong methods, other hosts, bodies on GET and a wrong content type', () => {
    expect(validateRequest('GET', `${API}/contacts/abc/unknown`, HEADERS).errors).toEqual([
      'no documented operation matches GET /contacts/abc/unknown',
    ]);
    expect(validateRequest('PATCH', `${API}/contacts/abc`, HEADERS).errors).toEqual([
      'PATCH is not documented for /contacts/abc',
    ]);
    expect(validateRequest('GET', 'https://rest.gohighlevel.com/contacts/abc', HEADERS).errors).toContain(
      'requests go to https://services.leadconnectorhq.com, not https://rest.gohighlevel.com',
    );
    expect(validateRequest('GET', `${API}/contacts/abc`, HEADERS, { a: 1 }).errors).toEqual([
      'GET /contacts/{contactId} takes no body',
    ]);
    const form = validateRequest(
      'POST',
      `${API}/contacts/abc/notes`,
      { ...HEADERS, 'Content-Type': 'text/plain' },
      '{"body":"x"}',
    );
    expect(form.errors).toEqual(['header Content-Type must be application/json, not text/plain']);
  });

  it('validates the token endpoint form, code_verifier included', () => {
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    const form =
      'client_id=a&client_secret=b&grant_type=authorization_code&code=c&redirect_uri=https%3A%2F%2Fx&code_verifier=v';
    expect(validateRequest('POST', `${API}/oauth/token`, headers, form).errors).toEqual([]);
    expect(
      validateRequest('POST', `${API}/oauth/token`, headers, 'client_id=a&grant_type=password').errors,
    ).toEqual([
      'client_secret should not be empty',
      'grant_type must be one of the following values: authorization_code, refresh_token, client_credentials',
    ]);
  });

  it('prefers literal path segments over parameters', () => {
    expect(findOperation('POST', '/contacts/search')?.operation.operationId).toBe('search-contacts-advanced');
    expect(findOperation('GET', '/contacts/search/duplicate')?.operation.operationId).toBe(
      'get-duplicate-contact',
    );
    expect(findOperation('GET', '/contacts/search')?.pathParams).toEqual({ contactId: 'search' });
  });
});

describe('validateResponse', () => {
  it('accepts a documented answer and refuses wrong types', () => {
    expect(
      validateResponse('GET', '/contacts/{contactId}', 200, { contact: { id: 'a', tags: ['x'] } }).valid,
    ).toBe(true);
    expect(
      validateResponse('GET', '/contacts/:contactId', 200, { contact: { id: 'a', tags: 'x' } }).errors,
    ).toEqual(['/contact/tags must be array']);
  });

  it('holds errors to the notes: 422 messages are arrays, others strings, statusCode matches', () => {
    expect(validateResponse('POST', '/contacts/', 422, { statusCode: 422, message: 'bad' }).valid).toBe(
      false,
    );
    expect(validateResponse('POST', '/contacts/', 422, { statusCode: 422, message: ['bad'] }).valid).toBe(
      true,
    );
    expect(
      validateResponse('GET', '/contacts/{contactId}', 403, { statusCode: 403, message: ['no'] }).valid,
    ).toBe(false);
    expect(
      validateResponse('GET', '/contacts/{contactId}', 404, { statusCode: 400, message: 'x' }).errors,
    ).toEqual(['error shape: statusCode 400 differs from status 404']);
  });

  it('refuses undocumented success statuses', () => {
    expect(validateResponse('POST', '/contacts/{contactId}/tasks', 200, { task: {} }).errors).toEqual([
      'status 200 is not documented for POST /contacts/{contactId}/tasks',
    ]);
  });

  it('validates search answers against the documented search shape', () => {
    const ok = { contacts: [{ id: 'a', locationId: 'l', searchAfter: [1, 'a'] }], total: 1 };
    expect(validateResponse('POST', '/contacts/search', 200, ok).valid).toBe(true);
    expect(validateResponse('POST', '/contacts/search', 200, { contacts: [] }).valid).toBe(false);
  });
});

describe('requestBodyErrors', () => {
  it('phrases problems as HighLevel does', () => {
    expect(
      requestBodyErrors('PUT', '/contacts/{contactId}/tasks/{taskId}/completed', { completed: 'yes', x: 1 }),
    ).toEqual(['property x should not exist', 'completed must be a boolean value']);
  });
});
