import { screen } from '@testing-library/react';
import { environment, mockDyplomaApi, renderView } from '../../__testUtils__';
import { EnvironmentRuntime } from './EnvironmentRuntime';

const service = { namespace: 'default', name: 'payments' };

describe('EnvironmentRuntime', () => {
  it('says an environment never deployed runs nothing, and where to start', async () => {
    await renderView(
      <EnvironmentRuntime
        service={service}
        environment={environment({ name: 'dev', release: undefined })}
        live={[]}
      />,
      { api: mockDyplomaApi() },
    );
    expect(
      screen.getByRole('region', { name: 'dev runtime' }),
    ).toHaveTextContent(
      'Never deployed to dev: nothing of this service runs here. Deploy the first version from the Deploy tab.',
    );
  });

  it('does not say so once a release exists', async () => {
    await renderView(
      <EnvironmentRuntime
        service={service}
        environment={environment()}
        live={[]}
      />,
      { api: mockDyplomaApi() },
    );
    expect(screen.queryByText(/Never deployed/)).not.toBeInTheDocument();
  });
});
