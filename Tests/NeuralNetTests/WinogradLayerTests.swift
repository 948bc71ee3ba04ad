import XCTest
@testable import NeuralNet
import TensorCore

/// `Conv2d` with Winograd's algorithm: finite differences, agreement with im2col, and training.
final class WinogradLayerTests: XCTestCase {
    private func convolution(_ inC: Int, _ outC: Int, bias: Bool = true, seed: UInt64,
                             algorithm: ConvolutionAlgorithm = .winograd) -> Conv2d {
        var rng = RandomGenerator(seed: seed)
        let conv = Conv2d(inC, outC, kernelSize: 3, padding: 1, bias: bias, rng: &rng)
        conv.algorithm = algorithm
        return conv
    }

    /// Every convolution of `model`, inside residual blocks too.
    private func convolutions(_ model: Sequential) -> [Conv2d] {
        model.layers.flatMap { ($0 as? ResidualBlock)?.sublayers.map(\.layer) ?? [$0] }.compactMap { $0 as? Conv2d }
    }

    func testGradientsMatchFiniteDifferences() {
        // Odd sizes leave partial border tiles; 28 and 32 are whole tiles; batch 1 and 3.
        let cases: [(inC: Int, outC: Int, shape: [Int])] = [
            (1, 2, [1, 1, 7, 7]), (3, 4, [3, 3, 8, 8]), (2, 3, [1, 2, 28, 28]), (4, 2, [3, 4, 5, 9]),
            (2, 2, [1, 2, 32, 32]), (5, 3, [3, 5, 7, 6]),
        ]
        for (index, c) in cases.enumerated() {
            let conv = convolution(c.inC, c.outC, bias: index % 2 == 0, seed: UInt64(index + 1))
            XCTAssertTrue(conv.usesWinograd)
            checkGradients(of: conv, input: randomTensor(c.shape, seed: UInt64(20 + index)))
        }
    }

    func testAgreesWithIm2colOnTheResNetShapes() {
        // Outputs and gradients within 1e-5 of the largest value (float rounding of a different
        // summation; the Double definition in TensorCoreTests bounds each against exact sums).
        let cases: [(inC: Int, outC: Int, shape: [Int], bias: Bool)] = [
            (3, 16, [3, 3, 32, 32], false), (16, 16, [2, 16, 32, 32], false), (32, 32, [3, 32, 16, 16], false),
            (64, 64, [2, 64, 8, 8], false), (5, 7, [3, 5, 7, 7], true), (16, 32, [1, 16, 28, 28], true),
        ]
        for (index, c) in cases.enumerated() {
            let fast = convolution(c.inC, c.outC, bias: c.bias, seed: UInt64(index + 40))
            let exact = convolution(c.inC, c.outC, bias: c.bias, seed: UInt64(index + 40), algorithm: .im2col)
            XCTAssertFalse(exact.usesWinograd)
            let x = randomTensor(c.shape, seed: UInt64(index + 60))
            var context = ForwardContext(isTraining: true)
            let y = fast.forward(x, context: &context), reference = exact.forward(x, context: &context)
            let what = "\(c.inC)->\(c.outC) on \(c.shape)"
            assertRelativelyClose(y.storage, reference.storage, "\(what) output")
            let dy = randomTensor(y.shape, seed: UInt64(index + 80))
            let dx = fast.backward(dy, needsInputGradient: true), referenceDx = exact.backward(dy, needsInputGradient: true)
            assertRelativelyClose(dx.storage, referenceDx.storage, "\(what) input gradient")
            assertRelativelyClose(fast.weight.gradient.storage, exact.weight.gradient.storage, "\(what) weight gradient")
            if c.bias {
                XCTAssertEqual(fast.bias!.gradient.storage, exact.bias!.gradient.storage, "\(what) bias gradient")
            }
        }
    }

    private func assertRelativelyClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5, _ what: String,
                                       file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        let scale = b.map(abs).max() ?? 0
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        XCTAssertLessThanOrEqual(worst, tolerance * scale, "\(what): largest difference \(worst), largest value \(scale)",
                                 file: file, line: line)
    }

    func testLayersTakeTheProcessAlgorithmWhereWinogradApplies() {
        var rng = RandomGenerator(seed: 1)
        XCTAssertEqual(Conv2d(2, 3, kernelSize: 3, padding: 1, rng: &rng).algorithm, ConvolutionAlgorithm.processDefault)
        // Stride-2 3x3 layers take it too, for the direct kernels of `StridedConvolution`.
        XCTAssertEqual(Conv2d(2, 3, kernelSize: 3, stride: 2, padding: 1, rng: &rng).algorithm, ConvolutionAlgorithm.processDefault)
        XCTAssertEqual(Conv2d(2, 3, kernelSize: 1, rng: &rng).algorithm, .im2col)
        XCTAssertEqual(Conv2d(2, 3, kernelSize: 3, rng: &rng).algorithm, .im2col)
        // A layer told to use Winograd where it does not apply keeps im2col.
        let strided = Conv2d(2, 3, kernelSize: 3, stride: 2, padding: 1, rng: &rng)
        strided.algorithm = .winograd
        XCTAssertFalse(strided.usesWinograd)
    }

    /// Losses of `steps` SGD steps of the built-in resnet on one fixed batch.
    private func resnetLosses(algorithm: ConvolutionAlgorithm, steps: Int) throws -> [Float] {
        let model = try ResNetModel(configuration: .init()).make(inputShape: [3, 16, 16], classes: 4, seed: 2)
        for conv in convolutions(model) where conv.kernelSize == 3 { conv.algorithm = algorithm }
        XCTAssertEqual(convolutions(model).filter(\.usesWinograd).count, algorithm == .winograd ? 11 : 0)
        let sgd = SGD(model: model, learningRate: 0.05, momentum: 0.9)
        let loss = CrossEntropyLoss()
        var context = ForwardContext(isTraining: true)
        let x = randomTensor([16, 3, 16, 16], seed: 5)
        let labels = Tensor(shape: [16], storage: (0..<16).map { Float($0 % 4) })
        var losses: [Float] = []
        for _ in 0..<steps {
            sgd.zeroGradients()
            losses.append(loss.forward(model.forward(x, context: &context), target: labels))
            _ = model.backward(loss.backward(), needsInputGradient: false)
            sgd.step()
        }
        return losses
    }

    func testResNetTrainsWithWinogradAsWithIm2col() throws {
        let fast = try resnetLosses(algorithm: .winograd, steps: 25)
        let exact = try resnetLosses(algorithm: .im2col, steps: 25)
        XCTAssertLessThan(fast.last!, 0.3 * fast.first!, "losses \(fast)")
        // Rounding differences grow over the steps but stay far below the loss's changes.
        for (step, (a, b)) in zip(fast, exact).enumerated().prefix(10) {
            XCTAssertEqual(a, b, accuracy: 1e-3 * max(1, abs(b)), "step \(step)")
        }
    }
}
