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
  FleetPage,
  FleetQuery,
  FleetRow,
  FleetSortField,
} from '@dyploma/plugin-dyploma-common';
import Checkbox from '@material-ui/core/Checkbox';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import WarningIcon from '@material-ui/icons/Warning';
import { costKeyLabel, formatCost, shortRef } from '../../lib/cost';
import { formatTime } from '../../lib/format';
import { FleetStatusLabel } from './FleetStatusLabel';
import { ServiceLink } from './ServiceLink';

const PAGE_SIZES = [25, 50, 100, 250];

type Column = {
  title: string;
  sort?: FleetSortField;
  numeric?: boolean;
  /** Short values that read badly broken over two lines at 1280 px. */
  nowrap?: boolean;
  render: (row: FleetRow) => React.ReactNode;
};

function replicasText(row: FleetRow): string {
  const { ready, desired } = row.replicas;
  return `${ready}/${desired}`;
}

function LastOrder(props: { row: FleetRow }) {
  const order = props.row.lastOrder;
  if (!order) return <>—</>;
  return (
    <>
      {order.kind} · {order.status}
      <Typography variant="caption" component="div" color="textSecondary">
        {shortRef(order.author)}, {formatTime(order.createdAt)}
      </Typography>
    </>
  );
}

function ClusterCell(props: { row: FleetRow }) {
  const { row } = props;
  return (
    <>
      {row.cluster}
      {row.clusterHealth === 'down' && (
        <Tooltip title="The cluster is unreachable: this is its last known state">
          <WarningIcon
            fontSize="inherit"
            aria-label="cluster unreachable"
            style={{ marginLeft: 4, verticalAlign: 'middle' }}
          />
        </Tooltip>
      )}
      <Typography variant="caption" component="div" color="textSecondary">
        {row.datacenter}
      </Typography>
    </>
  );
}

const useStyles = makeStyles({
  // Ten columns fit 1280 px: tighter cells, and words wrap between words only (the
  // theme's break-word split "Environment" into "Environ" and "ment").
  table: {
    '& td, & th': {
      padding: '6px 8px',
      wordBreak: 'normal',
      overflowWrap: 'normal',
    },
  },
  // A digest is long: cut, with the whole value on hover.
  version: {
    display: 'inline-block',
    maxWidth: 120,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    verticalAlign: 'bottom',
  },
});

function columns(
  withCost: boolean,
  classes: ReturnType<typeof useStyles>,
): Column[] {
  const all: Column[] = [
    {
      title: 'Service',
      sort: 'service',
      render: row => <ServiceLink service={row.service} />,
    },
    {
      title: 'Owner',
      sort: 'owner',
      render: row => (
        <>
          {/* An owner or system the catalog hides from the viewer: "not shown to you". */}
          {costKeyLabel(row.service.owner)}
          {row.service.system && (
            <Typography variant="caption" component="div" color="textSecondary">
              {costKeyLabel(row.service.system)}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Environment',
      sort: 'environment',
      render: r => r.environment,
    },
    {
      title: 'Cluster',
      sort: 'cluster',
      render: r => <ClusterCell row={r} />,
    },
    {
      title: 'Version',
      sort: 'version',
      nowrap: true,
      render: r => (
        <span className={classes.version} title={r.version}>
          {r.version ?? '—'}
        </span>
      ),
    },
    {
      title: 'Ready',
      sort: 'ready',
      numeric: true,
      render: r => (
        <>
          {replicasText(r)}
          {r.autoscaler && (
            <Typography
              variant="caption"
              component="div"
              color="textSecondary"
              style={{ whiteSpace: 'nowrap' }}
            >
              autoscaled {r.autoscaler.min}–{r.autoscaler.max}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Status',
      sort: 'status',
      nowrap: true,
      render: r => <FleetStatusLabel status={r.status} />,
    },
    {
      title: 'Last order',
      sort: 'lastOrder',
      render: r => <LastOrder row={r} />,
    },
  ];
  if (withCost) {
    all.push({
      title: 'Cost this month',
      sort: 'cost',
      numeric: true,
      render: r =>
        r.monthlyCost ? (
          <>
            {formatCost(r.monthlyCost.toDate)}
            <Typography variant="caption" component="div" color="textSecondary">
              projected {formatCost(r.monthlyCost.projected)}
            </Typography>
          </>
        ) : (
          '—'
        ),
    });
  }
  return all;
}

export const rowKey = (row: FleetRow) =>
  `${row.service.ref}|${row.environment}|${row.cluster}`;

/**
 * One page of fleet rows: sortable headers, a checkbox per row (it selects the row's
 * service), and paging. Sorting and paging go to the server, so a page of the seed's
 * 2,300 Deployments renders only the rows it shows.
 */
export function FleetTable(props: {
  page: FleetPage;
  query: Partial<FleetQuery>;
  selected: ReadonlySet<string>;
  onToggle: (refs: string[], on: boolean) => void;
  onQuery: (change: Partial<FleetQuery>) => void;
}) {
  const { page, query, selected, onToggle, onQuery } = props;
  const classes = useStyles();
  const cols = columns(!!page.costMonth, classes);
  const sort = query.sort ?? 'service';
  const order = query.order ?? 'asc';
  const refs = [...new Set(page.items.map(r => r.service.ref))];
  const onPage = refs.filter(r => selected.has(r)).length;

  return (
    <>
      <Table size="small" aria-label="Fleet" className={classes.table}>
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <Checkbox
                inputProps={{
                  'aria-label': 'Select every service on this page',
                }}
                checked={refs.length > 0 && onPage === refs.length}
                indeterminate={onPage > 0 && onPage < refs.length}
                onChange={e => onToggle(refs, e.target.checked)}
              />
            </TableCell>
            {cols.map(c => (
              <TableCell
                key={c.title}
                align={c.numeric ? 'right' : 'left'}
                sortDirection={sort === c.sort ? order : false}
              >
                {c.sort ? (
                  <TableSortLabel
                    active={sort === c.sort}
                    direction={sort === c.sort ? order : 'asc'}
                    onClick={() =>
                      onQuery({
                        sort: c.sort,
                        order:
                          sort === c.sort && order === 'asc' ? 'desc' : 'asc',
                      })
                    }
                  >
                    {c.title}
                  </TableSortLabel>
                ) : (
                  c.title
                )}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {page.items.map(row => {
            const ref = row.service.ref;
            return (
              <TableRow key={rowKey(row)} hover selected={selected.has(ref)}>
                <TableCell padding="checkbox">
                  <Checkbox
                    inputProps={{
                      'aria-label': `Select ${row.service.name} (${row.environment}, ${row.cluster})`,
                    }}
                    checked={selected.has(ref)}
                    onChange={e => onToggle([ref], e.target.checked)}
                  />
                </TableCell>
                {cols.map(c => (
                  <TableCell
                    key={c.title}
                    align={c.numeric ? 'right' : 'left'}
                    style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}
                  >
                    {c.render(row)}
                  </TableCell>
                ))}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={page.total}
        page={Math.floor(page.offset / page.limit)}
        rowsPerPage={page.limit}
        rowsPerPageOptions={[...new Set([...PAGE_SIZES, page.limit])].sort(
          (a, b) => a - b,
        )}
        onPageChange={(_e, n) => onQuery({ offset: n * page.limit })}
        onRowsPerPageChange={e => onQuery({ limit: Number(e.target.value) })}
      />
    </>
  );
}
