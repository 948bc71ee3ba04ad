import XCTest
import TensorCore

final class VectorKernelsTests: XCTestCase {
    func testElementwiseKernelsIncludingTheTail() {
        let count = 19
        let a = (0..<count).map { Float($0) - 9 }, b = (0..<count).map { Float($0 % 4) - 1 }
        var out = [Float](repeating: .nan, count: count)
        VectorKernels.relu(a, &out, count: count)
        XCTAssertEqual(out, a.map { max($0, 0) })
        VectorKernels.reluBackward(output: out, outputGradient: b, inputGradient: &out, count: count)
        XCTAssertEqual(out, zip(a, b).map { $0 > 0 ? $1 : 0 })
        VectorKernels.multiply(a, b, &out, count: count)
        XCTAssertEqual(out, zip(a, b).map { $0 * $1 })
        XCTAssertEqual(VectorKernels.sum(a, count: count), a.reduce(0, +))
    }

    func testReLUWithABitMaskMatchesTheOutputTest() {
        // 8 per mask byte and a tail of 5; zeros and negative zeros must not pass the gradient.
        for count in [29, 8, 3] {
            var rng = RandomGenerator(seed: UInt64(count))
            var x = (0..<count).map { _ in rng.nextFloat(in: -1, 1) }
            x[0] = 0
            x[count - 1] = -0.0
            let g = (0..<count).map { _ in rng.nextFloat(in: -1, 1) }
            var out = [Float](repeating: .nan, count: count), mask = [UInt8](repeating: 0xff, count: (count + 7) / 8)
            VectorKernels.relu(x, &out, mask: &mask, count: count)
            XCTAssertEqual(out, x.map { max($0, 0) })
            var dx = [Float](repeating: .nan, count: count)
            VectorKernels.reluBackward(mask: mask, outputGradient: g, inputGradient: &dx, count: count)
            XCTAssertEqual(dx, zip(x, g).map { $0 > 0 ? $1 : 0 }, "count \(count)")
        }
    }
}
