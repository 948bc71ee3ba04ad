import ArtifactSchema
import Foundation
import LRLabTestSupport
import XCTest
import Datasets
import NeuralNet
import TensorCore
import Training
@testable import Recorders

/// A range test with the project's real layers, optimizer, sweep schedule and divergence stop,
/// recorded through the public factory.
final class RealComponentsTests: XCTestCase {
    func testRangeTestWithRealComponentsIsRecordedEndToEnd() throws {
        var rng = RandomGenerator(seed: 1)
        let model = Sequential(groups: [
            LayerGroup(name: "body", layers: [Linear(2, 8, rng: &rng), ReLU()]),
            LayerGroup(name: "head", layers: [Linear(8, 1, rng: &rng)]),
        ])
        let info = RunInfo(kind: .lrFind, model: "mlp", commandLine: ["train", "lr-find"], batchSize: 4, seed: 1,
                           optimizer: ["kind": "sgd", "momentum": 0.9],
                           schedule: ["kind": "exponential-sweep", "startLR": 1e-4, "endLR": 100, "iterations": 40])
        let out = try TinyRun.temporaryFolder()
        let directory = try RunDirectory.create(in: out, id: info.runID)
        var registry = RecorderRegistry.builtIn
        registry.register(JSONEventRecorderFactory(filter: .batchEnds))
        let recorders = try registry.makeRecorders(try registry.parseSelection("csv,json,svg"),
                                                   for: RecorderContext(directory: directory, info: info))
        let learner = Learner(
            model: model, lossFunction: MeanSquaredError(),
            optimizer: SGD(model: model, learningRate: 1e-4, momentum: 0.9),
            trainLoader: DataLoader(dataset: TinyProblem.dataset(count: 64), batchSize: 4, shuffle: true, seed: 1),
            callbacks: recorders.callbacks + [try ParameterScheduler.exponentialSweep(from: 1e-4, to: 100, iterations: 40),
                                              TerminateOnNonFinite(), StopAfterIterations(40)],
            seed: 1)
        try learner.fit(epochs: 3)

        let manifest = try RunManifest.decode(from: Data(contentsOf: URL(fileURLWithPath: directory.path(for: "run.json"))))
        XCTAssertTrue([.diverged, .completed].contains(manifest.status), "\(manifest.status)")
        XCTAssertTrue(manifest.complete)
        XCTAssertEqual(manifest.model.groups.map(\.parameterCount), [24, 9])

        let rows = try String(contentsOfFile: directory.path(for: "metrics.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(rows.count, manifest.summary.iterations)
        XCTAssertEqual(rows.map { $0[0] }, (0..<rows.count).map(String.init))
        XCTAssertTrue(rows.allSatisfy { $0[3] == "0.9" }, "momentum column")
        let rates = rows.map { Double($0[2])! }
        XCTAssertEqual(rates.first!, 1e-4, accuracy: 1e-10)
        XCTAssertTrue(zip(rates, rates.dropFirst()).allSatisfy { $1 > $0 }, "the sweep's rates grow")
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path(for: "epochs.csv")))

        let events = try String(contentsOfFile: directory.path(for: "events.jsonl"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(events.filter { $0.contains("\"after_batch\"") }.count, rows.count)
        XCTAssertTrue(events.last!.hasPrefix("{\"event\":\"after_fit\""))
        let svg = try String(contentsOfFile: directory.path(for: "plot.svg"), encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), String(svg.prefix(40)))
        XCTAssertTrue(svg.contains("learning rate (log scale)"))
    }
}

/// Cancels the fit after `count` training batches, as the LR finder's sweep does.
final class StopAfterIterations: Callback {
    let order = CallbackOrder.rangeTest
    let count: Int
    init(_ count: Int) { self.count = count }
    func afterBatch(_ learner: Learner) throws {
        if learner.isTraining && learner.iteration + 1 >= count { throw Cancellation.fit(.stopped, reason: "sweep finished") }
    }
}
