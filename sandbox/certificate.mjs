// The sandbox's self-signed TLS certificate, valid for Kustomer's host names, so a browser
// started with `--host-resolver-rules=MAP *.kustomerapp.com 127.0.0.1:PORT` and
// `--ignore-certificate-errors` talks to the sandbox exactly as it would to Kustomer.
// Made once with the `openssl` CLI and reused from `<repo>/.sandbox/` (gitignored).
import { execFile } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

const DEFAULT_DIR = fileURLToPath(new URL('../.sandbox/', import.meta.url));
const KEY_FILE = 'sandbox-key.pem';
const CERT_FILE = 'sandbox-cert.pem';

export const CERTIFICATE_HOSTS = [
  'DNS:*.kustomerapp.com',
  'DNS:*.api.kustomerapp.com',
  'DNS:kustomerapp.com',
  'DNS:localhost',
  'IP:127.0.0.1',
];

/** A certificate closer than this to its end is made again. */
const RENEW_BEFORE_MS = 7 * 24 * 60 * 60 * 1000;
/** How long a process waits for another one's certificate before breaking its lock. */
const LOCK_WAIT_MS = 30_000;

/**
 * @typedef {{ key: string, cert: string, keyPath: string, certPath: string }} Certificate
 */

/**
 * Returns the sandbox certificate, creating it when it is missing, expiring, or does not
 * cover the hosts above.
 * @param {string} [dir]
 * @returns {Promise<Certificate>}
 */
export async function ensureCertificate(dir = DEFAULT_DIR) {
  const keyPath = join(dir, KEY_FILE);
  const certPath = join(dir, CERT_FILE);
  const existing = await readUsable(keyPath, certPath);
  if (existing) return existing;

  // Several processes (test files running in parallel) may start sandboxes at once: the one
  // that takes the lock makes the certificate, the others wait for it and read its files.
  await mkdir(dir, { recursive: true });
  const lockPath = join(dir, 'certificate.lock');
  let deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    if (await tryLock(lockPath)) {
      try {
        const madeMeanwhile = await readUsable(keyPath, certPath);
        if (madeMeanwhile) return madeMeanwhile;
        await createCertificate(dir, keyPath, certPath);
        const created = await readUsable(keyPath, certPath);
        if (!created) throw new Error(`openssl made an unusable certificate in ${dir}`);
        return created;
      } finally {
        await rm(lockPath, { recursive: true, force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const madeByOther = await readUsable(keyPath, certPath);
    if (madeByOther) return madeByOther;
    if (Date.now() > deadline) {
      // The lock outlived any openssl run: its owner died. Remove it and try again.
      await rm(lockPath, { recursive: true, force: true });
      deadline = Date.now() + LOCK_WAIT_MS;
    }
  }
}

/**
 * Takes the lock (an atomic mkdir) unless another process holds it.
 * @param {string} lockPath
 */
async function tryLock(lockPath) {
  try {
    await mkdir(lockPath);
    return true;
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code === 'EEXIST') return false;
    throw error;
  }
}

/**
 * @param {string} keyPath
 * @param {string} certPath
 * @returns {Promise<Certificate | undefined>}
 */
async function readUsable(keyPath, certPath) {
  let key, cert;
  try {
    [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
  } catch {
    return undefined;
  }
  try {
    const x509 = new X509Certificate(cert);
    const coversHosts = CERTIFICATE_HOSTS.every((host) =>
      (x509.subjectAltName ?? '').includes(host.startsWith('IP:') ? `IP Address:${host.slice(3)}` : host),
    );
    const fresh = Date.parse(x509.validTo) - Date.now() > RENEW_BEFORE_MS;
    if (!coversHosts || !fresh || !x509.checkPrivateKey(createPrivateKey(key))) return undefined;
  } catch {
    return undefined;
  }
  return { key, cert, keyPath, certPath };
}

/**
 * Runs openssl in a private temporary directory, then moves the files into place, so a
 * reader never sees a half-written file.
 * @param {string} dir
 * @param {string} keyPath
 * @param {string} certPath
 */
async function createCertificate(dir, keyPath, certPath) {
  const workDir = await mkdtemp(join(dir, 'tmp-'));
  try {
    const tmpKey = join(workDir, KEY_FILE);
    const tmpCert = join(workDir, CERT_FILE);
    // prettier-ignore
    await run('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '365',
      '-subj', '/CN=kustomerapp.test',
      '-addext', `subjectAltName=${CERTIFICATE_HOSTS.join(',')}`,
      '-keyout', tmpKey, '-out', tmpCert,
    ]);
    await rename(tmpKey, keyPath);
    await rename(tmpCert, certPath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Could not create the sandbox certificate with openssl: ${reason}`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
