import Foundation
import XCTest

/// The course features in a real browser from `file://`: math drawn by KaTeX, dark mode, search,
/// series links, collapsed solutions, copy buttons and the interactive plots (pointer, legend,
/// raw-loss switch, keyboard), plus screenshots kept for a person to look at.
final class CourseBrowserTests: XCTestCase {
    static let screenshots = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-browser-screenshots")
    let run = "runs/lrfind-cnn-bs64-s0-3fa2c1.html"
    let group = "groups/sweep-cnn-2bs-81ac0e.html"
    let jekyll = "posts/neural-nets-basics.html"

    private func built() throws -> (SiteFixture, BrowserProbe) {
        let chromium = try HeadlessChromium.find()
        let fixture = try SiteFixture.course()
        try fixture.build()
        return (fixture, BrowserProbe(chromium: chromium, fixture: fixture))
    }

    /// Pointer events at the plot column of recorded point `k` (of `data.points` or, for a sweep,
    /// of the given learning rate), dispatched from the page's own window.
    static let hoverHelpers = """
    const figure = doc.querySelector('figure.plot-interactive');
    const svg = figure.querySelector('svg');
    const data = JSON.parse(figure.querySelector('script.plot-data').textContent);
    const tip = () => figure.querySelector('.plot-tooltip');
    const rows = () => [...tip().children].map((row) => row.textContent).join(' | ');
    const columnOf = (lr) => data.frame[0] + (Math.log10(lr) - data.x.domain[0]) /
      (data.x.domain[1] - data.x.domain[0]) * (data.frame[2] - data.frame[0]);
    const hover = (lr, offset = 0) => {
      const point = svg.createSVGPoint();
      point.x = columnOf(lr) + offset;
      point.y = (data.frame[1] + data.frame[3]) / 2;
      const client = point.matrixTransform(svg.getScreenCTM());
      svg.dispatchEvent(new win.PointerEvent('pointermove', { clientX: client.x, clientY: client.y, bubbles: true, pointerType: 'mouse' }));
    };
    const key = (name) => figure.querySelector('.plot-area').dispatchEvent(new win.KeyboardEvent('keydown', { key: name, bubbles: true }));
    const shown = (element) => win.getComputedStyle(element).display !== 'none';
    """

    func testRunPlotShowsValuesOnHoverTogglesSeriesAndReadsByKeyboard() throws {
        let (_, probe) = try built()
        // Point 10 of the fixture's run: lr 1e-7·10^4 = 1e-3, smoothed loss 2.3 − 1.5·10/15 = 1.3,
        // raw loss 1.3 + 0.12·sin(70).
        let raw = String(format: "%.3g", 1.3 + 0.12 * sin(70.0))
        let facts = try probe.run(run, check: Self.hoverHelpers + """
            const rawSeries = svg.querySelector('g.lrc-series[data-name="loss"]');
            const smooth = svg.querySelector('g.lrc-series[data-name="smoothed loss"]');
            const toggle = figure.querySelector('input[role=switch]');
            out.push('BEFORE ' + tip().hidden);
            out.push('RAW_SHOWN_AT_START ' + shown(rawSeries) + ' ' + toggle.checked);
            hover(data.points.lr[10]);
            out.push('TIP ' + rows());
            out.push('TIP_VISIBLE ' + (!tip().hidden && shown(tip()) && tip().getBoundingClientRect().width > 20));
            out.push('DOTS ' + svg.querySelectorAll('.lrc-cursor-dot').length);
            const spacing = columnOf(data.points.lr[11]) - columnOf(data.points.lr[10]);
            hover(data.points.lr[10], 0.4 * spacing);
            out.push('NEAR_RIGHT ' + rows());
            hover(data.points.lr[10], -0.4 * spacing);
            out.push('NEAR_LEFT ' + rows());
            toggle.click();
            out.push('RAW_SHOWN_AFTER_SWITCH ' + shown(rawSeries));
            hover(data.points.lr[10]);
            out.push('TIP_WITH_RAW ' + rows());
            figure.querySelector('.plot-area').focus();
            key('Home');
            out.push('KEY_HOME ' + rows());
            key('ArrowRight');
            out.push('KEY_RIGHT ' + rows());
            key('Escape');
            out.push('KEY_ESCAPE ' + tip().hidden);
            const legend = [...svg.querySelectorAll('.lrc-legend-entry')].find((entry) => entry.textContent.trim() === 'smoothed loss');
            legend.dispatchEvent(new win.MouseEvent('click', { bubbles: true }));
            const box = [...figure.querySelectorAll('.plot-controls input')].find((input) => input.parentNode.textContent.includes('smoothed'));
            out.push('LEGEND_HIDES ' + shown(smooth) + ' ' + box.checked + ' ' + legend.getAttribute('aria-pressed'));
            box.click();
            out.push('CHECKBOX_SHOWS ' + shown(smooth));
            out.push('FOCUSABLE ' + figure.querySelector('.plot-area').tabIndex + ' ' + (figure.querySelector('.plot-area').getAttribute('aria-label') || '').includes('arrow keys'));
            """)
        XCTAssertEqual(facts.value("BEFORE"), "true", "the tooltip starts hidden")
        XCTAssertEqual(facts.value("RAW_SHOWN_AT_START"), "false false", "raw loss starts off; the switch shows it")
        XCTAssertEqual(facts.value("TIP"), "learning rate: 1e-3 | iteration: 10 | smoothed loss: 1.3")
        XCTAssertEqual(facts.value("TIP_VISIBLE"), "true")
        XCTAssertEqual(facts.value("DOTS"), "1")
        XCTAssertEqual(facts.value("NEAR_RIGHT"), facts.value("TIP"), "a little right of a point still reads that point")
        XCTAssertEqual(facts.value("NEAR_LEFT"), facts.value("TIP"))
        XCTAssertEqual(facts.value("RAW_SHOWN_AFTER_SWITCH"), "true")
        XCTAssertEqual(facts.value("TIP_WITH_RAW"), "learning rate: 1e-3 | iteration: 10 | loss: \(raw) | smoothed loss: 1.3")
        XCTAssertEqual(facts.value("KEY_HOME"), "learning rate: 1e-7 | iteration: 0 | loss: \(String(format: "%.3g", 2.3 + 0.12 * sin(0.0))) | smoothed loss: 2.3")
        XCTAssertTrue(facts.value("KEY_RIGHT")?.hasPrefix("learning rate: 2.5e-7 | iteration: 1 |") == true, facts.value("KEY_RIGHT") ?? "")
        XCTAssertEqual(facts.value("KEY_ESCAPE"), "true")
        XCTAssertEqual(facts.value("LEGEND_HIDES"), "false false false", "clicking the legend hides the series and unticks its box")
        XCTAssertEqual(facts.value("CHECKBOX_SHOWS"), "true")
        XCTAssertEqual(facts.value("FOCUSABLE"), "0 true")
    }

    func testSweepOverlayHoverListsEveryBatchSizeAndLegendHidesCurveWithItsBand() throws {
        let (_, probe) = try built()
        let facts = try probe.run(group, check: Self.hoverHelpers + """
            hover(1e-3);
            out.push('TIP ' + rows());
            const entry = [...svg.querySelectorAll('.lrc-legend-entry')].find((e) => e.textContent.trim() === 'bs 32');
            entry.dispatchEvent(new win.MouseEvent('click', { bubbles: true }));
            const series = svg.querySelector('g.lrc-series[data-name="bs 32"]');
            const band = svg.querySelector('.lrc-band.' + [...series.classList].find((c) => /^lrc-c\\d$/.test(c)));
            out.push('HIDDEN ' + shown(series) + ' ' + shown(band));
            hover(1e-3);
            out.push('TIP_AFTER ' + rows());
            out.push('CHARTS ' + doc.querySelectorAll('figure.plot-interactive').length);
            """)
        // The overlay's curves at the 11th ladder step: 2.3 − 1.4·10/14 and 2.3 − 1.4·10/15.
        XCTAssertEqual(facts.value("TIP"), "learning rate: 1e-3 | bs 64: 1.3 | bs 32: 1.37")
        XCTAssertEqual(facts.value("HIDDEN"), "false false")
        XCTAssertEqual(facts.value("TIP_AFTER"), "learning rate: 1e-3 | bs 64: 1.3")
        XCTAssertEqual(facts.value("CHARTS"), "1", "the overlay is interactive; the stand-in scaling chart stays an image")
    }

    func testPagesReadWithoutScripts() throws {
        let (_, probe) = try built()
        let facts = try probe.run(run, pageScripts: false, check: """
            const svg = doc.querySelector('figure.plot-interactive svg.lrc-chart');
            out.push('SVG ' + (svg ? Math.round(svg.getBoundingClientRect().width) : 0));
            out.push('CURVES ' + svg.querySelectorAll('g.lrc-series path').length + ' ' +
              [...svg.querySelectorAll('g.lrc-series')].map((g) => win.getComputedStyle(g).display).join(','));
            out.push('TITLE ' + svg.querySelector('title').textContent);
            out.push('SCRIPTED ' + doc.querySelectorAll('.plot-controls, .plot-tooltip, .lrc-cursor').length);
            """)
        XCTAssertGreaterThan(Int(facts.value("SVG") ?? "") ?? 0, 500, "the inline plot is laid out at full width")
        XCTAssertEqual(facts.value("CURVES"), "2 inline,inline", "both curves show, raw loss included")
        XCTAssertEqual(facts.value("TITLE"), "LR range test: cnn, batch size 64")
        XCTAssertEqual(facts.value("SCRIPTED"), "0", "no controls or tooltip without scripts")
        let post = try probe.run(jekyll, pageScripts: false, check: """
            out.push('KATEX ' + doc.querySelectorAll('.katex').length);
            out.push('SOURCE ' + doc.querySelector('.math').textContent);
            out.push('COPY ' + doc.querySelectorAll('.copy-code').length);
            out.push('SOLUTION ' + doc.querySelector('details.solution').open);
            """)
        XCTAssertEqual(post.value("KATEX"), "0")
        XCTAssertEqual(post.value("SOURCE"), "\\eta \\nabla L(w)", "the TeX source shows instead")
        XCTAssertEqual(post.value("COPY"), "0", "no copy buttons without scripts")
        XCTAssertEqual(post.value("SOLUTION"), "false", "solutions collapse without scripts too")
    }

    func testMathIsRenderedByKaTeXFromFileURLs() throws {
        let (fixture, probe) = try built()
        let facts = try probe.run(jekyll, check: """
            await doc.fonts.ready;
            out.push('MATH ' + doc.querySelectorAll('.math').length);
            out.push('RENDERED ' + doc.querySelectorAll('.math > .katex, .math > .katex-display').length);
            out.push('DISPLAY ' + doc.querySelectorAll('div.math-display .katex-display').length);
            out.push('FONTS ' + [...doc.fonts].filter((f) => f.family.startsWith('KaTeX') && f.status === 'loaded').length);
            const paragraph = [...doc.querySelectorAll('.notes p')].find((p) => p.textContent.includes('GPU'));
            out.push('PRICES ' + paragraph.textContent.replace(/\\s+/g, ' ').trim());
            out.push('CODE ' + [...doc.querySelectorAll('code')].some((c) => c.textContent === 'code with $x$ inside'));
            const eta = doc.querySelector('.math .katex-mathml annotation');
            out.push('TEX ' + (eta ? eta.textContent : 'none'));
            """)
        XCTAssertEqual(facts.value("MATH"), "5")
        XCTAssertEqual(facts.value("RENDERED"), "5", "every formula became KaTeX markup")
        XCTAssertEqual(facts.value("DISPLAY"), "1")
        XCTAssertGreaterThan(Int(facts.value("FONTS") ?? "") ?? 0, 0, "KaTeX's fonts load from file://")
        XCTAssertTrue(facts.value("PRICES")?.hasSuffix("A GPU costs $5 or $10 an hour, and $ stays a dollar.") == true,
                      facts.value("PRICES") ?? "")
        XCTAssertEqual(facts.value("CODE"), "true", "dollars in code stay")
        XCTAssertEqual(facts.value("TEX"), "\\eta \\nabla L(w)")
        // A page without math loads no script at all.
        let wrapUp = try fixture.page("posts/wrap-up.html")
        XCTAssertFalse(wrapUp.contains("<script"), "a post without math or code loads no script")
    }

    func testDarkModeFollowsTheSystemSettingPlotsAndCodeIncluded() throws {
        let (_, probe) = try built()
        let check = """
            const style = (element, property) => win.getComputedStyle(element)[property];
            out.push('DARK ' + win.matchMedia('(prefers-color-scheme: dark)').matches);
            out.push('BODY ' + style(doc.body, 'backgroundColor') + ' / ' + style(doc.body, 'color'));
            const svg = doc.querySelector('svg.lrc-chart');
            if (svg) {
              out.push('PLOT_BG ' + style(svg.querySelector('.lrc-bg'), 'fill'));
              out.push('PLOT_TEXT ' + style(svg, 'color'));
              out.push('SMOOTHED ' + style(svg.querySelector('g.lrc-series[data-name="smoothed loss"]'), 'color'));
            }
            const keyword = doc.querySelector('.tok-kw');
            if (keyword) out.push('KEYWORD ' + style(keyword, 'color'));
            """
        let light = try probe.run(run, check: check)
        let dark = try probe.run(run, flags: ["--force-dark-mode"], check: check)
        XCTAssertEqual(light.value("DARK"), "false")
        XCTAssertEqual(dark.value("DARK"), "true")
        XCTAssertEqual(light.value("BODY"), "rgb(255, 255, 255) / rgb(29, 33, 37)")
        XCTAssertEqual(dark.value("BODY"), "rgb(21, 24, 28) / rgb(227, 230, 234)")
        XCTAssertEqual(light.value("PLOT_BG"), "rgb(255, 255, 255)")
        XCTAssertEqual(dark.value("PLOT_BG"), "rgb(22, 24, 29)", "the inline plot's background follows dark mode")
        XCTAssertEqual(light.value("PLOT_TEXT"), "rgb(34, 34, 34)")
        XCTAssertEqual(dark.value("PLOT_TEXT"), "rgb(226, 226, 226)")
        XCTAssertEqual(light.value("SMOOTHED"), "rgb(213, 94, 0)", "Charts' light palette entry 1")
        XCTAssertEqual(dark.value("SMOOTHED"), "rgb(240, 122, 58)", "Charts' dark palette entry 1")
        let lightPost = try probe.run(jekyll, check: check)
        let darkPost = try probe.run(jekyll, flags: ["--force-dark-mode"], check: check)
        XCTAssertEqual(lightPost.value("KEYWORD"), "rgb(138, 31, 142)")
        XCTAssertEqual(darkPost.value("KEYWORD"), "rgb(227, 155, 240)")
    }

    func testSearchFindsPostsByTitleTagAndText() throws {
        let (_, probe) = try built()
        let facts = try probe.run("search.html?q=ladder", check: """
            const titles = () => [...doc.querySelectorAll('#search-results li h2 a')].map((a) => a.textContent).join(' | ');
            const input = doc.getElementById('search-input');
            out.push('FORM ' + !doc.getElementById('search-form').hidden + ' ' + input.value);
            out.push('LADDER ' + titles());
            out.push('LINK ' + doc.querySelector('#search-results a').href);
            const type = (text) => { input.value = text; input.dispatchEvent(new win.Event('input', { bubbles: true })); };
            type('fastpages');
            out.push('TAG ' + titles());
            type('Valley SAFE');
            out.push('TEXT ' + titles());
            type('gradient descent');
            out.push('WORDS ' + titles());
            type('zzzzqq');
            out.push('NONE ' + titles() + '|' + doc.getElementById('search-status').textContent);
            """)
        XCTAssertEqual(facts.value("FORM"), "true ladder", "the query comes from the address")
        XCTAssertEqual(facts.value("LADDER"), "Part two: the ladder")
        XCTAssertTrue(facts.value("LINK")?.hasSuffix("/site/posts/the-ladder.html") == true, facts.value("LINK") ?? "")
        XCTAssertEqual(facts.value("TAG"), "Neural nets: the basics")
        XCTAssertEqual(facts.value("TEXT"), "First sweep", "words of the text, any case")
        XCTAssertEqual(facts.value("WORDS"), "Neural nets: the basics")
        XCTAssertEqual(facts.value("NONE"), "|0 posts found.")
    }

    func testSeriesLinksExercisesAndCopyButtons() throws {
        let (fixture, probe) = try built()
        let facts = try probe.run(jekyll, check: """
            const nav = doc.querySelector('.series-nav');
            out.push('SERIES ' + nav.querySelector('p').textContent.trim());
            out.push('PREV ' + (doc.querySelector('a[rel=prev]') ? 'yes' : 'none'));
            out.push('NEXT ' + doc.querySelector('a[rel=next]').href);
            const details = doc.querySelector('.exercise details.solution');
            const answer = details.querySelector('p');
            out.push('SOLUTION ' + details.open + ' ' + answer.checkVisibility() + ' ' + details.querySelector('summary').checkVisibility());
            details.querySelector('summary').click();
            out.push('OPENED ' + details.open + ' ' + answer.checkVisibility());
            out.push('EXERCISE ' + doc.querySelector('.exercise .exercise-title').textContent);
            const buttons = doc.querySelectorAll('.code-block .copy-code');
            out.push('BUTTONS ' + buttons.length + ' of ' + doc.querySelectorAll('.notes pre').length);
            buttons[0].click();
            await sleep(100);
            const selected = String(win.getSelection());
            out.push('COPY ' + (buttons[0].textContent === 'Copied' || selected.includes('export SEED=42')));
            out.push('HIGHLIGHTED ' + doc.querySelectorAll('pre.code .tok-kw').length);
            """)
        XCTAssertEqual(facts.value("SERIES"), "Learning rates from scratch: part 1 of 3")
        XCTAssertEqual(facts.value("PREV"), "none")
        XCTAssertTrue(facts.value("NEXT")?.hasSuffix("/site/posts/the-ladder.html") == true, facts.value("NEXT") ?? "")
        XCTAssertEqual(facts.value("SOLUTION"), "false false true", "the solution starts collapsed, its summary shows")
        XCTAssertEqual(facts.value("OPENED"), "true true")
        XCTAssertEqual(facts.value("EXERCISE"), "Exercise 1: Find the valley")
        XCTAssertEqual(facts.value("BUTTONS"), "4 of 4")
        XCTAssertEqual(facts.value("COPY"), "true", "the button copies (or selects) the code")
        XCTAssertGreaterThan(Int(facts.value("HIGHLIGHTED") ?? "") ?? 0, 3)
        let middle = try probe.run("posts/the-ladder.html", check: """
            out.push('PREV ' + doc.querySelector('a[rel=prev]').href);
            out.push('NEXT ' + doc.querySelector('a[rel=next]').href);
            out.push('INDEX ' + doc.querySelector('.series-nav p a').href);
            """)
        XCTAssertTrue(middle.value("PREV")?.hasSuffix("/posts/neural-nets-basics.html") == true)
        XCTAssertTrue(middle.value("NEXT")?.hasSuffix("/posts/wrap-up.html") == true)
        XCTAssertTrue(middle.value("INDEX")?.hasSuffix("/series/learning-rates-from-scratch.html") == true)
        XCTAssertTrue(fixture.exists("series/learning-rates-from-scratch.html"))
    }

    /// Light and dark screenshots of a course post, a run page with its tooltip open and a sweep,
    /// written to the temporary folder for a person to look at.
    func testScreenshotsForAPersonToLookAt() throws {
        let (_, probe) = try built()
        let folder = Self.screenshots
        var shots: [URL] = []
        for (name, flags) in [("light", [String]()), ("dark", ["--force-dark-mode"])] {
            shots.append(try probe.screenshot(jekyll, to: folder.appendingPathComponent("post-\(name).png"), flags: flags, height: 2600))
            shots.append(try probe.screenshotAfter(run, check: Self.hoverHelpers + """
                figure.querySelector('input[role=switch]').click();
                hover(data.points.lr[10]);
                """, to: folder.appendingPathComponent("run-hover-\(name).png"), flags: flags))
            shots.append(try probe.screenshot(group, to: folder.appendingPathComponent("sweep-\(name).png"), flags: flags))
            shots.append(try probe.screenshot("search.html?q=valley", to: folder.appendingPathComponent("search-\(name).png"),
                                              flags: flags, height: 700))
        }
        for shot in shots {
            let size = (try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
            XCTAssertGreaterThan(size, 10_000, "\(shot.path) is (nearly) empty")
        }
        print("Screenshots in \(folder.path)")
    }
}
