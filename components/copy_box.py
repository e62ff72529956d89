"""A line of text in a box with a one-click copy button, for the link every page shows. A long link
wraps inside its box on a phone, whole, as st.code wrapped it.

st.code gives the same, but loads a 1.5 MB code highlighter with it: on every page, for one line of
plain text, that cost 0.25-0.38 s of each first load (docs/benchmarks.md). The text is set as the
field's value, never parsed as HTML.
"""

from __future__ import annotations

import streamlit as st

_HTML = """<div class="copy-box">
<textarea readonly rows="1" spellcheck="false"></textarea>
<button type="button">Copy link</button>
<span class="said" role="status" aria-live="polite"></span>
</div>"""

_CSS = """
.copy-box { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; font-family: inherit; }
.copy-box textarea {
  flex: 1 1 16rem; min-width: 0; font: 0.875rem/1.4 "Source Code Pro", monospace; color: #31333F;
  background: #F0F2F6; border: 1px solid #D5D8DE; border-radius: 0.5rem; padding: 0.5rem 0.75rem;
  resize: none; overflow: hidden; word-break: break-all; field-sizing: content;
}
.copy-box button {
  font: inherit; font-size: 0.875rem; color: #31333F; background: #FFFFFF; cursor: pointer;
  border: 1px solid #BDC1C9; border-radius: 0.5rem; padding: 0.45rem 0.9rem; min-height: 2.5rem;
}
.copy-box button:hover, .copy-box button:focus-visible { border-color: #1F6FEB; color: #1F6FEB; }
.copy-box .said { font-size: 0.8rem; color: #2E5E2E; }
"""

_JS = """
export default function (component) {
  const { parentElement, data } = component;
  const field = parentElement.querySelector("textarea");
  const button = parentElement.querySelector("button");
  const said = parentElement.querySelector(".said");
  field.value = data.text;
  field.setAttribute("aria-label", data.label);
  button.setAttribute("aria-label", data.button);
  field.onfocus = () => field.select();
  // The whole link in view on a narrow screen: the field grows to its lines (where the browser
  // cannot size a field to its content by itself).
  const fit = () => { field.style.height = "auto"; field.style.height = field.scrollHeight + 2 + "px"; };
  if (!CSS.supports("field-sizing", "content")) { fit(); new ResizeObserver(fit).observe(field); }
  button.onclick = async () => {
    try {
      await navigator.clipboard.writeText(field.value);
      said.textContent = "Copied";
    } catch (error) {
      field.focus();
      field.select();
      said.textContent = "Press Ctrl+C (or ⌘C) to copy";
    }
  };
}
"""

# In the page, not a shadow root: its class names are its own, and tests and tools find it as they find the rest.
_copy_box = st.components.v2.component("sistercities.copy_box", html=_HTML, css=_CSS, js=_JS, isolate_styles=False)


def copy_box(text: str, label: str, key: str) -> None:
    """`text` in a read-only field and a 'Copy link' button beside it; `label` names the field
    for screen readers. Plain text only: it is the field's value, not markup."""
    _copy_box(data={"text": text, "label": label, "button": f"Copy link: {label}"}, key=key)
