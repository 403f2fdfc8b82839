// The intake service over the workflow's step deps: the mail-intake Lambda and the API (a quarantined mail released
// as a request) build it the same way.
import { verifyCode } from '../request-verification/operations.ts';
import type { StepDeps } from '../shared/deps.ts';
import { createIntakeService, type IntakeService } from './service.ts';

export function intakeServiceFor(deps: StepDeps): IntakeService {
  return createIntakeService({
    store: deps.store,
    blobs: deps.blobs,
    cipher: deps.cipher,
    mailer: deps.mailer,
    clock: deps.clock,
    policy: deps.policy,
    calendar: deps.calendar,
    senderAddress: deps.config.senderAddress,
    startWorkflow: (id) => deps.starter.start(id),
    subjectHashSalt: deps.config.subjectHashSalt,
    officer: {
      privacyOfficerEmail: deps.config.privacyOfficerEmail,
      consoleUrl: deps.config.consoleUrl,
    },
    // A code in a reply is checked like one typed into the console (attempts counted, one use).
    onVerificationCode: async (id, code) => {
      await verifyCode(deps, id, code);
    },
    logger: deps.logger,
  });
}
