// webhook add | list | disable | enable | deliveries | redeliver — a partner's webhook endpoints,
// managed by an operator (partners manage their own through /webhooks/v1).
import { createEndpoint, listEndpoints, setEndpointEnabled } from '../core/webhooks/endpoints.js';
import { deliveriesOf, redeliver } from '../core/webhooks/history.js';
import { UsageError, output, parse, withStore, type Run } from './context.js';

function partnerOf(values: { partner?: string }, usage: string): string {
  if (!values.partner?.trim())
    throw new UsageError(`--partner is required (a partner id, ptn_…)\nusage: careslot ${usage}`);
  return values.partner.trim();
}

function one(positionals: string[], what: string, usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ${what}\nusage: careslot ${usage}`);
  return positionals[0];
}

const PARTNER = { partner: { type: 'string' } } as const;

export const webhookAdd: Run = async (argv, usage) => {
  const { values } = parse(
    argv,
    { ...PARTNER, url: { type: 'string' }, events: { type: 'string', multiple: true } },
    usage,
  );
  const partner = partnerOf(values, usage);
  if (!values.url?.trim()) throw new UsageError(`--url is required\nusage: careslot ${usage}`);
  const events = values.events
    ?.flatMap((e) => e.split(','))
    .map((e) => e.trim())
    .filter(Boolean);
  await withStore(async (store, config) => {
    const r = await createEndpoint(store, config.secret, {
      partnerCode: partner,
      url: values.url!,
      events,
      production: config.mode === 'production',
    });
    output(values.json, {
      endpoint_id: r.endpoint.id,
      partner_id: partner,
      url: r.endpoint.url,
      events: r.endpoint.events.join(','),
      secret: r.secret,
    });
    if (!values.json)
      process.stderr.write('\nThe signing secret is shown only now: give it to the partner to verify deliveries.\n');
  });
};

export const webhookList: Run = async (argv, usage) => {
  const { values } = parse(argv, PARTNER, usage);
  const partner = partnerOf(values, usage);
  await withStore(async (store) => {
    const endpoints = await listEndpoints(store.db, partner);
    output(
      values.json,
      { endpoints },
      endpoints
        .map((e) => `${e.id}  ${e.enabled ? 'enabled ' : 'disabled'}  ${e.events.join(',')}  ${e.url}`)
        .join('\n') || 'no webhook endpoints',
    );
  });
};

function toggle(enabled: boolean): Run {
  return async (argv, usage) => {
    const { values, positionals } = parse(argv, PARTNER, usage);
    const partner = partnerOf(values, usage);
    await withStore(async (store) => {
      const e = await setEndpointEnabled(store, partner, one(positionals, 'endpoint id (whe_…)', usage), enabled);
      output(values.json, { endpoint_id: e.id, enabled: e.enabled });
    });
  };
}
export const webhookDisable = toggle(false);
export const webhookEnable = toggle(true);

export const webhookDeliveries: Run = async (argv, usage) => {
  const { values, positionals } = parse(argv, PARTNER, usage);
  const partner = partnerOf(values, usage);
  await withStore(async (store) => {
    const deliveries = await deliveriesOf(store.db, partner, one(positionals, 'endpoint id (whe_…)', usage));
    output(
      values.json,
      { deliveries },
      deliveries
        .map(
          (d) =>
            `${d.id}  ${d.event_type.padEnd(19)}  ${d.status.padEnd(9)}  ${d.attempts} attempt(s)  ${d.last_status_code ?? '-'}  ${d.last_error ?? ''}`,
        )
        .join('\n') || 'no deliveries',
    );
  });
};

export const webhookRedeliver: Run = async (argv, usage) => {
  const { values, positionals } = parse(argv, PARTNER, usage);
  const partner = partnerOf(values, usage);
  await withStore(async (store) => {
    const r = await redeliver(store, partner, one(positionals, 'delivery id (dlv_…)', usage));
    output(values.json, { delivery_id: r.id, status: r.status, next_attempt_at: r.next_attempt_at });
  });
};
