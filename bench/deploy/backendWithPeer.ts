/*
 * The Dyploma backend of the benchmark, in its own process, with Backstage's Kubernetes
 * plugin beside it: the peer whose service read queries every cluster on every request.
 */
import { runBackendProcess } from '../../plugins/dyploma-backend/src/worker/__process__/__testUtils__/backendProcess';

runBackendProcess([import('@backstage/plugin-kubernetes-backend')]).catch(
  error => {
    process.stderr.write(`backend process failed: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
