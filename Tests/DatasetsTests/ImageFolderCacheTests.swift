@testable import Datasets
import Foundation
import XCTest

/// The decoded-once cache: hits, invalidation by size and time, damaged files, settings.
final class ImageFolderCacheTests: XCTestCase {
    private func makeFolder(_ files: TestFiles, count: Int = 9) throws {
        for k in 0..<count { try files.writeImage("img/c\(k % 3)/\(k).png", width: 12, height: 10, channels: 3, seed: k) }
    }

    private func pixels(_ data: ImageFolderData) -> [Float] { data.train.inputs.storage }

    func testASecondLoadReusesEveryImageAndGivesTheSameData() throws {
        let files = try TestFiles(self)
        try makeFolder(files)
        let root = files.path("img")
        let options = ImageFolderOptions(size: ImageSize(square: 8))
        let cold = try ImageFolderSource.load(root: root, options: options)
        XCTAssertEqual(cold.cache.decoded, 9)
        XCTAssertEqual(cold.cache.reused, 0)
        XCTAssertNil(cold.cache.ignoredBecause)
        XCTAssertNil(cold.cache.writeError)
        let path = try XCTUnwrap(cold.cache.path)
        XCTAssertTrue(path.hasPrefix(files.path("user-cache/images/")), path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        let warm = try ImageFolderSource.load(root: root, options: options)
        XCTAssertEqual(warm.cache.decoded, 0)
        XCTAssertEqual(warm.cache.reused, 9)
        XCTAssertEqual(pixels(warm), pixels(cold))
        XCTAssertEqual(warm.contentHash, cold.contentHash)
        XCTAssertEqual(warm.classNames, ["c0", "c1", "c2"], "the cache folder is not a class")
        // No temporary files are left beside the cache.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: files.path("user-cache/images")).count, 1)
    }

    func testLoadingLeavesTheImageFolderAsTorchvisionReadsIt() throws {
        // torchvision's ImageFolder takes every subfolder for a class, hidden ones too: a cache inside
        // the folder would make it fail ("Found no valid file for the classes ...").
        let files = try TestFiles(self)
        try makeFolder(files)
        let root = files.path("img")
        func tree() throws -> [String] { try FileManager.default.subpathsOfDirectory(atPath: root).sorted() }
        let before = try tree()
        _ = try ImageFolderSource.load(root: root)
        _ = try ImageFolderSource.load(root: root, options: ImageFolderOptions(size: ImageSize(square: 4)))
        XCTAssertEqual(try tree(), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: files.path("user-cache/images")).count, 2)
    }

    func testTheUserCacheFolderFollowsTheEnvironment() {
        let folder = ImageFolderOptions.userCacheFolder
        XCTAssertEqual(folder(["LRLAB_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x", "HOME": "/h"]), "/c/images")
        XCTAssertEqual(folder(["LRLAB_CACHE_DIR": "", "XDG_CACHE_HOME": "/x", "HOME": "/h"]), "/x/lrlab/images")
        XCTAssertEqual(folder(["HOME": "/home/ana"]), "/home/ana/.cache/lrlab/images")
        XCTAssertNil(folder([:]))
    }

    func testATouchedOrAddedFileIsTheOnlyOneDecodedAgain() throws {
        let files = try TestFiles(self)
        try makeFolder(files)
        let root = files.path("img")
        _ = try ImageFolderSource.load(root: root)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: files.path("img/c1/4.png"))
        let touched = try ImageFolderSource.load(root: root)
        XCTAssertEqual(touched.cache.decoded, 1)
        XCTAssertEqual(touched.cache.reused, 8)
        // Rewritten with other pixels (and so another time): decoded again, and the data follows.
        let replacement = try files.writeImage("img/c1/4.png", width: 12, height: 10, channels: 3, seed: 400)
        let rewritten = try ImageFolderSource.load(root: root)
        XCTAssertEqual(rewritten.cache.decoded, 1)
        let position = 4  // c0: 0 3 6, c1: 1 4 7 -> "c1/4.png" is the fifth example
        let example = rewritten.train.batch(at: [position]).inputs.storage.map { UInt8(($0 * 255).rounded()) }
        XCTAssertEqual(Array(example[0..<120]), stride(from: 0, to: 360, by: 3).map { replacement.pixels[$0] })
        try files.writeImage("img/c2/new.png", width: 12, height: 10, channels: 3, seed: 50)
        let added = try ImageFolderSource.load(root: root)
        XCTAssertEqual(added.cache.decoded, 1)
        XCTAssertEqual(added.fileCount, 10)
        try FileManager.default.removeItem(atPath: files.path("img/c0/0.png"))
        let removed = try ImageFolderSource.load(root: root)
        XCTAssertEqual(removed.cache.decoded, 0)
        XCTAssertEqual(removed.fileCount, 9)
        XCTAssertEqual(try ImageFolderSource.load(root: root).cache.reused, 9)
    }

    func testADamagedCacheIsIgnoredAndRebuilt() throws {
        let files = try TestFiles(self)
        try makeFolder(files)
        let root = files.path("img")
        let cold = try ImageFolderSource.load(root: root)
        let path = try XCTUnwrap(cold.cache.path)
        var bytes = try files.contents(path)
        bytes[bytes.count / 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let flipped = try ImageFolderSource.load(root: root)
        XCTAssertEqual(flipped.cache.ignoredBecause, "the cache file is damaged (checksum)")
        XCTAssertEqual(flipped.cache.decoded, 9)
        XCTAssertEqual(pixels(flipped), pixels(cold))
        XCTAssertEqual(try ImageFolderSource.load(root: root).cache.reused, 9, "the rebuilt cache is used")

        try Data(bytes.prefix(100)).write(to: URL(fileURLWithPath: path))
        XCTAssertNotNil(try ImageFolderSource.load(root: root).cache.ignoredBecause)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertEqual(try ImageFolderSource.load(root: root).cache.ignoredBecause, "not an LRLab image cache")
        // A cache that checks out but was made under other settings (planted under this name) is not used.
        let settings = ImageFolderOptions(size: ImageSize(square: 5)).decodingSettings
        try Data(ImageCacheFile.encoded([], settings: settings)).write(to: URL(fileURLWithPath: path))
        let other = try ImageFolderSource.load(root: root)
        XCTAssertEqual(other.cache.ignoredBecause, "the cache was made with other settings")
        XCTAssertEqual(pixels(other), pixels(cold))
    }

    func testEachResizeSettingHasItsOwnCacheFile() throws {
        let files = try TestFiles(self)
        try makeFolder(files)
        let root = files.path("img")
        let small = try ImageFolderSource.load(root: root, options: ImageFolderOptions(size: ImageSize(square: 4)))
        let padded = try ImageFolderSource.load(root: root, options: ImageFolderOptions(size: ImageSize(square: 4), resizeMethod: .pad))
        XCTAssertNotEqual(small.cache.path, padded.cache.path)
        XCTAssertNotEqual(pixels(small), pixels(padded))
        XCTAssertEqual(try ImageFolderSource.load(root: root, options: ImageFolderOptions(size: ImageSize(square: 4))).cache.reused, 9)
        XCTAssertEqual(try ImageFolderSource.load(root: root, options: ImageFolderOptions(size: ImageSize(square: 4), resizeMethod: .pad)).cache.reused, 9)
    }

    func testACallersCacheFolderAndAnUnwritableOne() throws {
        let files = try TestFiles(self)
        try makeFolder(files)
        let root = files.path("img")
        let elsewhere = ImageFolderOptions(cache: .directory(files.path("caches")))
        let cold = try ImageFolderSource.load(root: root, options: elsewhere)
        XCTAssertTrue(cold.cache.path!.hasPrefix(files.path("caches") + "/"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: files.path("user-cache")))
        XCTAssertEqual(try ImageFolderSource.load(root: root, options: elsewhere).cache.reused, 9)
        // A cache folder that cannot be made: the load goes on and says why.
        try files.writeRaw("a-file", [1])
        let broken = try ImageFolderSource.load(root: root, options: ImageFolderOptions(cache: .directory(files.path("a-file/cache"))))
        XCTAssertEqual(broken.fileCount, 9)
        XCTAssertNotNil(broken.cache.writeError)
        let none = try ImageFolderSource.load(root: root, options: ImageFolderOptions(cache: .disabled))
        XCTAssertNil(none.cache.path)
        XCTAssertEqual(none.cache.decoded, 9)
    }

    func testBadFilesAreRememberedToo() throws {
        let files = try TestFiles(self)
        try makeFolder(files)
        try files.writeRaw("img/c0/broken.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])
        let options = ImageFolderOptions(skipBadFiles: true)
        let cold = try ImageFolderSource.load(root: files.path("img"), options: options)
        let warm = try ImageFolderSource.load(root: files.path("img"), options: options)
        XCTAssertEqual(warm.cache.reused, 10)
        XCTAssertEqual(warm.skippedFiles, cold.skippedFiles)
        XCTAssertEqual(warm.skippedFiles.count, 1)
        assertThrowsMessage(try ImageFolderSource.load(root: files.path("img")), contains: ["broken.png", "corrupt or unsupported PNG"])
    }
}
