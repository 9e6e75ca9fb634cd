import {
  Content,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  CostDimension,
  CostLine,
  CostWindowQuery,
  dyplomaApiRef,
  OverProvisionedReport,
} from '../../api';
import {
  costKeyLabel,
  formatCost,
  formatPercent,
  formatTrend,
  shortRef,
  windowLabel,
} from '../../lib/cost';
import { Figure } from '../CostCard';
import { CostChart } from '../CostChart';
import { CostWindowPicker, windowName } from '../CostWindowPicker';
import { DemoDataChip } from '../DemoDataChip';

/** Windows this short are charted hour by hour, longer ones day by day. */
const HOURLY_UP_TO_HOURS = 48;

function hoursOf(query: CostWindowQuery): number {
  if (query.from && query.to) {
    return (Date.parse(query.to) - Date.parse(query.from)) / 3_600_000;
  }
  return { '24h': 24, '7d': 168, '30d': 720 }[query.window ?? '30d'];
}
const GROUP_BY: CostDimension[] = [
  'owner',
  'service',
  'system',
  'environment',
  'cluster',
  'datacenter',
];

type OverItem = OverProvisionedReport['items'][number];

/** Picks what to group cost by. */
function DimensionSelect(props: {
  id: string;
  label: string;
  value: CostDimension;
  onChange: (value: CostDimension) => void;
}) {
  return (
    <TextField
      select
      id={props.id}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value as CostDimension)}
      variant="outlined"
      size="small"
    >
      {GROUP_BY.map(g => (
        <MenuItem key={g} value={g}>
          {g}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** Saves text as a file in the browser. */
function saveText(text: string, filename: string) {
  if (typeof URL.createObjectURL !== 'function') return;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * The Cost page: every owner's cost over a window with its trend, the idle cost of the
 * clusters, a CSV export of any grouping, and the over-provisioned services with what
 * right-sizing them would save per month.
 */
export function CostPage() {
  const api = useApi(dyplomaApiRef);
  const [window, setWindow] = useState<CostWindowQuery>({ window: '30d' });
  const [csvGroupBy, setCsvGroupBy] = useState<CostDimension>('owner');
  const [chartBy, setChartBy] = useState<CostDimension>('owner');
  const [csvError, setCsvError] = useState<Error>();
  const name = windowName(window);
  const owners = useAsyncRetry(() => api.listOwnerCosts(window), [api, window]);
  const over = useAsyncRetry(
    () => api.getOverProvisioned(window),
    [api, window],
  );

  const download = async () => {
    setCsvError(undefined);
    try {
      const csv = await api.getCostReportCsv({
        groupBy: csvGroupBy,
        ...window,
      });
      saveText(csv, `cost-by-${csvGroupBy}-${name}.csv`);
    } catch (e) {
      setCsvError(e as Error);
    }
  };

  const ownerColumns: TableColumn<CostLine & { id: string }>[] = [
    { title: 'Owner', field: 'key', render: l => costKeyLabel(l.key) },
    {
      title: 'Cost',
      field: 'cost',
      type: 'numeric',
      render: l => formatCost(l.cost),
    },
    {
      title: 'Own services',
      field: 'ownCost',
      type: 'numeric',
      render: l => formatCost(l.ownCost),
    },
    {
      title: 'Trend',
      field: 'trend',
      type: 'numeric',
      render: l => formatTrend(l.trend),
    },
    {
      title: 'CPU used',
      field: 'efficiency.cpu',
      type: 'numeric',
      render: l => formatPercent(l.efficiency.cpu),
    },
    {
      title: 'Memory used',
      field: 'efficiency.memory',
      type: 'numeric',
      render: l => formatPercent(l.efficiency.memory),
    },
  ];
  const overColumns: TableColumn<OverItem & { id: string }>[] = [
    {
      title: 'Service',
      field: 'serviceRef',
      render: i => shortRef(i.serviceRef),
    },
    {
      title: 'Owner',
      field: 'ownerRef',
      render: i => costKeyLabel(i.ownerRef),
    },
    {
      title: 'Cost',
      field: 'cost',
      type: 'numeric',
      render: i => formatCost(i.cost),
    },
    {
      title: 'CPU used',
      field: 'efficiency.cpu',
      type: 'numeric',
      render: i => formatPercent(i.efficiency.cpu),
    },
    {
      title: 'Memory used',
      field: 'efficiency.memory',
      type: 'numeric',
      render: i => formatPercent(i.efficiency.memory),
    },
    {
      title: 'Saving per month',
      field: 'monthlySaving.total',
      type: 'numeric',
      render: i => formatCost(i.monthlySaving.total),
    },
  ];

  const report = owners.value;
  return (
    <Content>
      <Box
        display="flex"
        alignItems="flex-start"
        flexWrap="wrap"
        style={{ gap: 16 }}
        mb={2}
      >
        <CostWindowPicker value={window} onChange={setWindow} />
        <DimensionSelect
          id="dyploma-cost-csv-by"
          label="CSV by"
          value={csvGroupBy}
          onChange={setCsvGroupBy}
        />
        <Button variant="outlined" onClick={download}>
          Download CSV
        </Button>
        <DemoDataChip demo={!!report?.demo || !!over.value?.demo} />
      </Box>
      {csvError && <ResponseErrorPanel error={csvError} />}
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title="Cost by owner">
            {owners.error && <ResponseErrorPanel error={owners.error} />}
            {owners.loading && !report && <Progress />}
            {report && (
              <>
                <Box display="flex" flexWrap="wrap" style={{ gap: 24 }} mb={2}>
                  <Figure
                    label={
                      window.from
                        ? `Allocated, ${name}`
                        : `Allocated, last ${windowLabel(report.window.hours)}`
                    }
                    value={formatCost(report.total.cost)}
                    detail={`${formatTrend(report.total.trend)} vs previous`}
                  />
                  <Figure
                    label="Idle (capacity not requested)"
                    value={formatCost(report.total.idleCost)}
                  />
                </Box>
                {report.items.length === 0 ? (
                  <Typography variant="body2">
                    No cost recorded in this window yet.
                  </Typography>
                ) : (
                  <Table
                    title="Owners"
                    options={{ paging: false, search: true, padding: 'dense' }}
                    columns={ownerColumns}
                    data={report.items.map(l => ({
                      ...l,
                      id: l.key ?? '(none)',
                    }))}
                  />
                )}
              </>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard
            title="Cost over time"
            action={
              <DimensionSelect
                id="dyploma-cost-chart-by"
                label="By"
                value={chartBy}
                onChange={setChartBy}
              />
            }
          >
            <CostChart
              query={{
                ...window,
                groupBy: chartBy,
                step: hoursOf(window) <= HOURLY_UP_TO_HOURS ? 'hour' : 'day',
              }}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard
            title="Over-provisioned services"
            subheader="Request at least twice the usage; saving if requests were right-sized to average usage × 1.15"
          >
            {over.error && <ResponseErrorPanel error={over.error} />}
            {over.loading && !over.value && <Progress />}
            {over.value &&
              (over.value.items.length === 0 ? (
                <Typography variant="body2">
                  No over-provisioned services in this window.
                </Typography>
              ) : (
                <Table
                  title="Over-provisioned"
                  options={{ paging: false, search: false, padding: 'dense' }}
                  columns={overColumns}
                  data={over.value.items.map(i => ({
                    ...i,
                    id: i.serviceRef ?? '(none)',
                  }))}
                />
              ))}
          </InfoCard>
        </Grid>
      </Grid>
    </Content>
  );
}
