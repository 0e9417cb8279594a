import type { PolicyBadge } from '../../graph/policy-badges.ts';
import { worstBadgeState } from '../../graph/policy-badges.ts';

function describe(badge: PolicyBadge): string {
  const place = badge.rule !== undefined ? ` on rule ${badge.rule}` : '';
  return `${badge.kind} ${badge.name}${place}: ${badge.reason}`;
}

/**
 * The policies on an object, a listener or a rule, as one small mark: how many, coloured by the
 * worst attachment among them, each named in its title.
 */
export function PolicyMark({ badges, on }: { badges: readonly PolicyBadge[]; on: string }) {
  if (badges.length === 0) return null;
  const text = badges.map(describe).join('\n');
  return (
    <span
      className={`gm-policy-mark gm-policy-mark--${worstBadgeState(badges)}`}
      data-testid="policy-mark"
      data-on={on}
      data-policies={badges.map((badge) => badge.policy).join(' ')}
      title={text}
      aria-label={`${badges.length} ${badges.length === 1 ? 'policy' : 'policies'} on ${on}: ${badges.map(describe).join('; ')}`}
    >
      ⛨{badges.length}
    </span>
  );
}
