import { useMutation } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { mentionObject, type ClusterStatus, type ObjectKey, type WhatIfResponse } from '@gatemap/topology';
import { postWhatIf } from '../../api/history-api.ts';
import { whatIfFragment } from '../../what-if/what-if-link.ts';
import { CopyButton } from '../CopyButton.tsx';

const CHANGE_TEXT = {
  added: 'new',
  replaced: 'changed',
  removed: 'removed',
  unchanged: 'unchanged',
} as const;

/**
 * What-if, for the admin: manifests pasted or dropped here are overlaid on the live map by the
 * server, which applies nothing; the map draws the result while `result` is set.
 */
export function WhatIfPanel({
  initialText,
  clusters,
  result,
  onResult,
  onShow,
  onClose,
}: {
  initialText: string;
  clusters: readonly ClusterStatus[];
  result: WhatIfResponse | undefined;
  onResult: (result: WhatIfResponse | undefined) => void;
  onShow: (cluster: string, key: ObjectKey) => void;
  onClose: () => void;
}) {
  const [text, setText] = useState(initialText);
  const [cluster, setCluster] = useState(clusters[0]?.name ?? '');
  const [dropError, setDropError] = useState<string>();
  const overlay = useMutation({
    mutationFn: () => postWhatIf({ manifests: text, ...(clusters.length > 1 ? { cluster } : {}) }),
    onSuccess: (answer) => onResult(answer),
  });

  const drop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    const files = [...event.dataTransfer.files];
    if (files.length === 0) return;
    Promise.all(files.map((file) => file.text())).then(
      (texts) => {
        setDropError(undefined);
        setText(texts.map((item) => item.trim()).join('\n---\n'));
      },
      (error: unknown) => setDropError(`Could not read the dropped files: ${String(error)}`),
    );
  };

  return (
    <aside
      className="gm-panel gm-what-if"
      aria-label="What if"
      onDragOver={(event) => event.preventDefault()}
      onDrop={drop}
    >
      <div className="gm-panel__head">
        <h2 className="gm-panel__title">What if</h2>
        <button type="button" className="gm-button" onClick={onClose} aria-label="Close what-if">
          ✕
        </button>
      </div>
      <p className="gm-callout gm-callout--info">
        Nothing is applied to the cluster: gatemap only shows what these manifests would change.
      </p>
      <label className="gm-field">
        <span>
          Manifests (YAML or JSON; paste, or drop files here; <code>$patch: delete</code> deletes)
        </span>
        <textarea
          className="gm-code gm-what-if__text"
          rows={12}
          spellCheck={false}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      {dropError && <p className="gm-callout gm-callout--error">{dropError}</p>}
      {clusters.length > 1 && (
        <label className="gm-field gm-field--inline">
          <span>Cluster</span>
          <select value={cluster} onChange={(event) => setCluster(event.target.value)}>
            {clusters.map((item) => (
              <option key={item.name}>{item.name}</option>
            ))}
          </select>
        </label>
      )}
      <div className="gm-panel__actions">
        <button
          type="button"
          className="gm-button"
          disabled={text.trim() === '' || overlay.isPending}
          onClick={() => overlay.mutate()}
        >
          {overlay.isPending ? 'Predicting…' : 'Show what would change'}
        </button>
        {text.trim() !== '' && (
          <CopyButton
            text={`${window.location.origin}${window.location.pathname}${window.location.search}${whatIfFragment(text)}`}
            label="Copy link"
          />
        )}
        {result && (
          <button type="button" className="gm-button" onClick={() => onResult(undefined)}>
            Leave the overlay
          </button>
        )}
      </div>
      {overlay.error && (
        <pre className="gm-callout gm-callout--error gm-pre-wrap">{overlay.error.message}</pre>
      )}
      {result && <WhatIfResult result={result} onShow={onShow} />}
    </aside>
  );
}

function WhatIfResult({
  result,
  onShow,
}: {
  result: WhatIfResponse;
  onShow: (cluster: string, key: ObjectKey) => void;
}) {
  return (
    <div className="gm-what-if__result" aria-label="Predicted changes">
      <p className={`gm-callout ${result.breaks ? 'gm-callout--error' : 'gm-callout--ok'}`} role="status">
        {result.breaks
          ? 'This change would break something that works today.'
          : 'This change breaks nothing that works today.'}
      </p>
      {result.issues.length > 0 && (
        <ul className="gm-callout gm-callout--warning">
          {result.issues.map((issue) => (
            <li key={issue.id}>{issue.message}</li>
          ))}
        </ul>
      )}
      <h3>Objects ({result.objects.length})</h3>
      <ul className="gm-what-if__objects">
        {result.objects.map((object) => (
          <li key={object.key}>
            <span className={`gm-pill gm-pill--${object.change}`}>{CHANGE_TEXT[object.change]}</span>{' '}
            <button
              type="button"
              className="gm-linkbutton"
              onClick={() => onShow(result.cluster, object.key)}
            >
              {mentionObject(object.key).text}
            </button>
          </li>
        ))}
      </ul>
      <h3>Verdicts that would change ({result.verdicts.length})</h3>
      {result.verdicts.length === 0 ? (
        <p className="gm-muted">No verdict would change.</p>
      ) : (
        <ul className="gm-history">
          {result.verdicts.map((change) => (
            <li
              key={`${change.key}#${change.id}`}
              className={`gm-history-entry gm-history-entry--${change.direction}`}
            >
              <span className={`gm-pill gm-pill--${change.direction}`}>
                {change.direction === 'broke'
                  ? 'would break'
                  : change.direction === 'recovered'
                    ? 'would recover'
                    : 'changes'}
              </span>{' '}
              <button
                type="button"
                className="gm-linkbutton"
                onClick={() => onShow(result.cluster, change.key)}
              >
                {change.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
