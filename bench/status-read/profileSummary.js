#!/usr/bin/env node
// Summarises a .cpuprofile (from measure.ts --profile): self time by package and by
// function, and inclusive time of the functions whose name matches --focus.
//   node bench/status-read/profileSummary.js <file> [--per <requests>] [--top 40] [--focus <regex>]
const { readFileSync } = require('node:fs');
const { parseArgs } = require('node:util');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    per: { type: 'string' },
    top: { type: 'string', default: '40' },
    focus: { type: 'string' },
  },
});
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const per = values.per ? Number(values.per) : 1;
// A .heapprofile (allocation sampling): a tree from `head`, sizes in bytes, shown in KB.
const heap = profile.head !== undefined;
const unit = heap
  ? values.per
    ? 'KB/request'
    : 'KB'
  : values.per
  ? 'ms/request'
  : 'ms';
if (heap) {
  profile.nodes = [];
  const flatten = n => {
    profile.nodes.push(n);
    for (const c of n.children ?? []) flatten(c);
    n.children = (n.children ?? []).map(c => c.id);
  };
  flatten(profile.head);
}
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes)
  for (const c of n.children ?? []) parent.set(c, n.id);

// Self time per node from the samples and their time deltas (or allocated KB).
const self = new Map();
if (heap) {
  for (const n of profile.nodes)
    if (n.selfSize) self.set(n.id, n.selfSize / 1024);
} else {
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(id, (self.get(id) ?? 0) + dt);
  }
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function packageOf(url) {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const m = /\/(plugins|packages|bench)\/([^/]+)\//.exec(url);
  return m ? `${m[1]}/${m[2]}` : url;
}
const fileOf = url => (url ? url.slice(url.lastIndexOf('/') + 1) : '');
const label = n =>
  `${n.callFrame.functionName || '(anonymous)'} ${packageOf(
    n.callFrame.url,
  )}/${fileOf(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const add = (map, key, v) => map.set(key, (map.get(key) ?? 0) + v);
const byPackage = new Map();
const byFunction = new Map();
for (const [id, ms] of self) {
  const n = byId.get(id);
  const name = n.callFrame.functionName;
  const key =
    name === '(garbage collector)' || name === '(idle)' || name === '(program)'
      ? name
      : packageOf(n.callFrame.url);
  add(byPackage, key, ms);
  add(byFunction, label(n), ms);
}
const fmt = ms => (ms / per).toFixed(3).padStart(9);
const print = (title, map) => {
  console.log(`\n${title} (${unit}, self)`);
  for (const [k, v] of [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(values.top)))
    console.log(
      `${fmt(v)}  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`,
    );
};
console.log(
  `total ${(total / per).toFixed(3)} ${unit}, busy (not idle) ${(
    (total - (byPackage.get('(idle)') ?? 0)) /
    per
  ).toFixed(3)} ${unit}`,
);
print('by package', byPackage);
print('by function', byFunction);

if (values.focus) {
  // Inclusive time of every node under a frame matching --focus (counted once).
  const re = new RegExp(values.focus);
  const inclusive = new Map();
  for (const [id, ms] of self) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur));
      if (re.test(l) && !seen.has(l)) {
        seen.add(l);
        add(inclusive, l, ms);
      }
    }
  }
  print(`inclusive, frames matching ${values.focus}`, inclusive);
}
