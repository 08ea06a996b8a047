/**
 * Serving a demo CRM as a browser sees a real one: an HTML shell for every app route (deep links work) and
 * the single-page app's own modules. The modules are TypeScript, type-checked with the project, and reach
 * the browser with their types stripped by Node (no build step); CSS is served as is.
 */
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import type { Context, Hono } from 'hono';

export interface ShellOptions {
  lang: string;
  /** The title before the app sets its own. */
  title: string;
  stylesheet: string;
  entry: string;
  loadingText: string;
}

/** The SPA shell. Static: nothing from the data ever goes into this HTML. */
export function spaShell(options: ShellOptions): string {
  return `<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${options.stylesheet}">
<script type="module" src="${options.entry}"></script>
</head>
<body>
<div id="app"><p class="boot">${options.loadingText}</p></div>
</body>
</html>
`;
}

/** Serves the listed files at their URL paths: `.ts` as JavaScript with types stripped, `.css` as CSS. */
export function serveAssets(app: Hono, assets: Readonly<Record<string, URL>>): void {
  const cache = new Map<string, string>();
  const load = (path: string, file: URL): string => {
    let body = cache.get(path);
    if (body === undefined) {
      const source = readFileSync(file, 'utf8');
      body = path.endsWith('.ts') ? stripTypeScriptTypes(source, { mode: 'strip', sourceUrl: path }) : source;
      cache.set(path, body);
    }
    return body;
  };
  for (const [path, file] of Object.entries(assets)) {
    const type = path.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
    app.get(path, (c) =>
      c.body(load(path, file), 200, { 'content-type': type, 'cache-control': 'no-cache' }),
    );
  }
}

/** Answers with the shell: 200 on a known route, 404 otherwise (the app then shows its own "not found"). */
export function shellResponse(c: Context, html: string, found: boolean) {
  return c.html(html, found ? 200 : 404, { 'cache-control': 'no-cache' });
}

/** Reads a JSON object body; null when the body is not a JSON object. */
export async function jsonObject(c: Context): Promise<Record<string, unknown> | null> {
  try {
    const body: unknown = await c.req.json();
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
