import { existsSync } from 'node:fs';
import { startKubeSim, KubeSim } from '../index';
import { eventually } from '../testing/client';
import { KUBECTL, kubectlFor } from './kubectl';

jest.setTimeout(60_000);

const MULTI_DOC = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: fast
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart
  namespace: shop
  labels: {app: cart}
spec:
  replicas: 2
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers:
      - name: cart
        image: example/cart:1.0
        ports: [{containerPort: 8080}]
        resources: {requests: {cpu: 100m, memory: 64Mi}}
`;

const describeIfKubectl = existsSync(KUBECTL) ? describe : describe.skip;

describeIfKubectl('kubectl 1.32 against kube-sim', () => {
  let sim: KubeSim;
  let k: ReturnType<typeof kubectlFor>;

  beforeAll(async () => {
    sim = await startKubeSim({ clusters: ['dc1', 'dc2'], port: 0, timeScale: 50 });
    k = kubectlFor(sim);
  });
  afterAll(async () => {
    k.cleanup();
    await sim.stop();
  });

  it('gets nodes of the cluster named by --context', async () => {
    const r = await k.run(['--context', 'dc2', 'get', 'nodes']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\n/);
    expect(r.stdout).toMatch(/dc2-node-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.0/);
  });

  it('creates a deployment and waits for rollout status', async () => {
    const created = await k.run(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3']);
    expect(created.stdout.trim()).toBe('deployment.apps/web created');
    const status = await k.run(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    expect(status.code).toBe(0);
    expect(status.stdout.trim().split('\n').pop()).toBe('deployment "web" successfully rolled out');
    const get = await k.run(['get', 'deployment', 'web']);
    expect(get.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s+/);
  });

  it('applies multi-document YAML client-side, then again unchanged', async () => {
    const first = await k.run(['apply', '-f', '-'], MULTI_DOC);
    expect(first.stdout.trim().split('\n')).toEqual(['namespace/shop created', 'configmap/settings created', 'deployment.apps/cart created']);
    const second = await k.run(['apply', '-f', '-'], MULTI_DOC);
    expect(second.stdout.trim().split('\n')).toEqual(['namespace/shop unchanged', 'configmap/settings unchanged', 'deployment.apps/cart unchanged']);
    const changed = await k.run(['apply', '-f', '-'], MULTI_DOC.replace('replicas: 2', 'replicas: 4'));
    expect(changed.stdout).toContain('deployment.apps/cart configured');
    const json = JSON.parse((await k.run(['get', 'deployment', 'cart', '-n', 'shop', '-o', 'json'])).stdout);
    expect(json.spec.replicas).toBe(4);
    expect(json.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('"replicas":4');
  });

  it('applies server-side with field ownership and conflicts', async () => {
    const doc = MULTI_DOC.replace(/name: cart/g, 'name: ssa').replace(/app: cart/g, 'app: ssa');
    const first = await k.run(['apply', '--server-side', '-f', '-'], doc);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('deployment.apps/ssa serverside-applied');
    const d = JSON.parse((await k.run(['get', 'deploy', 'ssa', '-n', 'shop', '-o', 'json', '--show-managed-fields'])).stdout);
    expect(d.metadata.managedFields.find((m: any) => m.manager === 'kubectl')).toMatchObject({ operation: 'Apply' });
    await k.run(['scale', 'deploy/ssa', '-n', 'shop', '--replicas=5']);
    const conflict = await k.run(['apply', '--server-side', '-f', '-'], doc);
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toMatch(/Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps\/v1 at \S+: \.spec\.replicas/);
    const forced = await k.run(['apply', '--server-side', '--force-conflicts', '-f', '-'], doc);
    expect(forced.code).toBe(0);
  });

  it('watches with get -w and sees changes', async () => {
    const watches = () => sim.cluster('dc1').requests.get('watch', 'configmaps');
    const before = watches();
    const w = k.stream(['get', 'configmaps', '-w', '--output-watch-events']);
    await eventually(() => watches() > before, 10_000, 'the watch request');
    await k.run(['create', 'configmap', 'watched', '--from-literal=a=b']);
    await eventually(() => /ADDED\s+watched/.test(w.output()), 10_000, 'ADDED in get -w');
    await k.run(['delete', 'configmap', 'watched']);
    await eventually(() => /DELETED\s+watched/.test(w.output()), 10_000, 'DELETED in get -w');
    await w.stop();
    expect(w.output()).toMatch(/EVENT\s+NAME\s+DATA\s+AGE\nADDED\s+watched\s+1\s+/);
  });

  it('scales, sets the image and keeps rollout history; undo goes back, also to a given revision', async () => {
    expect((await k.run(['scale', 'deployment/web', '--replicas=2'])).stdout.trim()).toBe('deployment.apps/web scaled');
    expect((await k.run(['set', 'image', 'deployment/web', 'nginx=nginx:1.28'])).stdout.trim()).toBe('deployment.apps/web image updated');
    expect((await k.run(['rollout', 'status', 'deployment/web', '--timeout=30s'])).code).toBe(0);
    const history = await k.run(['rollout', 'history', 'deployment/web']);
    expect(history.stdout).toMatch(/REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>/);
    expect((await k.run(['rollout', 'undo', 'deployment/web'])).stdout.trim()).toBe('deployment.apps/web rolled back');
    await k.run(['rollout', 'status', 'deployment/web', '--timeout=30s']);
    const image = async () => (await k.run(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).stdout;
    expect(await image()).toBe('nginx:1.27');
    expect((await k.run(['rollout', 'history', 'deployment/web'])).stdout).toMatch(/\n2\s+<none>\n3\s+<none>/);
    expect((await k.run(['rollout', 'undo', 'deployment/web', '--to-revision=2'])).code).toBe(0);
    expect(await image()).toBe('nginx:1.28');
    const restarted = await k.run(['rollout', 'restart', 'deployment/web']);
    expect(restarted.stdout.trim()).toBe('deployment.apps/web restarted');
    expect((await k.run(['rollout', 'status', 'deployment/web', '--timeout=30s'])).code).toBe(0);
    const annotations = (await k.run(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.template.metadata.annotations}'])).stdout;
    expect(annotations).toContain('kubectl.kubernetes.io/restartedAt');
  });

  it('fails rollout status on a progress deadline', async () => {
    await k.run(['create', 'deployment', 'broken', '--image=example/app:crashloop']);
    await k.run(['patch', 'deployment', 'broken', '-p', '{"spec":{"progressDeadlineSeconds":20}}']);
    const r = await k.run(['rollout', 'status', 'deployment/broken', '--timeout=30s']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('error: deployment "broken" exceeded its progress deadline');
  });

  it('patches with --type json, merge and strategic; labels and annotates', async () => {
    expect((await k.run(['patch', 'deploy', 'web', '--type', 'json', '-p', '[{"op":"replace","path":"/spec/replicas","value":1}]'])).stdout.trim()).toBe('deployment.apps/web patched');
    await k.run(['patch', 'deploy', 'web', '--type', 'merge', '-p', '{"metadata":{"labels":{"team":"a"}}}']);
    await k.run(['patch', 'deploy', 'web', '--type', 'strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","env":[{"name":"MODE","value":"x"}]}]}}}}']);
    expect((await k.run(['label', 'deploy', 'web', 'tier=frontend'])).stdout.trim()).toBe('deployment.apps/web labeled');
    expect((await k.run(['annotate', 'deploy', 'web', 'owner=team-a'])).stdout.trim()).toBe('deployment.apps/web annotated');
    const d = JSON.parse((await k.run(['get', 'deploy', 'web', '-o', 'json'])).stdout);
    expect(d.spec.replicas).toBe(1);
    expect(d.metadata.labels).toMatchObject({ team: 'a', tier: 'frontend' });
    expect(d.metadata.annotations.owner).toBe('team-a');
    expect(d.spec.template.spec.containers).toEqual([expect.objectContaining({ name: 'nginx', env: [{ name: 'MODE', value: 'x' }] })]);
    const again = await k.run(['label', 'deploy', 'web', 'tier=backend']);
    expect(again.stderr).toContain("'tier' already has a value (frontend), and --overwrite is false");
  });

  it('shows logs, follows them and the previous container of a crashed pod', async () => {
    const logs = await k.run(['logs', 'deployment/web']);
    expect(logs.code).toBe(0);
    expect(JSON.parse(logs.stdout.trim().split('\n')[0])).toMatchObject({ level: 'info', container: 'nginx' });
    const pod = (await k.run(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
    const f = k.stream(['logs', '-f', pod]);
    const lines = () => f.output().trim().split('\n').length;
    const initial = await eventually(() => lines() || 0, 10_000, 'first lines');
    await eventually(() => lines() > initial, 10_000, 'followed lines');
    await f.stop();
    const crashed = (await k.run(['get', 'pods', '-l', 'app=broken', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout;
    const previous = await k.run(['logs', crashed, '--previous']);
    expect(previous.code).toBe(0);
    expect(previous.stdout.trim().split('\n').pop()).toContain('"level":"error"');
  });

  it('answers top pods and top nodes from the metrics API', async () => {
    const pods = await k.run(['top', 'pods', '-n', 'shop']);
    expect(pods.stdout).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/);
    expect(pods.stdout).toMatch(/cart-\S+\s+\d+m\s+\d+Mi/);
    const nodes = await k.run(['top', 'nodes']);
    expect(nodes.stdout).toMatch(/dc1-node-1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/);
  });

  it('answers auth can-i honestly for the two tokens', async () => {
    expect((await k.run(['auth', 'can-i', 'create', 'deployments'])).stdout.trim()).toBe('yes');
    const no = await k.run(['--context', 'dc1-readonly', 'auth', 'can-i', 'create', 'deployments']);
    expect(no.stdout.trim()).toBe('no');
    expect(no.code).toBe(1);
    expect((await k.run(['--context', 'dc1-readonly', 'auth', 'can-i', 'list', 'pods'])).stdout.trim()).toBe('yes');
    const denied = await k.run(['--context', 'dc1-readonly', 'delete', 'deployment', 'web']);
    expect(denied.stderr.trim()).toBe('Error from server (Forbidden): deployments.apps "web" is forbidden: User "kube-sim:viewer" cannot delete resource "deployments" in API group "apps" in the namespace "default"');
  });

  it('deletes with cascade: the ReplicaSets and Pods go too', async () => {
    expect((await k.run(['delete', 'deployment', 'cart', '-n', 'shop'])).stdout.trim()).toBe('deployment.apps "cart" deleted');
    await eventually(async () => (await k.run(['get', 'pods,rs', '-n', 'shop', '-l', 'app=cart', '-o', 'name'])).stdout.trim() === '', 15_000, 'dependents gone');
    const missing = await k.run(['get', 'deployment', 'cart', '-n', 'shop']);
    expect(missing.stderr.trim()).toBe('Error from server (NotFound): deployments.apps "cart" not found');
  });
});
