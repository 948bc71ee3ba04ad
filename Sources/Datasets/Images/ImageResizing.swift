import Foundation

/// The size images are brought to: `height` rows of `width` pixels.
public struct ImageSize: Hashable, Sendable, CustomStringConvertible {
    public var height: Int
    public var width: Int

    public init(height: Int, width: Int) {
        precondition(height > 0 && width > 0, "an image size must be positive, got \(height)x\(width)")
        self.height = height
        self.width = width
    }

    /// A square size of `side` pixels.
    public init(square side: Int) { self.init(height: side, width: side) }

    /// `N` (square) or `HxW` (rows x columns, such as `32x48`); nil when `text` is neither or not positive.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count, numbers.allSatisfy({ $0 > 0 && $0 <= 1 << 15 }) else { return nil }
        self.init(height: numbers[0], width: numbers.last!)
    }

    /// `N` for a square size, `HxW` otherwise.
    public var description: String { height == width ? "\(height)" : "\(height)x\(width)" }
}

/// How an image of another shape is brought to the size asked for, with fastai's names and
/// geometry (`Resize(size, method)` at validation time, where crops are centred).
public enum ResizeMethod: String, CaseIterable, Sendable {
    /// Scales each side on its own to the size; the aspect ratio may change.
    case squish
    /// Cuts the centred box of the size's aspect ratio (as tall or as wide as the image) and scales
    /// it to the size: the short side fills, the long side loses its ends.
    case crop
    /// Surrounds the image with zeros (black) to the size's aspect ratio, centred, and scales that
    /// to the size: the long side fills, letterboxed. (fastai's default padding is reflection; its
    /// `PadMode.Zeros` is this.)
    case pad
}

/// Resizing of 8-bit images with Pillow's antialiased bilinear filter, to the last bit.
///
/// The filter is Pillow's `Image.resize(size, Image.BILINEAR)`: a triangle whose support widens by
/// the scale factor when shrinking, so that every source pixel contributes (an area-like average,
/// not a sampling of four pixels). Weights are computed once per output row and column in
/// `Double`, normalised, then held in 22-bit fixed point; the image is resampled along one axis into
/// an 8-bit image, then along the other, in the order and with the rounding of Pillow 13, which
/// makes the result identical to Pillow's (the tests compare with Pillow).
public enum ImageResizer {
    /// `image` brought to `size` by `method`; the image itself when nothing is to be done.
    public static func resized(_ image: PixelImage, to size: ImageSize, method: ResizeMethod) -> PixelImage {
        let box = sourceBox(width: image.width, height: image.height, to: size, method: method)
        if box.left == 0, box.top == 0, box.width == image.width, box.height == image.height,
           size.width == image.width, size.height == image.height {
            return image
        }
        let columns = AxisWeights(box: box.width, offset: box.left, source: image.width, output: size.width)
        let rows = AxisWeights(box: box.height, offset: box.top, source: image.height, output: size.height)
        return resample(image, columns: columns, rows: rows,
                        verticalFirst: verticalFirst(box: (box.width, box.height), output: size))
    }

    /// The box of the (conceptually zero-padded) source image that is scaled to `size`, as fastai's
    /// `Resize` computes it: its top-left corner may be negative (padding) and it may reach past
    /// the image (padding) or lie within it (cropping).
    public static func sourceBox(width: Int, height: Int, to size: ImageSize,
                                 method: ResizeMethod) -> (left: Int, top: Int, width: Int, height: Int) {
        let widthRatio = Double(width) / Double(size.width), heightRatio = Double(height) / Double(size.height)
        let ratio: Double
        switch method {
        case .squish: return (0, 0, width, height)
        case .crop: ratio = widthRatio < heightRatio ? widthRatio : heightRatio
        case .pad: ratio = widthRatio > heightRatio ? widthRatio : heightRatio
        }
        // Python's int() truncates toward zero, as Swift's conversion does.
        let boxWidth = max(1, Int(ratio * Double(size.width))), boxHeight = max(1, Int(ratio * Double(size.height)))
        return (Int(0.5 * Double(width - boxWidth)), Int(0.5 * Double(height - boxHeight)), boxWidth, boxHeight)
    }

    /// Fixed-point precision of the weights: 32 bits less 8 for the pixel and 2 for headroom, as in Pillow.
    static let precisionBits = 22

    /// The taps of one axis: for each output position, the first source index and fixed-point weights.
    struct AxisWeights {
        /// For output `i`: the source index of its first tap.
        var first: [Int]
        /// For output `i`: how many taps it has (at most `stride`).
        var count: [Int]
        /// `stride` weights per output position, the first `count[i]` used.
        var weights: [Int32]
        var stride: Int
        /// The source indices any output reads: `sourceRange.lowerBound..<upperBound`.
        var sourceRange: Range<Int>

        /// Weights scaling the box `offset ..< offset + box` of a source axis of `source` pixels
        /// (outside it: zeros) to `output` pixels.
        init(box: Int, offset: Int, source: Int, output: Int) {
            let scale = Double(box) / Double(output)
            let filterScale = max(scale, 1)
            let support = filterScale  // the triangle's support is 1, widened when shrinking
            stride = Int(support.rounded(.up)) * 2 + 1
            first = [Int](repeating: 0, count: output)
            count = [Int](repeating: 0, count: output)
            weights = [Int32](repeating: 0, count: output * stride)
            var lowest = source, highest = 0
            var taps = [Double](repeating: 0, count: stride)
            for position in 0..<output {
                let center = (Double(position) + 0.5) * scale
                let low = max(0, Int(center - support + 0.5))
                let high = min(box, Int(center + support + 0.5))
                var total = 0.0
                for k in 0..<(high - low) {
                    let distance = abs((Double(k + low) - center + 0.5) / filterScale)
                    taps[k] = distance < 1 ? 1 - distance : 0
                    total += taps[k]
                }
                // Taps on padding read zeros: they take part in the normalisation, then drop out.
                var kept = 0
                for k in 0..<(high - low) {
                    let sourceIndex = k + low + offset
                    guard sourceIndex >= 0, sourceIndex < source else { continue }
                    if kept == 0 { first[position] = sourceIndex }
                    let weight = total != 0 ? taps[k] / total : taps[k]
                    weights[position * stride + kept] = Int32(weight * Double(1 << ImageResizer.precisionBits) + 0.5)
                    kept += 1
                }
                count[position] = kept
                if kept > 0 {
                    lowest = min(lowest, first[position])
                    highest = max(highest, first[position] + kept)
                }
            }
            sourceRange = lowest < highest ? lowest..<highest : 0..<0
        }
    }

    /// Whether the vertical pass runs first: when the height shrinks by more than twice as many
    /// pixels as the width does, the order Pillow 13 picks (earlier Pillows always went horizontal
    /// first; the two orders differ by at most one level, through the 8-bit image between the passes).
    static func verticalFirst(box: (width: Int, height: Int), output: ImageSize) -> Bool {
        max(box.height - output.height, 0) > 2 * max(box.width - output.width, 0)
    }

    /// The image resampled in two passes through an 8-bit image of the rows or columns used.
    static func resample(_ image: PixelImage, columns: AxisWeights, rows: AxisWeights, verticalFirst: Bool) -> PixelImage {
        let channels = image.channels
        let outWidth = columns.first.count, outHeight = rows.first.count
        let pixels = image.pixels.withUnsafeBufferPointer { source -> [UInt8] in
            if verticalFirst {
                let used = columns.sourceRange
                let middle = vertical(source, rowLength: image.width * channels, firstRow: 0, rows: rows,
                                      values: (used.lowerBound * channels)..<(used.upperBound * channels))
                return middle.withUnsafeBufferPointer { middle in
                    horizontal(middle, width: used.count, firstColumn: used.lowerBound, rowCount: outHeight,
                               channels: channels, columns: columns)
                }
            }
            let used = rows.sourceRange
            let start = UnsafeBufferPointer(rebasing: source[(used.lowerBound * image.width * channels)...])
            let middle = horizontal(start, width: image.width, firstColumn: 0, rowCount: used.count, channels: channels,
                                    columns: columns)
            return middle.withUnsafeBufferPointer { middle in
                vertical(middle, rowLength: outWidth * channels, firstRow: used.lowerBound, rows: rows,
                         values: 0..<(outWidth * channels))
            }
        }
        return PixelImage(width: outWidth, height: outHeight, channels: channels, pixels: pixels)
    }

    /// `rowCount` rows of `width` pixels (the first standing for source column `firstColumn`)
    /// resampled along each row with `columns`.
    private static func horizontal(_ input: UnsafeBufferPointer<UInt8>, width: Int, firstColumn: Int, rowCount: Int,
                                   channels: Int, columns: AxisWeights) -> [UInt8] {
        let outWidth = columns.first.count, rowLength = outWidth * channels
        let half = Int32(1 << (precisionBits - 1))
        return [UInt8](unsafeUninitializedCapacity: rowCount * rowLength) { out, initialized in
            columns.weights.withUnsafeBufferPointer { weights in
                columns.first.withUnsafeBufferPointer { firsts in
                    columns.count.withUnsafeBufferPointer { counts in
                        for row in 0..<rowCount {
                            let source = input.baseAddress! + row * width * channels
                            let output = out.baseAddress! + row * rowLength
                            for x in 0..<outWidth {
                                let taps = counts[x], start = source + (firsts[x] - firstColumn) * channels
                                let w = weights.baseAddress! + x * columns.stride
                                // One and three channels get their own loops, which the compiler keeps in registers.
                                if channels == 1 {
                                    var sum = half
                                    for k in 0..<taps { sum &+= Int32(start[k]) &* w[k] }
                                    output[x] = clamped(sum)
                                } else if channels == 3 {
                                    var (r, g, b) = (half, half, half)
                                    for k in 0..<taps {
                                        let weight = w[k], pixel = start + 3 * k
                                        r &+= Int32(pixel[0]) &* weight
                                        g &+= Int32(pixel[1]) &* weight
                                        b &+= Int32(pixel[2]) &* weight
                                    }
                                    output[3 * x] = clamped(r)
                                    output[3 * x + 1] = clamped(g)
                                    output[3 * x + 2] = clamped(b)
                                } else {
                                    for c in 0..<channels {
                                        var sum = half
                                        for k in 0..<taps { sum &+= Int32(start[k * channels + c]) &* w[k] }
                                        output[x * channels + c] = clamped(sum)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            initialized = rowCount * rowLength
        }
    }

    /// The `values` of each row (rows of `rowLength` values, the first standing for source row
    /// `firstRow`) resampled down the columns with `rows`.
    private static func vertical(_ input: UnsafeBufferPointer<UInt8>, rowLength: Int, firstRow: Int, rows: AxisWeights,
                                 values: Range<Int>) -> [UInt8] {
        let outHeight = rows.first.count, length = values.count
        let half = Int32(1 << (precisionBits - 1))
        var accumulator = [Int32](repeating: 0, count: length)
        return [UInt8](unsafeUninitializedCapacity: outHeight * length) { out, initialized in
            rows.weights.withUnsafeBufferPointer { weights in
                accumulator.withUnsafeMutableBufferPointer { sums in
                    for y in 0..<outHeight {
                        for i in 0..<length { sums[i] = half }
                        for k in 0..<rows.count[y] {
                            let weight = weights[y * rows.stride + k]
                            let source = input.baseAddress! + (rows.first[y] + k - firstRow) * rowLength + values.lowerBound
                            for i in 0..<length { sums[i] &+= Int32(source[i]) &* weight }
                        }
                        let output = out.baseAddress! + y * length
                        for i in 0..<length { output[i] = clamped(sums[i]) }
                    }
                }
            }
            initialized = outHeight * length
        }
    }

    /// A fixed-point sum brought back to a byte, clamped to 0...255.
    @inline(__always)
    private static func clamped(_ sum: Int32) -> UInt8 {
        let value = sum >> Int32(precisionBits)
        return value < 0 ? 0 : value > 255 ? 255 : UInt8(truncatingIfNeeded: value)
    }
}
