import { useEffect, useState } from 'react';

/** Copies text to the clipboard and says so; falls back to selecting text in a prompt-free way. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

export function CopyButton({
  text,
  label = 'Copy',
  title,
  className = '',
}: {
  text: string;
  label?: string;
  title?: string;
  className?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1600);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className={`gm-button gm-button--small nodrag nopan ${className}`}
      title={title ?? 'Copy to the clipboard'}
      onClick={(event) => {
        event.stopPropagation();
        void copyText(text).then((copied) => setState(copied ? 'copied' : 'failed'));
      }}
    >
      <span aria-live="polite">
        {state === 'copied' ? 'Copied ✓' : state === 'failed' ? 'Copy failed' : label}
      </span>
    </button>
  );
}
