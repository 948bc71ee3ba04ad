import Foundation
import XCTest

/// Runs a check script against a page of a built site in headless Chromium and returns what it
/// reported, one fact a line.
///
/// A probe page frames the site page (same `file://` origin, so the check can read and drive its
/// DOM); once the page has loaded, `check` runs as the body of an async function with `doc`
/// (the page's document), `win` (its window), `out` (an array of lines to report) and
/// `sleep(ms)`. Chromium runs with a virtual time budget, so timers and font loads finish.
struct BrowserProbe {
    let chromium: HeadlessChromium
    let fixture: SiteFixture

    static let template = """
    <!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="out">pending</pre>
    <iframe id="page" src="SITE_PAGE" width="1100" height="3000"SANDBOX></iframe>
    <script>
    const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    document.getElementById('page').addEventListener('load', async () => {
      const out = [];
      const frame = document.getElementById('page');
      const doc = frame.contentDocument, win = frame.contentWindow;
      try {
        await (async function (doc, win, out, sleep) {
    CHECK
        })(doc, win, out, sleep);
      } catch (error) { out.push('ERROR ' + error); }
      document.getElementById('out').textContent = out.join('\\n');
    });
    </script></body></html>
    """

    /// The lines `check` pushed for `page` (a path in the site, optionally with `?query`);
    /// `flags` go to Chromium (`--force-dark-mode`). With `pageScripts` false the page's own
    /// scripts do not run (a sandboxed frame), as in a browser with JavaScript off. A failed
    /// resource load fails the test.
    func run(_ page: String, flags: [String] = [], pageScripts: Bool = true, check: String,
             file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let name = "probe-\(UUID().uuidString).html"
        let probe = fixture.root.appendingPathComponent(name)
        let html = Self.template.replacingOccurrences(of: "SITE_PAGE", with: "site/" + page)
            .replacingOccurrences(of: "SANDBOX", with: pageScripts ? "" : " sandbox=\"allow-same-origin\"")
            .replacingOccurrences(of: "CHECK", with: check)
        try Data(html.utf8).write(to: probe)
        let result = try chromium.run(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=8000"] + flags
                                      + ["--dump-dom", probe.absoluteString])
        for logLine in result.stderr.split(separator: "\n")
        where logLine.contains("Failed to load resource") || logLine.contains("ERR_FILE_NOT_FOUND") {
            XCTFail("\(page): \(logLine)", file: file, line: line)
        }
        guard let start = result.stdout.range(of: "<pre id=\"out\">"),
              let end = result.stdout[start.upperBound...].range(of: "</pre>") else {
            throw ProbeError("\(page): chromium printed no probe output; stderr: \(result.stderr.suffix(500))")
        }
        let text = HTMLUnescape.text(String(result.stdout[start.upperBound..<end.lowerBound]))
        XCTAssertNotEqual(text, "pending", "\(page): the page never finished loading", file: file, line: line)
        let lines = text.split(separator: "\n").map(String.init)
        for error in lines where error.hasPrefix("ERROR ") { XCTFail("\(page): \(error)", file: file, line: line) }
        return lines
    }

    /// A screenshot of the probe page after `check` ran on `page` (the frame shows the page as the
    /// check left it, e.g. with a tooltip open).
    @discardableResult
    func screenshotAfter(_ page: String, check: String, to url: URL, flags: [String] = [],
                         width: Int = 1120, height: Int = 1100) throws -> URL {
        let probe = fixture.root.appendingPathComponent("probe-shot-\(UUID().uuidString).html")
        let html = Self.template.replacingOccurrences(of: "SITE_PAGE", with: "site/" + page)
            .replacingOccurrences(of: "SANDBOX", with: "")
            .replacingOccurrences(of: "CHECK", with: check)
            .replacingOccurrences(of: "<pre id=\"out\">pending</pre>", with: "<pre id=\"out\" hidden>pending</pre>")
        try Data(html.utf8).write(to: probe)
        return try screenshot(probe.absoluteString, to: url, flags: flags, width: width, height: height)
    }

    /// A screenshot of `page` (kept for a person to look at) at `width`×`height`.
    @discardableResult
    func screenshot(_ page: String, to url: URL, flags: [String] = [], width: Int = 1000, height: Int = 1400) throws -> URL {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = try chromium.run(["--window-size=\(width),\(height)", "--virtual-time-budget=4000", "--screenshot=\(url.path)"]
                             + flags + [page.hasPrefix("file:") ? page : fixture.output.absoluteString + page])
        return url
    }
}

extension Array where Element == String {
    /// The value after `key ` on the first line that starts with it.
    func value(_ key: String) -> String? {
        first { $0.hasPrefix(key + " ") }.map { String($0.dropFirst(key.count + 1)) }
    }
}
