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

import { renderInTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CostWindowPicker, customWindow, windowName } from './CostWindowPicker';

describe('customWindow', () => {
  it('turns whole days, the last included, into the API’s window', () => {
    expect(customWindow('2026-11-01', '2026-11-07')).toEqual({
      query: {
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-08T00:00:00.000Z',
      },
    });
    expect(customWindow('2026-11-03', '2026-11-03')).toEqual({
      query: {
        from: '2026-11-03T00:00:00.000Z',
        to: '2026-11-04T00:00:00.000Z',
      },
    });
  });

  it('names the field that is wrong', () => {
    expect(customWindow('', '2026-11-07')).toEqual({
      error: 'From: expected a date',
    });
    expect(customWindow('2026-11-07', 'soon')).toEqual({
      error: 'To: expected a date',
    });
    expect(customWindow('2026-11-07', '2026-11-01')).toEqual({
      error: 'To: expected a day on or after From',
    });
    expect(customWindow('2024-01-01', '2026-01-01')).toEqual({
      error: 'To: expected at most 400 days after From',
    });
  });

  it('names windows for files and headings', () => {
    expect(windowName({ window: '7d' })).toBe('7d');
    expect(
      windowName({
        from: '2026-11-01T00:00:00.000Z',
        to: '2026-11-08T00:00:00.000Z',
      }),
    ).toBe('2026-11-01..2026-11-07');
  });
});

describe('CostWindowPicker', () => {
  it('offers the named windows', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <CostWindowPicker value={{ window: '30d' }} onChange={onChange} />,
    );
    await userEvent.click(screen.getByRole('button', { name: /Window/ }));
    await userEvent.click(await screen.findByRole('option', { name: '24h' }));
    expect(onChange).toHaveBeenCalledWith({ window: '24h' });
  });

  it('asks for custom days, refuses a backwards window and applies a good one', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <CostWindowPicker value={{ window: '30d' }} onChange={onChange} />,
    );
    await userEvent.click(screen.getByRole('button', { name: /Window/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'custom' }),
    );
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To (included)');
    fireEvent.change(from, { target: { value: '2026-11-10' } });
    fireEvent.change(to, { target: { value: '2026-11-01' } });
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(
      screen.getByText('To: expected a day on or after From'),
    ).toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();

    fireEvent.change(to, { target: { value: '2026-11-12' } });
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(onChange).toHaveBeenCalledWith({
      from: '2026-11-10T00:00:00.000Z',
      to: '2026-11-13T00:00:00.000Z',
    });
    expect(
      screen.queryByText('To: expected a day on or after From'),
    ).not.toBeInTheDocument();
  });
});
