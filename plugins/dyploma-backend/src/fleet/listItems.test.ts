/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import { forEachListItem } from './listItems';

const itemsOf = async (text: string, signal?: AbortSignal) => {
  const items: unknown[] = [];
  const rest = await forEachListItem(text, item => items.push(item), signal);
  return { items, rest };
};

describe('forEachListItem', () => {
  it('reads the items and the rest of a list as JSON.parse does, however it is written', async () => {
    const list = {
      kind: 'PodMetricsList',
      apiVersion: 'metrics.k8s.io/v1beta1',
      metadata: { resourceVersion: '42', continue: '' },
      items: [
        {
          metadata: { name: 'a', namespace: 'n', labels: { 'x/y': 'z' } },
          containers: [{ name: 'app', usage: { cpu: '1m', memory: '2Ki' } }],
        },
        // Strings that look like structure, escapes, unicode, every kind of value.
        { s: 'a "quoted" }], {[ \\ \\" \n\t', u: 'żółw ✓ \u0000', n: -1.5e3 },
        [1, [2, [3]], { deep: { deeper: [] } }],
        'a string item',
        12,
        true,
        null,
        {},
      ],
      after: { items: ['not the items'] },
    };
    for (const text of [
      JSON.stringify(list),
      JSON.stringify(list, null, 2),
      JSON.stringify(list, null, '\t').replace(/\n/g, '\r\n'),
    ]) {
      const { items, rest } = await itemsOf(text);
      expect(items).toEqual(list.items);
      const { items: _, ...others } = list;
      expect(rest).toEqual(others);
    }
  });

  it('takes a list without items, or with none, as no items', async () => {
    expect(await itemsOf('{"kind":"List","metadata":{}}')).toEqual({
      items: [],
      rest: { kind: 'List', metadata: {} },
    });
    expect((await itemsOf('{"items":null}')).items).toEqual([]);
    expect((await itemsOf(' { "items" : [ ] } ')).items).toEqual([]);
  });

  it('rejects what is not a list, saying where', async () => {
    for (const text of [
      '',
      '[]',
      '{"items":[{"a":1},]}',
      '{"items":[{"a":1}',
      '{"items":[{"a":"1}]}',
      '{"items":[1 2]}',
      '{"kind" "x"}',
      '{"kind":"x",}',
    ]) {
      await expect(itemsOf(text)).rejects.toThrow(SyntaxError);
    }
    await expect(itemsOf('{"items":[{"a":1},]}')).rejects.toThrow(
      /expected an item at position 18/,
    );
  });

  it('lets other work run while it reads a long list', async () => {
    const items = Array.from({ length: 50_000 }, (_, i) => ({
      metadata: { name: `pod-${i}`, namespace: `ns-${i % 100}` },
      containers: [{ name: 'app', usage: { cpu: `${i}n`, memory: '1Ki' } }],
    }));
    const text = JSON.stringify({ kind: 'PodMetricsList', items });
    let turns = 0;
    let reading = true;
    const other = () => {
      turns++;
      if (reading) setImmediate(other);
    };
    setImmediate(other);
    const read = await itemsOf(text);
    reading = false;
    expect(read.items).toEqual(items);
    expect(turns).toBeGreaterThan(1);
  });

  it('stops when its signal aborts', async () => {
    const text = JSON.stringify({
      items: Array.from({ length: 50_000 }, (_, i) => ({
        i,
        s: 'x'.repeat(50),
      })),
    });
    const controller = new AbortController();
    setImmediate(() => controller.abort(new Error('stopped')));
    await expect(itemsOf(text, controller.signal)).rejects.toThrow('stopped');
  });
});
