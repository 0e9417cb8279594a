import type { Finding } from '@gatemap/topology';
import { CopyButton } from '../CopyButton.tsx';

export function FindingCard({ finding }: { finding: Finding }) {
  return (
    <li className={`gm-finding gm-finding--${finding.severity}`}>
      <div className="gm-finding__head">
        <span className={`gm-badge gm-badge--${finding.severity}`}>{finding.severity}</span>
        <code className="gm-finding__code">{finding.code}</code>
        <strong>{finding.title}</strong>
      </div>
      <p className="gm-finding__message">{finding.message}</p>
      {finding.field !== undefined && (
        <p className="gm-finding__field">
          at <code>{finding.field}</code>
        </p>
      )}
      {finding.fix && (
        <div className="gm-fix">
          <p>{finding.fix.description}</p>
          {finding.fix.yaml !== undefined && (
            <>
              <pre className="gm-code" tabIndex={0}>
                {finding.fix.yaml}
              </pre>
              <CopyButton text={finding.fix.yaml} label="Copy fix YAML" />
            </>
          )}
        </div>
      )}
      <a className="gm-link" href={finding.docs} target="_blank" rel="noreferrer noopener">
        Gateway API docs ↗
      </a>
    </li>
  );
}
