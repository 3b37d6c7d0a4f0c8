/**
 * The background's side of the message protocol: who may ask, whether the request is well
 * formed, and what Kustomer says. The only code that reads the API key.
 */
import * as v from 'valibot';
import { apiKeyProblem, cleanApiKey, keyFingerprint, readApiKeyClaims } from '@/utils/kustomer/api-key';
import type { Credentials } from '@/utils/storage/credentials';
import { customerLabel } from '@/utils/kustomer/customer';
import type { CustomerDraft, DraftStore } from '@/utils/storage/drafts';
import type { CustomAttributeDefinition } from '@/utils/kustomer/metadata';
import { toFieldIssues, validateCustomerUpdate, type FieldIssue } from '@/utils/kustomer/patch';
import { createKustomerApi, kustomerApiBaseUrl, type KustomerApi, type KustomerApiOptions } from '@/utils/kustomer/client';
import type { Delivery } from '@/utils/outbox/delivery';
import { fail, ok, type Result } from '@/utils/kustomer/errors';
import { CONTENT_SCRIPT_REQUESTS, RequestSchema, RequestTypeSchema, type Request } from '@/utils/messaging/protocol';
import type { ConnectionReport, SettingsView } from '@/utils/messaging/send';
import { normalizeOrg, orgProblem } from '@/utils/kustomer/org';
import { isExtensionPage, isOwnContentScript, type ExtensionIdentity, type MessageSender } from '@/utils/messaging/senders';
import type { TagDirectory } from '@/utils/background/tag-list';
import { tagFormOf } from '@/utils/kustomer/tags';

export interface CredentialStore {
  load(): Promise<Partial<Credentials>>;
  save(credentials: Partial<Credentials>): Promise<void>;
  clear(): Promise<void>;
}

export interface MessageHandlerDeps extends ExtensionIdentity {
  credentials: CredentialStore;
  /** Options for the Kustomer client other than org and key (tests shorten timeouts). */
  api?: Omit<KustomerApiOptions, 'org' | 'apiKey'>;
  /** Saves go through the outbox (written down first, retried on passing failures). */
  outbox?: (api: () => Promise<Result<KustomerApi>>) => Delivery;
  /** The agent's unsaved edits, written here so that closing the popup cannot cut a write short. */
  drafts?: DraftStore;
  /** The org's tag list. */
  tags?: TagDirectory;
  /** The customers the editor opened lately. */
  recent?: { remember(id: string, label: string): Promise<void> };
  /** Opens the editor (toolbar popup, else a window) on a customer. */
  openEditor?: (customerId: string | undefined) => Promise<'popup' | 'window'>;
}

function requestIssues(message: unknown, issues: v.BaseIssue<unknown>[]): FieldIssue[] {
  const changes = (message as { type?: unknown; changes?: unknown } | null)?.changes;
  if ((message as { type?: unknown } | null)?.type === 'customer.update' && changes !== undefined) {
    const checked = validateCustomerUpdate(changes);
    if (!checked.success) return checked.issues;
  }
  return toFieldIssues(issues);
}

/** How long the org's custom attribute definitions, and a conversation's customer, are reused. */
const METADATA_TTL_MS = 10 * 60_000;
const CONVERSATION_TTL_MS = 10 * 60_000;

export function createMessageHandler(deps: MessageHandlerDeps) {
  /** The org's definitions as read with one credential (another may lack the metadata role). */
  let metadata: { org: string; key: string; at: number; value: CustomAttributeDefinition[] } | undefined;
  /** conversation id -> its customer, per org: a conversation's customer does not change. */
  const conversations = new Map<string, { at: number; customerId: string }>();
  const delivery = deps.outbox?.(api);

  async function settingsView(): Promise<SettingsView> {
    const { org, apiKey } = await deps.credentials.load();
    return { org, hasApiKey: Boolean(apiKey), keyOrg: apiKey ? readApiKeyClaims(apiKey).orgName : undefined };
  }

  async function api(): Promise<Result<KustomerApi>> {
    const { org, apiKey } = await deps.credentials.load();
    if (!apiKey) {
      return fail({ kind: 'no-key', message: 'No API key is saved yet: open Settings and paste your Kustomer API key.' });
    }
    if (!org) {
      return fail({ kind: 'no-org', message: 'No organization is saved yet: open Settings and enter it.' });
    }
    return ok(createKustomerApi({ ...deps.api, org, apiKey }));
  }

  async function testConnection(request: Extract<Request, { type: 'connection.test' }>): Promise<Result<ConnectionReport>> {
    const saved = await deps.credentials.load();
    const apiKey = request.apiKey !== undefined ? cleanApiKey(request.apiKey) : saved.apiKey;
    const org = request.org !== undefined ? normalizeOrg(request.org) : saved.org;
    if (!apiKey) return fail({ kind: 'no-key', message: 'Paste an API key first.' });
    const keyProblem = apiKeyProblem(apiKey);
    if (keyProblem) return fail({ kind: 'invalid-request', message: keyProblem, issues: [{ path: 'apiKey', message: keyProblem }] });
    const problem = orgProblem(org ?? '');
    if (problem || !org) return fail({ kind: 'no-org', message: problem ?? '', issues: [{ path: 'org', message: problem ?? '' }] });

    const host = new URL(kustomerApiBaseUrl(org)).host;
    const keyOrg = readApiKeyClaims(apiKey).orgName;
    const mismatch = keyOrg && keyOrg !== org ? ` The key names org "${keyOrg}", not "${org}".` : '';
    const result = await createKustomerApi({ ...deps.api, org, apiKey, maxRetries: 0 }).testConnection();
    if (result.ok) {
      return ok({ host, orgReached: true, keyAccepted: true, message: `Connected: ${host} reached and the key accepted.` });
    }
    const { error } = result;
    if (error.kind === 'http') {
      const keyRefused = error.status === 401 || error.status === 403;
      return ok({
        host,
        orgReached: true,
        keyAccepted: !keyRefused,
        message: keyRefused
          ? `${host} reached, but the key was refused. ${error.message}${mismatch}`
          : `${host} reached, but the test call failed. ${error.message}${mismatch}`,
      });
    }
    return ok({ host, orgReached: false, keyAccepted: false, message: `${error.message}${mismatch}` });
  }

  async function dispatch(request: Request): Promise<Result<unknown>> {
    switch (request.type) {
      case 'settings.get':
        return ok(await settingsView());
      case 'settings.save': {
        const org = normalizeOrg(request.org);
        const problem = orgProblem(org);
        if (problem) return fail({ kind: 'invalid-request', message: problem, issues: [{ path: 'org', message: problem }] });
        const apiKey = request.apiKey === undefined ? undefined : cleanApiKey(request.apiKey);
        if (apiKey !== undefined) {
          const keyProblem = apiKeyProblem(apiKey);
          if (keyProblem) {
            return fail({ kind: 'invalid-request', message: keyProblem, issues: [{ path: 'apiKey', message: keyProblem }] });
          }
        }
        await deps.credentials.save(apiKey === undefined ? { org } : { org, apiKey });
        return ok(await settingsView());
      }
      case 'settings.clear':
        await deps.credentials.clear();
        return ok(await settingsView());
      case 'connection.test':
        return testConnection(request);
      case 'customer.get': {
        const client = await api();
        if (!client.ok) return client;
        const result = await client.value.getCustomer(request.customerId);
        // Written here, not by the popup: it may be closed the moment the customer shows.
        if (result.ok && request.remember) void deps.recent?.remember(result.value.id, customerLabel(result.value)).catch(() => {});
        if (result.ok) void deps.tags?.noteReadForm(client.value.org, tagFormOf(result.value.tags)).catch(() => {});
        return result;
      }
      case 'customer.metadata': {
        const client = await api();
        if (!client.ok) return client;
        const key = await keyFingerprint((await deps.credentials.load()).apiKey ?? '');
        if (metadata && metadata.org === client.value.org && metadata.key === key && Date.now() - metadata.at < METADATA_TTL_MS) return ok(metadata.value);
        const result = await client.value.getCustomerMetadata();
        if (result.ok) metadata = { org: client.value.org, key, at: Date.now(), value: result.value };
        return result;
      }
      case 'customer.update': {
        const checked = validateCustomerUpdate(request.changes);
        if (!checked.success) {
          return fail({
            kind: 'invalid-request',
            message: `Not sent: ${checked.issues.map((i) => i.message).join('; ')}`,
            issues: checked.issues,
          });
        }
        if (delivery) return delivery.save(request.customerId, checked.output, request.label ?? request.customerId);
        const client = await api();
        return client.ok ? client.value.updateCustomer(request.customerId, checked.output) : client;
      }
      case 'outbox.list':
        return ok(delivery ? await delivery.list() : []);
      case 'draft.get':
        return ok((await deps.drafts?.load(request.customerId)) ?? null);
      case 'draft.save':
        await deps.drafts?.save(request.draft as CustomerDraft);
        return ok(null);
      case 'draft.clear':
        await deps.drafts?.clear(request.customerId);
        return ok(null);
      case 'tags.list': {
        const client = await api();
        if (!client.ok) return client;
        if (!deps.tags) return fail({ kind: 'forbidden', message: 'The tag list is not kept here.' });
        const { apiKey } = await deps.credentials.load();
        return deps.tags.list(client.value, await keyFingerprint(apiKey ?? ''), request.ids ?? [], request.refresh === true);
      }
      case 'tags.writeForm': {
        const client = await api();
        if (!client.ok) return client;
        await deps.tags?.setWriteForm(client.value.org, request.form);
        return ok(null);
      }
      case 'customer.lookup': {
        const client = await api();
        return client.ok ? client.value.findCustomers(request.by, request.value.trim()) : client;
      }
      case 'conversation.customer': {
        const client = await api();
        if (!client.ok) return client;
        const key = `${client.value.org}/${request.conversationId}`;
        const known = conversations.get(key);
        if (known && Date.now() - known.at < CONVERSATION_TTL_MS) return ok(known.customerId);
        const result = await client.value.getConversationCustomerId(request.conversationId);
        if (result.ok) {
          if (conversations.size > 500) conversations.clear();
          conversations.set(key, { at: Date.now(), customerId: result.value });
        }
        return result;
      }
      case 'editor.open': {
        if (!deps.openEditor) return fail({ kind: 'forbidden', message: 'The editor cannot be opened from here.' });
        return ok(await deps.openEditor(request.customerId));
      }
    }
  }

  return async function handleMessage(message: unknown, sender: MessageSender): Promise<Result<unknown>> {
    // Who asks comes first: a context that may not ask learns nothing about the protocol.
    const type = v.safeParse(RequestTypeSchema, message);
    const allowed =
      isExtensionPage(sender, deps) ||
      (type.success && CONTENT_SCRIPT_REQUESTS.has(type.output.type) && isOwnContentScript(sender, deps));
    if (!allowed) {
      return fail({
        kind: 'forbidden',
        message: `${type.success ? `"${type.output.type}"` : 'This request'} is only answered for the extension's own pages.`,
      });
    }
    const parsed = v.safeParse(RequestSchema, message);
    if (!parsed.success) {
      const issues = requestIssues(message, parsed.issues);
      return fail({
        kind: 'invalid-request',
        message: `Refused a malformed request: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
        issues,
      });
    }
    const request = parsed.output;
    try {
      return await dispatch(request);
    } catch (error) {
      // Storage failures and the like: say what failed without echoing any secret.
      return fail({
        kind: 'network',
        message: `The extension could not complete "${request.type}": ${error instanceof Error ? error.name : 'unknown error'}.`,
      });
    }
  };
}
