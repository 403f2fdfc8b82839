// The hotline form, built for a live call: rights, who is calling, the person's identifiers with live checks
// (ID checksum and age, mobile, card), "verified on the call" with its four checks, a warning when the person already
// has an open request, and one Idempotency-Key per form so a double submit or a retry never creates two requests.
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { parsePhone } from '../../../domain/identity/phone.ts';
import { ageAt, isUnder14, parseResidentId } from '../../../domain/identity/resident-id.ts';
import { verifiableOnCall } from '../../../domain/request/on-call.ts';
import { ApiFailure, api, type Me, type Summary } from '../api.ts';
import { useBodyTakes } from '../capabilities.ts';
import { StatusBadge } from '../components/Status.tsx';
import { UrgencyBadge } from '../components/Urgency.tsx';
import { type Key, useT } from '../i18n.ts';
import { rightLabel, useReference } from '../reference.ts';
import { go, href } from '../router.ts';
import { RELATIONS, relationLabel } from './request/labels.ts';

const REQUESTER_TYPES: [string, Key][] = [
  ['self', 'reqSelf'],
  ['guardian', 'reqGuardian'],
  ['relative_of_deceased', 'reqRelative'],
  ['agent', 'reqAgent'],
];
const CHECKS: [keyof Checks, Key][] = [
  ['name', 'checkName'],
  ['idNumber', 'checkId'],
  ['bankCard', 'checkCard'],
  ['phone', 'checkPhone'],
];
interface Checks {
  name: boolean;
  idNumber: boolean;
  bankCard: boolean;
  phone: boolean;
}
const NO_CHECKS: Checks = { name: false, idNumber: false, bankCard: false, phone: false };

export function NewRequest({ me }: { me: Me }) {
  const t = useT();
  const ref = useReference();
  const [rights, setRights] = useState<string[]>([]);
  const [requesterType, setRequesterType] = useState('self');
  const [caller, setCaller] = useState({ name: '', phone: '', idNumber: '', relation: '' });
  // The caller's own ID number and relation travel where the API takes them (identity's requester fields).
  const callerDetails = useBodyTakes('post', '/api/requests', 'relation');
  const [subject, setSubject] = useState({ name: '', idNumber: '', phone: '', bankCardLast4: '', email: '' });
  const [details, setDetails] = useState('');
  const [correction, setCorrection] = useState('');
  const [language, setLanguage] = useState('zh');
  const [verified, setVerified] = useState(false);
  const [checks, setChecks] = useState<Checks>(NO_CHECKS);
  const [duplicates, setDuplicates] = useState<Summary[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  // One key per form: a second click or a network retry replays the same request.
  const idempotencyKey = useRef(crypto.randomUUID());

  const id = useMemo(() => {
    if (!subject.idNumber.trim()) return undefined;
    const r = parseResidentId(subject.idNumber, new Date());
    return r.ok
      ? {
          ok: true as const,
          birthDate: r.birthDate,
          age: ageAt(r.birthDate, new Date()),
          minor: isUnder14(r.birthDate, new Date()),
        }
      : { ok: false as const };
  }, [subject.idNumber]);
  const phone = useMemo(() => (subject.phone.trim() ? parsePhone(subject.phone).ok : undefined), [subject.phone]);
  // The caller's own identifiers are checked as typed too: the officer's document review compares them.
  const callerId = useMemo(() => {
    if (!caller.idNumber.trim()) return undefined;
    const r = parseResidentId(caller.idNumber, new Date());
    return r.ok
      ? { ok: true as const, birthDate: r.birthDate, age: ageAt(r.birthDate, new Date()) }
      : { ok: false as const };
  }, [caller.idNumber]);
  const callerPhone = useMemo(() => (caller.phone.trim() ? parsePhone(caller.phone).ok : undefined), [caller.phone]);
  const cardOk = subject.bankCardLast4 === '' || /^\d{4}$/.test(subject.bankCardLast4);
  const canVerify = me.roles.some((r) => r === 'agent' || r === 'admin');

  // Duplicate warning: as soon as a valid ID or mobile is typed (POST: identifiers never go into a URL).
  useEffect(() => {
    const body = {
      subject: {
        ...(id?.ok ? { idNumber: subject.idNumber } : {}),
        ...(phone ? { phone: subject.phone } : {}),
      },
    };
    if (!id?.ok && !phone) {
      setDuplicates([]);
      return;
    }
    const timer = setTimeout(() => {
      api<{ items: Summary[] }>('POST', '/api/requests/duplicates', body)
        .then((r) => setDuplicates(r.items))
        .catch(() => setDuplicates([]));
    }, 300);
    return () => clearTimeout(timer);
  }, [id?.ok, phone, subject.idNumber, subject.phone]);

  const setS = (k: keyof typeof subject) => (e: { target: { value: string } }) =>
    setSubject((s) => ({ ...s, [k]: e.target.value }));
  const toggleRight = (r: string) => setRights((rs) => (rs.includes(r) ? rs.filter((x) => x !== r) : [...rs, r]));
  const allChecked = CHECKS.every(([k]) => checks[k]);
  // A guardian, an agent or a relative of a deceased user is verified by the officer's document review, never on the call
  // (PIPL arts. 31, 49): the same rule the API applies.
  const onTheCall = verifiableOnCall(requesterType);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (rights.length === 0) return setError(t('needRight'));
    if (!subject.idNumber.trim() && !subject.phone.trim()) return setError(t('needId'));
    if (rights.includes('correct') && !correction.trim()) return setError(t('needCorrection'));
    setBusy(true);
    setError(undefined);
    const trimmed = Object.fromEntries(Object.entries(subject).filter(([, v]) => v.trim() !== ''));
    const body = {
      channel: 'hotline',
      rights,
      subject: trimmed,
      requester: {
        type: requesterType,
        ...(requesterType !== 'self' && caller.name.trim() ? { name: caller.name.trim() } : {}),
        ...(requesterType !== 'self' && caller.phone.trim() ? { phone: caller.phone.trim() } : {}),
        ...(callerDetails && requesterType !== 'self' && caller.idNumber.trim()
          ? { idNumber: caller.idNumber.trim() }
          : {}),
        ...(callerDetails && requesterType !== 'self' && caller.relation ? { relation: caller.relation } : {}),
      },
      ...(details.trim() ? { details: details.trim() } : {}),
      ...(rights.includes('correct') ? { correction: correction.trim() } : {}),
      language,
      ...(verified && allChecked && onTheCall ? { verifiedAtHotline: { checks } } : {}),
    };
    try {
      const r = await api<{ request: { id: string } }>('POST', '/api/requests', body, {
        'idempotency-key': idempotencyKey.current,
      });
      idempotencyKey.current = crypto.randomUUID();
      go({ page: 'request', id: r.request.id });
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : t('error'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section>
      <header className="page-head">
        <h1>{t('newTitle')}</h1>
      </header>
      <form className="hotline" onSubmit={submit} noValidate>
        <div className="grid-2">
          <fieldset className="card">
            <legend>{t('rightsAsked')}</legend>
            <div className="checks">
              {Object.keys(ref?.rights ?? {}).map((r) => (
                <label key={r} className="check">
                  <input
                    type="checkbox"
                    name="right"
                    value={r}
                    checked={rights.includes(r)}
                    onChange={() => toggleRight(r)}
                  />
                  {rightLabel(ref, t.lang, r)}
                </label>
              ))}
            </div>
            {rights.includes('correct') && (
              <label>
                {t('correction')}
                <textarea
                  name="correction"
                  value={correction}
                  onChange={(e) => setCorrection(e.target.value)}
                  rows={2}
                />
              </label>
            )}
            <label>
              {t('details')}
              <textarea name="details" value={details} onChange={(e) => setDetails(e.target.value)} rows={3} />
            </label>
            <div className="row">
              <label>
                {t('replyLanguage')}
                <select name="language" value={language} onChange={(e) => setLanguage(e.target.value)}>
                  <option value="zh">{t('langZh')}</option>
                  <option value="en">{t('langEn')}</option>
                </select>
              </label>
            </div>
          </fieldset>

          <fieldset className="card">
            <legend>{t('requesterType')}</legend>
            <div className="radios">
              {REQUESTER_TYPES.map(([v, label]) => (
                <label key={v} className="check">
                  <input
                    type="radio"
                    name="requesterType"
                    value={v}
                    checked={requesterType === v}
                    onChange={() => setRequesterType(v)}
                  />
                  {t(label)}
                </label>
              ))}
            </div>
            {requesterType !== 'self' && (
              <div className="row">
                <label>
                  {t('callerName')}
                  <input
                    name="callerName"
                    value={caller.name}
                    onChange={(e) => setCaller((c) => ({ ...c, name: e.target.value }))}
                  />
                </label>
                <label>
                  {t('callerPhone')}
                  <input
                    name="callerPhone"
                    inputMode="tel"
                    className="mono"
                    value={caller.phone}
                    onChange={(e) => setCaller((c) => ({ ...c, phone: e.target.value }))}
                    aria-invalid={callerPhone === false}
                    aria-describedby="caller-phone-help"
                  />
                  <PhoneHint id="caller-phone-help" valid={callerPhone} />
                </label>
                {callerDetails && (
                  <>
                    <label>
                      {t('callerIdNumber')}
                      <input
                        name="callerIdNumber"
                        className="mono"
                        autoComplete="off"
                        maxLength={22}
                        value={caller.idNumber}
                        onChange={(e) => setCaller((c) => ({ ...c, idNumber: e.target.value }))}
                        aria-invalid={callerId?.ok === false}
                        aria-describedby="caller-id-help"
                      />
                      <IdHint id="caller-id-help" check={callerId} />
                    </label>
                    <label>
                      {t('relation')}
                      <select
                        name="callerRelation"
                        value={caller.relation}
                        onChange={(e) => setCaller((c) => ({ ...c, relation: e.target.value }))}
                      >
                        <option value="">—</option>
                        {RELATIONS.filter((r) =>
                          requesterType === 'relative_of_deceased' ? r !== 'guardian' : true,
                        ).map((r) => (
                          <option key={r} value={r}>
                            {relationLabel(t.lang, r)}
                          </option>
                        ))}
                      </select>
                    </label>
                  </>
                )}
              </div>
            )}
          </fieldset>
        </div>

        <fieldset className="card">
          <legend>{t('subject')}</legend>
          <div className="grid-3">
            <label>
              {t('name')}
              <input name="name" autoComplete="off" value={subject.name} onChange={setS('name')} />
            </label>
            <label>
              {t('idNumber')}
              <input
                name="idNumber"
                autoComplete="off"
                className="mono"
                maxLength={22}
                value={subject.idNumber}
                onChange={setS('idNumber')}
                aria-invalid={id?.ok === false}
                aria-describedby="id-help"
              />
              <IdHint id="id-help" check={id} />
              {id?.ok && id.minor && <span className="help warn">{t('idMinor')}</span>}
            </label>
            <label>
              {t('phone')}
              <input
                name="phone"
                inputMode="tel"
                autoComplete="off"
                className="mono"
                value={subject.phone}
                onChange={setS('phone')}
                aria-invalid={phone === false}
                aria-describedby="phone-help"
              />
              <PhoneHint id="phone-help" valid={phone} />
            </label>
            <label>
              {t('cardLast4')}
              <input
                name="bankCardLast4"
                inputMode="numeric"
                maxLength={4}
                className="mono"
                value={subject.bankCardLast4}
                onChange={setS('bankCardLast4')}
                aria-invalid={!cardOk}
              />
              {!cardOk && <span className="help bad">{t('cardInvalid')}</span>}
            </label>
            <label className="span-2">
              {t('email')}
              <input name="email" type="email" autoComplete="off" value={subject.email} onChange={setS('email')} />
            </label>
          </div>
          {duplicates.length > 0 && (
            <div className="alert warn" role="status">
              <strong>{t('dupTitle')}</strong> — {t('dupHint')}
              <ul>
                {duplicates.map((d) => (
                  <li key={d.id}>
                    <a href={href({ page: 'request', id: d.id })} className="mono">
                      {d.id}
                    </a>{' '}
                    {d.rights.map((x) => rightLabel(ref, t.lang, x)).join('、')} <StatusBadge status={d.status} />{' '}
                    <UrgencyBadge urgency={d.urgency} />
                  </li>
                ))}
              </ul>
            </div>
          )}
        </fieldset>

        {canVerify && !onTheCall && (
          <p className="alert warn" data-testid="docs-not-call">
            {t('docsNotCall')}
          </p>
        )}
        {canVerify && onTheCall && (
          <fieldset className="card verify">
            <legend>
              <label className="check strong">
                <input
                  type="checkbox"
                  name="verifiedOnCall"
                  checked={verified}
                  onChange={(e) => setVerified(e.target.checked)}
                />
                {t('verifiedOnCall')}
              </label>
            </legend>
            <p className="muted small">{t('verifiedHint')}</p>
            <div className="checks four">
              {CHECKS.map(([k, label]) => (
                <label key={k} className="check">
                  <input
                    type="checkbox"
                    name={`check-${k}`}
                    disabled={!verified}
                    checked={checks[k]}
                    onChange={(e) => setChecks((c) => ({ ...c, [k]: e.target.checked }))}
                  />
                  {t(label)}
                </label>
              ))}
            </div>
          </fieldset>
        )}

        {error && (
          <p className="alert error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || (verified && onTheCall && !allChecked)}>
            {busy ? t('submitting') : t('submitRequest')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The live verdict on an ID number as typed: its check digit and the birth date it encodes. */
function IdHint({
  id,
  check,
}: {
  id: string;
  check: { ok: true; birthDate: string; age: number } | { ok: false } | undefined;
}) {
  const t = useT();
  return (
    <span id={id} className={`help ${check ? (check.ok ? 'ok' : 'bad') : ''}`} aria-live="polite">
      {check?.ok ? t('idValid', { d: check.birthDate, age: check.age }) : check ? t('idInvalid') : ''}
    </span>
  );
}

/** The live verdict on a mobile number as typed. */
function PhoneHint({ id, valid }: { id: string; valid: boolean | undefined }) {
  const t = useT();
  return (
    <span id={id} className={`help ${valid === undefined ? '' : valid ? 'ok' : 'bad'}`} aria-live="polite">
      {valid === undefined ? '' : valid ? t('phoneValid') : t('phoneInvalid')}
    </span>
  );
}
