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
///
/// For networks with rectifiers inside, where inputs cannot be kept away from every kink, set
/// `kinkFraction`: a value whose differences with `epsilon` and `epsilon / 2` disagree has a kink
/// within `epsilon` and is skipped, and at most that fraction of values (at least one) may be.
func checkGradients(of layer: any Layer, input: Tensor, context: ForwardContext = ForwardContext(isTraining: true),
                    epsilon: Float = 1e-2, tolerance: Double = 1e-2, kinkFraction: Double? = nil,
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

    var checked = 0, skipped = 0
    /// Compares one value's gradient with central differences of `evaluate(value +- step)`.
    func compare(_ analytic: Float, _ what: String, _ evaluate: (Float) -> Double) {
        func difference(_ step: Float) -> Double { (evaluate(step) - evaluate(-step)) / (2 * Double(step)) }
        let numeric = difference(epsilon)
        if kinkFraction != nil {
            let half = difference(epsilon / 2)
            if abs(half - numeric) > tolerance * max(1, abs(numeric)) {
                skipped += 1
                return
            }
        }
        checked += 1
        let error = abs(Double(analytic) - numeric)
        XCTAssertLessThanOrEqual(error, tolerance * max(1, abs(numeric)),
                                 "\(layer) \(what): analytic \(analytic), numeric \(numeric)", file: file, line: line)
    }
    var x = input
    for i in 0..<x.count {
        let saved = x.storage[i]
        compare(inputGradient.storage[i], "d input[\(i)]") { step in
            x.storage[i] = saved + step
            defer { x.storage[i] = saved }
            return objective(x, weights)
        }
    }
    for (name, p) in layer.namedTensors where layer.parameters.contains(where: { $0 === p }) {
        let analytic = p.gradient
        for i in 0..<p.value.count {
            let saved = p.value.storage[i]
            compare(analytic.storage[i], "d \(name)[\(i)]") { step in
                p.value.storage[i] = saved + step
                defer { p.value.storage[i] = saved }
                return objective(input, weights)
            }
        }
    }
    if let kinkFraction {
        XCTAssertLessThanOrEqual(skipped, max(1, Int(kinkFraction * Double(checked + skipped))),
                                 "\(layer): \(skipped) of \(checked + skipped) values have a kink within epsilon",
                                 file: file, line: line)
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
