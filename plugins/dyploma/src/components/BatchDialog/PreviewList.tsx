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

import type {
  BatchPreview,
  BatchPreviewOutcome,
} from '@dyploma/plugin-dyploma-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { shortRef } from '../../lib/cost';

const OUTCOMES: Record<BatchPreviewOutcome, string> = {
  change: 'will change',
  'no-change': 'no change',
  forbidden: 'forbidden',
  invalid: 'cannot be ordered',
};

/** Forbidden and refused services first: they are what the user must decide about. */
const ORDER: Record<BatchPreviewOutcome, number> = {
  forbidden: 0,
  invalid: 1,
  change: 2,
  'no-change': 3,
};

/** "2 will change · 1 forbidden" */
export function previewSummary(preview: BatchPreview): string {
  const parts = (Object.keys(OUTCOMES) as BatchPreviewOutcome[])
    .filter(o => preview.summary[o] > 0)
    .map(o => `${preview.summary[o]} ${OUTCOMES[o]}`);
  return parts.join(' · ') || 'no service';
}

/** What a batch would do to each service, as the preview answered. */
export function PreviewList(props: { preview: BatchPreview }) {
  const items = [...props.preview.items].sort(
    (a, b) => ORDER[a.outcome] - ORDER[b.outcome],
  );
  return (
    <Table size="small" aria-label="What will change">
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Outcome</TableCell>
          <TableCell>What changes</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(item => (
          <TableRow key={item.service}>
            <TableCell>{shortRef(item.service)}</TableCell>
            <TableCell>
              <Typography
                variant="body2"
                color={
                  item.outcome === 'forbidden' || item.outcome === 'invalid'
                    ? 'error'
                    : 'textPrimary'
                }
              >
                {OUTCOMES[item.outcome]}
              </Typography>
            </TableCell>
            <TableCell>
              {item.changes.length > 0 && (
                <ul style={{ margin: 0, paddingLeft: 16 }}>
                  {item.changes.map((c, i) => (
                    <li key={i}>{c.text}</li>
                  ))}
                </ul>
              )}
              {item.message && (
                <Typography variant="caption" color="textSecondary">
                  {item.message}
                </Typography>
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
