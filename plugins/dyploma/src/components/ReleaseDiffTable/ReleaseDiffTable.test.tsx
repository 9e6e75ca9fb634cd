import { render, screen } from '@testing-library/react';
import { ReleaseDiffTable } from './ReleaseDiffTable';

describe('ReleaseDiffTable', () => {
  it('lists each changed value with both sides', () => {
    render(
      <ReleaseDiffTable
        from={4}
        to={2}
        changes={[
          { path: 'version', from: '1.4.2', to: '1.4.0' },
          { path: 'placement.dc4', to: 1 },
        ]}
      />,
    );
    const row = screen.getByRole('row', { name: /version/ });
    expect(row).toHaveTextContent('1.4.2');
    expect(row).toHaveTextContent('1.4.0');
    expect(
      screen.getByRole('row', { name: /placement\.dc4/ }),
    ).toHaveTextContent('—');
  });

  it('says when two releases are the same', () => {
    render(<ReleaseDiffTable from={4} to={2} changes={[]} />);
    expect(
      screen.getByText('Releases 4 and 2 are the same.'),
    ).toBeInTheDocument();
  });
});
