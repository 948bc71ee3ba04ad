import Foundation
@testable import Report
import LRLabTestSupport
import XCTest

/// The tokenizers mark what they should and never lose or leak a character.
final class CodeHighlightTests: XCTestCase {
    /// `(class, text)` of each token span in the highlighted HTML.
    private func spans(_ code: String, _ language: CodeHighlighter.Language) -> [String] {
        let html = CodeHighlighter.html(code, language: language)
        let pattern = try! NSRegularExpression(pattern: #"<span class="tok-([a-z]+)">(.*?)</span>"#, options: [.dotMatchesLineSeparators])
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { match in
            let kind = String(html[Range(match.range(at: 1), in: html)!])
            let text = HTMLEscaping.unescape(String(html[Range(match.range(at: 2), in: html)!]))
            return "\(kind):\(text)"
        }
    }

    /// The code back from the HTML: tags dropped, entities decoded.
    private func text(of html: String) -> String {
        HTMLEscaping.unescape(html.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression))
    }

    func testShell() {
        XCTAssertEqual(spans("# set up\nexport SEED=42\nswift run train --lr 0.1 \"runs/$SEED\" | tee 'log.txt' $HOME\n", .shell), [
            "com:# set up", "kw:export", "var:SEED", "fn:swift", "attr:--lr", "num:0.1", "str:\"runs/$SEED\"", "fn:tee",
            "str:'log.txt'", "var:$HOME",
        ])
        XCTAssertEqual(spans("$ ls -la ${DIR}\nif [ -f x ]; then echo hi; fi", .shell),
                       ["fn:ls", "attr:-la", "var:${DIR}", "kw:if", "fn:[", "attr:-f", "kw:then", "kw:echo", "kw:fi"])
    }

    func testSwift() {
        XCTAssertEqual(spans("@MainActor\nstruct Finder: Sendable {\n  let start = 1e-7 // first\n  func run() -> String { \"a \\\"b\\\"\" }\n}\n/* a /* nested */ b */", .swift), [
            "attr:@MainActor", "kw:struct", "type:Finder", "type:Sendable", "kw:let", "num:1e-7", "com:// first",
            "kw:func", "fn:run", "type:String", "str:\"a \\\"b\\\"\"", "com:/* a /* nested */ b */",
        ])
        XCTAssertEqual(spans("let s = #\"raw \"q\" \"#\nlet m = \"\"\"\nline\n\"\"\"\n#if DEBUG\nx.self.count\n", .swift),
                       ["kw:let", "str:#\"raw \"q\" \"#", "kw:let", "str:\"\"\"\nline\n\"\"\"", "kw:#if", "type:DEBUG", "kw:self"])
    }

    func testPython() {
        XCTAssertEqual(spans("@torch.no_grad()\ndef find(lr=1e-7):\n    \"\"\"Doc.\"\"\"\n    return f\"{lr:.2e}\", None  # done\nclass Model: pass", .python), [
            "attr:@torch.no_grad", "kw:def", "fn:find", "num:1e-7", "str:\"\"\"Doc.\"\"\"", "kw:return", "str:f\"{lr:.2e}\"",
            "kw:None", "com:# done", "kw:class", "type:Model", "kw:pass",
        ])
    }

    func testYAML() {
        XCTAssertEqual(spans("---\n# sweep\nsweep:\n  sizes: [16, 32]\n  name: \"a: b\"\n  on: true\n  base: &base\n  - item\n  text: |\n    free text: here\n  next: 1.5e-3\n", .yaml), [
            "kw:---", "com:# sweep", "key:sweep", "key:sizes", "num:16", "num:32", "key:name", "str:\"a: b\"", "key:on", "kw:true",
            "key:base", "var:&base", "key:text", "kw:|", "str:free text: here", "key:next", "num:1.5e-3",
        ])
    }

    func testEveryCharacterSurvivesAndIsEscaped() {
        var generator = SeededRandom(seed: 7)
        let alphabet = Array("abcXYZ019 _-+*/\\\"'`$#@{}[]()<>&;:|.,=!?\n\t~é€😀")
        for language in [CodeHighlighter.Language.shell, .swift, .python, .yaml] {
            for _ in 0..<300 {
                let code = String((0..<Int(generator.next() % 80)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
                let html = CodeHighlighter.html(code, language: language)
                XCTAssertEqual(text(of: html), code, "\(language): \(code.debugDescription)")
                let body = html.replacingOccurrences(of: #"<(/?)(span|pre|code)( [^>]*)?>"#, with: "", options: .regularExpression)
                XCTAssertFalse(body.contains("<") || body.contains(">"), "\(language) leaks markup for \(code.debugDescription)")
            }
        }
    }

    func testFencesPickTheirLanguageAndOthersStayPlain() throws {
        XCTAssertEqual(CodeHighlighter.Language(info: "bash"), .shell)
        XCTAssertEqual(CodeHighlighter.Language(info: "console"), .shell)
        XCTAssertEqual(CodeHighlighter.Language(info: "py title=x"), .python)
        XCTAssertEqual(CodeHighlighter.Language(info: "YML"), .yaml)
        XCTAssertNil(CodeHighlighter.Language(info: "rust"))
        let renderer = MarkdownRenderer(allowRawHTML: false)
        let html = renderer.render("```swift\nlet x = \"<b>\"\n```\n\n```rust\nfn main() {}\n```\n\n    indented <i>\n").html
        XCTAssertTrue(html.contains("<pre class=\"code\" data-lang=\"swift\"><code class=\"language-swift\"><span class=\"tok-kw\">let</span> x = <span class=\"tok-str\">&quot;&lt;b&gt;&quot;</span>\n</code></pre>"), html)
        XCTAssertTrue(html.contains("<pre><code class=\"language-rust\">fn main() {}\n</code></pre>"), html)
        XCTAssertTrue(html.contains("<pre><code>indented &lt;i&gt;\n</code></pre>"), html)
    }
}
