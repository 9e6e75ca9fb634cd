import { useApi } from '@backstage/core-plugin-api';
import type {
  Order,
  OrderRequest,
  ServiceEnvironmentStatus,
} from '@dyploma/plugin-dyploma-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import {
  activeOrderOf,
  dyplomaApiRef,
  errorMessage,
  problemsOf,
  ServiceName,
} from '../../api';
import { describeChange, isProtected } from '../../lib/changes';
import { buildOrder, FormKind, FormValues } from '../../lib/orderForm';
import { ActiveOrderNotice } from './ActiveOrderNotice';
import { ConfirmChanges } from './ConfirmChanges';
import { OrderFields } from './OrderFields';

const TITLES: Record<FormKind, string> = {
  deploy: 'Deploy a version',
  scale: 'Scale',
  disable: 'Disable',
  enable: 'Enable',
  restart: 'Restart',
};

const EMPTY: FormValues = { version: '', replicas: '', reason: '' };

/**
 * The form of an order: checked with the backend's schema as the user types it, a
 * confirmation listing the change for protected environments, the API's answer shown
 * in place (field problems, a running order, a refusal).
 */
export function OrderDialog(props: {
  kind: FormKind;
  service: ServiceName;
  environment: ServiceEnvironmentStatus;
  versions?: string[];
  onClose: () => void;
  onCreated: (order: Order) => void;
}) {
  const { kind, service, environment, onClose, onCreated } = props;
  const api = useApi(dyplomaApiRef);
  const [values, setValues] = useState<FormValues>(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState<OrderRequest>();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [conflict, setConflict] = useState<Order>();
  const titleId = `dyploma-order-${kind}-${environment.name}-title`;

  const send = async (request: OrderRequest) => {
    setSubmitting(true);
    setFailure(undefined);
    setConflict(undefined);
    try {
      onCreated(await api.createOrder(service, request));
    } catch (e) {
      const running = activeOrderOf(e);
      const problems = problemsOf(e);
      setConfirming(undefined);
      if (running) {
        setConflict(running);
      } else if (problems.length > 0) {
        setErrors(
          Object.fromEntries(problems.map(p => [p.path || 'form', p.text])),
        );
        if (problems.some(p => !p.path)) setFailure(errorMessage(e));
      } else {
        setFailure(errorMessage(e));
      }
    } finally {
      setSubmitting(false);
    }
  };

  const submit = () => {
    if (confirming) {
      send(confirming);
      return;
    }
    const result = buildOrder(kind, environment, values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (isProtected(environment)) setConfirming(result.request);
    else send(result.request);
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <form
        noValidate
        onSubmit={e => {
          e.preventDefault();
          submit();
        }}
      >
        <DialogTitle id={titleId}>
          {confirming ? 'Confirm: ' : ''}
          {TITLES[kind]} in {environment.name}
        </DialogTitle>
        <DialogContent>
          {conflict && (
            <ActiveOrderNotice
              order={conflict}
              onFollow={() => onCreated(conflict)}
            />
          )}
          {failure && <Alert severity="error">{failure}</Alert>}
          {errors.form && <Alert severity="error">{errors.form}</Alert>}
          {confirming ? (
            <ConfirmChanges
              environment={environment.name}
              changes={describeChange(confirming, environment.release)}
              reason={confirming.reason}
            />
          ) : (
            <OrderFields
              kind={kind}
              environment={environment}
              versions={props.versions ?? []}
              values={values}
              errors={errors}
              onChange={setValues}
            />
          )}
        </DialogContent>
        <DialogActions>
          {confirming ? (
            <Button onClick={() => setConfirming(undefined)}>Back</Button>
          ) : (
            <Button onClick={onClose}>Cancel</Button>
          )}
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={submitting}
          >
            {confirming
              ? `Confirm ${kind} in ${environment.name}`
              : TITLES[kind]}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
