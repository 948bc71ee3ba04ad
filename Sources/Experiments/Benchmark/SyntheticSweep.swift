import ArtifactSchema
import Datasets
import Foundation
import LRFinder
import Recorders
import TensorCore

/// Writes a sweep of made-up, completed range tests to disk (its plan and every run's
/// `run.json` and `metrics.csv`), to time and test collecting large sweeps without training.
///
/// Each run's loss falls along a sigmoid and blows up past a learning rate that grows with the
/// batch size as `(batchSize / 64)^exponent`, with a little seeded noise per run and per batch,
/// so the suggestions (computed from the curve by the real suggester) scale with the batch size
/// by about `exponent`. The files are shaped as the recorders write them.
public enum SyntheticSweep {
    /// Writes the sweep of `batchSizes` × `seeds` into `out` with `points` batches per run;
    /// returns its plan (`sweep.json` is written too).
    public static func write(out: String, batchSizes: [Int], seeds: [UInt64], points: Int = 100,
                             exponent: Double = 0.5) throws -> SweepPlan {
        precondition(points >= 10, "at least 10 points per run")
        let settings = RangeTestSettings(startLR: 1e-6, endLR: 10, iterations: points)
        let base = RangeTestJob(model: "mlp", data: DataRequest(source: "synthetic"), settings: settings,
                                records: ["csv"], outputDirectory: out)
        let sweep = SweepJob(base: base, batchSizes: batchSizes, seeds: seeds, jobs: 1)
        let dataSettings: [String: JSONValue] = ["trainCount": .number(1000.0), "splitSeed": .string("0"),
                                                 "classes": .array((0..<10).map { JSONValue.number(Double($0)) })]
        let plan = SweepPlan(sweep: sweep, dataSettings: dataSettings,
                             dataDescription: RunManifest.DataDescription(name: "synthetic", trainCount: 1000))
        try plan.write()
        for (run, job) in zip(plan.runs, plan.jobs()) {
            try writeRun(run, job: job, plan: plan, exponent: exponent)
        }
        return plan
    }

    private static func writeRun(_ run: SweepPlan.Run, job: RangeTestJob, plan: SweepPlan, exponent: Double) throws {
        let points = curve(batchSize: run.batchSize, seed: run.seed, settings: job.settings, exponent: exponent)
        let findings = RangeTestFindings(points: points, numIterations: job.settings.totalBatches)
        let info = RangeTestRunner.runInfo(job, dataSettings: [:])
        var manifest = RunManifest(id: run.id, kind: .lrFind, lrlabVersion: info.lrlabVersion, commandLine: [],
                                   startedAt: "2026-01-01T00:00:00Z",
                                   model: RunManifest.Model(name: job.model, parameterCount: 0, groups: []),
                                   data: RunManifest.DataDescription(name: "synthetic", trainCount: 1000),
                                   batchSize: run.batchSize, seed: run.seed, blasThreads: 1,
                                   optimizer: info.optimizer, schedule: info.schedule, group: plan.groupID)
        manifest.summary.iterations = points.count
        manifest.record(findings)
        manifest.finish(.completed, endedAt: "2026-01-01T00:00:01Z")
        var csv = MetricsColumns.standard.joined(separator: ",") + "\n"
        for point in points {
            csv += "\(point.iteration),0,\(text(point.learningRate)),0.9,\(text(point.loss)),\(text(point.smoothLoss))\n"
        }
        let directory = try RunDirectory.create(in: plan.runsFolder, id: run.id, collision: .reuse)
        try directory.write(csv, to: RunFiles.metrics)
        try directory.write(try manifest.jsonText(), to: RunFiles.manifest)
    }

    /// The recorded points of one made-up run, up to the divergence rule's stop.
    static func curve(batchSize: Int, seed: UInt64, settings: RangeTestSettings, exponent: Double) -> [RangeTestPoint] {
        var random = RandomGenerator(seed: seed &* 0x9E37_79B9 &+ UInt64(batchSize))
        let best = log(0.01 * pow(Double(batchSize) / 64, exponent)) + 0.1 * Double(random.nextFloat(in: -1, 1))
        let ratio = settings.endLR / settings.startLR
        var points: [RangeTestPoint] = []
        var average = 0.0, lowest = Double.infinity
        for step in 0..<settings.iterations {
            let lr = settings.startLR * pow(ratio, Double(step) / Double(settings.iterations - 1))
            let x = log(lr)
            let fall = 1.6 / (1 + exp(-2 * (x - (best - 2))))
            let blowUp = exp(2 * (x - best - 0.5))
            let loss = 2.3 - fall + 0.3 * blowUp + 0.01 * Double(random.nextFloat(in: -1, 1))
            average = 0.98 * average + 0.02 * loss
            let smooth = average / (1 - pow(0.98, Double(step + 1)))
            points.append(RangeTestPoint(iteration: step, learningRates: [Float(lr)], loss: Float(loss),
                                         smoothLoss: Float(smooth)))
            lowest = min(lowest, smooth)
            if let factor = settings.divergenceFactor, step > 0, smooth > factor * lowest { break }
        }
        return points
    }

    /// A finite Float as the recorders write it (shortest round-trip form).
    private static func text(_ value: Float) -> String { "\(value)" }
}

/// Times `SweepCollector` on a synthetic sweep (`SyntheticSweep`).
public enum SweepCollectBenchmark {
    /// What one benchmark measured.
    public struct Result: Sendable {
        public let runs: Int
        public let pointsPerRun: Int
        public let writeSeconds: Double
        /// One wall time per repetition of the collect.
        public let collectSeconds: [Double]
        /// Of the last collect: reading the plan and every run's files.
        public let readSeconds: Double
        /// The collected group's fitted valley slope (about the planted exponent).
        public let valleySlope: Double?

        public var medianCollectSeconds: Double {
            let sorted = collectSeconds.sorted()
            return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
        }
    }

    /// Writes a sweep of about `runs` runs (up to 10 batch sizes × enough seeds) into `folder`,
    /// then collects it `repetitions` times.
    public static func run(runs: Int, points: Int, repetitions: Int, folder: String) throws -> Result {
        let sizes = min(10, max(1, runs))
        let batchSizes = (0..<sizes).map { 8 << $0 }
        let seeds = (0..<UInt64(max(1, runs / sizes))).map { $0 }
        let start = Date()
        let plan = try SyntheticSweep.write(out: folder, batchSizes: batchSizes, seeds: seeds, points: points)
        let written = Date().timeIntervalSince(start)
        var times: [Double] = []
        var slope: Double?
        var reading = 0.0
        for _ in 0..<max(1, repetitions) {
            let begin = Date()
            let collection = try SweepCollector.collect(try SweepPlan.read(from: plan.groupFolder))
            times.append(Date().timeIntervalSince(begin))
            slope = collection.scaling[.valley]?.fit?.slope
            let readBegin = Date()
            _ = try SweepPlan.read(from: plan.groupFolder).runStates()
            reading = Date().timeIntervalSince(readBegin)
        }
        return Result(runs: plan.runs.count, pointsPerRun: points, writeSeconds: written, collectSeconds: times,
                      readSeconds: reading, valleySlope: slope)
    }
}
