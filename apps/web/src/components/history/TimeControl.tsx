import { useState } from 'react';

/** `YYYY-MM-DDTHH:mm` in local time, as a datetime-local input takes it. */
function localInputValue(at: number): string {
  const date = new Date(at - new Date(at).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

/** "As of …": opens the map as it was at a chosen moment. */
export function TimeControl({
  at,
  onAt,
}: {
  at: string | undefined;
  onAt: (at: string | undefined) => void;
}) {
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(() => localInputValue(at ? Date.parse(at) : Date.now() - 3_600_000));
  const show = (moment: number) => {
    if (Number.isNaN(moment)) return;
    setOpen(false);
    onAt(new Date(moment).toISOString());
  };
  return (
    <span className="gm-time-control">
      <button
        type="button"
        className={`gm-button${at ? ' is-active' : ''}`}
        aria-expanded={open}
        onClick={() => setOpen((current) => !current)}
        title="Show the map as it was at a moment in the past"
      >
        As of…
      </button>
      {open && (
        <span className="gm-time-control__popover" role="dialog" aria-label="The map as it was">
          <label className="gm-field gm-field--inline">
            <span>As of</span>
            <input type="datetime-local" value={value} onChange={(event) => setValue(event.target.value)} />
          </label>
          <button
            type="button"
            className="gm-button gm-button--small"
            onClick={() => show(Date.parse(value))}
          >
            Show
          </button>
          <button
            type="button"
            className="gm-button gm-button--small"
            onClick={() => show(Date.now() - 3_600_000)}
          >
            1 hour ago
          </button>
          <button
            type="button"
            className="gm-button gm-button--small"
            onClick={() => show(Date.now() - 86_400_000)}
          >
            1 day ago
          </button>
        </span>
      )}
    </span>
  );
}
