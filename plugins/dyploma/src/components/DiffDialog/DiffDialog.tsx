import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { dyplomaApiRef, errorMessage, ServiceName } from '../../api';
import { ReleaseDiffTable } from '../ReleaseDiffTable';

/** The diff of a release against the one before it. */
export function DiffDialog(props: {
  service: ServiceName;
  environment: string;
  revision: number;
  onClose: () => void;
}) {
  const { service, environment, revision } = props;
  const api = useApi(dyplomaApiRef);
  const diff = useAsync(
    () => api.diffReleases(service, environment, revision - 1, revision),
    [api, environment, revision],
  );
  const titleId = `dyploma-diff-${environment}-${revision}`;
  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="md"
    >
      <DialogTitle id={titleId}>
        Release {revision} in {environment}: what changed
      </DialogTitle>
      <DialogContent>
        {diff.loading && <Progress />}
        {diff.error && (
          <Alert severity="error">{errorMessage(diff.error)}</Alert>
        )}
        {diff.value && (
          <ReleaseDiffTable
            from={diff.value.from}
            to={diff.value.to}
            changes={diff.value.changes}
          />
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
