import Foundation
@testable import Report
import XCTest

final class SeriesAndExerciseTests: XCTestCase {
    func testSeriesOrdersPartsThenDatesAndLinksNeighbours() throws {
        let fixture = try SiteFixture.course()
        try fixture.build()
        let series = try fixture.page("series/learning-rates-from-scratch.html")
        let order = ["Neural nets: the basics", "Part two: the ladder", "Wrap-up"].map { series.range(of: $0)?.lowerBound }
        XCTAssertFalse(order.contains(nil), series)
        XCTAssertEqual(order.compactMap { $0 }, order.compactMap { $0 }.sorted(), "parts by number, then the unnumbered post")
        let middle = try fixture.page("posts/the-ladder.html")
        XCTAssertTrue(middle.contains("<a href=\"../series/learning-rates-from-scratch.html\">Learning rates from scratch</a>: part 2 of 3"))
        XCTAssertTrue(middle.contains("<a href=\"../posts/neural-nets-basics.html\" rel=\"prev\">← Previous: Neural nets: the basics</a>"))
        XCTAssertTrue(middle.contains("<a href=\"../posts/wrap-up.html\" rel=\"next\">Next: Wrap-up →</a>"))
        let last = try fixture.page("posts/wrap-up.html")
        XCTAssertFalse(last.contains("rel=\"next\""))
        XCTAssertFalse(try fixture.page("posts/first-sweep.html").contains("series-nav"), "posts outside a series have no series box")
    }

    func testTwoPostsClaimingOnePartNameBothFiles() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writeRaw("posts/2017-01-01-a.md", "---\ntitle: A\nseries: Course\npart: 1\n---\nx\n")
        try fixture.writer.writeRaw("posts/2017-01-02-b.md", "---\ntitle: B\nseries: {name: Course, part: 1}\n---\nx\n")
        guard case let .frontMatter(file, line, problem)? = fixture.buildError() else { return XCTFail("expected an error") }
        XCTAssertTrue(file.hasSuffix("2017-01-02-b.md"), file)
        XCTAssertEqual(line, 3)
        XCTAssertTrue(problem.contains("2017-01-01-a.md"), problem)
        let report = try fixture.build(keepGoing: true)
        XCTAssertEqual(report.warnings.count, 1)
        XCTAssertTrue(fixture.exists("posts/a.html"))
        XCTAssertFalse(fixture.exists("posts/b.html"))
    }

    func testSeriesHeaderErrors() throws {
        func parse(_ header: String) throws -> FrontMatter {
            try FrontMatter.parse("---\ntitle: A\ndate: 2017-01-01\n\(header)\n---\nbody\n", file: "a.md")
        }
        XCTAssertEqual(try parse("series: Course\npart: 3").series, SeriesMembership(name: "Course", part: 3, line: 4))
        XCTAssertEqual(try parse("series: {name: Course, order: 2}").series?.part, 2)
        XCTAssertNil(try parse("series: Course").series?.part)
        for bad in ["series: {part: 1}", "series: [a, b]", "series: Course\npart: zero", "series: Course\npart: 0", "series: \"\""] {
            XCTAssertThrowsError(try parse(bad), bad) { error in
                guard case .frontMatter(_, let line, _) = error as? ReportError else { return XCTFail("\(error)") }
                XCTAssertGreaterThanOrEqual(line, 4, bad)
            }
        }
    }

    func testExerciseWrapsItsMarkdownWithACollapsedSolution() throws {
        let fixture = try SiteFixture()
        try fixture.writer.writePost("2017-01-01-homework.md", title: "Homework", date: "2017-01-01", body: """
            {{< exercise "Read the <valley>" >}}
            Find the *valley*.

            - first
            - second
            {{< solution >}}
            It is at `1.4e-3`.
            {{< /exercise >}}

            {{< exercise >}}
            No solution here.
            {{< /exercise >}}
            """)
        try fixture.build()
        let page = try fixture.page("posts/homework.html")
        XCTAssertTrue(page.contains("""
            <section class="exercise" id="exercise-1" aria-labelledby="exercise-1-title">
            <p class="exercise-title" id="exercise-1-title"><strong>Exercise 1</strong>: Read the &lt;valley&gt;</p>
            <p>Find the <em>valley</em>.</p>
            <ul>
            <li>first</li>
            <li>second</li>
            </ul>
            <details class="solution">
            <summary>Solution</summary>
            <p>It is at <code>1.4e-3</code>.</p>
            </details>
            </section>
            """), page)
        XCTAssertTrue(page.contains("<strong>Exercise 2</strong></p>\n<p>No solution here.</p>\n</section>"), page)
        XCTAssertFalse(page.contains("<details class=\"solution\" open"))
    }

    func testUnbalancedExercisesNameTheLine() throws {
        let cases: [(String, Int, String)] = [
            ("{{< solution >}}\n", 7, "outside an exercise"),
            ("{{< /exercise >}}\n", 7, "without an opening"),
            ("{{< exercise >}}\nText\n", 7, "never closed"),
            ("{{< exercise >}}\n{{< exercise >}}\n{{< /exercise >}}\n", 8, "inside the exercise of line 7"),
            ("{{< exercise >}}\n{{< solution >}}\n{{< solution >}}\n{{< /exercise >}}\n", 9, "a second"),
            ("{{< exercise \"open title >}}\n{{< /exercise >}}\n", 7, "no closing quote"),
        ]
        for (body, expectedLine, phrase) in cases {
            let fixture = try SiteFixture()
            try fixture.writer.writePost("2017-01-01-bad.md", title: "Bad", date: "2017-01-01", body: "Intro.\n\n" + body)
            guard case let .directive(_, line, problem)? = fixture.buildError() else { XCTFail(body); continue }
            XCTAssertEqual(line, expectedLine, body)
            XCTAssertTrue(problem.contains(phrase), "\(body): \(problem)")
        }
    }
}
