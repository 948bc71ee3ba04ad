@testable import Datasets
import Foundation
import XCTest

/// Resizing against Pillow's `Image.resize(size, Image.BILINEAR)` after fastai's crop or padding box.
final class ImageResizeTests: XCTestCase {
    /// The tolerance is zero: the filter, its fixed-point weights and the 8-bit pass between the
    /// horizontal and vertical passes are Pillow's, so every value must be equal.
    func testEveryMethodMatchesPillowExactlyWhenShrinkingAndEnlarging() throws {
        let files = try TestFiles(self)
        // (source width, height, output width, height)
        let shapes = [(28, 28, 14, 14), (37, 23, 64, 48), (100, 60, 32, 32), (64, 64, 20, 28), (17, 90, 24, 32),
                      (300, 200, 7, 5), (40, 50, 40, 40), (50, 50, 50, 50), (3, 2, 64, 64), (33, 33, 32, 32),
                      // Both sides of Pillow 13's pass order: vertical first when the height loses more
                      // than twice as many pixels as the width.
                      (55, 108, 46, 56), (49, 49, 16, 8), (60, 60, 36, 11), (60, 60, 36, 12), (10, 10, 20, 5)]
        var jobs = [[String: Any]]()
        var expected = [(image: PixelImage, size: ImageSize, method: ResizeMethod, output: String)]()
        for (index, shape) in shapes.enumerated() {
            for channels in [1, 3] {
                let image = TestImages.pattern(width: shape.0, height: shape.1, channels: channels, seed: index)
                let input = try files.writeRaw("source-\(index)-\(channels).raw", image.pixels)
                for method in ResizeMethod.allCases {
                    let output = files.path("pillow-\(index)-\(channels)-\(method).raw")
                    jobs.append(["op": "resize", "input": input, "width": shape.0, "height": shape.1, "channels": channels,
                                 "out_width": shape.2, "out_height": shape.3, "method": method.rawValue, "output": output])
                    expected.append((image, ImageSize(height: shape.3, width: shape.2), method, output))
                }
            }
        }
        _ = try PillowReference.run(jobs, in: files)
        for item in expected {
            let resized = ImageResizer.resized(item.image, to: item.size, method: item.method)
            XCTAssertEqual(resized.width, item.size.width)
            XCTAssertEqual(resized.height, item.size.height)
            let difference = TestImages.difference(resized.pixels, try files.contents(item.output))
            XCTAssertEqual(difference.max, 0, "\(item.image.width)x\(item.image.height)x\(item.image.channels) to "
                           + "\(item.size.width)x\(item.size.height) by \(item.method): mean difference \(difference.mean)")
        }
    }

    func testFastaiBoxesCropTheCentreAndPadTheShortSide() {
        // A 100x60 image to a square: crop keeps the centred 60x60, pad puts it in a centred 100x100.
        XCTAssert(ImageResizer.sourceBox(width: 100, height: 60, to: ImageSize(square: 32), method: .crop) == (20, 0, 60, 60))
        XCTAssert(ImageResizer.sourceBox(width: 100, height: 60, to: ImageSize(square: 32), method: .pad) == (0, -20, 100, 100))
        XCTAssert(ImageResizer.sourceBox(width: 100, height: 60, to: ImageSize(square: 32), method: .squish) == (0, 0, 100, 60))
        // Odd differences truncate toward zero, as Python's int() does: (61 - 100) / 2 = -19.5 gives -19.
        XCTAssert(ImageResizer.sourceBox(width: 61, height: 100, to: ImageSize(square: 32), method: .pad) == (-19, 0, 100, 100))
        XCTAssert(ImageResizer.sourceBox(width: 100, height: 61, to: ImageSize(square: 32), method: .crop) == (19, 0, 61, 61))
        XCTAssert(ImageResizer.sourceBox(width: 17, height: 90, to: ImageSize(height: 32, width: 24), method: .pad) == (-25, 0, 67, 90))
    }

    func testPadLeavesZerosAroundAndSquishKeepsAFlatImageFlat() {
        let white = PixelImage(width: 40, height: 20, channels: 1, pixels: [UInt8](repeating: 255, count: 800))
        let padded = ImageResizer.resized(white, to: ImageSize(square: 20), method: .pad)
        XCTAssertEqual(padded.pixels[0], 0, "the top row is padding")
        XCTAssertEqual(padded.pixels[10 * 20 + 10], 255, "the middle is the image")
        XCTAssertEqual(padded.pixels[19 * 20 + 10], 0, "the bottom row is padding")
        let squished = ImageResizer.resized(white, to: ImageSize(height: 7, width: 13), method: .squish)
        XCTAssertEqual(Set(squished.pixels), [255], "weights sum to one")
    }

    func testSizesParseFromNOrHxW() {
        XCTAssertEqual(ImageSize(parsing: "28"), ImageSize(square: 28))
        XCTAssertEqual(ImageSize(parsing: "32x48"), ImageSize(height: 32, width: 48))
        XCTAssertEqual(ImageSize(parsing: "32X48")?.description, "32x48")
        for bad in ["", "x", "0", "-3", "3x", "1x2x3", "big", "100000"] { XCTAssertNil(ImageSize(parsing: bad), bad) }
    }
}
