/**
 * Settings an organization deploys: `storage.managed` (Chrome: policy `3rdparty.extensions.<id>`,
 * checked against `public/managed_schema.json`; Firefox: `policies.json` `3rdparty.Extensions.<id>`
 * or a managed-storage manifest). Each value set there is locked for the agent, unless the org
 * lists it in `agentMayChange`: it is then only where the agent starts from.
 *
 * Content scripts can read `storage.managed`, so no secret belongs there: a client secret found
 * there is ignored and said so. The background reads this module (settings, sign-in, the badge).
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { normalizeOrg, orgProblem } from '@/utils/kustomer/org';

/** How agents connect: each signs in with Kustomer, or with an org API key, or either. */
export const SIGN_IN_MODES = ['oauth', 'apiKey', 'either'] as const;
export type SignInMode = (typeof SIGN_IN_MODES)[number];

const text = (max: number) => v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(max));

/** Every setting an org may deploy: what it is called in Settings, and the values it takes. */
export const MANAGED_SETTINGS = {
  org: { label: 'Organization', schema: v.pipe(text(200), v.transform(normalizeOrg), v.check((org) => !orgProblem(org), 'not an organization name')) },
  signInMode: { label: 'Sign-in', schema: v.picklist(SIGN_IN_MODES, `one of ${SIGN_IN_MODES.join(', ')}`) },
  clientId: { label: 'App client id', schema: text(200) },
  scopes: { label: 'Scopes', schema: v.pipe(v.array(v.pipe(v.string(), v.regex(/^[\w.:-]{1,100}$/))), v.minLength(1), v.maxLength(50)) },
  showBadge: { label: 'Badge on Kustomer pages', schema: v.boolean() },
} as const;

export type ManagedName = keyof typeof MANAGED_SETTINGS;
export const MANAGED_NAMES = Object.keys(MANAGED_SETTINGS) as ManagedName[];
export type ManagedValues = { [N in ManagedName]: v.InferOutput<(typeof MANAGED_SETTINGS)[N]['schema']> };

/** What settings show of the org's deployment: its values, which the agent cannot change, and what was ignored. */
export interface ManagedView {
  values: Partial<ManagedValues>;
  locked: ManagedName[];
  problems: string[];
}

export const NOT_MANAGED: ManagedView = { values: {}, locked: [], problems: [] };

/** Reads what the org deployed: each value checked on its own (a bad one is ignored and named). */
export function readManaged(raw: unknown): ManagedView {
  if (typeof raw !== 'object' || raw === null) return NOT_MANAGED;
  const given = raw as Record<string, unknown>;
  const values: Partial<Record<ManagedName, unknown>> = {};
  const problems: string[] = [];
  for (const name of MANAGED_NAMES) {
    if (given[name] === undefined) continue;
    const read = v.safeParse(MANAGED_SETTINGS[name].schema, given[name]);
    if (read.success) values[name] = read.output;
    else problems.push(`${MANAGED_SETTINGS[name].label} (${name}) from your organization is ignored: ${read.issues[0].message}.`);
  }
  const mayChange = v.safeParse(v.array(v.picklist(MANAGED_NAMES)), given.agentMayChange ?? []);
  if (!mayChange.success) problems.push(`agentMayChange from your organization is ignored: it lists settings by name (${MANAGED_NAMES.join(', ')}).`);
  for (const name of Object.keys(given)) {
    if (name === 'agentMayChange' || (MANAGED_NAMES as string[]).includes(name)) continue;
    problems.push(
      /secret/i.test(name)
        ? `"${name}" from your organization is ignored: a secret never goes into managed settings (the extension’s scripts on web pages can read them). Type it in Settings.`
        : `"${name}" from your organization is not a setting of this extension, and is ignored.`,
    );
  }
  const open = new Set(mayChange.success ? mayChange.output : []);
  const locked = MANAGED_NAMES.filter((name) => name in values && !open.has(name));
  return { values: values as Partial<ManagedValues>, locked, problems };
}

/** The org's deployment, read now (nothing deployed, or a browser without the area: none). */
export async function loadManaged(): Promise<ManagedView> {
  try {
    return readManaged(await browser.storage.managed.get(null));
  } catch {
    return NOT_MANAGED; // Firefox rejects when no managed-storage manifest exists
  }
}

/** Calls back when the org's deployment changes while the browser runs (Chrome; Firefox reads it at start). */
export function onManagedChange(callback: () => void): void {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') callback();
  });
}

/** Whether the org set `name` and the agent may not change it. */
export const isLocked = (managed: ManagedView, name: ManagedName) => managed.locked.includes(name);
