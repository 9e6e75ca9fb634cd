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

import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { cloneElement, ReactElement, useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { CostSeriesQuery, dyplomaApiRef } from '../../api';
import { formatCost } from '../../lib/cost';
import { toChartData } from '../../lib/costSeries';

/** Distinct hues in the order series are ranked; idle is always grey. */
const COLOURS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#bcbd22',
];
const IDLE_COLOUR = '#9e9e9e';

/**
 * Fills the width of its box where the browser can watch sizes (ResizeObserver), a fixed
 * width elsewhere (old browsers, jsdom in tests), rather than failing to draw.
 */
function Sized(props: { height: number; children: ReactElement }) {
  if (typeof ResizeObserver === 'undefined') {
    return cloneElement(props.children, { width: 640, height: props.height });
  }
  return (
    <ResponsiveContainer width="100%" height="100%">
      {props.children}
    </ResponsiveContainer>
  );
}

/**
 * Cost over time: one stacked bar per day (or hour) of the window, a colour per owner,
 * service, environment... (the dearest few, the rest as "other"), idle capacity in grey;
 * and under it each series' total, so the figures can be read without hovering.
 */
export function CostChart(props: {
  query: CostSeriesQuery;
  /** Dearest keys drawn on their own; default 6. */
  top?: number;
  height?: number;
  /** Leave idle capacity out (a service's or a team's chart). */
  hideIdle?: boolean;
}) {
  const { query, top, hideIdle } = props;
  const api = useApi(dyplomaApiRef);
  const key = JSON.stringify(query);
  const state = useAsyncRetry(
    () => api.getCostSeries(query),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key],
  );
  const data = useMemo(() => {
    if (!state.value) return undefined;
    const series = hideIdle
      ? {
          ...state.value,
          points: state.value.points.filter(p => !p.idle),
        }
      : state.value;
    return toChartData(series, top);
  }, [state.value, top, hideIdle]);
  const by = query.groupBy ?? 'total';
  const height = props.height ?? 260;

  if (state.error) return <ResponseErrorPanel error={state.error} />;
  if (!data) return <Progress />;
  if (data.series.length === 0) {
    return (
      <Typography variant="body2">
        Nothing to chart in this window yet.
      </Typography>
    );
  }
  return (
    <Box>
      {/* The card or page around the chart says "demo data" (each reads `demo` too). */}
      <Typography variant="body2" color="textSecondary">
        {formatCost(data.total)} allocated, per {state.value!.step}
      </Typography>
      <Box height={height} data-testid="cost-chart">
        <Sized height={height}>
          <BarChart data={data.rows}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={56} />
            <Tooltip formatter={(v: number) => formatCost(v)} />
            {data.series.map((s, i) => (
              <Bar
                key={s.dataKey}
                dataKey={s.dataKey}
                name={s.label}
                stackId="cost"
                fill={
                  s.label === 'idle' ? IDLE_COLOUR : COLOURS[i % COLOURS.length]
                }
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </Sized>
      </Box>
      <Table size="small" aria-label={`cost over time by ${by}`}>
        <TableBody>
          {data.series.map((s, i) => (
            <TableRow key={s.dataKey}>
              <TableCell>
                <Box
                  component="span"
                  display="inline-block"
                  width={10}
                  height={10}
                  mr={1}
                  style={{
                    background:
                      s.label === 'idle'
                        ? IDLE_COLOUR
                        : COLOURS[i % COLOURS.length],
                  }}
                />
                {s.label}
              </TableCell>
              <TableCell align="right">{formatCost(s.total)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
