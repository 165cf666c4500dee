/**
 * The moderation queue: reports waiting for a publication decision first (oldest first), then
 * the latest decided. Approving or rejecting waits out a short undo window before it is stored,
 * so a slip of the thumb never reaches a public screen: during the window the decision can be
 * taken back; after it, the decision goes through the ingest path like every other. The window
 * runs on the injected clock and the held decisions are in the database (`moderation-holds.ts`):
 * a restart within the window keeps them, undoable until the stored instant and stored after it,
 * as the moderator's account stands then. With several processes the holds are in PostgreSQL: an
 * undo through any process takes the decision back, and the due ones are stored by the process
 * that aggregates (`commits`: it has the reports the decisions apply to), each claimed once.
 * Titles, photos and privacy stay immediate (`POST /api/v1/reports/:id/moderation`): they only
 * ever take something out of public view.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { requireCsrf, requirePermission } from '../../http/auth-plugin';
import { errors, personWith } from '../../http/route-docs';
import { errorBody } from '../../http/error-handler';
import { actorOf, can, type Identity } from '../../access/identity';
import { maskPersonalData } from '../../domains/reports/public-text';
import type { IngestEvent } from '../../domains/domain';
import { ModerationQueue, PendingDecision } from '../../protocol/reports-handling';
import { handlingItem, IdParams, notFound, type ReportsHandlingOptions } from './handling-support';
import type { Hold, ModerationHolds } from './moderation-holds';

export interface ModerationQueueOptions extends ReportsHandlingOptions {
  /** How long a decision can be taken back before it is stored. */
  undoWindowMs: number;
  /** How often due decisions are stored (they are also stored whenever the queue is read). */
  commitEveryMs?: number;
  /** Where held decisions are kept: the data folder's SQLite, or PostgreSQL for several processes. */
  holds: ModerationHolds;
  /**
   * Whether this process stores due decisions now: the one whose reports read model is current
   * (one process, or the aggregation leader of several). The others only hold and take back.
   */
  commits: () => boolean;
}

/** Decided reports shown after the waiting ones, for a second look. */
const DECIDED_SHOWN = 30;
const WAITING_LIMIT = 300;

const moderationQueueRoutes: FastifyPluginAsync<ModerationQueueOptions> = async (fastify, options) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { now, undoWindowMs } = options;
  const held = options.holds;
  const moderator = requirePermission('reports.moderate');
  const docs = (summary: string, changes: boolean) => ({
    summary,
    tags: ['reports'],
    ...personWith('reports.moderate', changes),
  });

  /** The events a decision stores, given the report as it is when the window closes. */
  function eventsOf(decision: Hold): IngestEvent[] {
    const report = options.reports().get(decision.reportId);
    if (!report) return [];
    const reportId = report.id;
    if (decision.decision === 'approve') {
      // As the immediate route does: the masked title the moderator saw is what goes out.
      const pinned = report.publicTitle === null ? { publicTitle: maskPersonalData(report.title).text } : {};
      if (report.status === 'new') {
        const moderated: IngestEvent[] =
          Object.keys(pinned).length > 0
            ? [{ domain: 'reports', kind: 'report.moderated', data: { reportId, ...pinned } }]
            : [];
        return [...moderated, { domain: 'reports', kind: 'report.status', data: { reportId, status: 'approved' } }];
      }
      return [{ domain: 'reports', kind: 'report.moderated', data: { reportId, ...pinned, publication: 'approved' } }];
    }
    if (report.status === 'new')
      return [{ domain: 'reports', kind: 'report.status', data: { reportId, status: 'rejected' } }];
    return [{ domain: 'reports', kind: 'report.moderated', data: { reportId, publication: 'rejected' } }];
  }

  /**
   * The moderator as their account stands when the window closes (perhaps in another process than
   * the one that held it): an account disabled or no longer a moderator meanwhile decides nothing.
   */
  function moderatorOf(decision: Hold): Identity | null {
    const user = options.security.userById(decision.userId);
    if (!user) return null;
    const identity: Identity = {
      kind: 'user',
      session: { user, csrfToken: '', expiresAt: decision.commitsAt, hash: '' },
      token: '',
    };
    return can(identity, 'reports.moderate') ? identity : null;
  }

  /** Stores every decision whose window has closed (on the process that `commits`). */
  async function commitDue(): Promise<void> {
    if (!options.commits()) return;
    // Claimed first: a concurrent pass, here or on another process, or an undo, cannot have it too.
    for (const decision of await held.claimDue(now())) {
      const identity = moderatorOf(decision);
      if (!identity) {
        fastify.log.warn(
          { reportId: decision.reportId },
          'moderation decision lapsed: the moderator may no longer moderate',
        );
        continue;
      }
      const actor = actorOf(identity);
      try {
        await options.ingest.ingest(eventsOf(decision), { source: actor, caller: identity });
        options.security.audit({ actor, ip: decision.ip }, `report.${decision.decision}`, decision.reportId, {
          afterUndoWindowMs: undoWindowMs,
        });
      } catch (error) {
        // The report moved on meanwhile (merged, closed…): the decision lapses, the report stays as it is.
        fastify.log.warn({ reportId: decision.reportId, err: error }, 'moderation decision not stored');
      }
    }
  }

  const timer = setInterval(
    () =>
      void commitDue().catch((error: unknown) =>
        fastify.log.warn({ err: error }, 'due moderation decisions not claimed now: the next pass tries again'),
      ),
    options.commitEveryMs ?? 250,
  );
  timer.unref();
  fastify.addHook('onClose', async () => clearInterval(timer));

  const pendingOf = (decision: Hold): PendingDecision => ({
    reportId: decision.reportId,
    decision: decision.decision,
    commitsAt: decision.commitsAt,
  });

  app.get(
    '/api/v1/reports/moderation-queue',
    {
      preHandler: moderator,
      schema: {
        ...docs('The moderation queue: waiting reports first (oldest first), then the latest decided', false),
        response: { 200: ModerationQueue, ...errors(401, 403) },
      },
    },
    async () => {
      await commitDue();
      const at = now();
      const all = [...options.reports().all()];
      const waiting = all
        .filter(
          (report) => report.publication === 'waiting' && report.status !== 'rejected' && report.status !== 'duplicate',
        )
        .sort((a, b) => a.createdAt - b.createdAt)
        .slice(0, WAITING_LIMIT);
      const lastStep = (report: (typeof all)[number]) => report.timeline.at(-1)?.at ?? report.createdAt;
      const decided = all
        .filter((report) => report.publication !== 'waiting')
        .sort((a, b) => lastStep(b) - lastStep(a))
        .slice(0, DECIDED_SHOWN);
      return {
        items: [...waiting, ...decided].map((report) => handlingItem(report, options, at)),
        pending: (await held.all()).map(pendingOf),
        undoWindowMs,
        now: at,
      };
    },
  );

  app.post(
    '/api/v1/reports/:id/decision',
    {
      preHandler: [moderator, requireCsrf],
      schema: {
        ...docs(
          `Approve or reject a report for publication; it is stored after an undo window (DELETE takes it back)`,
          true,
        ),
        params: IdParams,
        body: Type.Object(
          { decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]) },
          { additionalProperties: false },
        ),
        response: { 200: PendingDecision, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const report = options.reports().get(id);
      if (!report) return notFound(reply, id);
      const alreadyHeld = () =>
        reply
          .code(409)
          .send(
            errorBody(
              409,
              'decision: a decision on this report is waiting out its undo window',
              'decision: phản ánh này đang có quyết định chờ (còn có thể hoàn tác)',
              'decision',
            ),
          );
      if (await held.get(id)) return alreadyHeld();
      if (report.status === 'rejected' || report.status === 'duplicate') {
        return reply
          .code(409)
          .send(
            errorBody(
              409,
              `decision: the report is ${report.status}`,
              `decision: phản ánh đã ${report.status === 'rejected' ? 'bị từ chối' : 'được gộp trùng'}`,
              'decision',
            ),
          );
      }
      if (request.identity.kind !== 'user')
        return reply.code(401).send(errorBody(401, 'authentication required', 'cần đăng nhập'));
      const decision: Hold = {
        reportId: id,
        decision: request.body.decision,
        commitsAt: now() + undoWindowMs,
        userId: request.identity.session.user.id,
        ip: request.ip,
      };
      // Two moderators (or two processes) deciding at once: the first hold stands, the second is told.
      if (!(await held.hold(decision, now()))) return alreadyHeld();
      options.security.audit(
        { actor: actorOf(request.identity), ip: request.ip },
        `report.${decision.decision}-held`,
        id,
        { commitsAt: decision.commitsAt },
      );
      return pendingOf(decision);
    },
  );

  app.delete(
    '/api/v1/reports/:id/decision',
    {
      preHandler: [moderator, requireCsrf],
      schema: {
        ...docs('Take back a decision within its undo window', true),
        params: IdParams,
        response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const decision = await held.takeBack(id, now());
      if (!decision) {
        // Past its window it is (or is about to be) stored: store it now so the answer is true (on a
        // process that does not aggregate, the leader stores it within its next pass).
        await commitDue();
        return reply
          .code(409)
          .send(
            errorBody(
              409,
              'decision: nothing to undo (the undo window has passed, or there was no decision)',
              'decision: không còn gì để hoàn tác (đã quá thời gian hoàn tác hoặc chưa có quyết định)',
              'decision',
            ),
          );
      }
      options.security.audit(
        { actor: actorOf(request.identity), ip: request.ip },
        `report.${decision.decision}-undone`,
        id,
      );
      return { ok: true };
    },
  );
};

export default moderationQueueRoutes;
