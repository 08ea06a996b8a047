import { describe, expect, it } from 'vitest';
import { chartBars, csvCell, reportCsv, reportFileName, reportTotals } from './export.ts';
import type { ReportRow } from './log.ts';

describe('csvCell', () => {
  it('leaves plain values alone and quotes values with separators, quotes, line breaks or edge spaces', () => {
    expect(csvCell('Ana')).toBe('Ana');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell('García, Ana')).toBe('"García, Ana"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('guards against formula injection: = + - @ tab and CR starts get a leading apostrophe', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+34612345678')).toBe("'+34612345678");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('reportCsv', () => {
  it('writes a BOM, a header and one CRLF line per contact, nulls as empty cells', () => {
    const rows: ReportRow[] = [
      {
        contactId: 'c1',
        name: 'García, Ana',
        email: 'ana@example.com',
        phone: '+34612345678',
        openTasks: 2,
        overdueTasks: 1,
        nextDue: '2026-03-01',
        lastActivity: '2026-03-02T10:00:00.000Z',
      },
      { contactId: 'c2', name: '=cmd|x', openTasks: null, overdueTasks: null },
    ];
    expect(reportCsv({ rows })).toBe(
      '\uFEFFName,Email,Phone,Open tasks,Overdue tasks,Next due,Last activity,HighLevel contact id\r\n' +
        `"García, Ana",ana@example.com,'+34612345678,2,1,2026-03-01,2026-03-02T10:00:00.000Z,c1\r\n` +
        "'=cmd|x,,,,,,,c2\r\n",
    );
  });
});

describe('reportFileName', () => {
  it('keeps letters and digits of the company name, with the report date', () => {
    const name = reportFileName({
      business: { name: 'Gimnasio Sol / Peñíscola <script>', businessIds: [] },
      createdAt: new Date(2026, 2, 10).getTime(),
    });
    expect(name).toBe('report-gimnasio-sol-peniscola-script-2026-03-10.csv');
  });
});

describe('chart data and totals', () => {
  const rows: ReportRow[] = [
    { contactId: 'a', name: 'A', openTasks: 1, overdueTasks: 0 },
    { contactId: 'b', name: 'B', openTasks: 3, overdueTasks: 2 },
    { contactId: 'c', name: 'C', openTasks: 0, overdueTasks: 0 },
    { contactId: 'd', name: 'D', openTasks: null, overdueTasks: null },
    { contactId: 'e', name: 'E', openTasks: 4, overdueTasks: 0 },
  ];

  it('charts the contacts with open tasks, most overdue first, within the limit', () => {
    expect(chartBars(rows).map((bar) => bar.contactId)).toEqual(['b', 'e', 'a']);
    expect(chartBars(rows, 1)).toHaveLength(1);
  });

  it('adds up open and overdue tasks and counts unreadable rows', () => {
    expect(reportTotals(rows)).toEqual({ contacts: 5, withOpenTasks: 3, open: 8, overdue: 2, unreadable: 1 });
  });
});
