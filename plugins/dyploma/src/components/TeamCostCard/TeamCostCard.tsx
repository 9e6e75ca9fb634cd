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
import { dyplomaApiRef, OwnerCost } from '../../api';
import {
  costKeyLabel,
  formatCost,
  formatPercent,
  formatTrend,
  isEmptyCost,
  shortRef,
  windowLabel,
} from '../../lib/cost';
import { serviceNameOf } from '../../lib/entity';
import { Figure } from '../CostCard';
import { CostChart } from '../CostChart';
import { DemoDataChip } from '../DemoDataChip';

/**
 * The Team cost card of a group: its cost with its sub-groups' (the owner rollup), the
 * month to date, and its services ranked by cost.
 */
export function TeamCostCard() {
  const { entity } = useEntity();
  const api = useApi(dyplomaApiRef);
  const group = serviceNameOf(entity);
  const state = useAsyncRetry(
    () => api.getOwnerCost(group, { window: '30d' }),
    [api, group.namespace, group.name],
  );
  return (
    <InfoCard
      title="Team cost"
      action={<DemoDataChip demo={!!state.value?.demo} />}
    >
      {state.error && <ResponseErrorPanel error={state.error} />}
      {state.loading && !state.value && <Progress />}
      {state.value &&
        (isEmptyCost(state.value) && state.value.services.length === 0 ? (
          <Typography variant="body2">
            No cost recorded for the services of {entity.metadata.name} or its
            sub-groups yet.
          </Typography>
        ) : (
          <>
            <OwnerCostView cost={state.value} />
            <Box mt={2}>
              <Typography variant="overline" component="div">
                Per day, by service
              </Typography>
              <CostChart
                query={{
                  window: '30d',
                  step: 'day',
                  groupBy: 'service',
                  owner: stringifyEntityRef(entity),
                }}
                height={160}
              />
            </Box>
          </>
        ))}
    </InfoCard>
  );
}

function OwnerCostView({ cost }: { cost: OwnerCost }) {
  const window = windowLabel(cost.window.hours);
  // The line of services not shown has no owner to show.
  const showOwner = cost.services.some(
    s => s.ownerRef !== null && s.ownerRef !== cost.ownerRef,
  );
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
        {cost.groups.length > 0 && (
          <Figure
            label="Own services"
            value={formatCost(cost.ownCost)}
            detail={`sub-groups ${formatCost(cost.cost - cost.ownCost)}`}
          />
        )}
      </Box>
      <Table size="small" aria-label="services by cost">
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>Service</TableCell>
            {showOwner && <TableCell>Owner</TableCell>}
            <TableCell align="right">Cost</TableCell>
            <TableCell align="right">Share</TableCell>
            <TableCell align="right">Trend</TableCell>
            <TableCell align="right">CPU used</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {cost.services.map((s, i) => (
            <TableRow key={`${s.key}:${s.ownerRef}`}>
              <TableCell>{i + 1}</TableCell>
              <TableCell>{costKeyLabel(s.key, s.hiddenServices)}</TableCell>
              {showOwner && (
                <TableCell>{s.ownerRef ? shortRef(s.ownerRef) : ''}</TableCell>
              )}
              <TableCell align="right">{formatCost(s.cost)}</TableCell>
              <TableCell align="right">
                {formatPercent(cost.cost > 0 ? s.cost / cost.cost : null)}
              </TableCell>
              <TableCell align="right">{formatTrend(s.trend)}</TableCell>
              <TableCell align="right">
                {formatPercent(s.efficiency.cpu)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
