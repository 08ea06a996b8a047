/**
 * The sandbox's self-signed TLS certificate: one certificate for every host in SANDBOX_HOSTS plus
 * 127.0.0.1/localhost, cached in `.sandbox-cert/` at the repository root (gitignored) and regenerated when a host
 * is missing or it expires within a month.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from 'selfsigned';
import { SANDBOX_HOSTS } from './fixtures.ts';

export interface TlsMaterial {
  key: string;
  cert: string;
}

const CERT_DIR = fileURLToPath(new URL('../.sandbox-cert/', import.meta.url));
/** Key and certificate in one file, so a reader never pairs a new key with an old certificate. */
const PEM_FILE = `${CERT_DIR}sandbox.pem`;
const MONTH_MS = 30 * 86_400_000;
const DNS_NAMES = [...SANDBOX_HOSTS, 'localhost'];

function usable(material: TlsMaterial): boolean {
  try {
    const x509 = new X509Certificate(material.cert);
    if (Date.parse(x509.validTo) - Date.now() < MONTH_MS) return false;
    const names = (x509.subjectAltName ?? '').split(/,\s*/);
    return DNS_NAMES.every((host) => names.includes(`DNS:${host}`)) && names.includes('IP Address:127.0.0.1');
  } catch {
    return false;
  }
}

function readCached(): TlsMaterial | null {
  try {
    const pem = readFileSync(PEM_FILE, 'utf8');
    const at = pem.indexOf('-----BEGIN CERTIFICATE-----');
    return at > 0 ? { key: pem.slice(0, at), cert: pem.slice(at) } : null;
  } catch {
    return null;
  }
}

/** Writes through a temporary file and a rename, so concurrent sandboxes never read half a file. */
function writeAtomically(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  renameSync(temporary, path);
}

export async function loadCertificate(): Promise<TlsMaterial> {
  const cached = readCached();
  if (cached && usable(cached)) return cached;
  const notBeforeDate = new Date(Date.now() - 86_400_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 397 * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'HighLevel Sidebar sandbox' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...DNS_NAMES.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const material = { key: pems.private, cert: pems.cert };
  try {
    mkdirSync(CERT_DIR, { recursive: true });
    writeAtomically(PEM_FILE, `${material.key.trim()}\n${material.cert.trim()}\n`);
  } catch {
    // A read-only checkout still gets a working (uncached) certificate.
  }
  return material;
}
