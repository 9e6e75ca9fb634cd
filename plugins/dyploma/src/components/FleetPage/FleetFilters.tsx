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
  FleetFacetName,
  FleetFacets,
  FleetQuery,
} from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useEffect, useState } from 'react';
import { costKeyLabel } from '../../lib/cost';

/** The filters offered, in the order they appear. */
const FILTERS: Array<{ name: FleetFacetName; label: string }> = [
  { name: 'owner', label: 'Owner' },
  { name: 'system', label: 'System' },
  { name: 'tag', label: 'Tag' },
  { name: 'environment', label: 'Environment' },
  { name: 'cluster', label: 'Cluster' },
  { name: 'datacenter', label: 'Datacenter' },
  { name: 'status', label: 'Status' },
];

/** Waits this long after the last key before searching. */
const SEARCH_DELAY_MS = 300;

/** Owners and systems by short ref; one the catalog hides from the viewer, "not shown to you". */
const display = (name: FleetFacetName, value: string) =>
  name === 'owner' || name === 'system' ? costKeyLabel(value) : value;

function FacetFilter(props: {
  name: FleetFacetName;
  label: string;
  facets?: FleetFacets;
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  const { name, label, facets, selected, onChange } = props;
  const counts = new Map(
    (facets?.[name] ?? []).map(f => [f.value, f.count] as const),
  );
  // Values in the URL stay pickable even when no row has them any more.
  const options = [...new Set([...counts.keys(), ...selected])];
  return (
    <Autocomplete
      multiple
      size="small"
      id={`dyploma-fleet-filter-${name}`}
      style={{ minWidth: 170, maxWidth: 320 }}
      options={options}
      value={selected}
      onChange={(_e, values) => onChange(values)}
      getOptionLabel={v => display(name, v)}
      renderOption={v =>
        `${display(name, v)}${counts.has(v) ? ` (${counts.get(v)})` : ''}`
      }
      filterSelectedOptions
      renderInput={params => (
        <TextField {...params} variant="outlined" label={label} />
      )}
    />
  );
}

/**
 * The fleet's filters, from the facets of the current answer: each shows how many rows a
 * value would match. Search waits for a pause in typing.
 */
export function FleetFilters(props: {
  query: Partial<FleetQuery>;
  facets?: FleetFacets;
  onChange: (change: Partial<FleetQuery>) => void;
  onClear: () => void;
  filtered: boolean;
}) {
  const { query, facets, onChange, onClear, filtered } = props;
  const [search, setSearch] = useState(query.q ?? '');

  // The URL is the truth: clearing the filters or following a link resets the box.
  useEffect(() => setSearch(query.q ?? ''), [query.q]);

  useEffect(() => {
    if (search === (query.q ?? '')) return undefined;
    const timer = setTimeout(
      () => onChange({ q: search.trim() || undefined }),
      SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [search, query.q, onChange]);

  return (
    <Box
      component="form"
      role="search"
      aria-label="Filter the fleet"
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 12 }}
      mb={2}
      onSubmit={e => {
        e.preventDefault();
        onChange({ q: search.trim() || undefined });
      }}
    >
      <TextField
        id="dyploma-fleet-search"
        label="Search"
        placeholder="service, owner, tag, version…"
        variant="outlined"
        size="small"
        value={search}
        onChange={e => setSearch(e.target.value)}
      />
      {FILTERS.map(f => (
        <FacetFilter
          key={f.name}
          name={f.name}
          label={f.label}
          facets={facets}
          selected={(query[f.name] as string[] | undefined) ?? []}
          onChange={values =>
            onChange({ [f.name]: values.length ? values : undefined })
          }
        />
      ))}
      {filtered && (
        <Button variant="text" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
