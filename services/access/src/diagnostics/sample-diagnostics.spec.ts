import { DIAGNOSTIC_SETS, sampleDiagnostics } from './sample-diagnostics';

describe(sampleDiagnostics.name, () => {
  it.each(DIAGNOSTIC_SETS)('gives the same %s records for the same tenant', (set) => {
    expect(sampleDiagnostics('tenant-a', set)).toEqual(sampleDiagnostics('tenant-a', set));
  });

  it('gives other records to another tenant', () => {
    expect(sampleDiagnostics('tenant-a', 'sign-ins')).not.toEqual(sampleDiagnostics('tenant-b', 'sign-ins'));
  });

  it('lists records newest first with unique ids', () => {
    const records = sampleDiagnostics('tenant-a', 'sign-ins') as { id: string; createdDateTime: string }[];
    const times = records.map((record) => record.createdDateTime);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
  });
});
