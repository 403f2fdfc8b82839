// Routes live in the URL's fragment (#/requests/RF-…): request numbers only, never personal data, and nothing of
// it reaches the server's logs.
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'queue' }
  | { page: 'new' }
  | { page: 'request'; id: string }
  | { page: 'letter'; id: string; key: string }
  | { page: 'dashboard' }
  | { page: 'outbox' }
  | { page: 'quarantine' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const m = /^\/requests\/(RF-\d{8}-[0-9A-Z]{6})$/.exec(path);
  if (m) return { page: 'request', id: m[1]! };
  const l = /^\/requests\/(RF-\d{8}-[0-9A-Z]{6})\/letters\/([^/]+)$/.exec(path);
  if (l) return { page: 'letter', id: l[1]!, key: decodeURIComponent(l[2]!) };
  if (path === '/new') return { page: 'new' };
  if (path === '/dashboard') return { page: 'dashboard' };
  if (path === '/outbox') return { page: 'outbox' };
  if (path === '/quarantine') return { page: 'quarantine' };
  return { page: 'queue' };
}

export const href = (r: Route) =>
  r.page === 'request'
    ? `#/requests/${r.id}`
    : r.page === 'letter'
      ? `#/requests/${r.id}/letters/${encodeURIComponent(r.key)}`
      : `#/${r.page}`;

export function go(r: Route) {
  location.hash = href(r);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
