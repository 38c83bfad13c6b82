import { useSignal } from '@preact/signals';

/** Text to copy, shown in full (and selectable) so it also works where the clipboard is off. */
export function CopyBlock({ label, text }: { label: string; text: string }) {
  const copied = useSignal(false);
  return (
    <div class="copy-block">
      {/* A region that scrolls must take the focus, or a keyboard cannot scroll it. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: see above */}
      <pre tabIndex={0}>
        <code>{text}</code>
      </pre>
      <button
        type="button"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => {
              copied.value = true;
              setTimeout(() => {
                copied.value = false;
              }, 1500);
            },
            () => {},
          );
        }}
      >
        {copied.value ? 'Copied' : `Copy ${label}`}
      </button>
    </div>
  );
}
