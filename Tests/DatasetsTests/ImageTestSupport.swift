import CZlib
@testable import Datasets
import Foundation

/// Images and files made for the image tests.
enum TestImages {
    /// A deterministic image whose values mix position and `seed`.
    static func pattern(width: Int, height: Int, channels: Int, seed: Int = 0, noise amplitude: Int = 16) -> PixelImage {
        var state = UInt64(seed &+ 0x1234_5678)
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    state = state &* 6364136223846793005 &+ 1442695040888963407
                    let smooth = x * 150 / max(width - 1, 1) + y * 80 / max(height - 1, 1) + c * 12
                    let noise = Int(state >> 33) % (2 * amplitude + 1) - amplitude
                    pixels[(y * width + x) * channels + c] = UInt8(max(0, min(255, smooth + noise)))
                }
            }
        }
        return PixelImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// The largest absolute difference and the mean absolute difference of two byte arrays.
    static func difference(_ a: [UInt8], _ b: [UInt8]) -> (max: Int, mean: Double) {
        precondition(a.count == b.count, "\(a.count) values against \(b.count)")
        var largest = 0, total = 0
        for (x, y) in zip(a, b) {
            let d = abs(Int(x) - Int(y))
            largest = max(largest, d)
            total += d
        }
        return (largest, Double(total) / Double(max(a.count, 1)))
    }

    /// `png` with the IHDR chunk's width and height replaced and its CRC recomputed.
    static func pngClaiming(width: UInt32, height: UInt32, from png: [UInt8]) -> [UInt8] {
        var bytes = png
        // Signature (8), length (4), "IHDR" (4), then width and height, big-endian.
        func put(_ value: UInt32, at offset: Int) {
            for k in 0..<4 { bytes[offset + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(k))) }
        }
        put(width, at: 16)
        put(height, at: 20)
        let crc = bytes[12..<29].withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, 17)) }
        put(crc, at: 29)
        return bytes
    }

    /// `jpeg` with its start-of-frame's height and width replaced.
    static func jpegClaiming(width: UInt16, height: UInt16, from jpeg: [UInt8]) -> [UInt8] {
        var bytes = jpeg
        var i = 2
        while i + 9 < bytes.count {
            precondition(bytes[i] == 0xFF, "not at a JPEG marker")
            let marker = bytes[i + 1]
            let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
            if (0xC0...0xC2).contains(marker) {
                bytes[i + 5] = UInt8(height >> 8); bytes[i + 6] = UInt8(height & 0xFF)
                bytes[i + 7] = UInt8(width >> 8); bytes[i + 8] = UInt8(width & 0xFF)
                return bytes
            }
            i += 2 + length
        }
        preconditionFailure("no start-of-frame marker")
    }
}
