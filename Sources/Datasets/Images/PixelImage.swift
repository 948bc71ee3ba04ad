/// An 8-bit image in memory: `height` rows of `width` pixels of `channels` interleaved values
/// (1 for gray, 3 for red, green, blue), top row first.
public struct PixelImage: Equatable, Sendable {
    public var width: Int
    public var height: Int
    /// 1 (gray) or 3 (RGB).
    public var channels: Int
    /// `height * width * channels` values, row by row, the channels of a pixel next to each other.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(channels == 1 || channels == 3, "an image has 1 or 3 channels, not \(channels)")
        precondition(pixels.count == width * height * channels,
                     "a \(width)x\(height) image of \(channels) channels holds \(width * height * channels) values, not \(pixels.count)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// The same image with `count` channels: gray repeated into red, green and blue, or RGB reduced
    /// to gray with Pillow's `convert("L")` weights (ITU-R 601-2 luma, in 16-bit fixed point, rounded).
    public func converted(toChannels count: Int) -> PixelImage {
        precondition(count == 1 || count == 3, "an image has 1 or 3 channels, not \(count)")
        if count == channels { return self }
        let pixelCount = width * height
        let converted = [UInt8](unsafeUninitializedCapacity: pixelCount * count) { out, initialized in
            pixels.withUnsafeBufferPointer { source in
                if count == 3 {
                    for p in 0..<pixelCount {
                        let value = source[p]
                        out[3 * p] = value
                        out[3 * p + 1] = value
                        out[3 * p + 2] = value
                    }
                } else {
                    for p in 0..<pixelCount {
                        out[p] = PixelImage.luma(source[3 * p], source[3 * p + 1], source[3 * p + 2])
                    }
                }
            }
            initialized = pixelCount * count
        }
        return PixelImage(width: width, height: height, channels: count, pixels: converted)
    }

    /// The gray value of an RGB pixel: `(19595 R + 38470 G + 7471 B + 2^15) >> 16`, Pillow's rule.
    @inline(__always)
    static func luma(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: (UInt32(red) * 19595 + UInt32(green) * 38470 + UInt32(blue) * 7471 + 0x8000) >> 16)
    }
}
