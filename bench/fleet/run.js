#!/usr/bin/env node
// Runs the fleet benchmark from TypeScript sources (no build step); see README.md.
require('@backstage/cli/config/nodeTransform.cjs');
require('./bench.ts');
