/**
 * The estate summary above the map: Routes attached and rejected by reason (for the estate, per
 * Gateway and listener), unresolved references, missing ReferenceGrants and stale statuses, as
 * the server counts them. Every figure is a button that shows its objects on the map (and in the
 * list below the figures); a namespace beside a reason shows that reason's objects there.
 */
import { figureKey, type EstateSummary, type ReasonTally, type SummaryFigure } from '@gatemap/topology';
import { memo, useState } from 'react';

/** How many parents the summary lists until asked for all. */
const PARENTS_SHOWN = 12;

export interface SummaryPanelProps {
  readonly summary: EstateSummary | undefined;
  readonly error: Error | null;
  /** The figure the map shows, if any. */
  readonly figure: SummaryFigure | undefined;
  /** The objects of that figure, as the map has them. */
  readonly objects: ReadonlySet<string> | undefined;
  /** How many of them the map shows (the other filters may hide some). */
  readonly shown: number | undefined;
  readonly onFigure: (figure: SummaryFigure | undefined, namespace?: string) => void;
  readonly onSelect: (id: string) => void;
  readonly onClose: () => void;
}

/** `Gateway infra/web` for `Gateway/infra/web` (and `prod: Gateway infra/web` with a cluster). */
function objectName(id: string): string {
  const colon = id.indexOf(':');
  const slash = id.indexOf('/');
  const cluster = colon >= 0 && colon < slash ? `${id.slice(0, colon)}: ` : '';
  const rest = cluster === '' ? id : id.slice(colon + 1);
  const [kind = '', ...name] = rest.split('/');
  return `${cluster}${kind} ${name.join('/')}`;
}

const FIGURE_WORDS: Record<SummaryFigure['figure'], string> = {
  attached: 'Routes attached',
  rejected: 'Routes rejected',
  unresolved: 'Unresolved references',
  'missing-grant': 'References without a ReferenceGrant',
  stale: 'Stale statuses',
};

/** A figure in words: what it counts, why, and where. */
function describeFigure(figure: SummaryFigure): string {
  return [
    FIGURE_WORDS[figure.figure],
    figure.reason === undefined ? '' : ` (${figure.reason})`,
    figure.parent === undefined ? '' : ` on ${objectName(figure.parent)}`,
    figure.listener === undefined ? '' : `, listener ${figure.listener}`,
  ].join('');
}

interface FigureProps {
  readonly figure: SummaryFigure;
  readonly count: number;
  readonly label: string;
  readonly active: SummaryFigure | undefined;
  readonly onFigure: SummaryPanelProps['onFigure'];
  readonly tone?: 'bad' | 'good' | undefined;
}

function Figure({ figure, count, label, active, onFigure, tone }: FigureProps) {
  const key = figureKey(figure);
  const pressed = active !== undefined && figureKey(active) === key;
  return (
    <button
      type="button"
      className={`gm-figure${tone && count > 0 ? ` gm-figure--${tone}` : ''}${pressed ? ' is-active' : ''}`}
      data-figure={key}
      data-count={count}
      aria-pressed={pressed}
      title={`Show on the map: ${describeFigure(figure)}`}
      onClick={() => onFigure(pressed ? undefined : figure)}
    >
      <strong>{count.toLocaleString('en')}</strong> {label}
    </button>
  );
}

interface ReasonsProps {
  readonly tally: ReasonTally;
  readonly active: SummaryFigure | undefined;
  readonly onFigure: SummaryPanelProps['onFigure'];
  /** Name the namespaces most affected by each reason. */
  readonly namespaces?: boolean;
}

function Reasons({ tally, active, onFigure, namespaces = false }: ReasonsProps) {
  if (tally.reasons.length === 0) return null;
  return (
    <ul className="gm-summary__reasons">
      {tally.reasons.map((reason) => (
        <li key={reason.reason}>
          <Figure
            figure={reason.figure}
            count={reason.count}
            label={reason.reason}
            active={active}
            onFigure={onFigure}
            tone="bad"
          />
          {namespaces && (
            <span className="gm-summary__where">
              in {reason.namespaces} namespace{reason.namespaces === 1 ? '' : 's'}
              {reason.top.length > 0 && ', most in '}
              {reason.top.map((entry) => (
                <button
                  key={entry.namespace}
                  type="button"
                  className="gm-linkbutton gm-summary__namespace"
                  data-namespace={entry.namespace}
                  title={`Show the ${describeFigure(reason.figure)} in namespace ${entry.namespace}`}
                  onClick={() => onFigure(reason.figure, entry.namespace)}
                >
                  {entry.namespace} ({entry.count})
                </button>
              ))}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

interface FigureRowProps {
  /** The Gateway or listener the figures are of. */
  readonly name: string;
  readonly attached: { readonly figure: SummaryFigure; readonly count: number };
  readonly rejected: readonly {
    readonly figure: SummaryFigure;
    readonly count: number;
    readonly label: string;
  }[];
  readonly active: SummaryFigure | undefined;
  readonly onFigure: SummaryPanelProps['onFigure'];
}

/** A Gateway's or a listener's figures: its name, the Routes attached, and those rejected. */
function FigureRow({ name, attached, rejected, active, onFigure }: FigureRowProps) {
  return (
    <>
      <span className="gm-summary__name">{name}</span>
      <Figure {...attached} label="attached" tone="good" active={active} onFigure={onFigure} />
      {rejected.map((item) => (
        <Figure key={item.label} {...item} tone="bad" active={active} onFigure={onFigure} />
      ))}
    </>
  );
}

function SummaryPanelView({
  summary,
  error,
  figure,
  objects,
  shown,
  onFigure,
  onSelect,
  onClose,
}: SummaryPanelProps) {
  const common = { active: figure, onFigure };
  const [allParents, setAllParents] = useState(false);
  const parents = allParents ? summary?.parents : summary?.parents.slice(0, PARENTS_SHOWN);
  return (
    <section className="gm-summary" aria-label="Estate summary">
      <div className="gm-summary__head">
        <h2>Summary</h2>
        {summary ? (
          <div className="gm-summary__totals">
            <span className="gm-summary__size">
              {summary.objects.toLocaleString('en')} objects, {summary.routes.toLocaleString('en')} Routes:
            </span>
            <Figure
              figure={{ figure: 'attached' }}
              count={summary.attached}
              label="attached"
              tone="good"
              {...common}
            />
            <Figure
              figure={summary.rejected.figure}
              count={summary.rejected.count}
              label="rejected"
              tone="bad"
              {...common}
            />
            <Figure
              figure={summary.unresolved.figure}
              count={summary.unresolved.count}
              label="unresolved references"
              tone="bad"
              {...common}
            />
            <Figure
              figure={summary.missingGrants.figure}
              count={summary.missingGrants.count}
              label="missing ReferenceGrants"
              tone="bad"
              {...common}
            />
            <Figure
              figure={summary.stale.figure}
              count={summary.stale.count}
              label="stale statuses"
              tone="bad"
              {...common}
            />
          </div>
        ) : (
          <span className="gm-summary__muted">
            {error ? `Could not load the summary: ${error.message}` : 'Counting…'}
          </span>
        )}
        <button type="button" className="gm-button gm-button--small" onClick={onClose}>
          Hide summary
        </button>
      </div>
      {summary && (
        <div className="gm-summary__body">
          <div className="gm-summary__column">
            <h3>Rejected Routes by reason</h3>
            {summary.rejected.count === 0 ? <p className="gm-summary__muted">None.</p> : null}
            <Reasons tally={summary.rejected} namespaces {...common} />
            {summary.unresolved.count > 0 && <h3>Unresolved references by reason</h3>}
            <Reasons tally={summary.unresolved} namespaces {...common} />
            {summary.missingGrants.count > 0 && <h3>Missing ReferenceGrants, by reference</h3>}
            <Reasons tally={summary.missingGrants} namespaces {...common} />
            {summary.stale.count > 0 && <h3>Stale statuses, by kind</h3>}
            <Reasons tally={summary.stale} {...common} />
          </div>
          <div className="gm-summary__column">
            <h3>By Gateway and listener</h3>
            <ul className="gm-summary__parents">
              {(parents ?? []).map((parent) => (
                <li key={parent.parent} data-parent={parent.parent}>
                  <div className="gm-summary__parent">
                    <FigureRow
                      name={objectName(parent.parent)}
                      attached={{
                        figure: { figure: 'attached', parent: parent.parent },
                        count: parent.attached,
                      }}
                      rejected={[
                        { figure: parent.rejected.figure, count: parent.rejected.count, label: 'rejected' },
                      ]}
                      {...common}
                    />
                  </div>
                  <ul className="gm-summary__listeners">
                    {parent.listeners.map((listener) => (
                      <li key={listener.listener} data-listener={listener.listener}>
                        <FigureRow
                          name={listener.listener}
                          attached={{
                            figure: {
                              figure: 'attached',
                              parent: parent.parent,
                              listener: listener.listener,
                            },
                            count: listener.attached,
                          }}
                          rejected={listener.rejected.reasons.map((reason) => ({
                            figure: reason.figure,
                            count: reason.count,
                            label: `rejected (${reason.reason})`,
                          }))}
                          {...common}
                        />
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
            {summary.parents.length > PARENTS_SHOWN && (
              <p className="gm-summary__muted">
                {allParents ? '' : `and ${summary.parents.length - PARENTS_SHOWN} more with fewer problems `}
                <button
                  type="button"
                  className="gm-linkbutton gm-summary__all-parents"
                  aria-expanded={allParents}
                  onClick={() => setAllParents(!allParents)}
                >
                  {allParents ? `Show the first ${PARENTS_SHOWN}` : `Show all ${summary.parents.length}`}
                </button>
              </p>
            )}
          </div>
          {figure && (
            <div className="gm-summary__column gm-summary__shown" aria-label="Objects shown">
              <h3>
                {describeFigure(figure)}: {(objects?.size ?? 0).toLocaleString('en')},{' '}
                <span className="gm-summary__on-map" data-shown={shown ?? 0}>
                  {(shown ?? 0).toLocaleString('en')} on the map
                </span>{' '}
                <button type="button" className="gm-linkbutton" onClick={() => onFigure(undefined)}>
                  Show everything
                </button>
              </h3>
              <ul className="gm-summary__objects" data-count={objects?.size ?? 0}>
                {[...(objects ?? [])].sort().map((id) => (
                  <li key={id}>
                    <button type="button" className="gm-linkbutton" data-id={id} onClick={() => onSelect(id)}>
                      {objectName(id)}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

export const SummaryPanel = memo(SummaryPanelView);
