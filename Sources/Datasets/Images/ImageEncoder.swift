import CPNG
import CTurboJPEG
import Foundation

/// Encodes 8-bit gray or RGB images as PNG (libpng, lossless) or JPEG (libjpeg-turbo).
public enum ImageEncoder {
    /// The PNG file of `image`: 8-bit gray or RGB, no alpha, default compression.
    public static func png(_ image: PixelImage) throws -> [UInt8] {
        var header = png_image()
        header.version = UInt32(PNG_IMAGE_VERSION)
        header.width = UInt32(image.width)
        header.height = UInt32(image.height)
        header.format = image.channels == 3 ? UInt32(PNG_FORMAT_FLAG_COLOR) : 0
        defer { png_image_free(&header) }
        let stride = Int32(image.width * image.channels)
        return try image.pixels.withUnsafeBytes { pixels in
            var size: png_alloc_size_t = 0
            // A first call without memory gives the size needed.
            guard png_image_write_to_memory(&header, nil, &size, 0, pixels.baseAddress, stride, nil) != 0 else {
                throw failure(header, "sizing")
            }
            var written = size
            var succeeded = false
            let encoded = [UInt8](unsafeUninitializedCapacity: Int(size)) { buffer, initialized in
                succeeded = png_image_write_to_memory(&header, buffer.baseAddress, &written, 0, pixels.baseAddress,
                                                      stride, nil) != 0
                initialized = succeeded ? Int(written) : 0
            }
            guard succeeded else { throw failure(header, "writing") }
            return encoded
        }
    }

    private static func failure(_ header: png_image, _ stage: String) -> Error {
        let message = withUnsafeBytes(of: header.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return ImageEncodingError(reason: "libpng could not encode a \(header.width)x\(header.height) image (\(stage)): \(message)")
    }

    /// The JPEG file of `image` at `quality` (1...100), without chroma subsampling (4:4:4) so that
    /// colors keep their full resolution; gray images stay single-channel JPEGs.
    public static func jpeg(_ image: PixelImage, quality: Int = 95) throws -> [UInt8] {
        precondition((1...100).contains(quality), "JPEG quality must be in 1...100, got \(quality)")
        guard let handle = tjInitCompress() else {
            throw ImageEncodingError(reason: "libjpeg-turbo could not start a compressor (out of memory?)")
        }
        defer { tjDestroy(handle) }
        let gray = image.channels == 1
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        let status = image.pixels.withUnsafeBufferPointer { pixels in
            tjCompress2(handle, pixels.baseAddress, Int32(image.width), 0, Int32(image.height),
                        Int32((gray ? TJPF_GRAY : TJPF_RGB).rawValue), &output, &size,
                        Int32((gray ? TJSAMP_GRAY : TJSAMP_444).rawValue), Int32(quality), 0)
        }
        defer { if let output { tjFree(output) } }
        guard status == 0, let output else {
            throw ImageEncodingError(reason: "libjpeg-turbo could not encode a \(image.width)x\(image.height) image: "
                                     + String(cString: tjGetErrorStr2(handle)))
        }
        return Array(UnsafeBufferPointer(start: output, count: Int(size)))
    }

    /// The file of `image` in `format` (JPEG at `jpegQuality`).
    public static func encode(_ image: PixelImage, as format: ImageFormat, jpegQuality: Int = 95) throws -> [UInt8] {
        switch format {
        case .png: return try png(image)
        case .jpeg: return try jpeg(image, quality: jpegQuality)
        }
    }
}

/// An image the encoder library refused to encode.
public struct ImageEncodingError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    public var reason: String
    public var description: String { reason }
    public var errorDescription: String? { reason }
}
