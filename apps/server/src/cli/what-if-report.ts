/**
 * What `analyze --context` reports per context: the prediction of the core (what-if.ts) with
 * what could not be read, or why the context could not be read at all. `-o json` prints these as
 * `{ contexts: [...] }`, in the order the contexts were given.
 */
import type { Finding, PredictedObjectChange, SourceLocation, VerdictChange } from '@gatemap/topology';
import type { UnreadKind } from './read-cluster.ts';

/** An object of the change: what the change asked for, where it was written, and what it does. */
type ObjectReport = PredictedObjectChange & {
  /** `apply`: an object of the files; `delete`: `--delete` or a `$patch: delete` document. */
  readonly requested: 'apply' | 'delete';
  /** Where the object of the files was written. */
  readonly source?: SourceLocation;
};

export interface PredictedContext {
  readonly context: string;
  /** The API server's URL. */
  readonly server: string;
  /** The objects the change applies or deletes, by key. */
  readonly objects: readonly ObjectReport[];
  /** Problems first: broke, other changes to a state that does not work, recovered, the rest. */
  readonly verdicts: readonly VerdictChange[];
  /** The findings of the finding verdicts, raised (as after the change) or cleared (as before). */
  readonly findings: readonly Finding[];
  /** Left out of the prediction: what RBAC did not let gatemap list. */
  readonly unread: readonly UnreadKind[];
  /** The policy kinds read (`Kind.group`): the cluster's, and those the files' CRDs define. */
  readonly policyKinds: readonly string[];
  /** Something that works today would not. */
  readonly breaks: boolean;
}

interface UnreadContext {
  readonly context: string;
  readonly error: string;
}

export type ContextReport = PredictedContext | UnreadContext;

export interface WhatIfReport {
  readonly contexts: readonly ContextReport[];
}
