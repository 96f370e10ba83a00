// @ts-check
/**
 * `npm run dev`: `npm start` (embedded PostgreSQL, Redis, SMTP sink, demo data, API and worker)
 * that rebuilds and restarts when a source file changes.
 *
 * TypeScript's watch API compiles tsconfig.build.json into dist/; after each compilation without
 * errors the launcher (dist/apps/dev/src/main.js) is stopped with SIGINT, which runs its ordered
 * shutdown (worker, API, mail sink, redis-server, PostgreSQL last) and releases the instance lock,
 * and only once it has exited is the new one started. A compilation with errors keeps the running
 * one. Ctrl-C stops the launcher the same way, then this.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled, so `npm run dev` compiles once
 * (a TypeScript supervisor would need a full build before its own watch compiled everything again).
 */
import { spawn, spawnSync } from 'node:child_process';
import { watch as watchFiles } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = process.cwd();
const LAUNCHER = join(ROOT, 'dist/apps/dev/src/main.js');
const BUILD_ASSETS = join(ROOT, 'dist/apps/web/src/cli/build-assets.js');
/** The web's Sass, script and images: a change rebuilds the hashed assets and restarts, like a .ts change. */
const ASSET_SOURCES = join(ROOT, 'apps/web/assets');
/** The launcher gives each shutdown step 20 s; beyond this it is stuck and is killed. */
const STOP_TIMEOUT_MS = 60_000;
const SIGNALS = /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP']);

/** @param {string} message */
function say(message) {
  process.stdout.write(`[npm run dev] ${message}\n`);
}

/** @type {import('node:child_process').ChildProcess | undefined} */
let launcher;
let stopping = false;
/** Restarts run one at a time; a compilation during one asks for another afterwards. */
let restarting = false;
let restartAgain = false;

function startLauncher() {
  const child = spawn(process.execPath, ['--enable-source-maps', LAUNCHER], { stdio: 'inherit', env: process.env });
  launcher = child;
  child.on('exit', (code, signal) => {
    if (launcher === child) launcher = undefined;
    if (stopping) process.exit(code ?? (signal ? 1 : 0));
    if (!restarting) say(`npm start exited (${signal ?? `code ${code}`}); save a file to start it again`);
  });
}

/** @param {import('node:child_process').ChildProcess} child @param {NodeJS.Signals} signal */
function stopLauncher(child, signal) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      say(`npm start did not stop within ${STOP_TIMEOUT_MS / 1000} s: killing it (its next start stops what it left running)`);
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.kill(signal);
  });
}

async function restart() {
  if (restarting) {
    restartAgain = true;
    return;
  }
  restarting = true;
  try {
    do {
      restartAgain = false;
      if (launcher) {
        say('compiled: restarting npm start');
        await stopLauncher(launcher, 'SIGINT');
      }
      if (stopping) return;
      // The web serves hashed assets from dist/web/assets (about 3 s to build): built before each start.
      const built = spawnSync(process.execPath, [BUILD_ASSETS], { stdio: 'inherit' });
      if (built.status !== 0) {
        say('the web assets did not build: fix the Sass or script and save again');
        return;
      }
      startLauncher();
    } while (restartAgain);
  } finally {
    restarting = false;
  }
}

const configPath = ts.findConfigFile(ROOT, ts.sys.fileExists, 'tsconfig.build.json');
if (!configPath) throw new Error(`no tsconfig.build.json in ${ROOT}: run npm run dev from the project root`);
const formatHost = { getCanonicalFileName: (/** @type {string} */ f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => ts.sys.newLine };
const host = ts.createWatchCompilerHost(
  configPath,
  { preserveWatchOutput: true },
  ts.sys,
  ts.createEmitAndSemanticDiagnosticsBuilderProgram,
  (diagnostic) => process.stdout.write(ts.formatDiagnosticsWithColorAndContext([diagnostic], formatHost)),
  (diagnostic, _newLine, _options, errorCount) => {
    say(ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '));
    // 6193/6194: "Found N error(s). Watching for file changes." ends every compilation.
    if (errorCount === 0 && (diagnostic.code === 6193 || diagnostic.code === 6194)) void restart();
    else if (errorCount) say(launcher ? 'not restarting: the running npm start keeps the last good build' : 'fix the errors to start');
  },
);
const watch = ts.createWatchProgram(host);
// Templates and the catalogue are read at each start; Sass and script need a build. Either way a restart.
/** @type {NodeJS.Timeout | undefined} */
let webTimer;
const webWatches = [ASSET_SOURCES, join(ROOT, 'apps/web/views'), join(ROOT, 'apps/web/locales')].map((dir) =>
  watchFiles(dir, { recursive: true }, () => {
    clearTimeout(webTimer);
    webTimer = setTimeout(() => {
      if (launcher) void restart();
    }, 200);
  }),
);

/** @param {NodeJS.Signals} signal */
function onSignal(signal) {
  // A terminal's Ctrl-C reaches the launcher too (same process group); it takes a repeat within
  // half a second for the same Ctrl-C, and a later one as "force".
  if (launcher) launcher.kill(signal);
  if (stopping) return;
  stopping = true;
  watch.close();
  for (const w of webWatches) w.close();
  if (!launcher) process.exit(0);
}
for (const signal of SIGNALS) process.on(signal, onSignal);
