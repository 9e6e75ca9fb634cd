import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/**
 * A self-signed ECDSA P-256 certificate for the simulated API servers,
 * built as DER by hand (Node can sign but not issue certificates).
 * kubectl only sends bearer tokens over TLS, so the clusters must speak
 * HTTPS; the certificate doubles as its own CA for the kubeconfig's
 * `certificate-authority-data`.
 */

function len(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer) => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const ctx = (n: number, body: Buffer, constructed = true) => tlv((constructed ? 0xa0 : 0x80) | n, body);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0] + parts[1]];
  for (const p of parts.slice(2)) {
    const stack = [p & 0x7f];
    let v = p >> 7;
    while (v > 0) {
      stack.unshift((v & 0x7f) | 0x80);
      v >>= 7;
    }
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
}

/**
 * A DER INTEGER of unsigned big-endian bytes. DER wants the minimal form: no leading zero
 * byte unless the next one has its high bit set (then one is needed, or it reads negative).
 * A random serial that starts with 0x00 used to keep it, and OpenSSL then refused the
 * certificate ("asn1 encoding routines::illegal padding") in about 1 start of 512.
 */
export function derInteger(b: Buffer): Buffer {
  let start = 0;
  while (start < b.length - 1 && b[start] === 0) start++;
  const bytes = b.subarray(start);
  const body = bytes[0] & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return tlv(0x02, body);
}

function utcTime(d: Date): Buffer {
  const s = `${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`;
  return tlv(0x17, Buffer.from(s, 'ascii'));
}

function name(cn: string): Buffer {
  return seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));
}

export interface Certificate {
  certPem: string;
  keyPem: string;
}

export function selfSignedCert(commonName = 'kube-sim', ips = ['127.0.0.1'], dnsNames = ['localhost']): Certificate {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const alg = seq(oid('1.2.840.10045.4.3.2'));
  const now = Date.now();
  const san = seq(
    ...dnsNames.map(d => tlv(0x82, Buffer.from(d, 'ascii'))),
    ...ips.map(ip => tlv(0x87, Buffer.from(ip.split('.').map(Number)))),
  );
  const ext = (id: string, critical: boolean, value: Buffer) =>
    seq(oid(id), ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []), tlv(0x04, value));
  const extensions = ctx(
    3,
    seq(
      ext('2.5.29.19', true, seq(tlv(0x01, Buffer.from([0xff])))), // basicConstraints CA:TRUE
      ext('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0x84]))), // keyUsage digitalSignature, keyCertSign
      ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage serverAuth
      ext('2.5.29.17', false, san),
    ),
  );
  const tbs = seq(
    ctx(0, derInteger(Buffer.from([2]))),
    derInteger(randomBytes(16)),
    alg,
    name(commonName),
    seq(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 365 * 24 * 3600_000))),
    name(commonName),
    spki,
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = seq(tbs, alg, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const b64 = cert.toString('base64').replace(/(.{64})/g, '$1\n').trim();
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
