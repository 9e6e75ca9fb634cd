import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { derInteger, selfSignedCert } from './selfSignedCert';

describe('selfSignedCert', () => {
  it('encodes integers in DER minimal form, whatever the leading bytes', () => {
    const hex = (b: Buffer) => derInteger(b).toString('hex');
    expect(hex(Buffer.from([0x00, 0x12, 0x34]))).toBe('02021234'); // leading zero dropped
    expect(hex(Buffer.from([0x00, 0x00, 0x92]))).toBe('02020092'); // one zero kept: high bit
    expect(hex(Buffer.from([0x92, 0x01]))).toBe('0203009201'); // zero added: high bit
    expect(hex(Buffer.from([0x00]))).toBe('020100'); // zero itself
  });

  it('makes certificates OpenSSL accepts, serving TLS for 127.0.0.1', () => {
    // A serial starting with 0x00 happens once in 256 certificates: make enough that the
    // old encoding would have failed here with near certainty (it failed a CI run).
    for (let i = 0; i < 1500; i++) {
      const { certPem, keyPem } = selfSignedCert();
      const cert = new X509Certificate(certPem);
      expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
      createSecureContext({ cert: certPem, key: keyPem }); // what https.createServer does
    }
  });
});
