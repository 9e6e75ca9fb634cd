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

import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { dyplomaApiRef } from '../../api';
import { shortRef } from '../../lib/cost';
import { formatTime } from '../../lib/format';
import { describeAction } from '../BatchProgress';

/** The latest batches, newest first, each opening its progress; read again on `version`. */
export function RecentBatches(props: {
  onOpen: (id: string) => void;
  version: number;
}) {
  const api = useApi(dyplomaApiRef);
  const { value } = useAsyncRetry(
    () => api.listBatches({ limit: 5 }),
    [api, props.version],
  );
  if (!value || value.items.length === 0) return null;
  return (
    <Box component="nav" aria-label="Recent batches" mb={2}>
      <Typography variant="subtitle2" component="h2">
        Recent batches
      </Typography>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        {value.items.map(b => (
          <Link
            key={b.id}
            component="button"
            variant="body2"
            onClick={() => props.onOpen(b.id)}
          >
            {describeAction(b.action)} in {b.environment} · {b.status} ·{' '}
            {b.summary.total} services · {shortRef(b.author)},{' '}
            {formatTime(b.createdAt)}
          </Link>
        ))}
      </Box>
    </Box>
  );
}
