import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { zipFolder } from '../bench/zip.ts';
import { compareTrees, hashFiles, hashTree, readZip, unwantedSources } from './check-sources.ts';

// The pure parts of `npm run check:sources`; the check itself (npm ci and a build from the sources archive) is
// its own step of `npm test`.
describe('check-sources', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function folder(files: Record<string, string | Buffer>): string {
    dir = mkdtempSync(join(tmpdir(), 'check-sources-test-'));
    for (const [name, content] of Object.entries(files)) {
      const file = join(dir, ...name.split('/'));
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, content);
    }
    return dir;
  }

  it('reads back every file of a zip, deflated or stored, with the same bytes as the folder', () => {
    const root = folder({
      'manifest.json': JSON.stringify({ name: 'x'.repeat(500) }),
      'chunks/a-1.js': 'export const a = 1;'.repeat(50),
      'icon.bin': Buffer.from([0, 255, 7, 3]),
    });
    const files = readZip(zipFolder(root));
    expect([...files.keys()].sort()).toEqual(['chunks/a-1.js', 'icon.bin', 'manifest.json']);
    expect(files.get('icon.bin')).toEqual(Buffer.from([0, 255, 7, 3]));
    expect(compareTrees(hashTree(root), hashFiles(files))).toEqual({
      identical: ['chunks/a-1.js', 'icon.bin', 'manifest.json'],
      different: [],
      missing: [],
      extra: [],
    });
  });

  it('refuses what is not a zip, and a zip whose data does not match its checksum', () => {
    expect(() => readZip(Buffer.from('not a zip at all, just text'))).toThrow(/not a zip/);
    const zip = zipFolder(folder({ 'a.txt': 'abc' }));
    const at = 30 + 'a.txt'.length; // the first byte of a.txt, stored as is
    zip.writeUInt8(zip.readUInt8(at) ^ 1, at);
    expect(() => readZip(zip)).toThrow(/a\.txt is corrupt/);
  });

  it('names the files that differ, are missing from the rebuild or only in it', () => {
    const expected = new Map([
      ['same.js', 'h1'],
      ['changed.js', 'h2'],
      ['gone.js', 'h3'],
    ]);
    const actual = new Map([
      ['same.js', 'h1'],
      ['changed.js', 'h9'],
      ['new.js', 'h4'],
    ]);
    expect(compareTrees(expected, actual)).toEqual({
      identical: ['same.js'],
      different: ['changed.js'],
      missing: ['gone.js'],
      extra: ['new.js'],
    });
  });

  it('finds secrets, installed or built files, tests and the project-only folders in a sources archive', () => {
    expect(
      unwantedSources([
        'package.json',
        'lib/api/client.ts',
        'public/_locales/en/messages.json',
        '.env',
        'lib/.env.local',
        'node_modules/wxt/package.json',
        '.output/firefox-mv3/manifest.json',
        'lib/api/client.test.ts',
        'test/e2e/sidebar.e2e.ts',
        'sandbox/main.ts',
        'broker/main.ts',
        'demo-output/card.png',
        'npm-debug.log',
      ]),
    ).toEqual([
      '.env',
      'lib/.env.local',
      'node_modules/wxt/package.json',
      '.output/firefox-mv3/manifest.json',
      'lib/api/client.test.ts',
      'test/e2e/sidebar.e2e.ts',
      'sandbox/main.ts',
      'broker/main.ts',
      'demo-output/card.png',
      'npm-debug.log',
    ]);
  });
});
