/**
 * The admin's share links: create one (scoped to namespaces and optionally Routes, for a while,
 * with a label), see its URL once, and list, inspect and revoke the existing ones.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ClusterStatus } from '@gatemap/topology';
import {
  createShareLink,
  EXPIRY_CHOICES,
  fetchShareLinks,
  fetchShareLinkUses,
  revokeShareLink,
  type CreatedShareLink,
  type ShareLink,
} from '../api/access-api.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { CheckList } from '../components/FilterPanel.tsx';
import { absoluteTime, agoText, expiryText } from '../session/relative-time.ts';
import { useTopologyStore } from '../store/useTopologyStore.ts';
import { useNow } from '../session/useNow.ts';
import {
  EXPIRY_TEXT,
  formProblems,
  initialShareForm,
  linkState,
  namespaceOptions,
  routeOptions,
  routesWithin,
  scopeText,
  shareRequest,
  type ShareForm,
} from './share-form.ts';

const SHARE_LINKS_QUERY_KEY = ['share-links'] as const;

export function SharePanel({
  view,
  selectedId,
  clusters,
  onClose,
}: {
  /** The map's filters: the form starts with their cluster and namespaces. */
  view: { readonly cluster: string | undefined; readonly namespaces: readonly string[] };
  /** The selected object: its namespace is the form's start when no namespace filter is set. */
  selectedId: string | undefined;
  clusters: readonly ClusterStatus[];
  onClose: () => void;
}) {
  const loaded = useTopologyStore((state) => state.loaded);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    heading.current?.focus();
    return () => previous?.focus();
  }, []);
  return (
    <aside
      id="gm-share"
      className="gm-panel gm-share-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="gm-share-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="gm-panel__head">
        <h2 id="gm-share-title" className="gm-panel__title" tabIndex={-1} ref={heading}>
          Share links
        </h2>
        <button type="button" className="gm-button" onClick={onClose} aria-label="Close share links">
          ✕
        </button>
      </div>
      <p className="gm-muted gm-small">
        A share link shows part of the map, read-only, to someone without the admin token: the objects in its
        namespaces (or only the Routes you pick), the Gateways those Routes attach to and the backends they
        use. Other teams&apos; Routes on a shared Gateway are counted, never named.
      </p>
      {loaded ? (
        <CreateShareLink view={view} selectedId={selectedId} clusters={clusters} />
      ) : (
        <p className="gm-muted">Loading the topology to choose namespaces from…</p>
      )}
      <ShareLinkList showCluster={clusters.length > 1} />
    </aside>
  );
}

/** The form; mounted once the topology is loaded, so that it starts from what the map shows. */
function CreateShareLink({
  view,
  selectedId,
  clusters,
}: {
  view: { readonly cluster: string | undefined; readonly namespaces: readonly string[] };
  selectedId: string | undefined;
  clusters: readonly ClusterStatus[];
}) {
  const nodes = useTopologyStore((state) => state.nodes);
  const [initial] = useState(() =>
    initialShareForm(view, selectedId === undefined ? undefined : nodes.get(selectedId), clusters),
  );
  const client = useQueryClient();
  const [form, setForm] = useState<ShareForm>(initial);
  const [problems, setProblems] = useState<readonly string[]>([]);
  const create = useMutation({
    mutationFn: createShareLink,
    onSettled: () => client.invalidateQueries({ queryKey: SHARE_LINKS_QUERY_KEY }),
  });
  const namespaces = useMemo(
    () => namespaceOptions(nodes.values(), form.cluster, initial.namespaces),
    [nodes, form.cluster, initial.namespaces],
  );
  const routes = useMemo(
    () => routeOptions(nodes.values(), form.cluster, form.namespaces),
    [nodes, form.cluster, form.namespaces],
  );
  const change = (patch: Partial<ShareForm>): void => {
    setProblems([]);
    setForm((current) => ({ ...current, ...patch }));
  };

  if (create.data) {
    return (
      <CreatedLink
        created={create.data}
        onAnother={() => {
          create.reset();
          setForm((current) => ({ ...current, label: '' }));
        }}
      />
    );
  }

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const found = formProblems(form, clusters);
    setProblems(found);
    if (found.length === 0) create.mutate(shareRequest(form));
  };

  return (
    <section aria-labelledby="gm-share-create">
      <h3 id="gm-share-create">New link</h3>
      <form className="gm-share-form" onSubmit={submit} noValidate>
        {clusters.length > 1 && (
          <label className="gm-field">
            <span>Cluster</span>
            <select
              value={form.cluster ?? ''}
              onChange={(event) => change({ cluster: event.target.value || undefined, routes: [] })}
            >
              {form.cluster === undefined && <option value="">Choose a cluster</option>}
              {clusters.map((cluster) => (
                <option key={cluster.name} value={cluster.name}>
                  {cluster.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <CheckList
          legend="Namespaces"
          options={namespaces}
          selected={form.namespaces}
          onChange={(values) => change({ namespaces: values, routes: routesWithin(form.routes, values) })}
          searchable
        />
        <CheckList
          legend="Routes (optional)"
          options={routes}
          selected={form.routes}
          onChange={(values) => change({ routes: values })}
          searchable
          empty={form.namespaces.length === 0 ? 'choose namespaces first' : 'no Routes in these namespaces'}
        />
        <p className="gm-muted gm-small gm-share-form__hint">
          {form.routes.length === 0
            ? 'No Route checked: every Route in the namespaces is shared.'
            : `Of the Routes, only the ${form.routes.length === 1 ? 'checked one is' : `${form.routes.length} checked are`} shared; the namespaces' Gateways, Services and other objects still are.`}
        </p>
        <fieldset className="gm-radios">
          <legend>Expires after</legend>
          {EXPIRY_CHOICES.map((choice) => (
            <label key={choice} className="gm-check">
              <input
                type="radio"
                name="gm-share-expiry"
                value={choice}
                checked={form.expiresIn === choice}
                onChange={() => change({ expiresIn: choice })}
              />
              <span>{EXPIRY_TEXT[choice]}</span>
            </label>
          ))}
        </fieldset>
        <label className="gm-field">
          <span>Label</span>
          <input
            type="text"
            value={form.label}
            maxLength={200}
            placeholder="who it is for, e.g. shop team"
            aria-invalid={problems.some((problem) => problem.includes('label'))}
            onChange={(event) => change({ label: event.target.value })}
          />
        </label>
        {problems.length > 0 && (
          <ul className="gm-field__error gm-share-form__problems" role="alert">
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        )}
        {create.error && (
          <p className="gm-callout gm-callout--error" role="alert">
            The server refused to create the link: {create.error.message}
          </p>
        )}
        <div>
          <button type="submit" className="gm-button gm-button--primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create link'}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The new link's URL, shown this once: the server keeps only a hash of its token. */
function CreatedLink({ created, onAnother }: { created: CreatedShareLink; onAnother: () => void }) {
  const now = useNow();
  return (
    <section className="gm-share-result" aria-labelledby="gm-share-created">
      <h3 id="gm-share-created">Link created</h3>
      <strong className="gm-share-result__label">{created.link.label}</strong>
      <div className="gm-share-result__url">
        <input
          type="text"
          readOnly
          value={created.url}
          aria-label="Share link URL"
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton text={created.url} label="Copy link" />
      </div>
      <p className="gm-callout gm-callout--warning gm-small">
        Copy it now: this URL cannot be shown again (gatemap keeps only a hash of it). Whoever has it sees{' '}
        {scopeText(created.link, false)} read-only until it {expiryText(created.link.expiresAt, now)} — send
        it like a password.
      </p>
      <button type="button" className="gm-button" onClick={onAnother}>
        Create another link
      </button>
    </section>
  );
}

function ShareLinkList({ showCluster }: { showCluster: boolean }) {
  const now = useNow();
  const query = useQuery({
    queryKey: SHARE_LINKS_QUERY_KEY,
    queryFn: ({ signal }) => fetchShareLinks(signal),
    refetchInterval: 30_000,
    refetchOnWindowFocus: false,
  });
  const links = query.data ?? [];
  const active = links.filter((link) => linkState(link, now) === 'active');
  const inactive = links.filter((link) => linkState(link, now) !== 'active');
  return (
    <section aria-labelledby="gm-share-list">
      <div className="gm-section-head">
        <h3 id="gm-share-list">Links{query.data ? ` (${active.length} active)` : ''}</h3>
        <button
          type="button"
          className="gm-button gm-button--small"
          onClick={() => void query.refetch()}
          disabled={query.isFetching}
        >
          Refresh
        </button>
      </div>
      {query.isPending && <p className="gm-muted">Loading share links…</p>}
      {query.error && (
        <p className="gm-callout gm-callout--error" role="alert">
          Could not list the share links: {query.error.message}
        </p>
      )}
      {query.data && links.length === 0 && <p className="gm-muted">No share links yet.</p>}
      {links.length > 0 && (
        <ul className="gm-share-links">
          {[...active, ...inactive].map((link) => (
            <ShareLinkRow key={link.id} link={link} now={now} showCluster={showCluster} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ShareLinkRow({ link, now, showCluster }: { link: ShareLink; now: number; showCluster: boolean }) {
  const client = useQueryClient();
  const state = linkState(link, now);
  const [confirming, setConfirming] = useState(false);
  const [usesOpen, setUsesOpen] = useState(false);
  const revoke = useMutation({
    mutationFn: () => revokeShareLink(link.id),
    onSuccess: () => setConfirming(false),
    onSettled: () => client.invalidateQueries({ queryKey: SHARE_LINKS_QUERY_KEY }),
  });
  const usesId = `gm-share-uses-${link.id}`;
  return (
    <li className={`gm-share-link gm-share-link--${state}`} aria-label={`Share link ${link.label}`}>
      <div className="gm-share-link__head">
        <strong className="gm-share-link__label">{link.label}</strong>
        <span className={`gm-pill gm-pill--${state}`}>{state}</span>
      </div>
      <div className="gm-small">{scopeText(link, showCluster)}</div>
      <div className="gm-small gm-muted">
        created <span title={absoluteTime(link.createdAt)}>{agoText(link.createdAt, now)}</span> by{' '}
        {link.createdBy} ·{' '}
        {link.revokedAt !== undefined ? (
          <span title={absoluteTime(link.revokedAt)}>revoked {agoText(link.revokedAt, now)}</span>
        ) : (
          <span title={absoluteTime(link.expiresAt)}>{expiryText(link.expiresAt, now)}</span>
        )}
      </div>
      <div className="gm-small">
        {link.uses === 0 ? (
          'not used yet'
        ) : (
          <>
            used {link.uses} {link.uses === 1 ? 'time' : 'times'}
            {link.lastUsedAt !== undefined && (
              <>
                , last <span title={absoluteTime(link.lastUsedAt)}>{agoText(link.lastUsedAt, now)}</span>
              </>
            )}
          </>
        )}
      </div>
      <div className="gm-share-link__actions">
        <button
          type="button"
          className="gm-linkbutton"
          aria-expanded={usesOpen}
          aria-controls={usesId}
          onClick={() => setUsesOpen((open) => !open)}
        >
          {usesOpen ? 'Hide uses' : `Uses (${link.uses})`}
        </button>
        {state === 'active' && !confirming && (
          <button
            type="button"
            className="gm-button gm-button--small gm-button--danger"
            onClick={() => setConfirming(true)}
          >
            Revoke
          </button>
        )}
      </div>
      {confirming && state === 'active' && (
        <div
          className="gm-callout gm-callout--error gm-share-link__confirm"
          role="group"
          aria-label="Confirm revocation"
        >
          <p>
            Revoke “{link.label}”? Whoever has the link loses access at once, open maps included. This cannot
            be undone.
          </p>
          <button
            type="button"
            className="gm-button gm-button--small gm-button--danger"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate()}
          >
            {revoke.isPending ? 'Revoking…' : 'Revoke link'}
          </button>{' '}
          <button
            type="button"
            className="gm-button gm-button--small"
            onClick={() => {
              setConfirming(false);
              revoke.reset();
            }}
          >
            Keep it
          </button>
        </div>
      )}
      {revoke.error && (
        <p className="gm-field__error" role="alert">
          Could not revoke: {revoke.error.message}
        </p>
      )}
      {usesOpen && <UsesList id={link.id} count={link.uses} domId={usesId} />}
    </li>
  );
}

const USE_TEXT: Record<string, string> = {
  open: 'opened the link',
  api: 'loaded data',
  stream: 'opened the live stream',
};

function UsesList({ id, count, domId }: { id: string; count: number; domId: string }) {
  const now = useNow();
  const query = useQuery({
    queryKey: ['share-link-uses', id, count],
    queryFn: ({ signal }) => fetchShareLinkUses(id, signal),
    refetchOnWindowFocus: false,
  });
  return (
    <div id={domId} className="gm-share-uses">
      {query.isPending && <p className="gm-muted gm-small">Loading uses…</p>}
      {query.error && (
        <p className="gm-field__error" role="alert">
          Could not load the uses: {query.error.message}
        </p>
      )}
      {query.data && query.data.length === 0 && <p className="gm-muted gm-small">Nobody has used it yet.</p>}
      {query.data && query.data.length > 0 && (
        <table className="gm-conditions gm-share-uses__table">
          <thead>
            <tr>
              <th scope="col">Last</th>
              <th scope="col">What</th>
              <th scope="col">From</th>
              <th scope="col">Times</th>
            </tr>
          </thead>
          <tbody>
            {query.data.map((use, index) => (
              <tr key={`${use.at}-${index}`}>
                <td title={absoluteTime(use.at)}>{agoText(use.at, now)}</td>
                <td>{USE_TEXT[use.what] ?? use.what}</td>
                <td>{use.remote ?? '—'}</td>
                <td title={`first ${absoluteTime(use.firstAt)}`}>{use.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
