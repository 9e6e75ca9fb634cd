import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';

/** What an order to a protected environment will change, before it is sent. */
export function ConfirmChanges(props: {
  environment: string;
  changes: string[];
  reason?: string;
}) {
  return (
    <>
      <Alert severity="warning">
        This changes what runs in {props.environment}. Check before you confirm:
      </Alert>
      <ul aria-label="changes">
        {props.changes.map(change => (
          <li key={change}>
            <Typography variant="body1">{change}</Typography>
          </li>
        ))}
      </ul>
      {props.reason && (
        <Typography variant="body2" color="textSecondary">
          Reason: {props.reason}
        </Typography>
      )}
    </>
  );
}
