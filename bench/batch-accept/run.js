#!/usr/bin/env node
// Runs the batch-accept measurement from TypeScript sources (no build step); see measure.ts.
require('@backstage/cli/config/nodeTransform.cjs');
require('./measure.ts');
