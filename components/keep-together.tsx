import type { ReactNode } from 'react';

/**
 * Rich-text tags for catalogue messages: `<contact>` keeps a masked phone or email on one line
 * (`***-***-0101` must not break at its hyphens on a narrow phone).
 */
export const keepTogether = {
  contact: (chunks: ReactNode): ReactNode => <span className="nowrap">{chunks}</span>,
};
