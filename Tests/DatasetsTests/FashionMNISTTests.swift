import Datasets
import Foundation
import XCTest

final class FashionMNISTTests: XCTestCase {
    func testLoadsGzipAndRawFilesAsScaledImagesWithLabels() throws {
        for gzip in [true, false] {
            let files = try TestFiles(self)
            try TinyFashion.install(in: files, trainCount: 30, testCount: 10, gzip: gzip)
            let train = try FashionMNIST.load(directory: files.directory, split: .train)
            let test = try FashionMNIST.load(directory: files.directory, split: .test)
            XCTAssertEqual(train.inputs.shape, [30, 1, 28, 28])
            XCTAssertEqual(test.inputs.shape, [10, 1, 28, 28])
            XCTAssertEqual(train.targets.shape, [30])
            XCTAssertEqual(train.targets.storage, (0..<30).map { Float($0 % 10) })
            XCTAssertEqual(train.classNames[0], "T-shirt/top")
            XCTAssertEqual(train.classNames[9], "Ankle boot")
            XCTAssertEqual(train.name, "fashion-mnist")
            // Pixel p of image i is (7i + p) % 256, scaled to 0...1.
            XCTAssertEqual(train.inputs[3, 0, 1, 2], Float((3 * 7 + 28 + 2) % 256) / 255, accuracy: 1e-7)
            XCTAssertEqual(train.inputs.storage.max()!, 1, accuracy: 1e-7)
            XCTAssertEqual(train.inputs.storage.min()!, 0)
        }
    }

    func testMissingDirectoryAndFileListWhatWasTriedAndHowToInstall() throws {
        let files = try TestFiles(self)
        let nowhere = files.path("no-such-folder")
        assertThrowsMessage(try FashionMNIST.load(directory: nowhere),
                            contains: [nowhere, "does not exist", "apt-get install dataset-fashion-mnist", "`DataRequest.location`"])
        try TinyFashion.install(in: files)
        try FileManager.default.removeItem(atPath: files.path("t10k-labels-idx1-ubyte.gz"))
        assertThrowsMessage(try FashionMNIST.load(directory: files.directory, split: .test),
                            contains: ["test labels not found", files.path("t10k-labels-idx1-ubyte.gz"),
                                       files.path("t10k-labels-idx1-ubyte"), "apt-get install dataset-fashion-mnist", "`DataRequest.location`"])
        XCTAssertNoThrow(try FashionMNIST.load(directory: files.directory, split: .train))
    }

    func testWrongCountBetweenImagesAndLabelsNamesBothFiles() throws {
        let files = try TestFiles(self)
        try TinyFashion.install(in: files, trainCount: 30)
        let labels = try files.writeGzip("train-labels-idx1-ubyte.gz", TinyFashion.labels(count: 29).encoded())
        assertThrowsMessage(try FashionMNIST.load(directory: files.directory),
                            contains: ["wrong count", files.path("train-images-idx3-ubyte.gz"), "30 images",
                                       labels, "29 labels", "apt-get install dataset-fashion-mnist"])
    }

    func testLabelOutOfRangeAndWrongImageSizeAndBadFileCarryTheRepairHint() throws {
        let files = try TestFiles(self)
        try TinyFashion.install(in: files, trainCount: 12)
        let labels = try files.writeGzip("train-labels-idx1-ubyte.gz",
                                         IDXFile(dimensions: [12], values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]).encoded())
        assertThrowsMessage(try FashionMNIST.load(directory: files.directory),
                            contains: [labels, "label 10 of example 10", "0..<10", "`DataRequest.location`"])

        let images = try files.writeGzip("t10k-images-idx3-ubyte.gz", TinyFashion.images(count: 10, side: 32).encoded())
        assertThrowsMessage(try FashionMNIST.load(directory: files.directory, split: .test),
                            contains: [images, "32x32", "28x28"])

        let cut = try files.writeRaw("t10k-images-idx3-ubyte.gz",
                                     Array(try files.contents(files.writeGzip("x.gz", TinyFashion.images(count: 10).encoded())).dropLast(20)))
        assertThrowsMessage(try FashionMNIST.load(directory: files.directory, split: .test),
                            contains: [cut, "gzip", "apt-get reinstall dataset-fashion-mnist", "`DataRequest.location`"])
    }

    func testBundleFromTinyFilesSplitsNormalisesAndPreparesTheTestSplit() throws {
        let files = try TestFiles(self)
        try TinyFashion.install(in: files, trainCount: 40, testCount: 20)
        let bundle = try DataBundle.fashionMNIST(directory: files.directory, validationFraction: 0.25, seed: 3,
                                                 classes: [7, 2])
        XCTAssertEqual(bundle.train.count + bundle.valid.count, 8)
        XCTAssertEqual(bundle.valid.count, 2)
        XCTAssertEqual(bundle.classNames, ["Sneaker", "Pullover"])
        XCTAssertEqual(bundle.classes, [7, 2])
        XCTAssertEqual(bundle.path, files.directory)
        let test = try bundle.prepared(FashionMNIST.load(directory: files.directory, split: .test))
        XCTAssertEqual(test.count, 4)
        XCTAssertEqual(Set(test.targets.storage), [0, 1])
        XCTAssertEqual(test.classNames, ["Sneaker", "Pullover"])
    }
}
