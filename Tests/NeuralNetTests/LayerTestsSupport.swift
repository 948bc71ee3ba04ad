import XCTest
import NeuralNet
import TensorCore

/// A tensor of `shape` with values uniform in `[-scale, scale)` from `seed`.
func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var rng = RandomGenerator(seed: seed)
    var t = Tensor(shape: shape)
    for i in 0..<t.count { t.storage[i] = rng.nextFloat(in: -scale, scale) }
    return t
}

/// Checks a layer's input and parameter gradients against central finite differences of
/// `sum(forward(x) * weights)` computed in `Double`.
///
/// Every forward starts from the same `context`, so dropout masks are fixed.
func checkGradients(of layer: any Layer, input: Tensor, context: ForwardContext = ForwardContext(isTraining: true),
                    epsilon: Float = 1e-2, tolerance: Double = 1e-2,
                    file: StaticString = #filePath, line: UInt = #line) {
    func objective(_ x: Tensor, _ weights: Tensor) -> Double {
        var c = context
        let y = layer.forward(x, context: &c)
        var total = 0.0
        for i in 0..<y.count { total += Double(y.storage[i]) * Double(weights.storage[i]) }
        return total
    }
    var c = context
    let outputShape = layer.forward(input, context: &c).shape
    let weights = randomTensor(outputShape, seed: 99)
    for p in layer.parameters { p.gradient.zero() }
    c = context
    _ = layer.forward(input, context: &c)
    let inputGradient = layer.backward(weights, needsInputGradient: true)
    XCTAssertEqual(inputGradient.shape, input.shape, "input gradient shape", file: file, line: line)

    func compare(_ analytic: Float, _ numeric: Double, _ what: String) {
        let error = abs(Double(analytic) - numeric)
        XCTAssertLessThanOrEqual(error, tolerance * max(1, abs(numeric)),
                                 "\(layer) \(what): analytic \(analytic), numeric \(numeric)", file: file, line: line)
    }
    var x = input
    for i in 0..<x.count {
        let saved = x.storage[i]
        x.storage[i] = saved + epsilon
        let plus = objective(x, weights)
        x.storage[i] = saved - epsilon
        let minus = objective(x, weights)
        x.storage[i] = saved
        compare(inputGradient.storage[i], (plus - minus) / (2 * Double(epsilon)), "d input[\(i)]")
    }
    for p in layer.parameters {
        let analytic = p.gradient
        for i in 0..<p.value.count {
            let saved = p.value.storage[i]
            p.value.storage[i] = saved + epsilon
            let plus = objective(input, weights)
            p.value.storage[i] = saved - epsilon
            let minus = objective(input, weights)
            p.value.storage[i] = saved
            compare(analytic.storage[i], (plus - minus) / (2 * Double(epsilon)), "d \(p.name)[\(i)]")
        }
    }
}

/// Asserts two float arrays agree within `accuracy`.
func assertClose(_ a: [Float], _ b: [Float], accuracy: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "lengths differ", file: file, line: line)
    for (i, (x, y)) in zip(a, b).enumerated() where abs(x - y) > accuracy {
        XCTFail("index \(i): \(x) vs \(y)", file: file, line: line)
        return
    }
}
