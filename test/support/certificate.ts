import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A self-signed certificate for 127.0.0.1/localhost, made now with openssl (PEM files in a temp
 * dir). `spki`: for Chromium's --ignore-certificate-errors-spki-list — ignoreHTTPSErrors alone
 * loads pages but Chromium still refuses to register a service worker over a certificate error.
 */
export function selfSignedCertificate(): {
  dir: string;
  certFile: string;
  keyFile: string;
  cert: Buffer;
  spki: string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'wd-tls-'));
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(certFile);
  const der = new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' });
  return { dir, certFile, keyFile, cert, spki: createHash('sha256').update(der).digest('base64') };
}
