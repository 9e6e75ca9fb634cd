#!/usr/bin/env node
// Runs the kube-sim fleet benchmark from TypeScript sources (no build step).
require('@backstage/cli/config/nodeTransform.cjs');
require('./fleet.ts');
