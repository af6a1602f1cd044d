// Reading an X.509 certificate for `app cert add` (apps.md §5.2: the portal accepts .cer, .pem and
// .crt): PEM, DER, or DER as bare base64 — the public certificate only. A file that carries a
// private key is refused: the key must never leave the machine that owns it, and Entra only needs
// the public part to verify the app's signed assertions.
import { X509Certificate } from 'node:crypto';
import type { CertificateFacts } from '../core/apps/key-credentials.js';
import { ValidationError } from '../core/errors.js';

const PEM_CERT = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
const PEM_PRIVATE_KEY = /-----BEGIN (?:RSA |EC |DSA |ENCRYPTED |OPENSSH )?PRIVATE KEY-----/;
const BARE_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function invalid(source: string, why: string): ValidationError {
  return new ValidationError('InvalidCertificate', `${source} is not an X.509 certificate: ${why}`, {
    target: '--file',
    hint: 'pass the public certificate as .cer, .crt or .pem (PEM or DER)',
  });
}

/** The DER bytes of the one certificate in the file. */
function derOf(bytes: Buffer, source: string): Buffer {
  const text = bytes.toString('latin1');
  if (PEM_PRIVATE_KEY.test(text)) {
    throw new ValidationError('CertificateHasPrivateKey', `${source} contains a private key; upload only the public certificate`, {
      target: '--file',
      hint: 'export the certificate without its key, e.g. openssl x509 -in <file> -out cert.pem',
    });
  }
  const pems = [...text.matchAll(PEM_CERT)];
  if (pems.length > 1) {
    throw new ValidationError('InvalidCertificate', `${source} contains ${pems.length} certificates; upload one at a time`, {
      target: '--file',
      hint: 'split the chain and add the certificate the app signs with',
    });
  }
  if (pems.length === 1) return Buffer.from(pems[0]![1]!.replace(/\s+/g, ''), 'base64');
  // DER starts with a SEQUENCE tag; anything else that is all base64 is taken as base64 DER.
  if (bytes[0] === 0x30) return bytes;
  const compact = text.replace(/\s+/g, '');
  if (compact.length >= 64 && compact.length % 4 === 0 && BARE_BASE64.test(compact)) return Buffer.from(compact, 'base64');
  throw invalid(source, 'neither PEM nor DER');
}

const iso = (openssl: string, source: string): string => {
  const t = Date.parse(openssl);
  if (Number.isNaN(t)) throw invalid(source, `unreadable validity date '${openssl}'`);
  return new Date(t).toISOString();
};

/** Parses a certificate file's bytes; `source` names it in messages. */
export function parseCertificate(bytes: Buffer, source: string): CertificateFacts {
  const der = derOf(bytes, source);
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (e) {
    throw invalid(source, (e as Error).message.split('\n')[0]!.replace(/^error:[0-9A-F]+:/i, '').trim() || 'unreadable');
  }
  return {
    thumbprint: cert.fingerprint.replace(/:/g, '').toUpperCase(),
    subject: cert.subject.split('\n').join(', '),
    notBefore: iso(cert.validFrom, source),
    notAfter: iso(cert.validTo, source),
    derBase64: cert.raw.toString('base64'),
  };
}
