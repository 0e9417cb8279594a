import type {
  MergedPolicyField,
  ObjectKey,
  ObjectPolicies,
  PolicyKindStack,
  PolicyStackEntry,
  PolicyTargetAnalysis,
} from '@gatemap/topology';
import {
  LEVEL_TEXT,
  STATE_TEXT,
  fieldValue,
  keyLabel,
  kindName,
  mergeNote,
  stateClass,
} from './policy-text.ts';

type Select = (id: string) => void;

function PolicyLink({ id, onSelect }: { id: ObjectKey; onSelect: Select }) {
  return (
    <button type="button" className="gm-linkbutton" onClick={() => onSelect(id)}>
      {keyLabel(id)}
    </button>
  );
}

function Entry({ entry, onSelect }: { entry: PolicyStackEntry; onSelect: Select }) {
  return (
    <li className={`gm-policy-entry gm-policy-entry--${entry.state}`} data-policy={entry.policy}>
      <PolicyLink id={entry.policy} onSelect={onSelect} />{' '}
      <span className="gm-muted">
        on {LEVEL_TEXT[entry.level]}
        {entry.sectionName !== undefined && ` ${entry.sectionName}`}
        {entry.stanzas !== 'none' && ` · ${entry.stanzas}`}
      </span>
      {entry.state !== 'attached' && (
        <>
          {' '}
          <span className={`gm-pill gm-pill--${stateClass(entry.state)}`}>{STATE_TEXT[entry.state]}</span>
        </>
      )}
    </li>
  );
}

function FieldRow({ field, onSelect }: { field: MergedPolicyField; onSelect: Select }) {
  return (
    <tr>
      <td>
        <code>{field.field}</code>
      </td>
      <td>
        <code>{fieldValue(field.value)}</code>
      </td>
      <td>
        <PolicyLink id={field.from} onSelect={onSelect} /> <span className="gm-muted">{field.stanza}</span>
      </td>
      <td>
        <span className="gm-muted">{field.basis}</span>
        {field.alternative && (
          <div className="gm-small">
            or <code>{fieldValue(field.alternative.value)}</code> from{' '}
            <PolicyLink id={field.alternative.from} onSelect={onSelect} />, where the older default at a level
            wins
          </div>
        )}
      </td>
    </tr>
  );
}

function KindStack({ stack, onSelect }: { stack: PolicyKindStack; onSelect: Select }) {
  return (
    <div className="gm-policy-kind" data-testid="policy-kind-stack" data-kind={stack.kind}>
      <div className="gm-policy-kind__title">{kindName(stack.kind)}</div>
      <ol className="gm-policy-entries">
        {stack.entries.map((entry) => (
          <Entry
            key={`${entry.policy}#${entry.level}#${entry.sectionName ?? ''}`}
            entry={entry}
            onSelect={onSelect}
          />
        ))}
      </ol>
      {stack.effective && (
        <p className="gm-small" data-testid="policy-effective">
          In effect: <PolicyLink id={stack.effective.from} onSelect={onSelect} /> (basis{' '}
          {stack.effective.basis})
          {stack.effective.alternative && (
            <>
              ; where the same level keeps the oldest:{' '}
              <PolicyLink id={stack.effective.alternative} onSelect={onSelect} />
            </>
          )}
          .
        </p>
      )}
      {stack.fields && stack.fields.length > 0 && (
        <table className="gm-conditions gm-policy-fields">
          <thead>
            <tr>
              <th>Field</th>
              <th>Value</th>
              <th>From</th>
              <th>Basis</th>
            </tr>
          </thead>
          <tbody>
            {stack.fields.map((field) => (
              <FieldRow key={field.field} field={field} onSelect={onSelect} />
            ))}
          </tbody>
        </table>
      )}
      <p className="gm-muted gm-small">{mergeNote(stack.merge)}</p>
    </div>
  );
}

function Kinds({ kinds, onSelect }: { kinds: readonly PolicyKindStack[]; onSelect: Select }) {
  if (kinds.length === 0) return <p className="gm-muted">No policy applies here.</p>;
  return (
    <>
      {kinds.map((stack) => (
        <KindStack key={stack.kind} stack={stack} onSelect={onSelect} />
      ))}
    </>
  );
}

function Sections({
  noun,
  sections,
  onSelect,
}: {
  noun: string;
  sections: readonly { readonly name: string; readonly kinds: readonly PolicyKindStack[] }[];
  onSelect: Select;
}) {
  return (
    <>
      {sections.map((section) => (
        <div
          key={section.name}
          className="gm-policy-section"
          data-testid="policy-section"
          data-section={section.name}
        >
          <h5>
            {noun} {section.name}
          </h5>
          <Kinds kinds={section.kinds} onSelect={onSelect} />
        </div>
      ))}
    </>
  );
}

function TargetRow({ target, onSelect }: { target: PolicyTargetAnalysis; onSelect: Select }) {
  return (
    <li className={`gm-edge-row gm-edge-row--${stateClass(target.state)}`} data-testid="policy-target">
      <span className={`gm-pill gm-pill--${stateClass(target.state)}`}>{STATE_TEXT[target.state]}</span>{' '}
      <PolicyLink id={target.target.key} onSelect={onSelect} />
      {target.sectionName !== undefined && (
        <span className="gm-muted">
          {' '}
          {LEVEL_TEXT[target.level]} {target.sectionName}
        </span>
      )}
      <div className="gm-edge-row__reason">
        <code>{target.field}</code> · basis {target.basis}
        {target.conflictWith && (
          <>
            {' '}
            · held by <PolicyLink id={target.conflictWith} onSelect={onSelect} />
          </>
        )}
      </div>
    </li>
  );
}

/** Whether any policy applies anywhere in the details (a policy's own details always show). */
function hasPolicies(policies: ObjectPolicies): boolean {
  const any = (kinds: readonly PolicyKindStack[]) => kinds.length > 0;
  switch (policies.type) {
    case 'route':
      return policies.stacks.some((stack) => any(stack.kinds) || stack.rules.some((rule) => any(rule.kinds)));
    case 'listeners':
      return policies.listeners.some((entry) => any(entry.kinds));
    case 'service':
      return any(policies.stack.kinds) || policies.stack.ports.some((port) => any(port.kinds));
    case 'policy':
      return true;
  }
}

/** The policies of an object, from its details: stacks on a Route, Gateway or Service; a policy's targets. */
export function PolicyDetails({ policies, onSelect }: { policies: ObjectPolicies; onSelect: Select }) {
  if (!hasPolicies(policies))
    return (
      <section aria-label="Effective policies">
        <h3>Effective policies</h3>
        <p className="gm-muted">No policy applies here.</p>
      </section>
    );
  switch (policies.type) {
    case 'route':
      return (
        <section aria-label="Effective policies">
          <h3>Effective policies</h3>
          <p className="gm-muted gm-small">
            Per parent and listener, in GEP-713's order: least specific first, then oldest, then
            namespace/name.
          </p>
          {policies.stacks.length === 0 && <p className="gm-muted">The Route is attached nowhere.</p>}
          {policies.stacks.map((stack) => (
            <div
              key={`${stack.parent}#${stack.listener}`}
              className="gm-policy-stack"
              data-testid="policy-stack"
              data-listener={stack.listener}
            >
              <h4>
                {keyLabel(stack.gateway)}
                {stack.parent !== stack.gateway && ` via ${keyLabel(stack.parent)}`} · listener{' '}
                {stack.listener}
              </h4>
              <Kinds kinds={stack.kinds} onSelect={onSelect} />
              <Sections noun="Rule" sections={stack.rules} onSelect={onSelect} />
            </div>
          ))}
        </section>
      );
    case 'listeners':
      return (
        <section aria-label="Effective policies">
          <h3>Effective policies</h3>
          {policies.listeners.map((entry) => (
            <div
              key={entry.listener}
              className="gm-policy-stack"
              data-testid="policy-stack"
              data-listener={entry.listener}
            >
              <h4>Listener {entry.listener}</h4>
              <Kinds kinds={entry.kinds} onSelect={onSelect} />
            </div>
          ))}
        </section>
      );
    case 'service':
      return (
        <section aria-label="Effective policies">
          <h3>Effective policies</h3>
          <div className="gm-policy-stack" data-testid="policy-stack">
            <Kinds kinds={policies.stack.kinds} onSelect={onSelect} />
            <Sections noun="Port" sections={policies.stack.ports} onSelect={onSelect} />
          </div>
        </section>
      );
    case 'policy':
      return (
        <section aria-label="Policy">
          <h3>Policy</h3>
          <p className="gm-small">
            {policies.kind.kind} ({policies.kind.group}) · class {policies.kind.class} · found by its{' '}
            {policies.kind.basis === 'label'
              ? 'CRD label'
              : policies.kind.basis === 'schema'
                ? 'CRD schema'
                : 'name'}
          </p>
          <h4>Targets</h4>
          {policies.targets.length === 0 ? (
            <p className="gm-muted">No target reference gatemap can read.</p>
          ) : (
            <ul className="gm-edges">
              {policies.targets.map((target) => (
                <TargetRow key={target.field} target={target} onSelect={onSelect} />
              ))}
            </ul>
          )}
          {policies.selectors > 0 && (
            <p className="gm-muted gm-small">
              {policies.selectors} targetSelectors: label selectors are the implementation's own, not
              resolved.
            </p>
          )}
          <h4>Ancestors (predicted)</h4>
          {policies.ancestors.length === 0 ? (
            <p className="gm-muted">None: a policy without an attached target is relevant to no ancestor.</p>
          ) : (
            <ul className="gm-edges" data-testid="policy-ancestors">
              {policies.ancestors.map((ancestor) => (
                <li key={`${ancestor.ancestor}#${ancestor.sectionName ?? ''}`}>
                  <PolicyLink id={ancestor.ancestor} onSelect={onSelect} />
                  {ancestor.sectionName !== undefined && (
                    <span className="gm-muted"> listener {ancestor.sectionName}</span>
                  )}
                  {ancestor.conditions.map((condition) => (
                    <span key={condition.type} className="gm-muted">
                      {' '}
                      · {condition.type}={condition.status} ({condition.reason})
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          )}
          <p className="gm-muted gm-small">
            Which ancestors a controller writes is its own choice (basis implementation); the reported ones
            are in the conditions below.
          </p>
        </section>
      );
  }
}
