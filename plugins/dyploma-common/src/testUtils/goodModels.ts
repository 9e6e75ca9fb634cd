/**
 * Representative services: what the renderer's golden files are made
 * from, and models every validator must accept.
 */
export interface GoodModel {
  name: string;
  /** catalog-info.yaml of the service. */
  entity: string;
}

export const GOOD_MODELS: GoodModel[] = [
  {
    // The least a user writes.
    name: 'minimal',
    entity: `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ledger
spec:
  type: service
  owner: group:default/team-payments
  lifecycle: production
  system: payments-platform
  dyploma:
    image: registry.example.com/payments/ledger
`,
  },
  {
    // Several ports, a properties file, Secrets, per-environment overrides,
    // autoscaling in production, the escape hatch and a cron job.
    name: 'rich',
    entity: `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
spec:
  type: service
  owner: team-checkout
  lifecycle: production
  system: storefront
  dyploma:
    image: registry.example.com/storefront/checkout
    build:
      dockerfile: docker/Dockerfile
      args:
        JAVA_VERSION: "21"
    costCentre: cc-4711
    ports:
      - name: http
        port: 8080
        public: true
        path: /checkout
      - name: grpc
        port: 9090
        protocol: grpc
      - name: admin
        port: 8081
    health:
      readiness:
        path: /ready
      liveness:
        path: /live
        port: admin
    metrics:
      port: admin
      path: /prometheus
    resources:
      requests:
        cpu: 250m
        memory: 512Mi
      limits:
        memory: 1Gi
    properties:
      flavour: properties
      values:
        checkout.currency: EUR
        checkout.timeout-ms: 2500
        feature.one-click: true
    secrets:
      - name: checkout-db
        env:
          DB_PASSWORD: password
          DB_USER: username
      - name: checkout-tls
        mountPath: /etc/tls
      - name: stripe
    cronJobs:
      - name: expire-carts
        schedule: "*/15 * * * *"
        command: [/app/bin/expire-carts]
        args: [--older-than, 24h]
        resources:
          requests:
            cpu: 100m
    environments:
      staging:
        replicas: 1
        properties:
          values:
            checkout.currency: USD
      production:
        replicas: 3
        placement:
          dc1: 1
          dc2: 1
          dc3: 2
        autoscaling:
          min: 2
          max: 10
          cpu: 60
        resources:
          requests:
            cpu: "1"
            memory: 1Gi
          limits:
            memory: 2Gi
        disruptionBudget:
          maxUnavailable: 25%
        overrides:
          pod:
            nodeSelector:
              disktype: ssd
            tolerations:
              - key: dedicated
                operator: Equal
                value: checkout
                effect: NoSchedule
            terminationGracePeriodSeconds: 60
          container:
            securityContext:
              runAsNonRoot: true
              readOnlyRootFilesystem: true
            env:
              - name: JAVA_TOOL_OPTIONS
                value: -XX:MaxRAMPercentage=75
`,
  },
  {
    // No ports: a queue worker with a JSON properties file and two jobs.
    name: 'worker',
    entity: `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: search-indexer
spec:
  type: service
  owner: team-search
  lifecycle: production
  dyploma:
    image: ghcr.io/acme/search-indexer
    ports: []
    replicas: 2
    properties:
      flavour: json
      fileName: indexer.json
      mountPath: /config
      values:
        batchSize: 500
        index: products
        reindexOnStart: false
    health:
      liveness:
        command: [/app/healthcheck]
    cronJobs:
      - name: full-reindex
        schedule: "0 2 * * 0"
        timeZone: Europe/Paris
        command: [/app/reindex, --full]
        concurrencyPolicy: Forbid
      - name: compact
        schedule: "@daily"
        command: [/app/compact]
        enabled: false
`,
  },
  {
    // YAML properties, a memory-driven autoscaler and a gRPC public port.
    name: 'grpc-yaml',
    entity: `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: recommendations
spec:
  type: service
  owner: team-discovery
  lifecycle: experimental
  dyploma:
    image: registry.example.com/discovery/recommendations
    ports:
      - name: grpc
        port: 50051
        protocol: grpc
        public: true
        host: recs.example.com
    properties:
      flavour: yaml
      values:
        model.name: two-towers
        model.refresh-minutes: 30
    autoscaling:
      min: 1
      max: 4
      memory: 80
    health:
      startup:
        enabled: false
`,
  },
];
