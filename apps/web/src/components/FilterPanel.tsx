import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { type ClusterStatus, COLUMNS } from '@gatemap/topology';
import { useTopologyStore } from '../store/useTopologyStore.ts';
import type { ViewUpdate } from '../view/useViewState.ts';
import type { GroupBy, ViewState } from '../view/view-state.ts';

/** A text field that updates the view a moment after typing stops. */
function DebouncedInput({
  label,
  value,
  onCommit,
  placeholder,
  invalid,
  describedBy,
}: {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  placeholder?: string;
  invalid?: boolean;
  describedBy?: string;
}) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => onCommit(draft), 250);
    return () => clearTimeout(timer);
  }, [draft, value, onCommit]);
  return (
    <label className="gm-field">
      <span>{label}</span>
      <input
        type="search"
        value={draft}
        placeholder={placeholder}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onCommit(draft);
        }}
      />
    </label>
  );
}

interface CheckListProps {
  legend: string;
  options: readonly { value: string; count?: number; detail?: string }[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
  searchable?: boolean;
  empty?: string;
}

/** Checkboxes for a set of values (with a count or a detail each), a "clear", and a search box when long. */
function CheckListView({ legend, options, selected, onChange, searchable, empty = 'none' }: CheckListProps) {
  const [search, setSearch] = useState('');
  const chosen = new Set(selected);
  const visible = options.filter((option) => option.value.toLowerCase().includes(search.toLowerCase()));
  return (
    <fieldset className="gm-checklist">
      <legend>
        {legend}
        {selected.length > 0 && (
          <button type="button" className="gm-linkbutton" onClick={() => onChange([])}>
            clear ({selected.length})
          </button>
        )}
      </legend>
      {searchable && options.length > 8 && (
        <input
          type="search"
          className="gm-checklist__search"
          placeholder={`Find ${legend.toLowerCase()}`}
          aria-label={`Find ${legend.toLowerCase()}`}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      )}
      <div className="gm-checklist__items">
        {visible.map((option) => (
          <label key={option.value} className="gm-check">
            <input
              type="checkbox"
              checked={chosen.has(option.value)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...selected, option.value]
                    : selected.filter((value) => value !== option.value),
                )
              }
            />
            <span className="gm-check__label">{option.value}</span>
            {option.detail !== undefined && <span className="gm-check__count">{option.detail}</span>}
            {option.count !== undefined && <span className="gm-check__count">{option.count}</span>}
          </label>
        ))}
        {visible.length === 0 && <span className="gm-muted">{empty}</span>}
      </div>
    </fieldset>
  );
}

function sameChecks(left: CheckListProps, right: CheckListProps): boolean {
  return (
    left.legend === right.legend &&
    left.options === right.options &&
    left.onChange === right.onChange &&
    left.searchable === right.searchable &&
    left.empty === right.empty &&
    left.selected.length === right.selected.length &&
    left.selected.every((value, index) => value === right.selected[index])
  );
}

/**
 * Drawn again only when what it shows changes: a big estate lists a thousand namespaces, and the
 * view changes on every pan (the URL keeps where the map looks).
 */
export const CheckList = memo(CheckListView, sameChecks);

const KIND_ORDER = new Map(COLUMNS.flatMap((column) => column.kinds).map((kind, index) => [kind, index]));

export function FilterPanel({
  view,
  update,
  labelError,
  clusters,
}: {
  view: ViewState;
  update: (change: ViewUpdate) => void;
  labelError: string | undefined;
  clusters: readonly ClusterStatus[];
}) {
  const nodes = useTopologyStore((state) => state.nodes);
  const { namespaces, kinds, policyKinds } = useMemo(() => {
    const namespaceCounts = new Map<string, number>();
    const kindCounts = new Map<string, number>();
    const policyCounts = new Map<string, number>();
    for (const node of nodes.values()) {
      if (view.cluster !== undefined && node.cluster !== undefined && node.cluster !== view.cluster) continue;
      if (node.namespace !== undefined)
        namespaceCounts.set(node.namespace, (namespaceCounts.get(node.namespace) ?? 0) + 1);
      kindCounts.set(node.kind, (kindCounts.get(node.kind) ?? 0) + 1);
      if (node.summary.type === 'policy') policyCounts.set(node.kind, (policyCounts.get(node.kind) ?? 0) + 1);
    }
    return {
      namespaces: [...namespaceCounts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => a.value.localeCompare(b.value)),
      kinds: [...kindCounts]
        .map(([value, count]) => ({ value, count }))
        .sort(
          (a, b) =>
            (KIND_ORDER.get(a.value) ?? 99) - (KIND_ORDER.get(b.value) ?? 99) ||
            a.value.localeCompare(b.value),
        ),
      policyKinds: [...policyCounts]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => a.value.localeCompare(b.value)),
    };
  }, [nodes, view.cluster]);

  const onKinds = useCallback((kinds: string[]) => update({ kinds }), [update]);
  const onPolicyKinds = useCallback((policyKinds: string[]) => update({ policyKinds }), [update]);
  const onNamespaces = useCallback((namespaces: string[]) => update({ namespaces }), [update]);

  return (
    <nav className="gm-filters" aria-label="Filters">
      {clusters.length > 1 && (
        <label className="gm-field">
          <span>Cluster</span>
          <select
            value={view.cluster ?? ''}
            onChange={(event) => update({ cluster: event.target.value || undefined })}
          >
            <option value="">All clusters</option>
            {clusters.map((cluster) => (
              <option key={cluster.name} value={cluster.name}>
                {cluster.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="gm-check gm-check--strong">
        <input
          type="checkbox"
          checked={view.problemsOnly}
          onChange={(event) => update({ problemsOnly: event.target.checked })}
        />
        <span>Problems only</span>
      </label>
      <DebouncedInput
        label="Name"
        value={view.name}
        placeholder="namespace/name contains…"
        onCommit={(name) => update({ name })}
      />
      <DebouncedInput
        label="Labels"
        value={view.labels}
        placeholder="team=shop,tier in (web,api)"
        invalid={labelError !== undefined}
        describedBy={labelError !== undefined ? 'gm-label-error' : undefined}
        onCommit={(labels) => update({ labels })}
      />
      {labelError !== undefined && (
        <p id="gm-label-error" className="gm-field__error">
          Label selector ignored: {labelError}
        </p>
      )}
      <label className="gm-check">
        <input
          type="checkbox"
          checked={view.context}
          onChange={(event) => update({ context: event.target.checked })}
        />
        <span>Show parents and backends of matches</span>
      </label>
      <label className="gm-field">
        <span>Group by</span>
        <select value={view.groupBy} onChange={(event) => update({ groupBy: event.target.value as GroupBy })}>
          <option value="none">Nothing (columns only)</option>
          <option value="namespace">Namespace</option>
          <option value="cluster">Cluster</option>
        </select>
      </label>
      <label className="gm-field">
        <span>Collapse namespaces with more Routes than</span>
        <input
          type="number"
          min={1}
          value={view.collapseThreshold}
          onChange={(event) => {
            const value = Number(event.target.value);
            if (Number.isInteger(value) && value >= 1) update({ collapseThreshold: value, expanded: [] });
          }}
        />
      </label>
      {view.expanded.length > 0 && (
        <button type="button" className="gm-linkbutton" onClick={() => update({ expanded: [] })}>
          Collapse {view.expanded.length} expanded namespace{view.expanded.length === 1 ? '' : 's'} again
        </button>
      )}
      <CheckList legend="Kinds" options={kinds} selected={view.kinds} onChange={onKinds} />
      {(policyKinds.length > 0 || view.policyKinds.length > 0) && (
        <CheckList
          legend="Policy kinds"
          options={policyKinds}
          selected={view.policyKinds}
          onChange={onPolicyKinds}
        />
      )}
      <CheckList
        legend="Namespaces"
        options={namespaces}
        selected={view.namespaces}
        onChange={onNamespaces}
        searchable
      />
    </nav>
  );
}
