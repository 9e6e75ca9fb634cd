import { formatCost, formatPercent, formatTrend, shortRef } from './cost';

describe('cost formatting', () => {
  it('formats costs, trends and ratios', () => {
    expect(formatCost(1234.5)).toBe('1,234.50');
    expect(formatTrend(0.304)).toBe('+30%');
    expect(formatTrend(-0.1)).toBe('−10%');
    expect(formatTrend(null)).toBe('new');
    expect(formatPercent(0.4)).toBe('40%');
    expect(formatPercent(null)).toBe('—');
  });

  it('shortens entity refs in the default namespace only', () => {
    expect(shortRef('component:default/payments')).toBe('payments');
    expect(shortRef('group:ops/sre')).toBe('ops/sre');
    expect(shortRef(null)).toBe('(none)');
  });
});
