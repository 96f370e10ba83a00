// Experiment, not product code: preloaded into an API child (BENCH_API_VARIANT_IMPORT) to measure
// what the API would gain from giving @nestjs/jwt a KeyObject instead of the JWT_SECRET string.
//
// jsonwebtoken 9 turns a string secret into a key on every sign and verify by first trying
// crypto.createPublicKey(secret), which throws for an HMAC secret, and only then
// createSecretKey(): an OpenSSL parse failure and an Error with a stack trace per request.
// The product fix is one line where JwtModule is configured (apps/api/src/api.module.ts):
//   secret: createSecretKey(Buffer.from(config.jwtSecret))
// This preload has the same effect from outside: it hands jsonwebtoken a cached KeyObject.
import { createSecretKey } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jsonwebtoken = require('jsonwebtoken');
const keys = new Map();
const keyFor = (secret) => {
  if (typeof secret !== 'string' && !Buffer.isBuffer(secret)) return secret;
  const id = typeof secret === 'string' ? secret : secret.toString('hex');
  if (!keys.has(id)) keys.set(id, createSecretKey(typeof secret === 'string' ? Buffer.from(secret) : secret));
  return keys.get(id);
};
const { sign, verify } = jsonwebtoken;
jsonwebtoken.sign = (payload, secret, ...rest) => sign(payload, keyFor(secret), ...rest);
jsonwebtoken.verify = (token, secret, ...rest) => verify(token, typeof secret === 'function' ? secret : keyFor(secret), ...rest);
