import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { CostLine, dyplomaApiRef, ServiceCost } from '../../api';
import {
  formatCost,
  formatPercent,
  formatTrend,
  isEmptyCost,
  windowLabel,
} from '../../lib/cost';
import { serviceNameOf } from '../../lib/entity';
import { CostChart } from '../CostChart';
import { DemoDataChip } from '../DemoDataChip';

/**
 * The Cost card of a service: the month to date and its projection, the last 30 days
 * against the 30 before, split by environment and by cluster, and how much of what it
 * requests it uses.
 */
export function CostCard() {
  const { entity } = useEntity();
  const api = useApi(dyplomaApiRef);
  const service = serviceNameOf(entity);
  const state = useAsyncRetry(
    () => api.getServiceCost(service, { window: '30d' }),
    [api, service.namespace, service.name],
  );
  return (
    <InfoCard title="Cost" action={<DemoDataChip demo={!!state.value?.demo} />}>
      {state.error && <ResponseErrorPanel error={state.error} />}
      {state.loading && !state.value && <Progress />}
      {state.value &&
        (isEmptyCost(state.value) ? (
          <Typography variant="body2">
            No cost recorded for {entity.metadata.name} yet. The collector
            writes a row per hour for each running pod; the card fills in once
            the service has run for an hour.
          </Typography>
        ) : (
          <>
            <ServiceCostView cost={state.value} />
            <Typography variant="overline" component="div">
              Per day, by environment
            </Typography>
            <CostChart
              query={{
                window: '30d',
                step: 'day',
                groupBy: 'environment',
                service: stringifyEntityRef(entity),
              }}
              height={160}
            />
          </>
        ))}
    </InfoCard>
  );
}

function ServiceCostView({ cost }: { cost: ServiceCost }) {
  const window = windowLabel(cost.window.hours);
  return (
    <>
      <Box display="flex" flexWrap="wrap" style={{ gap: 24 }} mb={2}>
        <Figure
          label="This month"
          value={formatCost(cost.month.toDate)}
          detail={`projected ${formatCost(cost.month.projected)}`}
        />
        <Figure
          label={`Last ${window}`}
          value={formatCost(cost.cost)}
          detail={`${formatTrend(cost.trend)} vs previous ${window}`}
        />
        <Figure
          label="Efficiency (usage ÷ request)"
          value={`CPU ${formatPercent(cost.efficiency.cpu)}`}
          detail={`memory ${formatPercent(cost.efficiency.memory)}`}
        />
      </Box>
      <SplitTable
        label="cost by environment"
        heading="Environment"
        lines={cost.byEnvironment}
      />
      <SplitTable
        label="cost by cluster"
        heading="Cluster"
        lines={cost.byCluster.map(l => ({
          ...l,
          key: l.datacenter ? `${l.key} (${l.datacenter})` : l.key,
        }))}
      />
    </>
  );
}

export function Figure(props: {
  label: string;
  value: string;
  detail?: string;
}) {
  return (
    <Box>
      <Typography variant="overline" component="div">
        {props.label}
      </Typography>
      <Typography variant="h5" component="div">
        {props.value}
      </Typography>
      {props.detail && (
        <Typography variant="body2" color="textSecondary">
          {props.detail}
        </Typography>
      )}
    </Box>
  );
}

function SplitTable(props: {
  label: string;
  heading: string;
  lines: CostLine[];
}) {
  if (props.lines.length === 0) return null;
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>{props.heading}</TableCell>
          <TableCell align="right">Cost</TableCell>
          <TableCell align="right">Trend</TableCell>
          <TableCell align="right">CPU used</TableCell>
          <TableCell align="right">Memory used</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.lines.map(l => (
          <TableRow key={l.key ?? '(none)'}>
            <TableCell>{l.key ?? '(none)'}</TableCell>
            <TableCell align="right">{formatCost(l.cost)}</TableCell>
            <TableCell align="right">{formatTrend(l.trend)}</TableCell>
            <TableCell align="right">
              {formatPercent(l.efficiency.cpu)}
            </TableCell>
            <TableCell align="right">
              {formatPercent(l.efficiency.memory)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
