import { useEffect, useState } from 'preact/hooks';

/** Paths of the console; the server answers any of them with the app (history routing). */
// The gateway answers exactly these with the app (CONSOLE_PAGES in its route table): keep both alike.
export type Route = '/' | '/sign-in' | '/sign-in/callback' | '/admin' | '/activity' | '/people' | '/customer' | '/engineer' | '/csam' | '/manager' | '/invitations/accept';

export function navigate(path: string, { replace = false } = {}): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current location, read from the browser on every render; re-renders on navigation. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const update = () => setVersion((n) => n + 1);
    addEventListener('popstate', update);
    // A navigation between the first render and this subscription (a redirect) is not missed.
    update();
    return () => removeEventListener('popstate', update);
  }, []);
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

/** Replaces the location once mounted: a redirect that renders nothing. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** Same-page navigation for a link, leaving modified clicks (new tab) to the browser. */
export function linkTo(path: string) {
  return {
    href: path,
    onClick: (event: MouseEvent) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(path);
    },
  };
}
