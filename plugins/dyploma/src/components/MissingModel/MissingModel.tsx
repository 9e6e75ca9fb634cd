import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

const SNIPPET = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
spec:
  type: service
  owner: team-payments
  lifecycle: production
  dyploma:
    # the least you can say: where the image lives
    image: registry.example.com/payments`;

/** How to give a Component a Dyploma model, for one that has none. */
export function MissingModel(props: { name?: string }) {
  return (
    <EmptyState
      missing="field"
      title={`${
        props.name ?? 'This component'
      } is not deployed with Dyploma yet`}
      description="Add spec.dyploma to its catalog-info.yaml: the image repository is enough, every other value has a sane default you can override later."
      action={
        <>
          <Typography variant="body2" paragraph>
            For example:
          </Typography>
          <Typography
            component="pre"
            variant="body2"
            aria-label="example catalog-info.yaml"
            style={{ fontFamily: 'monospace', whiteSpace: 'pre' }}
          >
            {SNIPPET}
          </Typography>
        </>
      }
    />
  );
}
