/**
 * `tls.insecure: true` turns certificate verification off: whoever sits on
 * the network path can impersonate the cluster and read the credentials dac
 * sends. Allowed for throw-away test clusters, but never silently: every run
 * that builds such a transport says so on stderr, once per location.
 */
const warned = new Set<string>();

export function warnInsecureTls(location: string, environment: string | undefined, write: (text: string) => void = (t) => void process.stderr.write(t)): void {
  if (warned.has(location)) return;
  warned.add(location);
  const env = environment !== undefined ? ` (environment "${environment}", tls.insecure: true)` : " (tls.insecure: true)";
  write(`dac: warning: TLS certificate verification is off for ${location}${env}; anyone on the network path can impersonate the cluster and read the credentials. Set tls.caFile instead.\n`);
}
