// Keeps `npm start`'s processes running: a process that dies is started again after a delay that
// doubles with each crash in a row (1 s, 2 s, 4 s… up to 30 s); one that crashes `maxCrashes`
// times within `crashWindowMs` is given up on, with its last output, while the others keep
// serving. A process that stayed up for `stableAfterMs` starts again from the shortest delay.
const { spawn } = require('node:child_process');
const readline = require('node:readline');

const DEFAULTS = { initialDelayMs: 1_000, maxDelayMs: 30_000, maxCrashes: 5, crashWindowMs: 60_000, stableAfterMs: 30_000, stopTimeoutMs: 15_000 };

/** The restart decision alone, with the clock given: what the tests of the policy drive. */
class RestartPolicy {
  constructor(options = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.crashes = [];
    this.streak = 0;
  }

  /** A process started at `startedAt` died at `now`: restart after `delayMs`, or give up. */
  onExit(startedAt, now) {
    const { initialDelayMs, maxDelayMs, maxCrashes, crashWindowMs, stableAfterMs } = this.options;
    this.streak = now - startedAt >= stableAfterMs ? 1 : this.streak + 1;
    this.crashes = [...this.crashes.filter((at) => now - at < crashWindowMs), now];
    if (this.crashes.length >= maxCrashes) return { giveUp: true, crashes: this.crashes.length };
    return { giveUp: false, delayMs: Math.min(initialDelayMs * 2 ** (this.streak - 1), maxDelayMs), attempt: this.streak + 1 };
  }
}

/**
 * Runs named commands and restarts them by their RestartPolicy. `log` gets the supervisor's own
 * lines, `output` every line a process writes; `onGiveUp` hears of a process it stopped trying, `onRestart` of one it started again.
 */
class Supervisor {
  constructor({ log, output = () => undefined, onGiveUp = () => undefined, onRestart = () => undefined, ...options } = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.log = log ?? ((line) => process.stdout.write(`${line}\n`));
    this.output = output;
    this.onGiveUp = onGiveUp;
    this.onRestart = onRestart;
    this.processes = new Map();
    this.stopping = false;
  }

  /** Starts `command args` as `label`; `env` and `cwd` as for child_process.spawn. */
  add(label, command, args, { env, cwd } = {}) {
    const entry = { label, command, args, env, cwd, policy: new RestartPolicy(this.options), child: undefined, startedAt: 0, timer: undefined, gaveUp: false, lastLines: [] };
    this.processes.set(label, entry);
    this.start(entry);
    return entry.child;
  }

  /** The live child of a label (a new one after each restart). */
  childOf(label) {
    return this.processes.get(label)?.child;
  }

  /** Labels given up on. */
  givenUp() {
    return [...this.processes.values()].filter((entry) => entry.gaveUp).map((entry) => entry.label);
  }

  /** Stops everything: no more restarts; the `groups` in order (e.g. services before their database), each with SIGTERM, SIGKILL after a timeout. */
  async stop(groups = [[...this.processes.keys()]]) {
    this.stopping = true;
    for (const entry of this.processes.values()) clearTimeout(entry.timer);
    for (const labels of groups) {
      await Promise.all(labels.map((label) => this.processes.get(label)).filter(Boolean).map((entry) => this.terminate(entry)));
    }
  }

  start(entry) {
    const child = spawn(entry.command, entry.args, { cwd: entry.cwd, env: entry.env, stdio: ['ignore', 'pipe', 'pipe'] });
    entry.child = child;
    entry.startedAt = Date.now();
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        entry.lastLines = [...entry.lastLines.slice(-9), line];
        this.output(entry.label, line);
      });
    }
    child.once('error', (error) => this.log(`${entry.label} could not start: ${error.message}`));
    child.once('exit', (code, signal) => this.onExit(entry, child, code, signal));
  }

  onExit(entry, child, code, signal) {
    if (this.stopping || entry.child !== child) return;
    const how = signal ?? `code ${code}`;
    const decision = entry.policy.onExit(entry.startedAt, Date.now());
    if (decision.giveUp) {
      entry.gaveUp = true;
      this.log(
        `${entry.label} exited (${how}), its ${decision.crashes}th crash within ${this.options.crashWindowMs / 1000} s: giving up on it; ` +
          `the rest keep running. Its last lines:\n${entry.lastLines.map((line) => `    ${line}`).join('\n')}`,
      );
      this.onGiveUp(entry.label);
      return;
    }
    this.log(`${entry.label} exited (${how}); restarting it in ${decision.delayMs / 1000} s (attempt ${decision.attempt})`);
    entry.timer = setTimeout(() => {
      if (this.stopping) return;
      this.start(entry);
      this.onRestart(entry.label);
    }, decision.delayMs);
  }

  terminate(entry) {
    const { child } = entry;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
      child.once('exit', () => resolve(clearTimeout(timer)));
      child.kill('SIGTERM');
    });
  }
}

module.exports = { RestartPolicy, Supervisor, SUPERVISOR_DEFAULTS: DEFAULTS };
