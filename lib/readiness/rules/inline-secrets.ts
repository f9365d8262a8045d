import { CHECKLIST } from '../checklist';
import type { ReadinessFinding, ReadinessRule } from '../rule';

/** SRE-SEC-002: no secret value is written in the tree. */
export const INLINE_SECRETS: ReadinessRule = {
  id: 'SRE-SEC-002',
  title: 'No secret value is written in the manifests',
  checklist: CHECKLIST.secrets,
  level: 'error',
  description:
    'Secrets with data or stringData in the tree, environment variables whose name says credential (PASSWORD, TOKEN, API_KEY...) with a literal value, ' +
    'credentials in an Alertmanager configuration, and text that is a credential wherever it appears (private keys, cloud and chat tokens, passwords in URLs). ' +
    'The value itself is never printed. With Pulumi, a Secret whose value comes from encrypted stack config shows here too: acknowledge it with that reason.',
  check: ({ model }) =>
    model.inlineSecrets.map(
      (s): ReadinessFinding => ({
        object: s.ref,
        subject: s.where,
        problem: `it holds ${s.what}`,
        fix: 'Keep the value out of the manifests: a secret store (External Secrets, Sealed Secrets, the CSI secrets store), an env valueFrom.secretKeyRef, or a *_file setting; then rotate the exposed value.',
      }),
    ),
};
