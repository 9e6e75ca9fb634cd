import type { ValidationContext } from '../validate/context';

/**
 * The corpus of bad service models: each one is a mistake a user makes,
 * with the exact messages it must produce. The common package checks them
 * against validateServiceEntity; the catalog module posts each one to
 * `POST /api/catalog/validate-entity` and expects a 400 with the same
 * messages. Keep the messages exact: they are the product.
 */
export interface BadModel {
  /** What the user did wrong. */
  name: string;
  /** The `spec.dyploma` block as YAML, indented from column 0. */
  model: string;
  /** Entity fields other than spec.dyploma, when the case needs them. */
  entity?: { name?: string; type?: string };
  /** Every message, in order. */
  messages: string[];
}

/** The platform the corpus is checked against (also set in the catalog test's app-config). */
export const CORPUS_CONTEXT: ValidationContext = {
  allowedRegistries: ['registry.example.com', 'ghcr.io/acme'],
  environments: {
    staging: { clusters: ['staging-1'] },
    production: { clusters: ['dc1', 'dc2', 'dc3'] },
  },
};

const IMAGE = 'image: registry.example.com/payments';
const P = 'spec.dyploma';

/** The full entity YAML for a corpus case, as it would sit in catalog-info.yaml. */
export function badModelEntityYaml(bad: BadModel): string {
  const model = bad.model
    .split('\n')
    .map(line => (line ? `    ${line}` : line))
    .join('\n');
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${bad.entity?.name ?? 'payments'}`,
    'spec:',
    `  type: ${bad.entity?.type ?? 'service'}`,
    '  owner: team-payments',
    '  lifecycle: production',
    '  dyploma:',
    model,
    '',
  ].join('\n');
}

export const BAD_MODELS: BadModel[] = [
  // --- replicas: "they will put the SVN version number in the replicas field"
  {
    name: 'a version number in replicas',
    model: `${IMAGE}\nenvironments:\n  production:\n    replicas: r12345`,
    messages: [
      `${P}.environments.production.replicas: expected a whole number from 0 to 500, got "r12345"`,
    ],
  },
  {
    name: 'negative replicas',
    model: `${IMAGE}\nreplicas: -1`,
    messages: [`${P}.replicas: expected a whole number from 0 to 500, got -1`],
  },
  {
    name: 'a fraction of a replica',
    model: `${IMAGE}\nreplicas: 1.5`,
    messages: [`${P}.replicas: expected a whole number from 0 to 500, got 1.5`],
  },
  {
    name: 'replicas beyond int32',
    model: `${IMAGE}\nreplicas: 2147483648`,
    messages: [
      `${P}.replicas: expected a whole number from 0 to 500, got 2147483648`,
    ],
  },
  {
    name: 'replicas in quotes',
    model: `${IMAGE}\nreplicas: "3"`,
    messages: [
      `${P}.replicas: expected a whole number from 0 to 500, got "3": write 3 without quotes`,
    ],
  },
  {
    name: 'an empty replicas line',
    model: `${IMAGE}\nreplicas:`,
    messages: [
      `${P}.replicas: expected a whole number from 0 to 500, got an empty value: the value is empty; write a value after the colon or remove the line`,
    ],
  },
  {
    name: 'a typo in replicas',
    model: `${IMAGE}\nenvironments:\n  production:\n    replcias: 3`,
    messages: [
      `${P}.environments.production.replcias: unknown field; did you mean "replicas"?`,
    ],
  },
  // --- resources: Kubernetes quantities
  {
    name: 'memory in GB',
    model: `${IMAGE}\nresources:\n  limits:\n    memory: 2GB`,
    messages: [
      `${P}.resources.limits.memory: expected a memory size such as 512Mi or 2Gi, got "2GB": Kubernetes writes this as 2G or 2Gi`,
    ],
  },
  {
    name: 'memory in millibytes',
    model: `${IMAGE}\nresources:\n  requests:\n    memory: 512m`,
    messages: [
      `${P}.resources.requests.memory: expected a memory size such as 512Mi or 2Gi, got "512m": "m" means milli, so this is 512 thousandths of a byte: write 512Mi or 512M`,
    ],
  },
  {
    name: 'memory as a bare number',
    model: `${IMAGE}\nresources:\n  requests:\n    memory: 512`,
    messages: [
      `${P}.resources.requests.memory: expected a memory size such as 512Mi or 2Gi, got 512: Kubernetes reads a bare number as bytes: write 512Mi or 512M`,
    ],
  },
  {
    name: 'memory with a space',
    model: `${IMAGE}\nresources:\n  limits:\n    memory: 1 Gi`,
    messages: [
      `${P}.resources.limits.memory: expected a memory size such as 512Mi or 2Gi, got "1 Gi": write 1Gi without spaces`,
    ],
  },
  {
    name: '500 CPUs meant as 500m',
    model: `${IMAGE}\nresources:\n  requests:\n    cpu: 500`,
    messages: [
      `${P}.resources.requests.cpu: expected a CPU amount such as 500m or 2, got 500: that means 500 whole CPUs: did you mean 500m?`,
    ],
  },
  {
    name: 'CPU in cores, spelled out',
    model: `${IMAGE}\nresources:\n  limits:\n    cpu: 2 cores`,
    messages: [
      `${P}.resources.limits.cpu: expected a CPU amount such as 500m or 2, got "2 cores": write 2: CPU is counted in cores`,
    ],
  },
  {
    name: 'CPU in a memory unit',
    model: `${IMAGE}\nresources:\n  requests:\n    cpu: 500Mi`,
    messages: [
      `${P}.resources.requests.cpu: expected a CPU amount such as 500m or 2, got "500Mi": that is a memory unit; CPU is counted in cores (0.5, 2) or millicores (500m)`,
    ],
  },
  {
    name: 'memory directly under resources',
    model: `${IMAGE}\nresources:\n  memory: 512Mi`,
    messages: [
      `${P}.resources.memory: unknown field: put memory under resources.requests or resources.limits`,
    ],
  },
  {
    name: 'a request above the limit of the platform default',
    model: `${IMAGE}\nenvironments:\n  production:\n    resources:\n      requests:\n        memory: 1Gi`,
    messages: [
      `${P}.environments.production.resources.requests.memory: expected at most the memory limit 256Mi (built-in default), got "1Gi": a request cannot exceed its limit; raise resources.limits.memory as well`,
    ],
  },
  // --- ports and the YAML traps
  {
    name: 'public: yes (YAML 1.1 habit)',
    model: `${IMAGE}\nports:\n  - port: 8080\n    public: yes`,
    messages: [
      `${P}.ports[0].public: expected true or false, got "yes": the catalog reads YAML 1.2, where yes is text, not a boolean: write true`,
    ],
  },
  {
    name: 'public: on (YAML 1.1 habit)',
    model: `${IMAGE}\nports:\n  - port: 8080\n    public: on`,
    messages: [
      `${P}.ports[0].public: expected true or false, got "on": the catalog reads YAML 1.2, where on is text, not a boolean: write true`,
    ],
  },
  {
    name: 'a port in quotes',
    model: `${IMAGE}\nports:\n  - port: "8080"`,
    messages: [
      `${P}.ports[0].port: expected a port number from 1 to 65535, got "8080": write 8080 without quotes`,
    ],
  },
  {
    name: 'a port out of range',
    model: `${IMAGE}\nports:\n  - port: 70000`,
    messages: [
      `${P}.ports[0].port: expected a port number from 1 to 65535, got 70000`,
    ],
  },
  {
    name: 'a bare port number in the list',
    model: `${IMAGE}\nports:\n  - 8080`,
    messages: [
      `${P}.ports[0]: expected a port such as {name: http, port: 8080}, got 8080: write "- port: 8080"`,
    ],
  },
  {
    name: 'a Docker Compose port mapping',
    model: `${IMAGE}\nports:\n  - "8080:80"`,
    messages: [
      `${P}.ports[0]: expected a port such as {name: http, port: 8080}, got "8080:80": ports are not mapped as in Docker Compose: write "- port: 80" for the container port`,
    ],
  },
  {
    name: 'https as a port protocol',
    model: `${IMAGE}\nports:\n  - port: 8443\n    protocol: HTTPS`,
    messages: [
      `${P}.ports[0].protocol: expected one of http, grpc, tcp, udp, got "HTTPS": TLS ends at the Ingress, so the container port speaks http: write http`,
    ],
  },
  {
    name: 'a misspelt protocol',
    model: `${IMAGE}\nports:\n  - port: 8080\n    protocol: htp`,
    messages: [
      `${P}.ports[0].protocol: expected one of http, grpc, tcp, udp, got "htp": did you mean "http"?`,
    ],
  },
  {
    name: 'two ports with the default name',
    model: `${IMAGE}\nports:\n  - port: 8080\n  - port: 8081`,
    messages: [
      `${P}.ports[1]: this port is named "http" after its protocol, like ports[0]: give it a name`,
    ],
  },
  {
    name: 'a public TCP port',
    model: `${IMAGE}\nports:\n  - name: db\n    port: 5432\n    protocol: tcp\n    public: true`,
    messages: [
      `${P}.ports[0].public: only http and grpc ports can be public (through an Ingress); this port speaks tcp`,
    ],
  },
  {
    name: 'an Ingress path on an internal port',
    model: `${IMAGE}\nports:\n  - port: 8080\n    path: /payments`,
    messages: [
      `${P}.ports[0].path: is only used for a public port: add public: true or remove path`,
    ],
  },
  // --- versions read as floats, booleans read from text
  {
    name: 'a build argument version read as a float',
    model: `${IMAGE}\nbuild:\n  args:\n    NODE_VERSION: 18.10`,
    messages: [
      `${P}.build.args.NODE_VERSION: expected text, a whole number or true/false, got 18.1: YAML reads an unquoted number such as 1.10 as 1.1 and drops the trailing zero: quote the value`,
    ],
  },
  {
    name: 'a property version read as a float',
    model: `${IMAGE}\nproperties:\n  values:\n    CLIENT_VERSION: 1.10`,
    messages: [
      `${P}.properties.values.CLIENT_VERSION: expected text, a whole number or true/false, got 1.1: YAML reads an unquoted number such as 1.10 as 1.1 and drops the trailing zero: quote the value`,
    ],
  },
  {
    name: 'an unquoted true in a command',
    model: `${IMAGE}\ncronJobs:\n  - name: ping\n    schedule: "*/5 * * * *"\n    command: [sh, -c, true]`,
    messages: [
      `${P}.cronJobs[0].command[2]: expected a word of the command, got true: YAML reads an unquoted true as a boolean: quote it ("true") if you meant the text`,
    ],
  },
  // --- image
  {
    name: 'no image',
    model: `replicas: 2`,
    messages: [
      `${P}.image: required: expected an image repository such as registry.example.com/payments`,
    ],
  },
  {
    name: 'an image with a tag',
    model: `image: registry.example.com/payments:1.4.2`,
    messages: [
      `${P}.image: expected an image repository such as registry.example.com/payments, got "registry.example.com/payments:1.4.2": remove the tag ":1.4.2"; the version is chosen for each release, not in the model`,
    ],
  },
  {
    name: 'an image with uppercase letters',
    model: `image: registry.example.com/Payments`,
    messages: [
      `${P}.image: expected an image repository such as registry.example.com/payments, got "registry.example.com/Payments": repository names are lowercase: write "registry.example.com/payments"`,
    ],
  },
  {
    name: 'an image given as a URL',
    model: `image: https://registry.example.com/payments`,
    messages: [
      `${P}.image: expected an image repository such as registry.example.com/payments, got "https://registry.example.com/payments": an image repository has no scheme: write "registry.example.com/payments"`,
    ],
  },
  {
    name: 'an image from a registry that is not allowed',
    model: `image: nginx`,
    messages: [
      `${P}.image: expected an image in an allowed registry (registry.example.com, ghcr.io/acme), got "nginx" (a repository without a registry host is pulled from Docker Hub)`,
    ],
  },
  {
    name: 'the model as a bare image string',
    model: `registry.example.com/payments`,
    messages: [
      `${P}: expected the service model, a map such as {image: registry.example.com/payments}, got "registry.example.com/payments": write the image as a field: "dyploma: {image: registry.example.com/payments}"`,
    ],
  },
  // --- keys from other tools
  {
    name: 'a version in the model',
    model: `${IMAGE}\nversion: 1.4.2`,
    messages: [
      `${P}.version: unknown field: the version is not part of the model: it is chosen for each release (deploy)`,
    ],
  },
  {
    name: 'healthcheck instead of health',
    model: `${IMAGE}\nhealthcheck:\n  readiness:\n    path: /ready`,
    messages: [`${P}.healthcheck: unknown field; did you mean "health"?`],
  },
  {
    name: 'a typo in environments',
    model: `${IMAGE}\nenviroments:\n  production:\n    replicas: 3`,
    messages: [`${P}.enviroments: unknown field; did you mean "environments"?`],
  },
  {
    name: 'a Kubernetes probe name',
    model: `${IMAGE}\nhealth:\n  readinessProbe:\n    path: /ready`,
    messages: [`${P}.health.readinessProbe: unknown field: write readiness`],
  },
  {
    name: 'minAvailable in the disruption budget',
    model: `${IMAGE}\ndisruptionBudget:\n  minAvailable: 2`,
    messages: [
      `${P}.disruptionBudget.minAvailable: unknown field: write maxUnavailable: it keeps working when replicas change`,
    ],
  },
  // --- health and metrics
  {
    name: 'a health check on a port that does not exist',
    model: `${IMAGE}\nhealth:\n  readiness:\n    path: /ready\n    port: admin`,
    messages: [
      `${P}.health.readiness.port: no port is named "admin"; the ports are http`,
    ],
  },
  {
    name: 'a health path without the slash',
    model: `${IMAGE}\nhealth:\n  liveness:\n    path: healthz`,
    messages: [
      `${P}.health.liveness.path: expected an HTTP path such as /ready, got "healthz": paths start with "/": write "/healthz"`,
    ],
  },
  {
    name: 'metrics on a port that does not exist',
    model: `${IMAGE}\nports:\n  - port: 8080\nmetrics:\n  port: management`,
    messages: [
      `${P}.metrics.port: no port is named "management"; the ports are http`,
    ],
  },
  // --- autoscaling
  {
    name: 'autoscaling with min above max',
    model: `${IMAGE}\nenvironments:\n  production:\n    autoscaling:\n      min: 5\n      max: 3`,
    messages: [
      `${P}.environments.production.autoscaling.min: expected at most max (3), got 5`,
    ],
  },
  {
    name: 'autoscaling without max',
    model: `${IMAGE}\nautoscaling:\n  min: 2`,
    messages: [
      `${P}.autoscaling.max: required: expected a whole number from 1 to 500, the most replicas per cluster (autoscaling is on)`,
    ],
  },
  {
    name: 'a CPU target above 100%',
    model: `${IMAGE}\nautoscaling:\n  max: 10\n  cpu: 150`,
    messages: [
      `${P}.autoscaling.cpu: expected a target CPU use in percent, from 1 to 100, got 150`,
    ],
  },
  // --- properties and secrets
  {
    name: 'a dotted property name as an environment variable',
    model: `${IMAGE}\nproperties:\n  values:\n    log.level: debug`,
    messages: [
      `${P}.properties.values["log.level"]: is not an environment variable name, and the flavour is env: write LOG_LEVEL, or choose flavour properties, json or yaml to get a file`,
    ],
  },
  {
    name: 'yml as a flavour',
    model: `${IMAGE}\nproperties:\n  flavour: yml`,
    messages: [
      `${P}.properties.flavour: expected one of env, properties, json, yaml, got "yml": write yaml`,
    ],
  },
  {
    name: 'property values directly under properties',
    model: `${IMAGE}\nproperties:\n  LOG_LEVEL: info`,
    messages: [
      `${P}.properties.LOG_LEVEL: unknown field: property values go under properties.values (properties.values.LOG_LEVEL)`,
    ],
  },
  {
    name: 'a property that takes a platform variable name',
    model: `${IMAGE}\nproperties:\n  values:\n    DYPLOMA_VERSION: "2"`,
    messages: [
      `${P}.properties.values.DYPLOMA_VERSION: names starting with DYPLOMA_ are set by the platform (the runtime contract): choose another name`,
    ],
  },
  {
    name: 'a secret value in the model',
    model: `${IMAGE}\nsecrets:\n  - name: payments-db\n    value: hunter2`,
    messages: [
      `${P}.secrets[0].value: unknown field: Dyploma never holds secret values: create the Secret in the cluster and reference it by name`,
    ],
  },
  {
    name: 'a Secret name Kubernetes refuses',
    model: `${IMAGE}\nsecrets:\n  - name: Payments_DB`,
    messages: [
      `${P}.secrets[0].name: expected the name of an existing Kubernetes Secret, got "Payments_DB": use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit (e.g. "payments-db")`,
    ],
  },
  {
    name: 'secrets as a list of names',
    model: `${IMAGE}\nsecrets:\n  - payments-db`,
    messages: [
      `${P}.secrets[0]: expected a reference to a Secret such as {name: payments-db}, got "payments-db": write "- name: payments-db"`,
    ],
  },
  {
    name: 'a secret mounted over the properties file',
    model: `${IMAGE}\nproperties:\n  flavour: json\nsecrets:\n  - name: tls\n    mountPath: /etc/dyploma`,
    messages: [
      `${P}.secrets[0].mountPath: /etc/dyploma is already used by the properties file: choose another directory`,
    ],
  },
  // --- cron jobs
  {
    name: 'a schedule with four fields',
    model: `${IMAGE}\ncronJobs:\n  - name: report\n    schedule: "0 3 * *"\n    command: [/app/report]`,
    messages: [
      `${P}.cronJobs[0].schedule: expected a cron schedule such as "0 3 * * *", got "0 3 * *": write 5 fields (minute hour day-of-month month day-of-week), found 4`,
    ],
  },
  {
    name: 'a Quartz schedule with seconds',
    model: `${IMAGE}\ncronJobs:\n  - name: report\n    schedule: "0 0 3 * * *"\n    command: [/app/report]`,
    messages: [
      `${P}.cronJobs[0].schedule: expected a cron schedule such as "0 3 * * *", got "0 0 3 * * *": Kubernetes schedules have 5 fields (minute hour day-of-month month day-of-week), without seconds`,
    ],
  },
  {
    name: 'minute 60',
    model: `${IMAGE}\ncronJobs:\n  - name: report\n    schedule: "60 3 * * *"\n    command: [/app/report]`,
    messages: [
      `${P}.cronJobs[0].schedule: expected a cron schedule such as "0 3 * * *", got "60 3 * * *": the minute 60 is out of range 0-59`,
    ],
  },
  {
    name: 'a time zone inside the schedule',
    model: `${IMAGE}\ncronJobs:\n  - name: report\n    schedule: "TZ=Europe/Paris 0 3 * * *"\n    command: [/app/report]`,
    messages: [
      `${P}.cronJobs[0].schedule: expected a cron schedule such as "0 3 * * *", got "TZ=Europe/Paris 0 3 * * *": Kubernetes does not read a time zone in the schedule: set timeZone instead`,
    ],
  },
  {
    name: 'a misspelt time zone',
    model: `${IMAGE}\ncronJobs:\n  - name: report\n    schedule: "0 3 * * *"\n    timeZone: Europe/Pariss\n    command: [/app/report]`,
    messages: [
      `${P}.cronJobs[0].timeZone: expected a time zone such as Europe/Paris, got "Europe/Pariss": use an IANA time zone name such as Europe/Paris or UTC`,
    ],
  },
  {
    name: 'a command as one string',
    model: `${IMAGE}\ncronJobs:\n  - name: report\n    schedule: "@daily"\n    command: java -jar report.jar`,
    messages: [
      `${P}.cronJobs[0].command: expected the command as a list of words such as [/app/report, --daily], got "java -jar report.jar": write a list of words, e.g. ["java","-jar","report.jar"]; Kubernetes runs it without a shell`,
    ],
  },
  {
    name: 'a job name that makes the CronJob name too long',
    model: `${IMAGE}\ncronJobs:\n  - name: reconcile-settlements-with-the-bank\n    schedule: "@hourly"\n    command: [/app/reconcile]`,
    entity: { name: 'payments-settlement-service' },
    messages: [
      `${P}.cronJobs[0].name: the CronJob would be named "payments-settlement-service-reconcile-settlements-with-the-bank", 63 characters; Kubernetes allows 52: shorten the job name`,
    ],
  },
  // --- environments and placement
  {
    name: 'a misspelt environment',
    model: `${IMAGE}\nenvironments:\n  prodution:\n    replicas: 3`,
    messages: [
      `${P}.environments.prodution: unknown environment; did you mean "production"?`,
    ],
  },
  {
    name: 'an environment name Kubernetes refuses',
    model: `${IMAGE}\nenvironments:\n  Prod_EU:\n    replicas: 3`,
    messages: [
      `${P}.environments.Prod_EU: "Prod_EU" is not an environment name: use lowercase letters, digits and "-", starting and ending with a letter or digit (e.g. "prod-eu")`,
    ],
  },
  {
    name: 'a cluster that is not in the environment',
    model: `${IMAGE}\nenvironments:\n  production:\n    placement:\n      dc1: 1\n      dc4: 1`,
    messages: [
      `${P}.environments.production.placement.dc4: is not a cluster of production; its clusters are dc1, dc2, dc3`,
    ],
  },
  {
    name: 'placement as a list of clusters',
    model: `${IMAGE}\nenvironments:\n  production:\n    placement: [dc1, dc2]`,
    messages: [
      `${P}.environments.production.placement: expected a map of cluster names to weights such as {dc1: 1, dc2: 1}, got a list: write a weight for each cluster, e.g. {dc1: 1, dc2: 1}`,
    ],
  },
  {
    name: 'every placement weight zero',
    model: `${IMAGE}\nenvironments:\n  production:\n    placement:\n      dc1: 0\n      dc2: 0`,
    messages: [
      `${P}.environments.production.placement: every weight is 0, so no cluster would run the service: give at least one cluster a weight above 0`,
    ],
  },
  // --- the escape hatch, checked against the Kubernetes schema
  {
    name: 'a typo in a PodSpec field',
    model: `${IMAGE}\noverrides:\n  pod:\n    nodeSelectr:\n      disktype: ssd`,
    messages: [
      `${P}.overrides.pod.nodeSelectr: unknown field in the Kubernetes PodSpec schema; did you mean "nodeSelector"?`,
    ],
  },
  {
    name: 'a duration where Kubernetes wants seconds',
    model: `${IMAGE}\nenvironments:\n  production:\n    overrides:\n      pod:\n        terminationGracePeriodSeconds: 30s`,
    messages: [
      `${P}.environments.production.overrides.pod.terminationGracePeriodSeconds: expected a whole number (the Kubernetes PodSpec schema), got "30s"`,
    ],
  },
  {
    name: 'a Kubernetes enum in the wrong case',
    model: `${IMAGE}\noverrides:\n  container:\n    imagePullPolicy: always`,
    messages: [
      `${P}.overrides.container.imagePullPolicy: expected one of Always, IfNotPresent, Never (the Kubernetes Container schema), got "always": did you mean "Always"?`,
    ],
  },
  {
    name: 'a typo deep inside a toleration',
    model: `${IMAGE}\noverrides:\n  pod:\n    tolerations:\n      - key: dedicated\n        operator: Exists\n        efect: NoSchedule`,
    messages: [
      `${P}.overrides.pod.tolerations[0].efect: unknown field in the Kubernetes PodSpec schema; did you mean "effect"?`,
    ],
  },
  {
    name: 'the image overridden on the container',
    model: `${IMAGE}\noverrides:\n  container:\n    image: registry.example.com/payments:latest`,
    messages: [
      `${P}.overrides.container.image: cannot be overridden: the image comes from spec.dyploma.image and the version of each release`,
    ],
  },
  // --- the entity around the model
  {
    name: 'a service name Kubernetes refuses',
    model: IMAGE,
    entity: { name: 'Payments_API' },
    messages: [
      `metadata.name: expected a name Kubernetes accepts for the service's objects, got "Payments_API": use lowercase letters, digits and "-", starting with a letter (e.g. "payments-api")`,
    ],
  },
  {
    name: 'a model on a website',
    model: IMAGE,
    entity: { type: 'website' },
    messages: [
      `spec.type: expected service for a Component with spec.dyploma, got "website"`,
    ],
  },
];
