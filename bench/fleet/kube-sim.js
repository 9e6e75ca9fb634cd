#!/usr/bin/env node
// kube-sim with the seed's 1,600 nodes, from TypeScript sources (see kubeSim.ts).
require('@backstage/cli/config/nodeTransform.cjs');
require('./kubeSim.ts');
