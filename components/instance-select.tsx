import type { Response } from '@/lib/messages';

type Instance = Response<'search/instances'>['instances'][number];

/** "Instance": which configured ServiceNow instance, shown only when there is more than one. */
export function InstanceSelect({ instances, value, onChange, class: className, id }: { instances: Instance[] | undefined; value: string | undefined; onChange(base: string): void; class?: string; id?: string }) {
  if (!instances || instances.length < 2) return null;
  return (
    <select id={id} class={className} aria-label={id ? undefined : 'Instance'} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {instances.map((i) => (
        <option key={i.base} value={i.base}>
          {i.label}
        </option>
      ))}
    </select>
  );
}

/** The select as a labelled form field of the dialogs (create-incident.tsx, add-to-record.tsx). */
export function InstanceField(p: { id: string; instances: Instance[] | undefined; value: string | undefined; onChange(base: string): void }) {
  if (!p.instances || p.instances.length < 2) return null;
  return (
    <div class="nb-share__field">
      <label class="nb-share__label" for={p.id}>
        Instance
      </label>
      <InstanceSelect {...p} class="nb-share__input" />
    </div>
  );
}
