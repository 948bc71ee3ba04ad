import CPNG
import CTurboJPEG
import Foundation

/// Decodes PNG (libpng) and JPEG (libjpeg-turbo) files into 8-bit gray or RGB pixels.
///
/// Images keep the channels they have: gray (also gray with alpha) gives 1 channel, color
/// (RGB, RGBA, palette, YCbCr JPEG) gives 3. An alpha channel is dropped, not composited, which is
/// what Pillow's `convert("RGB")` (and so torchvision's `ImageFolder` loader) does. 16-bit PNGs are
/// reduced to 8 bits by libpng; a PNG whose gAMA chunk is not sRGB's is converted to sRGB by libpng
/// (Pillow ignores gAMA). CMYK JPEGs are refused.
///
/// The header is read first and an image of more than `maxPixels` pixels is refused before its
/// pixels are allocated, so a 100000x100000 header in a 100-byte file costs nothing.
/// An instance keeps a libjpeg-turbo handle between images: use one per thread.
public final class ImageDecoder {
    /// 64 megapixels (67,108,864 pixels, for example 8192x8192): larger images are refused.
    public static let defaultMaxPixels = 64 * 1024 * 1024

    /// The most pixels (width times height) an image may have.
    public let maxPixels: Int
    private var jpegHandle: tjhandle?

    public init(maxPixels: Int = ImageDecoder.defaultMaxPixels) {
        precondition(maxPixels > 0, "maxPixels must be positive")
        self.maxPixels = maxPixels
    }

    deinit {
        if let jpegHandle { tjDestroy(jpegHandle) }
    }

    /// The image in the file at `path`.
    /// - Throws: `ImageFileError` naming the path: unreadable, not PNG or JPEG, too large, corrupt
    ///   or truncated.
    public func decode(fileAt path: String) throws -> PixelImage {
        try decode(ImageFileReader.contents(of: path), path: path)
    }

    /// The image encoded in `bytes`, which were read from `path` (named in errors).
    public func decode(_ bytes: [UInt8], path: String) throws -> PixelImage {
        try bytes.withUnsafeBytes { raw in
            switch ImageFormat.sniff(raw) {
            case .png: return try decodePNG(raw, path: path)
            case .jpeg: return try decodeJPEG(raw, path: path)
            case nil:
                let reason = raw.isEmpty ? "the file is empty" : "not a PNG or JPEG file (its first bytes are neither signature)"
                throw ImageFileError(path: path, reason: reason + "; LRLab reads PNG and JPEG images")
            }
        }
    }

    /// Refuses a header's dimensions when they are empty or exceed `maxPixels`.
    private func checkDimensions(width: Int, height: Int, path: String, format: String) throws {
        guard width > 0, height > 0 else {
            throw ImageFileError(path: path, reason: "corrupt or unsupported \(format): its header gives an empty size \(width)x\(height)")
        }
        guard width.multipliedReportingOverflow(by: height).partialValue <= maxPixels, width <= maxPixels, height <= maxPixels else {
            throw ImageFileError(path: path, reason: "the \(format) header claims \(width)x\(height) pixels, more than the "
                                 + "limit of \(maxPixels) pixels (maxPixels); the file is damaged or hostile, or the image "
                                 + "must be scaled down before use")
        }
    }

    private func decodePNG(_ raw: UnsafeRawBufferPointer, path: String) throws -> PixelImage {
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        defer { png_image_free(&image) }
        func failure(_ stage: String) -> ImageFileError {
            let message = withUnsafeBytes(of: image.message) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            return ImageFileError(path: path, reason: "corrupt or unsupported PNG (\(stage)): libpng says \"\(message)\"")
        }
        guard png_image_begin_read_from_memory(&image, raw.baseAddress, raw.count) != 0 else {
            throw failure("header")
        }
        let width = Int(image.width), height = Int(image.height)
        try checkDimensions(width: width, height: height, path: path, format: "PNG")
        let color = image.format & UInt32(PNG_FORMAT_FLAG_COLOR) != 0
        let alpha = image.format & UInt32(PNG_FORMAT_FLAG_ALPHA) != 0
        let channels = color ? 3 : 1
        let decodedChannels = channels + (alpha ? 1 : 0)
        // 8-bit sRGB output, alpha (when present) not premultiplied, so that dropping it leaves the colors.
        image.format = (color ? UInt32(PNG_FORMAT_FLAG_COLOR) : 0) | (alpha ? UInt32(PNG_FORMAT_FLAG_ALPHA) : 0)
        var succeeded = true
        var pixels = [UInt8](unsafeUninitializedCapacity: width * height * decodedChannels) { buffer, initialized in
            succeeded = png_image_finish_read(&image, nil, buffer.baseAddress, Int32(width * decodedChannels), nil) != 0
            initialized = buffer.count
        }
        guard succeeded else { throw failure("pixel data") }
        if alpha { pixels = Self.droppingLastChannel(pixels, pixelCount: width * height, channels: channels) }
        return PixelImage(width: width, height: height, channels: channels, pixels: pixels)
    }

    /// Interleaved pixels of `channels + 1` values without their last (alpha) value.
    private static func droppingLastChannel(_ pixels: [UInt8], pixelCount: Int, channels: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: pixelCount * channels) { out, initialized in
            pixels.withUnsafeBufferPointer { source in
                let stride = channels + 1
                for p in 0..<pixelCount {
                    for c in 0..<channels { out[p * channels + c] = source[p * stride + c] }
                }
            }
            initialized = pixelCount * channels
        }
    }

    private func decodeJPEG(_ raw: UnsafeRawBufferPointer, path: String) throws -> PixelImage {
        if jpegHandle == nil { jpegHandle = tjInitDecompress() }
        guard let handle = jpegHandle else {
            throw ImageFileError(path: path, reason: "libjpeg-turbo could not start a decompressor (out of memory?)")
        }
        let input = raw.bindMemory(to: UInt8.self)
        func message() -> String { String(cString: tjGetErrorStr2(handle)) }
        var width: Int32 = 0, height: Int32 = 0, subsampling: Int32 = 0, colorspace: Int32 = 0
        guard tjDecompressHeader3(handle, input.baseAddress, UInt(input.count), &width, &height, &subsampling, &colorspace) == 0 else {
            throw ImageFileError(path: path, reason: "corrupt or unsupported JPEG (header): libjpeg-turbo says \"\(message())\"")
        }
        try checkDimensions(width: Int(width), height: Int(height), path: path, format: "JPEG")
        if colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue) {
            throw ImageFileError(path: path, reason: "a CMYK JPEG, which LRLab does not read; convert it to RGB "
                                 + "(for example `convert in.jpg -colorspace sRGB out.jpg`)")
        }
        let channels = colorspace == Int32(TJCS_GRAY.rawValue) ? 1 : 3
        let pixelFormat = channels == 1 ? TJPF_GRAY : TJPF_RGB
        var status: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: Int(width) * Int(height) * channels) { buffer, initialized in
            // Default flags: accurate integer IDCT and smooth chroma upsampling, as Pillow decodes.
            status = tjDecompress2(handle, input.baseAddress, UInt(input.count), buffer.baseAddress, width, 0, height,
                                   Int32(pixelFormat.rawValue), 0)
            initialized = buffer.count
        }
        if status != 0 {
            let text = message()
            // libjpeg-turbo reports recoverable oddities (extra bytes before a marker) as warnings and
            // still decodes the whole image, as Pillow does; a file cut short is an error, as in Pillow.
            let truncated = text.contains("Premature end")
            if tjGetErrorCode(handle) != Int32(TJERR_WARNING.rawValue) || truncated {
                let what = truncated ? "truncated JPEG" : "corrupt JPEG"
                throw ImageFileError(path: path, reason: "\(what): libjpeg-turbo says \"\(text)\"")
            }
        }
        return PixelImage(width: Int(width), height: Int(height), channels: channels, pixels: pixels)
    }
}
