import Datasets
import Foundation
import Experiments
import LRFinder
import LRLabTestSupport
import XCTest

/// Small synthetic data and temporary folders for runner tests.
enum TestRuns {
    /// 28x28 stroke patterns, 160 training examples, shared by the tests (made once).
    static let data: DataBundle = {
        try! Registries.builtIn.dataSources.load(request)
    }()

    /// The request behind `data`.
    static let request = DataRequest(source: "synthetic", options: ["count": "240"], validationFraction: 0.25, trainLimit: 160)

    /// A fresh folder removed after the test.
    static func folder(_ test: XCTestCase) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lrfinder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    /// A short range test on the mlp.
    static func job(out: String, batchSize: Int = 16, seed: UInt64 = 0, iterations: Int = 20) -> RangeTestJob {
        RangeTestJob(model: "mlp", batchSize: batchSize, seed: seed,
                     settings: RangeTestSettings(startLR: 1e-5, endLR: 10, iterations: iterations),
                     records: ["csv", "svg"], outputDirectory: out)
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }
}
