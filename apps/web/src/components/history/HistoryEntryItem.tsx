import { mentionObject, type HistoryEntry, type ObjectKey } from '@gatemap/topology';
import { absoluteTime, agoText } from '../../session/relative-time.ts';
import { describeEntry, formatValue, isProblem } from '../../history/history-entries.ts';

/**
 * One history entry: a verdict change (its message, before → after, and the object changes that
 * caused it, as links), or an object change (its fields, before → after).
 */
export function HistoryEntryItem({
  entry,
  now,
  onShow,
  showObject = false,
}: {
  entry: HistoryEntry;
  now: number;
  /** Shows an object on the map (focuses and selects it). */
  onShow: (cluster: string, key: ObjectKey) => void;
  /** Name the entry's own object as a link (the Changes view); a timeline is already about it. */
  showObject?: boolean;
}) {
  const problem = isProblem(entry);
  const direction = entry.type === 'verdict' ? entry.verdict.direction : entry.change;
  return (
    <li
      className={`gm-history-entry gm-history-entry--${direction}${problem ? ' is-problem' : ''}`}
      data-seq={entry.seq}
    >
      <div className="gm-history-entry__head">
        <span className={`gm-pill gm-pill--${direction}`}>{direction}</span>{' '}
        <time dateTime={entry.at} title={absoluteTime(entry.at)} className="gm-muted">
          {agoText(entry.at, now)}
        </time>
        {showObject && (
          <>
            {' '}
            <button type="button" className="gm-linkbutton" onClick={() => onShow(entry.cluster, entry.key)}>
              {mentionObject(entry.key).text}
            </button>
          </>
        )}
      </div>
      <div className="gm-history-entry__message">{describeEntry(entry)}</div>
      {entry.type === 'verdict' ? (
        <>
          <div className="gm-history-entry__values">
            <span className="gm-history-entry__before">{entry.verdict.before?.value ?? 'absent'}</span>
            {' → '}
            <span className="gm-history-entry__after">{entry.verdict.after?.value ?? 'absent'}</span>
          </div>
          <div className="gm-history-entry__causes">
            {entry.causes.length === 0 ? (
              <span className="gm-muted">cause not known</span>
            ) : (
              <>
                <span className="gm-muted">because </span>
                {entry.causes.map((cause, index) => (
                  <span key={cause.seq}>
                    {index > 0 && ', '}
                    {'hidden' in cause ? (
                      <span className="gm-muted">a change outside this view</span>
                    ) : (
                      <button
                        type="button"
                        className="gm-linkbutton"
                        onClick={() => onShow(entry.cluster, cause.key)}
                      >
                        {mentionObject(cause.key).text} {cause.change}
                      </button>
                    )}
                  </span>
                ))}
              </>
            )}
          </div>
        </>
      ) : (
        entry.fields.length > 0 && (
          <ul className="gm-history-fields">
            {entry.fields.map((field) => (
              <li key={field.path}>
                <code>{field.path}</code>:{' '}
                <span className="gm-history-entry__before">{formatValue(field.before)}</span>
                {' → '}
                <span className="gm-history-entry__after">{formatValue(field.after)}</span>
                {field.truncated && <span className="gm-tag">truncated</span>}
              </li>
            ))}
            {entry.omitted !== undefined && entry.omitted > 0 && (
              <li className="gm-muted">and {entry.omitted} more fields</li>
            )}
          </ul>
        )
      )}
    </li>
  );
}
