/**
 * Who is looking (`GET /api/session`) and the admin's share links (`/api/share-links`), with the
 * shapes of `@gatemap/topology` api.ts that the server answers with.
 */
import type { Session, SharedScope, ShareLink, ShareLinkUse } from '@gatemap/topology';
import {
  ApiRequestError,
  getJson,
  LOGOUT_PATH,
  sendJson,
  SESSION_PATH,
  SHARE_LINKS_PATH,
} from './api-client.ts';

export type { Session, SharedScope, ShareLink, ShareLinkUse } from '@gatemap/topology';

export const EXPIRY_CHOICES = ['1h', '24h', '7d', '30d'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

export interface NewShareLink {
  readonly cluster?: string;
  readonly namespaces: readonly string[];
  readonly routes?: readonly string[];
  readonly expiresIn: ExpiryChoice;
  readonly label: string;
}

export interface CreatedShareLink {
  readonly id: string;
  /** The only time the link's URL (a bearer credential) is ever shown. */
  readonly url: string;
  readonly token: string;
  readonly link: ShareLink;
}

export async function fetchSession(signal?: AbortSignal): Promise<Session> {
  const body = await getJson<Partial<Session> & { link?: Partial<SharedScope> }>(SESSION_PATH, signal);
  if (body.role === 'admin')
    return { role: 'admin', user: typeof body.user === 'string' ? body.user : 'admin' };
  const link = body.link;
  if (
    body.role === 'share' &&
    link !== undefined &&
    typeof link.label === 'string' &&
    Array.isArray(link.namespaces) &&
    typeof link.expiresAt === 'string'
  )
    return { role: 'share', link: link as SharedScope };
  throw new ApiRequestError(200, 'the server answered /api/session with something this map does not know');
}

export function logout(): Promise<unknown> {
  return sendJson('POST', LOGOUT_PATH);
}

export async function fetchShareLinks(signal?: AbortSignal): Promise<readonly ShareLink[]> {
  return (await getJson<{ links: ShareLink[] }>(SHARE_LINKS_PATH, signal)).links;
}

export function createShareLink(input: NewShareLink): Promise<CreatedShareLink> {
  return sendJson<CreatedShareLink>('POST', SHARE_LINKS_PATH, input);
}

export async function revokeShareLink(id: string): Promise<ShareLink> {
  return (await sendJson<{ link: ShareLink }>('DELETE', `${SHARE_LINKS_PATH}/${encodeURIComponent(id)}`))
    .link;
}

export async function fetchShareLinkUses(id: string, signal?: AbortSignal): Promise<readonly ShareLinkUse[]> {
  return (
    await getJson<{ uses: ShareLinkUse[] }>(`${SHARE_LINKS_PATH}/${encodeURIComponent(id)}/uses`, signal)
  ).uses;
}
