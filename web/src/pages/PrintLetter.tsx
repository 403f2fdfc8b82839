// A letter laid out for post: letterhead, date, reference, the text as sent; the print style sheet prints this
// sheet alone (no navigation), for a caller with no email address.
import type { Letter, RequestDetail } from '../api.ts';
import { day } from '../format.ts';
import { useApi } from '../hooks.ts';
import { useT } from '../i18n.ts';
import { useReference } from '../reference.ts';
import { href } from '../router.ts';

export function PrintLetter({ id, letterKey }: { id: string; letterKey: string }) {
  const t = useT();
  const ref = useReference();
  const { data, error } = useApi<RequestDetail>(`/api/requests/${id}`);
  if (error)
    return (
      <p className="alert error" role="alert">
        {error.message}
      </p>
    );
  if (!data) return <p className="muted">{t('loading')}</p>;
  const letter: Letter | undefined = data.letters?.find((l) => l.key === letterKey);
  if (!letter) return <p className="alert error">{t('noLetters')}</p>;
  const zh = letter.language !== 'en';
  const lang = zh ? 'zh' : 'en';
  const company = ref?.company;
  return (
    <section>
      <div className="print-bar no-print">
        <a href={href({ page: 'request', id })}>← {id}</a>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('print')}
        </button>
      </div>
      <article className="print-letter" aria-label={letter.subject}>
        {company && (
          <header className="print-letterhead">
            <strong>{company.name[lang]}</strong>
            <span>
              {company.department[lang]} · {company.address[lang]}
            </span>
            <span>
              {company.hotline} · {company.privacyEmail}
            </span>
          </header>
        )}
        <div className="print-meta">
          <span>
            {zh ? '参考编号' : 'Reference'}: <span className="mono">{id}</span>
          </span>
          <span>{day(lang, letter.at)}</span>
        </div>
        <h1 className="print-subject">{letter.subject}</h1>
        <div className="letter-body">{letter.text}</div>
      </article>
    </section>
  );
}
