#!/usr/bin/env python3
"""Screenshots of site pages in headless Chromium, light and dark, to look at.

usage: site-screenshots.py OUT_DIR ROOT PAGE... [--full] [--axe-dark] [--base-path=/digest/]

For each page (a path relative to ROOT, the site's folder, with an optional ?query) and each size (1280x900 and
390x844) and colour scheme (light, dark: prefers-color-scheme emulated), writes
OUT_DIR/<page>-<size>[-dark].png. With --full, also the whole page's height
in slices of two screens
(OUT_DIR/<page>-<size>[-dark]-fullN.png, at most four). It also reports, per shot, elements wider than the
viewport (horizontal overflow), which a phone shows as a sideways scroll.
A PAGE that starts with `http:` is a path on a static host this script runs on 127.0.0.1
(`http:/digest/no/such/page.html`): ROOT served under --base-path, and ROOT/404.html with
status 404 for what is missing, as GitHub Pages or Netlify do — to see the 404 page where a
reader meets it, at any depth.
With --axe-dark, it also runs axe-core on each page with the dark colour scheme (the shared
axe_check.py sees the light one), so dark-mode contrast is checked too.
Runs with the virtualenv of ../shared/tools (selenium, Debian's chromium and chromedriver).
"""
import base64
import functools
import http.server
import importlib.util
import io
import os
import pathlib
import sys
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

SIZES = [(1280, 900), (390, 844)]
SCHEMES = ["light", "dark"]

# Elements whose right edge passes the viewport (ignoring those inside a scrolling box).
OVERFLOW_JS = """
const w = document.documentElement.clientWidth, out = [];
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.right <= w + 1) continue;
  let p = e.parentElement, scrolled = false;
  while (p) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolled = true; break; } p = p.parentElement; }
  if (!scrolled && getComputedStyle(e).position !== 'absolute') out.push(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '') + ' right=' + Math.round(r.right));
}
return [document.documentElement.scrollWidth, w, out.slice(0, 5)];
"""


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """ROOT under `base_path`; ROOT/404.html (status 404) for anything missing."""
    base_path = "/"

    def send_head(self):
        if not self.path.startswith(self.base_path):
            return self.not_found()
        self.path = "/" + self.path[len(self.base_path):]
        if not os.path.exists(self.translate_path(self.path)):
            return self.not_found()
        return super().send_head()

    def not_found(self):
        page = pathlib.Path(self.directory, "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        return io.BytesIO(page)

    def log_message(self, *args):
        pass


def serve(root: pathlib.Path, base_path: str) -> str:
    handler = functools.partial(type("Host", (StaticHost,), {"base_path": base_path}), directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def axe_script() -> str:
    """axe.min.js as ../shared/tools/html/axe_check.py finds it."""
    if os.environ.get("AXE_JS"):
        return pathlib.Path(os.environ["AXE_JS"]).read_text()
    for module, relative in (("axe_selenium_python", "node_modules/axe-core/axe.min.js"), ("axe_core_python", "axe.min.js")):
        spec = importlib.util.find_spec(module)
        if spec and (pathlib.Path(spec.origin).parent / relative).exists():
            return (pathlib.Path(spec.origin).parent / relative).read_text()
    sys.exit("no axe.min.js found: pip install axe-selenium-python (or axe-core-python) or set AXE_JS")


def main() -> int:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    full = "--full" in sys.argv
    axe = axe_script() if "--axe-dark" in sys.argv else None
    base_path = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--base-path=")), "/")
    if len(args) < 3:
        print(__doc__)
        return 2
    out, root, pages = pathlib.Path(args[0]), pathlib.Path(args[1]).resolve(), args[2:]
    out.mkdir(parents=True, exist_ok=True)
    host = serve(root, base_path) if any(p.startswith("http:") for p in pages) else None
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        opts.add_argument(a)
    drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    problems = 0
    try:
        for width, height in SIZES:
            drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
            for scheme in SCHEMES:
                drv.execute_cdp_cmd("Emulation.setEmulatedMedia", {
                    "features": [{"name": "prefers-color-scheme", "value": scheme}]})
                for page in pages:
                    path, _, query = page.partition("?")
                    if path.startswith("http:"):
                        path = path.removeprefix("http:")
                        drv.get(host + path + ("?" + query if query else ""))
                        path = "host" + path
                    else:
                        drv.get((root / path).as_uri() + ("?" + query if query else ""))
                    name = path.strip("/").replace("/", "_").removesuffix(".html") + ("-query" if query else "") + f"-{width}x{height}"
                    if scheme == "dark":
                        name += "-dark"
                    shot = drv.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
                    (out / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
                    if full:
                        metrics = drv.execute_cdp_cmd("Page.getLayoutMetrics", {})
                        size = metrics.get("cssContentSize") or metrics["contentSize"]
                        # In slices of two screens, at most four: easier to look at than one strip.
                        slice_height = 2 * height
                        for n, top in enumerate(range(0, int(size["height"]), slice_height)[:4]):
                            shot = drv.execute_cdp_cmd("Page.captureScreenshot", {
                                "format": "png", "captureBeyondViewport": True,
                                "clip": {"x": 0, "y": top, "width": width,
                                         "height": min(slice_height, size["height"] - top), "scale": 1}})
                            (out / f"{name}-full{n + 1}.png").write_bytes(base64.b64decode(shot["data"]))
                    if axe and scheme == "dark" and width == SIZES[0][0]:
                        drv.execute_script(axe)
                        result = drv.execute_async_script(
                            "const cb=arguments[arguments.length-1]; axe.run(document,{resultTypes:['violations']})"
                            ".then(r=>cb(r)).catch(e=>cb({error:String(e)}))")
                        violations = result.get("violations", [])
                        print(f"{page} (dark): axe {result.get('testEngine', {}).get('version')} violations={len(violations)}")
                        for v in violations:
                            print(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} node(s))")
                        problems += len(violations)
                    scroll_width, client_width, wide = drv.execute_script(OVERFLOW_JS)
                    if scroll_width > client_width or wide:
                        problems += 1
                        print(f"{name}: wider than the viewport ({scroll_width} > {client_width}): {', '.join(wide)}")
    finally:
        drv.quit()
    print(f"{len(pages) * len(SIZES) * len(SCHEMES)} screenshots in {out}; {problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
