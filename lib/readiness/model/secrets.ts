import { parse } from 'yaml';
import { asObject, asString, at, objectsOf } from './json';
import type { ObjectRef, PlainFile, ReviewedObject } from './objects';

/** A secret value written into the tree. The value itself is never kept, so a report cannot leak it. */
export interface InlineSecretFact {
  /** The object holding it. */
  readonly ref: ObjectRef;
  /** Where in the object (`data.password`, `spec.template.spec.containers[app].env[DB_PASSWORD]`). */
  readonly where: string;
  /** What it looks like. */
  readonly what: string;
}

/** Environment variable names that hold credentials; names of a file, URL or setting about one do not. */
const CREDENTIAL_NAME = /(^|[_-])(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API[_-]?KEY|ACCESS[_-]?KEY|PRIVATE[_-]?KEY|CREDENTIALS?|AUTH)([_-]|$)/i;
const NOT_A_CREDENTIAL = /[_-](FILE|PATH|DIR|URL|URI|HOST|PORT|ENDPOINT|NAME|USER|USERNAME|TTL|TIMEOUT|ENABLED|LENGTH|HEADER|TYPE|MODE|REF)$/i;

/** Patterns that are credentials wherever they appear (high confidence, so a dashboard's text never trips them). */
const CREDENTIAL_PATTERNS: ReadonlyArray<{ readonly what: string; readonly pattern: RegExp }> = [
  { what: 'a PEM private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/ },
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { what: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { what: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/ },
  { what: 'a Stripe live key', pattern: /\b[rs]k_live_[0-9a-zA-Z]{20,}/ },
  { what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'a password in a URL', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@$]+:[^\s@/$]+@/i },
];

/**
 * The key Pulumi marks a secret value with (its wire format). A Secret whose data comes from a secret Output
 * (another resource's key, `config.requireSecret`) holds no value in anything a reviewer reads: Pulumi keeps it
 * encrypted in the state.
 */
const PULUMI_SECRET_SIGNATURE = '4dabf18193072939515e22adb298388d';

/** Alertmanager fields that hold a credential; each has a `*_file` twin that reads it from a mounted file. */
const ALERTMANAGER_CREDENTIALS = ['api_key', 'routing_key', 'service_key', 'auth_password', 'password', 'bot_token', 'api_url', 'auth_token', 'secret', 'credentials'];

/** Every secret value written into the tree. */
export function readInlineSecrets(objects: readonly ReviewedObject[], alertmanagerFiles: readonly PlainFile[]): InlineSecretFact[] {
  const out: InlineSecretFact[] = [];
  for (const o of objects) {
    const isSecret = o.group === '' && o.ref.kind === 'Secret';
    if (isSecret) {
      for (const field of ['data', 'stringData'] as const) {
        const values = asObject(o.manifest[field]) ?? {};
        if (PULUMI_SECRET_SIGNATURE in values) continue;
        for (const [key, value] of Object.entries(values)) {
          if (typeof value === 'string' && value !== '') out.push({ ref: o.ref, where: `${field}.${key}`, what: 'a Secret value written in the manifest' });
        }
      }
    }
    scanStrings(o.manifest, '', (path, text) => {
      if (isSecret && /^(data|stringData)\./.test(path)) return;
      for (const { what, pattern } of CREDENTIAL_PATTERNS) {
        if (pattern.test(text)) {
          out.push({ ref: o.ref, where: path, what });
          return;
        }
      }
    });
    if (o.group === 'apps' || o.group === 'batch' || (o.group === '' && o.ref.kind === 'Pod')) {
      for (const { path, containers } of podSpecs(o)) {
        for (const c of containers) {
          for (const e of objectsOf(c.env)) {
            const name = asString(e.name) ?? '';
            const value = asString(e.value);
            if (value && CREDENTIAL_NAME.test(name) && !NOT_A_CREDENTIAL.test(name) && !/^\$\(/.test(value)) {
              out.push({ ref: o.ref, where: `${path}.containers[${asString(c.name) ?? '?'}].env[${name}]`, what: 'a credential in a literal environment variable' });
            }
          }
        }
      }
    }
    if (o.group === '' && o.ref.kind === 'ConfigMap') {
      for (const [key, value] of Object.entries(asObject(o.manifest.data) ?? {})) {
        if (typeof value !== 'string' || !/^alertmanager\.ya?ml$/.test(key)) continue;
        let config: unknown;
        try {
          config = parse(value);
        } catch {
          config = undefined;
        }
        for (const where of alertmanagerCredentials(config)) out.push({ ref: o.ref, where: `data.${key}: ${where}`, what: 'an Alertmanager credential written in the configuration' });
      }
    }
  }
  for (const f of alertmanagerFiles) {
    for (const where of alertmanagerCredentials(f.content)) out.push({ ref: f.ref, where, what: 'an Alertmanager credential written in the configuration' });
  }
  return out;
}

/** Paths of credential fields with a literal value in an Alertmanager configuration. */
function alertmanagerCredentials(config: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`));
      return;
    }
    const o = asObject(value);
    if (!o) return;
    for (const [k, v] of Object.entries(o)) {
      const p = path ? `${path}.${k}` : k;
      if (ALERTMANAGER_CREDENTIALS.includes(k) && typeof v === 'string' && v !== '') found.push(p);
      else walk(v, p);
    }
  };
  walk(config, '');
  return found;
}

function podSpecs(o: ReviewedObject): Array<{ path: string; containers: Array<Record<string, unknown>> }> {
  const candidates: Array<[string, unknown]> = [
    ['spec', at(o.manifest, 'spec')],
    ['spec.template.spec', at(o.manifest, 'spec', 'template', 'spec')],
    ['spec.jobTemplate.spec.template.spec', at(o.manifest, 'spec', 'jobTemplate', 'spec', 'template', 'spec')],
  ];
  return candidates
    .filter(([, spec]) => asObject(spec) && (Array.isArray(at(spec, 'containers')) || Array.isArray(at(spec, 'initContainers'))))
    .map(([path, spec]) => ({ path, containers: [...objectsOf(at(spec, 'initContainers')), ...objectsOf(at(spec, 'containers'))] }));
}

function scanStrings(value: unknown, path: string, visit: (path: string, text: string) => void): void {
  if (typeof value === 'string') {
    visit(path, value);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => scanStrings(v, `${path}[${i}]`, visit));
  } else {
    const o = asObject(value);
    if (o) for (const [k, v] of Object.entries(o)) scanStrings(v, path ? `${path}.${k}` : k, visit);
  }
}
