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

import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import type {
  Batch,
  BatchSelect,
  FleetEnvironment,
  FleetPage as FleetAnswer,
  FleetQuery,
} from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import { useFleet } from '../../hooks/useFleet';
import { filterOf, isFiltered, useFleetQuery } from '../../hooks/useFleetQuery';
import { formatTime } from '../../lib/format';
import { BatchDialog } from '../BatchDialog';
import { BatchProgress } from '../BatchProgress';
import { FleetFilters } from './FleetFilters';
import { FleetTable } from './FleetTable';
import { RecentBatches } from './RecentBatches';

type Selection =
  | { mode: 'refs'; refs: ReadonlySet<string> }
  | { mode: 'filter' };

const NONE: Selection = { mode: 'refs', refs: new Set() };

/**
 * The environments a batch can target, by name. The backend lists them from config with
 * `requireReason`; an older backend without the list leaves the facets' names and its
 * default (production says why), and the dialog learns any other from a 400.
 */
function environmentsOf(page: FleetAnswer | undefined): FleetEnvironment[] {
  if (page?.environments) {
    return [...page.environments].sort((a, b) => a.name.localeCompare(b.name));
  }
  const values = new Set<string>();
  for (const f of page?.facets.environment ?? []) values.add(f.value);
  for (const r of page?.items ?? []) values.add(r.environment);
  return [...values].sort().map(name => ({
    name,
    requireReason: name === 'production',
    clusters: [],
  }));
}

function ClusterLine(props: { page: FleetAnswer }) {
  const { page } = props;
  return (
    <Typography variant="body2" color="textSecondary">
      {page.total.toLocaleString('en-US')} rows · {page.services} services ·
      clusters:{' '}
      {page.clusters
        .map(c => `${c.name} (${c.datacenter}) ${c.health}`)
        .join(', ')}{' '}
      · as of {formatTime(page.generatedAt)}
    </Typography>
  );
}

function Empty(props: { filtered: boolean; onClear: () => void }) {
  if (props.filtered) {
    return (
      <EmptyState
        missing="data"
        title="No service matches these filters"
        description="Remove a filter, or clear them all to see the whole fleet."
        action={
          <Button variant="contained" color="primary" onClick={props.onClear}>
            Clear filters
          </Button>
        }
      />
    );
  }
  return (
    <EmptyState
      missing="content"
      title="No service with a Dyploma model yet"
      description="The fleet lists every catalog Component with spec.dyploma, in every environment and cluster. Add a model to a service, or create one from a template."
      action={
        <Button variant="contained" color="primary" href="/create">
          Create a service
        </Button>
      }
    />
  );
}

/**
 * The Fleet page: every service × environment × cluster with its version, ready and
 * desired replicas, status, last order and cost; filters, sorting and paging done by the
 * server and kept in the URL; batch operations on the services picked by hand or on
 * everything matching the filter, with a preview, then the batch's live progress.
 */
export function FleetPage() {
  const { query, update, clearFilters, batchId, openBatch } = useFleetQuery();
  const fleet = useFleet(query);
  const [selection, setSelection] = useState<Selection>(NONE);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [batches, setBatches] = useState(0);
  const page = fleet.value;
  const filtered = isFiltered(query);

  const onQuery = useCallback(
    (change: Partial<FleetQuery>) => {
      // A batch by filter follows the filter it was made for; a new filter starts over.
      if (!Object.keys(change).every(k => k === 'offset' || k === 'limit')) {
        setSelection(s => (s.mode === 'filter' ? NONE : s));
      }
      update(change);
    },
    [update],
  );

  const onToggle = (refs: string[], on: boolean) =>
    setSelection(s => {
      // Unticking a row while "all matching" is chosen keeps the rest of this page.
      const next = new Set(
        s.mode === 'refs' ? s.refs : page?.items.map(r => r.service.ref),
      );
      for (const ref of refs) {
        if (on) next.add(ref);
        else next.delete(ref);
      }
      return { mode: 'refs', refs: next };
    });

  const selectedRefs =
    selection.mode === 'refs' ? selection.refs : new Set<string>();
  const count =
    selection.mode === 'filter' ? page?.services ?? 0 : selection.refs.size;
  const { environment: envFilter, ...batchFilter } = filterOf(query);
  const select: BatchSelect =
    selection.mode === 'filter'
      ? { filter: batchFilter }
      : { refs: [...selection.refs] };
  const selectionLabel =
    selection.mode === 'filter'
      ? `every service matching the filter (${count})`
      : `${count} service${count === 1 ? '' : 's'}`;

  const onCreated = (batch: Batch) => {
    setDialogOpen(false);
    setSelection(NONE);
    setBatches(v => v + 1);
    openBatch(batch.id);
  };

  return (
    <Content>
      {batchId && (
        <Box mb={3}>
          <BatchProgress
            batchId={batchId}
            onClose={() => openBatch(undefined)}
            onFinished={() => {
              // Its orders are now the rows' last orders, and the list's status changed.
              fleet.retry();
              setBatches(v => v + 1);
            }}
          />
        </Box>
      )}
      <RecentBatches onOpen={openBatch} version={batches} />
      <FleetFilters
        query={query}
        facets={page?.facets}
        onChange={onQuery}
        onClear={() => {
          setSelection(s => (s.mode === 'filter' ? NONE : s));
          clearFilters();
        }}
        filtered={filtered}
      />
      {page && <ClusterLine page={page} />}
      <Box
        component="section"
        aria-label="Selection"
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 12 }}
        my={1}
      >
        <Typography variant="body2" aria-live="polite">
          {count > 0 ? `Selected: ${selectionLabel}` : 'No service selected'}
        </Typography>
        {page && page.services > 0 && selection.mode === 'refs' && (
          <Button size="small" onClick={() => setSelection({ mode: 'filter' })}>
            {filtered
              ? `Select all ${page.services} services matching the filter`
              : `Select all ${page.services} services`}
          </Button>
        )}
        {count > 0 && (
          <Button size="small" onClick={() => setSelection(NONE)}>
            Clear selection
          </Button>
        )}
        <Button
          variant="contained"
          color="primary"
          size="small"
          disabled={count === 0}
          onClick={() => setDialogOpen(true)}
        >
          Batch operation…
        </Button>
      </Box>
      {fleet.error && <ResponseErrorPanel error={fleet.error} />}
      {fleet.loading && !page && <Progress />}
      {page &&
        (page.total === 0 ? (
          <Empty filtered={filtered} onClear={clearFilters} />
        ) : (
          <Paper>
            {fleet.loading && <Progress />}
            <FleetTable
              page={page}
              query={query}
              selected={
                selection.mode === 'filter'
                  ? new Set(page.items.map(r => r.service.ref))
                  : selectedRefs
              }
              onToggle={onToggle}
              onQuery={onQuery}
            />
          </Paper>
        ))}
      {dialogOpen && (
        <BatchDialog
          select={select}
          selectionLabel={selectionLabel}
          environments={environmentsOf(page)}
          defaultEnvironment={
            envFilter?.length === 1 ? envFilter[0] : undefined
          }
          onClose={() => setDialogOpen(false)}
          onCreated={onCreated}
        />
      )}
    </Content>
  );
}
