/**
 * `npm run check:sources`: does the sources archive addons.mozilla.org receives rebuild the Firefox package it
 * receives? After `wxt zip -b firefox --mv3`, this unpacks .output/<name>-<version>-sources.zip into an empty
 * temporary folder and does there what README's *Store packages* tells a reviewer to (`npm ci`, then
 * `npm run build:firefox`), with the npm and Node found on the PATH outside this project (as on a clean
 * machine: the node@22 devDependency then puts Node 22 on the build's PATH), and compares every file of the
 * rebuilt .output/firefox-mv3 with the same file in .output/<name>-<version>-firefox.zip, by SHA-256.
 * It first checks that the archive holds nothing it should not (see `zip` in wxt.config.ts).
 * Exits 1 on any difference and keeps the temporary folder for a look; `--keep` keeps it anyway.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve, sep } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';

/** The files of a zip archive (folders' own entries left out), by their path in it. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`zip: bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const entryLength = 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += entryLength;
    if (name.endsWith('/')) continue;
    if (name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) {
      throw new Error(`zip: unsafe path ${JSON.stringify(name)}`);
    }
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(body);
    else if (method === 8) data = inflateRawSync(body);
    else throw new Error(`zip: ${name} uses compression method ${method}`);
    if (data.length !== size || crc32(data) !== crc) throw new Error(`zip: ${name} is corrupt`);
    files.set(name, data);
  }
  return files;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** SHA-256 of every file under a folder, by its path relative to it (with `/`). */
export function hashTree(root: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    hashes.set(relative(root, file).split(sep).join('/'), sha256(readFileSync(file)));
  }
  return hashes;
}

export function hashFiles(files: Map<string, Buffer>): Map<string, string> {
  return new Map([...files].map(([name, data]) => [name, sha256(data)]));
}

export interface TreeComparison {
  identical: string[];
  different: string[];
  /** In the expected tree only. */
  missing: string[];
  /** In the rebuilt tree only. */
  extra: string[];
}

export function compareTrees(expected: Map<string, string>, actual: Map<string, string>): TreeComparison {
  const result: TreeComparison = { identical: [], different: [], missing: [], extra: [] };
  for (const [name, hash] of expected) {
    const other = actual.get(name);
    if (other === undefined) result.missing.push(name);
    else (other === hash ? result.identical : result.different).push(name);
  }
  for (const name of actual.keys()) if (!expected.has(name)) result.extra.push(name);
  for (const list of Object.values(result)) list.sort();
  return result;
}

/** Top-level folders that serve the project (tests, benchmarks, the sandbox…) and not the build. */
const NOT_FOR_THE_BUILD = ['sandbox', 'broker', 'test', 'bench', 'scripts', 'assets', 'demo-output'];

/** Paths of the sources archive that should not be in it: secrets, installed or built files, tests. */
export function unwantedSources(names: Iterable<string>): string[] {
  return [...names].filter((name) => {
    const parts = name.split('/');
    return (
      parts.some((part) => part.startsWith('.') || part === 'node_modules') ||
      NOT_FOR_THE_BUILD.includes(parts[0] ?? '') ||
      /\.(test|spec|e2e)\.[cm]?[jt]sx?$/.test(name) ||
      name.endsWith('.log')
    );
  });
}

/**
 * The environment of a fresh shell: without what `npm run` adds (this project's node_modules/.bin, with its
 * Node 22, on the PATH; npm_* settings), so that the rebuild finds only what a reviewer's machine has.
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE') continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(
      (dir) => !dir.endsWith(join('node_modules', '.bin')) && !dir.includes(join('@npmcli', 'run-script')),
    )
    .join(delimiter);
  return env;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): void {
  console.log(`\n$ ${[command, ...args].join(' ')}    (in ${cwd})`);
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`,
    );
  }
}

function main(): number {
  const keep = process.argv.includes('--keep');
  const root = resolve(import.meta.dirname, '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const sourcesZip = join(root, '.output', `${pkg.name}-${pkg.version}-sources.zip`);
  const firefoxZip = join(root, '.output', `${pkg.name}-${pkg.version}-firefox.zip`);
  for (const file of [sourcesZip, firefoxZip]) {
    if (!existsSync(file)) {
      console.error(
        `${relative(root, file)} is missing: run \`npm run zip\` (or \`npm run check:sources\`).`,
      );
      return 1;
    }
  }

  const sources = readZip(readFileSync(sourcesZip));
  const unwanted = unwantedSources(sources.keys());
  if (unwanted.length > 0) {
    console.error(`The sources archive holds what it should not:\n  ${unwanted.join('\n  ')}`);
    return 1;
  }
  const envFiles = readdirSync(root).filter((name) => name.startsWith('.env'));
  if (envFiles.length > 0) {
    console.warn(
      `Note: ${envFiles.join(', ')} here are not in the archive: a WXT_ or VITE_ value they set differs below.`,
    );
  }

  const work = mkdtempSync(join(tmpdir(), `${pkg.name}-sources-`));
  for (const [name, data] of sources) {
    const file = join(work, ...name.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
  console.log(`Unpacked ${sources.size} files of ${relative(root, sourcesZip)} into ${work}`);

  const env = cleanEnv();
  const started = Date.now();
  let ok = false;
  try {
    run('npm', ['ci', '--no-audit', '--no-fund'], work, env);
    run('npm', ['run', 'build:firefox'], work, env);
    const expected = hashFiles(readZip(readFileSync(firefoxZip)));
    const comparison = compareTrees(expected, hashTree(join(work, '.output', 'firefox-mv3')));
    ok =
      comparison.different.length + comparison.missing.length + comparison.extra.length === 0 &&
      comparison.identical.length > 0;
    console.log(
      `\nRebuilt from the sources in ${((Date.now() - started) / 1000).toFixed(0)} s. ` +
        `${comparison.identical.length} of ${expected.size} files of ${relative(root, firefoxZip)} identical` +
        ` (SHA-256)${ok ? '.' : ':'}`,
    );
    for (const [label, list] of [
      ['different', comparison.different],
      ['missing from the rebuild', comparison.missing],
      ['only in the rebuild', comparison.extra],
    ] as const) {
      if (list.length > 0) console.log(`  ${label}: ${list.join(', ')}`);
    }
    return ok ? 0 : 1;
  } finally {
    if (ok && !keep) rmSync(work, { recursive: true, force: true });
    else console.log(`The rebuild is kept in ${work}`);
  }
}

if (import.meta.main) process.exitCode = main();
