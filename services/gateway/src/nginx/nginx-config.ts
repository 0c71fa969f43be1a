import { SERVICE_NAMES, type ServiceName } from '@support-hub/contracts';
import type { ErrorBody } from '@support-hub/platform';
import type { ConsoleConfig } from '../console/console-config';
import { consoleLocations } from './console-locations';
import { prefixPattern, ROUTES } from '../routes/route-table';

export interface NginxConfigOptions {
  /** What `listen` gets: a port or `address:port`. */
  listen: string;
  /** Each service's replicas as `host:port`. */
  upstreams: Record<ServiceName, string[]>;
  bodyLimitBytes: number;
  /** Browser origins allowed to call the API; empty: none. */
  corsOrigins: string[];
  upstreamTimeoutSeconds: number;
  /**
   * A folder for the pid file and request-body buffers, so nginx runs without root and without
   * touching /var (tests, containers with a read-only root). Unset: nginx's defaults.
   */
  runtimeDir?: string;
  /** Where requests are logged (default stdout, for the container's log collector). */
  accessLog?: string;
  /** The built web console (console/dist) in nginx's file system, served at `/`; unset: no console. */
  consoleRoot?: string;
  /** How the console signs people in (`/console/config.json`); default: not configured. */
  consoleConfig?: ConsoleConfig;
}

/** An nginx-made error in the services' shape: one format for every client, whoever refused. */
function errorJson(statusCode: number, error: string, code: string, message: string): string {
  const body: ErrorBody = { statusCode, error, code, message };
  return `'${JSON.stringify(body)}'`;
}

const ERROR_LOCATIONS = [
  ['@payload_too_large', 413, 'Payload Too Large', 'PAYLOAD_TOO_LARGE', 'Request body is too large'],
  ['@upstream_unavailable', 502, 'Bad Gateway', 'UPSTREAM_UNAVAILABLE', 'The service did not answer'],
  ['@upstream_timeout', 504, 'Gateway Timeout', 'UPSTREAM_TIMEOUT', 'The service did not answer in time'],
] as const;

function runtimeLines({ runtimeDir: dir, accessLog = '/dev/stdout' }: NginxConfigOptions): { main: string[]; http: string[] } {
  const logs = { main: ['error_log stderr warn;'], http: [`access_log ${accessLog};`] };
  if (!dir) return logs;
  return {
    main: [`pid ${dir}/nginx.pid;`, ...logs.main],
    http: [...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${kind}_temp_path ${dir}/${kind};`), ...logs.http],
  };
}

/**
 * The production gateway's nginx.conf, made from the route table the embedded gateway uses, so
 * both route alike: a regex location per route in table order (nginx takes the first regex that
 * matches, as the table intends), the request id, X-Forwarded-*, CORS, the body limit and errors
 * in the services' shape.
 */
export function nginxConfig(options: NginxConfigOptions): string {
  const runtime = runtimeLines(options);
  const upstreams = SERVICE_NAMES.map(
    (service) => `  upstream support_hub_${service} {\n${options.upstreams[service].map((server) => `    server ${server};`).join('\n')}\n    keepalive 32;\n  }`,
  );
  const origins = options.corsOrigins.map((origin) => `    "${origin}" $http_origin;\n`);
  const locations = ROUTES.map(
    (route) => `    location ~ ${prefixPattern(route.prefix)} {\n      if ($request_method = OPTIONS) { return 204; }\n      proxy_pass http://support_hub_${route.service};\n    }`,
  );
  const errors = ERROR_LOCATIONS.map(
    ([name, status, error, code, message]) => `    location ${name} {\n      default_type application/json;\n      return ${status} ${errorJson(status, error, code, message)};\n    }`,
  );
  return `# Generated from services/gateway/src/routes/route-table.ts by \`npm run -s gateway:nginx\`; do not edit.
worker_processes auto;
${runtime.main.join('\n')}
events { worker_connections 1024; }

http {
${runtime.http.map((line) => `  ${line}`).join('\n')}
  server_tokens off;
${upstreams.join('\n')}

  # A client's request id is kept when it is a plain token (as the services keep it), else nginx makes one.
  map $http_x_request_id $support_hub_request_id {
    "~^[A-Za-z0-9._:-]{1,128}$" $http_x_request_id;
    default $request_id;
  }
  # CORS for the configured origins only; an empty value sends no header.
  map $http_origin $support_hub_cors_origin {
    default "";
${origins.join('')}  }
  map $support_hub_cors_origin $support_hub_cors_methods { "" ""; default "GET, POST, PATCH, PUT, DELETE"; }
  map $support_hub_cors_origin $support_hub_cors_headers { "" ""; default "authorization, content-type, x-request-id"; }
  map $support_hub_cors_origin $support_hub_cors_max_age { "" ""; default "600"; }

  server {
    listen ${options.listen};
    client_max_body_size ${options.bodyLimitBytes};
    client_body_buffer_size ${options.bodyLimitBytes};

    add_header x-request-id $support_hub_request_id always;
    add_header access-control-allow-origin $support_hub_cors_origin always;
    add_header access-control-allow-methods $support_hub_cors_methods always;
    add_header access-control-allow-headers $support_hub_cors_headers always;
    add_header access-control-expose-headers "x-request-id, retry-after" always;
    add_header access-control-max-age $support_hub_cors_max_age always;
    add_header vary origin always;

    # The edge: the peer is the client, whatever X-Forwarded-For it sent.
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $host;
    proxy_set_header X-Request-Id $support_hub_request_id;
    proxy_set_header X-Correlation-Id $support_hub_request_id;
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-Host $host;
    proxy_connect_timeout 5s;
    proxy_read_timeout ${options.upstreamTimeoutSeconds}s;
    proxy_send_timeout ${options.upstreamTimeoutSeconds}s;

    error_page 413 @payload_too_large;
    error_page 502 503 @upstream_unavailable;
    error_page 504 @upstream_timeout;

    location = /health/live {
      default_type application/json;
      return 200 '{"status":"ok"}';
    }

${locations.join('\n')}
${options.consoleRoot ? consoleLocations(options.consoleRoot, options.consoleConfig) : ''}
    location / {
      default_type application/json;
      return 404 ${errorJson(404, 'Not Found', 'NOT_FOUND', 'No route for this path')};
    }

${errors.join('\n')}
  }
}
`;
}
