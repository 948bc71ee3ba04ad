import Foundation
import XCTest

/// Each page type compared byte for byte with a committed file.
///
/// `LRLAB_UPDATE_GOLDEN=1` rewrites the files that differ and then fails, naming them, so a run
/// that updates can never pass (in CI or anywhere): review the diff, commit, and rerun without it.
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
        var rewritten: [String] = []
        for page in Self.pages {
            let actual = try fixture.page(page)
            let goldenURL = Self.golden.appendingPathComponent(page.replacingOccurrences(of: "/", with: "__"))
            let expected = try? String(contentsOf: goldenURL, encoding: .utf8)
            if update {
                if actual != expected {
                    try Data(actual.utf8).write(to: goldenURL, options: .atomic)
                    rewritten.append(goldenURL.lastPathComponent)
                }
                continue
            }
            XCTAssertEqual(actual, try XCTUnwrap(expected, "no golden file \(goldenURL.path)"),
                           "\(page) differs from \(goldenURL.path); rerun with LRLAB_UPDATE_GOLDEN=1 if intended")
        }
        if update {
            XCTFail("LRLAB_UPDATE_GOLDEN=1: updated \(rewritten.isEmpty ? "no golden file (all matched)" : rewritten.joined(separator: ", ")) "
                    + "in \(Self.golden.path); review the diff, commit it and rerun without LRLAB_UPDATE_GOLDEN")
        }
    }
}
