import LRFinder
import CurveAnalysis
import Foundation
import Recorders

/// Writes a sweep's group folder: `group.json`, `overlay.svg` and `lr-vs-batch-size.svg`.
enum SweepGroupWriter {
    struct Written {
        let directory: String
        let scaling: [SuggestionMethod: ScalingOutcome]
    }

    static func write(sweep: SweepJob, groupID: String, runs: [RangeTestRun]) throws -> Written {
        let directory = try RunDirectory.create(in: sweep.base.outputDirectory, id: groupID, collision: .reuse)
        var scaling: [SuggestionMethod: ScalingOutcome] = [:]
        for method in SuggestionMethod.allCases {
            let samples = runs.compactMap { run in
                run.findings.suggestions[method].lr.map { ScalingSample(batchSize: run.batchSize, lr: $0) }
            }
            do { scaling[method] = .fitted(try ScalingFit(samples: samples)) } catch {
                scaling[method] = .unavailable(reason: String(describing: error))
            }
        }
        let overlay = SweepCharts.overlay(runs: runs, batchSizes: sweep.batchSizes, model: sweep.base.model)
        try directory.write(try overlay.renderSVG(), to: "overlay.svg")
        let scalingChart = SweepCharts.scaling(fits: scaling, batchSizes: sweep.batchSizes, model: sweep.base.model)
        try directory.write(try scalingChart.renderSVG(), to: "lr-vs-batch-size.svg")
        let manifest = SweepGroupManifest(id: groupID, model: sweep.base.model, batchSizes: sweep.batchSizes,
                                          seeds: sweep.seeds, runs: runs.map(\.id), scaling: scaling)
        try directory.write(try manifest.jsonText(), to: "group.json")
        return Written(directory: directory.path, scaling: scaling)
    }
}

/// The contents of `group.json` (docs/artifacts.md).
struct SweepGroupManifest: Encodable {
    var format = "lrlab-group"
    var formatVersion = 1
    var id: String
    var kind = "lr-find-sweep"
    var model: String
    var batchSizes: [Int]
    var seeds: [UInt64]
    var runs: [String]
    var charts = ["overlay": "overlay.svg", "scaling": "lr-vs-batch-size.svg"]
    var scaling: [String: ScalingOutcome]

    init(id: String, model: String, batchSizes: [Int], seeds: [UInt64], runs: [String],
         scaling: [SuggestionMethod: ScalingOutcome]) {
        self.id = id
        self.model = model
        self.batchSizes = batchSizes
        self.seeds = seeds
        self.runs = runs
        self.scaling = Dictionary(uniqueKeysWithValues: scaling.map { ($0.key.rawValue, $0.value) })
    }

    func jsonText() throws -> String {
        let encoder = RunManifest.encoder
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
