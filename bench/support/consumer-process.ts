// The messaging bench's consuming service, in its own process as in production: one instance
// of the "access" service handling case.closed with one database write per event. It tells
// its parent (IPC) each case it handled; the parent sets the handling mode and stops it.
import mongoose from 'mongoose';
import { handling, startService } from './bench-service';

type Command = { mode: 'insert' | 'inbox' } | { stop: true };

async function main(): Promise<void> {
  const send = (message: unknown) => process.send!(message);
  handling.mode = process.env.BENCH_MODE === 'inbox' ? 'inbox' : 'insert';
  handling.onHandled = (caseId) => send({ handled: caseId });
  const db = await mongoose.createConnection(process.env.BENCH_CONSUMER_DB!, { autoIndex: true }).asPromise();
  const login = { amqpUrl: process.env.BENCH_AMQP_URL!, brokerUserPrefix: process.env.BENCH_USER_PREFIX! };
  const app = await startService(db, process.env.BENCH_EXCHANGE!, 'access', true, login);
  process.on('message', (command: Command) => {
    if ('mode' in command) handling.mode = command.mode;
    else void app.close().then(() => db.close()).then(() => process.exit(0));
  });
  send({ ready: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
