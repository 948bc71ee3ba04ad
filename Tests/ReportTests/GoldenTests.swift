import Foundation
import XCTest

/// Each page type compared byte for byte with a committed file; `LRLAB_UPDATE_GOLDEN=1` rewrites them.
final class GoldenTests: XCTestCase {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let pages = [
        "index.html", "posts/first-sweep.html", "posts/batch-sizes.html", "runs/lrfind-cnn-bs64-s0-3fa2c1.html",
        "groups/sweep-cnn-2bs-81ac0e.html", "tags/lr-find.html", "tags.html", "archive.html", "runs.html",
        "404.html", "feed.xml", "sitemap.xml",
    ]

    func testEveryPageTypeMatchesItsGoldenFile() throws {
        let fixture = try SiteFixture.standard()
        try fixture.build(baseURL: "https://example.org/lr/")
        let update = ProcessInfo.processInfo.environment["LRLAB_UPDATE_GOLDEN"] == "1"
        for page in Self.pages {
            let actual = try fixture.page(page)
            let goldenURL = Self.golden.appendingPathComponent(page.replacingOccurrences(of: "/", with: "__"))
            if update {
                try Data(actual.utf8).write(to: goldenURL)
                continue
            }
            let expected = try String(contentsOf: goldenURL, encoding: .utf8)
            XCTAssertEqual(actual, expected, "\(page) differs from \(goldenURL.path); rerun with LRLAB_UPDATE_GOLDEN=1 if intended")
        }
    }
}
