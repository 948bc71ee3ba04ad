import Foundation
import NeuralNet
import LRLabTestSupport
import XCTest
@testable import Experiments
@testable import LRFinder

/// A checkpoint keeps its head only for the classes it was trained on.
final class CheckpointLoadingTests: XCTestCase {
    private func savedCheckpoint(classes: [Int]) throws -> (path: String, model: Sequential) {
        let model = ReferenceModel.mlp.make(seed: 1, classes: classes.count)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-\(UUID().uuidString).ckpt").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint.save(model: model, metadata: CheckpointLoading.metadata(model: "mlp", classes: classes), to: path)
        return (path, model)
    }

    private func values(_ group: LayerGroup) -> [[Float]] { group.parameters.map(\.value.storage) }

    func testOtherClassesOfTheSameCountGetAFreshHead() throws {
        let saved = try savedCheckpoint(classes: [0, 1, 2, 3, 4])
        let model = ReferenceModel.mlp.make(seed: 2, classes: 5)
        let freshHead = values(model.groups.last!)
        let outcome = try CheckpointLoading.load(saved.path, into: model, optimizer: nil, classes: [5, 6, 7, 8, 9])
        XCTAssertEqual(outcome, .bodyOnly)
        XCTAssertEqual(values(model.groups[0]), values(saved.model.groups[0]))
        XCTAssertEqual(values(model.groups.last!), freshHead)
    }

    func testTheSameClassesLoadTheWholeModel() throws {
        let saved = try savedCheckpoint(classes: [0, 1, 2, 3, 4])
        let model = ReferenceModel.mlp.make(seed: 2, classes: 5)
        let outcome = try CheckpointLoading.load(saved.path, into: model, optimizer: nil, classes: [0, 1, 2, 3, 4])
        XCTAssertEqual(outcome, .whole(optimizerRestored: false))
        XCTAssertEqual(values(model.groups.last!), values(saved.model.groups.last!))
    }
}
