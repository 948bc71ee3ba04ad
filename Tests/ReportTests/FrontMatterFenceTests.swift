@testable import Report
import XCTest

/// The header scan finds the same header, body and line numbers as splitting the whole text into lines.
final class FrontMatterFenceTests: XCTestCase {
    /// The split-and-join reading the scan replaced, kept here as the reference.
    private func byLines(_ text: String) -> (header: String, body: String, closingLine: Int)? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.trimmingCharacters(in: .whitespaces) }) == "---",
              let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" })
        else { return nil }
        return (lines[1..<end].joined(separator: "\n"), lines[(end + 1)...].joined(separator: "\n"), end)
    }

    func testHeaderAndBodyMatchTheLineByLineReading() {
        let texts = [
            "---\ntitle: A\n---\nbody\n", "---\n---", "---\n---\n", " --- \t\ntitle: A\n  ---  \n\nbody\nmore\n\n",
            "---\ntitle: A\n---", "---\na: 1\nb: 2\n---\n---\nsecond fence in the body\n", "---\n\n\n---\n",
            "---\r\ntitle: A\r\n---\r\nbody", "---\ntitle: A\r\n---\r\n---\nafter CRLF lines\n", "---\ntitle: é\u{301}\n---\nü\n",
            "no fence\n---\n", "---\nnever closed\n", "", "---",
        ]
        for text in texts {
            let expected = byLines(text)
            let found = try? FrontMatter.headerFences(text, file: "post.md")
            XCTAssertEqual(found.map { String(text[$0.header]) }, expected?.header, text.debugDescription)
            XCTAssertEqual(found.map { String(text[$0.body]) }, expected?.body, text.debugDescription)
            XCTAssertEqual(found?.closingLine, expected?.closingLine, text.debugDescription)
        }
    }
}
