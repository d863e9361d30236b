/**
 * The emulator's TLS certificate: a throwaway CA and a leaf for 127.0.0.1/localhost, both
 * EC P-256 signed with node's webcrypto (milliseconds, not the seconds of RSA). Generated
 * once per process and host, then reused; a caller may pass its own material instead.
 */
import { webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

export interface TlsMaterial {
  /** Leaf certificate, PEM. */
  readonly cert: string;
  /** Leaf private key, PEM (PKCS#8). */
  readonly key: string;
  /** The CA that signed the leaf, PEM: what clients trust. */
  readonly ca: string;
}

const cache = new Map<string, Promise<TlsMaterial>>();

export function tlsFor(host: string): Promise<TlsMaterial> {
  let material = cache.get(host);
  if (material === undefined) {
    material = generateTls(host);
    cache.set(host, material);
    material.catch(() => cache.delete(host));
  }
  return material;
}

/** New material: a CA, and a leaf it signed for 127.0.0.1, localhost and `host`. */
export async function generateTls(host: string): Promise<TlsMaterial> {
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
  const serial = () => Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1');

  const caKeys = await webcrypto.subtle.generateKey(alg, false, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=kustodian emulator CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });

  const leafKeys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const names: { type: 'ip' | 'dns'; value: string }[] = [
    { type: 'ip', value: '127.0.0.1' },
    { type: 'dns', value: 'localhost' },
  ];
  if (host !== '127.0.0.1' && host !== 'localhost') names.push({ type: isIP(host) === 0 ? 'dns' : 'ip', value: host });
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${host}`,
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey,
    publicKey: leafKeys.publicKey,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey);
  return { cert: leaf.toString('pem'), key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'), ca: ca.toString('pem') };
}
