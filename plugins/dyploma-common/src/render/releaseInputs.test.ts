import { renderManifests, RenderError } from './renderManifests';
import { representativeInput } from './testing';
import type { KubernetesObject } from './types';

const find = (objects: KubernetesObject[], kind: string) =>
  objects.filter(o => o.kind === kind) as Array<
    KubernetesObject & { spec: any }
  >;

describe('release inputs', () => {
  it('leaves replicas to the HPA when the service autoscales', () => {
    const objects = renderManifests(
      representativeInput('rich', { replicas: 7 }),
    );
    const [deployment] = find(objects, 'Deployment');
    expect(deployment.spec).not.toHaveProperty('replicas');
    expect(find(objects, 'HorizontalPodAutoscaler')[0].spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 10,
    });
  });

  it('writes the release replicas when nothing autoscales', () => {
    const objects = renderManifests(
      representativeInput('rich', { replicas: 2 }, 'staging'),
    );
    expect(find(objects, 'Deployment')[0].spec.replicas).toBe(2);
    expect(find(objects, 'HorizontalPodAutoscaler')).toHaveLength(0);
  });

  it('scales to zero, drops the HPA and suspends jobs when disabled', () => {
    const objects = renderManifests(
      representativeInput('rich', { enabled: false }),
    );
    expect(find(objects, 'Deployment')[0].spec.replicas).toBe(0);
    expect(find(objects, 'HorizontalPodAutoscaler')).toHaveLength(0);
    expect(find(objects, 'CronJob').map(c => c.spec.suspend)).toEqual([true]);
  });

  it('marks a rolling restart on the pod template only', () => {
    const objects = renderManifests(
      representativeInput('minimal', { restartedAt: '2026-11-23T10:00:00Z' }),
    );
    const [deployment] = find(objects, 'Deployment');
    expect(deployment.spec.template.metadata.annotations).toMatchObject({
      'kubectl.kubernetes.io/restartedAt': '2026-11-23T10:00:00Z',
    });
  });

  it('keeps order ids off the pod template, so a scale order restarts nothing', () => {
    const a = renderManifests(
      representativeInput('minimal', { orderId: 'o-1' }),
    );
    const b = renderManifests(
      representativeInput('minimal', { orderId: 'o-2', replicas: 5 }),
    );
    const template = (o: KubernetesObject[]) =>
      JSON.stringify(find(o, 'Deployment')[0].spec.template);
    expect(template(a)).toBe(template(b));
  });

  it('pins a digest with @', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const [deployment] = find(
      renderManifests(representativeInput('minimal', { version: digest })),
      'Deployment',
    );
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      `registry.example.com/payments/ledger@${digest}`,
    );
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toBe(
      `sha256-${'a'.repeat(56)}`,
    );
  });

  it('merges container env overrides by name, after the runtime contract', () => {
    const objects = renderManifests(representativeInput('rich'));
    const env = find(objects, 'Deployment')[0].spec.template.spec.containers[0]
      .env;
    const names = env.map((e: { name: string }) => e.name);
    expect(names[0]).toBe('DYPLOMA_SERVICE');
    expect(names[names.length - 1]).toBe('JAVA_TOOL_OPTIONS');
  });

  it.each([
    [
      { version: '1.10 beta' },
      'release.version: expected an image tag such as 1.4.2 or a digest such as sha256:<64 hex digits>, got "1.10 beta"',
    ],
    [
      { version: 1.1 as unknown as string },
      'release.version: expected an image tag such as 1.4.2 or a digest such as sha256:<64 hex digits>, got 1.1: YAML and JSON numbers lose digits (1.10 becomes 1.1); send the version as text',
    ],
    [
      { replicas: 1.5 },
      'release.replicas: expected a whole number from 0 to 500, got 1.5',
    ],
  ])('refuses a bad release %j', (release, message) => {
    expect(() =>
      renderManifests(representativeInput('minimal', release)),
    ).toThrow(new RenderError(message));
  });
});
