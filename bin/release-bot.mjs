#!/usr/bin/env node
// The release-bot CLI for pipelines (see "release-bot help"). It runs the TypeScript sources through tsx, so it works
// from a checkout with its dependencies installed: `npx release-bot …`, or `node bin/release-bot.mjs …`.
import { register } from 'tsx/esm/api';

register();
await import('../adapters/cli/release-bot-main.ts');
