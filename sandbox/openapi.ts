/**
 * Conformance checks against HighLevel's OpenAPI documents (`sandbox/openapi/`), with the real-world rules of
 * ghl-api-notes.md layered on top:
 *
 * - Request bodies are STRICT: every object schema forbids undeclared properties (HighLevel's NestJS validator
 *   answers "property x should not exist").
 * - Where the documents declare `type: object` with no properties and a non-object example (`dateOfBirth`, numeric and
 *   monetary custom field values), the type is a code-generation artefact of an untyped field: any JSON value is
 *   accepted there, and the server checks the value itself.
 * - `POST /contacts/search` documents an empty body and no answer; the body and answer HighLevel's search guide
 *   describes are supplied here (`locationId` and `pageLimit` required, `filters`, `sort`, `page`, `searchAfter`,
 *   `query`; answer `{contacts, total}` with a `searchAfter` cursor on each contact).
 * - `POST /oauth/token` also accepts `code_verifier` (PKCE); `GET /contacts/search/duplicate` answers `{contact}`.
 * - `GET /contacts/` takes `limit` ≤ 100.
 * - Error answers, documented or not (403, 404, 429, 5xx), must have the notes' shape: `{statusCode, message,
 *   error?, traceId?}` with `message` an array of strings for 422 and a string otherwise.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

export interface OperationInfo {
  method: string;
  /** As written in the OpenAPI document, e.g. `/contacts/{contactId}/tasks`. */
  pathTemplate: string;
  operationId: string;
  /** Scopes the operation requires (empty: no bearer token needed). */
  scopes: string[];
}

export interface RequestValidationResult extends ValidationResult {
  operation: OperationInfo | null;
  /** Path parameters by name, when the operation was found. */
  pathParams: Record<string, string>;
}

type SchemaObject = Record<string, unknown>;
type OpenApiDoc = {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, SchemaObject> };
};
interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema?: SchemaObject;
}
interface OperationObject {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: SchemaObject }> };
  responses: Record<string, { content?: Record<string, { schema?: SchemaObject }> }>;
  security?: Record<string, string[]>[] | null;
}

const API_HOST = 'services.leadconnectorhq.com';
const DOC_FILES = {
  contacts: 'apps/contacts.json',
  oauth: 'apps/oauth.json',
  common: 'common/common-schemas.json',
} as const;
type DocName = keyof typeof DOC_FILES;
type Variant = 'request' | 'response';
const BASE = 'https://openapi.sandbox.invalid';
const HTTP_METHODS = ['get', 'post', 'put', 'delete', 'patch'];

function loadDoc(name: DocName): OpenApiDoc {
  return JSON.parse(
    readFileSync(new URL(`./openapi/${DOC_FILES[name]}`, import.meta.url), 'utf8'),
  ) as OpenApiDoc;
}

const isObject = (value: unknown): value is SchemaObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Visits every sub-schema (not examples or other annotation values). */
function forEachSubschema(schema: SchemaObject, visit: (schema: SchemaObject) => void): void {
  visit(schema);
  const properties = schema.properties;
  if (isObject(properties))
    for (const p of Object.values(properties)) if (isObject(p)) forEachSubschema(p, visit);
  if (isObject(schema.items)) forEachSubschema(schema.items, visit);
  if (isObject(schema.additionalProperties)) forEachSubschema(schema.additionalProperties, visit);
  for (const key of ['anyOf', 'allOf', 'oneOf']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) if (isObject(s)) forEachSubschema(s, visit);
  }
}

/** Request variant: undeclared properties forbidden; untyped fields the generator typed `object` accept anything. */
function strictForRequests(schema: SchemaObject): void {
  forEachSubschema(schema, (s) => {
    if (s.type === 'object' && !s.properties && s.example !== undefined && !isObject(s.example)) {
      delete s.type;
      delete s.nullable;
    }
    if (isObject(s.properties) && s.additionalProperties === undefined) s.additionalProperties = false;
  });
}

const SEARCH_OPERATORS = ['eq', 'not_eq', 'contains', 'not_contains', 'exists', 'not_exists', 'range'];

/** What HighLevel's search guide documents and the OpenAPI document leaves empty. */
const SEARCH_SCHEMAS: Record<string, SchemaObject> = {
  SearchBodyV2DTO: {
    type: 'object',
    properties: {
      locationId: { type: 'string' },
      page: { type: 'number', minimum: 1 },
      pageLimit: { type: 'number', minimum: 1, maximum: 500 },
      searchAfter: { type: 'array' },
      filters: { type: 'array', items: { $ref: '#/components/schemas/SandboxSearchFilter' } },
      sort: { type: 'array', maxItems: 2, items: { $ref: '#/components/schemas/SandboxSearchSort' } },
      query: { type: 'string', maxLength: 75 },
    },
    required: ['locationId', 'pageLimit'],
  },
  SandboxSearchFilter: {
    type: 'object',
    properties: {
      field: { type: 'string' },
      operator: { type: 'string', enum: SEARCH_OPERATORS },
      value: {},
      group: { type: 'string', enum: ['AND', 'OR'] },
      filters: { type: 'array', items: { $ref: '#/components/schemas/SandboxSearchFilter' } },
    },
  },
  SandboxSearchSort: {
    type: 'object',
    properties: { field: { type: 'string' }, direction: { type: 'string', enum: ['asc', 'desc'] } },
    required: ['field', 'direction'],
  },
  SandboxSearchedContact: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      locationId: { type: 'string' },
      firstNameLowerCase: { type: 'string' },
      lastNameLowerCase: { type: 'string' },
      email: { type: 'string' },
      phone: { type: 'string' },
      companyName: { type: 'string' },
      businessId: { type: 'string' },
      businessName: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
      customFields: { type: 'array', items: { $ref: '#/components/schemas/CustomFieldSchema' } },
      dnd: { type: 'boolean' },
      dndSettings: { $ref: '#/components/schemas/DndSettingsSchema' },
      dateAdded: { type: 'string' },
      dateUpdated: { type: 'string' },
      additionalEmails: { type: 'array', items: { type: 'string' } },
      additionalPhones: { type: 'array', items: { type: 'string' } },
      followers: { type: 'array', items: { type: 'string' } },
      searchAfter: { type: 'array' },
    },
    required: ['id', 'locationId', 'searchAfter'],
  },
  SandboxSearchContactsResponse: {
    type: 'object',
    properties: {
      contacts: { type: 'array', items: { $ref: '#/components/schemas/SandboxSearchedContact' } },
      total: { type: 'number' },
    },
    required: ['contacts', 'total'],
  },
  SandboxDuplicateContactResponse: {
    type: 'object',
    properties: {
      contact: { anyOf: [{ $ref: '#/components/schemas/GetContectByIdSchema' }, { type: 'null' }] },
    },
    required: ['contact'],
  },
};

const ERROR_SHAPE: SchemaObject = {
  type: 'object',
  properties: {
    statusCode: { type: 'number' },
    message: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    error: { type: 'string' },
    traceId: { type: 'string' },
  },
  required: ['statusCode', 'message'],
};

function jsonContent(ref: string): Record<string, { schema: SchemaObject }> {
  return { 'application/json': { schema: { $ref: ref } } };
}

/** Layers the notes' facts onto a document; `variant` decides whether request schemas become strict. */
function prepare(name: DocName, variant: Variant): OpenApiDoc {
  const doc = loadDoc(name);
  if (name === 'contacts') {
    Object.assign(doc.components.schemas, structuredClone(SEARCH_SCHEMAS));
    const search = doc.paths['/contacts/search']?.post;
    const searchOk = search?.responses['200'];
    if (searchOk) searchOk.content = jsonContent('#/components/schemas/SandboxSearchContactsResponse');
    const duplicateOk = doc.paths['/contacts/search/duplicate']?.get?.responses['200'];
    if (duplicateOk)
      duplicateOk.content = jsonContent('#/components/schemas/SandboxDuplicateContactResponse');
  }
  if (name === 'oauth') {
    const tokenBody = doc.components.schemas.GetAccessCodebodyDto;
    if (tokenBody && isObject(tokenBody.properties)) tokenBody.properties.code_verifier = { type: 'string' };
  }
  if (variant === 'request')
    for (const schema of Object.values(doc.components.schemas)) strictForRequests(schema);
  return doc;
}

interface Catalog {
  ajv: Ajv;
  docs: Record<DocName, OpenApiDoc>;
  operations: {
    method: string;
    template: string;
    pattern: RegExp;
    names: string[];
    doc: DocName;
    op: OperationObject;
  }[];
  validators: Map<string, ValidateFunction>;
}

let catalog: Catalog | null = null;

function getCatalog(): Catalog {
  if (catalog) return catalog;
  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  const docs = {} as Record<DocName, OpenApiDoc>;
  for (const variant of ['request', 'response'] as const) {
    for (const name of Object.keys(DOC_FILES) as DocName[]) {
      const doc = prepare(name, variant);
      if (variant === 'response') docs[name] = doc;
      ajv.addSchema(doc as unknown as SchemaObject, `${BASE}/${variant}/${DOC_FILES[name]}`);
    }
  }
  ajv.addSchema(ERROR_SHAPE, `${BASE}/error-shape.json`);
  const operations: Catalog['operations'] = [];
  for (const name of ['contacts', 'oauth'] as const) {
    for (const [template, item] of Object.entries(docs[name].paths)) {
      const names: string[] = [];
      const source = template
        .replace(/\/+$/, '')
        .split('/')
        .map((segment) => {
          const param = /^\{(.+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(param[1] ?? '');
          return '([^/]+)';
        })
        .join('/');
      const pattern = new RegExp(`^${source}/?$`);
      for (const method of Object.keys(item)) {
        if (!HTTP_METHODS.includes(method)) continue;
        const op = item[method];
        if (op) operations.push({ method: method.toUpperCase(), template, pattern, names, doc: name, op });
      }
    }
  }
  // Literal segments beat parameters: POST /contacts/search is not POST /contacts/{contactId}.
  operations.sort((a, b) => a.names.length - b.names.length);
  catalog = { ajv, docs, operations, validators: new Map() };
  return catalog;
}

function pointer(segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

function validatorFor(ref: string): ValidateFunction {
  const c = getCatalog();
  let validate = c.validators.get(ref);
  if (!validate) {
    validate = c.ajv.compile({ $ref: ref });
    c.validators.set(ref, validate);
  }
  return validate;
}

function normalizeTemplate(template: string): string {
  return template.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function findByTemplate(method: string, template: string): Catalog['operations'][number] | null {
  const wanted = normalizeTemplate(template).replace(/\/+$/, '');
  return (
    getCatalog().operations.find(
      (o) => o.method === method.toUpperCase() && o.template.replace(/\/+$/, '') === wanted,
    ) ?? null
  );
}

function scopesOf(op: OperationObject): string[] {
  return (op.security ?? []).flatMap((requirement) => Object.values(requirement).flat());
}

function info(entry: Catalog['operations'][number]): OperationInfo {
  return {
    method: entry.method,
    pathTemplate: entry.template,
    operationId: entry.op.operationId ?? '',
    scopes: scopesOf(entry.op),
  };
}

/** The documented operation a method and path (no query) resolve to. */
export function findOperation(
  method: string,
  path: string,
): { operation: OperationInfo; pathParams: Record<string, string> } | null {
  for (const entry of getCatalog().operations) {
    if (entry.method !== method.toUpperCase()) continue;
    const match = entry.pattern.exec(path);
    if (!match) continue;
    const pathParams: Record<string, string> = {};
    entry.names.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    return { operation: info(entry), pathParams };
  }
  return null;
}

function formatPath(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

const TYPE_MESSAGES: Record<string, string> = {
  string: 'must be a string',
  number: 'must be a number conforming to the specified constraints',
  integer: 'must be an integer number',
  boolean: 'must be a boolean value',
  array: 'must be an array',
  object: 'must be an object',
};

/** Ajv errors as NestJS/class-validator phrases: "property x should not exist", "title should not be empty". */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, root = 'body'): string[] {
  const messages: string[] = [];
  for (const error of errors ?? []) {
    const at = formatPath(error.instancePath);
    const name = (child: string): string => (at ? `${at}.${child}` : child);
    const subject = at || root;
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'additionalProperties':
        messages.push(`property ${name(String(params.additionalProperty))} should not exist`);
        break;
      case 'required':
        messages.push(`${name(String(params.missingProperty))} should not be empty`);
        break;
      case 'type':
        messages.push(
          `${subject} ${TYPE_MESSAGES[String(params.type).split(',')[0] ?? ''] ?? `must be ${params.type}`}`,
        );
        break;
      case 'enum':
        messages.push(
          `${subject} must be one of the following values: ${(params.allowedValues as unknown[]).join(', ')}`,
        );
        break;
      case 'maximum':
        messages.push(`${subject} must not be greater than ${params.limit}`);
        break;
      case 'minimum':
        messages.push(`${subject} must not be less than ${params.limit}`);
        break;
      case 'maxLength':
        messages.push(`${subject} must be shorter than or equal to ${params.limit} characters`);
        break;
      case 'maxItems':
        messages.push(`${subject} must contain no more than ${params.limit} elements`);
        break;
      case 'anyOf':
        messages.push(`${subject} does not match any allowed shape`);
        break;
      default:
        messages.push(`${subject} ${error.message ?? 'is invalid'}`);
    }
  }
  return [...new Set(messages)];
}

function requestBodySchemaRef(entry: Catalog['operations'][number], contentType: string): string | null {
  const content = entry.op.requestBody?.content;
  if (!content?.[contentType]?.schema) return null;
  const path = [
    'paths',
    entry.template,
    entry.method.toLowerCase(),
    'requestBody',
    'content',
    contentType,
    'schema',
  ];
  return `${BASE}/request/${DOC_FILES[entry.doc]}#/${pointer(path)}`;
}

/**
 * Validates a request body against the operation's strict schema; NestJS-style messages, empty when valid.
 * The server answers 422 with these.
 */
export function requestBodyErrors(method: string, pathTemplate: string, body: unknown): string[] {
  const entry = findByTemplate(method, pathTemplate);
  if (!entry?.op.requestBody) return [];
  const contentType = Object.keys(entry.op.requestBody.content)[0] ?? 'application/json';
  const ref = requestBodySchemaRef(entry, contentType);
  if (!ref) return [];
  const validate = validatorFor(ref);
  return validate(body) ? [] : describeErrors(validate.errors);
}

/** Validates an answer's status and body against the documents and the notes' error shape. */
export function validateResponse(
  method: string,
  pathTemplate: string,
  status: number,
  body: unknown,
): ValidationResult {
  const entry = findByTemplate(method, pathTemplate);
  if (!entry)
    return { valid: false, errors: [`no documented operation ${method.toUpperCase()} ${pathTemplate}`] };
  const errors: string[] = [];
  const documented = entry.op.responses[String(status)];
  if (!documented && status < 400)
    errors.push(`status ${status} is not documented for ${entry.method} ${entry.template}`);
  const schema = documented?.content?.['application/json']?.schema;
  if (schema) {
    const path = [
      'paths',
      entry.template,
      entry.method.toLowerCase(),
      'responses',
      String(status),
      'content',
      'application/json',
      'schema',
    ];
    const validate = validatorFor(`${BASE}/response/${DOC_FILES[entry.doc]}#/${pointer(path)}`);
    if (!validate(body)) errors.push(...ajvMessages(validate.errors));
  }
  if (status >= 400) errors.push(...errorShapeErrors(status, body));
  return { valid: errors.length === 0, errors };
}

function ajvMessages(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
}

function errorShapeErrors(status: number, body: unknown): string[] {
  const validate = validatorFor(`${BASE}/error-shape.json`);
  if (!validate(body)) return ajvMessages(validate.errors).map((m) => `error shape: ${m}`);
  const errors: string[] = [];
  const { statusCode, message } = body as { statusCode: number; message: unknown };
  if (statusCode !== status)
    errors.push(`error shape: statusCode ${statusCode} differs from status ${status}`);
  if (status === 422 && !Array.isArray(message))
    errors.push('error shape: a 422 message must be an array of strings');
  if (status !== 422 && typeof message !== 'string')
    errors.push(`error shape: a ${status} message must be a string`);
  return errors;
}

function headerValue(
  headers: HeadersInit | Record<string, string | undefined> | undefined,
  name: string,
): string | null {
  if (!headers) return null;
  if (headers instanceof Headers) return headers.get(name);
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [key, value] of entries) {
    if (key.toLowerCase() === name.toLowerCase() && value !== undefined) return String(value);
  }
  return null;
}

function parseBody(body: unknown, contentType: string): { value: unknown; error: string | null } {
  if (body instanceof URLSearchParams) return { value: Object.fromEntries(body), error: null };
  if (typeof body !== 'string') return { value: body, error: null };
  if (contentType.includes('application/x-www-form-urlencoded')) {
    return { value: Object.fromEntries(new URLSearchParams(body)), error: null };
  }
  try {
    return { value: JSON.parse(body), error: null };
  } catch {
    return { value: undefined, error: 'body is not valid JSON' };
  }
}

/** Limits the notes give and the document does not: `GET /contacts/` pages hold at most 100. */
const QUERY_MAXIMUMS: Record<string, number> = { 'get-contacts.limit': 100 };

function checkParameterType(param: ParameterObject, value: string): string | null {
  const type = param.schema?.type;
  if (type === 'number' && (value.trim() === '' || !Number.isFinite(Number(value)))) {
    return `query parameter ${param.name} must be a number`;
  }
  if (type === 'boolean' && value !== 'true' && value !== 'false')
    return `query parameter ${param.name} must be a boolean`;
  const allowed = param.schema?.enum;
  if (Array.isArray(allowed) && !allowed.includes(value)) {
    return `${param.in} parameter ${param.name} must be one of ${allowed.join(', ')}`;
  }
  return null;
}

/**
 * Checks a request the client is about to send: the operation exists, path and required query parameters are
 * present, no undeclared query parameters, the `Version` header and bearer token are there, and the body matches
 * the operation's schema with undeclared fields forbidden. `url` may be absolute or a path with a query.
 */
export function validateRequest(
  method: string,
  url: string | URL,
  headers?: HeadersInit | Record<string, string | undefined>,
  body?: unknown,
): RequestValidationResult {
  const errors: string[] = [];
  const parsed = new URL(url, `https://${API_HOST}`);
  if (parsed.protocol !== 'https:' || parsed.host !== API_HOST) {
    errors.push(`requests go to https://${API_HOST}, not ${parsed.protocol}//${parsed.host}`);
  }
  const found = findOperation(method, parsed.pathname);
  if (!found) {
    const other = getCatalog().operations.some((o) => o.pattern.test(parsed.pathname));
    errors.push(
      other
        ? `${method.toUpperCase()} is not documented for ${parsed.pathname}`
        : `no documented operation matches ${method.toUpperCase()} ${parsed.pathname}`,
    );
    return { valid: false, errors, operation: null, pathParams: {} };
  }
  const entry = findByTemplate(method, found.operation.pathTemplate);
  if (!entry) return { valid: false, errors, operation: found.operation, pathParams: found.pathParams };
  const params = entry.op.parameters ?? [];
  for (const [name, value] of Object.entries(found.pathParams)) {
    if (!value.trim()) errors.push(`path parameter ${name} is empty`);
  }
  const declaredQuery = new Set(params.filter((p) => p.in === 'query').map((p) => p.name));
  for (const key of new Set(parsed.searchParams.keys())) {
    if (!declaredQuery.has(key)) errors.push(`query parameter ${key} is not declared`);
  }
  for (const param of params) {
    if (param.in === 'query') {
      const value = parsed.searchParams.get(param.name);
      if (value === null) {
        if (param.required) errors.push(`query parameter ${param.name} is required`);
      } else {
        const problem = checkParameterType(param, value);
        if (problem) errors.push(problem);
        const max = QUERY_MAXIMUMS[`${entry.op.operationId}.${param.name}`];
        if (!problem && max !== undefined && Number(value) > max) {
          errors.push(`query parameter ${param.name} must not be greater than ${max}`);
        }
      }
    } else if (param.in === 'header') {
      const value = headerValue(headers, param.name);
      if (value === null) {
        if (param.required) errors.push(`header ${param.name} is required`);
      } else {
        const problem = checkParameterType(param, value);
        if (problem) errors.push(problem);
      }
    }
  }
  if (found.operation.scopes.length > 0) {
    const authorization = headerValue(headers, 'authorization');
    if (!authorization || !/^Bearer \S+$/.test(authorization)) {
      errors.push('header Authorization must be "Bearer <token>"');
    }
  }
  const requestBody = entry.op.requestBody;
  const hasBody = body !== undefined && body !== null && body !== '';
  if (!requestBody) {
    if (hasBody) errors.push(`${entry.method} ${entry.template} takes no body`);
  } else if (!hasBody) {
    if (requestBody.required) errors.push('a request body is required');
  } else {
    const declaredTypes = Object.keys(requestBody.content);
    const contentType =
      (headerValue(headers, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const matchedType = declaredTypes.find((t) => t === contentType);
    if (!matchedType) {
      errors.push(
        `header Content-Type must be ${declaredTypes.join(' or ')}${contentType ? `, not ${contentType}` : ''}`,
      );
    }
    const { value, error } = parseBody(body, matchedType ?? declaredTypes[0] ?? 'application/json');
    if (error) errors.push(error);
    else {
      const ref = requestBodySchemaRef(entry, matchedType ?? declaredTypes[0] ?? 'application/json');
      if (ref) {
        const validate = validatorFor(ref);
        if (!validate(value)) errors.push(...describeErrors(validate.errors));
      }
    }
  }
  return { valid: errors.length === 0, errors, operation: found.operation, pathParams: found.pathParams };
}
