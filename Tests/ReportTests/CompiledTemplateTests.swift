import Foundation
import Mustache
@testable import Report
import XCTest

/// The compiled templates render exactly what swift-mustache renders, whitespace quirks included,
/// and leave to swift-mustache whatever they do not model.
final class CompiledTemplateTests: XCTestCase {
    /// Both renderers on the same templates and context; fails unless the compiled path ran and matched.
    private func assertSameOutput(_ templates: [String: String], _ context: [String: Any], render name: String = "main",
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        var library = MustacheLibrary()
        for (name, text) in templates { library.register(try MustacheTemplate(string: text), named: name) }
        let expected = library.render(context, withTemplate: name)
        let compiled = CompiledTemplateSet(sources: templates)
        XCTAssertTrue(compiled.compiledAll, "a template did not compile", file: file, line: line)
        let actual = compiled.render(name, context)
        XCTAssertNotNil(actual, "the compiled render gave up", file: file, line: line)
        XCTAssertEqual(actual, expected, file: file, line: line)
    }

    func testVariablesAndEscapingModes() throws {
        let context: [String: Any] = ["name": "<O'Neil & \"co\">", "count": 3, "ratio": 0.25, "on": true, "off": false,
                                      "marked": "e\u{301} <\u{301} &"]
        for pragma in ["", "{{%CONTENT_TYPE:\(FastHTMLContentType.name)}}", "{{%CONTENT_TYPE:TEXT}}", "{{%CONTENT_TYPE: HTML }}\n"] {
            FastHTMLContentType.registerOnce
            try assertSameOutput(["main": pragma + "Hi {{name}} / {{{name}}} / {{&name}} / {{ name }} {{count}} {{ratio}} {{on}} {{off}} {{marked}} {{missing}}!\n"], context)
        }
        try assertSameOutput(["main": "a { b {{name}} } {{! inline comment }}c{ d"], context)
    }

    func testSectionsInvertedSectionsAndTheCurrentValue() throws {
        let context: [String: Any] = [
            "rows": [["name": "a", "n": 1], ["name": "b"]] as [[String: Any]], "texts": ["x", "y"], "mixed": ["p", 2, true] as [Any],
            "none": [[String: Any]](), "yes": true, "no": false, "empty": "", "title": "T",
            "outer": ["inner": ["value": "deep"], "title": "outer title"] as [String: Any],
        ]
        let template = """
        {{#rows}}[{{name}} {{n}} {{title}}]{{/rows}}{{^rows}}none{{/rows}}
        {{#texts}}<{{.}}>{{/texts}} {{#mixed}}({{.}}){{/mixed}}
        {{#none}}never{{/none}}{{^none}}empty list{{/none}} {{^missing}}missing{{/missing}} {{^yes}}not{{/yes}}{{^no}}no{{/no}}
        {{#empty}}an empty string still renders '{{.}}'{{/empty}} {{#title}}{{.}}{{/title}}
        {{#outer}}{{inner.value}} {{title}} {{.title}} {{.missing}}{{/outer}} {{outer.inner.value}} {{outer.nothing.value}}
        {{#outer.inner}}{{value}} {{title}}{{/outer.inner}}
        """
        try assertSameOutput(["main": template], context)
    }

    func testStandaloneLinesCommentsAndTheirQuirks() throws {
        let context: [String: Any] = ["a": true, "b": true, "rows": [["x": "1"], ["x": "2"]] as [[String: Any]]]
        let cases = [
            "start\n  {{#rows}}\n  - {{x}}\n  {{/rows}}\nend\n",
            "x\n  {{! a note }}\ny {{! c }} z\n   {{! indented comment}}  \nw",
            // An opening tag alone on its line but a closing one that is not: swift-mustache then treats
            // the text after the close as a new line, so the blanks before `{{#b}}` go.
            "{{#a}}\nx{{/a}}  {{#b}}\ny\n{{/b}}\n",
            "{{#a}} inline {{/a}}\n\t{{^a}}\t\n\tnot\n{{/a}}\t\n",
            "trailing blanks at the end\n   ",
            "last line {{#a}}no newline{{/a}}",
            "crlf\r\n{{#a}}\r\nline\r\n{{/a}}\r\nafter\r\n",
            "{{#a}}\n{{#b}}\nnested\n{{/b}}\n{{/a}}",
            "   {{#a}}   \n   text\n   {{/a}}   ",
        ]
        for template in cases { try assertSameOutput(["main": template], context) }
    }

    func testPartialsWithAndWithoutIndentation() throws {
        let context: [String: Any] = ["rows": [["x": "1"], ["x": "2"]] as [[String: Any]], "html": "<b>a\nb</b>"]
        let part = "{{%CONTENT_TYPE:TEXT}}\nline <{{html}}>\n{{#rows}}r{{x}}\n{{/rows}}{{> inner}}last"
        let inner = "in1\n  in2 {{html}}\n"
        let templates = [
            "main": "{{%CONTENT_TYPE:\(FastHTMLContentType.name)}}begin {{html}}\n  {{> part}}\ninline {{> part}} and {{> nowhere}}\n\t{{> inner}}\nend\n",
            "part": part, "inner": inner,
        ]
        FastHTMLContentType.registerOnce
        try assertSameOutput(templates, context)
        try assertSameOutput(templates, context, render: "part")
    }

    func testWhatItDoesNotModelIsLeftToSwiftMustache() throws {
        for feature in ["{{=<% %>=}}<% name %>", "{{uppercased(name)}}", "{{<parent}}{{$block}}x{{/block}}{{/parent}}",
                        "{{>*dynamic}}", "{{$block}}default{{/block}}"] {
            XCTAssertNil(CompiledTemplate(feature), feature)
        }
        struct Reflected { var name = "mirror" }
        let compiled = CompiledTemplateSet(sources: ["main": "{{#value}}{{name}}{{/value}}", "list": "{{rows}}",
                                                     "partial": "{{> uses}}", "uses": "{{uppercased(name)}}"])
        XCTAssertNil(compiled.render("main", ["value": Reflected()]), "a reflected struct is swift-mustache's")
        XCTAssertNil(compiled.render("list", ["rows": ["a"]]), "a list printed as a variable is swift-mustache's")
        XCTAssertNil(compiled.render("partial", ["name": "x"]), "a partial that did not compile stops the fast path")
        XCTAssertEqual(compiled.render("main", ["value": ["name": "dictionary"]]), "dictionary")

        // Through TemplateSet the fallback gives swift-mustache's output.
        let fixture = try SiteFixture()
        let folder = fixture.root.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: SiteFixture.templates, to: folder)
        try Data("{{=<% %>=}}<h1><% tag %></h1>\n".utf8).write(to: folder.appendingPathComponent("tag.mustache"))
        let templates = try TemplateSet(folder: folder)
        XCTAssertFalse(try XCTUnwrap(templates.compiled).compiledAll)
        XCTAssertEqual(templates.render("tag", ["tag": "<x>"]), "<h1>&lt;x&gt;</h1>\n")
    }

    func testTheRepositoryTemplatesAllCompile() throws {
        XCTAssertTrue(try XCTUnwrap(TemplateSet(folder: SiteFixture.templates).compiled).compiledAll)
    }

    /// Every file of the test site and of the committed Content, built with and without compiled templates.
    func testWholeSitesAreTheSameWithAndWithoutCompiledTemplates() throws {
        let fixture = try SiteFixture.standard()
        let committed = SiteFixture.repository.appendingPathComponent("Content")
        for options in [fixture.options(baseURL: "https://example.org/lr/"),
                        BuildOptions(contentDirectory: committed, templatesDirectory: SiteFixture.templates,
                                     outputDirectory: fixture.root.appendingPathComponent("unused"))] {
            let builder = SiteBuilder(options: options)
            let site = try ContentLoader(options: options).load()
            let fast = try builder.render(site, templates: TemplateSet(folder: SiteFixture.templates))
            let reference = try builder.render(site, templates: TemplateSet(folder: SiteFixture.templates, compiling: false))
            XCTAssertEqual(fast.keys.sorted(), reference.keys.sorted())
            XCTAssertGreaterThan(fast.count, 20)
            for (path, data) in reference where fast[path] != data {
                XCTFail("\(path) differs between compiled templates and swift-mustache")
            }
        }
    }
}
