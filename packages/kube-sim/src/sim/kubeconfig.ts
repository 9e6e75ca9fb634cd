import { stringify } from 'yaml';

export interface KubeconfigCluster {
  name: string;
  url: string;
  token: string;
  readOnlyToken: string;
  /** Base64 PEM of the certificate authority (the servers' self-signed certificate). */
  caData: string;
}

/**
 * A kubeconfig with one context per cluster (named after it, using the
 * read-write token) plus `<name>-readonly` contexts with the read-only token.
 */
export function kubeconfigYaml(clusters: KubeconfigCluster[], current?: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': current ?? clusters[0]?.name ?? '',
    clusters: clusters.map(c => ({ name: c.name, cluster: { server: c.url, 'certificate-authority-data': c.caData } })),
    users: clusters.flatMap(c => [
      { name: `${c.name}-admin`, user: { token: c.token } },
      { name: `${c.name}-viewer`, user: { token: c.readOnlyToken } },
    ]),
    contexts: clusters.flatMap(c => [
      { name: c.name, context: { cluster: c.name, user: `${c.name}-admin`, namespace: 'default' } },
      { name: `${c.name}-readonly`, context: { cluster: c.name, user: `${c.name}-viewer`, namespace: 'default' } },
    ]),
  });
}
