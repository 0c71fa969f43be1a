# One image for the four services and the broker set-up; SERVICE picks which service a container
# runs (SERVICE=case), or give a command (node scripts/provision-broker.js, node scripts/dlq.js).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY services ./services
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/aliases.js /app/scripts/register-aliases.js /app/scripts/provision-broker.js /app/scripts/dlq.js ./scripts/
COPY package.json ./
# The data folder belongs to the unprivileged user that runs the code. A named volume mounted
# there starts as a copy of it, owner included, so it is writable too (a folder created by
# Docker for a volume would be root's, and the service would fail with EACCES).
RUN mkdir -p /data && chown node:node /data
USER node
CMD ["sh", "-c", "exec node -r ./scripts/register-aliases.js dist/services/${SERVICE:?set SERVICE to workspace, invitation, case or access}/src/main.js"]
