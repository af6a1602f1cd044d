// Reading certificate files (src/platform/certificates.ts) with the committed test certificates
// (test/fixtures/certs, made by make-certs.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { parseCertificate } from '../../../src/platform/certificates.js';
import { ROOT } from '../../helpers/cli.js';

const file = (name: string) => readFileSync(join(ROOT, 'test/fixtures/certs', name));

describe('parseCertificate', () => {
  it('reads PEM: thumbprint, subject, validity and the DER bytes', () => {
    const c = parseCertificate(file('ci.pem'), 'ci.pem');
    expect(c).toMatchObject({
      thumbprint: 'C8BD6C1CBB365BD0E663A2FF9E5C465C6848E5F7',
      subject: 'CN=contoso-ci, O=Contoso',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2028-01-01T00:00:00.000Z',
    });
    const pemBody = file('ci.pem').toString('latin1').replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    expect(c.derBase64).toBe(pemBody);
  });

  it('reads DER (.cer) and DER as bare base64 alike', () => {
    const der = parseCertificate(file('deploy.cer'), 'deploy.cer');
    expect(der).toMatchObject({ thumbprint: 'C0AFE98EC700014B7B2D95839173ABF0632E5BDF', subject: 'CN=contoso-deploy, O=Contoso', notAfter: '2027-02-01T00:00:00.000Z' });
    const b64 = parseCertificate(Buffer.from(`${file('deploy.cer').toString('base64').replace(/(.{64})/g, '$1\n')}\n`), 'deploy.b64');
    expect(b64).toEqual(der);
  });

  it('refuses a file with a private key, a chain, and anything that is not a certificate', () => {
    expect(() => parseCertificate(file('with-private-key.pem'), 'leaky.pem')).toThrow('leaky.pem contains a private key; upload only the public certificate');
    const chain = Buffer.concat([file('ci.pem'), file('expired.pem')]);
    expect(() => parseCertificate(chain, 'chain.pem')).toThrow('chain.pem contains 2 certificates; upload one at a time');
    expect(() => parseCertificate(Buffer.from('hello world'), 'notes.txt')).toThrow('notes.txt is not an X.509 certificate: neither PEM nor DER');
    expect(() => parseCertificate(Buffer.from('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'broken.pem')).toThrow(ValidationError);
    expect(() => parseCertificate(Buffer.alloc(0), 'empty.cer')).toThrow(ValidationError);
  });
});
