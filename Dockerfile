# 窗口考评 Window Duty — container image (issue #16). Two stages: build the PWA with every
# dependency, then a small runtime with production dependencies only, running as `node`.
#   docker build -t window-duty .
#   docker compose -f deploy/compose.yaml up -d        (with PostgreSQL and volumes)

FROM node:20-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx vite build

FROM node:20-alpine AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data \
    SEED_DEMO=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY src ./src
COPY tsconfig.json ./
# Photos, leave documents and (without DATABASE_URL) the PGlite database live in /data.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
# Ready = database reachable and migrated (a container that only lives is not yet serving).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/api/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM: stop accepting, finish requests in flight, close the database, exit.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/server/cli.ts", "serve"]
