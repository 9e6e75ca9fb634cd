import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { MissingModel } from './MissingModel';

describe('MissingModel', () => {
  it('shows how to add spec.dyploma', async () => {
    await renderInTestApp(<MissingModel name="payments" />);
    expect(
      screen.getByText('payments is not deployed with Dyploma yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/spec\.dyploma to its catalog-info\.yaml/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/image: registry\.example\.com\/payments/),
    ).toBeInTheDocument();
  });
});
