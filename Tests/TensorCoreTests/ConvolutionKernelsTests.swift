import XCTest
import TensorCore

final class ConvolutionKernelsTests: XCTestCase {
    private func values(_ count: Int, seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return (0..<count).map { _ in rng.nextFloat(in: -1, 1) }
    }

    func testIm2colMatchesTheDefinition() {
        // Output size equal to input size (2 padding == kernel - 1) takes the shifted-copy path.
        let cases = [(3, 1, 0), (3, 1, 1), (3, 2, 1), (3, 2, 0), (3, 1, 2), (5, 1, 2), (1, 1, 0), (5, 1, 1)]
        for (k, stride, padding) in cases {
            let g = ConvolutionGeometry(channels: 2, height: 5, width: 6, kernelSize: k, stride: stride, padding: padding)
            let image = values(2 * 5 * 6, seed: 1)
            let ldc = g.outputPlane + 3
            var columns = [Float](repeating: .nan, count: g.patchSize * ldc)
            image.withUnsafeBufferPointer { x in
                columns.withUnsafeMutableBufferPointer { c in
                    ConvolutionKernels.im2col(x.baseAddress!, geometry: g, columns: c.baseAddress!, ldc: ldc)
                }
            }
            for c in 0..<2 { for ky in 0..<k { for kx in 0..<k {
                for oy in 0..<g.outputHeight { for ox in 0..<g.outputWidth {
                    let iy = oy * stride - padding + ky, ix = ox * stride - padding + kx
                    let expected: Float = (0..<5).contains(iy) && (0..<6).contains(ix) ? image[(c * 5 + iy) * 6 + ix] : 0
                    let row = (c * k + ky) * k + kx
                    XCTAssertEqual(columns[row * ldc + oy * g.outputWidth + ox], expected,
                                   "kernel \(k) stride \(stride) padding \(padding) row \(row) at \(oy),\(ox)")
                }}
                let row = (c * k + ky) * k + kx
                XCTAssertTrue(columns[row * ldc + g.outputPlane].isNaN, "kernel \(k): wrote past the plane in row \(row)")
            }}}
        }
    }

    func testCol2imIsTheAdjointOfIm2col() {
        // <im2col(x), c> == <x, col2im(c)> for every x and c.
        for (stride, padding) in [(1, 1), (2, 1), (3, 0)] {
            let g = ConvolutionGeometry(channels: 3, height: 7, width: 5, kernelSize: 3, stride: stride, padding: padding)
            let x = values(3 * 7 * 5, seed: 2), c = values(g.patchSize * g.outputPlane, seed: 3)
            var columns = [Float](repeating: 0, count: c.count), image = [Float](repeating: 0, count: x.count)
            x.withUnsafeBufferPointer { xs in columns.withUnsafeMutableBufferPointer {
                ConvolutionKernels.im2col(xs.baseAddress!, geometry: g, columns: $0.baseAddress!, ldc: g.outputPlane)
            }}
            c.withUnsafeBufferPointer { cs in image.withUnsafeMutableBufferPointer {
                ConvolutionKernels.col2im(cs.baseAddress!, ldc: g.outputPlane, geometry: g, image: $0.baseAddress!)
            }}
            let left = zip(columns, c).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            let right = zip(x, image).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            XCTAssertEqual(left, right, accuracy: 1e-4)
        }
    }

    func testPointwiseGradientWritesWhatCol2imAddsIntoZeros() {
        // Odd and even sizes, rows shorter and longer than a vector, strides 2 and 3; negative
        // zeros among the values, which the addition into zeros turns positive.
        for (height, width, step) in [(32, 32, 2), (7, 5, 2), (1, 1, 2), (9, 34, 2), (3, 17, 2), (8, 10, 3)] {
            let g = ConvolutionGeometry(channels: 3, height: height, width: width, kernelSize: 1, stride: step)
            let ldc = g.outputPlane + 2
            var columns = values(3 * ldc, seed: 4)
            for i in stride(from: 0, to: columns.count, by: 5) { columns[i] = -0.0 }
            var added = [Float](repeating: 0, count: 3 * height * width)
            var written = [Float](repeating: .nan, count: added.count + 1)
            columns.withUnsafeBufferPointer { c in
                added.withUnsafeMutableBufferPointer {
                    ConvolutionKernels.col2im(c.baseAddress!, ldc: ldc, geometry: g, image: $0.baseAddress!)
                }
                written.withUnsafeMutableBufferPointer {
                    ConvolutionKernels.writePointwiseGradient(c.baseAddress!, ldc: ldc, geometry: g, image: $0.baseAddress!)
                }
            }
            XCTAssertEqual(written.dropLast().map(\.bitPattern), added.map(\.bitPattern), "\(height)x\(width), stride \(step)")
            XCTAssertTrue(written.last!.isNaN, "\(height)x\(width): wrote past the image")
        }
    }
}
