import type { ServiceEnvironmentStatus } from '@dyploma/plugin-dyploma-common';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { FormKind, FormValues } from '../../lib/orderForm';
import { specOf } from '../../lib/releaseSpec';

/** The inputs of an order: version, replicas, reason, as the kind needs them. */
export function OrderFields(props: {
  kind: FormKind;
  environment: ServiceEnvironmentStatus;
  versions: string[];
  values: FormValues;
  errors: Record<string, string>;
  onChange: (values: FormValues) => void;
}) {
  const { kind, environment, versions, values, errors, onChange } = props;
  const set = (patch: Partial<FormValues>) => onChange({ ...values, ...patch });
  const current = specOf(environment.release);
  return (
    <>
      {kind === 'deploy' && (
        <Autocomplete
          freeSolo
          options={versions}
          inputValue={values.version}
          onInputChange={(_e, version) => set({ version })}
          renderInput={params => (
            <TextField
              {...params}
              id="dyploma-order-version"
              label="Version"
              margin="normal"
              required
              error={!!errors.version}
              helperText={
                errors.version ??
                'An image tag such as 1.4.2, or a digest; pick one seen before or type a new one'
              }
            />
          )}
        />
      )}
      {(kind === 'deploy' || kind === 'scale') && (
        <TextField
          id="dyploma-order-replicas"
          label={kind === 'deploy' ? 'Replicas (optional)' : 'Replicas'}
          margin="normal"
          fullWidth
          required={kind === 'scale'}
          value={values.replicas}
          onChange={e => set({ replicas: e.target.value })}
          error={!!errors.replicas}
          helperText={
            errors.replicas ??
            `Of the whole environment, spread over its clusters; now ${
              current.replicas ?? 'none'
            }`
          }
          inputProps={{ inputMode: 'numeric' }}
        />
      )}
      <TextField
        id="dyploma-order-reason"
        label="Reason"
        margin="normal"
        fullWidth
        multiline
        required={environment.requireReason}
        value={values.reason}
        onChange={e => set({ reason: e.target.value })}
        error={!!errors.reason}
        helperText={
          errors.reason ??
          (environment.requireReason
            ? `Orders in ${environment.name} must say why; the history shows it`
            : 'Optional; the history shows it')
        }
      />
    </>
  );
}
