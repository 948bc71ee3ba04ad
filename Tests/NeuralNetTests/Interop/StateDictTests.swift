import Foundation
import XCTest
@testable import NeuralNet
import TensorCore

/// A residual block with named sub-layers, as a composite layer names its tensors:
/// `x + conv2(relu(bn1(conv1(x))))`.
private final class ResidualTestBlock: StateDictNamed {
    let conv1: Conv2d, bn1: BatchNorm2d, relu = ReLU(), conv2: Conv2d

    init(channels: Int, rng: inout RandomGenerator) {
        conv1 = Conv2d(channels, channels, kernelSize: 3, padding: 1, rng: &rng)
        bn1 = BatchNorm2d(channels)
        conv2 = Conv2d(channels, channels, kernelSize: 3, padding: 1, rng: &rng)
    }

    var parameters: [Parameter] { conv1.parameters + bn1.parameters + conv2.parameters }
    var buffers: [Parameter] { bn1.buffers }
    var description: String { "ResidualTestBlock(\(conv1.inChannels))" }

    var stateDictEntries: [StateDictEntry] {
        StateDict.entries(of: conv1).map { $0.prefixed("conv1") } + StateDict.entries(of: bn1).map { $0.prefixed("bn1") }
            + StateDict.entries(of: conv2).map { $0.prefixed("conv2") }
    }

    func forward(_ input: Tensor, context: inout ForwardContext) -> Tensor {
        var y = conv2.forward(relu.forward(bn1.forward(conv1.forward(input, context: &context), context: &context),
                                           context: &context), context: &context)
        for i in 0..<y.count { y.storage[i] += input.storage[i] }
        return y
    }

    func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        var g = conv1.backward(bn1.backward(relu.backward(conv2.backward(outputGradient, needsInputGradient: true),
                                                          needsInputGradient: true), needsInputGradient: true),
                               needsInputGradient: true)
        for i in 0..<g.count { g.storage[i] += outputGradient.storage[i] }
        return g
    }
}

final class StateDictTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-statedict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// body [Conv2d, BatchNorm2d, ReLU, MaxPool2d, Sequential[block, block]], head [Flatten, Linear]:
    /// the residual stage sits at index 4, as `layer1` would in a PyTorch nn.Sequential.
    private func makeResidualModel(seed: UInt64) -> Sequential {
        var rng = RandomGenerator(seed: seed)
        let stage = Sequential([ResidualTestBlock(channels: 4, rng: &rng), ResidualTestBlock(channels: 4, rng: &rng)])
        return Sequential(groups: [
            LayerGroup(name: "body", layers: [Conv2d(1, 4, kernelSize: 3, padding: 1, rng: &rng), BatchNorm2d(4), ReLU(),
                                              MaxPool2d(kernelSize: 2), stage]),
            LayerGroup(name: "head", layers: [Flatten(), Linear(4 * 4 * 4, 3, rng: &rng)]),
        ])
    }

    /// Runs `steps` training forwards and SGD steps so weights and running statistics move.
    private func train(_ model: Sequential, steps: Int, inputShape: [Int], classes: Int) {
        let sgd = SGD(model: model, learningRate: 0.05, momentum: 0.9)
        let loss = CrossEntropyLoss()
        var context = ForwardContext(isTraining: true)
        for step in 0..<steps {
            let x = randomTensor(inputShape, seed: UInt64(100 + step))
            let labels = Tensor(shape: [inputShape[0]], storage: (0..<inputShape[0]).map { Float(($0 + step) % classes) })
            sgd.zeroGradients()
            _ = loss.forward(model.forward(x, context: &context), target: labels)
            _ = model.backward(loss.backward(), needsInputGradient: false)
            sgd.step()
        }
    }

    private func shapes(_ tensors: [String: StoredTensor]) -> [String: [Int]] { tensors.mapValues(\.shape) }

    func testMLPKeysAndShapesAreThoseOfItsPyTorchSequential() {
        let model = ReferenceModel.mlp.make(seed: 1)
        let tensors = StateDict.export(model)
        XCTAssertEqual(shapes(tensors), ["1.weight": [256, 784], "1.bias": [256], "3.weight": [10, 256], "3.bias": [10]])
        XCTAssertTrue(tensors.values.allSatisfy { $0.dtype == .f32 })
        let first = model.layers[1] as! Linear
        XCTAssertEqual(tensors["1.weight"]?.elements, .float(first.weight.value.storage), "[out, in] as nn.Linear")
    }

    func testCNNKeysAndShapesAreThoseOfItsPyTorchSequential() {
        let tensors = StateDict.export(ReferenceModel.cnn.make(seed: 1, classes: 7))
        XCTAssertEqual(shapes(tensors), ["0.weight": [16, 1, 3, 3], "0.bias": [16], "3.weight": [32, 16, 3, 3],
                                         "3.bias": [32], "7.weight": [7, 1568], "7.bias": [7]])
    }

    func testBatchNormAndNestedCompositeLayersUsePyTorchsKeys() {
        let model = makeResidualModel(seed: 3)
        train(model, steps: 3, inputShape: [2, 1, 8, 8], classes: 3)
        let tensors = StateDict.export(model)
        XCTAssertEqual(tensors["1.num_batches_tracked"], StoredTensor(shape: [], int64: [3]),
                       "an int64 scalar holding the training batches seen")
        XCTAssertEqual(tensors["4.1.bn1.num_batches_tracked"], StoredTensor(shape: [], int64: [3]))
        XCTAssertEqual(shapes(tensors)["4.0.conv1.weight"], [4, 4, 3, 3])
        var expected: [String] = ["0.weight", "0.bias"]
        expected += ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"].map { "1.\($0)" }
        for block in 0..<2 {
            expected += ["conv1.weight", "conv1.bias"].map { "4.\(block).\($0)" }
            expected += ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"].map { "4.\(block).bn1.\($0)" }
            expected += ["conv2.weight", "conv2.bias"].map { "4.\(block).\($0)" }
        }
        expected += ["6.weight", "6.bias"]
        XCTAssertEqual(StateDict.entries(of: model).map(\.key), expected)
        XCTAssertEqual(Set(tensors.keys), Set(expected))
    }

    func testSaveThenLoadRestoresEveryTensorBitForBit() throws {
        let trained = makeResidualModel(seed: 3)
        train(trained, steps: 4, inputShape: [2, 1, 8, 8], classes: 3)
        let file = path("model.safetensors")
        try StateDict.save(trained, metadata: ["model": "residual-test"], to: file)

        let fresh = makeResidualModel(seed: 9)
        XCTAssertNotEqual(fresh.namedTensors.map(\.parameter.value), trained.namedTensors.map(\.parameter.value))
        let loaded = try StateDict.load(from: file, into: fresh)
        XCTAssertEqual(loaded.metadata, ["model": "residual-test", "format": "pt"])
        XCTAssertEqual(fresh.namedTensors.map(\.parameter.value), trained.namedTensors.map(\.parameter.value))

        var context = ForwardContext(isTraining: false)
        let x = randomTensor([2, 1, 8, 8], seed: 77)
        XCTAssertEqual(fresh.forward(x, context: &context), trained.forward(x, context: &context))
    }

    func testMismatchesListEveryMissingUnexpectedAndWronglyShapedTensor() throws {
        var tensors = StateDict.export(ReferenceModel.mlp.make(seed: 1, classes: 10))
        tensors["1.bias"] = nil
        tensors["5.weight"] = StoredTensor(shape: [2], floats: [1, 2])
        tensors["extra"] = StoredTensor(shape: [], int64: [1])
        let model = ReferenceModel.mlp.make(seed: 2, classes: 5)
        let before = model.namedTensors.map(\.parameter.value)
        XCTAssertThrowsError(try StateDict.load(tensors, into: model, source: "weights.safetensors")) { error in
            guard let error = error as? StateDictError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.missing, [.init(key: "1.bias", shape: [256])])
            XCTAssertEqual(error.unexpected, [.init(key: "5.weight", shape: [2]), .init(key: "extra", shape: [])])
            XCTAssertEqual(error.wrongShapes, [.init(key: "3.weight", saved: [10, 256], model: [5, 256]),
                                               .init(key: "3.bias", saved: [10], model: [5])])
            let message = "\(error)"
            for fragment in ["weights.safetensors", "1 missing tensor: `1.bias` [256]",
                             "2 unexpected tensors (not in the model): `5.weight` [2], `extra` []",
                             "2 tensors of the wrong shape: `3.weight` is [10, 256] there but [5, 256] in the model",
                             "`3.bias` is [10] there but [5]", "same architecture and classes"] {
                XCTAssertTrue(message.contains(fragment), "`\(fragment)` missing from: \(message)")
            }
        }
        XCTAssertEqual(model.namedTensors.map(\.parameter.value), before, "a failed load changes nothing")

        let cnnFile = path("cnn.safetensors")
        try StateDict.save(ReferenceModel.cnn.make(seed: 1), to: cnnFile)
        XCTAssertThrowsError(try StateDict.load(from: cnnFile, into: ReferenceModel.mlp.make(seed: 1))) { error in
            guard let error = error as? StateDictError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.source, cnnFile)
            XCTAssertEqual(error.missing.map(\.key), ["1.weight", "1.bias"])
            XCTAssertEqual(error.unexpected.map(\.key), ["0.bias", "0.weight", "7.bias", "7.weight"])
            XCTAssertEqual(error.wrongShapes.map(\.key), ["3.weight", "3.bias"])
        }
    }

    func testCountsMayBeMissingButMustBeWholeNumbers() throws {
        let model = makeResidualModel(seed: 3)
        train(model, steps: 2, inputShape: [2, 1, 8, 8], classes: 3)
        var tensors = StateDict.export(model)
        tensors["1.num_batches_tracked"] = nil
        tensors["4.0.bn1.num_batches_tracked"] = StoredTensor(shape: [1], floats: [5])
        try StateDict.load(tensors, into: model)
        let stem = model.layers[1] as! BatchNorm2d
        XCTAssertEqual(stem.batchesTracked.value.storage, [0], "a missing count becomes 0, as in PyTorch")
        XCTAssertEqual(StateDict.export(model)["4.0.bn1.num_batches_tracked"], StoredTensor(shape: [], int64: [5]))

        tensors["1.num_batches_tracked"] = StoredTensor(shape: [], floats: [2.5])
        tensors["4.1.bn1.num_batches_tracked"] = StoredTensor(shape: [2], int64: [1, 1])
        XCTAssertThrowsError(try StateDict.load(tensors, into: model)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("`1.num_batches_tracked` holds 2.5, not a count"), message)
            XCTAssertTrue(message.contains("`4.1.bn1.num_batches_tracked` is [2] there but [] in the model"), message)
        }
    }

    func testOnlyGroupsLoadsTheBodyUnderANewHead() throws {
        let saved = ReferenceModel.mlp.make(seed: 1, classes: 10)
        let model = ReferenceModel.mlp.make(seed: 2, classes: 4)
        let head = (model.layers[3] as! Linear).weight.value
        try StateDict.load(StateDict.export(saved), into: model, onlyGroups: ["body"])
        XCTAssertEqual((model.layers[1] as! Linear).weight.value, (saved.layers[1] as! Linear).weight.value)
        XCTAssertEqual((model.layers[3] as! Linear).weight.value, head, "the new head is left alone")

        var tensors = StateDict.export(saved)
        tensors["1.bias"] = nil
        tensors["2.weight"] = StoredTensor(shape: [1], floats: [0])
        XCTAssertThrowsError(try StateDict.load(tensors, into: model, onlyGroups: ["body"])) { error in
            guard let error = error as? StateDictError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.missing.map(\.key), ["1.bias"])
            XCTAssertEqual(error.unexpected.map(\.key), ["2.weight"], "a body layer's extra tensor is unexpected")
            XCTAssertEqual(error.wrongShapes, [], "the old head's shapes do not matter")
        }
    }

    func testNumpyReadsLRLabsStateDictAsPyTorchNamesIt() throws {
        let model = makeResidualModel(seed: 3)
        train(model, steps: 2, inputShape: [2, 1, 8, 8], classes: 3)
        let file = path("residual.safetensors")
        try StateDict.save(model, metadata: ["model": "residual-test"], to: file)
        let seen = try ProbeDescription.run("dump", file)
        XCTAssertEqual(seen.metadata, ["model": "residual-test", "format": "pt"])
        XCTAssertEqual(Set(seen.tensors.keys), Set(StateDict.entries(of: model).map(\.key)))
        XCTAssertEqual(seen.tensors["4.1.bn1.num_batches_tracked"]?.dtype, "int64")
        XCTAssertEqual(seen.tensors["4.1.bn1.num_batches_tracked"]?.shape, [])
        XCTAssertEqual(seen.tensors["4.1.bn1.num_batches_tracked"]?.bits, [2])
        for entry in StateDict.entries(of: model) where entry.encoding == .values {
            XCTAssertEqual(seen.tensors[entry.key]?.dtype, "float32", entry.key)
            XCTAssertEqual(seen.tensors[entry.key]?.shape, entry.parameter.value.shape, entry.key)
            XCTAssertEqual(seen.tensors[entry.key]?.bits, entry.parameter.value.storage.map { UInt64($0.bitPattern) },
                           entry.key)
        }
    }

    func testAStateDictWrittenByNumpyLoadsIntoTheMLP() throws {
        let file = path("numpy-mlp.safetensors")
        let written = try ProbeDescription.run("write-mlp-state", file, "6")
        let model = ReferenceModel.mlp.make(seed: 1, classes: 6)
        try StateDict.load(from: file, into: model)
        for entry in StateDict.entries(of: model) {
            XCTAssertEqual(entry.parameter.value.storage.map { UInt64($0.bitPattern) }, written.tensors[entry.key]?.bits,
                           entry.key)
        }
    }
}
