import Foundation
@testable import Report
import XCTest

/// The parallel map keeps input order and reports the error a sequential loop would hit first.
final class ParallelMapTests: XCTestCase {
    struct Failure: Error, Equatable { var index: Int }

    func testResultsComeBackInInputOrder() {
        let squares = ParallelMap.map(1000) { index -> Int in
            if index % 97 == 0 { Thread.sleep(forTimeInterval: 0.001) }  // uneven work reorders completion
            return index * index
        }
        XCTAssertEqual(squares, (0..<1000).map { $0 * $0 })
        XCTAssertEqual(ParallelMap.map(0) { $0 }, [])
        XCTAssertEqual(ParallelMap.map(1) { $0 + 5 }, [5])
    }

    func testTheLowestFailingIndexIsRethrown() {
        XCTAssertThrowsError(try ParallelMap.map(500) { index -> Int in
            if index == 480 || index == 123 || index == 301 { throw Failure(index: index) }
            return index
        }) { error in
            XCTAssertEqual(error as? Failure, Failure(index: 123))
        }
    }

    func testFastEscapingMatchesTheLibraryEntities() throws {
        let templates = try TemplateSet(folder: SiteFixture.templates)
        let html = templates.render("partials/run-card", ["id": "<a href=\"x\">O'Neil & co</a>", "anchor": "a"])
        XCTAssertTrue(html.contains("&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;"), html)
        XCTAssertFalse(html.contains("<a href=\"x\">"))
    }
}
