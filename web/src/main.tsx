// The staff console: sign-in, then the queue, the hotline form, a request, the dashboard and the outbox.
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, type Me, type Reference, whenSignedOut } from './api.ts';
import { type ConsoleConfig, currentUser, finishOidcSignIn, signOut } from './auth.ts';
import { type Capabilities, CapabilitiesContext, capabilitiesFrom } from './capabilities.ts';
import { Layout } from './components/Layout.tsx';
import { type Lang, LangContext } from './i18n.ts';
import { Dashboard } from './pages/Dashboard.tsx';
import { NewRequest } from './pages/NewRequest.tsx';
import { Outbox } from './pages/Outbox.tsx';
import { PrintLetter } from './pages/PrintLetter.tsx';
import { Quarantine } from './pages/Quarantine.tsx';
import { Queue } from './pages/Queue.tsx';
import { RequestPage } from './pages/RequestPage.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { ReferenceContext } from './reference.ts';
import { go, useRoute } from './router.ts';
import './styles.css';

const LANG_KEY = 'rightsflow.lang';
const EMPTY: Capabilities = { routes: new Set(), bodies: new Map() };

function App() {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'));
  const [config, setConfig] = useState<ConsoleConfig>();
  const [me, setMe] = useState<Me | null>();
  const [reference, setReference] = useState<Reference>();
  const [capabilities, setCapabilities] = useState<Capabilities>();
  const route = useRoute();

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    localStorage.setItem(LANG_KEY, lang);
  }, [lang]);

  useEffect(() => {
    whenSignedOut(() => setMe(null));
    void (async () => {
      const c = await api<ConsoleConfig>('GET', '/api/console-config');
      setConfig(c);
      if (c.auth === 'oidc') await finishOidcSignIn(c);
      setMe((await currentUser()) ?? null);
    })();
  }, []);

  useEffect(() => {
    if (!me) return;
    void api<Reference>('GET', '/api/reference').then(setReference);
    void api<Parameters<typeof capabilitiesFrom>[0]>('GET', '/api/openapi.json').then((doc) =>
      setCapabilities(capabilitiesFrom(doc)),
    );
  }, [me]);

  // Keyboard: N new hotline call, Q queue, D dashboard, O outbox (not while typing).
  const onKey = useCallback((e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName) || t.isContentEditable)
      return;
    const to = { n: 'new', q: 'queue', d: 'dashboard', o: 'outbox' }[e.key.toLowerCase()];
    if (to) {
      e.preventDefault();
      go({ page: to as 'new' | 'queue' | 'dashboard' | 'outbox' });
    }
  }, []);
  useEffect(() => {
    if (!me) return;
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [me, onKey]);

  const toggleLang = () => setLang((l) => (l === 'zh' ? 'en' : 'zh'));
  if (me === undefined || !config) return <div className="boot" aria-busy="true" />;
  return (
    <LangContext.Provider value={lang}>
      {me === null ? (
        <SignIn config={config} onSignedIn={setMe} onToggleLang={toggleLang} />
      ) : (
        <ReferenceContext.Provider value={reference}>
          <CapabilitiesContext.Provider value={capabilities ?? EMPTY}>
            <Layout
              me={me}
              route={route}
              onToggleLang={toggleLang}
              onSignOut={async () => {
                await signOut(config);
                setMe(null);
              }}
            >
              {route.page === 'queue' && <Queue />}
              {route.page === 'new' && <NewRequest me={me} />}
              {route.page === 'request' && <RequestPage id={route.id} me={me} />}
              {route.page === 'letter' && <PrintLetter id={route.id} letterKey={route.key} />}
              {route.page === 'dashboard' && <Dashboard me={me} />}
              {route.page === 'outbox' && <Outbox />}
              {route.page === 'quarantine' && <Quarantine me={me} />}
            </Layout>
          </CapabilitiesContext.Provider>
        </ReferenceContext.Provider>
      )}
    </LangContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
