import Foundation

/// The speed benchmark: a content tree of many posts citing many runs, and a timed build.
public enum BenchmarkFixture {
    /// Writes `runs` runs and `posts` posts (each citing two runs with a directive, stating two of
    /// their numbers with `{{< value >}}`, and a heading or two).
    public static func generate(at content: URL, posts: Int, runs: Int) throws {
        let writer = FixtureWriter(content: content)
        let ids = (0..<runs).map { "lrfind-cnn-bs\(8 << ($0 % 4))-s\($0)-\(String($0 * 7919 % 0xFFFFFF, radix: 16).leftPadded(to: 6))" }
        for (index, id) in ids.enumerated() { try writer.writeRun(id: id, batchSize: 8 << (index % 4), seed: index) }
        for index in 0..<posts {
            let first = ids[index % runs], second = ids[(index * 7 + 3) % runs]
            let day = String(index % 28 + 1).leftPadded(to: 2), month = String(index % 12 + 1).leftPadded(to: 2)
            let body = """
            ## Setup

            Post \(index) compares two runs. The *valley* suggestion is usually the safest pick: \
            {{< value \(first) suggestions.valley.lr >}} here, where the loss diverges from \
            {{< value \(first) analysis.divergenceLR >}}.

            {{< run \(first) >}}

            ## Second run

            | run | note |
            | --- | --- |
            | \(second) | for comparison |

            {{< run \(second) >}}

            See [the first run](../runs/\(first).html) and the [setup](#setup).
            """
            try writer.writePost("2026-\(month)-\(day)-post-\(index).md", title: "Post \(index): LR test",
                                 date: "2026-\(month)-\(day)", summary: "Notes number \(index).",
                                 tags: ["lr-find", "batch \(index % 5)"], runs: [first, second], body: body)
        }
    }

    /// Builds `content` into `output`; returns wall-clock and process CPU seconds (CPU is fairer on a busy machine).
    public static func timeBuild(content: URL, templates: URL, output: URL) throws -> (seconds: Double, cpuSeconds: Double, files: Int, phases: [(phase: String, seconds: Double)]) {
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = cpuSeconds()
        let report = try SiteBuilder(options: BuildOptions(contentDirectory: content, templatesDirectory: templates,
                                                           outputDirectory: output)).build()
        return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpuSeconds() - cpuStart, report.pages.count, report.phases)
    }

    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
