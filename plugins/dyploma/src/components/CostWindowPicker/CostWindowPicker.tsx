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

import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useState } from 'react';
import { CostWindowName, CostWindowQuery } from '../../api';

const NAMED: CostWindowName[] = ['24h', '7d', '30d'];
/** The API's longest custom window. */
export const MAX_WINDOW_DAYS = 400;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-11-02` of an ISO time, in UTC. */
const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * Checks a custom window of whole UTC days, `to` included, and turns it into the API's
 * query (`to` exclusive); or says what is wrong, naming the field.
 */
export function customWindow(
  from: string,
  to: string,
): { query: CostWindowQuery } | { error: string } {
  if (!DATE.test(from) || isNaN(Date.parse(from))) {
    return { error: 'From: expected a date' };
  }
  if (!DATE.test(to) || isNaN(Date.parse(to))) {
    return { error: 'To: expected a date' };
  }
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  if (end <= start) return { error: 'To: expected a day on or after From' };
  if (end - start > MAX_WINDOW_DAYS * DAY_MS) {
    return { error: `To: expected at most ${MAX_WINDOW_DAYS} days after From` };
  }
  return {
    query: {
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
    },
  };
}

/** A short name of a window for file names and headings: `7d`, `2026-11-01..2026-11-07`. */
export function windowName(query: CostWindowQuery): string {
  if (query.from && query.to) {
    return `${dayOf(query.from)}..${dayOf(
      new Date(Date.parse(query.to) - DAY_MS).toISOString(),
    )}`;
  }
  return query.window ?? '30d';
}

/** A day (`YYYY-MM-DD`), with its error under it. */
function DateField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <TextField
      id={props.id}
      label={props.label}
      type="date"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      variant="outlined"
      size="small"
      InputLabelProps={{ shrink: true }}
      error={!!props.error}
      helperText={props.error}
    />
  );
}

/**
 * Picks a report window: the last 24 hours, 7 or 30 days, or custom whole days (UTC) from
 * one date to another, both included, checked before anything is asked of the API.
 */
export function CostWindowPicker(props: {
  value: CostWindowQuery;
  onChange: (value: CostWindowQuery) => void;
}) {
  const { value, onChange } = props;
  const [custom, setCustom] = useState(!!value.from);
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(
    value.from
      ? dayOf(value.from)
      : new Date(Date.now() - 6 * DAY_MS).toISOString().slice(0, 10),
  );
  const [to, setTo] = useState(
    value.to
      ? dayOf(new Date(Date.parse(value.to) - DAY_MS).toISOString())
      : today,
  );
  const [error, setError] = useState<string>();
  const choice = custom ? 'custom' : value.window ?? '30d';

  const apply = () => {
    const result = customWindow(from, to);
    if ('error' in result) {
      setError(result.error);
      return;
    }
    setError(undefined);
    onChange(result.query);
  };

  return (
    <Box display="flex" alignItems="flex-start" style={{ gap: 8 }}>
      <TextField
        select
        id="dyploma-cost-window"
        label="Window"
        value={choice}
        onChange={e => {
          const next = e.target.value;
          if (next === 'custom') {
            setCustom(true);
            return;
          }
          setCustom(false);
          setError(undefined);
          onChange({ window: next as CostWindowName });
        }}
        variant="outlined"
        size="small"
      >
        {NAMED.map(w => (
          <MenuItem key={w} value={w}>
            {w}
          </MenuItem>
        ))}
        <MenuItem value="custom">custom</MenuItem>
      </TextField>
      {custom && (
        <>
          <DateField
            id="dyploma-cost-from"
            label="From"
            value={from}
            onChange={setFrom}
            error={error?.startsWith('From') ? error : undefined}
          />
          <DateField
            id="dyploma-cost-to"
            label="To (included)"
            value={to}
            onChange={setTo}
            error={error?.startsWith('To') ? error : undefined}
          />
          <Button variant="outlined" onClick={apply}>
            Apply
          </Button>
        </>
      )}
    </Box>
  );
}
