"""HTML_CodeSniffer (npm @pa11y/html_codesniffer), run inside a page Chromium
has open, as pa11y runs it: the same script, the same standard and the same
message types. pa11y itself would bring Puppeteer and a browser download of
its own; the checker it drives is all the tests need."""

from __future__ import annotations

from newsarchive.devtools.system_tools import ROOT, require_npm_tool

HTMLCS = ROOT / "node_modules" / "@pa11y" / "html_codesniffer" / "build" / "HTMLCS.js"
# pa11y's names for HTML_CodeSniffer's message types.
RUN = """standard => new Promise((resolve, reject) => {
  const types = {1: 'error', 2: 'warning', 3: 'notice'};
  window.HTMLCS.process(standard, window.document, error => {
    if (error) { reject(error); return; }
    resolve(window.HTMLCS.getMessages().map(message => ({
      type: types[message.type] || 'unknown',
      code: message.code,
      message: message.msg,
      element: message.element && message.element.outerHTML
        ? message.element.outerHTML.slice(0, 160) : String(message.element),
    })));
  });
})"""


def htmlcs_messages(page, standard: str = "WCAG2AA") -> list[dict]:
    """Every message HTML_CodeSniffer has for the page: its type (error,
    warning or notice, as pa11y reports them), code, text and element. The
    page's CSP must be bypassed (browser.new_context(bypass_csp=True)): the
    checker is the test's script, not the page's."""
    page.add_script_tag(path=str(require_npm_tool(HTMLCS, "@pa11y/html_codesniffer")))
    return page.evaluate(RUN, standard)


def problems(messages: list[dict]) -> list[dict]:
    """What pa11y reports with warnings on: errors and warnings, not notices."""
    return [message for message in messages if message["type"] in ("error", "warning")]
