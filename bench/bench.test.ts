import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../sandbox/server.ts';
import type { MessageTiming } from './page-probes.ts';
import { check, comparison, type Metric, median, mergeResults, type Results } from './results.ts';
import { codeBySource, moduleGroup } from './sourcemap.ts';
import { type OpenRun, phases, phaseTable } from './timeline.ts';
import { zipFolder } from './zip.ts';

const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hl-bench-test-'));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('results', () => {
  it('takes the middle value, or the mean of the two middle ones, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('judges a budget on the unrounded value while showing both rounded', () => {
    const over = check('a.ms', 10.04, 'ms', '<=', 10.01);
    expect(over).toEqual({ name: 'a.ms', value: 10, unit: 'ms', budget: '<= 10', pass: false });
    expect(check('b.ms', 9.99, 'ms', '<=', 10).pass).toBe(true);
    expect(check('c', 0.8999, 'ratio', '>=', 0.9)).toMatchObject({
      value: 0.9,
      budget: '>= 0.9',
      pass: false,
    });
    expect(check('d', 0.9123, 'ratio', '>=', 0.9)).toMatchObject({ value: 0.912, pass: true });
  });

  it('shows comparison figures without a budget, always passing', () => {
    expect(comparison('z.bytes', 1234.56, 'bytes', 0)).toEqual({
      name: 'z.bytes',
      value: 1235,
      unit: 'bytes',
      budget: null,
      pass: true,
    });
  });

  it("replaces this run's metrics by name and keeps every other benchmark's", () => {
    const file = pathToFileURL(join(tempDir(), 'results.json'));
    const old = (name: string, value: number): Metric => ({
      name,
      value,
      unit: 'ms',
      budget: null,
      pass: true,
    });
    writeFileSync(
      file,
      JSON.stringify({ machine: 'old', date: 'then', metrics: [old('x', 1), old('y', 2)] }),
    );
    mergeResults([old('y', 20), old('z', 30)], 'new machine', file);
    const merged = JSON.parse(readFileSync(file, 'utf8')) as Results;
    expect(merged.machine).toBe('new machine');
    expect(merged.date).not.toBe('then');
    expect(merged.metrics.map((m) => [m.name, m.value])).toEqual([
      ['x', 1],
      ['y', 20],
      ['z', 30],
    ]);
  });

  it('starts the file when there is none', () => {
    const file = pathToFileURL(join(tempDir(), 'results.json'));
    mergeResults([comparison('only', 1, 'ms')], 'm', file);
    expect((JSON.parse(readFileSync(file, 'utf8')) as Results).metrics).toHaveLength(1);
  });
});

/** The entries of a zip, read back from its central directory and local headers. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(body) : Buffer.from(body));
    at += 46 + nameLength;
  }
  return files;
}

describe('zipFolder', () => {
  it('holds every file of the folder, nested ones included, with its exact bytes', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'content-scripts'));
    const script = 'console.log("hello");\n'.repeat(200);
    writeFileSync(join(dir, 'manifest.json'), '{"manifest_version":3}');
    writeFileSync(join(dir, 'content-scripts', 'content.js'), script);
    writeFileSync(join(dir, 'icon.bin'), Buffer.from([0, 255, 7]));
    const files = unzip(zipFolder(dir));
    expect([...files.keys()].sort()).toEqual(['content-scripts/content.js', 'icon.bin', 'manifest.json']);
    expect(files.get('content-scripts/content.js')?.toString()).toBe(script);
    expect([...(files.get('icon.bin') ?? [])]).toEqual([0, 255, 7]);
  });

  it('compresses what compresses, and gives the same bytes for the same files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.js'), 'x'.repeat(100_000));
    const first = zipFolder(dir);
    expect(first.length).toBeLessThan(1_000);
    expect(zipFolder(dir).equals(first)).toBe(true);
  });
});

describe('source map attribution', () => {
  it('gives each source the output bytes its segments cover, across lines', () => {
    // Line 0: "abc" from a.ts, "def" from b.ts (column 3, source +1); line 1: "xyz" from a.ts (source -1).
    const map = { sources: ['a.ts', 'b.ts'], mappings: 'AAAA,GCAA;ADAA' };
    const parts = codeBySource('abcdef\nxyz', map);
    expect(parts.get('a.ts')).toBe('abcxyz');
    expect(parts.get('b.ts')).toBe('def');
  });

  it('reads multi-digit offsets and keeps unmapped code apart', () => {
    // "gB" is column 16 (two VLQ digits): the 16 characters before it, and a trailing line, map to nothing.
    const map = { sources: ['a.ts', 'b.ts'], mappings: 'gBAAA,ICAA' };
    const code = `${'.'.repeat(16)}aaaabbb\n/* trailing */`;
    const parts = codeBySource(code, map);
    expect(parts.get('(unmapped)')).toBe(`${'.'.repeat(16)}/* trailing */`);
    expect(parts.get('a.ts')).toBe('aaaa');
    expect(parts.get('b.ts')).toBe('bbb');
  });

  it('groups dependencies by package and leaves the project’s files by path', () => {
    expect(moduleGroup('node_modules/preact/dist/preact.module.js')).toBe('preact');
    expect(moduleGroup('node_modules/.pnpm/x@1/node_modules/@preact/signals-core/dist/a.js')).toBe(
      '@preact/signals-core',
    );
    expect(moduleGroup('lib/host-page/sites/extract.ts')).toBe('lib/host-page/sites/extract.ts');
  });
});

describe('timeline of an open', () => {
  const origin = 1_700_000_000_000;
  const start = 500;
  const message = (type: string, sentAt: number, repliedAt: number | null): MessageTiming => ({
    type,
    sentAt: start + sentAt,
    repliedAt: repliedAt === null ? null : start + repliedAt,
  });
  const request = (arrivesAt: number, durationMs: number): RequestLogEntry =>
    ({
      seq: 1,
      time: new Date(origin + start + arrivesAt).toISOString(),
      host: 'services.leadconnectorhq.com',
      method: 'GET',
      path: '/contacts/x',
      query: {},
      status: 200,
      locationId: null,
      scopes: null,
      body: null,
      durationMs,
    }) as RequestLogEntry;
  const run = (cardMs: number, extra = 0): OpenRun => ({
    times: {
      start,
      timeOrigin: origin,
      cardMs,
      allSectionsMs: cardMs + 40,
      businessCountAt: null,
      businessRowAt: null,
    },
    messages: [
      message('status.get', -5, 1),
      message('contact.match', 10, 20),
      message('contact.match', 30, 50 + extra),
      message('contact.sections', 60, 303),
      message('contact.section', 70, 400),
      message('contact.sections', 75, null),
    ],
    requests: [request(80, 200), request(85, 205)],
  });

  it('puts the messages, the requests and the DOM on one axis from the click', () => {
    expect(phases(run(320))).toEqual({
      'contact.match sent to the background': 10,
      'contact.match answered': 50,
      'contact.sections sent': 60,
      'first HighLevel request arrives': 80,
      'last HighLevel answer leaves': 290,
      'contact.sections answered': 303,
      'card in the DOM': 320,
      'all sections in the DOM': 360,
      'messages sent': 5,
    });
  });

  it('ignores messages sent before the click and a match answered after the sections were asked for', () => {
    const late = phases(run(320, 100));
    expect(late['contact.match answered']).toBe(20);
    expect(late['messages sent']).toBe(5);
  });

  it('tabulates the median of each step per scenario, with a dash where no run had the step', () => {
    const noRequests = { ...run(100), requests: [] };
    const table = phaseTable({ cold: [run(300), run(310), run(350)], warm: [noRequests] });
    expect(table['card in the DOM']).toEqual({ cold: '310', warm: '100' });
    expect(table['first HighLevel request arrives']).toEqual({ cold: '80', warm: '–' });
  });
});
