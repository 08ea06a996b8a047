/**
 * What weighs in the scripts a host page loads (`node bench/content-size.ts [rows]`): a production build with
 * source maps into a temporary folder (.output is left alone), every byte of the minified content script, and
 * of the scripts it imports from the extension, attributed through the source map to the module it came from.
 * "gzip alone" is each module's share gzipped by itself: more than it adds to the whole, but it ranks them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'wxt';
import { codeBySource, moduleGroup, type SourceMap } from './sourcemap.ts';

function report(file: string, rows: number): void {
  const code = readFileSync(file, 'utf8');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMap;
  const groups = new Map<string, string>();
  for (const [source, text] of codeBySource(code, map)) {
    const path = source.startsWith('(') ? source : relative(process.cwd(), resolve(dirname(file), source));
    const group = moduleGroup(path.split('\\').join('/'));
    groups.set(group, (groups.get(group) ?? '') + text);
  }
  const total = Buffer.byteLength(code);
  const gzipped = gzipSync(code, { level: 9 }).length;
  console.log(`\n${file.split('/chrome-mv3/')[1]}: ${total} B minified, ${gzipped} B gzip -9`);
  console.table(
    [...groups]
      .map(([module, text]) => ({
        module,
        bytes: Buffer.byteLength(text),
        share: `${((100 * Buffer.byteLength(text)) / total).toFixed(1)} %`,
        'gzip alone': gzipSync(text, { level: 9 }).length,
      }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, rows),
  );
}

if (import.meta.main) {
  const rows = Number(process.argv[2] ?? 25);
  const outDir = mkdtempSync(join(tmpdir(), 'hl-content-size-'));
  try {
    console.log('Building with source maps…');
    const quiet = () => undefined;
    await build({
      outDir,
      vite: () => ({ build: { sourcemap: true } }),
      logger: {
        debug: quiet,
        log: quiet,
        info: quiet,
        warn: console.warn,
        error: console.error,
        fatal: console.error,
        success: quiet,
        level: 1,
      },
    });
    const buildDir = join(outDir, 'chrome-mv3');
    const manifest = JSON.parse(readFileSync(join(buildDir, 'manifest.json'), 'utf8')) as {
      content_scripts?: { js?: string[] }[];
      web_accessible_resources?: { resources: string[] }[];
    };
    const scripts = [
      ...(manifest.content_scripts ?? []).flatMap((entry) => entry.js ?? []),
      ...(manifest.web_accessible_resources ?? []).flatMap((entry) => entry.resources),
    ].filter((file, index, all) => file.endsWith('.js') && all.indexOf(file) === index);
    for (const script of scripts) {
      const file = join(buildDir, script);
      if (existsSync(`${file}.map`)) report(file, rows);
      else console.log(`\n${script}: no source map was written`);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
