/**
 * The map's columns, left to right, as rows of one table: GatewayClass → Gateway → ListenerSet →
 * Route → backend, with the objects Gateways use (certificates, parameters) beside the classes
 * and grants and policies at the far right. Ingresses mirror the Gateway API on the other side
 * of the backends they share: Service ← Ingress ← IngressClass. A kind outside the table goes to
 * the last column.
 */
export interface Column {
  readonly index: number;
  readonly title: string;
  readonly kinds: readonly string[];
  /** Left edge of the column in flow coordinates; fixed, so columns never move. */
  readonly x: number;
}

export const COLUMNS: readonly Column[] = [
  { index: 0, title: 'Classes & certificates', kinds: ['GatewayClass', 'Secret', 'ConfigMap'], x: 0 },
  { index: 1, title: 'Gateways', kinds: ['Gateway'], x: 380 },
  { index: 2, title: 'ListenerSets', kinds: ['ListenerSet', 'XListenerSet'], x: 780 },
  {
    index: 3,
    title: 'Routes',
    kinds: ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'],
    x: 1180,
  },
  { index: 4, title: 'Backends', kinds: ['Service', 'ServiceImport'], x: 1740 },
  { index: 5, title: 'Ingresses', kinds: ['Ingress'], x: 2160 },
  { index: 6, title: 'Ingress classes', kinds: ['IngressClass'], x: 2540 },
  {
    index: 7,
    title: 'Grants & policies',
    kinds: ['ReferenceGrant', 'BackendTLSPolicy', 'Namespace'],
    x: 2920,
  },
];

export const ROUTE_COLUMN = 3;
const LAST = COLUMNS.length - 1;
const byKind: ReadonlyMap<string, number> = new Map(
  COLUMNS.flatMap((column) => column.kinds.map((kind) => [kind, column.index])),
);

export function columnOf(kind: string): number {
  return byKind.get(kind) ?? LAST;
}

export function columnX(column: number): number {
  return COLUMNS[column]?.x ?? COLUMNS[LAST]?.x ?? 0;
}
