// The baseline for HTTP figures: a bare Fastify server doing the same JWT check (HS256 with
// a KeyObject, issuer and audience) and answering a trivial JSON body, nothing else.
import Fastify from 'fastify';
import jwt from 'jsonwebtoken';
import { loadOrCreateDevSigningKey } from '@support-hub/auth';

const key = loadOrCreateDevSigningKey(process.env.AUTH_DEV_KEY_FILE!);
const app = Fastify({ logger: false });

app.get('/me', async (request, reply) => {
  const header = request.headers.authorization ?? '';
  try {
    const claims = jwt.verify(header.slice(7), key, { algorithms: ['HS256'], issuer: 'support-hub-dev', audience: 'support-hub' });
    return claims;
  } catch {
    return reply.status(401).send({ statusCode: 401 });
  }
});

app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((error) => {
  console.error(error);
  process.exit(1);
});

// The bench stops it with SIGTERM: exiting rather than dying by the signal lets `--cpu-prof`
// (SUT_NODE_ARGS) write its profile, for a comparison with the service's from the same run.
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
