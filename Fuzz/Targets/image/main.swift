// PNG and JPEG files through LRLab's wrappers of libpng and libjpeg-turbo, then the resize every
// image folder applies.
import Datasets
import FuzzSupport

/// One decoder for the process (it keeps a libjpeg-turbo handle); 4 megapixels keeps every input
/// fast while the size check before allocating is still exercised.
nonisolated(unsafe) let decoder = ImageDecoder(maxPixels: 4 * 1024 * 1024)

FuzzTarget.run(seeds: {
    let gray = PixelImage(width: 3, height: 2, channels: 1, pixels: [0, 50, 100, 150, 200, 250])
    let color = PixelImage(width: 2, height: 2, channels: 3, pixels: (0..<12).map { UInt8($0 * 20) })
    return [("gray.png", try ImageEncoder.png(gray)), ("color.png", try ImageEncoder.png(color)),
            ("gray.jpg", try ImageEncoder.jpeg(gray)), ("color.jpg", try ImageEncoder.jpeg(color, quality: 50))]
}) { bytes in
    guard let image = try? decoder.decode(bytes, path: "fuzz-image") else { return }
    _ = ImageResizer.resized(image, to: ImageSize(square: 5), method: ResizeMethod.allCases[bytes.count % ResizeMethod.allCases.count])
    _ = image.converted(toChannels: image.channels == 1 ? 3 : 1)
}
