import Foundation
import XCTest

/// The article "Write your own callback, recorder, data source and model" shows the files of
/// Examples/UserPackage, which `UserPackageTests` builds and runs: every Swift listing in it must
/// be one of those files as it is, and every file must be shown.
final class ExtendingArticleTests: XCTestCase {
    func testTheArticleShowsExactlyTheFilesOfTheExamplePackage() throws {
        let root = CommandRunner.packageRoot
        let article = try String(contentsOf: root.appendingPathComponent("docs/extending.md"), encoding: .utf8)
        let listings = swiftListings(in: article)

        let package = root.appendingPathComponent("Examples/UserPackage")
        let sources = try FileManager.default.contentsOfDirectory(atPath: package.appendingPathComponent("Sources/mytrain").path)
            .filter { $0.hasSuffix(".swift") }.sorted().map { "Sources/mytrain/" + $0 }
        XCTAssertEqual(sources.count, 5, "\(sources)")
        var shown: Set<String> = []
        for file in ["Package.swift"] + sources {
            let text = try String(contentsOf: package.appendingPathComponent(file), encoding: .utf8)
            XCTAssertTrue(listings.contains(text), "docs/extending.md does not show Examples/UserPackage/\(file) as it is")
            XCTAssertTrue(article.contains("`\(file)`:\n\n```swift\n"), "docs/extending.md does not name \(file) above its listing")
            shown.insert(text)
        }
        for listing in listings where !shown.contains(listing) {
            XCTFail("docs/extending.md shows Swift code that no test compiles:\n\(listing)")
        }
    }

    func testTheDocumentationCatalogHoldsTheSameArticle() throws {
        let root = CommandRunner.packageRoot
        let article = try String(contentsOf: root.appendingPathComponent("docs/extending.md"), encoding: .utf8)
        let catalogCopy = try String(contentsOf: root.appendingPathComponent("Sources/Experiments/Experiments.docc/Extending.md"),
                                     encoding: .utf8)
        XCTAssertEqual(catalogCopy, article, "Experiments.docc/Extending.md is a link to docs/extending.md")
    }

    /// The contents of the article's ```swift blocks, each ending in a newline as a file does.
    private func swiftListings(in markdown: String) -> [String] {
        var listings: [String] = []
        var current: [Substring]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil {
                if line == "```swift" { current = [] }
            } else if line == "```" {
                listings.append(current!.map { $0 + "\n" }.joined())
                current = nil
            } else {
                current!.append(line)
            }
        }
        return listings
    }
}
