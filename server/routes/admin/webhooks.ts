/**
 * Webhook subscriptions of the city's gateways (Zalo OA, SMS, ward loudspeakers): the list with
 * each one's health (never their secrets), a new one (its secret shown once), turning one off or
 * on, deleting it; the dead-letter list and sending a dead letter again. Needs `keys.manage`: a
 * subscription is an integration credential like a feed key. Every change is audited.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { actorOf, type Identity } from '../../access/identity';
import { errorBody } from '../../http/error-handler';
import { DeadLetterView, Ok, WebhookView } from '../../protocol/rest';
import { errors } from '../../http/route-docs';
import { areaAccess } from '../area-access';
import { currentUnits } from '../../units/admin-units';
import { MESSAGE_TYPES } from '../../outbox/notice-messages';
import { webhookUrlProblem } from '../../outbox/webhook-url';
import { destinationRefusal } from '../../outbox/destination-policy';
import type { Subscription } from '../../outbox/outbox-store';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const DeliveryParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Codes = (pattern: string, maxLength: number) =>
  Type.Array(Type.String({ minLength: 1, maxLength, pattern }), { maxItems: 50 });

const NewWebhook = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, description: 'http(s), no credentials inside' }),
    kinds: Type.Array(Type.Union(MESSAGE_TYPES.map((kind) => Type.Literal(kind))), { minItems: 1, maxItems: 2 }),
    wards: Type.Optional(Codes('^[0-9]{1,10}$', 10)),
    topics: Type.Optional(Codes('^[a-z0-9][a-z0-9-]{0,39}$', 40)),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const webhooks: FastifyPluginAsync = async (fastify) => {
  areaAccess(fastify, { permission: 'keys.manage' });
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { access, outbox, config, store } = app;
  const who = (request: { identity: Identity; ip: string }) => ({ actor: actorOf(request.identity), ip: request.ip });
  const view = async (subscription: Subscription): Promise<WebhookView> => {
    const { fromSeq: _fromSeq, kinds, wards, topics, ...rest } = subscription;
    return {
      ...rest,
      kinds: [...kinds],
      wards: [...wards],
      topics: [...topics],
      health: await outbox.store.health(subscription.id),
    };
  };
  const refuse = (reply: FastifyReply, status: number, field: string, en: string, vi: string) =>
    reply.code(status).send(errorBody(status, `${field}: ${en}`, `${field}: ${vi}`, field));

  app.get(
    '/api/v1/admin/webhooks',
    {
      schema: {
        summary: 'The webhook subscriptions with their health (never their secrets)',
        tags: ['admin'],
        response: { 200: Type.Object({ webhooks: Type.Array(WebhookView) }), ...errors(401, 403) },
      },
    },
    async () => ({ webhooks: await Promise.all((await outbox.store.subscriptions()).map(view)) }),
  );

  app.post(
    '/api/v1/admin/webhooks',
    {
      schema: {
        body: NewWebhook,
        summary: 'A new webhook subscription; its signing secret is shown this once',
        tags: ['admin'],
        response: {
          201: Type.Object({
            secret: Type.String({ description: 'The signing secret `whsec_…`: shown this once' }),
            webhook: WebhookView,
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { url, kinds, wards = [], topics = [], description } = request.body;
      const problem = webhookUrlProblem(url);
      if (problem) return refuse(reply, 400, 'url', problem.en, problem.vi);
      const current = config.current();
      const refused = await destinationRefusal(new URL(url), current.app.webhooks.allowedNetworks);
      if (refused) return refuse(reply, 400, 'url', refused.en, refused.vi);
      const units = new Set(
        currentUnits(current.units.units, app.now(), current.app.city.timeZone).map((unit) => unit.code),
      );
      const ward = wards.find((code) => !units.has(code));
      if (ward !== undefined)
        return refuse(
          reply,
          400,
          'wards',
          `${ward} is no unit of today`,
          `${ward} không phải đơn vị hành chính hiện nay`,
        );
      const known = current.app.notices.topics.map((topic) => topic.id);
      const topic = topics.find((id) => !known.includes(id));
      if (topic !== undefined)
        return refuse(
          reply,
          400,
          'topics',
          `unknown topic "${topic}" (known: ${known.join(', ')})`,
          `không có chủ đề "${topic}"`,
        );
      // Events stored from now on: a new gateway is not flooded with history.
      const { subscription, secret } = await outbox.store.create(
        { url, kinds, wards, topics, description: description ?? null },
        await store.lastSeq(),
        app.now(),
        actorOf(request.identity),
      );
      access.audit(who(request), 'webhook.create', String(subscription.id), {
        url: subscription.url,
        kinds,
        wards,
        topics,
      });
      return reply.code(201).send({ secret, webhook: await view(subscription) });
    },
  );

  app.patch(
    '/api/v1/admin/webhooks/:id',
    {
      schema: {
        params: IdParams,
        body: Type.Object({ enabled: Type.Boolean() }, { additionalProperties: false }),
        summary: 'Turn a webhook subscription off or back on',
        tags: ['admin'],
        response: { 200: WebhookView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { enabled } = request.body;
      if (!(await outbox.store.setEnabled(id, enabled, 'turned off in the console')))
        return refuse(reply, 404, 'id', 'no such webhook', 'không có webhook này');
      access.audit(who(request), enabled ? 'webhook.enable' : 'webhook.disable', String(id));
      return view((await outbox.store.subscription(id))!);
    },
  );

  app.delete(
    '/api/v1/admin/webhooks/:id',
    {
      schema: {
        params: IdParams,
        summary: 'Delete a webhook subscription and its deliveries',
        tags: ['admin'],
        response: { 200: Ok, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const subscription = await outbox.store.subscription(id);
      if (!subscription || !(await outbox.store.delete(id)))
        return refuse(reply, 404, 'id', 'no such webhook', 'không có webhook này');
      access.audit(who(request), 'webhook.delete', String(id), { url: subscription.url });
      return { ok: true };
    },
  );

  app.get(
    '/api/v1/admin/webhooks/dead-letters',
    {
      schema: {
        summary: 'Deliveries that failed every attempt, the latest first',
        tags: ['admin'],
        response: { 200: Type.Object({ deliveries: Type.Array(DeadLetterView) }), ...errors(401, 403) },
      },
    },
    async () => {
      const urls = new Map(
        (await outbox.store.subscriptions()).map((subscription) => [subscription.id, subscription.url]),
      );
      return {
        deliveries: (await outbox.store.deliveries('dead')).map((delivery) => ({
          id: delivery.id,
          subscriptionId: delivery.subscriptionId,
          url: urls.get(delivery.subscriptionId) ?? '',
          type: delivery.type,
          eventSeq: delivery.eventSeq,
          noticeId: (JSON.parse(delivery.body) as { data: { id: string } }).data.id,
          attempts: delivery.attempts,
          lastError: delivery.lastError,
          lastAttemptAt: delivery.lastAttemptAt,
        })),
      };
    },
  );

  app.post(
    '/api/v1/admin/webhooks/deliveries/:id/retry',
    {
      schema: {
        params: DeliveryParams,
        summary: 'Send a dead letter again (a fresh round of attempts, same delivery id)',
        tags: ['admin'],
        response: { 200: Ok, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const delivery = await outbox.store.delivery(request.params.id);
      if (!delivery || delivery.status !== 'dead')
        return refuse(reply, 404, 'id', 'no such dead letter', 'không có thư lỗi này');
      if (!(await outbox.store.subscription(delivery.subscriptionId))?.enabled)
        return refuse(
          reply,
          409,
          'id',
          'its webhook is turned off: turn it on first',
          'webhook của thư này đang tắt: hãy bật lại trước',
        );
      await outbox.store.revive(delivery.id, app.now());
      access.audit(who(request), 'webhook.retry', delivery.id, { subscription: delivery.subscriptionId });
      void outbox.dispatch().catch((error: unknown) => app.log.error({ err: error }, 'webhook outbox'));
      return { ok: true };
    },
  );
};

export default webhooks;
