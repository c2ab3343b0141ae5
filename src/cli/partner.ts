// partner create | list | rotate-secret | retire-old-secrets | disable | enable | origins
import { setCheckoutOrigins } from '../core/partners/checkout-urls.js';
import {
  createPartner,
  listPartners,
  retireOldSecrets,
  rotateSecret,
  setPartnerActive,
} from '../core/partners/partners.js';
import { SANDBOX_PRD_ID } from '../sandbox/kids.js';
import { UsageError, output, parse, withStore, type Run } from './context.js';

function one(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one partner id (ptn_…)\nusage: careslot ${usage}`);
  return positionals[0];
}

export const partnerCreate: Run = async (argv, usage) => {
  const { values } = parse(argv, { name: { type: 'string' }, 'prd-id': { type: 'string', multiple: true } }, usage);
  if (!values.name?.trim()) throw new UsageError(`--name is required\nusage: careslot ${usage}`);
  await withStore(async (store, config) => {
    const prdIds = values['prd-id']?.length ? values['prd-id'] : config.mode === 'sandbox' ? [SANDBOX_PRD_ID] : [];
    const c = await createPartner(store, config.secret, { name: values.name!, prdIds });
    output(values.json, {
      partner_id: c.partner.code,
      name: c.partner.name,
      token: c.token,
      secret: c.secret,
      prd_ids: c.prdIds,
    });
    if (!values.json)
      process.stderr.write("\nThe token and secret are shown only now: store them in the partner's secret manager.\n");
  });
};

export const partnerList: Run = async (argv, usage) => {
  const { values } = parse(argv, {}, usage);
  await withStore(async (store) => {
    const partners = await listPartners(store.db);
    output(
      values.json,
      { partners },
      partners
        .map(
          (p) =>
            `${p.partner_id}  ${p.active ? 'active  ' : 'disabled'}  ${p.active_secrets} secret(s)  ${p.prd_ids.join(',') || '-'}  ${p.name}`,
        )
        .join('\n') || 'no partners',
    );
  });
};

export const partnerRotate: Run = async (argv, usage) => {
  const { values, positionals } = parse(argv, {}, usage);
  await withStore(async (store, config) => {
    const r = await rotateSecret(store, config.secret, one(positionals, usage));
    output(values.json, { partner_id: r.partner.code, secret: r.secret, active_secrets: r.active });
  });
};

export const partnerRetire: Run = async (argv, usage) => {
  const { values, positionals } = parse(argv, {}, usage);
  await withStore(async (store) => {
    const id = one(positionals, usage);
    output(values.json, { partner_id: id, retired: await retireOldSecrets(store, id) });
  });
};

function toggle(active: boolean): Run {
  return async (argv, usage) => {
    const { values, positionals } = parse(argv, {}, usage);
    await withStore(async (store) => {
      const p = await setPartnerActive(store, one(positionals, usage), active);
      output(values.json, { partner_id: p.code, active: p.active === 1 });
    });
  };
}

export const partnerDisable = toggle(false);
export const partnerEnable = toggle(true);

/** `partner origins ID [--add ORIGIN]… [--remove ORIGIN]…`: the origins checkout may send payers back to. */
export const partnerOrigins: Run = async (argv, usage) => {
  const { values, positionals } = parse(
    argv,
    { add: { type: 'string', multiple: true }, remove: { type: 'string', multiple: true } },
    usage,
  );
  await withStore(async (store) => {
    const id = one(positionals, usage);
    const origins = await setCheckoutOrigins(store.db, id, { add: values.add, remove: values.remove });
    output(values.json, { partner_id: id, origins }, origins.join('\n') || 'no origins registered');
  });
};
