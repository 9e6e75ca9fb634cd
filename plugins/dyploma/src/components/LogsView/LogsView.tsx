import { useApi } from '@backstage/core-plugin-api';
import type { ClusterLiveState } from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { dyplomaApiRef, ServiceName } from '../../api';
import { NotAvailable } from '../NotAvailable';

/** Lines read at first, and kept while following (older ones drop off the top). */
const TAIL_LINES = 1000;
const KEEP_LINES = 5000;

function keepLast(text: string): string {
  let cut = text.length;
  for (let n = 0; n <= KEEP_LINES && cut > 0; n++) {
    cut = text.lastIndexOf('\n', cut - 1);
  }
  return cut > 0 ? text.slice(cut + 1) : text;
}

/**
 * A pod's log: pick the pod, follow it (streamed: lines appear as the container writes
 * them), the previous container, search, download.
 */
export function LogsView(props: {
  service: ServiceName;
  environment: string;
  live: ClusterLiveState[];
}) {
  const { service, environment } = props;
  const api = useApi(dyplomaApiRef);
  const pods = props.live.flatMap(l =>
    l.pods.map(p => ({
      key: `${l.cluster}/${p.name}`,
      cluster: l.cluster,
      pod: p.name,
    })),
  );
  const [selected, setSelected] = useState('');
  const [previous, setPrevious] = useState(false);
  const [follow, setFollow] = useState(false);
  const [search, setSearch] = useState('');
  const [log, setLog] = useState<string>();
  const [error, setError] = useState<unknown>();
  const target = pods.find(p => p.key === selected);

  // The effect depends on names, not on objects rebuilt at every render: a followed
  // stream must survive the renders its own lines cause.
  const { namespace, name } = service;
  const cluster = target?.cluster;
  const pod = target?.pod;
  useEffect(() => {
    if (!cluster || !pod) return undefined;
    const abort = new AbortController();
    const stale = () => abort.signal.aborted;
    const query = { environment, cluster, pod, tailLines: TAIL_LINES };
    setError(undefined);
    const failed = (e: unknown) => {
      if (!stale()) setError(e);
    };
    if (follow) {
      setLog('');
      api
        .followLogs(
          { namespace, name },
          query,
          text => {
            if (!stale()) setLog(before => keepLast((before ?? '') + text));
          },
          abort.signal,
        )
        .catch(failed);
    } else {
      api
        .getLogs(
          { namespace, name },
          { ...query, previous: previous || undefined },
        )
        .then(text => {
          if (!stale()) setLog(text);
        }, failed);
    }
    return () => abort.abort();
  }, [api, namespace, name, environment, cluster, pod, follow, previous]);

  if (pods.length === 0) {
    return <Typography variant="body2">No pods to read logs from.</Typography>;
  }
  const needle = search.trim();
  const lines = (log ?? '')
    .split('\n')
    .filter(l => !needle || l.includes(needle));
  const download = () => {
    const url = URL.createObjectURL(
      new Blob([log ?? ''], { type: 'text/plain' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = `${target?.pod ?? 'pod'}.log`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 16 }}
      >
        <TextField
          id={`dyploma-logs-${environment}-pod`}
          select
          label="Pod"
          value={selected}
          onChange={e => setSelected(e.target.value)}
          style={{ minWidth: 280 }}
        >
          {pods.map(p => (
            <MenuItem key={p.key} value={p.key}>
              {p.key}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel
          control={
            <Checkbox
              checked={follow}
              // A previous container has ended: there is nothing to follow.
              disabled={previous}
              onChange={e => setFollow(e.target.checked)}
            />
          }
          label="Follow"
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={previous}
              disabled={follow}
              onChange={e => setPrevious(e.target.checked)}
            />
          }
          label="Previous container"
        />
        <TextField
          id={`dyploma-logs-${environment}-search`}
          label="Search"
          value={search}
          onChange={e => setSearch(e.target.value)}
        />
        <Button disabled={log === undefined} onClick={download}>
          Download
        </Button>
      </Box>
      {error !== undefined && <NotAvailable what="Logs" error={error} />}
      {log !== undefined && (
        <Box
          component="pre"
          aria-label="log"
          // Long lines (JSON logs) wrap instead of scrolling sideways at 1280 px.
          style={{
            maxHeight: 480,
            overflow: 'auto',
            fontSize: 12,
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
          }}
        >
          {lines.join('\n')}
        </Box>
      )}
    </>
  );
}
