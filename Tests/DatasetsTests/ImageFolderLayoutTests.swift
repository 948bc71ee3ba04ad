@testable import Datasets
import Foundation
import XCTest

/// Extends the test folder with image files.
extension TestFiles {
    /// Writes a PNG (or a JPEG for a `.jpg`/`.jpeg` name) of a pattern image at `name`, making folders.
    @discardableResult
    func writeImage(_ name: String, width: Int = 8, height: Int = 6, channels: Int = 1, seed: Int = 0) throws -> PixelImage {
        let image = TestImages.pattern(width: width, height: height, channels: channels, seed: seed)
        let path = self.path(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let lower = name.lowercased()
        let bytes = lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg") ? try ImageEncoder.jpeg(image) : try ImageEncoder.png(image)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return image
    }
}

/// The layouts and label rules of image folders, and their errors.
final class ImageFolderLayoutTests: XCTestCase {
    private let noCache = ImageFolderOptions(cache: .disabled)

    func testClassFoldersAreSortedRecursiveAndMatchExtensionsWithoutCase() throws {
        let files = try TestFiles(self)
        let dog = try files.writeImage("dog/b.PNG", seed: 1)
        let dogNested = try files.writeImage("dog/deeper/a.png", seed: 2)
        let cat = try files.writeImage("cat/x.Png", seed: 3)
        try files.writeImage("cat/.hidden.png", seed: 4)
        try files.writeRaw("cat/notes.txt", Array("not an image".utf8))
        try files.writeImage("loose.png", seed: 5)  // files directly in the root are not examples (as in torchvision)
        let data = try ImageFolderSource.load(root: files.directory, options: noCache)
        XCTAssertEqual(data.classNames, ["cat", "dog"])
        XCTAssertEqual(data.layout, .classFolders)
        XCTAssertNil(data.valid)
        XCTAssertEqual(data.fileCount, 3)
        XCTAssertEqual(data.train.targets.storage, [0, 1, 1])
        XCTAssertEqual(data.train.exampleShape, [1, 6, 8])
        XCTAssertTrue(data.train.storesBytes)
        // Order: by class, then relative path ("dog/b.PNG" < "dog/deeper/a.png").
        let pixels = data.train.inputs.storage.map { UInt8(($0 * 255).rounded()) }
        XCTAssertEqual(Array(pixels[0..<48]), cat.pixels)
        XCTAssertEqual(Array(pixels[48..<96]), dog.pixels)
        XCTAssertEqual(Array(pixels[96..<144]), dogNested.pixels)
        XCTAssertTrue(ImageFolderSource.recognizes(path: files.directory))
    }

    func testChannelsFollowTheImagesUnlessSet() throws {
        let files = try TestFiles(self)
        try files.writeImage("a/gray.png", channels: 1)
        let color = try files.writeImage("b/color.png", channels: 3, seed: 7)
        let automatic = try ImageFolderSource.load(root: files.directory, options: noCache)
        XCTAssertEqual(automatic.channels, 3, "one color image makes the data RGB")
        XCTAssertEqual(automatic.train.exampleShape, [3, 6, 8])
        // Planar layout: the red plane of the color image first.
        let second = automatic.train.batch(at: [1]).inputs.storage.map { UInt8(($0 * 255).rounded()) }
        XCTAssertEqual(Array(second[0..<48]), stride(from: 0, to: 144, by: 3).map { color.pixels[$0] })
        var gray = noCache
        gray.channels = 1
        let forced = try ImageFolderSource.load(root: files.directory, options: gray)
        XCTAssertEqual(forced.train.exampleShape, [1, 6, 8])
        let luma = forced.train.batch(at: [1]).inputs.storage.map { UInt8(($0 * 255).rounded()) }
        XCTAssertEqual(luma, color.converted(toChannels: 1).pixels)
        var bad = noCache
        bad.channels = 2
        assertThrowsMessage(try ImageFolderSource.load(root: files.directory, options: bad), contains: ["channels", "1 (gray) or 3 (RGB)"])
    }

    func testTrainAndValidFoldersGiveTheSplit() throws {
        let files = try TestFiles(self)
        for (k, name) in ["train/cat/1.png", "train/cat/2.png", "train/dog/1.png", "valid/dog/9.jpg", "valid/cat/3.png"].enumerated() {
            try files.writeImage(name, seed: k)
        }
        let data = try ImageFolderSource.load(root: files.directory, options: noCache)
        XCTAssertEqual(data.layout, .fastaiFolders)
        XCTAssertEqual(data.classNames, ["cat", "dog"])
        XCTAssertEqual(data.train.targets.storage, [0, 0, 1])
        XCTAssertEqual(data.valid?.targets.storage, [0, 1])
        XCTAssertEqual(data.fileCount, 5)
        try files.writeImage("valid/bird/1.png")
        assertThrowsMessage(try ImageFolderSource.load(root: files.directory, options: noCache),
                            contains: ["class \"bird\"", files.path("valid/bird"), "no training folder"])
    }

    func testFileNamePatternLabelsLikeOxfordPets() throws {
        let files = try TestFiles(self)
        for (k, name) in ["great_pyrenees_12.jpg", "Abyssinian_3.png", "great_pyrenees_2.png", "sub/Abyssinian_10.png"].enumerated() {
            try files.writeImage("images/" + name, seed: k)
        }
        var options = noCache
        options.layout = .fileNamePattern(#"^([A-Za-z_]+)_\d+"#)
        let data = try ImageFolderSource.load(root: files.path("images"), options: options)
        XCTAssertEqual(data.classNames, ["Abyssinian", "great_pyrenees"])
        XCTAssertEqual(data.train.targets.storage, [0, 0, 1, 1])
        try files.writeImage("images/12345.png")
        assertThrowsMessage(try ImageFolderSource.load(root: files.path("images"), options: options),
                            contains: ["does not match", files.path("images/12345.png")])
        options.layout = .fileNamePattern("^[a-z]+")
        assertThrowsMessage(try ImageFolderSource.load(root: files.path("images"), options: options),
                            contains: ["0 capture groups", "exactly one"])
        options.layout = .fileNamePattern("([a-z")
        assertThrowsMessage(try ImageFolderSource.load(root: files.path("images"), options: options),
                            contains: ["not a valid regular expression"])
    }

    func testLabelsCSVWithQuotesAndAnIsValidColumn() throws {
        let files = try TestFiles(self)
        for (k, name) in ["img/a.png", "img/b, c.png", "img/d.png", "img/e.png"].enumerated() { try files.writeImage(name, seed: k) }
        try files.writeRaw("labels.csv", Array("fname,label,is_valid\r\nimg/d.png,7,False\n\"img/b, c.png\",3,True\nimg/a.png,7,false\nimg/e.png,3,false\n".utf8))
        var options = noCache
        options.layout = .labelsCSV("labels.csv")
        let data = try ImageFolderSource.load(root: files.directory, options: options)
        XCTAssertEqual(data.classNames, ["3", "7"])
        XCTAssertEqual(data.train.targets.storage, [0, 1, 1], "img/e.png, then img/a.png and img/d.png")
        XCTAssertEqual(data.valid?.targets.storage, [0])
        XCTAssertEqual(data.layout.kind, "labels-csv")

        let cases: [(String, [String])] = [
            ("fname,label\nimg/a.png,x\nimg/missing.png,y\n", ["line 3", "img/missing.png", "does not exist"]),
            ("fname,label\nimg/a.png\n", ["line 2", "1 fields"]),
            ("fname,label\nimg/a.png,x\nimg/a.png,y\n", ["line 3", "listed again", "line 2"]),
            ("fname,label\nimg/a.png,\n", ["line 2", "label", "empty"]),
            ("fname\n", ["line 1", "header"]),
            ("", ["empty"]),
            ("fname,label\n\"img/a.png,x\n", ["never closed"]),
            ("fname,label,is_valid\nimg/a.png,x,maybe\n", ["line 2", "is_valid", "maybe"]),
            ("fname,label,is_valid\nimg/a.png,x,0\nimg/d.png,y,1\n", ["class \"y\"", "only validation images"]),
        ]
        for (k, (text, fragments)) in cases.enumerated() {
            let name = "bad-\(k).csv"
            try files.writeRaw(name, Array(text.utf8))
            options.layout = .labelsCSV(name)
            assertThrowsMessage(try ImageFolderSource.load(root: files.directory, options: options), contains: [name] + fragments)
        }
    }

    func testLayoutErrorsNameThePaths() throws {
        let files = try TestFiles(self)
        assertThrowsMessage(try ImageFolderSource.load(root: files.path("absent"), options: noCache), contains: ["absent", "does not exist"])
        try FileManager.default.createDirectory(atPath: files.path("root/empty-class"), withIntermediateDirectories: true)
        try files.writeImage("root/full/1.png")
        assertThrowsMessage(try ImageFolderSource.load(root: files.path("root"), options: noCache),
                            contains: [files.path("root/empty-class"), "holds no image file"])
        try files.writeImage("flat/1.png")
        assertThrowsMessage(try ImageFolderSource.load(root: files.path("flat"), options: noCache), contains: ["no class folders", "file-name pattern"])
        try files.writeImage("mixed/a/1.png", width: 8, height: 6)
        try files.writeImage("mixed/b/2.png", width: 9, height: 6)
        assertThrowsMessage(try ImageFolderSource.load(root: files.path("mixed"), options: noCache),
                            contains: ["different sizes", "mixed/a/1.png", "8x6", "mixed/b/2.png", "9x6", "set size"])
        var sized = noCache
        sized.size = ImageSize(square: 4)
        XCTAssertEqual(try ImageFolderSource.load(root: files.path("mixed"), options: sized).train.exampleShape, [1, 4, 4])
        XCTAssertFalse(ImageFolderSource.recognizes(path: files.path("absent")))
        try FileManager.default.createDirectory(atPath: files.path("idx"), withIntermediateDirectories: true)
        try files.writeRaw("idx/train-images-idx3-ubyte", [0, 0, 8, 3])
        XCTAssertFalse(ImageFolderSource.recognizes(path: files.path("idx")), "a Fashion-MNIST folder is not an image folder")
    }

    func testBadFilesStopTheLoadOrAreSkippedAndListed() throws {
        let files = try TestFiles(self)
        try files.writeImage("a/good.png", seed: 1)
        try files.writeImage("b/good.png", seed: 2)
        let png = try ImageEncoder.png(TestImages.pattern(width: 8, height: 6, channels: 1))
        try files.writeRaw("a/truncated.png", Array(png.prefix(40)))
        try files.writeRaw("b/noise.png", (0..<300).map { UInt8(($0 * 37 + 11) % 256) })
        try files.writeRaw("b/huge.png", TestImages.pngClaiming(width: 100_000, height: 100_000, from: png))
        assertThrowsMessage(try ImageFolderSource.load(root: files.directory, options: noCache),
                            contains: ["3 image files could not be read", files.path("a/truncated.png"), files.path("b/noise.png"),
                                       "100000x100000", "skipBadFiles"])
        var skipping = noCache
        skipping.skipBadFiles = true
        let data = try ImageFolderSource.load(root: files.directory, options: skipping)
        XCTAssertEqual(data.fileCount, 2)
        XCTAssertEqual(data.train.targets.storage, [0, 1])
        XCTAssertEqual(data.skippedFiles.map(\.path), [files.path("a/truncated.png"), files.path("b/huge.png"), files.path("b/noise.png")])
        try FileManager.default.removeItem(atPath: files.path("b/good.png"))
        assertThrowsMessage(try ImageFolderSource.load(root: files.directory, options: skipping),
                            contains: ["class \"b\"", "no training image left"])
    }

    func testLoadsAreBitIdenticalAndTheHashFollowsTheContent() throws {
        let files = try TestFiles(self)
        for k in 0..<12 { try files.writeImage("c\(k % 3)/\(k).png", width: 10, height: 10, channels: 3, seed: k) }
        var options = noCache
        options.size = ImageSize(square: 7)
        let first = try ImageFolderSource.load(root: files.directory, options: options)
        let second = try ImageFolderSource.load(root: files.directory, options: options)
        XCTAssertEqual(first.train.inputs.storage, second.train.inputs.storage)
        XCTAssertEqual(first.contentHash, second.contentHash)
        XCTAssertEqual(first.contentHash.count, 16)
        // A copy elsewhere hashes the same; one changed image changes the hash.
        let copy = files.path("../lrlab-copy-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: files.directory, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        XCTAssertEqual(try ImageFolderSource.load(root: copy, options: options).contentHash, first.contentHash)
        try files.writeImage("c0/0.png", width: 10, height: 10, channels: 3, seed: 99)
        XCTAssertNotEqual(try ImageFolderSource.load(root: files.directory, options: options).contentHash, first.contentHash)
    }
}

/// A bundle over a split the folder gives.
final class GivenSplitBundleTests: XCTestCase {
    func testTheGivenSplitIsKeptAndStandardisedWithTrainingStatistics() throws {
        let files = try TestFiles(self)
        for k in 0..<12 { try files.writeImage("train/c\(k % 3)/\(k).png", seed: k) }
        for k in 0..<4 { try files.writeImage("valid/c\(k % 2)/\(k).png", seed: 100 + k) }
        let data = try ImageFolderSource.load(root: files.directory, options: ImageFolderOptions(cache: .disabled))
        let bundle = try DataBundle(train: data.train, valid: try XCTUnwrap(data.valid), seed: 3, path: files.directory)
        XCTAssertEqual(bundle.train.count, 12)
        XCTAssertEqual(bundle.valid.count, 4)
        XCTAssertEqual(bundle.validationFraction, 0.25)
        XCTAssertEqual(bundle.normalization, Normalization.computed(from: data.train))
        XCTAssertEqual(Normalization.computed(from: bundle.train).mean, 0, accuracy: 1e-5)
        let limited = try DataBundle(train: data.train, valid: data.valid!, seed: 3, trainLimit: 5, validationLimit: 2, classes: [2, 0])
        XCTAssertEqual(limited.train.count, 5)
        XCTAssertEqual(limited.valid.count, 2)
        XCTAssertEqual(limited.classNames, ["c2", "c0"])
        let again = try DataBundle(train: data.train, valid: data.valid!, seed: 3, trainLimit: 5, validationLimit: 2, classes: [2, 0])
        XCTAssertEqual(again.train.inputs.storage, limited.train.inputs.storage, "the same seed draws the same examples")
        assertThrowsMessage(try DataBundle(train: data.train, valid: data.valid!, trainLimit: 0), contains: ["`trainLimit`"])
    }
}
