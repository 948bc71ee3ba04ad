@testable import Datasets
import Foundation
import XCTest

/// Decoding and encoding PNG and JPEG, checked against Pillow's own reading and writing.
final class ImageCodecTests: XCTestCase {
    func testPNGRoundTripIsExactAndPillowReadsTheSamePixels() throws {
        let files = try TestFiles(self)
        var jobs = [[String: Any]]()
        var images = [PixelImage]()
        for (index, channels) in [1, 3].enumerated() {
            let image = TestImages.pattern(width: 37, height: 23, channels: channels, seed: index)
            let encoded = try ImageEncoder.png(image)
            XCTAssertEqual(ImageFormat.sniff(encoded.withUnsafeBytes { $0 }), .png)
            let path = try files.writeRaw("round-\(channels).png", encoded)
            XCTAssertEqual(try ImageDecoder().decode(fileAt: path), image, "our PNG reads back exactly")
            jobs.append(["op": "decode", "input": path, "mode": channels == 1 ? "L" : "RGB", "output": files.path("pillow-\(channels).raw")])
            images.append(image)
        }
        let sizes = try PillowReference.run(jobs, in: files)
        for (k, image) in images.enumerated() {
            XCTAssertEqual(sizes[k].width, 37)
            XCTAssertEqual(sizes[k].height, 23)
            XCTAssertEqual(try files.contents(jobs[k]["output"] as! String), image.pixels, "Pillow reads our PNG's pixels")
        }
    }

    func testPNGsOfEveryModePillowWritesDecodeAsPillowDecodesThem() throws {
        let files = try TestFiles(self)
        let kinds = ["L", "RGB", "RGBA", "LA", "P", "PA", "1"]
        let jobs: [[String: Any]] = kinds.enumerated().map { index, kind in
            ["op": "make", "kind": kind, "width": 19, "height": 13, "seed": index,
             "output": files.path("made-\(index).png"), "reference": files.path("made-\(index).raw")]
        }
        _ = try PillowReference.run(jobs, in: files)
        for (index, kind) in kinds.enumerated() {
            let image = try ImageDecoder().decode(fileAt: files.path("made-\(index).png"))
            let gray = ["L", "LA", "1"].contains(kind)
            XCTAssertEqual(image.channels, gray ? 1 : 3, "mode \(kind)")
            XCTAssertEqual(image.width, 19)
            XCTAssertEqual(image.height, 13)
            XCTAssertEqual(image.pixels, try files.contents(files.path("made-\(index).raw")),
                           "mode \(kind): the pixels of Pillow's convert(\"\(gray ? "L" : "RGB")\"), alpha dropped")
        }
    }

    /// JPEG decoding uses libjpeg-turbo's accurate integer IDCT and smooth upsampling, Pillow's defaults:
    /// the tolerance stated here is at most 1 level per value (versions of libjpeg-turbo may round
    /// differently), and the measured difference is in the message.
    func testJPEGsPillowWritesDecodeWithinOneLevelOfPillow() throws {
        let files = try TestFiles(self)
        let kinds = ["JPEG-L", "JPEG-RGB"]
        let jobs: [[String: Any]] = kinds.enumerated().map { index, kind in
            ["op": "make", "kind": kind, "width": 45, "height": 31, "seed": index, "quality": 85,
             "output": files.path("made-\(index).jpg"), "reference": files.path("made-\(index).raw")]
        }
        _ = try PillowReference.run(jobs, in: files)
        for (index, kind) in kinds.enumerated() {
            let image = try ImageDecoder().decode(fileAt: files.path("made-\(index).jpg"))
            XCTAssertEqual(image.channels, kind == "JPEG-L" ? 1 : 3)
            let difference = TestImages.difference(image.pixels, try files.contents(files.path("made-\(index).raw")))
            print("JPEG decoding against Pillow, \(kind): max difference \(difference.max), mean \(difference.mean)")
            XCTAssertLessThanOrEqual(difference.max, 1, "\(kind): max difference \(difference.max), mean \(difference.mean)")
        }
    }

    /// Our JPEG export at quality 95 without chroma subsampling is lossy: for gradients with pixel noise
    /// of ±4 levels (as in photos) it stays within 12 levels at worst and 2.5 on average of the original
    /// (measured: gray 6 and 1.4, RGB 10 and 2.1).
    func testJPEGRoundTripStaysWithinTheStatedTolerance() throws {
        for channels in [1, 3] {
            let image = TestImages.pattern(width: 64, height: 48, channels: channels, seed: channels, noise: 4)
            let decoded = try ImageDecoder().decode(try ImageEncoder.jpeg(image, quality: 95), path: "memory.jpg")
            XCTAssertEqual(decoded.channels, channels)
            let difference = TestImages.difference(decoded.pixels, image.pixels)
            print("JPEG round trip, \(channels) channels: max difference \(difference.max), mean \(difference.mean)")
            XCTAssertLessThanOrEqual(difference.max, 12, "channels \(channels)")
            XCTAssertLessThanOrEqual(difference.mean, 2.5, "channels \(channels)")
        }
    }

    func testRGBToGrayMatchesPillowsConvertL() throws {
        let files = try TestFiles(self)
        let image = TestImages.pattern(width: 30, height: 20, channels: 3, seed: 9)
        let path = try files.writeRaw("color.png", try ImageEncoder.png(image))
        _ = try PillowReference.run([["op": "decode", "input": path, "mode": "L", "output": files.path("gray.raw")]], in: files)
        XCTAssertEqual(image.converted(toChannels: 1).pixels, try files.contents(files.path("gray.raw")))
        let gray = TestImages.pattern(width: 5, height: 4, channels: 1)
        XCTAssertEqual(gray.converted(toChannels: 3).converted(toChannels: 1), gray, "gray to RGB and back is exact")
    }

    func testCMYKJPEGIsRefusedWithAHint() throws {
        let files = try TestFiles(self)
        _ = try PillowReference.run([["op": "make", "kind": "JPEG-CMYK", "width": 8, "height": 8, "seed": 1,
                                      "output": files.path("cmyk.jpg"), "reference": files.path("cmyk.raw")]], in: files)
        assertThrowsMessage(try ImageDecoder().decode(fileAt: files.path("cmyk.jpg")),
                            contains: [files.path("cmyk.jpg"), "CMYK", "convert it to RGB"])
    }

    func testHostileAndBrokenFilesGetErrorsNamingThePathAndReason() throws {
        let files = try TestFiles(self)
        let png = try ImageEncoder.png(TestImages.pattern(width: 16, height: 16, channels: 3))
        let jpeg = try ImageEncoder.jpeg(TestImages.pattern(width: 64, height: 64, channels: 3))
        var generator = SystemRandomNumberGenerator()
        let cases: [(name: String, bytes: [UInt8], fragments: [String])] = [
            ("truncated.png", Array(png.prefix(png.count / 2)), ["corrupt or unsupported PNG"]),
            ("random.png", (0..<500).map { _ in UInt8.random(in: 0...255, using: &generator) } + [], ["not a PNG or JPEG"]),
            ("empty.png", [], ["empty"]),
            ("huge.png", TestImages.pngClaiming(width: 100_000, height: 100_000, from: png),
             ["100000x100000", "limit of 67108864 pixels", "maxPixels"]),
            ("truncated.jpg", Array(jpeg.prefix(jpeg.count * 4 / 5)), ["truncated JPEG", "Premature end"]),
            ("huge.jpg", TestImages.jpegClaiming(width: 60_000, height: 60_000, from: jpeg), ["60000x60000", "limit of"]),
            ("garbage.jpg", [0xFF, 0xD8, 0xFF] + (0..<64).map { UInt8($0) }, ["corrupt or unsupported JPEG"]),
        ]
        for item in cases {
            // The random bytes must not start with a signature by chance.
            var bytes = item.bytes
            if item.name == "random.png" { bytes[0] = 0 }
            let path = try files.writeRaw(item.name, bytes)
            assertThrowsMessage(try ImageDecoder().decode(fileAt: path), contains: [path] + item.fragments)
        }
        assertThrowsMessage(try ImageDecoder().decode(fileAt: files.path("absent.png")), contains: ["absent.png", "cannot open"])
        // A smaller cap refuses what the default accepts, before decoding.
        let path = try files.writeRaw("ok.png", png)
        XCTAssertNoThrow(try ImageDecoder().decode(fileAt: path))
        assertThrowsMessage(try ImageDecoder(maxPixels: 255).decode(fileAt: path), contains: ["16x16", "limit of 255 pixels"])
    }
}
