#!/usr/bin/env node
// Runs the status-read measurement from TypeScript sources (no build step); see measure.ts.
require('@backstage/cli/config/nodeTransform.cjs');
require('./measure.ts');
