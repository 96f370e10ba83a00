const LONDON_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date of an instant in Europe/London, YYYY-MM-DD (docs/design.md#time). */
export function londonDate(instant: Date): string {
  const parts = Object.fromEntries(LONDON_DATE.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

/** Today in Europe/London: what "today" means for due dates, decisions and payments. */
export function todayInLondon(now: Date = new Date()): string {
  return londonDate(now);
}
