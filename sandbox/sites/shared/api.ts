/** The demo SPAs' JSON client. Failures are values, so views show a message instead of throwing. */

export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: string; fields: Record<string, string> };

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface Api {
  get<T>(path: string, signal?: AbortSignal): Promise<ApiResult<T>>;
  send<T>(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<ApiResult<T>>;
}

export function createApi(fetchImpl: Fetch, networkError: string): Api {
  const request = async <T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<ApiResult<T>> => {
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        signal,
        headers:
          body === undefined
            ? { accept: 'application/json' }
            : { accept: 'application/json', 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      return { ok: false, status: 0, error: networkError, fields: {} };
    }
    const payload = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.ok && payload) return { ok: true, status: response.status, data: payload as T };
    const fields =
      payload && typeof payload.fields === 'object' && payload.fields
        ? (payload.fields as Record<string, string>)
        : {};
    const error = payload && typeof payload.error === 'string' ? payload.error : networkError;
    return { ok: false, status: response.status, error, fields };
  };
  return {
    get: (path, signal) => request('GET', path, undefined, signal),
    send: (method, path, body) => request(method, path, body),
  };
}
