import XCTest
import NeuralNet
import TensorCore

/// A model built from a file, residuals included, has the gradients finite differences give.
final class ModelFileGradientTests: XCTestCase {
    func testAModelWithResidualsMatchesFiniteDifferences() throws {
        let model = try buildModelFile("""
            groups:
              - name: body
                layers:
                  - conv: {out: 2, kernel: 3, padding: 1}
                  - residual:
                      layers:
                        - conv: {out: 3, kernel: 3, stride: 2, padding: 1}
                        - batchnorm
                        - relu
                        - conv: {out: 3, kernel: 1}
                      shortcut:
                        - avgpool: {kernel: 2}
                        - conv: {out: 3, kernel: 1, bias: false}
                  - residual: [conv: {out: 3, kernel: 3, padding: 1}]
                  - basic_block: {out: 2}
                  - global_avgpool
              - name: head
                layers:
                  - linear: 4
                  - relu
                  - linear: classes
            """, shape: [2, 8, 8], classes: 3, seed: 3)
        checkGradients(of: model, input: randomTensor([3, 2, 8, 8], seed: 4), epsilon: 1e-3, tolerance: 2e-2, kinkFraction: 0.03)
    }

    func testTheGenericResidualAddsItsBranchesGradients() throws {
        var rng = RandomGenerator(seed: 8)
        let residual = Residual(body: [Conv2d(2, 2, kernelSize: 3, padding: 1, rng: &rng)],
                                shortcut: [Conv2d(2, 2, kernelSize: 1, bias: false, rng: &rng)])
        checkGradients(of: residual, input: randomTensor([2, 2, 3, 3], seed: 9))
        let identity = Residual(body: [Linear(3, 3, rng: &rng)])
        checkGradients(of: identity, input: randomTensor([4, 3], seed: 10))
    }
}
