// A post as `report build` reads it: front matter (YAML), run/group/exercise directives, math,
// pipe tables and the Markdown renderer (cmark), with and without raw HTML.
import FuzzSupport
@testable import Report

FuzzTarget.run(seeds: {
    let post = """
    ---
    title: "A post: with *everything*"
    date: 2026-01-02
    tags: [lr, "batch size"]
    runs: [lrfind-a]
    series: {name: basics, part: 2}
    toc: true
    ---
    # Heading $x^2$

    Inline $a_1 + b$ and display:

    $$
    \\frac{1}{n} \\sum_i x_i
    $$

    | lr | loss |
    |:---|---:|
    | 1e-3 | `2.0` |

    {{< run lrfind-a >}}
    {{< exercise >}}
    Try it.
    {{< solution >}}
    Done.
    {{< /exercise >}}

    ```swift
    let x = 1 // comment
    ```
    <div>raw</div>
    """
    return [("post.md", Array(post.utf8))]
}) { bytes in
    guard let text = FuzzInput.text(bytes) else { return }
    let body: String, firstLine: Int
    if let frontMatter = try? FrontMatter.parse(text, file: "post.md") {
        (body, firstLine) = (frontMatter.body, frontMatter.bodyLine)
    } else {
        (body, firstLine) = (text, 1)
    }
    if let directives = try? RunDirective.scan(body, firstLine: firstLine, file: "post.md") {
        _ = try? RunDirective.checkExercises(directives, file: "post.md")
    }
    let (markdown, _) = RunDirective.substitutePlaceholders(body)
    let math = MathScanner.substitute(markdown)
    for allowRawHTML in [false, true] {
        let renderer = MarkdownRenderer(allowRawHTML: allowRawHTML)
        let (tabled, _) = PipeTable.substitute(math.markdown, renderInline: renderer.renderInline)
        let (html, _) = renderer.render(tabled, headingText: { math.plainText($0) })
        _ = math.restore(in: html)
    }
}
