/**
 * A listener's TLS: the certificates it terminates with (Secrets of type kubernetes.io/tls whose
 * data, where given, holds PEM armour), and the CA certificates it validates clients with.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenertlsconfig
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#frontendtlsconfig
 */
import type { AnalysisContext } from './analysis-context.ts';
import type { ListenerDraft, ListenerOwner } from './listener-draft.ts';
import type { Secret } from './core-v1.ts';
import { objectOfKind } from './decode-object.ts';
import { finding, type Finding } from './findings.ts';
import { CORE_GROUP, type Gateway, type Listener } from './gateway-api.ts';
import type { ObjectKey } from './object-key.ts';
import { checkReferencePermitted, explainMissingGrant, referenceGrantYaml } from './reference-grants.ts';
import { resolveObjectRef, resolveSecretRef } from './resolve-refs.ts';

const TLS_PROTOCOLS: ReadonlySet<string> = new Set(['HTTPS', 'TLS']);

/** Whether a listener protocol carries TLS (and so has a TLS mode). */
export function isTlsProtocol(protocol: string): boolean {
  return TLS_PROTOCOLS.has(protocol);
}

/** A TLS listener's mode (Terminate when not given); undefined for other protocols. */
export function tlsModeOf(listener: Listener): string | undefined {
  if (!isTlsProtocol(listener.protocol)) return undefined;
  return listener.tls?.mode ?? 'Terminate';
}

/** A listener being checked, and where its faults, findings and grant uses go. */
export interface ListenerCheck {
  readonly owner: ListenerOwner;
  readonly listener: Listener;
  /** The listener's field path, e.g. `spec.listeners[0]`. */
  readonly field: string;
  readonly draft: ListenerDraft;
  readonly findings: Finding[];
  readonly usesGrant: (grant: ObjectKey) => void;
}

/** Certificate references of a listener that terminates TLS (`InvalidCertificateRef`, `RefNotPermitted`). */
export function checkCertificates(ctx: AnalysisContext, check: ListenerCheck): void {
  const { owner, listener, field, draft, findings, usesGrant } = check;
  const failures: { reason: 'InvalidCertificateRef' | 'RefNotPermitted'; message: string }[] = [];
  (listener.tls?.certificateRefs ?? []).forEach((raw, index) => {
    const at = `${field}.tls.certificateRefs[${index}]`;
    const ref = resolveSecretRef(owner.namespace, raw);
    const label = `${ref.kind === 'Secret' && ref.group === CORE_GROUP ? 'Secret' : `${ref.kind} (group "${ref.group}")`} ${ref.namespace}/${ref.name}`;
    if (ref.group !== CORE_GROUP || ref.kind !== 'Secret') {
      failures.push({
        reason: 'InvalidCertificateRef',
        message: `certificateRefs[${index}] refers to ${label}; only core Secrets are supported.`,
      });
      findings.push(
        finding('listener-certificate-invalid', {
          subject: owner.key,
          field: at,
          message: `listener "${listener.name}": certificateRefs[${index}] refers to ${label}, but a listener certificate must be a Secret in the core group.`,
        }),
      );
      return;
    }
    const target = {
      group: CORE_GROUP,
      kind: 'Secret',
      namespace: ref.namespace ?? owner.namespace,
      name: ref.name,
    };
    const from = { group: owner.group, kind: owner.kind, namespace: owner.namespace };
    const permission = checkReferencePermitted(ctx, from, target);
    if (!permission.permitted) {
      failures.push({
        reason: 'RefNotPermitted',
        message: `certificateRefs[${index}] refers to ${label} in another namespace, and no ReferenceGrant there permits it.`,
      });
      findings.push(
        finding('listener-reference-not-permitted', {
          subject: owner.key,
          related: [ref.key],
          field: at,
          message: `listener "${listener.name}" uses Secret ${ref.namespace}/${ref.name} from namespace ${owner.namespace}, but no ReferenceGrant in namespace ${ref.namespace} allows ${owner.kind}s from ${owner.namespace} to use it.`,
          hints: explainMissingGrant(ctx, from, target),
          fix: {
            description: `Create this ReferenceGrant in namespace ${ref.namespace}:`,
            yaml: referenceGrantYaml({ ...from, name: ownerName(owner.key) }, target),
          },
        }),
      );
      return;
    }
    if (permission.grant) usesGrant(permission.grant);
    const secret = objectOfKind(ctx.get(ref.key), 'Secret');
    if (!secret && !ctx.readable('Secret', target.namespace)) {
      (draft.unchecked ??= []).push(
        `certificateRefs[${index}]: Secret ${target.namespace}/${ref.name} not checked: no read access.`,
      );
      return;
    }
    if (!secret) {
      failures.push({
        reason: 'InvalidCertificateRef',
        message: `certificateRefs[${index}]: Secret ${ref.namespace}/${ref.name} does not exist.`,
      });
      findings.push(
        finding('listener-certificate-invalid', {
          subject: owner.key,
          related: [ref.key],
          field: at,
          message: `listener "${listener.name}": Secret ${ref.namespace}/${ref.name} does not exist.`,
        }),
      );
      return;
    }
    const malformed = malformedTlsSecret(secret);
    if (malformed) {
      failures.push({
        reason: 'InvalidCertificateRef',
        message: `certificateRefs[${index}]: Secret ${ref.namespace}/${ref.name} ${malformed}.`,
      });
      findings.push(
        finding('listener-certificate-invalid', {
          subject: owner.key,
          related: [ref.key],
          field: at,
          message: `listener "${listener.name}": Secret ${ref.namespace}/${ref.name} ${malformed}.`,
        }),
      );
    }
  });
  if (failures.length === 0) return;
  const allGrant = failures.every((failure) => failure.reason === 'RefNotPermitted');
  const total = listener.tls?.certificateRefs?.length ?? 0;
  const partial = failures.length < total;
  const reason = allGrant ? 'RefNotPermitted' : 'InvalidCertificateRef';
  const alternatives = [
    // With some references usable, a controller may keep serving and say so in its own reason.
    ...(partial ? ['PartiallyInvalidCertificateRef'] : []),
    ...new Set(failures.map((failure) => failure.reason).filter((other) => other !== reason)),
  ];
  draft.unresolved.push({
    reason,
    message: failures.map((failure) => failure.message).join(' '),
    ...(alternatives.length > 0 ? { alternatives } : {}),
  });
}

/**
 * Why a TLS Secret cannot be used, when its data was given; undefined when it looks usable or
 * its data is not known (the live server reads Secrets by metadata only).
 */
export function malformedTlsSecret(secret: Secret): string | undefined {
  const data = secret.data;
  const stringData = secret.stringData;
  if (data === undefined && stringData === undefined) {
    return secret.type !== undefined && secret.type !== 'kubernetes.io/tls'
      ? `is of type ${secret.type}, not kubernetes.io/tls`
      : undefined;
  }
  const read = (field: string): string | undefined => {
    if (stringData?.[field] !== undefined) return stringData[field];
    const encoded = data?.[field];
    if (encoded === undefined) return undefined;
    return decodeBase64(encoded);
  };
  const cert = read('tls.crt');
  const key = read('tls.key');
  if (cert === undefined || key === undefined) return 'lacks tls.crt or tls.key';
  if (!/-----BEGIN [A-Z ]*CERTIFICATE-----/.test(cert)) return 'has a tls.crt that is not a PEM certificate';
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) return 'has a tls.key that is not a PEM private key';
  return undefined;
}

// Padding is matched only where an `=` stands: with white space on both sides of an optional
// padding, a long run of white space before a stray character took quadratic time.
const BASE64 = /^[A-Za-z0-9+/\s]*(?:={1,2}\s*)?$/;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 to a Latin-1 string (enough to look for PEM armour); '' when not base64. */
function decodeBase64(encoded: string): string {
  if (!BASE64.test(encoded)) return '';
  const clean = encoded.replace(/[\s=]+/g, '');
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    buffer = (buffer << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((buffer >> bits) & 0xff);
    }
  }
  return out;
}

function ownerName(key: ObjectKey): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/**
 * The CA certificates an HTTPS listener validates client certificates with, from the Gateway's
 * `spec.tls.frontend` (`InvalidCACertificateRef`, `InvalidCACertificateKind`, `RefNotPermitted`).
 */
export function checkFrontendValidation(ctx: AnalysisContext, gateway: Gateway, check: ListenerCheck): void {
  const { owner, listener, draft, findings, usesGrant } = check;
  const frontend = gateway.spec.tls?.frontend;
  if (!frontend) return;
  const perPort = frontend.perPort?.find((entry) => entry.port === listener.port);
  const validation = perPort ? perPort.tls?.validation : frontend.default?.validation;
  const source = perPort
    ? `spec.tls.frontend.perPort[${frontend.perPort?.indexOf(perPort) ?? 0}]`
    : 'spec.tls.frontend.default';
  const refs = validation?.caCertificateRefs ?? [];
  if (refs.length === 0) return;
  const failures: { reason: string; message: string }[] = [];
  refs.forEach((raw, index) => {
    const ref = resolveObjectRef(owner.namespace, raw);
    const at = `${source}.validation.caCertificateRefs[${index}]`;
    const label = `${ref.kind} ${ref.namespace}/${ref.name}`;
    if (ref.group !== CORE_GROUP || (ref.kind !== 'ConfigMap' && ref.kind !== 'Secret')) {
      failures.push({
        reason: 'InvalidCACertificateKind',
        message: `${at} refers to ${label} (group "${ref.group}"); a CA certificate must be a ConfigMap.`,
      });
      return;
    }
    const target = {
      group: CORE_GROUP,
      kind: ref.kind,
      namespace: ref.namespace ?? owner.namespace,
      name: ref.name,
    };
    const from = { group: owner.group, kind: owner.kind, namespace: owner.namespace };
    const permission = checkReferencePermitted(ctx, from, target);
    if (!permission.permitted) {
      failures.push({
        reason: 'RefNotPermitted',
        message: `${at} refers to ${label} in another namespace, and no ReferenceGrant there permits it.`,
      });
      findings.push(
        finding('listener-reference-not-permitted', {
          subject: owner.key,
          related: [ref.key],
          field: at,
          discriminator: `${at}:${listener.name}`,
          message: `listener "${listener.name}" validates client certificates with ${label}, but no ReferenceGrant in namespace ${ref.namespace} allows Gateways from ${owner.namespace} to use it.`,
          fix: {
            description: `Create this ReferenceGrant in namespace ${ref.namespace}:`,
            yaml: referenceGrantYaml({ ...from, name: ownerName(owner.key) }, target),
          },
        }),
      );
      return;
    }
    if (permission.grant) usesGrant(permission.grant);
    const found = objectOfKind(ctx.get(ref.key), ref.kind);
    if (!found && !ctx.readable(ref.kind, target.namespace)) {
      (draft.unchecked ??= []).push(`${at}: ${label} not checked: no read access.`);
      return;
    }
    if (!found) {
      failures.push({ reason: 'InvalidCACertificateRef', message: `${at}: ${label} does not exist.` });
      return;
    }
    if (found.data !== undefined && found.data['ca.crt'] === undefined) {
      failures.push({ reason: 'InvalidCACertificateRef', message: `${at}: ${label} has no ca.crt key.` });
    }
  });
  if (failures.length === 0) return;
  for (const failure of failures) draft.unresolved.push(failure);
  if (failures.length === refs.length) {
    draft.notAccepted.push({
      reason: 'NoValidCACertificate',
      message: `None of the CA certificates for client validation can be used: ${failures.map((failure) => failure.message).join(' ')}`,
    });
  }
  findings.push(
    finding('listener-ca-invalid', {
      subject: owner.key,
      field: `${source}.validation`,
      discriminator: `${source}:${listener.name}`,
      message: `listener "${listener.name}": ${failures.map((failure) => failure.message).join(' ')}`,
    }),
  );
}
