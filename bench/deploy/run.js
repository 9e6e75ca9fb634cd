#!/usr/bin/env node
// Runs the deploy benchmark from TypeScript sources (no build step).
require('@backstage/cli/config/nodeTransform.cjs');
require('./bench.ts');
