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
        try writer.writeRun(id: "lrfind-cnn-bs64-s0-3fa2c1", batchSize: 64, seed: 0, group: "sweep-cnn-2bs-81ac0e")
        try writer.writeRun(id: "lrfind-cnn-bs32-s1-77b0d2", batchSize: 32, seed: 1, group: "sweep-cnn-2bs-81ac0e",
                            flags: ["never-diverged"])
        try writer.writeRun(id: "lrfind-mlp-bs16-s0-0a0b0c", model: "mlp", batchSize: 16, flags: [])
        try writer.writeGroup(id: "sweep-cnn-2bs-81ac0e", runs: ["lrfind-cnn-bs64-s0-3fa2c1", "lrfind-cnn-bs32-s1-77b0d2"])
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
