package web

import (
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser tests drive Debian's chromium headless through chromedp:
// they start it, sign in, use the views as a person would, check every
// view with axe-core (no serious or critical violation of WCAG 2.1 A and
// AA), and with -screenshots DIR write the main views as PNG files there
// (make web-screenshots writes docs/screenshots/).

var screenshots = flag.String("screenshots", "", "write screenshots of the main views to this directory (docs/screenshots)")

//go:embed testdata/axe.min.js
var axeSource string

// chromiumPath returns the browser to drive: $CAREGAP_CHROMIUM, or
// Debian's /usr/bin/chromium. Without one the test skips, or with
// CI=true fails: CI must run it (make web-deps installs chromium).
func chromiumPath(t *testing.T) string {
	p := os.Getenv("CAREGAP_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := exec.LookPath(p); err != nil {
		msg := "no chromium at " + p + " (make web-deps installs Debian's chromium; CAREGAP_CHROMIUM names another)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

// browser is a headless chromium tab, with the page's console errors
// collected.
type browser struct {
	t    *testing.T
	ctx  context.Context
	mu   sync.Mutex
	errs []string
}

func newBrowser(t *testing.T) *browser {
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("lang", "sv-SE"),
		chromedp.WindowSize(1280, 960),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	b := &browser{t: t, ctx: ctx}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 960)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				b.mu.Lock()
				b.errs = append(b.errs, m.String())
				b.mu.Unlock()
			}
		}
	}()
	return b
}

// do runs actions and fails the test at the first error.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v (page %s)", what, err, b.location())
	}
}

func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	l, _ := chromedp.Run(ctx, chromedp.Location())
	return l
}

// text returns the text of the element sel.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v (page %s)", sel, err, b.location())
	}
	return s
}

// eval evaluates a JavaScript expression (promises awaited) into T.
func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %.80s: %v", expr, err)
	}
	return v
}

// consoleErrors fails the test on errors the page wrote to the console
// (a script error, a resource the Content-Security-Policy refused).
func (b *browser) consoleErrors(where string) {
	b.t.Helper()
	time.Sleep(100 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errs {
		b.t.Errorf("%s: console: %s", where, e)
	}
	b.errs = nil
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axe runs axe-core on the page for WCAG 2.1 A and AA and fails the test
// on a serious or critical violation; lesser ones are logged.
func (b *browser) axe(view string) {
	b.t.Helper()
	if !eval[bool](b, `typeof window.axe !== 'undefined'`) {
		eval[chromedp.Void](b, axeSource)
	}
	raw := eval[string](b, `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
		.then(r => JSON.stringify({passes: r.passes.length, violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}))}))`)
	var res struct {
		Passes     int            `json:"passes"`
		Violations []axeViolation `json:"violations"`
	}
	if err := json.Unmarshal([]byte(raw), &res); err != nil {
		b.t.Fatal(err)
	}
	if res.Passes < 10 {
		b.t.Errorf("%s: axe passed only %d rules: did it run?", view, res.Passes)
	}
	b.t.Logf("%s: axe: %d rules passed, %d violated", view, res.Passes, len(res.Violations))
	vs := res.Violations
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Errorf("%s: axe %s (%s): %s at %v", view, v.ID, v.Impact, v.Help, v.Nodes)
		} else {
			b.t.Logf("%s: axe %s (%s): %s at %v", view, v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
}

// shot writes the viewport as docs/screenshots/name.png when
// -screenshots is given, scrolled to the element at (none: the top).
func (b *browser) shot(name string, at ...string) {
	b.t.Helper()
	if *screenshots == "" {
		return
	}
	for _, sel := range at {
		eval[chromedp.Void](b, `document.querySelector(`+jsString(sel)+`).scrollIntoView({block: 'start'})`)
		time.Sleep(200 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(*screenshots, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*screenshots, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// fetch GETs path with the browser's session and returns the body.
func (b *browser) fetch(path string) ([]byte, int) {
	b.t.Helper()
	raw := eval[string](b, `fetch(`+jsString(path)+`).then(async r => {
		const u = new Uint8Array(await r.arrayBuffer());
		let s = '';
		for (let i = 0; i < u.length; i += 8192) { s += String.fromCharCode.apply(null, u.subarray(i, i + 8192)); }
		return JSON.stringify({status: r.status, body: btoa(s)});
	})`)
	var out struct {
		Status int    `json:"status"`
		Body   string `json:"body"`
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		b.t.Fatal(err)
	}
	body, err := base64.StdEncoding.DecodeString(out.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return body, out.Status
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// change sets the value of a form control and tells the page, as a
// person's input does.
func (b *browser) change(sel, value string) {
	b.t.Helper()
	eval[chromedp.Void](b, `(() => { const e = document.querySelector(`+jsString(sel)+`);
		if (e.type === 'checkbox' || e.type === 'radio') { e.checked = `+jsString(value)+` !== ''; } else { e.value = `+jsString(value)+`; }
		e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); })()`)
}

// waitText waits until the element sel holds text.
func (b *browser) waitText(sel, text string) {
	b.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		got := eval[string](b, `(document.querySelector(`+jsString(sel)+`) || {}).textContent || ''`)
		if strings.Contains(got, text) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	got := eval[string](b, `(document.querySelector(`+jsString(sel)+`) || {}).textContent || ''`)
	checks := eval[string](b, `(document.querySelector('#checks, .alert') || {}).textContent || ''`)
	b.t.Fatalf("%s never held %q but %q; #checks or alert: %q (page %s)", sel, text, got, checks, b.location())
}
