import type { PodLiveState } from '@dyploma/plugin-dyploma-common';
import { render, screen, within } from '@testing-library/react';
import { PodsTable } from './PodsTable';

const pod: PodLiveState = {
  name: 'payments-7d9c5b6f4-x2x8q',
  version: '1.4.1',
  node: 'dc1-node-1',
  phase: 'Pending',
  waiting: 'ImagePullBackOff',
  ready: false,
  restarts: 3,
  startedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  cpu: { usage: 0.05, request: 0.1 },
  memory: { usage: 128 * 1024 * 1024, request: 256 * 1024 * 1024 },
};

describe('PodsTable', () => {
  it('shows each pod: version, node, phase and why it waits, readiness, restarts, age', () => {
    render(<PodsTable cluster="dc1" pods={[pod]} />);
    const row = within(
      screen.getByRole('table', { name: 'pods in dc1' }),
    ).getAllByRole('row')[1];
    for (const text of [
      'payments-7d9c5b6f4-x2x8q',
      '1.4.1',
      'dc1-node-1',
      'Pending (ImagePullBackOff)',
      'no',
      '3',
      '5m',
    ]) {
      expect(row).toHaveTextContent(text);
    }
  });

  it('says when a cluster runs no pod of the service', () => {
    render(<PodsTable cluster="dc2" pods={[]} />);
    expect(screen.getByText('No pods in dc2.')).toBeInTheDocument();
  });
});
