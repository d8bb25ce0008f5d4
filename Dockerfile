# syntax=docker/dockerfile:1
#
# One image for all five processes (users, catalog, orders, bff-web, bff-mobile). Why one and not
# five: the five share almost all of their bytes (Node, the gRPC runtime, the contracts, most of
# node_modules), so one image is one build, one vulnerability scan and one set of layers pulled
# per node, and every process of a rollout runs the very same build. Kubernetes picks the process
# with the container's command (deploy/k8s): node services/<svc>/dist/main.js, node
# bff-<web|mobile>/dist/main.js, or node services/<svc>/dist/migrate-command.js for a migration Job.
#
# The build stage runs exactly what test/release/production-install.test.ts runs and starts:
# `npm run release -- --out DIR` (scripts/release/README.md). There is no container daemon on the
# project's machines, so that test is how this image's contents are built and proven.

# Node 24 LTS, pinned; pin the digest too (node:24.22.3-slim@sha256:…) where the registry allows it.
ARG NODE_IMAGE=node:24.22.3-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
# The full development install: the build needs TypeScript, and its postinstall generates the Prisma
# clients (with the Prisma CLI, a dev dependency) that the build compiles.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
# Build (tsc -b), lay out /release, npm ci --omit=dev --ignore-scripts in it, prune, check.
RUN --mount=type=cache,target=/root/.npm npm run release -- --out /release

FROM ${NODE_IMAGE} AS runtime
# Production mode; inside a pod every process listens on all interfaces, on its own port and on its
# /metrics port alike (the default, 127.0.0.1, suits a laptop). Memory: NODE_OPTIONS holds the
# measured default (PRODUCTION_NODE_OPTIONS in scripts/launcher/node-flags.ts, whose test keeps the
# two equal); the old-space limit follows the container's memory limit. A Deployment may override
# NODE_OPTIONS.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-semi-space-size=32" \
    USERS_HOST=0.0.0.0 \
    CATALOG_HOST=0.0.0.0 \
    ORDERS_HOST=0.0.0.0 \
    WEB_HOST=0.0.0.0 \
    MOBILE_HOST=0.0.0.0 \
    USERS_METRICS_HOST=0.0.0.0 \
    CATALOG_METRICS_HOST=0.0.0.0 \
    ORDERS_METRICS_HOST=0.0.0.0 \
    WEB_METRICS_HOST=0.0.0.0 \
    MOBILE_METRICS_HOST=0.0.0.0
WORKDIR /app
# Owned by root and not writable by the process: nothing is written under /app at run time, so the
# container runs with a read-only root filesystem (a temporary folder, if ever needed, is /tmp).
# No certificate or key is in the image (.dev-pki is not even in the build context): each process
# reads its mTLS identity from the files GRPC_TLS_CA_FILE / _CERT_FILE / _KEY_FILE name, which
# Kubernetes mounts from its own Secret (deploy/k8s: /etc/shop/tls). Production refuses plaintext.
COPY --from=build /release /app
# The base image's unprivileged user, uid/gid 1000 (runAsNonRoot in Kubernetes needs the number).
USER 1000:1000
# users, catalog, orders (gRPC over mTLS); bff-web, bff-mobile (HTTP); their /metrics servers (HTTP);
# the services' plaintext gRPC health servers (probes), in that order
EXPOSE 50061 50062 50063 4000 4001 9461 9462 9463 9464 9465 50071 50072 50073
# Node runs as PID 1: each process handles SIGTERM itself (drain, then exit), so no init is needed.
CMD ["node", "bff-web/dist/main.js"]
