import XCTest
import NeuralNet
import TensorCore

/// Convolutions, mostly strided (the gathering im2col and the scattering col2im), against loops
/// written from the definition, for outputs and both gradients.
final class StridedConvolutionTests: XCTestCase {
    /// `y[n, co, oy, ox] = b[co] + sum over ci, ky, kx of x[n, ci, oy s - p + ky, ox s - p + kx] w[co, ci, ky, kx]`.
    /// The flat index of `[a, b, c, d]` in a tensor of `shape` (the variadic subscript is too slow here).
    private func at(_ shape: [Int], _ a: Int, _ b: Int, _ c: Int, _ d: Int) -> Int {
        ((a * shape[1] + b) * shape[2] + c) * shape[3] + d
    }

    private func referenceOutput(_ conv: Conv2d, _ x: Tensor) -> Tensor {
        let k = conv.kernelSize, s = conv.stride, p = conv.padding
        let oh = (x.shape[2] + 2 * p - k) / s + 1, ow = (x.shape[3] + 2 * p - k) / s + 1
        var y = Tensor(shape: [x.shape[0], conv.outChannels, oh, ow])
        let w = conv.weight.value.storage, ws = conv.weight.value.shape
        for n in 0..<x.shape[0] {
            for co in 0..<conv.outChannels {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var sum = conv.bias?.value.storage[co] ?? 0
                        for ci in 0..<conv.inChannels {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let iy = oy * s - p + ky, ix = ox * s - p + kx
                                    guard iy >= 0 && iy < x.shape[2] && ix >= 0 && ix < x.shape[3] else { continue }
                                    sum += x.storage[at(x.shape, n, ci, iy, ix)] * w[at(ws, co, ci, ky, kx)]
                                }
                            }
                        }
                        y.storage[at(y.shape, n, co, oy, ox)] = sum
                    }
                }
            }
        }
        return y
    }

    /// The input gradient scattered from the definition, and the weight gradient gathered from it.
    private func referenceGradients(_ conv: Conv2d, _ x: Tensor, _ dy: Tensor) -> (input: Tensor, weight: Tensor) {
        let k = conv.kernelSize, s = conv.stride, p = conv.padding
        var dx = Tensor(shape: x.shape), dw = Tensor(shape: conv.weight.value.shape)
        let w = conv.weight.value.storage, ws = conv.weight.value.shape
        for n in 0..<x.shape[0] {
            for co in 0..<conv.outChannels {
                for oy in 0..<dy.shape[2] {
                    for ox in 0..<dy.shape[3] {
                        for ci in 0..<conv.inChannels {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let iy = oy * s - p + ky, ix = ox * s - p + kx
                                    guard iy >= 0 && iy < x.shape[2] && ix >= 0 && ix < x.shape[3] else { continue }
                                    let g = dy.storage[at(dy.shape, n, co, oy, ox)]
                                    dx.storage[at(x.shape, n, ci, iy, ix)] += g * w[at(ws, co, ci, ky, kx)]
                                    dw.storage[at(ws, co, ci, ky, kx)] += g * x.storage[at(x.shape, n, ci, iy, ix)]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw)
    }

    func testStridedConvolutionsMatchTheDefinition() {
        let cases: [(inC: Int, outC: Int, k: Int, stride: Int, pad: Int, h: Int, w: Int)] = [
            (3, 4, 3, 2, 1, 9, 20), (2, 3, 3, 2, 1, 8, 37), (3, 2, 1, 2, 0, 7, 33), (2, 2, 3, 3, 1, 10, 29),
            (1, 2, 5, 2, 2, 9, 18), (2, 2, 3, 2, 0, 7, 19),
            // Stride 1, and 64 channels, where the weight-gradient product is not transposed.
            (3, 4, 3, 1, 1, 6, 7), (64, 64, 3, 1, 1, 3, 4), (64, 64, 3, 2, 1, 4, 5),
        ]
        for (index, c) in cases.enumerated() {
            var rng = RandomGenerator(seed: UInt64(60 + index))
            let conv = Conv2d(c.inC, c.outC, kernelSize: c.k, stride: c.stride, padding: c.pad, bias: index % 2 == 0, rng: &rng)
            let x = randomTensor([2, c.inC, c.h, c.w], seed: UInt64(70 + index))
            var context = ForwardContext(isTraining: true)
            let y = conv.forward(x, context: &context)
            let expected = referenceOutput(conv, x)
            XCTAssertEqual(y.shape, expected.shape, "case \(index)")
            assertClose(y.storage, expected.storage, accuracy: 1e-4)
            let dy = randomTensor(y.shape, seed: UInt64(80 + index))
            conv.weight.gradient.zero()
            let dx = conv.backward(dy, needsInputGradient: true)
            let reference = referenceGradients(conv, x, dy)
            assertClose(dx.storage, reference.input.storage, accuracy: 1e-4)
            assertClose(conv.weight.gradient.storage, reference.weight.storage, accuracy: 1e-3)
        }
    }
}
