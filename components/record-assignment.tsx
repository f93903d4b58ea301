import { useEffect, useId, useState } from 'preact/hooks';
import { type Person, PeopleCombobox } from './people-combobox';
import { RecordUpdateFeedback } from './record-update-feedback';
import { type Changes, type RecordUpdateDeps, useRecordUpdate } from './use-record-update';
import { fromUser } from './user-event';

export interface RecordAssignmentProps extends RecordUpdateDeps {
  /** people (`user`) or groups, as the connected user may see them; `group` limits people to its members */
  people(kind: 'user' | 'group', query: string, group?: string): Promise<Person[]>;
}

/** What the user picked and has not saved yet; `assigned_to: null` is "cleared by the group change". */
interface Pending {
  assigned_to?: Person | null;
  assignment_group?: Person;
}

/**
 * The Assignment section (records-and-watch-contracts.md A.5): "Assign to me" (with a warning, and "Also set group",
 * when I am not in the record's group), and pickers for the assignee and the group. Changing the group clears the
 * assignee, as ServiceNow's form does ("If the Assignment group changes, the Assigned to field is cleared"). Sends
 * sys_ids, never names (A.7).
 */
export function RecordAssignment(props: RecordAssignmentProps) {
  const { form, people } = props;
  const id = useId();
  const u = useRecordUpdate(props);
  const [pending, setPending] = useState<Pending>({});
  const [alsoGroup, setAlsoGroup] = useState(false);
  const [myGroup, setMyGroup] = useState(form.myGroups[0]?.sys_id ?? '');

  useEffect(() => {
    setPending({});
    setAlsoGroup(false);
    setMyGroup(form.myGroups[0]?.sys_id ?? '');
  }, [form]); // every new read, even one where nothing changed (a write ServiceNow dropped whole leaves mod_count as it was)

  const group = pending.assignment_group ?? (form.values.assignment_group?.value ? { sys_id: form.values.assignment_group.value, name: form.values.assignment_group.display } : undefined);
  const assignee = pending.assigned_to === null ? '' : (pending.assigned_to?.name ?? form.values.assigned_to?.display ?? '');
  const changed = pending.assigned_to !== undefined || pending.assignment_group !== undefined;
  const offerGroup = form.inGroup === false && form.myGroups.length > 0;

  const assignToMe = () => {
    if (!form.me || u.busy) return;
    const changes: Changes = { assigned_to: form.me.sys_id };
    if (offerGroup && alsoGroup && myGroup) changes.assignment_group = myGroup;
    void u.save(changes);
  };

  const save = () => {
    if (u.busy || !changed) return;
    const changes: Changes = {};
    if (pending.assignment_group) {
      changes.assignment_group = pending.assignment_group.sys_id;
      changes.assigned_to = pending.assigned_to?.sys_id ?? '';
    } else if (pending.assigned_to !== undefined) changes.assigned_to = pending.assigned_to?.sys_id ?? '';
    void u.save(changes);
  };

  return (
    <section class="nb-edit" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} class="nb-panel__heading">
        Assignment
      </h3>
      <div class="nb-edit__row">
        <button type="button" class="nb-share__btn" aria-disabled={u.busy || !form.me} onClick={(e) => fromUser(e) && assignToMe()}>
          Assign to me
        </button>
      </div>
      {form.inGroup === false && (
        <div class="nb-edit__warning">
          <p class="nb-edit__warning-text">You are not in {form.values.assignment_group?.display || 'the assignment group'}.</p>
          {offerGroup && (
            <div class="nb-edit__row">
              <label class="nb-panel__switch">
                <input type="checkbox" checked={alsoGroup} onChange={(e) => setAlsoGroup(e.currentTarget.checked)} />
                Also set group
              </label>
              {form.myGroups.length > 1 ? (
                <select class="nb-share__input nb-edit__inline" aria-label="Group to set" value={myGroup} onChange={(e) => setMyGroup(e.currentTarget.value)}>
                  {form.myGroups.map((g) => (
                    <option key={g.sys_id} value={g.sys_id}>
                      {g.name}
                    </option>
                  ))}
                </select>
              ) : (
                <span class="nb-panel__hint">{form.myGroups[0]!.name}</span>
              )}
            </div>
          )}
        </div>
      )}
      <PeopleCombobox
        label="Assigned to"
        value={assignee}
        search={(q) => people('user', q, group?.sys_id)}
        onPick={(p) => setPending((old) => ({ ...old, assigned_to: p }))}
      />
      <PeopleCombobox
        label="Assignment group"
        value={group?.name ?? ''}
        search={(q) => people('group', q)}
        onPick={(g) => setPending((old) => (g.sys_id === group?.sys_id ? old : { assignment_group: g, assigned_to: null }))}
      />
      <div class="nb-share__footer">
        <RecordUpdateFeedback u={u} busyText="Saving…" />
        <button type="button" class="nb-share__btn nb-share__btn--primary" aria-disabled={u.busy || !changed} onClick={(e) => fromUser(e) && save()}>
          Save assignment
        </button>
      </div>
    </section>
  );
}
