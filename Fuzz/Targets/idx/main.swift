// IDX files (MNIST, Fashion-MNIST and users' own), raw or gzip'd, as `IDXFile.read` takes them.
@testable import Datasets
import FuzzSupport

FuzzTarget.run(seeds: {
    [("labels.idx", IDXFile(dimensions: [4], values: [0, 1, 2, 9]).encoded()),
     ("images.idx", IDXFile(dimensions: [2, 3, 2], values: Array(0..<12)).encoded())]
}) { input in
    var bytes = input
    if bytes.count >= 2, bytes[0] == 0x1F, bytes[1] == 0x8B {
        guard let inflated = try? FileBytes.gunzip(bytes, path: "fuzz.idx.gz", hint: "") else { return }
        bytes = inflated
    }
    _ = try? IDXFile.parse(bytes, path: "fuzz.idx")
    _ = try? IDXFile.parse(bytes, path: "fuzz.idx", expectedMagic: IDXFile.imagesMagic)
}
