import Alert from '@material-ui/lab/Alert';
import { errorMessage, statusOf } from '../../api';

/** An API error, or for a 501 a calm "not available yet" with the API's reason. */
export function NotAvailable(props: { what: string; error: unknown }) {
  if (statusOf(props.error) === 501) {
    return (
      <Alert severity="info">
        {props.what} are not available yet: {errorMessage(props.error)}.
      </Alert>
    );
  }
  return (
    <Alert severity="error">
      Could not load the {props.what.toLocaleLowerCase('en-US')}:{' '}
      {errorMessage(props.error)}
    </Alert>
  );
}
