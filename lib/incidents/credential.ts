import type { SpecPath } from '../common/errors';
import { isDnsSubdomain } from '../common/names';

/** Where Alertmanager reads a Secret the Prometheus Operator mounts for it (`Alertmanager.spec.secrets`). */
export const OPERATOR_SECRETS_DIR = '/etc/alertmanager/secrets';

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A credential a receiver needs (a PagerDuty routing key, an Opsgenie API key, a Slack webhook URL, a
 * password), never its value: a key written in code ends up in Git and in every rendered file.
 *
 * - `Credential.secret(name, key)`: a key of a Kubernetes Secret. An `AlertmanagerConfig` names it as a
 *   `SecretKeySelector` (the Secret must live in the AlertmanagerConfig's namespace); a plain
 *   `alertmanager.yml` reads it from the file the Secret is mounted as, `<secretsDir>/<name>/<key>`
 *   (`/etc/alertmanager/secrets/<name>/<key>`, where the operator mounts `Alertmanager.spec.secrets`).
 * - `Credential.file(path)`: a file on the Alertmanager host, for a plain `alertmanager.yml` only.
 *
 * A literal string where a credential belongs is refused.
 *
 * @see https://prometheus.io/docs/alerting/0.25/configuration/
 */
export class Credential {
  /** A key of a Kubernetes Secret. */
  public static secret(name: string, key: string): Credential {
    return new Credential('secret', name, key, undefined);
  }

  /** A file Alertmanager reads at start (plain `alertmanager.yml` only): an absolute path. */
  public static file(path: string): Credential {
    return new Credential('file', undefined, undefined, path);
  }

  private constructor(
    /** Where the value is kept. */
    public readonly kind: 'secret' | 'file',
    /** Secret name, for a Secret. */
    public readonly secretName: string | undefined,
    /** Key in the Secret, for a Secret. */
    public readonly secretKey: string | undefined,
    /** File path, for a file. */
    public readonly path: string | undefined,
  ) {}

  /** The file Alertmanager reads this from, for a plain `alertmanager.yml`. */
  public filePath(secretsDir: string): string {
    return this.kind === 'file' ? this.path! : `${secretsDir}/${this.secretName}/${this.secretKey}`;
  }

  /** "Secret pagerduty/routing-key" or "file /run/secrets/key", for messages. */
  public toString(): string {
    return this.kind === 'file' ? `file ${this.path}` : `Secret ${this.secretName}/${this.secretKey}`;
  }
}

/** A credential as an `AlertmanagerConfig` names it. */
export interface SecretKeySelector {
  /** Secret name. */
  readonly name: string;
  /** Key. */
  readonly key: string;
}

/** Checks a credential field: a {@link Credential} with a valid Secret name and key, or an absolute path. Literals are refused. */
export function requireCredential(at: SpecPath, field: string, value: unknown): Credential {
  if (typeof value === 'string') {
    return at.fail(
      field,
      '<redacted>',
      'is a literal credential, which would end up in Git and in every rendered file',
      `Keep it in a Kubernetes Secret and give Credential.secret('<secret name>', '<key>'), or, for a plain alertmanager.yml, Credential.file('/path/to/file').`,
    );
  }
  if (!(value instanceof Credential)) {
    return at.fail(field, value, 'is not a credential', "Give Credential.secret('<secret name>', '<key>') or Credential.file('/path/to/file').");
  }
  if (value.kind === 'secret') {
    if (!isDnsSubdomain(value.secretName!)) {
      at.fail(field, value.secretName, 'is not a valid Secret name', 'Use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit.');
    }
    if (typeof value.secretKey !== 'string' || !SECRET_KEY.test(value.secretKey) || value.secretKey.length > 253) {
      at.fail(field, value.secretKey, 'is not a valid Secret key', 'Secret keys are letters, digits, "-", "_" and ".", e.g. "routing-key".');
    }
  } else if (typeof value.path !== 'string' || !value.path.startsWith('/') || /[\s"'\\]/.test(value.path)) {
    at.fail(field, value.path, 'is not an absolute file path', 'Give the absolute path of the file holding the credential, e.g. "/etc/alertmanager/secrets/pagerduty/routing-key".');
  }
  return value;
}
