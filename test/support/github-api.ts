/**
 * A local HTTP server standing in for the GitHub REST API's deployment endpoints, for the real Octokit
 * client (point GITHUB_API_URL or Octokit's baseUrl at `url`). Records every request; answers
 * `POST /repos/:owner/:repo/deployments` with a new deployment and `…/deployments/:id/statuses` with a
 * status, or with `refuse` (e.g. 403 without `deployments: write`) when set.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeGitHubApi {
  url: string;
  requests: RecordedRequest[];
  /** the states posted to a deployment, in order */
  statuses(deploymentId: number): string[];
  /** answer every request with this status and message (undefined = normal answers) */
  refuse?: { status: number; message: string };
  stop(): Promise<void>;
}

export async function startFakeGitHubApi(): Promise<FakeGitHubApi> {
  let nextId = 17;
  const api: FakeGitHubApi = {
    url: '',
    requests: [],
    statuses: (id) =>
      api.requests
        .filter(
          (r) =>
            r.path ===
            `${new URL(api.url).pathname.replace(/\/$/, '')}/repos/acme/widgets/deployments/${id}/statuses`,
        )
        .map((r) => String(r.body.state)),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      api.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      const send = (status: number, json: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(json));
      };
      if (api.refuse) return send(api.refuse.status, { message: api.refuse.message });
      const path = (req.url ?? '').replace(/^\/api\/v3/, '');
      if (req.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/deployments$/.test(path)) {
        return send(201, { id: nextId++, environment: body.environment, ref: body.ref });
      }
      const status = /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/.exec(path);
      if (req.method === 'POST' && status) return send(201, { id: 1, state: body.state });
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // the GitHub Enterprise Server layout (/api/v3) checks that the client keeps the base path
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v3`;
  try {
    afterAll(() => api.stop());
  } catch {
    // outside a vitest file: the caller stops it
  }
  return api;
}
