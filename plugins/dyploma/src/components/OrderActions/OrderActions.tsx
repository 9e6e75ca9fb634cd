import type { OrderKind } from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';

const LABELS: Record<OrderKind, string> = {
  deploy: 'Deploy',
  scale: 'Scale',
  disable: 'Disable',
  enable: 'Enable',
  restart: 'Restart',
  rollback: 'Roll back',
};

/**
 * The orders of one environment as buttons. A button the user may not press is
 * disabled, and the reason is shown under the buttons and as its tooltip.
 */
export function OrderActions(props: {
  environment: string;
  kinds: OrderKind[];
  disabled: Partial<Record<OrderKind, string>>;
  onAction: (kind: OrderKind) => void;
}) {
  const { environment, kinds, disabled, onAction } = props;
  const reasons = [...new Set(kinds.map(k => disabled[k]).filter(Boolean))];
  const reasonId = (kind: OrderKind) =>
    disabled[kind]
      ? `dyploma-${environment}-reason-${reasons.indexOf(disabled[kind])}`
      : undefined;
  return (
    <Box>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        {kinds.map(kind => (
          <Tooltip key={kind} title={disabled[kind] ?? ''}>
            <span>
              <Button
                variant={kind === 'deploy' ? 'contained' : 'outlined'}
                color={kind === 'deploy' ? 'primary' : 'default'}
                disabled={!!disabled[kind]}
                aria-describedby={reasonId(kind)}
                onClick={() => onAction(kind)}
              >
                {LABELS[kind]}
              </Button>
            </span>
          </Tooltip>
        ))}
      </Box>
      {reasons.map((reason, i) => (
        <Typography
          key={reason}
          id={`dyploma-${environment}-reason-${i}`}
          variant="caption"
          color="textSecondary"
          display="block"
        >
          {reason}
        </Typography>
      ))}
    </Box>
  );
}
