import Foundation
import Report
import XCTest

/// A small run of the benchmark fixture (the full 1,000 posts / 500 runs is `report benchmark`).
final class BenchmarkTests: XCTestCase {
    func testGeneratedContentBuildsAndLinksCheck() throws {
        let fixture = try SiteFixture()
        try BenchmarkFixture.generate(at: fixture.content, posts: 40, runs: 20)
        let result = try BenchmarkFixture.timeBuild(content: fixture.content, templates: SiteFixture.templates,
                                                    output: fixture.output)
        XCTAssertTrue(fixture.exists("posts/post-39.html"))
        XCTAssertGreaterThan(result.files, 40 + 20 * 5)
    }
}
