'use client';

import { ToggleButton, ToggleButtonGroup, type Key } from 'react-aria-components';
import { useTranslations } from 'use-intl';

export interface DayStripDay {
  day: string;
  weekday: string;
  dayOfMonth: string;
  dayLabel: string;
  count: number;
}

/**
 * The next two weeks as a strip of day buttons with their number of free times; choosing one shows
 * the times from that day on. Days without times are disabled. Arrow keys move between days (React Aria).
 */
export function DayStrip({
  days,
  selected,
  onSelect,
}: {
  days: DayStripDay[];
  selected: string | null;
  onSelect: (day: string | null) => void;
}): React.ReactElement {
  const t = useTranslations('clinicians');
  const choose = (keys: Set<Key>): void => {
    const [first] = [...keys];
    onSelect(typeof first === 'string' ? first : null);
  };
  return (
    <ToggleButtonGroup
      className="day-strip"
      aria-label={t('strip')}
      selectionMode="single"
      selectedKeys={selected ? [selected] : []}
      onSelectionChange={choose}
    >
      {days.map((day) => (
        <ToggleButton
          key={day.day}
          id={day.day}
          className="day-strip__day"
          isDisabled={day.count === 0}
          aria-label={t('dayChoice', { day: day.dayLabel, count: day.count })}
        >
          <span className="day-strip__weekday">{day.weekday}</span>
          <span className="day-strip__date">{day.dayOfMonth}</span>
          <span className="day-strip__count">{t('dayCount', { count: day.count })}</span>
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
