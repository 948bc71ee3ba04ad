@testable import Datasets
import Foundation
import TensorCore
import XCTest

/// Exporting data sets as image folders and reading them back.
final class ImageFolderExportTests: XCTestCase {
    /// The bytes of example `index` of a byte data set.
    private func bytes(of dataset: Dataset, at index: Int) -> [UInt8] {
        guard case .bytes(let all, _) = dataset.store.values else { preconditionFailure("not a byte data set") }
        let row = dataset.selection?[index] ?? index, stride = dataset.store.stride
        return Array(all[(row * stride)..<((row + 1) * stride)])
    }

    /// A Fashion-MNIST-shaped byte data set: `count` 28x28 images, labels `i % 10`.
    private func tinyFashion(count: Int) -> Dataset {
        let images = TinyFashion.images(count: count)
        return Dataset(name: "tiny", bytes: images.values, shape: [count, 1, 28, 28],
                       targets: Tensor(shape: [count], storage: (0..<count).map { Float($0 % 10) }),
                       classNames: FashionMNIST.classNames)
    }

    /// Checks that every example of `folder` read back equals the example of `dataset` it came from.
    private func assertReadBackEquals(_ dataset: Dataset, folder: String, expectedCount: Int,
                                      file: StaticString = #filePath, line: UInt = #line) throws {
        let data = try ImageFolderSource.load(root: folder, options: ImageFolderOptions(cache: .disabled))
        XCTAssertEqual(data.fileCount, expectedCount, file: file, line: line)
        XCTAssertEqual(data.train.exampleShape, [1, 28, 28], file: file, line: line)
        let folders = ImageFolderExport.folderNames(dataset.classNames)
        // Sorted folder names: which original label each read-back class is.
        let original = data.classNames.map { folders.firstIndex(of: $0)! }
        var seen = 0
        for position in 0..<data.train.count {
            let label = original[Int(data.train.targets.storage[position])]
            let example = bytes(of: data.train, at: position)
            // Files in a class sort by index: find the example by its class and order.
            let indices = (0..<dataset.count).filter { Int(dataset.targets.storage[$0]) == label }
            let rank = (0..<position).filter { original[Int(data.train.targets.storage[$0])] == label }.count
            XCTAssertEqual(example, bytes(of: dataset, at: indices[rank]), "example \(position)", file: file, line: line)
            seen += 1
        }
        XCTAssertEqual(seen, expectedCount, file: file, line: line)
    }

    func testPNGExportReadsBackExactly() throws {
        let files = try TestFiles(self)
        let dataset = tinyFashion(count: 40)
        let summary = try ImageFolderExport().write(dataset, to: files.path("out"))
        XCTAssertEqual(summary.fileCount, 40)
        XCTAssertEqual(summary.classFolders[0], "T-shirt_top")
        XCTAssertTrue(FileManager.default.fileExists(atPath: files.path("out/T-shirt_top/00.png")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: files.path("out/Ankle boot/39.png")))
        try assertReadBackEquals(dataset, folder: files.path("out"), expectedCount: 40)
        // Pillow reads the exported files as the same pixels.
        _ = try PillowReference.run([["op": "decode", "input": files.path("out/Trouser/01.png"), "mode": "L",
                                      "output": files.path("pillow.raw")]], in: files)
        XCTAssertEqual(try files.contents(files.path("pillow.raw")), bytes(of: dataset, at: 1))
    }

    func testClassesAndLimitPerClassChooseTheFirstExamples() throws {
        let files = try TestFiles(self)
        let dataset = tinyFashion(count: 50)
        let summary = try ImageFolderExport(classes: [7, 2], limitPerClass: 3).write(dataset, to: files.path("out"))
        XCTAssertEqual(summary.countsPerClass, [0, 0, 3, 0, 0, 0, 0, 3, 0, 0])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: files.path("out")).sorted(), ["Pullover", "Sneaker"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: files.path("out/Sneaker")).sorted(), ["07.png", "17.png", "27.png"])
    }

    /// JPEG export at quality 95 (4:4:4) is lossy: every pixel within 12 levels, 2 on average.
    func testJPEGExportReadsBackWithinTheStatedTolerance() throws {
        let files = try TestFiles(self)
        let dataset = tinyFashion(count: 20)
        try ImageFolderExport(format: .jpeg).write(dataset, to: files.path("out"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: files.path("out/Bag/08.jpg")))
        let data = try ImageFolderSource.load(root: files.path("out"), options: ImageFolderOptions(cache: .disabled))
        XCTAssertEqual(data.fileCount, 20)
        let read = bytes(of: data.train, at: 0)  // "Ankle boot" sorts first: examples 9 and 19
        let difference = TestImages.difference(read, bytes(of: dataset, at: 9))
        print("JPEG export of a TinyFashion image: max difference \(difference.max), mean \(difference.mean)")
        XCTAssertLessThanOrEqual(difference.max, 12)
        XCTAssertLessThanOrEqual(difference.mean, 2)
    }

    func testExportRefusesWhatItCannotWrite() throws {
        let files = try TestFiles(self)
        let dataset = tinyFashion(count: 10)
        try files.writeImage("full/old.png")
        assertThrowsMessage(try ImageFolderExport().write(dataset, to: files.directory + "/full"), contains: ["full", "not empty"])
        assertThrowsMessage(try ImageFolderExport(classes: [10]).write(dataset, to: files.path("a")), contains: ["classes [10]", "0..<10"])
        assertThrowsMessage(try ImageFolderExport(limitPerClass: 0).write(dataset, to: files.path("b")), contains: ["limitPerClass 0"])
        let vectors = Dataset(name: "table", inputs: Tensor(shape: [2, 5], storage: [Float](repeating: 0.5, count: 10)),
                              targets: Tensor(shape: [2], storage: [0, 1]), classNames: ["a", "b"])
        assertThrowsMessage(try ImageFolderExport().write(vectors, to: files.path("c")), contains: ["[5]", "not images"])
    }

    func testTwoHundredRealFashionMNISTImagesReadBackEqualToTheIDXBytes() throws {
        let images = FashionMNIST.defaultDirectory + "/t10k-images-idx3-ubyte.gz"
        guard FileManager.default.fileExists(atPath: images) || FileManager.default.fileExists(atPath: String(images.dropLast(3))) else {
            throw XCTSkip("Fashion-MNIST is not installed in \(FashionMNIST.defaultDirectory): install dataset-fashion-mnist")
        }
        let files = try TestFiles(self)
        let test = try FashionMNIST.load(split: .test)
        let summary = try ImageFolderExport(limitPerClass: 20).write(test, to: files.path("fashion"))
        XCTAssertEqual(summary.countsPerClass, [Int](repeating: 20, count: 10))
        let firstOfEach = (0..<10).map { label in (0..<test.count).filter { Int(test.targets.storage[$0]) == label }.prefix(20) }
        let kept = test.subset(firstOfEach.flatMap { $0 }.sorted())
        try assertReadBackEquals(kept, folder: files.path("fashion"), expectedCount: 200)
    }
}
