import Foundation
import XCTest
import NeuralNet
import TensorCore

/// The configurable mlp, cnn and resnet: shapes, groups, errors and reproducibility.
final class BuiltInModelTests: XCTestCase {
    private func bits(_ model: Sequential) -> [[UInt32]] {
        model.namedTensors.map { $0.parameter.value.storage.map(\.bitPattern) }
    }

    private func tinyResNet(seed: UInt64 = 3, classes: Int = 3, channels: Int = 2) throws -> Sequential {
        try ResNetModel(configuration: .init(stemWidth: 2, widths: [2, 3], blocksPerStage: [1, 1]))
            .make(inputShape: [channels, 6, 6], classes: classes, seed: seed)
    }

    func testDefaultsReproduceTheReferenceModelsBitForBit() throws {
        for seed: UInt64 in [0, 7] {
            for classes in [10, 4] {
                let mlp = try MLPModel().make(inputShape: [1, 28, 28], classes: classes, seed: seed)
                let reference = ReferenceModel.mlp.make(seed: seed, classes: classes)
                XCTAssertEqual(mlp.description, reference.description)
                XCTAssertEqual(bits(mlp), bits(reference))
                let cnn = try CNNModel().make(inputShape: [1, 28, 28], classes: classes, seed: seed)
                let referenceCNN = ReferenceModel.cnn.make(seed: seed, classes: classes)
                XCTAssertEqual(cnn.description, referenceCNN.description)
                XCTAssertEqual(cnn.namedTensors.map(\.name), referenceCNN.namedTensors.map(\.name))
                XCTAssertEqual(bits(cnn), bits(referenceCNN))
            }
        }
    }

    func testMLPAndCNNAdaptToChannelsSizeAndClasses() throws {
        var context = ForwardContext(isTraining: false)
        let mlp = try MLPModel(configuration: .init(hiddenSizes: [32, 16])).make(inputShape: [3, 8, 8], classes: 5, seed: 1)
        XCTAssertEqual(mlp.description, "body: Flatten(), Linear(192, 32), ReLU(), Linear(32, 16), ReLU(); head: Linear(16, 5)")
        XCTAssertEqual(mlp.forward(Tensor(shape: [2, 3, 8, 8]), context: &context).shape, [2, 5])
        let table = try MLPModel(configuration: .init(hiddenSizes: [])).make(inputShape: [7], classes: 2, seed: 1)
        XCTAssertEqual(table.description, "body: Flatten(); head: Linear(7, 2)")

        let cnn = try CNNModel(configuration: .init(widths: [4, 8, 8])).make(inputShape: [3, 33, 20], classes: 6, seed: 1)
        XCTAssertEqual(cnn.groups[0].layers.first?.description, "Conv2d(3, 4, kernel 3, padding 1)")
        // 33x20 -> 16x10 -> 8x5 -> 4x2.
        XCTAssertEqual(cnn.groups[1].layers.map(\.description), ["Linear(64, 6)"])
        XCTAssertEqual(cnn.forward(Tensor(shape: [2, 3, 33, 20]), context: &context).shape, [2, 6])
    }

    func testResNetHasStemStagesPoolingAndHead() throws {
        let model = try ResNetModel().make(inputShape: [3, 32, 32], classes: 10, seed: 0)
        XCTAssertEqual(model.groups.map(\.name), ["body", "head"])
        XCTAssertEqual(model.groups[0].layers.map(\.description), [
            "Conv2d(3, 16, kernel 3, padding 1, no bias)", "BatchNorm2d(16)", "ReLU()",
            "ResidualBlock(16, 16)", "ResidualBlock(16, 16)",
            "ResidualBlock(16, 32, stride 2)", "ResidualBlock(32, 32)",
            "ResidualBlock(32, 64, stride 2)", "ResidualBlock(64, 64)", "GlobalAvgPool2d()",
        ])
        XCTAssertEqual(model.groups[1].layers.map(\.description), ["Linear(64, 10)"])
        let blocks = model.layers.compactMap { $0 as? ResidualBlock }
        XCTAssertEqual(blocks.map { $0.downsample != nil }, [false, false, true, false, true, false])
        var context = ForwardContext(isTraining: true)
        XCTAssertEqual(model.forward(randomTensor([2, 3, 32, 32], seed: 1), context: &context).shape, [2, 10])

        let names = model.namedTensors.map(\.name)
        XCTAssertEqual(Set(names).count, names.count, "tensor names are unique")
        XCTAssertEqual(Array(names.prefix(7)), ["body.0.weight", "body.1.weight", "body.1.bias", "body.1.running_mean",
                                                "body.1.running_var", "body.1.num_batches_tracked", "body.3.conv1.weight"])
        XCTAssertTrue(names.contains("body.5.downsample.0.weight"))
        XCTAssertTrue(names.contains("body.5.downsample.1.running_var"))
        XCTAssertEqual(names.suffix(2), ["head.0.weight", "head.0.bias"])
        // Every parameter and buffer of the blocks is listed: 3 + 6 * 2 + 2 norms with 5 tensors each.
        XCTAssertEqual(model.buffers.count, 3 * (1 + 6 * 2 + 2))
        XCTAssertEqual(model.namedTensors.count, model.parameters.count + model.buffers.count)

        let deeper = try ResNetModel(configuration: .init(stemWidth: 8, widths: [8, 16, 24, 32], blocksPerStage: [1, 3, 1, 1]))
            .make(inputShape: [1, 64, 48], classes: 2, seed: 0)
        XCTAssertEqual(deeper.layers.compactMap { ($0 as? ResidualBlock)?.stride }, [1, 2, 1, 1, 2, 2])
        XCTAssertEqual(deeper.forward(Tensor(shape: [1, 1, 64, 48]), context: &context).shape, [1, 2])
    }

    func testBadConfigurationsNameTheProperty() {
        func message(_ make: () throws -> Sequential) -> String {
            do {
                _ = try make()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(message { try ResNetModel().make(inputShape: [3, 3, 32], classes: 10, seed: 0) },
                       "model resnet: an input of 3x32 pixels is too small for 3 stages (`widths` has 3 entries, so 2 "
                           + "stride-2 downsamplings): it needs at least 4x4; use fewer `widths` or larger images")
        XCTAssertEqual(message { try ResNetModel(configuration: .init(widths: [16, 0])).make(inputShape: [3, 32, 32], classes: 10, seed: 0) },
                       "model resnet: `widths` must be positive, got [16, 0]")
        XCTAssertEqual(message { try ResNetModel(configuration: .init(widths: [16, 32])).make(inputShape: [3, 32, 32], classes: 10, seed: 0) },
                       "model resnet: `blocksPerStage` has 3 entries but `widths` has 2: give one block count per stage")
        XCTAssertEqual(message { try ResNetModel(configuration: .init(blocksPerStage: [2, 0, 2])).make(inputShape: [3, 32, 32], classes: 10, seed: 0) },
                       "model resnet: `blocksPerStage` must be positive (every stage needs a block), got [2, 0, 2]")
        XCTAssertEqual(message { try ResNetModel(configuration: .init(stemWidth: 0)).make(inputShape: [3, 32, 32], classes: 10, seed: 0) },
                       "model resnet: `stemWidth` must be positive, got 0")
        XCTAssertEqual(message { try ResNetModel(configuration: .init(widths: [])).make(inputShape: [3, 32, 32], classes: 10, seed: 0) },
                       "model resnet: `widths` must list at least one size")
        XCTAssertEqual(message { try ResNetModel().make(inputShape: [3072], classes: 10, seed: 0) },
                       "model resnet: needs image inputs [channels, height, width], got the input shape [3072] (rows of table features): use the mlp model for tables")
        XCTAssertEqual(message { try ResNetModel().make(inputShape: [3, 32, 32], classes: 0, seed: 0) },
                       "model resnet: the number of classes must be positive, got 0")
        XCTAssertEqual(message { try CNNModel().make(inputShape: [1, 3, 3], classes: 10, seed: 0) },
                       "model cnn: an input of 3x3 pixels is too small for 2 stages (`widths` has 2 entries, each halving "
                           + "the image with a 2x2 max-pool): it needs at least 4x4; use fewer `widths` or larger images")
        XCTAssertEqual(message { try CNNModel(configuration: .init(widths: [8, -1])).make(inputShape: [1, 28, 28], classes: 10, seed: 0) },
                       "model cnn: `widths` must be positive, got [8, -1]")
        XCTAssertEqual(message { try MLPModel(configuration: .init(hiddenSizes: [0])).make(inputShape: [4], classes: 2, seed: 0) },
                       "model mlp: `hiddenSizes` must be positive, got [0]")
        XCTAssertEqual(message { try MLPModel().make(inputShape: [0, 4], classes: 2, seed: 0) },
                       "model mlp: the input shape [0, 4] must have positive dimensions")
    }

    func testConfigurationsDecodeWithDefaultsForMissingKeys() throws {
        let decoder = JSONDecoder()
        let resnet = try decoder.decode(ResNetModel.Configuration.self, from: Data(#"{"widths": [8, 16], "blocksPerStage": [1, 1]}"#.utf8))
        XCTAssertEqual(resnet, ResNetModel.Configuration(stemWidth: 16, widths: [8, 16], blocksPerStage: [1, 1]))
        XCTAssertEqual(try decoder.decode(ResNetModel.Configuration.self, from: Data("{}".utf8)), ResNetModel.Configuration())
        XCTAssertEqual(try decoder.decode(MLPModel.Configuration.self, from: Data(#"{"hiddenSizes": [64]}"#.utf8)).hiddenSizes, [64])
        XCTAssertEqual(try decoder.decode(CNNModel.Configuration.self, from: Data("{}".utf8)), CNNModel.Configuration())
        let encoded = try JSONEncoder().encode(resnet)
        XCTAssertEqual(try decoder.decode(ResNetModel.Configuration.self, from: encoded), resnet)
    }

    func testWholeTinyResNetGradients() throws {
        let model = try tinyResNet()
        for norm in model.layers.flatMap({ ($0 as? ResidualBlock)?.sublayers.map(\.layer) ?? [$0] }).compactMap({ $0 as? BatchNorm }) {
            norm.weight.value = randomTensor(norm.weight.value.shape, seed: UInt64(norm.features), scale: 1.5)
            norm.bias.value = randomTensor(norm.bias.value.shape, seed: 40)
        }
        checkGradients(of: model, input: randomTensor([3, 2, 6, 6], seed: 4), epsilon: 1e-3, tolerance: 2e-2, kinkFraction: 0.03)
    }

    /// Two SGD steps on a fixed batch, then the evaluation-mode outputs.
    private func trainTwoSteps(_ model: Sequential, classes: Int = 3) -> Tensor {
        let sgd = SGD(model: model, learningRate: 0.1, momentum: 0.9)
        let loss = CrossEntropyLoss()
        var context = ForwardContext(isTraining: true)
        let x = randomTensor([4, 2, 6, 6], seed: 9)
        let labels = Tensor(shape: [4], storage: [0, 1, 2, 1].map { Float($0 % classes) })
        for _ in 0..<2 {
            sgd.zeroGradients()
            _ = loss.forward(model.forward(x, context: &context), target: labels)
            _ = model.backward(loss.backward(), needsInputGradient: false)
            sgd.step()
        }
        context.isTraining = false
        return model.forward(x, context: &context)
    }

    func testSameSeedGivesIdenticalWeightsAndOutputs() throws {
        let a = try tinyResNet(seed: 5), b = try tinyResNet(seed: 5), c = try tinyResNet(seed: 6)
        XCTAssertEqual(bits(a), bits(b))
        XCTAssertNotEqual(bits(a), bits(c))
        let outputA = trainTwoSteps(a), outputB = trainTwoSteps(b)
        XCTAssertEqual(outputA.storage.map(\.bitPattern), outputB.storage.map(\.bitPattern))
        XCTAssertEqual(bits(a), bits(b), "trained weights and running statistics agree bit for bit")
        XCTAssertNotEqual(trainTwoSteps(c).storage, outputA.storage)
    }

    func testCheckpointAndSnapshotRoundTripIncludingRunningStatistics() throws {
        let model = try tinyResNet(seed: 11)
        let expected = trainTwoSteps(model)
        let block = model.layers.compactMap { $0 as? ResidualBlock }.last!
        XCTAssertNotEqual(block.downsample!.norm.runningMean.value.storage, [0, 0, 0], "training moved the running mean")
        XCTAssertEqual(block.bn2.batchesTracked.value.storage, [2])

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-resnet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("resnet.ckpt").path
        try Checkpoint.save(model: model, to: path)
        let checkpoint = try Checkpoint.load(from: path)
        XCTAssertTrue(checkpoint.tensors.map(\.name).contains("body.4.downsample.1.running_mean"))

        let restored = try tinyResNet(seed: 12)
        XCTAssertNotEqual(bits(restored), bits(model))
        try checkpoint.restore(into: restored)
        XCTAssertEqual(bits(restored), bits(model))
        var context = ForwardContext(isTraining: false)
        let x = randomTensor([4, 2, 6, 6], seed: 9)
        XCTAssertEqual(restored.forward(x, context: &context), expected, "evaluation uses the restored running statistics")

        let snapshot = ModelSnapshot(model: model)
        _ = trainTwoSteps(model)
        XCTAssertNotEqual(bits(model), bits(restored))
        try snapshot.restore(into: model)
        XCTAssertEqual(bits(model), bits(restored))

        let other = try tinyResNet(seed: 11, channels: 1)
        XCTAssertThrowsError(try checkpoint.restore(into: other)) { error in
            XCTAssertTrue("\(error)".contains("body.0.weight"), "\(error)")
        }
    }

    func testBenchmarkCountsResidualBlockProducts() throws {
        let model = try ResNetModel(configuration: .init(stemWidth: 4, widths: [4, 8], blocksPerStage: [1, 1]))
            .make(inputShape: [3, 8, 8], classes: 5, seed: 0)
        let n = 2.0
        let stem = 2 * n * 64 * 4 * 27
        let first = 2 * (2 * n * 64 * 4 * 36)
        let second = 2 * n * 16 * 8 * 36 + 2 * n * 16 * 8 * 72 + 2 * n * 16 * 8 * 4
        let head = 2 * n * 8 * 5
        XCTAssertEqual(TrainingStepBenchmark.flopsPerStep(of: model, inputShape: [2, 3, 8, 8]),
                       2 * stem + 3 * (first + second + head))
        let benchmark = try TrainingStepBenchmark(ResNetModel(configuration: .init(stemWidth: 4, widths: [4, 8], blocksPerStage: [1, 1])),
                                                  inputShape: [3, 8, 8], classes: 5, batchSize: 2)
        let result = benchmark.run(steps: 1, warmup: 0)
        XCTAssertEqual(result.model, "resnet")
        XCTAssertEqual(result.flopsPerStep, 2 * stem + 3 * (first + second + head))
        XCTAssertThrowsError(try TrainingStepBenchmark(ResNetModel(), inputShape: [3, 2, 2], batchSize: 2))
    }
}
