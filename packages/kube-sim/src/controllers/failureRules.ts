/**
 * How a container fails, from its image tag or a pod annotation (scenario
 * files set the annotation on a template). `crashloop` starts then exits 1
 * repeatedly (CrashLoopBackOff); `badimage` cannot be pulled
 * (ErrImagePull / ImagePullBackOff); `fail` exits 1 once (Jobs); `oom`
 * is killed with reason OOMKilled.
 */
export type Failure = 'crashloop' | 'badimage' | 'fail' | 'oom' | undefined;

export const FAILURE_ANNOTATION = 'kube-sim.dyploma.io/failure';

export function failureOf(pod: any, container: any): Failure {
  const ann = pod.metadata.annotations?.[FAILURE_ANNOTATION];
  if (ann === 'crashloop' || ann === 'badimage' || ann === 'fail' || ann === 'oom') return ann;
  const tag = String(container.image ?? '').split('/').pop()!.split(':')[1] ?? '';
  if (tag.includes('crashloop')) return 'crashloop';
  if (tag.includes('badimage')) return 'badimage';
  if (tag.includes('oom')) return 'oom';
  if (tag.includes('fail')) return 'fail';
  return undefined;
}

/** Simulated run time of a run-to-completion container (annotation, in seconds). */
export const RUN_SECONDS_ANNOTATION = 'kube-sim.dyploma.io/run-seconds';
