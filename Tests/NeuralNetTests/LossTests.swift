import XCTest
import NeuralNet
import TensorCore

final class LossTests: XCTestCase {
    func testCrossEntropyMatchesHandComputedValue() {
        let logits = Tensor(shape: [2, 3], storage: [1, 2, 3, 0, 0, 0])
        let loss = CrossEntropyLoss().forward(logits, target: Tensor(shape: [2], storage: [2, 0]))
        let first = -log(exp(3.0) / (exp(1.0) + exp(2.0) + exp(3.0)))
        let second = log(3.0)
        XCTAssertEqual(Double(loss), (first + second) / 2, accuracy: 1e-6)
    }

    func testCrossEntropyIsStableForHugeLogits() {
        let logits = Tensor(shape: [1, 3], storage: [1000, 0, -1000])
        let loss = CrossEntropyLoss()
        XCTAssertEqual(loss.forward(logits, target: Tensor(shape: [1], storage: [0])), 0, accuracy: 1e-6)
        XCTAssertEqual(loss.forward(logits, target: Tensor(shape: [1], storage: [1])), 1000, accuracy: 1e-3)
        XCTAssertTrue(loss.backward().storage.allSatisfy(\.isFinite))
    }

    func testCrossEntropyGradientMatchesFiniteDifferences() {
        checkLossGradient(CrossEntropyLoss(), prediction: randomTensor([4, 5], seed: 1, scale: 3),
                          target: Tensor(shape: [4], storage: [0, 4, 2, 2]))
    }

    func testMeanSquaredErrorValueAndGradient() {
        let loss = MeanSquaredError()
        let value = loss.forward(Tensor(shape: [2, 2], storage: [1, 2, 3, 4]), target: Tensor(shape: [2, 2], storage: [0, 2, 5, 4]))
        XCTAssertEqual(value, (1 + 0 + 4 + 0) / 4, accuracy: 1e-7)
        assertClose(loss.backward().storage, [0.5, 0, -1, 0])
        checkLossGradient(MeanSquaredError(), prediction: randomTensor([3, 2], seed: 2), target: randomTensor([3, 2], seed: 3))
    }

    private func checkLossGradient(_ loss: any Loss, prediction: Tensor, target: Tensor,
                                   file: StaticString = #filePath, line: UInt = #line) {
        _ = loss.forward(prediction, target: target)
        let analytic = loss.backward()
        var x = prediction
        let eps: Float = 1e-2
        for i in 0..<x.count {
            let saved = x.storage[i]
            x.storage[i] = saved + eps
            let plus = Double(loss.forward(x, target: target))
            x.storage[i] = saved - eps
            let minus = Double(loss.forward(x, target: target))
            x.storage[i] = saved
            XCTAssertEqual(Double(analytic.storage[i]), (plus - minus) / (2 * Double(eps)), accuracy: 1e-3,
                           "d prediction[\(i)]", file: file, line: line)
        }
    }
}
