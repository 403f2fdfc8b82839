// A letter (a reply, a notice) as staff read it, and printed on its own page for post: the print style sheet
// hides everything but the letter being printed.
import { useState } from 'react';
import type { OutboxMessage } from '../api.ts';
import { dateTime } from '../format.ts';
import { useT } from '../i18n.ts';

export function LetterView({ message, printable }: { message: OutboxMessage; printable?: boolean }) {
  const t = useT();
  const [printing, setPrinting] = useState(false);
  function print() {
    setPrinting(true);
    // Let React mark this letter before the browser lays out the print.
    requestAnimationFrame(() => {
      window.print();
      setPrinting(false);
    });
  }
  return (
    <article className={`letter${printing ? ' printing' : ''}`} aria-label={message.subject}>
      <header className="letter-head">
        <div>
          <strong>{message.subject || (message.channel === 'sms' ? 'SMS' : '')}</strong>
          <div className="muted small">
            {t('to')}: {message.to.join(', ')} · {dateTime(t.lang, message.sentAt)}
          </div>
        </div>
        {printable && (
          <button type="button" onClick={print}>
            {t('print')}
          </button>
        )}
      </header>
      <div className="letter-body">{message.text}</div>
    </article>
  );
}
