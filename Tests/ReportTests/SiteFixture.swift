import Foundation
import Report
import XCTest

/// A temporary content tree with the repository's templates, built into a temporary site folder.
final class SiteFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let templates = repository.appendingPathComponent("Templates")

    let root: URL
    let writer: FixtureWriter
    var content: URL { writer.content }
    var output: URL { root.appendingPathComponent("site") }

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("lrlab-report-tests-\(UUID().uuidString)")
        writer = FixtureWriter(content: root.appendingPathComponent("Content"))
        try FileManager.default.createDirectory(at: writer.content, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// The standard content: two runs in a sweep, one loose run, two posts, a draft and site.yml.
    static func standard() throws -> SiteFixture {
        let fixture = try SiteFixture()
        let writer = fixture.writer
        try writer.writeRun(id: "lrfind-cnn-bs64-s0-3fa2c1", batchSize: 64, seed: 0, group: "sweep-cnn-2bs-81ac0e",
                            chartPlot: true)
        try writer.writeRun(id: "lrfind-cnn-bs32-s1-77b0d2", batchSize: 32, seed: 1, group: "sweep-cnn-2bs-81ac0e",
                            flags: ["never-diverged"], chartPlot: true)
        try writer.writeRun(id: "lrfind-mlp-bs16-s0-0a0b0c", model: "mlp", batchSize: 16, flags: [])
        try writer.writeGroup(id: "sweep-cnn-2bs-81ac0e", runs: ["lrfind-cnn-bs64-s0-3fa2c1", "lrfind-cnn-bs32-s1-77b0d2"],
                              chartPlot: true)
        try writer.writeRaw("site.yml", "title: LR notes\ndescription: Range tests explained.\nauthor: Ada\n")
        try writer.writePost("2026-11-20-first-sweep.md", title: "First sweep", date: "2026-11-20",
                             summary: "Where the loss falls fastest.", tags: ["lr-find", "CNN"],
                             runs: ["lrfind-cnn-bs64-s0-3fa2c1"], body: """
            ## Setup

            We ran the *range test* on the CNN. See the [sweep](../groups/sweep-cnn-2bs-81ac0e.html).

            {{< run lrfind-cnn-bs64-s0-3fa2c1 >}}

            ## Results

            ### Setup

            The valley is safe. Back to [setup](#setup).

            ```
            {{< run not-embedded-in-code >}}
            ```
            """)
        try writer.writePost("2026-11-22-batch-sizes.md", title: "Batch sizes", date: "2026-11-22",
                             summary: "LR against batch size.", tags: ["sweep", "lr-find"],
                             runs: ["sweep-cnn-2bs-81ac0e"], body: """
            # Scaling

            {{< group sweep-cnn-2bs-81ac0e >}}
            """)
        try writer.writePost("2026-11-23-unfinished.md", title: "Unfinished", date: "2026-11-23", draft: true,
                             body: "Not ready.\n")
        return fixture
    }

    /// A 1×1 PNG, for pictures posts link.
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!

    /// The standard content plus course material: a Jekyll/fastpages post (no date in the
    /// header, pictures beside it and under `/images`, math, code in four languages, an
    /// exercise) as part 1 of a series, part 2, and a third part ordered by its date.
    static func course() throws -> SiteFixture {
        let fixture = try standard()
        let writer = fixture.writer
        try FileManager.default.createDirectory(at: fixture.content.appendingPathComponent("posts/img"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: fixture.content.appendingPathComponent("images"), withIntermediateDirectories: true)
        try png.write(to: fixture.content.appendingPathComponent("posts/img/dot.png"))
        try png.write(to: fixture.content.appendingPathComponent("images/card.png"))
        try writer.writeRaw("static/notes.txt", "Notes for the study group.\n")
        try writer.writeRaw("posts/2017-11-05-neural-nets-basics.md", jekyllPost)
        try writer.writeRaw("posts/2017-11-12-the-ladder.md", """
            ---
            title: "Part two: the ladder"
            series: "Learning rates from scratch"
            part: 2
            tags: [lr-find]
            ---

            The ladder multiplies the rate by a constant each batch. Cost: $5 per run, or $10 for two.

            {{< run lrfind-cnn-bs64-s0-3fa2c1 >}}

            """)
        try writer.writeRaw("posts/2017-11-20-wrap-up.md", """
            ---
            title: "Wrap-up"
            date: 2017-11-20 09:30:00 +0100
            series: "Learning rates from scratch"
            ---

            What we learned. No math, no code here.

            """)
        return fixture
    }

    /// A post as fastpages writes them: `layout`, `subtitle`, `categories`, `image`, `toc` and
    /// other keys the report ignores, the date only in the file name.
    static let jekyllPost = #"""
        ---
        layout: post
        title: "Neural nets: the basics"
        subtitle: "What a layer does, in one page"
        description: "Weights, gradients and the learning rate."
        categories: fastpages jupyter
        image: images/card.png
        toc: true
        comments: true
        permalink: /neural-nets/
        hide: false
        badges: true
        search_exclude: false
        series: {name: "Learning rates from scratch", part: 1}
        ---

        ## The update

        Gradient descent moves the weights by $\eta \nabla L(w)$, where $\eta$ is the learning rate.
        A GPU costs $5 or $10 an hour, and \$ stays a dollar.

        $$
        w_{t+1} = w_t - \eta \, \nabla L(w_t)
        $$

        Also \(a^2 + b^2\) and `code with $x$ inside`.

        ![a dot](img/dot.png) and the card ![card](/images/card.png); the [notes](../static/notes.txt).

        ## Code

        ```sh
        # run the range test
        export SEED=42
        swift run train lr-find --model cnn --batch-size 64 --out "runs/$SEED" | tee log.txt
        ```

        ```swift
        struct Finder: Sendable {
            let start = 1e-7 // the first rate
            func run() -> String { "<script>alert(1)</script>" }
        }
        ```

        ```python
        def find_lr(start=1e-7):
            return f"{start:.2e}"  # formatted
        ```

        ```yaml
        sweep:
          batchSizes: [16, 32, 64]
          enabled: true
        ```

        {{< exercise "Find the valley" >}}
        Run the range test at batch size 32 and read the **valley** suggestion.

        {{< solution >}}
        It moves to about $1.4 \times 10^{-3}$.
        {{< /exercise >}}

        """#

    func options(drafts: Bool = false, keepGoing: Bool = false, baseURL: String? = nil,
                 templates: URL = SiteFixture.templates) -> BuildOptions {
        BuildOptions(contentDirectory: content, templatesDirectory: templates, outputDirectory: output,
                     includeDrafts: drafts, baseURL: baseURL, keepGoing: keepGoing)
    }

    @discardableResult
    func build(drafts: Bool = false, keepGoing: Bool = false, baseURL: String? = nil) throws -> BuildReport {
        try SiteBuilder(options: options(drafts: drafts, keepGoing: keepGoing, baseURL: baseURL)).build()
    }

    /// The error a build throws, failing the test if it succeeds.
    func buildError(file: StaticString = #filePath, line: UInt = #line) -> ReportError? {
        do {
            try build()
            XCTFail("build succeeded but should have failed", file: file, line: line)
        } catch let error as ReportError {
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }

    func page(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path)
    }
}
