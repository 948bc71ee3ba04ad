// The decoded-image cache an image folder keeps on disk (ImageCacheFile): a damaged or foreign
// file must be ignored, never trusted. Inputs whose first byte is odd get their CRC-32 trailer
// recomputed so that the fuzzer reaches the entries behind the checksum.
import CDeflate
@testable import Datasets
import FuzzSupport

let settings = "fuzz settings"

FuzzTarget.run(seeds: {
    let file = ScannedFile(relativePath: "cat/1.png", size: 100, modifiedSeconds: 1, modifiedNanoseconds: 2)
    let image = PixelImage(width: 2, height: 1, channels: 1, pixels: [7, 9])
    let entries = [ImageCacheFile.Entry(file: file, outcome: .image(image)),
                   ImageCacheFile.Entry(file: file, outcome: .failed(reason: "not a PNG"))]
    // The leading byte marks "recompute the checksum" for the target; the file follows it.
    return [("cache.bin", [1] + ImageCacheFile.encoded(entries, settings: settings))]
}) { input in
    guard let mode = input.first else { return }
    var bytes = Array(input.dropFirst())
    if mode & 1 == 1, bytes.count >= 4 {
        let crc = bytes.withUnsafeBytes { UInt32(libdeflate_crc32(0, $0.baseAddress, $0.count - 4)) }
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((bytes.count - 4)..., with: $0) }
    }
    _ = ImageCacheFile.parse(bytes, settings: settings)
}
