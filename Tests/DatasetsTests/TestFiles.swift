import CZlib
import Datasets
import Foundation
import XCTest

/// A temporary folder for one test's files, removed when the test ends.
final class TestFiles {
    let directory: String

    init(_ test: XCTestCase) throws {
        directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("lrlab-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory
        // Image folders loaded with the default options cache into this test's folder, not the user's.
        setenv("LRLAB_CACHE_DIR", (directory as NSString).appendingPathComponent("user-cache"), 1)
        test.addTeardownBlock {
            unsetenv("LRLAB_CACHE_DIR")
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// Writes `bytes` uncompressed and returns the path.
    @discardableResult
    func writeRaw(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `bytes` gzip'd with zlib's `gzopen`/`gzwrite` and returns the path.
    @discardableResult
    func writeGzip(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = path(name)
        guard let file = gzopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        guard gzclose(file) == Z_OK, written == Int32(bytes.count) else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    /// The bytes of the file at `path` as stored.
    func contents(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
}

/// Small Fashion-MNIST-shaped IDX contents: `count` 28x28 images whose pixels encode their index,
/// and labels `i % 10`.
enum TinyFashion {
    static func images(count: Int, side: Int = 28) -> IDXFile {
        var values = [UInt8](repeating: 0, count: count * side * side)
        for i in 0..<count {
            for p in 0..<(side * side) { values[i * side * side + p] = UInt8((i * 7 + p) % 256) }
        }
        return IDXFile(dimensions: [count, side, side], values: values)
    }

    static func labels(count: Int, classes: Int = 10) -> IDXFile {
        IDXFile(dimensions: [count], values: (0..<count).map { UInt8($0 % classes) })
    }

    /// Writes the four files of a tiny Fashion-MNIST into `files`, gzip'd or not.
    static func install(in files: TestFiles, trainCount: Int = 30, testCount: Int = 10, gzip: Bool = true) throws {
        for (prefix, count) in [("train", trainCount), ("t10k", testCount)] {
            let write = gzip ? files.writeGzip : files.writeRaw
            let suffix = gzip ? ".gz" : ""
            _ = try write("\(prefix)-images-idx3-ubyte\(suffix)", images(count: count).encoded())
            _ = try write("\(prefix)-labels-idx1-ubyte\(suffix)", labels(count: count).encoded())
        }
    }
}

/// Asserts that `body` throws an error whose description contains every one of `fragments`.
func assertThrowsMessage<T>(_ body: @autoclosure () throws -> T, contains fragments: [String],
                            file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try body()
        XCTFail("expected an error mentioning \(fragments)", file: file, line: line)
    } catch {
        let message = "\(error)"
        XCTAssertEqual(message, error.localizedDescription, "localizedDescription should match", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(message.contains(fragment), "\"\(message)\" should mention \"\(fragment)\"", file: file, line: line)
        }
    }
}
