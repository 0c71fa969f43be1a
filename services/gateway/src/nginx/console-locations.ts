import type { ConsoleConfig } from '../console/console-config';
import { consoleContentSecurityPolicy, CONSOLE_HEADERS } from '../console/console-site';
import { CONSOLE_PAGES } from '../routes/route-table';

// A location with its own add_header inherits none of the server's: the request id is repeated.
const headerLines = (extra: Record<string, string>) =>
  Object.entries({ ...CONSOLE_HEADERS, ...extra })
    .map(([name, value]) => `      add_header ${name} "${value}" always;`)
    .concat('      add_header x-request-id $support_hub_request_id always;')
    .join('\n');

// nginx.conf includes no mime.types: the bundle's few file types, named here.
const TYPES = '      types { text/html html; text/javascript js; text/css css; application/json map; image/png png; image/svg+xml svg; }';

/** A JSON body inside an nginx single-quoted string. */
const quotedJson = (value: unknown) => `'${JSON.stringify(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The web console as the embedded gateway serves it (console-site.ts): each console page gets
 * index.html, never cached, with the same Content-Security-Policy; the hashed assets are cached for
 * good; `/console/config.json` says how people sign in (fixed when the configuration is generated:
 * OIDC_ISSUER and OIDC_CLIENT_ID, else no sign-in, since nginx never runs on the development key).
 * Only those paths, so every other one still reaches the route table or the 404.
 */
export function consoleLocations(root: string, config: ConsoleConfig = { signIn: 'none' }): string {
  const pages = CONSOLE_PAGES.map((page) => page.replace(/[.+?^$()|[\]\\]/g, '\\$&')).join('|');
  return `
    location ~ ^(?:${pages})$ {
      root ${root};
${TYPES}
      try_files /index.html =404;
${headerLines({ 'content-security-policy': consoleContentSecurityPolicy(config.issuer), 'cache-control': 'no-cache' })}
    }
    location = /console/config.json {
      default_type application/json;
${headerLines({ 'cache-control': 'no-cache' })}
      return 200 ${quotedJson(config)};
    }
    location /assets/ {
      root ${root};
${TYPES}
${headerLines({ 'cache-control': 'public, max-age=31536000, immutable' })}
    }
`;
}
