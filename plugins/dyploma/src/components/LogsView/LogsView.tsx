import { useApi } from '@backstage/core-plugin-api';
import type { ClusterLiveState } from '@dyploma/plugin-dyploma-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useCallback, useEffect, useState } from 'react';
import { dyplomaApiRef, ServiceName } from '../../api';
import { NotAvailable } from '../NotAvailable';

const FOLLOW_MS = 3000;

/** A pod's log: pick the pod, follow it, the previous container, search, download. */
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

  const load = useCallback(async () => {
    if (!target) return;
    try {
      setLog(
        await api.getLogs(service, {
          environment,
          cluster: target.cluster,
          pod: target.pod,
          previous: previous || undefined,
          tailLines: 1000,
        }),
      );
      setError(undefined);
    } catch (e) {
      setError(e);
    }
  }, [api, service, environment, target, previous]);

  useEffect(() => {
    load();
    if (!follow) return undefined;
    const timer = setInterval(load, FOLLOW_MS);
    return () => clearInterval(timer);
  }, [load, follow]);

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
              onChange={e => setFollow(e.target.checked)}
            />
          }
          label="Follow"
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={previous}
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
          style={{ maxHeight: 480, overflow: 'auto', fontSize: 12 }}
        >
          {lines.join('\n')}
        </Box>
      )}
    </>
  );
}
