/**
 * Start-up: take what the SSO callback handed over in the URL fragment (a
 * session, or a refusal for the sign-in page to show) and remove it from the
 * address bar and history at once, load the runtime config, then render. A
 * session is used only for a sign-in this tab started (./session/handoff.ts).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { loadConfig } from './config.js';
import { SessionProvider } from './session/SessionContext.js';
import { credentialKindOf } from './session/credential.js';
import { signInPath } from './router.js';
import { refuseHandoff } from './session/handoff.js';
import { isCallbackFragment, parseRefusalFragment, parseSessionFragment, type FragmentRefusal } from './session/fragment.js';
import { saveSession } from './session/store.js';
import './styles.css';

/** What the callback's fragment held: a session (now stored) or a refusal. */
function takeCallbackFragment(): { handedOver: boolean; refusal?: FragmentRefusal } {
  const hash = location.hash;
  if (!isCallbackFragment(hash)) return { handedOver: false };
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  const session = parseSessionFragment(hash);
  if (!session) return { handedOver: false, refusal: parseRefusalFragment(hash) };
  const refused = refuseHandoff(session);
  if (refused) {
    // Said on the sign-in page, where the person can start a sign-in of their own.
    history.replaceState(history.state, '', signInPath(`${location.pathname}${location.search}`));
    return { handedOver: false, refusal: { message: refused, code: 'console.handoff_refused' } };
  }
  saveSession({ token: session.idToken, credential: credentialKindOf(session.idToken), ...(session.tenantId ? { tenantId: session.tenantId } : {}) });
  return { handedOver: true };
}

const { handedOver, refusal } = takeCallbackFragment();
const config = await loadConfig();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <SessionProvider apiUrl={config.apiUrl} handedOver={handedOver}>
      <App config={config} refusal={refusal} />
    </SessionProvider>
  </StrictMode>,
);
