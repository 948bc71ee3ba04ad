import Foundation
import XCTest

/// The built site in a real browser: plots decode and draw, the stylesheet applies, every link resolves.
final class BrowserTests: XCTestCase {
    /// A page that loads `SITE_PAGE` in a frame, then reports what the browser made of it, one fact a line.
    static let probe = """
    <!DOCTYPE html><html><head><meta charset="utf-8"></head><body><pre id="out">pending</pre>
    <iframe id="page" src="SITE_PAGE" width="1280" height="4000"></iframe>
    <script>
    document.getElementById('page').addEventListener('load', () => {
      const out = [];
      const doc = document.getElementById('page').contentDocument;
      for (const img of doc.images) {
        let inked = 0;
        try {
          const canvas = document.createElement('canvas');
          canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
          const context = canvas.getContext('2d');
          context.drawImage(img, 0, 0);
          const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 0; i < pixels.length; i += 4) {
            if (pixels[i + 3] > 0 && (pixels[i] < 160 || pixels[i + 1] < 160 || pixels[i + 2] < 160)) inked++;
          }
        } catch (error) { inked = -1; }
        const box = img.getBoundingClientRect();
        out.push(['IMG', img.complete, img.naturalWidth, Math.round(box.width), inked, img.src].join(' '));
      }
      for (const element of doc.querySelectorAll('[href], [src]')) {
        out.push(['URL', element.href || element.src].join(' '));
      }
      let rules = 0;
      for (const sheet of doc.styleSheets) rules += sheet.cssRules.length;
      out.push(['CSS', rules, getComputedStyle(doc.body).maxWidth].join(' '));
      document.getElementById('out').textContent = out.join('\\n');
    });
    </script></body></html>
    """

    func testHomeAndPostRenderTheirPlotsAndLoadEveryResource() throws {
        let chromium = try HeadlessChromium.find()
        let fixture = try SiteFixture.standard()
        try fixture.build()
        for (page, plots) in [("index.html", 2), ("posts/first-sweep.html", 1)] {
            let facts = try probe(page, fixture: fixture, chromium: chromium)
            let images = facts.filter { $0.hasPrefix("IMG ") }.map { $0.split(separator: " ").map(String.init) }
            XCTAssertGreaterThanOrEqual(images.count, plots, "\(page): expected at least \(plots) plot images")
            for image in images {
                let source = image[5]
                XCTAssertEqual(image[1], "true", "\(page): \(source) did not finish loading")
                XCTAssertGreaterThan(Int(image[2]) ?? 0, 0, "\(page): \(source) did not decode (natural width 0)")
                XCTAssertGreaterThanOrEqual(Int(image[3]) ?? 0, 100, "\(page): \(source) is laid out too small to read")
                XCTAssertGreaterThan(Int(image[4]) ?? 0, 200, "\(page): \(source) draws (almost) nothing")
            }
            let urls = facts.filter { $0.hasPrefix("URL ") }.map { String($0.dropFirst(4)) }
            XCTAssertGreaterThan(urls.count, 5, "\(page): no links found")
            for url in urls where url.hasPrefix("file://") {
                let path = URL(string: url)?.path ?? url
                XCTAssertTrue(FileManager.default.fileExists(atPath: path), "\(page) links to missing \(url)")
            }
            let css = facts.first { $0.hasPrefix("CSS ") }?.split(separator: " ") ?? []
            XCTAssertGreaterThan(Int(css.dropFirst().first ?? "") ?? 0, 10, "\(page): style.css did not load")
            XCTAssertNotEqual(css.last, "none", "\(page): the stylesheet's page width did not apply")
        }
    }

    /// Loads `page` of the built site through the probe and returns the facts it printed.
    private func probe(_ page: String, fixture: SiteFixture, chromium: HeadlessChromium) throws -> [String] {
        let probeFile = fixture.root.appendingPathComponent("probe-\(page.replacingOccurrences(of: "/", with: "-"))")
        try Data(Self.probe.replacingOccurrences(of: "SITE_PAGE", with: "site/" + page).utf8).write(to: probeFile)
        let result = try chromium.run(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                                       "--dump-dom", probeFile.absoluteString])
        for line in result.stderr.split(separator: "\n")
        where line.contains("Failed to load resource") || line.contains("ERR_FILE_NOT_FOUND") {
            XCTFail("\(page): \(line)")
        }
        guard let start = result.stdout.range(of: "<pre id=\"out\">"),
              let end = result.stdout[start.upperBound...].range(of: "</pre>") else {
            throw ProbeError("\(page): chromium printed no probe output; stderr: \(result.stderr.suffix(500))")
        }
        let text = HTMLUnescape.text(String(result.stdout[start.upperBound..<end.lowerBound]))
        XCTAssertNotEqual(text, "pending", "\(page): the page never finished loading")
        return text.split(separator: "\n").map(String.init)
    }
}

/// The few entities `--dump-dom` writes in text.
enum HTMLUnescape {
    static func text(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}
