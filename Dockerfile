# One image for the four services; SERVICE picks which one a container runs.
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
ENV NODE_ENV=production HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/aliases.js /app/scripts/register-aliases.js /app/scripts/provision-broker.js ./scripts/
COPY package.json ./
USER node
ARG SERVICE
ENV SERVICE=${SERVICE}
CMD ["sh", "-c", "exec node -r ./scripts/register-aliases.js dist/services/${SERVICE}/src/main.js"]
