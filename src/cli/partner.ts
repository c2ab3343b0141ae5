// partner create | list | rotate-secret | retire-old-secrets | disable | enable
import { createPartner, listPartners, retireOldSecrets, rotateSecret, setPartnerActive } from '../core/partners/partners.js';
import { SANDBOX_PRD_ID } from '../sandbox/kids.js';
import { UsageError, output, parse, withStore, type Command } from './context.js';

function one(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one partner id (ptn_…)\nusage: careslot ${usage}`);
  return positionals[0];
}

export const partnerCreateCommand: Command = {
  name: 'partner create', usage: 'partner create --name N [--prd-id CODE]… [--json]',
  summary: 'Create a partner of the partner APIs; prints its token and secret once',
  async run(argv) {
    const { values } = parse(argv, { name: { type: 'string' }, 'prd-id': { type: 'string', multiple: true } }, this.usage);
    if (!values.name?.trim()) throw new UsageError(`--name is required\nusage: careslot ${this.usage}`);
    await withStore(async (store, config) => {
      const prdIds = values['prd-id']?.length ? values['prd-id'] : config.mode === 'sandbox' ? [SANDBOX_PRD_ID] : [];
      const c = await createPartner(store, config.secret, { name: values.name!, prdIds });
      output(values.json, { partner_id: c.partner.code, name: c.partner.name, token: c.token, secret: c.secret, prd_ids: c.prdIds });
      if (!values.json) process.stderr.write('\nThe token and secret are shown only now: store them in the partner\'s secret manager.\n');
    });
  },
};

export const partnerListCommand: Command = {
  name: 'partner list', usage: 'partner list [--json]', summary: 'List partners (never their tokens or secrets)',
  async run(argv) {
    const { values } = parse(argv, {}, this.usage);
    await withStore(async (store) => {
      const partners = await listPartners(store.db);
      output(values.json, { partners }, partners.map((p) =>
        `${p.partner_id}  ${p.active ? 'active  ' : 'disabled'}  ${p.active_secrets} secret(s)  ${p.prd_ids.join(',') || '-'}  ${p.name}`).join('\n') || 'no partners');
    });
  },
};

export const partnerRotateCommand: Command = {
  name: 'partner rotate-secret', usage: 'partner rotate-secret ID [--json]',
  summary: 'Issue a new signing secret; the previous one stays valid until retire-old-secrets (or the next rotation)',
  async run(argv) {
    const { values, positionals } = parse(argv, {}, this.usage);
    await withStore(async (store, config) => {
      const r = await rotateSecret(store, config.secret, one(positionals, this.usage));
      output(values.json, { partner_id: r.partner.code, secret: r.secret, active_secrets: r.active });
    });
  },
};

export const partnerRetireCommand: Command = {
  name: 'partner retire-old-secrets', usage: 'partner retire-old-secrets ID [--json]',
  summary: 'Finish a rotation: only the newest secret stays valid',
  async run(argv) {
    const { values, positionals } = parse(argv, {}, this.usage);
    await withStore(async (store) => {
      const id = one(positionals, this.usage);
      output(values.json, { partner_id: id, retired: await retireOldSecrets(store, id) });
    });
  },
};

function toggle(active: boolean): Command {
  const verb = active ? 'enable' : 'disable';
  return {
    name: `partner ${verb}`, usage: `partner ${verb} ID [--json]`,
    summary: active ? 'Enable a disabled partner' : 'Disable a partner: its token is refused (1002) at once',
    async run(argv) {
      const { values, positionals } = parse(argv, {}, this.usage);
      await withStore(async (store) => {
        const p = await setPartnerActive(store, one(positionals, this.usage), active);
        output(values.json, { partner_id: p.code, active: p.active === 1 });
      });
    },
  };
}

export const partnerCommands: Command[] = [partnerCreateCommand, partnerListCommand, partnerRotateCommand, partnerRetireCommand, toggle(false), toggle(true)];
