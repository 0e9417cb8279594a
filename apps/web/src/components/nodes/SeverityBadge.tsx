import type { Severity } from '@gatemap/topology';

/** The count of an object's findings, coloured by the worst one; nothing when there are none. */
export function SeverityBadge({ severity, count }: { severity: Severity | undefined; count: number }) {
  if (count === 0 && severity === undefined) return null;
  const level = severity ?? 'info';
  return (
    <span
      className={`gm-badge gm-badge--${level}`}
      title={`${count} finding${count === 1 ? '' : 's'}, worst: ${level}`}
    >
      {level === 'error' ? '✕' : level === 'warning' ? '!' : 'i'} {count}
    </span>
  );
}
