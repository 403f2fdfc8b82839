// The frame of every page: the navigation on the left (a skip link first for keyboard users), the page on the right.
import type { ReactNode } from 'react';
import type { Me } from '../api.ts';
import { useServes } from '../capabilities.ts';
import { type Key, useT } from '../i18n.ts';
import { href, type Route } from '../router.ts';

const NAV: { page: 'queue' | 'new' | 'dashboard' | 'outbox' | 'quarantine'; label: Key; key?: string }[] = [
  { page: 'queue', label: 'navQueue', key: 'Q' },
  { page: 'new', label: 'navNew', key: 'N' },
  { page: 'dashboard', label: 'navDashboard', key: 'D' },
  { page: 'outbox', label: 'navOutbox', key: 'O' },
  { page: 'quarantine', label: 'navQuarantine' },
];

const ROLE: Record<string, [string, string]> = {
  agent: ['客服', 'agent'],
  privacy_officer: ['个人信息保护负责人', 'privacy officer'],
  admin: ['管理员', 'admin'],
};

export function Layout(props: { me: Me; route: Route; children: ReactNode; onToggleLang(): void; onSignOut(): void }) {
  const t = useT();
  const servesQuarantine = useServes('get', '/api/quarantine');
  const active = props.route.page === 'request' || props.route.page === 'letter' ? 'queue' : props.route.page;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t.lang === 'zh' ? '跳到正文' : 'Skip to content'}
      </a>
      <nav className="side" aria-label={t.lang === 'zh' ? '主导航' : 'Main'}>
        <div className="brand">
          <strong>{t('appName')}</strong>
          <span>{t('appSub')}</span>
        </div>
        <ul>
          {NAV.filter((n) => n.page !== 'quarantine' || servesQuarantine).map((n) => (
            <li key={n.page}>
              <a href={href({ page: n.page })} aria-current={active === n.page ? 'page' : undefined}>
                <span>{t(n.label)}</span>
                {n.key && <kbd>{n.key}</kbd>}
              </a>
            </li>
          ))}
        </ul>
        <div className="me">
          <div>
            <strong>{props.me.user}</strong>
            <span>{props.me.roles.map((r) => ROLE[r]?.[t.lang === 'zh' ? 0 : 1] ?? r).join(' · ')}</span>
          </div>
          <button type="button" className="link" onClick={props.onToggleLang} lang={t.lang === 'zh' ? 'en' : 'zh'}>
            {t('language')}
          </button>
          <button type="button" className="link" onClick={props.onSignOut}>
            {t('signOut')}
          </button>
        </div>
      </nav>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </div>
  );
}
