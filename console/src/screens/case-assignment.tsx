import { id, post } from '../api';
import type { Case, Engineer } from '../models';
import { ErrorNotice, Field, formValues, useAction } from '../ui';

/** Active engineers, as choices: the case service refuses an inactive one (409 ENGINEER_INACTIVE). */
function EngineerChoices({ engineers }: { engineers: Engineer[] }) {
  return (
    <>
      {engineers
        .filter((engineer) => engineer.active)
        .map((engineer) => (
          <option key={engineer.userId} value={engineer.userId}>
            {engineer.name} ({engineer.openCases} open · {engineer.expertise.join(', ')})
          </option>
        ))}
    </>
  );
}

/**
 * A support manager gives a case to an engineer (POST /cases/{id}/assign): a queued case, or,
 * by its id, one assigned already, whose previous engineer's access then ends.
 */
export function AssignCase({ caseId, engineers, onAssigned, label }: { caseId?: string; engineers: Engineer[]; onAssigned: () => void; label: string }) {
  const action = useAction();
  const prefix = `assign-${caseId ?? 'any'}`;
  return (
    <form
      onSubmit={(event) => {
        const form = event.currentTarget;
        const values = formValues(event);
        const target = caseId ?? values.caseId.trim();
        void action.run(() => post<Case>(`/api/v1/cases/${id(target)}/assign`, { engineerId: values.engineerId })).then((done) => {
          if (!done) return;
          form.reset();
          onAssigned();
        });
      }}
    >
      <div class="grid">
        {!caseId && (
          <Field id={`${prefix}-case`} label="Case id">
            <input id={`${prefix}-case`} name="caseId" required autoComplete="off" />
          </Field>
        )}
        <Field id={`${prefix}-engineer`} label={caseId ? `Engineer for ${label}` : 'Engineer'}>
          <select id={`${prefix}-engineer`} name="engineerId" required>
            <EngineerChoices engineers={engineers} />
          </select>
        </Field>
      </div>
      {action.error && <ErrorNotice error={action.error} action="Not assigned" />}
      <button type="submit" disabled={action.busy || !engineers.some((engineer) => engineer.active)}>
        {caseId ? 'Assign' : 'Reassign case'}
      </button>
    </form>
  );
}
