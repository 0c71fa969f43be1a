import type { ComponentChildren, TargetedSubmitEvent } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Listing } from './api';

export type Resource<T> =
  | { state: 'loading'; reload: () => void }
  | { state: 'error'; error: ApiError; reload: () => void }
  | { state: 'ready'; data: T; reload: () => void };

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, 'UNEXPECTED', (error as Error)?.message ?? String(error));
}

/** Loads on mount and whenever `key` changes; `reload` loads again (the old data stays shown meanwhile). */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [resource, setResource] = useState<{ state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ready'; data: T }>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setResource({ state: 'ready', data }),
      (error) => current && setResource({ state: 'error', error: asApiError(error) }),
    );
    return () => {
      current = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  return { ...resource, reload } as Resource<T>;
}

/** What a refusal means to the person, by the services' stable codes. */
export function explain(error: ApiError): string {
  switch (error.status) {
    case 0:
      return error.message;
    case 403:
      return `Not allowed: ${error.message}`;
    case 404:
      return `Not found: ${error.message}`;
    case 409:
      return `Not possible now: ${error.message}`;
    case 429:
      return 'Too many attempts; wait a minute and try again.';
    default:
      return error.status >= 500 ? `The service failed (${error.status}). Try again.` : error.message;
  }
}

export function ErrorNotice({ error, action }: { error: ApiError; action?: string }) {
  return (
    <div class="notice error" role="alert">
      <p>
        {action ? `${action}: ` : ''}
        {explain(error)} <code class="code">{error.code}</code>
      </p>
    </div>
  );
}

/** A list with its loading, error and empty states. */
export function Loaded<T>({
  resource,
  what,
  empty,
  children,
}: {
  resource: Resource<T>;
  what: string;
  empty?: (data: T) => string | null;
  children: (data: T) => ComponentChildren;
}) {
  if (resource.state === 'loading') return <p class="muted" role="status">Loading {what}…</p>;
  if (resource.state === 'error')
    return (
      <div>
        <ErrorNotice error={resource.error} action={`Could not load ${what}`} />
        <button type="button" onClick={resource.reload}>
          Try again
        </button>
      </div>
    );
  const emptyText = empty?.(resource.data);
  if (emptyText) return <p class="empty">{emptyText}</p>;
  return <>{children(resource.data)}</>;
}

/**
 * The items of a listing and of the pages asked for after it, with the way to ask for the next
 * one; what was added is dropped when the listing itself is loaded again (a refresh, a filter).
 */
export function useMore<T>(listing: Listing<T> | undefined) {
  const [added, setAdded] = useState<{ to: Listing<T>; items: T[]; more: Listing<T>['more'] } | null>(null);
  const action = useAction();
  const current = added && added.to === listing ? added : null;
  const items = listing ? (current ? [...listing.items, ...current.items] : listing.items) : [];
  const more = current ? current.more : (listing?.more ?? null);
  const showMore =
    listing && more
      ? () =>
          void action.run(async () => {
            const page = await more();
            setAdded({ to: listing, items: [...(current?.items ?? []), ...page.items], more: page.more });
          })
      : null;
  return { items, showMore, busy: action.busy, error: action.error };
}

/** "Show more" under a list while the services have more of it, and why it failed if it did. */
export function ShowMore({ what, paging }: { what: string; paging: Pick<ReturnType<typeof useMore>, 'showMore' | 'busy' | 'error'> }) {
  return (
    <>
      {paging.error && <ErrorNotice error={paging.error} action={`Could not load more of ${what}`} />}
      {paging.showMore && (
        <button type="button" class="secondary" disabled={paging.busy} onClick={paging.showMore}>
          Show more of {what}
        </button>
      )}
    </>
  );
}

/** A list (every page asked for so far) with its loading, error and empty states. */
export function LoadedList<T>({
  resource,
  what,
  label,
  emptyText,
  children,
}: {
  resource: Resource<Listing<T>>;
  what: string;
  label: string;
  emptyText: string;
  children: (item: T) => ComponentChildren;
}) {
  const paging = useMore(resource.state === 'ready' ? resource.data : undefined);
  return (
    <Loaded resource={resource} what={what} empty={(page) => (page.items.length === 0 ? emptyText : null)}>
      {() => (
        <>
          <ul class="items" aria-label={label}>
            {paging.items.map(children)}
          </ul>
          <ShowMore what={what} paging={paging} />
        </>
      )}
    </Loaded>
  );
}

/** Runs one action at a time: busy while it runs, its refusal shown beside it. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  /** The action's result wrapped (an empty reply is a success too), or null when it failed. */
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<{ value: T } | null> => {
    setBusy(true);
    setError(null);
    try {
      return { value: await action() };
    } catch (caught) {
      if (mounted.current) setError(asApiError(caught));
      return null;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  return { busy, error, run, clearError: () => setError(null) };
}

export function Section({ title, actions, children, id }: { title: string; actions?: ComponentChildren; children: ComponentChildren; id?: string }) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-heading`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <div class="card-head">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function RefreshButton({ onClick, label }: { onClick: () => void; label: string }) {
  return (
    <button type="button" class="secondary" onClick={onClick} aria-label={`Refresh ${label}`}>
      Refresh
    </button>
  );
}

export function Field({ label, hint, children, id }: { label: string; hint?: string; id: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

/** A filter of plain values; the empty value, shown as `any`, filters nothing. */
export function FilterSelect<T extends string>({
  id,
  label,
  value,
  any,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: T | '';
  any: string;
  options: readonly T[];
  onChange: (value: T | '') => void;
}) {
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value as T | '')}>
        <option value="">{any}</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function Status({ value }: { value: string }) {
  return <span class={`status status-${value}`}>{value}</span>;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span>—</span>;
  return <time dateTime={at}>{dateFormat.format(new Date(at))}</time>;
}

/** Form values by name, so forms keep no state of their own. */
export function formValues(event: TargetedSubmitEvent<HTMLFormElement>): Record<string, string> {
  event.preventDefault();
  const values: Record<string, string> = {};
  new FormData(event.currentTarget).forEach((value, key) => {
    values[key] = String(value);
  });
  return values;
}

export const shortId = (value: string) => (value.length > 13 ? `${value.slice(0, 8)}…` : value);

/** A screen's heading takes the focus when the screen changes, so a screen reader announces it. */
export function Page({ title, path, children }: { title: string; path: string; children: ComponentChildren }) {
  useEffect(() => {
    (document.querySelector('main h1') as HTMLElement | null)?.focus();
    document.title = `${title} · Support Hub`;
  }, [path, title]);
  return (
    <>
      <h1 tabIndex={-1}>{title}</h1>
      {children}
    </>
  );
}

