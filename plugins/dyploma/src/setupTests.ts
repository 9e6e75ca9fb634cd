import '@testing-library/jest-dom';

// CI runs every package's suites at once on two cores; a dialog test that takes 1 s
// alone can take 5 s there. A real hang still fails, just later.
jest.setTimeout(30_000);
