// Preloaded into the API child (`node --import`) by api.bench.js and approvals.bench.js so the
// benchmark can say how many statements one request costs and which SQL the API sends, without
// touching application code. It only observes: one counter increment per statement, and the
// statement text is kept only while a capture is open.
//
// Protocol over the fork() IPC channel:
//   { probe: 'reset', capture?: boolean }  -> zero the counter, optionally start keeping texts
//   { probe: 'read' }                     -> reply { probe: 'stats', statements, texts }
//   { probe: 'profile-start' }            -> start the V8 CPU profiler (only when asked: it slows the process)
//   { probe: 'profile-stop' }             -> reply { probe: 'profile', summary } (self time by package and function)
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import pg from 'pg';

let statements = 0;
let capture = false;
/** SQL text -> times seen, in first-seen order. */
let texts = new Map();

const original = pg.Client.prototype.query;
pg.Client.prototype.query = function probedQuery(config, ...rest) {
  statements++;
  if (capture) {
    const text = typeof config === 'string' ? config : config?.text;
    if (typeof text === 'string') texts.set(text, (texts.get(text) ?? 0) + 1);
  }
  return original.call(this, config, ...rest);
};

if (process.send) {
  process.on('message', (message) => {
    if (message?.probe === 'reset') {
      statements = 0;
      capture = Boolean(message.capture);
      texts = new Map();
    } else if (message?.probe === 'read') {
      process.send({ probe: 'stats', statements, texts: [...texts].map(([text, count]) => ({ text, count })) });
    } else if (message?.probe === 'profile-start') {
      startProfile().catch((error) => process.send({ probe: 'profile', error: String(error) }));
    } else if (message?.probe === 'profile-stop') {
      stopProfile(message.file).then(
        (summary) => process.send({ probe: 'profile', summary }),
        (error) => process.send({ probe: 'profile', error: String(error) }),
      );
    }
  });
  // The IPC channel must not keep the API alive on its own, and a benchmark that dies without
  // stopping its children must not leave an API running: the channel closes with it.
  process.channel?.unref();
  process.on('disconnect', () => process.exit(0));
}

let session = null;

async function startProfile() {
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

async function stopProfile(file) {
  if (!session) throw new Error('the profiler was not started');
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  session = null;
  // Optional .cpuprofile for Chrome DevTools / speedscope when the summary is not enough.
  if (file) writeFileSync(file, JSON.stringify(profile));
  return summarise(profile);
}

/** The package a frame's code belongs to, the app's own compiled code, or null for Node and V8. */
function packageOf(url) {
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  if (url.includes('/dist/')) return 'ringfence (dist)';
  // The probe's own frames: almost all of it is starting the profiler, not counting statements.
  if (url.includes('/test/bench/')) return 'bench probe (profiler start)';
  return null;
}

/**
 * Self time per package and the hottest functions, in ms and % of the busy (non-idle) time.
 * Time in Node core and native code (a socket write, a crypto call) is charged to the nearest
 * caller that is a package or the app, so "pg" includes the writes pg asks for and "jsonwebtoken"
 * the key parsing it asks for; only what no package called stays "node core" / "V8".
 */
function summarise(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const chargedTo = (id) => {
    const frame = byId.get(id).callFrame;
    if (!frame.url) {
      if (frame.functionName === '(idle)') return '(idle)';
      if (frame.functionName === '(garbage collector)') return '(garbage collector)';
      if (frame.functionName === '(program)') return '(program)';
    }
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const pkg = packageOf(byId.get(cur).callFrame.url);
      if (pkg) return pkg;
    }
    return frame.url.startsWith('node:') ? 'node core' : 'native (V8)';
  };
  const buckets = new Map();
  const functions = new Map();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const bucket = chargedTo(id);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
    if (bucket === '(idle)') continue;
    busy += us;
    const frame = byId.get(id).callFrame;
    const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const rows = (map, limit) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), pctOfBusy: name === '(idle)' ? null : Math.round((us / busy) * 1000) / 10 }));
  return { busyMs: Math.round(busy / 1000), byPackage: rows(buckets, 25), topFunctions: rows(functions, 20) };
}
