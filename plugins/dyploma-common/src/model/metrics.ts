import { flag, strict, text } from './fields';
import { checkAbsolutePath } from './names';
import { portRef } from './values';

export const metricsSchema = strict(
  {
    enabled: flag()
      .optional()
      .describe('false: no Prometheus scrape annotations.'),
    port: portRef()
      .optional()
      .describe('Port name or number; defaults to the first port.'),
    path: text('an HTTP path such as /metrics', checkAbsolutePath)
      .optional()
      .describe('Path Prometheus scrapes (default /metrics).'),
  },
  'metrics settings such as {path: /metrics}',
  { keyHints: { scrape: 'write enabled', endpoint: 'write path' } },
);
