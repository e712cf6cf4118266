# syntax=docker/dockerfile:1
# Release Bot: `docker build -t release-bot .`, or `docker compose up --build` for PostgreSQL and two instances.

FROM node:24-bookworm-slim AS base
WORKDIR /app

# Stage 1: every dependency, to typecheck the sources. The runtime stage copies its sources from here, so an image
# is never built from code that does not typecheck.
FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run typecheck

# Stage 2: what runs. tsx (a dependency, not a devDependency) runs the TypeScript as `npm start` does, so there is
# no compiled output to copy; the npm cache is dropped in the same layer so it never reaches the image.
FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
# esbuild (under tsx) follows tsconfig's module settings, so the sources are compiled exactly as in development.
COPY --from=build /app/tsconfig.json ./
COPY --from=build /app/src ./src
COPY --from=build /app/adapters ./adapters
COPY --from=build /app/bin ./bin
COPY --from=build /app/models ./models
# The lowdb store (the default without DATABASE_URL) writes here; mount a volume on it for a single instance.
# With PostgreSQL nothing the bot keeps lives here.
RUN mkdir -p /app/data && chown node:node /app/data

# The code stays owned by root and read-only to the bot.
USER node
EXPOSE 3000
# Node's own fetch, because the slim image has no curl. /readyz is 200 only when the scheduler ticks and the store
# answers. A container needs Slack or Teams credentials: the console chat ends when its input does.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (not npm), so SIGTERM from `docker stop` reaches the bot's own shutdown.
CMD ["node", "--import", "tsx", "adapters/main.ts"]
