import Foundation
import LRLabTestSupport
import XCTest
@testable import NeuralNet
import TensorCore

/// LRLab's per-batch losses equal those of a NumPy reference written from PyTorch's definitions
/// (Tests/Python/mlp_reference.py), given the same initial weights (through a safetensors state
/// dict), the same batches in file order and the rising learning rates of an LR range test.
///
/// With `LRLAB_PARITY_DIR` set, each test also leaves its weights, batches and both sides' losses
/// in a folder there, for `bench/pytorch_parity.py` to replay in PyTorch itself.
final class ReferenceParityTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrlab-parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The first batches of a range test and what both sides train with.
    struct Replay {
        static let batches = 60
        static let batchSize = 64
        static let classes = 10
        static let momentum: Float = 0.9

        /// `[batches * batchSize, 1, 28, 28]`, normalised by their own mean and standard deviation.
        let inputs: Tensor
        /// Class indices, one per image.
        let labels: [Int64]
        /// fastai's default exponential ladder, 1e-7 to 10 over 100 iterations: the first 60 rungs.
        let learningRates: [Float]

        /// Fashion-MNIST-like images: a faint random pattern per class under strong per-image noise,
        /// with one label in six drawn at random, so the loss stays well above zero (as on real
        /// data) where float32 still resolves relative differences.
        static func make(seed: UInt64, startLR: Double = 1e-7, endLR: Double = 10, iterations: Int = 100) -> Replay {
            var rng = RandomGenerator(seed: seed)
            let pixels = 28 * 28, count = batches * batchSize
            let prototypes: [[Float]] = (0..<classes).map { _ in
                (0..<pixels).map { _ in max(0, rng.nextFloat(in: -0.6, 1)) }
            }
            var labels: [Int64] = [], values: [Float] = []
            values.reserveCapacity(count * pixels)
            for _ in 0..<count {
                let label = Int(rng.next() % UInt64(classes))
                labels.append(rng.next() % 6 == 0 ? Int64(rng.next() % UInt64(classes)) : Int64(label))
                let contrast = rng.nextFloat(in: 0.2, 0.4)
                for p in prototypes[label] { values.append(min(1, max(0, p * contrast + rng.nextFloat(in: 0, 0.6)))) }
            }
            let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
            let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
            let std = variance.squareRoot()
            let normalized = values.map { Float((Double($0) - mean) / std) }
            let rates = (0..<batches).map { Float(startLR * pow(endLR / startLR, Double($0) / Double(iterations))) }
            return Replay(inputs: Tensor(shape: [count, 1, 28, 28], storage: normalized), labels: labels,
                          learningRates: rates)
        }

        /// Writes the batches as the reference script reads them.
        func write(to path: String) throws {
            try Safetensors.write(["inputs": StoredTensor(inputs), "labels": StoredTensor(shape: [labels.count], int64: labels),
                                   "learning_rates": StoredTensor(shape: [learningRates.count], floats: learningRates)],
                                  metadata: ["batch_size": String(Self.batchSize), "momentum": String(Self.momentum)],
                                  to: path)
        }

        /// LRLab's losses: one SGD step per batch, in order, each at its rate (no shuffling).
        func train(_ model: Sequential) -> [Float] {
            let sgd = SGD(model: model, learningRate: learningRates[0], momentum: Self.momentum)
            let loss = CrossEntropyLoss()
            var context = ForwardContext(isTraining: true)
            let imageSize = inputs.count / labels.count
            return learningRates.enumerated().map { batch, rate in
                for group in sgd.groups { group.learningRate = rate }
                let range = (batch * Self.batchSize)..<((batch + 1) * Self.batchSize)
                let x = Tensor(shape: [Self.batchSize, 1, 28, 28],
                               storage: Array(inputs.storage[(range.lowerBound * imageSize)..<(range.upperBound * imageSize)]))
                let y = Tensor(shape: [Self.batchSize], storage: labels[range].map { Float($0) })
                sgd.zeroGradients()
                let value = loss.forward(model.forward(x, context: &context), target: y)
                _ = model.backward(loss.backward(), needsInputGradient: false)
                sgd.step()
                return value
            }
        }
    }

    /// Relative differences of LRLab's losses from the reference's.
    private func relativeDifferences(_ ours: [Float], _ reference: [Double]) -> [Double] {
        zip(ours, reference).map { abs(Double($0) - $1) / abs($1) }
    }

    /// Trains `model` from the same initial weights in LRLab and in the NumPy reference `script`
    /// on the first 60 batches of a range test from `startLR` to 10 over 100 iterations, and
    /// compares the per-batch losses: the first to 1e-5 relative and all to `tolerance` (the
    /// issue's 1e-3 unless given).
    ///
    /// Convolutions run `algorithm`: the bound holds for im2col's exact products (what
    /// reproducible mode runs); Winograd's are checked against a looser bound of their own.
    private func assertParity(_ model: ReferenceModel, script: String, startLR: Double, tolerance: Double = 1e-3,
                              algorithm: ConvolutionAlgorithm = .im2col,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        let weights = path("\(model)-initial.safetensors"), batches = path("batches.safetensors")
        try StateDict.save(model.make(seed: 42), metadata: ["model": model.rawValue], to: weights)
        let replay = Replay.make(seed: 3, startLR: startLR)
        try replay.write(to: batches)

        // LRLab starts from the file's weights, as `--init-from` does.
        let trained = model.make(seed: 7)
        for conv in trained.layers.compactMap({ $0 as? Conv2d }) { conv.algorithm = algorithm }
        try StateDict.load(from: weights, into: trained)
        let ours = replay.train(trained)

        let output = try TestPython.jsonObject([TestPython.script(script), weights, batches])
        let reference = try XCTUnwrap(output["losses"] as? [Double], file: file, line: line)
        XCTAssertEqual(reference.count, Replay.batches, file: file, line: line)
        XCTAssertTrue(ours.allSatisfy(\.isFinite), "\(ours)", file: file, line: line)
        XCTAssertLessThan(Double(ours.suffix(5).reduce(0, +)), Double(ours.prefix(5).reduce(0, +)) * 0.9,
                          "the weights learn, so later batches test the steps: \(ours)", file: file, line: line)

        try keepForPyTorch(model: model, startLR: startLR, weights: weights, batches: batches, ours: ours,
                           reference: reference)

        let differences = zip(ours, reference).map { abs(Double($0) - $1) / abs($1) }
        let worst = differences.enumerated().max { $0.element < $1.element }!
        print("\(model) parity, range test from \(startLR), \(Replay.batches) batches: first batch \(differences[0]), "
              + "max \(worst.element) at batch \(worst.offset); losses \(ours.first!) -> \(ours.last!)")
        XCTAssertLessThanOrEqual(differences[0], 1e-5, "first batch: LRLab \(ours[0]), reference \(reference[0])",
                                 file: file, line: line)
        for (batch, difference) in differences.enumerated() where difference > tolerance {
            XCTFail("batch \(batch): LRLab \(ours[batch]), reference \(reference[batch]) (relative \(difference))",
                    file: file, line: line)
        }
    }

    /// Copies the replay into `$LRLAB_PARITY_DIR/<model>-from-<startLR>/` when that is set.
    private func keepForPyTorch(model: ReferenceModel, startLR: Double, weights: String, batches: String,
                                ours: [Float], reference: [Double]) throws {
        guard let root = ProcessInfo.processInfo.environment["LRLAB_PARITY_DIR"], !root.isEmpty else { return }
        let target = URL(fileURLWithPath: root).appendingPathComponent("\(model)-from-\(startLR)")
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: weights, toPath: target.appendingPathComponent("weights.safetensors").path)
        try FileManager.default.copyItem(atPath: batches, toPath: target.appendingPathComponent("batches.safetensors").path)
        let losses: [String: Any] = ["model": model.rawValue, "lrlab": ours.map(Double.init), "numpy": reference]
        try JSONSerialization.data(withJSONObject: losses, options: [.sortedKeys])
            .write(to: target.appendingPathComponent("losses.json"))
    }

    /// fastai's default ladder (1e-7 to 10): the first 60 rates stay below 6e-3.
    func testMLPMatchesTheNumPyReferenceOnTheDefaultRangeTest() throws {
        try assertParity(.mlp, script: "mlp_reference.py", startLR: 1e-7)
    }

    /// From 1e-4 the first 60 rates reach 0.1 (with momentum 0.9), where every part of the step
    /// moves the weights. The mlp's losses differ by about 1e-7, so a tenth of the bound
    /// still passes and also catches a learning rate off by 0.1%.
    func testMLPMatchesTheNumPyReferenceOnASteepRangeTest() throws {
        try assertParity(.mlp, script: "mlp_reference.py", startLR: 1e-4, tolerance: 1e-4)
    }

    /// The cnn's differences grow to about 5e-5 by batch 60: max pooling turns rounding-level
    /// differences into a different choice of maximum now and then.
    func testCNNMatchesTheNumPyReferenceOnASteepRangeTest() throws {
        try assertParity(.cnn, script: "cnn_reference.py", startLR: 1e-4)
    }

    /// Winograd's products round differently from im2col's (and more: its transforms scale values
    /// by up to 8 and 1/24). Measured: the losses agree to 1e-7 for 33 batches, then the rising
    /// learning rate amplifies the difference by about 1.3 per batch, to 3.3e-3 at batch 56, so
    /// 1e-2 here (im2col reproduces the reference's rounding closely enough to stay at 2e-7).
    func testCNNWithWinogradStaysNearTheNumPyReferenceOnASteepRangeTest() throws {
        try assertParity(.cnn, script: "cnn_reference.py", startLR: 1e-4, tolerance: 1e-2, algorithm: .winograd)
    }
}
