import { useEffect, useState } from 'preact/hooks';
import { linkTo, navigate, Redirect, useLocation } from './router';
import { currentSession, endSession, onSessionChange, screensFor } from './session';
import { AcceptInvitation } from './screens/accept-invitation';
import { CsamScreen } from './screens/csam';
import { CustomerActivityScreen } from './screens/customer-activity';
import { CustomerScreen } from './screens/customer';
import { EngineerScreen } from './screens/engineer';
import { ManagerScreen } from './screens/manager';
import { SignInCallback } from './screens/provider-sign-in';
import { SignIn } from './screens/sign-in';
import { signOutOfProvider } from './oidc';
import { isOidc, signInConfig } from './sign-in-config';
import { Page } from './ui';
import { TenantAdminScreen } from './screens/tenant-admin';
import { WorkspacePeopleScreen } from './screens/workspace-people';

const SCREENS = {
  admin: { path: '/admin', label: 'Tenant admin', title: 'Support access of your tenant', Component: TenantAdminScreen },
  activity: { path: '/activity', label: 'Customer Activity', title: 'Customer Activity', Component: CustomerActivityScreen },
  people: { path: '/people', label: 'Members', title: 'Members and invitations of your workspaces', Component: WorkspacePeopleScreen },
  customer: { path: '/customer', label: 'My workspaces', title: 'Your workspaces and cases', Component: CustomerScreen },
  engineer: { path: '/engineer', label: 'My cases', title: 'Your cases', Component: EngineerScreen },
  csam: { path: '/csam', label: 'Contracts', title: 'Contracts and workspaces', Component: CsamScreen },
  manager: { path: '/manager', label: 'Support team', title: 'Engineers and the unassigned queue', Component: ManagerScreen },
} as const;

export function App() {
  const { path } = useLocation();
  const [, rerender] = useState(0);
  useEffect(() => onSessionChange(() => rerender((n) => n + 1)), []);
  const session = currentSession();

  if (path === '/sign-in/callback') {
    return (
      <Shell>
        <SignInCallback />
      </Shell>
    );
  }
  if (!session) {
    // The accept page keeps its link (and token) until after sign-in.
    if (path !== '/sign-in') {
      const back = path === '/' ? '' : `?next=${encodeURIComponent(path + window.location.search)}`;
      return <Redirect to={`/sign-in${back}`} />;
    }
    return (
      <Shell>
        <SignIn />
      </Shell>
    );
  }

  const offered = screensFor(session.person);
  const entry = Object.entries(SCREENS).find(([, screen]) => screen.path === path);
  if (path === '/' || path === '/sign-in') {
    return <Redirect to={SCREENS[offered[0] ?? 'customer'].path} />;
  }
  return (
    <Shell
      nav={
        <nav aria-label="Screens">
          <ul>
            {offered.map((key) => (
              <li key={key}>
                <a {...linkTo(SCREENS[key].path)} aria-current={SCREENS[key].path === path ? 'page' : undefined}>
                  {SCREENS[key].label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      }
      user={
        <div class="user">
          <span>
            Signed in as <strong>{session.person.name}</strong> <span class="muted">({session.person.email})</span>
          </span>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              // Signing out leaves the page: the next person starts from their own start page.
              navigate('/sign-in', { replace: true });
              endSession();
              // With an identity provider, its session ends too: the next sign-in asks again.
              void signInConfig().then((config) => (isOidc(config) ? signOutOfProvider(config) : undefined), () => undefined);
            }}
          >
            Sign out
          </button>
        </div>
      }
    >
      {path === '/invitations/accept' ? (
        <AcceptInvitation />
      ) : entry ? (
        <Page title={entry[1].title} path={path}>
          {(() => {
            const Screen = entry[1].Component;
            return <Screen person={session.person} />;
          })()}
        </Page>
      ) : (
        <Page title="Page not found" path={path}>
          <p>
            There is no page at <code>{path}</code>. <a {...linkTo('/')}>Go to your start page</a>.
          </p>
        </Page>
      )}
    </Shell>
  );
}

function Shell({ nav, user, children }: { nav?: preact.ComponentChildren; user?: preact.ComponentChildren; children: preact.ComponentChildren }) {
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Support Hub</span>
        {nav}
        {user}
      </header>
      <main id="main">{children}</main>
    </>
  );
}
