import ArtifactSchema
import Charts
import Foundation

/// Writes synthetic content trees (runs and groups through ArtifactSchema, posts) for tests and benchmarks.
public struct FixtureWriter {
    /// The content folder being filled (`posts/`, `runs/` below it).
    public let content: URL

    public init(content: URL) {
        self.content = content
    }

    /// A completed LR range test run whose loss falls then diverges; `seed` shifts the curve a little.
    ///
    /// With `chartPlot` the raw loss is noisy and plot.svg is drawn by Charts as the recorder
    /// draws it (raw and smoothed loss against the learning rate, the valley marked); otherwise
    /// both losses are equal and plot.svg is a small stand-in (the benchmark's content).
    public func writeRun(id: String, model: String = "cnn", batchSize: Int = 64, seed: Int = 0,
                         group: String? = nil, flags: [String] = ["bump-before-minimum"],
                         chartPlot: Bool = false) throws {
        let folder = content.appendingEntry("runs").appendingEntry(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let shift = 1 + Double(seed % 7) / 10
        var manifest = RunManifest(id: id)
        manifest.kind = .lrFind
        manifest.finish(.completed, endedAt: "2026-11-23T10:00:03Z")
        manifest.lrlabVersion = "0.1.0"
        manifest.commandLine = ["train", "lr-find", "--model", model, "--batch-size", String(batchSize)]
        manifest.startedAt = "2026-11-23T10:00:00Z"
        manifest.model = RunManifest.Model(name: model, parameterCount: 20490)
        manifest.batchSize = batchSize
        manifest.seed = UInt64(seed)
        manifest.group = group
        manifest.data = RunManifest.DataDescription(name: "fashion-mnist", trainCount: 54000, validationCount: 6000)
        manifest.optimizer = ["kind": "sgd", "momentum": 0.9, "nesterov": false, "weightDecay": 0]
        manifest.schedule = ["kind": "exponential-sweep", "startLR": 1e-7, "endLR": 10, "iterations": 100]
        manifest.summary.iterations = 87
        manifest.summary.finalLoss = 3.1
        manifest.summary.bestLoss = 0.61
        manifest.summary.seconds = 2.4
        manifest.suggestions = [
            "minimum": .init(lr: 0.012 * shift, loss: 0.63), "steep": .init(lr: 0.0031 * shift, loss: 1.2),
            "valley": .init(lr: 0.0014 * shift, loss: 1.5), "slide": .init(reason: "needs at least 16 points, the curve has 9"),
        ]
        manifest.analysis = RangeTestAnalysis(
            fallStartLR: 3e-5, steepestLR: 0.02, minimumLR: 0.08 * shift, minimumLoss: 0.6, divergenceLR: 0.6,
            noiseLevel: 0.04, flags: flags.compactMap(RangeTestAnalysis.Flag.init(rawValue:)),
            unknownFlags: flags.filter { RangeTestAnalysis.Flag(rawValue: $0) == nil })
        try Data(try manifest.jsonText().utf8).write(to: folder.appendingEntry(RunFiles.manifest))
        var csv = MetricsColumns.standard.joined(separator: ",") + "\n"
        var events = ""
        var points: [(lr: Double, loss: Double, smooth: Double)] = []
        for iteration in 0..<20 {
            let lr = 1e-7 * pow(10, Double(iteration) * 0.4)
            let smooth = 2.3 - 1.5 * Double(min(iteration, 15)) / 15 + (iteration > 15 ? Double(iteration - 15) : 0)
            // A fixed wobble stands in for mini-batch noise.
            let loss = chartPlot ? smooth + 0.12 * sin(Double(iteration * 7 + seed)) : smooth
            points.append((lr, loss, smooth))
            csv += "\(iteration),0,\(lr),0.9,\(loss),\(smooth)\n"
            events += "{\"event\":\"batchEnd\",\"iteration\":\(iteration),\"loss\":\(loss)}\n"
        }
        try Data(csv.utf8).write(to: folder.appendingEntry(RunFiles.metrics))
        try Data(events.utf8).write(to: folder.appendingEntry(RunFiles.events))
        let plot = chartPlot ? try Self.rangeTestChart(points, title: "LR range test: \(model), batch size \(batchSize)",
                                                       valley: 0.0014 * shift).renderSVG()
            : Self.svg(label: id)
        try Data(plot.utf8).write(to: folder.appendingEntry(RunFiles.plot))
    }

    /// The chart a range test records: faint raw loss, bold smoothed loss, the valley marked.
    static func rangeTestChart(_ points: [(lr: Double, loss: Double, smooth: Double)], title: String,
                               valley: Double) -> Chart {
        var chart = Chart(title: title, xAxis: Axis(label: "learning rate", scale: .log10), yAxis: Axis(label: "loss"),
                          legend: .topLeft)
        chart.add(Series(name: "loss", points: points.map { ChartPoint(x: $0.lr, y: $0.loss) }, color: .palette(0), lineWidth: 0.75))
        chart.add(Series(name: "smoothed loss", points: points.map { ChartPoint(x: $0.lr, y: $0.smooth) },
                         color: .palette(1), lineWidth: 2))
        chart.add(Marker(x: valley, y: 1.5, label: "valley \(NumberFormat.compact(valley, significantDigits: 2))",
                         color: .palette(3), showsGuide: true))
        chart.yAxis.domain = 0.6...2.6
        return chart
    }

    /// A sweep's overlay as the sweep draws it: one smoothed curve per batch size over a band.
    static func overlayChart(batchSizes: [Int]) -> Chart {
        var chart = Chart(title: "LR range tests: cnn by batch size", xAxis: Axis(label: "learning rate", scale: .log10),
                          yAxis: Axis(label: "smoothed loss"), legend: .right)
        for (index, batchSize) in batchSizes.enumerated() {
            let lrs = (0..<20).map { 1e-7 * pow(10, Double($0) * 0.4) }
            let losses = (0..<20).map { 2.3 - 1.4 * Double(min($0, 14 + index)) / Double(14 + index) }
            chart.add(Band(name: "", samples: zip(lrs, losses).map { Band.Sample(x: $0, low: $1 - 0.05, high: $1 + 0.05) },
                           color: .palette(index)))
            chart.add(Series(name: "bs \(batchSize)", points: zip(lrs, losses).map { ChartPoint(x: $0, y: $1) },
                             color: .palette(index)))
        }
        return chart
    }

    /// A sweep group folder with both charts, listing `runs`; with `chartPlot` the overlay is
    /// drawn by Charts.
    public func writeGroup(id: String, runs: [String], slope: Double = 0.62, slopeStdErr: Double = 0.08,
                           chartPlot: Bool = false) throws {
        let folder = content.appendingEntry("runs").appendingEntry(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Two seeds per batch size (low and high), so the quartiles lie halfway to the median.
        let spreads = [(batchSize: 32, low: 0.0007, median: 0.0008, high: 0.0009),
                       (batchSize: 64, low: 0.0012, median: 0.0014, high: 0.0016)]
        let points = spreads.map {
            SeedSpread(batchSize: $0.batchSize, count: 2, median: $0.median, low: $0.low, high: $0.high,
                       lowerQuartile: ($0.low + $0.median) / 2, upperQuartile: ($0.median + $0.high) / 2)
        }
        // The line with the given slope through the middle of the medians.
        let meanLogLR = points.map { log($0.median) }.reduce(0, +) / 2
        let meanLogBatchSize = points.map { log(Double($0.batchSize)) }.reduce(0, +) / 2
        let fit = ScalingFit(slope: slope, slopeStdErr: slopeStdErr, intercept: meanLogLR - slope * meanLogBatchSize,
                             source: .medians, points: points)
        let manifest = GroupManifest(id: id, model: "cnn", batchSizes: [64, 32], seeds: [0, 1], runs: runs,
                                     scaling: ["valley": .fitted(fit)])
        try Data(try manifest.jsonText().utf8).write(to: folder.appendingEntry(GroupFiles.manifest))
        let overlay = chartPlot ? try Self.overlayChart(batchSizes: [64, 32]).renderSVG() : Self.svg(label: "overlay")
        try Data(overlay.utf8).write(to: folder.appendingEntry(GroupFiles.overlay))
        try Data(Self.svg(label: "scaling").utf8).write(to: folder.appendingEntry(GroupFiles.scaling))
    }

    /// A post file `posts/<fileName>` with the given front matter lines and body.
    public func writePost(_ fileName: String, title: String, date: String, summary: String = "",
                          tags: [String] = [], runs: [String] = [], draft: Bool = false, body: String) throws {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var text = "---\ntitle: \(quoted(title))\ndate: \(date)\n"
        if !summary.isEmpty { text += "summary: \(quoted(summary))\n" }
        if !tags.isEmpty { text += "tags: [\(tags.map(quoted).joined(separator: ", "))]\n" }
        if !runs.isEmpty { text += "runs: [\(runs.map(quoted).joined(separator: ", "))]\n" }
        if draft { text += "draft: true\n" }
        text += "---\n" + body
        try writeRaw("posts/" + fileName, text)
    }

    /// Any file below the content folder, parents created.
    public func writeRaw(_ relativePath: String, _ text: String) throws {
        let url = content.appendingEntry(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func svg(label: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200" width="320" height="200">\
        <rect width="320" height="200" fill="#fff"/><path d="M10 40 L150 150 L250 120 L310 10" \
        fill="none" stroke="#0b62c4" stroke-width="2"/><text x="10" y="190" font-size="10">\
        \(HTMLEscaping.escape(label))</text></svg>\n
        """
    }
}
