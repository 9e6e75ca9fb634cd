#!/usr/bin/env node
// The bench backend, from TypeScript sources (see backendMain.ts).
require('@backstage/cli/config/nodeTransform.cjs');
require('./backendMain.ts');
