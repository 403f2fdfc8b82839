// Labels the console shows, from the same data the letters use: rights, statuses, data categories and the
// exceptions of policy §4(4) a refusal may rest on (policy/*.yaml), so the console never keeps its own copy.
import { Hono } from 'hono';
import { CORRECTION_REFUSAL_TEXT, FIELD_LABELS } from '../../../domain/corrections/index.ts';
import { RIGHT_LABELS, STATUSES } from '../../../domain/request/model.ts';
import { REVIEW_REASONS } from '../../../domain/rules/exceptions.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';

export function referenceRoutes(deps: Pick<ApiDeps, 'policy'>) {
  const app = new Hono<AppEnv>();
  app.get('/', (c) =>
    c.json({
      rights: RIGHT_LABELS,
      statuses: STATUSES,
      categories: deps.policy.categories,
      exceptions: deps.policy.exceptions.exceptions.map((e) => ({
        code: e.code,
        number: e.number,
        zh: e.zh,
        en: e.en,
      })),
      // What a refusal may rest on (POST …/review `bases`): the neutral letter text the officer may edit, and what
      // it is for; a confidential basis never names its real reason to the person.
      refusalBases: deps.policy.refusalBases.bases.map((b) => ({
        code: b.code,
        source: b.source,
        officer: b.officer,
        letter: b.letter,
        confidential: b.confidential,
      })),
      // The words of a correction's settlement (POST …/corrections): the fields the company connector corrects, and
      // each reason for not correcting as the letter prints it.
      corrections: { fields: FIELD_LABELS, refusals: CORRECTION_REFUSAL_TEXT },
      // What a restriction may restrict (policy/processing.yaml), in the words the letters use.
      restrictableProcessings: deps.policy.processing.restrictableProcessings.map((p) => ({
        code: p.code,
        zh: p.zh,
        en: p.en,
      })),
      // What a fee quote may charge (POST …/review `fee.items`): the cost items with unit and yuan per unit, and the
      // items of an ordinary transfer (the quote's default). A quote never exceeds their cost (NDSR art. 25 ¶2).
      fees: {
        currency: deps.policy.settings.fees.currency,
        costItems: deps.policy.settings.fees.costItems,
        standardItems: deps.policy.settings.fees.standardItems,
      },
      reviewReasons: REVIEW_REASONS,
      retentionRules: Object.fromEntries(
        deps.policy.retention.rules.map((r) => [r.id, { law: r.source.law, article: r.source.article }]),
      ),
      escalationWorkingDays: deps.policy.settings.deadline.escalationWorkingDays,
      replyWorkingDays: deps.policy.settings.deadline.replyWorkingDays,
      // The letterhead of letters printed for post.
      company: {
        name: deps.policy.contacts.company,
        department: deps.policy.contacts.privacyDepartment,
        address: deps.policy.contacts.officeAddress,
        hotline: deps.policy.contacts.hotline,
        privacyEmail: deps.policy.contacts.privacyEmail,
      },
    }),
  );
  return app;
}
